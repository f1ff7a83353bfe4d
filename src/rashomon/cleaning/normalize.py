"""Two texts, never confused: the display text (the source's characters) and the matching key.

The matching key is for search, dedup and comparison only. It folds script variants that
writers and keyboards mix freely: Arabic and Persian yeh/kaf, alef forms, tatweel, diacritics,
ZWNJ and other format characters, every digit script to ASCII, NFKC compatibility forms, case.
`matching_key_map` also returns, for each key character, the index of the display character it
came from, so a match found in the key maps back to exact display offsets.
"""

from __future__ import annotations

import unicodedata

# Letter variants folded to one representative. Teh marbuta and heh are kept apart: folding
# them merges real words (e.g. Arabic feminine endings vs pronoun suffixes) for little gain.
_FOLD = {
    "ی": "ي",  # Persian yeh
    "ى": "ي",  # alef maksura
    "ې": "ي",
    "ۍ": "ي",
    "ك": "ك",
    "ک": "ك",  # Persian keheh
    "ڪ": "ك",
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ؤ": "و",
    "ئ": "ي",
    "ۀ": "ه",  # heh with yeh above (Persian ezafe)
    "ہ": "ه",
    "ە": "ه",
}
_DROP_CATEGORIES = {
    "Mn",
    "Cf",
}  # combining marks (harakat, shadda) and format chars (ZWNJ, tatweel is Lm)
_TATWEEL = "ـ"


def _fold_char(ch: str) -> str:
    if ch in _FOLD:
        return _FOLD[ch]
    if ch.isdigit():
        d = unicodedata.digit(ch, None)
        if d is not None:
            return str(d)
    return ch


def matching_key_map(text: str) -> tuple[str, list[int]]:
    """The matching key of `text` and, per key character, its index in `text`."""
    out: list[str] = []
    idx: list[int] = []
    for i, ch in enumerate(text):
        if ch == _TATWEEL:
            continue
        for part in unicodedata.normalize("NFKC", ch):
            cat = unicodedata.category(part)
            if cat in _DROP_CATEGORIES:
                continue
            if part.isspace():
                part = " "
            for low in part.casefold():
                out.append(_fold_char(low))
                idx.append(i)
    return "".join(out), idx


def matching_key(text: str) -> str:
    """The matching key of `text` (idempotent: matching_key(matching_key(t)) == matching_key(t))."""
    return matching_key_map(text)[0]
