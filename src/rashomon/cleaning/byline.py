"""Bylines and datelines at the top of a plain-text article: the outlet and the date it names.

    By Anna Peeters, The Scheldt Courier, 14 March 2025    -> outlet, date
    ANTWERP, March 14, 2025 (The Scheldt Courier) - ...    -> outlet, date (with a year)

Read by `ExtractMetadata` only when the reader's metadata and the furniture lines gave no
outlet or date; the lines stay in the text (a byline is part of what the source printed).
The opener and role words come from the language packs (`lang/<iso>/byline.toml`).
"""

from __future__ import annotations

import functools
import re
from datetime import date

from rashomon import lang
from rashomon.cleaning.dates import find_date

_MAX_OUTLET_WORDS = 6
_LINES = 4  # a byline or dateline sits in the first lines (headline, byline, first paragraph)


@functools.cache
def _opener() -> re.Pattern[str]:
    words = sorted(lang.words("byline.openers"), key=len, reverse=True)
    alt = "|".join(re.escape(w) for w in words) or r"(?!)"
    return re.compile(rf"^\s*(?:{alt})\s+(?=[^\W\d_])(.+)$", re.IGNORECASE)


_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z .'\-]{1,30}?),?\s+(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}"
    r"(?:,?\s+\d{4})?,?\s+)?\((?P<outlet>[^()\n]{2,60})\)\s*[-–—]+\s"
)


def _outlet(part: str) -> str | None:
    part = part.strip(" .;:-–—")
    words = part.split()
    if not words or len(words) > _MAX_OUTLET_WORDS or not part[0].isupper():
        return None
    low = part.lower()
    if any(re.search(rf"\b{re.escape(r)}\b", low) for r in lang.words("byline.roles")):
        return None
    return part


def _byline(line: str) -> tuple[str | None, date | None] | None:
    m = _opener().match(line)
    if not m or len(line.split()) > 25 or m.group(1)[0].islower():  # "By the end of May, ..."
        return None
    rest, when = m.group(1), None
    if found := find_date(rest):
        when, rest = found[0], rest[: found[1]] + rest[found[2] :]
    parts = re.split(r"\s*[,|/•·]\s*|\s+[-–—]\s+", rest)[1:]
    outlet = next((o for p in parts if (o := _outlet(p))), None)
    return (outlet, when) if outlet or when else None


def _dateline(line: str) -> tuple[str | None, date | None] | None:
    m = _DATELINE.match(line)
    if not m:
        return None
    found = find_date(m["date"]) if m["date"] else None
    return _outlet(m["outlet"]), found[0] if found else None


def byline_metadata(lines: list[str]) -> tuple[str | None, date | None]:
    """(outlet, date) from the first byline or dateline among the first lines, else Nones."""
    for line in lines[:_LINES]:
        got = _byline(line) or _dateline(line)
        if got:
            return got
    return None, None
