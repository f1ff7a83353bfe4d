"""Two texts, never confused: the display text (the source's characters) and the matching key.

The matching key is for search, dedup and comparison only. It folds script variants that
writers and keyboards mix freely: Arabic and Persian yeh/kaf, alef forms (the letter fold of
`rashomon.lang.script`), tatweel, diacritics, ZWNJ and other format characters, every digit
script to ASCII, NFKC compatibility forms, case.
`matching_key_map` also returns, for each key character, the index of the display character it
came from, so a match found in the key maps back to exact display offsets.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from functools import lru_cache

from rashomon.lang.script import fold_letter, to_persian

_DROP_CATEGORIES = {
    "Mn",
    "Cf",
}  # combining marks (harakat, shadda) and format chars (ZWNJ, tatweel is Lm)
_TATWEEL = "ـ"


@lru_cache(maxsize=65536)
def _char_key(ch: str) -> str:
    """The key of one display character ("" if dropped). Cached: a text has few distinct
    characters, and the per-character NFKC + category + casefold is the costly part (it made
    the store's upsert of an article ~30 ms)."""
    if ch == _TATWEEL:
        return ""
    out = []
    for part in unicodedata.normalize("NFKC", ch):
        cat = unicodedata.category(part)
        if cat in _DROP_CATEGORIES or part == _TATWEEL:  # U+FCF2 NFKC-expands to a tatweel
            continue
        if part.isspace():
            part = " "
        for low in part.casefold():
            # casefold can add a combining mark ("İ" -> "i" + U+0307): drop it here too,
            # or the key is not idempotent.
            if unicodedata.category(low) in _DROP_CATEGORIES:
                continue
            out.append(fold_letter(low))
    return "".join(out)


def matching_key_map(text: str, restore_zwnj: bool = False) -> tuple[str, list[int]]:
    """The matching key of `text` and, per key character, its index in `text`.

    `restore_zwnj=True` (for Persian text) also drops the spaces that stand where a
    zero-width non-joiner belongs ("می شود" keys like "می‌شود" and "میشود"); see
    `zwnj_joins`. Off by default: it costs about 20 ms per 3,000 characters.
    """
    out: list[str] = []
    idx: list[int] = []
    for i, ch in enumerate(text):
        key = _char_key(ch)
        if len(key) == 1:
            out.append(key)
            idx.append(i)
        elif key:
            out.extend(key)
            idx.extend([i] * len(key))
    if restore_zwnj:
        # Joins are found on the key itself and repeated to a fixed point, so the key of a
        # key is the key (one join can make the next one visible to the rules).
        for _ in range(5):
            # shekar's rules are written for Persian letters: look at the key in them.
            joins = zwnj_joins(to_persian("".join(out)))
            if not joins:
                break
            out = [c for k, c in enumerate(out) if k not in joins]
            idx = [x for k, x in enumerate(idx) if k not in joins]
    return "".join(out), idx


def matching_key(text: str, restore_zwnj: bool = False) -> str:
    """The matching key of `text` (idempotent: matching_key(matching_key(t)) == matching_key(t))."""
    if restore_zwnj:
        return matching_key_map(text, restore_zwnj)[0]
    return "".join(map(_char_key, text))


_ZWNJ = "\u200c"
_PERSIAN_HINT = re.compile(r"[\u0600-\u06ff]")


@functools.lru_cache(maxsize=1)
def _spacing():
    try:
        from shekar.preprocessing import SpacingNormalizer
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise ImportError(
            "Persian ZWNJ restoration needs shekar: pip install 'shekar==1.7.0'"
        ) from exc
    return SpacingNormalizer()


def zwnj_joins(text: str) -> frozenset[int]:
    """Indices of the spaces in `text` that Persian spelling writes as a ZWNJ.

    Scraped and typed Persian writes the non-joiner three ways: ZWNJ ("می‌شود"), nothing
    ("میشود") and a space ("می شود"). The key drops ZWNJ, which unifies the first two;
    shekar's SpacingNormalizer (rules for affixes such as می/ها/های/ام/اند and compounds)
    tells which spaces are the third. Measured on 300 Fars News articles with ZWNJ
    replaced by spaces: key-token agreement with the original 0.950 without, 0.991 with;
    with ZWNJ stripped instead, 1.000 without and 0.9999 with (it barely hurts).
    Only spaces are reported; any other change shekar makes is ignored, and if its output
    cannot be aligned with the input nothing is reported (the plain key is used).
    """
    if " " not in text or not _PERSIAN_HINT.search(text):
        return frozenset()
    out = _spacing()(text)
    joins: set[int] = set()
    i = j = 0
    while i < len(text) and j < len(out):
        a, b = text[i], out[j]
        if a == b:
            i += 1
            j += 1
        elif b == _ZWNJ and a == " ":
            joins.add(i)
            i += 1
            j += 1
        elif b == _ZWNJ:
            j += 1
        elif a == _ZWNJ or a.isspace():
            i += 1
        elif b.isspace():
            j += 1
        else:
            return frozenset()
    return frozenset(joins)
