"""Latin-script names matched across spellings: "Maduro" finds an entity whose Latin name is
"Madoro", "Putin" one written "Botin".

A name's *skeleton* is its consonants, folded the way Arabic and Persian names come out of
transliteration: Arabic has no p or v (بوتين is read "Botin"), writes short vowels not at all
and long ones as و/ي (read o/u, i/y/w), and spells "ng" with one letter. Only skeletons of at
least `MIN_SKELETON` consonants are compared: shorter ones match too many words. The same fold
is in the report's script (`report.js`, `skeleton`) so the claims filter and `serve` agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MIN_SKELETON = 3
_STEPS = [
    (re.compile("ph"), "f"),
    (re.compile("ck"), "k"),
    (re.compile("ng"), "n"),
    (re.compile("([kgstcz])h"), r"\1"),
    (re.compile("p"), "b"),
    (re.compile("v"), "f"),
    (re.compile("[cq]"), "k"),
    (re.compile("x"), "ks"),
    (re.compile("[aeiouywh]"), ""),
    (re.compile(r"(.)\1+"), r"\1"),
]
_LATIN_WORD = re.compile(r"[A-Za-zÀ-ɏ]+")


def skeleton(word: str) -> str:
    w = "".join(
        ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch)
    ).lower()
    w = re.sub("[^a-z]", "", w)
    for pattern, repl in _STEPS:
        w = pattern.sub(repl, w)
    return w


def skeletons(texts: Iterable[str]) -> set[str]:
    """The skeletons (long enough to compare) of every Latin word in `texts`."""
    out = set()
    for text in texts:
        for word in _LATIN_WORD.findall(text or ""):
            sk = skeleton(word)
            if len(sk) >= MIN_SKELETON:
                out.add(sk)
    return out


def name_matches(query_word: str, latin: str) -> bool:
    """Does one word of a query name the entity whose Latin name is `latin`? Exactly
    (case-insensitive) or by skeleton."""
    q = query_word.casefold()
    words = [w.casefold() for w in _LATIN_WORD.findall(latin or "")]
    if q in words:
        return True
    sk = skeleton(query_word)
    return len(sk) >= MIN_SKELETON and any(skeleton(w) == sk for w in words)
