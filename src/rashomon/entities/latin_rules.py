"""Mention rules on the shape of words: capitalised runs in Latin and Cyrillic script, Latin
words inside Arabic or Persian text, model codes (Il-76) and ship prefixes (USS X). They
return candidates as `rules.py`'s do (see its docstring)."""

from __future__ import annotations

import re

from rashomon import lang
from rashomon.entities.cand import Cand, common_latin
from rashomon.entities.cues import LATIN_CONNECTORS, any_cue, is_cue
from rashomon.entities.doc import Doc, zipf

# A model code: letters, a dash, digits, optional letters/digits (Il-76, Su-30MK2, F-35, S-400,
# إيل-76) or letters glued to digits in capitals (MiG29 is rare; T90, J20).
# In a language that capitalises every noun (the pack's `nouns_capitalised`: German), a
# one-word capitalised run that is a common word there is no name (off: to measure it).
NOUN_CAPITALS = True
MODEL_CODE = re.compile(r"^(?:[^\W\d_]{1,6}[-‑‐−–]\d+[^\W_]*|[A-Z]{1,3}\d{1,4}[A-Z]{0,3})$")


def model_codes(doc: Doc) -> list[Cand]:
    """Equipment by its model code, with the maker's name before it (Ilyushin Il-76)."""
    out = []
    toks = doc.toks
    for i, t in enumerate(toks):
        if not MODEL_CODE.match(t.text) or not any(c.isdigit() for c in t.text):
            continue
        if re.match(r"^\d", t.text) or re.search(r"\d[-‑‐−–]\d", t.text):
            continue  # dates and numbers, not codes
        b = i
        while b > 0 and i - b < 2 and not toks[b].brk and doc.name_like(b - 1):
            if any_cue(toks[b - 1].key):
                break
            b -= 1
        out.append(Cand(b, i + 1, "equipment", 0.8, "model-code"))
    return out


def ships(doc: Doc) -> list[Cand]:
    out = []
    toks = doc.toks
    for i, t in enumerate(toks):
        if t.text.isupper() and is_cue(t.key, "SHIP_PREFIX") and i + 1 < len(toks):
            j = i + 1
            while j < len(toks) and j - i <= 4 and not toks[j].brk and toks[j].cap:
                j += 1
            if j > i + 1:
                out.append(Cand(i, j, "equipment", 0.85, "ship"))
    return out


def capitalised(doc: Doc, sentence_starts: set[int]) -> list[Cand]:
    """Runs of capitalised words in Latin and Cyrillic script (any language of the text)."""
    out = []
    toks = doc.toks
    cal = doc.gaz.calendar

    def stops_run(k: int) -> bool:
        # titles split a run (US State Dept Secretary | Pompeo); month/day names end it
        return is_cue(toks[k].key, "PERSON") or toks[k].base in cal

    i = 0
    while i < len(toks):
        t = toks[i]
        if t.script not in ("latin", "cyrillic") or not t.cap or stops_run(i):
            i += 1
            continue
        j = i + 1
        while j < len(toks) and toks[j].joined and toks[j].script == t.script and not stops_run(j):
            if toks[j].cap or any(c.isdigit() for c in toks[j].text):
                j += 1
            elif (
                toks[j].text in LATIN_CONNECTORS
                and j + 1 < len(toks)
                and toks[j + 1].cap
                and toks[j + 1].joined
            ):
                j += 2
            else:
                break
        # A sentence-initial capital is grammar, not a name, when the word is common
        # (Zipf 3.8: "Nonetheless" 4.0 goes, "Pompeo" 2.8 stays).
        while (
            i < j
            and (t.start in sentence_starts or t.brk and doc.lang not in ("ar", "fa"))
            and common_latin(doc, i)
        ):
            i += 1
            if i < j:
                t = toks[i]
        while j > i and (toks[j - 1].key in doc.stop or toks[j - 1].text in LATIN_CONNECTORS):
            j -= 1
        # Leading titles and demonyms are not part of the name ("German Chancellor Angela
        # Merkel"); the title still types the rest through `_latin_type`'s look-behind.
        while j - i > 1 and (is_cue(toks[i].key, "PERSON") or doc.is_demonym(i)):
            i += 1
        if j - i == 1 and doc.is_demonym(i):
            j = i  # "Iranian", "Jordanian": adjectives
        if (
            j < len(toks)
            and is_cue(toks[j].key, "PERSON")
            and all(doc.freq(k) >= 3.8 or doc.is_demonym(k) for k in range(i, j))
        ):
            j = i  # "Foreign" in "Foreign Minister": part of the title
        if j - i == 1 and NOUN_CAPITALS and lang.get(doc.lang).nouns_capitalised:
            acronym = toks[i].text.isupper()  # FPÖ, SPD: names
            if not acronym and common_latin(doc, i) and not _travels(doc, i):
                j = i  # German "Polizei", "Papst", "Quartal": nouns, capitalised as all are
        if j > i and not all(
            any_cue(toks[k].key) or toks[k].text.isupper() and doc.freq(k) >= 4.3
            for k in range(i, j)
        ):
            typ = _latin_type(doc, i, j)
            # A head word (Post, Ministry, Agreement) or a title makes the run a confident
            # name, stronger than a place inside it (Washington Post, Paris Agreement).
            out.append(Cand(i, j, typ, 0.6 if typ == "other" else 0.9, "capitalised"))
        i = max(j, i + 1)
    return out


