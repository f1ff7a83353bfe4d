"""Dates in languages without hand-written rules (German, Spanish, French, Russian, Chinese, ...):
`dateparser.search.search_dates`, with its false hits filtered.

dateparser reads many short words as dates ("die" = Spanish Tuesday, "mit" = German Mittwoch,
"62" = 1962, "de 36 años" = 1984). A hit is kept only when it holds a full month or weekday name
of the article's language (CLDR, via babel), a word for yesterday/today/tomorrow, or a complete
numeric date with a four-digit year; its precision comes from what it holds (a day number with
the month: day; a weekday or a relative day: day; a month with a year: month). It only runs when
the sentence holds such a word (a set lookup), since one call costs ~15 ms.
"""

from __future__ import annotations

import logging
import warnings
from datetime import date, datetime
from functools import lru_cache

import regex

from rashomon.claims.extract.folded import Folded
from rashomon.record import DateRef

log = logging.getLogger(__name__)

_FULL_NUMERIC = regex.compile(
    r"\b\d{1,2}[./-]\d{1,2}[./-]\d{4}\b|\b\d{4}[./-]\d{1,2}[./-]\d{1,2}\b"
)
_DAY_NUMBER = regex.compile(r"(?<!\d)(?:[1-9]|[12]\d|3[01])(?!\d)")
_YEAR = regex.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
_CJK = {"zh", "ja", "ko"}
_CJK_DATE = regex.compile(r"\d+\s*[年月]\s*\d+\s*[月日]")
_CJK_DAY = regex.compile(r"\d+\s*月\s*\d+\s*日")


@lru_cache(maxsize=64)
def _lexicon(language: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(month names, weekday names, relative-day words) of a language, lower-cased."""
    try:
        from babel import Locale
        from babel.dates import get_day_names, get_month_names

        loc = Locale.parse(language)
    except Exception:  # noqa: BLE001 - unknown locale: no lexicon, no dateparser
        return frozenset(), frozenset(), frozenset()
    months, days, rel = set(), set(), set()
    for context in ("format", "stand-alone"):
        months |= {m.lower() for m in get_month_names("wide", context, loc).values()}
        days |= {d.lower() for d in get_day_names("wide", context, loc).values()}
    for key in ("day", "day-short"):
        field = loc._data.get("date_fields", {}).get(key, {})  # noqa: SLF001 - CLDR data
        for n in ("-1", "0", "1"):
            word = field.get(f"relative-type-{n}")
            if word:
                rel.add(word.lower())
    return frozenset(months), frozenset(days), frozenset(rel)


def _has(words: frozenset[str], text: str, cjk: bool) -> bool:
    if cjk:
        return any(w and w in text for w in words)
    tokens = set(regex.findall(r"\p{L}+", text.lower()))
    return any((w in tokens) if " " not in w else (w in text.lower()) for w in words)


_CJK_FULL = regex.compile(
    r"(?:(?P<y>\d{4})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*[日号])?"
)


def _cjk_dates(f: Folded, published: date | None) -> list[DateRef]:
    """ "2020年1月12日", "1月12日", "2019年12月": read directly (dateparser misreads the short
    forms in running text)."""
    out = []
    for m in _CJK_FULL.finditer(f.text):
        try:
            month = int(m["m"])
            if m["y"]:
                y = int(m["y"])
            elif published is not None and m["d"]:
                y = (
                    published.year
                    if (month, int(m["d"])) <= (published.month, published.day + 7)
                    else published.year - 1
                )
            else:
                continue
            if m["d"]:
                value, precision = date(y, month, int(m["d"])).isoformat(), "day"
            else:
                date(y, month, 1)
                value, precision = f"{y:04d}-{month:02d}", "month"
        except ValueError:
            continue
        out.append(
            DateRef(
                value=value,
                text=m[0],
                start=m.start() + f.offset,
                end=m.end() + f.offset,
                precision=precision,
            )
        )
    return out


def find_dates_other(f: Folded, *, published: date | None, language: str) -> list[DateRef]:
    """Dates found by dateparser in a sentence of `language`, filtered; exact spans."""
    lang = language.split("-")[0]
    if lang in _CJK:
        return _cjk_dates(f, published)
    months, days, rel = _lexicon(lang)
    if not (months or days) or published is None:
        return []
    text = f.text
    cjk = lang in _CJK
    if not (
        _has(months, text, cjk)
        or _has(days, text, cjk)
        or _has(rel, text, cjk)
        or _FULL_NUMERIC.search(text)
        or (cjk and _CJK_DATE.search(text))
    ):
        return []
    try:
        from dateparser.search import search_dates

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            hits = (
                search_dates(
                    text,
                    languages=[lang],
                    settings={
                        "RELATIVE_BASE": datetime(published.year, published.month, published.day),
                        "PREFER_DATES_FROM": "past",
                    },
                )
                or []
            )
    except Exception as exc:  # noqa: BLE001 - a dateparser failure costs the dates, not the article
        log.debug("dateparser failed on %r: %s", text[:80], exc)
        return []
    out: list[DateRef] = []
    pos = 0
    for surface, when in hits:
        start = text.find(surface, pos)
        if start < 0:
            continue
        pos = start + len(surface)
        has_month = _has(months, surface, cjk) or (cjk and "月" in surface)
        has_day = _has(days, surface, cjk) or _has(rel, surface, cjk)
        if cjk and _CJK_DAY.search(surface):
            value, precision = when.date().isoformat(), "day"
        elif cjk and _CJK_DATE.search(surface):
            value, precision = f"{when.year:04d}-{when.month:02d}", "month"
        elif (
            _FULL_NUMERIC.search(surface) or (has_month and _DAY_NUMBER.search(surface)) or has_day
        ):
            value, precision = when.date().isoformat(), "day"
        elif has_month and _YEAR.search(surface):
            value, precision = f"{when.year:04d}-{when.month:02d}", "month"
        else:
            continue
        if not 1800 <= when.year <= published.year + 30:
            continue
        out.append(
            DateRef(
                value=value,
                text=surface,
                start=start + f.offset,
                end=start + len(surface) + f.offset,
                precision=precision,
            )
        )
    return out
