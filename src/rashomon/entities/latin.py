"""The Latin-script name of an entity, where it came from and how sure it is.

In order: the gazetteer (CLDR/GeoNames/pycountry English name of a place); a Latin-script
mention of the entity in the batch (an English article, a Latin name inside Arabic text); an
exact lookup of the Arabic-script name in the ANETAC name pairs (`names`), the whole name or
every word of it; only then the learned transliteration (`translit`), which is a guess and is
marked as one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from rashomon.entities import names, translit
from rashomon.entities.gazetteer import load as load_gazetteer
from rashomon.entities.keys import ARABIC_SCRIPT, base_key, token_key

# How sure each source is: a rough prior, not a measured probability.
CONFIDENCE = {
    "gazetteer": 0.95,
    "text": 0.9,
    "lookup": 0.85,
    "lookup-words": 0.7,
    "transliteration": 0.3,
}
RANK = {s: k for k, s in enumerate(CONFIDENCE)}
# ANETAC spells names in Arabic letters; Persian writes some sounds with its own.
_PERSIAN_TO_ARABIC = str.maketrans({"گ": "غ", "چ": "تش", "پ": "ب", "ژ": "ج"})


@dataclass(frozen=True, slots=True)
class LatinName:
    text: str
    source: str  # one of CONFIDENCE's keys
    confidence: float

    @property
    def guessed(self) -> bool:
        return self.source == "transliteration"


def _made(text: str, source: str) -> LatinName:
    return LatinName(text, source, CONFIDENCE[source])


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s\u200c]+", name) if w]


def _word(word: str) -> tuple[str, bool] | None:
    """(Latin spelling, from a lookup) of one Arabic-script word."""
    for w in (word, word.translate(_PERSIAN_TO_ARABIC)):
        hit = names.lookup(token_key(w))
        if hit:
            return hit[0], True
        gaz = load_gazetteer()
        e = gaz.best(base_key(w))
        if e and gaz.entries[e].get("latin"):
            return gaz.entries[e]["latin"], True
    guess = translit.to_latin(word)
    return (guess, False) if guess else None


def lookup(name: str) -> LatinName | None:
    """The ANETAC spelling of an Arabic-script name: the whole name, else each of its words
    (from ANETAC or the gazetteer; a word found in neither is transliterated, and the whole is
    then a guess)."""
    for variant in (name, name.translate(_PERSIAN_TO_ARABIC)):
        hit = names.lookup(" ".join(token_key(w) for w in _words(variant)))
        if hit:
            return _made(hit[0], "lookup")
    words = _words(name)
    if len(words) < 2:
        return None
    parts = [_word(w) for w in words]
    if not all(parts):
        return None
    text = " ".join(p[0] for p in parts)  # type: ignore[index]
    return _made(text, "lookup-words" if all(p[1] for p in parts) else "transliteration")  # type: ignore[index]


def latin_name(name: str, gazetteer_latin: str | None, latin_mentions: Counter) -> LatinName | None:
    """The best Latin name of an entity called `name` (its display name)."""
    if gazetteer_latin:
        return _made(gazetteer_latin, "gazetteer")
    if latin_mentions:
        return _made(latin_mentions.most_common(1)[0][0], "text")
    if not ARABIC_SCRIPT.search(name):
        return None
    found = lookup(name)
    if found:
        return found
    guess = translit.to_latin(name)
    return _made(guess, "transliteration") if guess else None