def _travels(doc: Doc, i: int) -> bool:
    """Is the common word at token i also written in English text about as often as a name
    travels (Zipf >= 2, and within 2.5 of its own language's): "Merkel" (German 4.8, English
    3.4), "Putin", "Scholz" (4.0, 2.3) do; "Polizei" (5.4, 2.0), "Papst" (4.5, 1.3) do not."""
    english = zipf(doc.toks[i].key, "en")
    return english >= max(TRAVEL_ZIPF, doc.freq(i) - TRAVEL_GAP)


TRAVEL_ZIPF = 2.0
TRAVEL_GAP = 2.5


def _latin_type(doc: Doc, i: int, j: int) -> str:
    toks = doc.toks
    keys = [t.key for t in toks[i:j]]
    if any(is_cue(k, "SHIP_PREFIX") for k in keys[:1]):
        return "equipment"
    if j - i >= 2 and is_cue(keys[-1], "OUTLET_HEAD"):
        return "outlet"
    for typ, cue in (
        ("organisation", "ORGANISATION"),
        ("event", "EVENT"),
        ("equipment", "EQUIPMENT"),
    ):
        if j - i >= 2 and any(is_cue(k, cue) for k in keys):
            return typ
    before = [t.key for t in toks[max(0, i - 3) : i]]
    # a title right before the name (not "Secretary of State")
    if (i > 0 and is_cue(toks[i - 1].key, "PERSON")) or (
        j < len(toks) and is_cue(toks[j].key, "SPEECH")
    ):
        return "person"
    # "the newspaper X", "Reuters news agency X"; not "the daily of Berendrecht", whose "of"
    # names a place the outlet belongs to
    if any(is_cue(k, "OUTLET") for k in before[-2:]) and (i == 0 or toks[i - 1].key != "of"):
        return "outlet"
    return "other"


def foreign_script(doc: Doc) -> list[Cand]:
    """Latin words inside Arabic/Persian text are names or brands (Flightradar24, Reuters)."""
    if doc.lang not in ("ar", "fa"):
        return []
    out = []
    toks = doc.toks
    i = 0
    while i < len(toks):
        if toks[i].script != "latin":
            i += 1
            continue
        j = i + 1
        while j < len(toks) and toks[j].script == "latin" and not toks[j].brk:
            j += 1
        before = toks[i - 1].key if i > 0 else ""
        typ = any_cue(before) or "other"
        common = all(doc.latin_freq(k) >= 4.4 for k in range(i, j))
        if typ == "other" and (not toks[i].cap or (common and not toks[i].text.isupper())):
            i = j
            continue  # "date", "Update", "Comments": page furniture in English, not names
        out.append(Cand(i, j, "person" if typ == "person" else typ, 0.65, "foreign-script"))
        i = j
    return out
