"""Cue words: the words around a name that say what kind of thing it is.

These are common nouns and verbs (president, newspaper, said; رئيس، صحيفة، قال; رئیس، روزنامه،
گفت), never names: the names themselves come from the gazetteer (library data), the name model
(learned) and the text. Lists are small and per language, in the language packs
(`rashomon/lang/<iso>/entities.toml`); everything is compared by
`token_key`, so Arabic/Persian letter variants and harakat do not matter. A cue in the list of
another language still works (Persian text quoting an Arabic title, and so on).
"""

from __future__ import annotations

from functools import cache

from rashomon import lang
from rashomon.entities.keys import token_key

# Lowercase words allowed inside a capitalised Latin name (Gerald R. Ford; Bank of England).
LATIN_CONNECTORS = frozenset(lang.words("entities.name_connectors"))


@cache
def cue_set(name: str) -> frozenset[str]:
    """Token keys of the cue list `name` ("PERSON", "OUTLET", "OUTLET_HEAD", "ORGANISATION",
    "EQUIPMENT", "MODEL", "SHIP_PREFIX", "EVENT", "SPEECH", "GOVERNMENT"): the packs' `entities.<name>`,
    merged over every language."""
    return frozenset(token_key(w) for w in lang.words(f"entities.{name.lower()}"))


def is_cue(key: str, name: str) -> bool:
    return key in cue_set(name)


_ANY_CUE = (
    ("PERSON", "person"),
    ("OUTLET", "outlet"),
    ("ORGANISATION", "organisation"),
    ("EQUIPMENT", "equipment"),
    ("EVENT", "event"),
)


@cache
def _any_cue_types() -> dict[str, str]:
    """Key -> the type of the first list of `_ANY_CUE` that holds it (one lookup per call)."""
    out: dict[str, str] = {}
    for name, typ in _ANY_CUE:
        for key in cue_set(name):
            out.setdefault(key, typ)
    return out


def any_cue(key: str) -> str | None:
    return _any_cue_types().get(key)
