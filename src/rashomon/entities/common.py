"""Common words are not entities: a mention made only of the language's ordinary words.

The trained taggers learned their corpora's conventions: ANERcorp tags a currency («دولار»)
MISC, and uranium, and both tag now and then a run of common nouns («رادار وتشويش», radar and
jamming) as a name. A reader navigating a dossier by its entities wants none of these. A span
of Arabic-script words is *common* when every word of it (after its clitics) is a common word,
and nothing supports it as a name. A word is common when

* the gloss lexicon (`rashomon.gloss.lexicon`: the language pack's core news words and CLDR's
  names) renders it in lowercase English, a common noun, adjective or function word ("dollar",
  "radar", "world"; CLDR's "Caribbean" or "United States" are capitalised: names); or
* the lexicon does not know it, and the unlabelled news inflects it as a common noun
  (`morph_common`, counted by `scripts/build_common_wordstats.py`): in Arabic it alternates
  between the article and none, mostly with it («اليورانيوم», «الجاسوس»), or its plural in «ات»
  is frequent («ميليشيا»: «ميليشيات»); in Persian its plural (ها, های) is frequent. Loanword
  nouns the lexicon lacks are caught so.

and nothing supports it as a name:

* it is one word, or words coordinated by the conjunction (a name of several common words
  that is no coordination names something: «الحرب العالمية الثانية», «البحر الأحمر»);
* no word of it, nor the whole span, is a gazetteer entry, nor an ANETAC name unless the
  pack's hand-written core of news words has it (يورو is a "person" in ANETAC's pairs; «خاتمی»
  is in no lexicon); a word only the inflection test calls common must be no ANETAC name;
* no cue frames it: a title before it or a speech verb after it (``آقای X``, ``X گفت``);
* its type is miscellany or equipment (`JUDGED`): people, places, institutions and events are
  often named with common words (نصر الله, أم القرى, «وزارت خارجه»), the tagger's word stands.

On the training parts of the corpora (gold spans), the lexicon's test judges common 166 of
ANERcorp's 732 miscellany mentions (148 of them currencies: دولار, درهم, جنيه, يورو) and 7 of
ArmanPersoNER's 318; the inflection test adds 18 and 1 (uranium, militia, insulin, silk, "super",
"punishment", the Kurds; a hotel). Mentions of other types are not judged: the inflection test
would call some of them common (الأسد, النيل, الجزيرة), the lexicon's too (نصر الله). On the
development splits, the tagger's 46 Arabic finds it marks are 45 currencies and uranium (the
inflection test adds the uranium), none in Persian.

Such a mention stays in the article (the NER corpora score it: ANERcorp's currencies), marked
by a rule suffix; entities.link makes no entity of it, so it is kept out of the dossier's entity
list, and entities.batch does not spread it. Measured in benchmarks/README.md (0n) and README.md
("Common words make no entity").
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path

from rashomon import lang as packs
from rashomon.cleaning.normalize import matching_key
from rashomon.entities import names
from rashomon.entities.cues import is_cue
from rashomon.entities.doc import Doc
from rashomon.entities.keys import token_key

ENABLED = True  # off: to measure what the filter does
MARK = "+common"  # suffix of the rule of a mention made of common words
# The types judged. Institutions and events are named with common words (the United Nations,
# «وزارت خارجه», «الحرب العالمية الثانية»), and so are many people and places (نصر الله, عنان,
# البحر الأحمر, أم القرى: 1.3% of ANERcorp's training persons, 1.3% of its places would go):
# the filter leaves them to the tagger. What is left, miscellany and equipment, is a common
# word a reader does not navigate by (ANERcorp's currencies).
JUDGED = frozenset({"other", "equipment"})
# The conjunction of each language (packs' morphology.glue "and"), alone or as a proclitic.
_AND = frozenset(packs.table("morphology.glue", iso).get("and", "") for iso in packs.isos()) - {""}


# The inflection test (`morph_common`): a word seen MORPH_MIN times or more in the unlabelled
# news of its language (`data/common-wordstats.tsv.gz`, `scripts/build_common_wordstats.py`)
# is a common word when it alternates between the Arabic article and none, mostly with it
# (AR_DEFINITE: a common noun also stands bare, in a construct «ميليشيا حزب الله» or
# indefinite; a name takes the article never (محمد) or always (النيل, القرآن)), or when its
# plural is attested often enough (AR_PLURAL: the feminine «ات» of Arabic, against the word's
# own count; FA_PLURAL: Persian ها / های written on it or after it). Fitted on the NER corpora's
# training parts (README.md, "Common words make no entity"): against the words of their gold persons, places
# and organisations (ANETAC names set aside, as `common_word` does) and the gloss lexicon's
# common words, the grid's best with few names.
MORPH = True  # off: the lexicon's test alone (to measure what the inflection test adds)
MORPH_MIN = 20
AR_DEFINITE = (0.6, 0.98)
AR_PLURAL = 0.5
FA_PLURAL = 0.3
_STATS = Path(__file__).parent / "data" / "common-wordstats.tsv.gz"
_AR_GLUE = packs.table("morphology.glue", "ar")
_AR_PLURAL = _AR_GLUE["feminine_plural"]
_FEMININE = token_key(_AR_GLUE["feminine"])  # ة as a key spells it (ه)


@lru_cache(maxsize=1)
def _wordstats() -> dict[str, dict[str, tuple[int, int]]]:
    """{lang: {key: (bare, marked)}}: marked is definite (ar) or plural (fa)."""
    out: dict[str, dict[str, tuple[int, int]]] = {}
    if not _STATS.exists():
        return out
    with gzip.open(_STATS, "rt", encoding="utf-8") as fh:
        for line in fh:
            lang, key, bare, marked = line.rstrip("\n").split("\t")
            out.setdefault(lang, {})[key] = (int(bare), int(marked))
    return out


def _ar_plurals(key: str) -> tuple[str, ...]:
    """The Arabic sound feminine plural keys of `key`: ة (its key's fold) or ا replaced by
    «ات», else «ات» added (طايره -> طايرات; ميليشيا -> ميليشيات, ميليشياات)."""
    if key.endswith(_FEMININE):
        return (key[: -len(_FEMININE)] + _AR_PLURAL,)
    if key.endswith(_AR_GLUE["alef"]):
        return (key[:-1] + _AR_PLURAL, key + _AR_PLURAL)
    return (key + _AR_PLURAL,)


def morph_common(lang: str, key: str, stats: dict | None = None) -> bool:
    """Does the news inflect the word `key` as a common noun: mostly with the article
    (Arabic), or in the plural (Arabic «ات», Persian ها)? `stats`: {key: (bare, marked)}
    (default: the shipped table of `lang`)."""
    if stats is None:
        stats = _wordstats().get(lang, {})
    bare, marked = stats.get(key, (0, 0))
    n = bare + marked
    if n < MORPH_MIN:
        return False
    if lang == "fa":
        return marked >= FA_PLURAL * n
    if lang != "ar":
        return False
    lo, hi = AR_DEFINITE
    if lo * n <= marked < hi * n:
        return True
    plural = sum(sum(stats.get(p, (0, 0))) for p in _ar_plurals(key))
    return plural >= AR_PLURAL * n


def _lexicon(lang: str):
    from rashomon.gloss.lexicon import lexicon

    return lexicon(lang)


def glossed_common(lang: str, text: str) -> bool:
    """Does the gloss lexicon of `lang` know `text` (after its affixes) as a common word?"""
    lex = _lexicon(lang)
    entry = lex.lookup(matching_key(text)) if lex is not None else None
    return entry is not None and entry.common


def own_common(lang: str, text: str) -> bool:
    """Does the gloss lexicon of `lang` know `text` itself (or after the Arabic article only,
    `Lexicon.own`) as a common word? No other affix is stripped: that stemming reads names as
    clitics around a function word («ليون», Lyon, as "to me")."""
    lex = _lexicon(lang)
    entry = lex.own(matching_key(text)) if lex is not None else None
    return entry is not None and entry.common


def common_word(doc: Doc, k: int) -> bool:
    """Is token k an ordinary word of its language, no name: glossed in lowercase English (or
    a function word), neither a gazetteer entry nor an ANETAC name?"""
    t = doc.toks[k]
    if t.script != "arabic" or doc.gaz.best(t.base):
        return False
    if doc.is_stop(k):
        return True
    lex = _lexicon(doc.lang)
    entry = lex.lookup(matching_key(t.text)) if lex is not None else None
    if entry is None or not entry.common:
        # unknown to the lexicon (or a name there): the news's inflection of the word, unless
        # the word is a name in the lexicon or in ANETAC
        return (
            MORPH
            and entry is None
            and not names.name_class(t.key)
            and morph_common(doc.lang, t.key)
        )
    # the pack's hand-written core of news words outweighs ANETAC, whose 80,000 pairs hold
    # common words too (يورو "Euro" is a person there); a CLDR word does not
    return entry.origin == "core" or not names.name_class(t.key)


def framed_by_cue(doc: Doc, i: int, j: int) -> bool:
    """A title right before the span or a speech verb right after it."""
    before = i > 0 and is_cue(doc.toks[i - 1].key, "PERSON")
    after = j < len(doc.toks) and is_cue(doc.toks[j].key, "SPEECH")
    return before or after


def is_common(doc: Doc, i: int, j: int) -> bool:
    """Is the span of tokens i..j made of common words only, with no cue framing it?"""
    lex = _lexicon(doc.lang)
    if not ENABLED or lex is None:  # a language without a gloss lexicon: no judgement
        return False
    if all(doc.is_stop(k) for k in range(i, j)):
        return False  # function words alone: the tagger's business, not a common noun
    if j - i > 1 and not _coordinated(doc, i, j):
        return False  # «الحرب العالمية الثانية»: a name of several words is a name of words
    if j - i > 1:
        bases = " ".join(t.base for t in doc.toks[i:j])
        words = [matching_key(t.word) for t in doc.toks[i:j]]
        n, entry = lex.phrase(words)
        if doc.gaz.best(bases) or (n > 1 and entry is not None and not entry.common):
            return False  # «الولايات المتحدة»: a place of common words
    if not all(common_word(doc, k) for k in range(i, j)):
        return False
    return not framed_by_cue(doc, i, j)


def _coordinated(doc: Doc, i: int, j: int) -> bool:
    """Does a word after the first of the span start with the conjunction ("radar and
    jamming": common nouns coordinated, which a name of words never is)?"""
    return any(any(doc.toks[k].text.startswith(a) for a in _AND) for k in range(i + 1, j))


# A place or an organisation of one word is judged too, by the lexicon alone: a word the gloss
# lexicon renders as a common noun («البحر» "the sea", «جهان» "world", «البنك» "the bank",
# «الحزب» "the party") and no gazetteer entry names nothing a reader navigates by. The
# inflection test and function words stay out of it (they would take the Nile, «النيل», and
# Vienna spelt «فينا», "in us"). An organisation of one common word is most often the head of a
# longer name the tagger cut («جامعة | برنستون», «بانک | ملت»); it costs the clubs and
# movements named by one common word (النصر, فتح: measured in README.md, "Common words make no
# entity").
PLACES = True  # off: to measure it
ORGS = True  # off: to measure it


def common_noun(doc: Doc, i: int, j: int) -> bool:
    """Is tokens i..j one word the lexicon knows as a common noun, no gazetteer entry, no
    cue framing it?"""
    if not ENABLED or j - i != 1 or doc.is_stop(i):
        return False
    t = doc.toks[i]
    if t.script != "arabic" or doc.gaz.best(t.base):
        return False
    lex = _lexicon(doc.lang)
    entry = lex.own(matching_key(t.text)) if lex is not None else None
    if (
        entry is None
        or not entry.common
        or not (entry.origin == "core" or not names.name_class(t.key))
    ):
        return False
    return not framed_by_cue(doc, i, j)


def common_place(doc: Doc, i: int, j: int) -> bool:
    """Is the one-word place on tokens i..j a word the lexicon knows as a common noun?"""
    return PLACES and common_noun(doc, i, j)


def common_organisation(doc: Doc, i: int, j: int) -> bool:
    """Is the one-word organisation on tokens i..j a word the lexicon knows as a common noun?"""
    return ORGS and common_noun(doc, i, j)


_ONE_WORD = {"place": common_place, "organisation": common_organisation}


def mark(doc: Doc, cs: list) -> None:
    """Add MARK to the rule of each candidate of a judged type made of common words, and of
    each one-word place or organisation the lexicon calls a common noun (gazetteer hits
    excepted)."""
    for c in cs:
        if c.rule.startswith("gazetteer:") or c.rule.endswith(MARK):
            continue
        one_word = _ONE_WORD.get(c.type)
        if (c.type in JUDGED and is_common(doc, c.i, c.j)) or (
            one_word is not None and one_word(doc, c.i, c.j)
        ):
            c.rule += MARK


def flagged(row: dict) -> bool:
    """Is this stored mention row (entities.link) one made of common words?"""
    extras = row.get("extras") or ""
    return MARK in extras and json.loads(extras).get("rule", "").endswith(MARK)
