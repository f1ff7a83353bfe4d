"""Publication dates written in header lines, in several scripts and three calendars.

Month names are not hand-written lists: the Gregorian ones come from CLDR (babel) for the
locales below, the Jalali ones from `jdatetime`, the Hijri ones from `hijridate`. Everything is
compared on the matching key, so Persian/Arabic letter variants and every digit script match.

Calendars: a year 1300-1499 written with a Jalali month name, or numerically in a Persian
line, is Jalali (converted with jdatetime); with a Hijri month name or the "هـ"/"ق" era mark it
is Hijri (hijridate). Dates before 1990 or more than a year in the future are not
publication dates of news and are ignored.
"""

from __future__ import annotations

import functools
import re
from datetime import date

from rashomon import lang
from rashomon.cleaning.normalize import matching_key
from rashomon.lang import calendar as cal

# Locales whose CLDR month names we understand. ar_SY/ar_IQ carry the Levantine/Iraqi
# Syriac-derived names (كانون الثاني ...), used across the Levant and Iraq.
_LOCALES = (
    "en",
    "ar",
    "ar_SY",
    "ar_IQ",
    "ar_MA",
    "ar_TN",
    "fa",
    "ur",
    "fr",
    "de",
    "es",
    "it",
    "pt",
    "ru",
    "uk",
    "tr",
    "pl",
    "nl",
    "id",
    "he",
)

_MIN_YEAR = 1990


@functools.lru_cache(maxsize=1)
def month_table() -> dict[str, tuple[str, int]]:
    """matching key of a month name -> (calendar, month number), from `rashomon.lang.calendar`
    (CLDR, jdatetime, hijridate, and the spellings the language packs add)."""
    table: dict[str, tuple[str, int]] = {}
    for code in _LOCALES:
        names = cal.with_variants(cal.gregorian_months(code), "gregorian_months", (code,))
        for name, num in names.items():
            key = matching_key(name).strip(". ")
            if len(key) >= 3 and not key.isdigit():
                table.setdefault(key, ("gregorian", num))
    for name, num in cal.with_variants(cal.jalali_months(), "jalali_months", ("fa",)).items():
        table[matching_key(name)] = ("jalali", num)
    for name, num in cal.with_variants(cal.hijri_months(), "hijri_months", ("ar",)).items():
        table[matching_key(name)] = ("hijri", num)
    return table


@functools.lru_cache(maxsize=1)
def _month_re() -> re.Pattern[str]:
    names = sorted(month_table(), key=len, reverse=True)
    alts = "|".join(re.escape(n) for n in names)
    article = lang.table("morphology.glue", "ar")["the"]
    return re.compile(rf"(?<!\w)(?:{article})?({alts})(?!\w)")


_ISO = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_DMY = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)")
_CJK_DATE = re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_HIJRI_MARK = re.compile(
    rf"(?<!\w)(?:{'|'.join(map(re.escape, lang.words('dates.hijri_abbreviation')))})(?!\w)"
)


def _plausible(d: date | None, today: date | None) -> date | None:
    if d is None or d.year < _MIN_YEAR:
        return None
    today = today or date.today()
    if (d - today).days > 366:
        return None
    return d


def _numeric_calendar(y: int, key: str) -> str:
    if 1300 <= y < 1500:
        if _HIJRI_MARK.search(key) and y >= 1400:
            return "hijri"
        return "jalali" if y < 1450 else "hijri"
    return "gregorian"


def find_date(text: str, today: date | None = None) -> tuple[date, int, int] | None:
    """The first plausible calendar date in `text`, with its (start, end) in `text`.

    Understands ISO and day-first numeric dates, and "day month year" / "month day, year" with
    month names (Gregorian in many languages, Jalali, Hijri). Offsets refer to `text`.
    """
    from rashomon.cleaning.normalize import matching_key_map

    key, idx = matching_key_map(text)

    def span(s: int, e: int) -> tuple[int, int]:
        return idx[s], idx[e - 1] + 1

    found: list[tuple[int, int, date]] = []
    for m in _ISO.finditer(key):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        got = _plausible(cal.to_gregorian(_numeric_calendar(y, key), y, mo, d), today)
        if got:
            found.append((*span(m.start(), m.end()), got))
    for m in _DMY.finditer(key):
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
        got = _plausible(cal.to_gregorian(_numeric_calendar(y, key), y, mo, d), today)
        if got:
            found.append((*span(m.start(), m.end()), got))
    for m in _CJK_DATE.finditer(key):
        got = _plausible(cal.to_gregorian("gregorian", int(m[1]), int(m[2]), int(m[3])), today)
        if got:
            found.append((*span(m.start(), m.end()), got))
    table = month_table()
    for m in _month_re().finditer(key):
        calendar, month = table[m[1]]
        before = key[max(0, m.start() - 12) : m.start()]
        after = key[m.end() : m.end() + 14]
        dm = re.search(r"(\d{1,2})\.?\s*(?:[/-]\s*)?(?:de\s+|d')?$", before)
        ym = re.match(r"\s*(?:[/-]\s*\w+\s+)?,?\s*(\d{4})(?!\d)", after)
        if dm and ym:  # 2 November 2025, ٢ نوفمبر ٢٠٢٥, 11 آبان 1404
            s, e = m.start() - len(dm[0]) + dm[0].index(dm[1]), m.end() + ym.end()
            d, y = int(dm[1]), int(ym[1])
        else:
            md = re.match(r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)", after)
            if not md:  # November 2, 2025
                continue
            s, e = m.start(), m.end() + md.end()
            d, y = int(md[1]), int(md[2])
        if calendar == "gregorian" and 1300 <= y < 1500:
            continue
        got = _plausible(cal.to_gregorian(calendar, y, month, d), today)
        if got:
            found.append((*span(s, e), got))
    if not found:
        return None
    s, e, d = min(found)
    return d, s, e
