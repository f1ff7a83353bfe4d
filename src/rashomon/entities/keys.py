"""Keys for matching names: script-normalised, clitics stripped, and a cross-script skeleton.

Three levels, from strict to loose:

* `token_key(tok)`: `matching_key` of one token plus a few folds that Arabic and Persian spell
  differently for the same sound in foreign names (پ/ب, چ/ج, ژ/ز, گ/ك): "پوتین" and "بوتين"
  get one key. A leading Arabic article "ال" is dropped, so gazetteer names and text agree.
* `strip_variants(key, lang)`: the readings of an Arabic token with attached clitics
  (و ف ب ل ك + ال): "وبروسيا" -> "روسيا". Which reading is right is decided by the caller
  (a gazetteer hit, or the bare form attested elsewhere in the batch).
* `skeleton(text)`: a consonant skeleton over phonetic classes shared by Latin and Arabic
  script, for fuzzy linking across scripts (Erdogan ~ أردوغان ~ اردوغان).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rashomon import lang
from rashomon.cleaning.normalize import matching_key
from rashomon.lang.script import CONSONANT_CLASS, cross_fold

_AR_CLASS = CONSONANT_CLASS  # the name entities.translit imports

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]")
LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")


# Arabic proclitics, longest first: conjunctions (و ف), prepositions (ب ل ك), and their
# combinations; "لل" is ل + ال with the alef dropped.
_AR_PREFIXES = lang.words("morphology.name_proclitics", "ar")
_AR = lang.table("morphology.glue", "ar")


def script_of(text: str) -> str:
    if ARABIC_SCRIPT.search(text):
        return "arabic"
    if CYRILLIC.search(text):
        return "cyrillic"
    if LATIN.search(text):
        return "latin"
    return "other"


def fold(key: str) -> str:
    """The cross-script fold of `rashomon.lang.script` (Persian-only letters and ة)."""
    return cross_fold(key)


def drop_article(key: str) -> str:
    """Drop a leading Arabic article "ال" when enough of the word is left.

    Call it on `light` text, before alef folding: the article is always written with a bare
    alef, while "إل" begins transliterated names (إليوشن Ilyushin) and must stay.
    """
    if key.startswith(_AR["the"]) and len(key) >= 5:
        return key[2:]
    return key


class _Light(dict):
    """The `str.translate` table of `light`, filled one code point at a time as text shows
    them: None (drop) for tatweel, combining marks (Mn) and format characters (Cf)."""

    def __missing__(self, code: int) -> int | None:
        c = chr(code)
        out = None if c == "ـ" or unicodedata.category(c) in ("Mn", "Cf") else code
        self[code] = out
        return out


_LIGHT = _Light()


def light(text: str) -> str:
    """`text` without harakat, format characters and tatweel, letters otherwise untouched."""
    return text.translate(_LIGHT)


@lru_cache(maxsize=200_000)
def base_key(token: str) -> str:
    """Matching key of a token without its Arabic article, before the cross-script folds."""
    return matching_key(drop_article(light(token)))


def token_key(token: str) -> str:
    return fold(base_key(token))


def name_key(tokens: list[str]) -> str:
    return " ".join(token_key(t) for t in tokens)


@lru_cache(maxsize=200_000)
def strip_variants(word: str, lang: str | None) -> list[str]:
    """Readings of a `light` Arabic-script word with its proclitics removed (base keys).

    The unstripped reading is not included. Persian writes its prepositions apart, so Persian
    words get none (names rarely fuse there).
    """
    if lang == "fa" or not ARABIC_SCRIPT.match(word):
        return []
    whole = base_key(word)
    out: list[str] = []
    for p in _AR_PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 3:
            rest = word[len(p) :]
            if p.endswith(_AR["to_the"]):
                rest = _AR["the"] + rest
            cand = base_key(rest)
            if cand not in out and cand != whole:
                out.append(cand)
    return out


# -- cross-script skeleton -------------------------------------------------------------------
# Consonant classes (Arabic-script ones: `lang.script.CONSONANT_CLASS`). Vowel letters (ا و ي
# and a e i o u y) are dropped; و and v/w are
# ambiguous (vowel or consonant) so they fold into the F/V class only in the "strong" variant.
_LATIN_DIGRAPHS = (
    ("sh", "C"),
    ("ch", "C"),
    ("kh", "K"),
    ("th", "T"),
    ("ph", "F"),
    ("gh", "G"),
    ("zh", "J"),
    ("dj", "J"),
    ("ck", "K"),
    ("ts", "S"),
    ("tz", "S"),
)
_LATIN_CLASS = {
    "b": "B",
    "p": "B",
    "t": "T",
    "d": "D",
    "j": "J",
    "h": "H",
    "k": "K",
    "q": "K",
    "c": "K",
    "x": "KS",
    "r": "R",
    "z": "Z",
    "s": "S",
    "f": "F",
    "v": "F",
    "g": "G",
    "l": "L",
    "m": "M",
    "n": "N",
    "w": "",
    "a": "",
    "e": "",
    "i": "",
    "o": "",
    "u": "",
    "y": "",
}
# Sound groups a transliteration may swap (g as غ/ج/ك/گ, v as ف, ch as تش/ش, ...).
_LOOSE = str.maketrans({"G": "K", "J": "K", "C": "S", "Z": "S", "F": "B", "T": "D", "H": ""})


def _ascii_fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c)
    )


@lru_cache(maxsize=200_000)
def skeletons(text: str, loose: bool = True) -> frozenset[str]:
    """The skeleton, plus for Arabic script the reading with و as the consonant v/w; `loose`
    False: in the strict classes (f and b, t and d, g and k... apart)."""
    out = {skeleton(text, loose)}
    key = fold(matching_key(text))
    if _AR["and"] in key and ARABIC_SCRIPT.search(key):
        out.add(skeleton(re.sub(rf"{_AR['and']}(?=\w)", _AR["so"], key), loose))
    return frozenset(out)


def skeleton_similarity(a: str, b: str) -> float:
    return max(similarity(x, y) for x in skeletons(a) for y in skeletons(b))


@lru_cache(maxsize=200_000)
def skeleton(text: str, loose: bool = True) -> str:
    """Phonetic consonant skeleton of a name in Latin or Arabic script (loose classes; `loose`
    False: the strict ones, which keep f and b, t and d, g, j and k, c, s and z apart).

    Each word is read in its own script, so mixed names (إليوشين Il-76) work too.
    """
    key = fold(matching_key(" ".join(drop_article(w) for w in light(text).split())))
    words = []
    for w in key.split():
        out: list[str] = []
        prev = ""
        if ARABIC_SCRIPT.search(w):
            units = [(CONSONANT_CLASS.get(ch, ch.upper() if ch.isalnum() else None)) for ch in w]
        else:
            w = _ascii_fold(w)
            for a, b in _LATIN_DIGRAPHS:
                w = w.replace(a, "\x00" + b)
            units = []
            i = 0
            while i < len(w):
                if w[i] == "\x00":
                    units.append(w[i + 1])
                    i += 2
                else:
                    ch = w[i]
                    units.append(_LATIN_CLASS.get(ch, ch.upper() if ch.isdigit() else None))
                    i += 1
        for cls in units:
            if cls is None:
                continue
            if cls and cls != prev:
                out.append(cls)
            prev = cls or prev
        if out:
            words.append("".join(out))
    strict = " ".join(words)
    return strict.translate(_LOOSE) if loose else strict


def similarity(a: str, b: str) -> float:
    """1 - normalised Levenshtein distance of two strings."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return 1.0 - prev[-1] / max(len(a), len(b))


