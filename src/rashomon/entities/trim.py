"""Post-tagging filter: words at the edge of a mention that border names instead of naming.

The tagger (and a cue rule) sometimes takes in a word beside a name: a title's tail
(«رئیس جمهوری فرانسه»: "president of France", not an organisation «جمهوری فرانسه»), an
adjective or a common noun before a place («پیشین بریتانیا» "the former ... Britain",
«مكسبًا لباريس» "a gain for Paris", «حمل و نقل ترکیه» "transport of Turkey"),
a verb after a name («أردوغان استنجد» "Erdogan sought help"), or an adjective alone («موشکی»
"missile-", after the equipment cue سامانه). Whether a word is such a border word is learned,
not listed: how often the annotated news (ANERcorp and ArmanPersoNER, training parts only)
has it inside a mention (`scripts/build_ner_wordstats.py`, `data/ner-wordstats.json.gz`).
A word seen there at least `MIN_SEEN` times borders names when under `BORDER_RATE` of its
occurrences are inside one (a rarer word is left alone). The same numbers keep what should
stay: «دانشگاه تهران» (University of Tehran) keeps دانشگاه, inside a mention 63 times of 95.
A word also borders when it completes the word before it: the two written as one
(رئیس‌جمهوری) are a word the data never has inside a mention. And a word with tanween
(مكسبًا) is an indefinite common noun or adjective, whatever the data says.

Guards, each from what the dev split showed: a word the ANETAC name lookup knows is never
cut (علي, كوفي: first names that are words); a person loses a first word only when it is a
title (دکتر), a last word only if the word left before it can end a mention (عبد الباقي);
only persons and places lose a last word (البنك التجاري, Commercial Bank, keeps its adjective).
Before a gazetteer place the bar is looser (`PLACE_RATE`): a generic noun + a place is the
place. Edge words are cut while the mention keeps a word; a mention left as a gazetteer
entry takes the entry's type (a place, not the organisation the whole phrase looked like). A
mention of one border word alone is dropped; gazetteer spans stay as they are. Tried and not
kept: the rate of a rare word's word class (`tagger.clusters`), and a wordfreq + name-model
test for unseen words: both cut real names on the dev split (F1 0.673 -> 0.600 in Arabic).
On the dev split (`eval/ner.py`): Arabic F1 0.673 -> 0.676, Persian 0.571 -> 0.571.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path

from rashomon import lang
from rashomon.entities import names
from rashomon.entities.cues import is_cue
from rashomon.entities.doc import Doc
from rashomon.lang import script

STATS = Path(__file__).parent / "data" / "ner-wordstats.json.gz"
MIN_SEEN = 5  # a word seen this often in the annotated news is judged by its own rate
BORDER_RATE = 0.1  # inside a mention less often than this: a word that borders names
# Before a place of the gazetteer, a looser bar: the words before it are a generic noun of
# the place («حمل و نقل ترکیه», transport of Turkey: حمل inside a mention 1 time of 7).
PLACE_RATE = 0.2
SHORT_ZIPF = 6.0  # a word of one or two letters this common is a function word
_TANWEEN = set("\u064b\u064c\u064d")
# A Persian word in ی whose stem is this common a word is an adjective of the stem (موشکی
# "missile-", after the cue سامانه), not a name the cue introduces.
ADJECTIVE_STEM_ZIPF = 3.5


@lru_cache(maxsize=1)
def _all_stats() -> dict:
    if not STATS.exists():
        return {}
    with gzip.open(STATS, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def inside_rate(doc: Doc, k: int) -> float | None:
    """How often the annotated news has token k's word inside a mention (None: seen fewer
    than `MIN_SEEN` times)."""
    w = _all_stats().get(doc.lang, {}).get("words", {}).get(doc.toks[k].key)
    return w[1] / w[0] if w and w[0] >= MIN_SEEN else None


def is_border(doc: Doc, k: int, rate: float = BORDER_RATE) -> bool:
    """Does token k border names rather than belong to them (see the module's note)?"""
    t = doc.toks[k]
    if t.script != "arabic" or doc.lang not in _all_stats():
        return False
    if len(t.key) <= 2:  # و، در (Zipf 7.6, 7.4): a function word; آي بي (4.7, 5.6): letters
        return doc.freq(k) >= SHORT_ZIPF
    if any(c in _TANWEEN for c in t.text):
        return True  # مكسبًا: the indefinite ending of a common noun or adjective, never a name's
    if names.name_class(t.key):
        return False  # a word the name lookup knows: a name that is also a word (علي, كوفي)
    r = inside_rate(doc, k)
    return r is not None and r < rate


def tail_of_previous(doc: Doc, k: int) -> bool:
    """Does token k complete the word before it («رئیس جمهوری»: the data has رئیس‌جمهوری,
    never inside a mention)?"""
    if k == 0 or not doc.toks[k].joined or doc.toks[k].script != "arabic":
        return False
    stats = _all_stats().get(doc.lang, {})
    prev, key = doc.toks[k - 1].key, doc.toks[k].key
    w = stats.get("words", {}).get(prev + key)
    return bool(w and w[0] >= MIN_SEEN and w[1] < BORDER_RATE * w[0])


def _ends(doc: Doc, k: int, edge: int = 3) -> bool:
    """Can token k end a mention (start one, with `edge` 2): the data has it there at least a
    tenth of the times it has it inside one, or has not seen it enough to say («عبد الباقي»
    keeps الباقي: عبد never ends a name)."""
    w = _all_stats().get(doc.lang, {}).get("words", {}).get(doc.toks[k].key)
    return not w or w[1] < MIN_SEEN or w[edge] >= 0.1 * w[1]


def _cut_first(doc: Doc, i: int, typ: str) -> bool:
    """Is the first word of a mention of `typ` a border word, the rest able to start one? A
    person's first word only when it is also a title (the lang packs' person cues, دکتر, not
    سید, which the data has inside names): first names are often words too (علي، كوفي)."""
    if not _ends(doc, i + 1, edge=2):
        return False
    if typ == "person":
        return is_cue(doc.toks[i].key, "PERSON") and is_border(doc, i)
    return is_border(doc, i) or tail_of_previous(doc, i)


def _cut_last(doc: Doc, k: int) -> bool:
    return is_border(doc, k) and _ends(doc, k - 1)


def trim(
    doc: Doc, spans: list[tuple[int, int, str, float]], gaz: dict[tuple[int, int], str]
) -> list[tuple[int, int, str, float]]:
    """`spans` (start token, end token, type, probability) without their border words;
    `gaz` maps gazetteer spans to their rule ("gazetteer:<id>")."""
    out = []
    for i, j, typ, p in spans:
        if (i, j) in gaz:
            out.append((i, j, typ, p))
            continue
        i0, j0 = i, j
        while j - i > 1 and _cut_first(doc, i, typ):
            i += 1
        place = next((k for k in range(i + 1, j) if (k, j) in gaz), None)
        if place is not None and typ != "person":
            if all(is_border(doc, k, PLACE_RATE) for k in range(i, place)):
                i = place  # a generic noun + a place: the place
        while j - i > 1 and typ in ("person", "place") and _cut_last(doc, j - 1):
            j -= 1
        if j0 - i0 == 1 and (is_border(doc, i) or tail_of_previous(doc, i)):
            continue
        if (i, j) != (i0, j0) and (i, j) in gaz:
            typ = doc.gaz.type_of(gaz[(i, j)][10:])
        out.append((i, j, typ, p))
    return out


def is_adjective(doc: Doc, k: int) -> bool:
    """Is token k a Persian relational adjective (a common word + ی: موشکی, نفتی), or an
    adjective of a place (`Doc.is_demonym`)?"""
    from rashomon.entities.doc import zipf

    t = doc.toks[k]
    if doc.gaz.best(t.base):
        return False  # روسیه is Russia, not روس + یه
    if doc.is_demonym(k):
        return True
    word = script.to_persian(t.word)
    if doc.lang != "fa" or t.script != "arabic":
        return False
    for end in lang.words("morphology.adjective_endings", "fa"):
        stem = word[: -len(end)]
        if word.endswith(end) and len(stem) >= 3 and zipf(stem, "fa") >= ADJECTIVE_STEM_ZIPF:
            return True
    return False