# A word: letters, digits, Arabic marks, ZWNJ and tatweel; hyphens, dots or apostrophes inside
# keep model codes (Il-76, Su-30MK2, F-35) and initials-free compounds whole.
_WORD = r"[\w\u064B-\u065F\u0670\u200c\u0640]+"
TOKEN = re.compile(rf"{_WORD}(?:[-‑‐−–'’]{_WORD})*")


_POSSESSIVE = re.compile(r"[’']s$")


def tokenize(text: str) -> list[tuple[int, int]]:
    """Word spans (start, end) of `text`; an English possessive 's is left out (Putin's)."""
    out = []
    for m in TOKEN.finditer(text):
        s, e = m.start(), m.end()
        # the possessive ending, checked on its last letter first (most words end otherwise)
        if e - s > 3 and text[e - 1] == "s" and _POSSESSIVE.search(m.group()):
            e -= 2
        out.append((s, e))
    return out


def text_key(text: str) -> str:
    """The name key of a phrase: its tokens' keys joined by one space."""
    return " ".join(token_key(text[s:e]) for s, e in tokenize(text))


def text_base_key(text: str) -> str:
    """Like `text_key`, before the cross-script folds: the form the gazetteer is keyed on."""
    return " ".join(base_key(text[s:e]) for s, e in tokenize(text))
