"""Dates in a sentence, absolute and relative, resolved against the article's publication date.

Rules first (Arabic, Persian, English, written on the folded key): day + month name (+ year),
month + year, numeric dates (Jalali when the year is 13xx/14xx), years with a year word or in a
plausible range near the publication date (Jalali "۱۴۰۴", Hijri "1447 هـ" converted), weekdays
("الأحد الماضي", "یکشنبه گذشته", "last Sunday", "on Friday evening"), today/yesterday, "this
month", "last July", "mid-month" (منتصف الشهر), "about 20 years ago" (قبل 20 عاما, ۲۰ سال پیش).

Relative expressions prefer the past, as news does: a bare weekday is the latest such day on or
before the publication date; "last Sunday" is the latest Sunday strictly before it. Without a
publication date, only expressions that carry their own year are kept.

Precision: "day", "week" (value: the Monday), "mid-month" (value: the 15th; `date_bounds` gives
the 11th-20th), "month" ("YYYY-MM"), "year" ("YYYY"). Compare two DateRefs with `date_bounds`.
"""

from __future__ import annotations

import calendar
import logging
from datetime import date, timedelta

import regex

from rashomon import lang as packs
from rashomon.claims.extract.date_resolve import _RESOLVERS, _iso, lang_is
from rashomon.claims.extract.date_words import (
    _AGO_UNIT,
    _AMBIGUOUS,
    _BARE_MONTH_CUE,
    _DEICTIC,
    _DIR_ALT,
    _DUAL,
    _GREG_MARK,
    _HIJ_MARK,
    _JAL_MARK,
    _MID,
    _MONTH,
    _MONTH_OF,
    _NUMWORD,
    _PERIOD,
    _PERIOD_ALT,
    _THIS_YEAR,
    _TOD,
    _WD,
    _WD_OF,
    _YEAR_WORD,
)
from rashomon.claims.extract.folded import (
    NOT_AFTER,
    NOT_BEFORE,
    Folded,
    Trigger,
    alternation,
)
from rashomon.record import DateRef

log = logging.getLogger(__name__)


_MONTH_NOUN = alternation(packs.words("dates.month_noun"))
_YEAR_NOUN = alternation(packs.words("dates.year_noun"))
_DAY_NOUN = alternation(packs.words("dates.day_noun"))
_VAGUE = alternation(packs.words("dates.vague_counts"))
_NOT_AFTER_DEICTIC = alternation(packs.words("dates.not_after_deictic"))
_SHORT_YEAR_NOT_BEFORE = alternation(packs.words("dates.short_year_not_before"))
_AGO_BEFORE = alternation(packs.words("dates.ago_before"))
_AGO_BEFORE_APPROX = alternation(packs.words("dates.ago_before_approx"))
_AGO_APPROX = alternation(packs.words("dates.ago_approx"))
_AGO_AFTER = alternation(packs.words("dates.ago_after"))

_AR = packs.table("morphology.glue", "ar")
_FA = packs.table("morphology.glue", "fa")
_WA, _FA_, _BI, _LI = _AR["and"], _AR["so"], _AR["with"], _AR["to"]  # clitics
_THE_MONTH = rf"{_AR['the_month']}|{_FA['month']}|month"
P = regex.compile  # short alias for the table below
_Y = r"(?P<y>\d{4})"
_D = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_RULES: list[tuple[str, regex.Pattern]] = [
    ("ymd", P(rf"{NOT_BEFORE}(?P<y>\d{{4}})[-/.](?P<m>\d{{1,2}})[-/.](?P<d>\d{{1,2}})(?!\d)")),
    ("dmy", P(rf"{NOT_BEFORE}(?P<d>\d{{1,2}})[-/.](?P<m>\d{{1,2}})[-/.](?P<y>\d{{4}})(?!\d)")),
    (
        "day_month",
        P(
            rf"{NOT_BEFORE}(?:(?:{_WD})\s*[,،]?\s*)?{_D}\s*(?:{_AR['of']}\s+|of\s+)?(?:{_AR['month']}\s+)?"
            rf"(?P<mon>{_MONTH}){NOT_AFTER}(?:\s*[/(]\s*(?:{_MONTH})\s*\)?)?"
            rf"(?:\s*[,،]?\s*(?:(?:{_YEAR_NOUN})\s+)?{_Y}(?!\d)(?:\s*(?P<mark>{_JAL_MARK}|{_HIJ_MARK}|{_GREG_MARK}){NOT_AFTER})?"
            rf"|\s+(?P<dir>{_DIR_ALT}){NOT_AFTER})?"
        ),
    ),
    ("month_day", P(rf"{NOT_BEFORE}(?P<mon>{_MONTH})\s+{_D}(?!\d)(?:\s*,?\s*{_Y}(?!\d))?")),
    (
        "mid",
        P(
            rf"{NOT_BEFORE}(?P<mid>{_MID})[-\s]*(?:(?:{_MONTH_NOUN})\s+)?(?:(?P<mon>{_MONTH})"
            rf"|(?P<per>{_THE_MONTH})(?:\s+(?P<dir>{_DIR_ALT}))?|(?P<dir2>{_DIR_ALT})\s+(?:{_THE_MONTH})|(?P<self>-?month))"
            rf"{NOT_AFTER}(?:\s*[,،]?\s*{_Y}(?!\d))?"
        ),
    ),
    (
        "month_year",
        P(
            rf"{NOT_BEFORE}(?P<mon>{_MONTH})\s*[,،]?\s*(?:(?:{_AR['of']}\s+)?(?:{_YEAR_NOUN})\s+)?{_Y}(?!\d)"
            rf"(?:\s*(?P<mark>{_JAL_MARK}|{_HIJ_MARK}|{_GREG_MARK}){NOT_AFTER})?"
        ),
    ),
    (
        "month_rel",
        P(
            rf"{NOT_BEFORE}(?:(?P<dir>{_DIR_ALT})\s+(?:(?:{_MONTH_NOUN})\s+)?(?P<mon>{_MONTH})"
            rf"|(?:(?:{_MONTH_NOUN})\s+)?(?P<mon2>{_MONTH})\s+(?P<dir2>{_DIR_ALT})){NOT_AFTER}"
        ),
    ),
    (
        "month_bare",
        P(
            rf"{NOT_BEFORE}(?:{_BARE_MONTH_CUE})\s+(?:(?:{_MONTH_NOUN})\s+)?(?P<mon>{_MONTH}){NOT_AFTER}"
            rf"(?!\s*[,،]?\s*(?:(?:{_YEAR_NOUN})\s+)?\d)"
        ),
    ),  # "since July 2010": month_year's
    (
        "weekday",
        P(
            rf"{NOT_BEFORE}(?:(?P<tod>{_TOD})\s+)?(?:(?:{_DAY_NOUN})\s+)?(?:(?P<dir0>{_DIR_ALT})\s+)?"
            rf"(?:{_WA}|{_BI}|{_LI})?(?P<wd>{_WD})(?:\s+(?P<dir>{_DIR_ALT}))?(?:\s+(?P<tod2>{_TOD}))?{NOT_AFTER}"
        ),
    ),
    # "روز گذشته" is yesterday, but "4 روز گذشته" is the past four days (a span, not a date)
    # "3 ساعات في اليوم" / "في اليوم الواحد" is "per day", not today
    (
        "deictic",
        P(
            rf"(?<!(?:\d|{NOT_BEFORE}(?:{_NUMWORD}))\s*)(?<!{NOT_BEFORE}{_AR['in']}\s+){NOT_BEFORE}(?:{_WA}|{_FA_})?"
            rf"(?P<deic>{alternation(_DEICTIC)}){NOT_AFTER}(?!\s+(?:{_NOT_AFTER_DEICTIC}))"
        ),
    ),
    # Persian two-digit Jalali years: "سال 82" is 1382
    (
        "fa_short_year",
        P(
            rf"{NOT_BEFORE}(?P<yw>{_FA['year']})\s+(?P<y>\d{{2}})(?![\d/.٫]|\s*(?:{_SHORT_YEAR_NOT_BEFORE}))"
        ),
    ),
    # "سال گذشته" is last year; "چند سال گذشته" / "30 عاما الماضية" is a span, not a date
    (
        "period",
        P(
            rf"(?<!(?:\d|{NOT_BEFORE}(?:{_NUMWORD}|{_VAGUE}))\s*){NOT_BEFORE}(?:(?:earlier|later)\s+)?(?:(?P<dir0>{_DIR_ALT})\s+)?(?:{_WA}|{_FA_}|{_BI}|{_LI}|{_AR['during']}\s+|{_AR['in']}\s+)?(?P<per>{_PERIOD_ALT})"
            rf"(?:\s+(?P<dir>{_DIR_ALT}))?{NOT_AFTER}"
        ),
    ),
    ("this_year", P(rf"{NOT_BEFORE}(?P<word>{alternation(_THIS_YEAR)}){NOT_AFTER}")),
    (
        "ago",
        P(
            rf"{NOT_BEFORE}(?:(?P<pre>{_AGO_BEFORE})\s+(?:(?:{_AGO_BEFORE_APPROX})\s+)?)?"
            rf"(?:(?:{_AGO_APPROX})\s+)?"
            rf"(?:(?P<n>\d+)|(?P<nw>{_NUMWORD})|a|an)?\s*(?:(?P<unit>{alternation(_AGO_UNIT)})|(?P<dual>{alternation(_DUAL)}))"
            rf"(?:\s+(?P<post>{_AGO_AFTER}))?{NOT_AFTER}"
        ),
    ),
    (
        "year",
        P(
            rf"{NOT_BEFORE}(?:(?P<yw>{_YEAR_WORD})\s+)?(?P<y>\d{{4}})(?![\d,٬.]\d)"
            rf"(?:\s*(?P<mark>{_JAL_MARK}|{_HIJ_MARK}|{_GREG_MARK}){NOT_AFTER})?"
        ),
    ),
]


_UNIT_AFTER = regex.compile(
    rf"\s*(?:{alternation([*packs.words('dates.unit_after_year'), '%', '٪'])}){NOT_AFTER}"
)


# Languages the rules are written for; others go to dateparser (dates_other.py).
_RULE_LANGUAGES = {"ar", "fa", "en", "ur", "ps"}

# Cheap triggers decide which rules can match at all: most sentences have no date, and the
# rules' alternations and look-behinds cost far more than one scan for a trigger word.
_TRIGGERS = {
    "digit": Trigger([], digits=True),
    "month": Trigger(_MONTH_OF),
    "weekday": Trigger(_WD_OF),
    "deictic": Trigger(_DEICTIC),
    "period": Trigger([*_PERIOD, *_THIS_YEAR]),
    "mid": Trigger(packs.words("dates.mid")),
    "ago": Trigger([*_AGO_UNIT, *_DUAL]),
}
_NEEDS = {
    "ymd": ("digit",),
    "dmy": ("digit",),
    "day_month": ("digit", "month"),
    "month_day": ("digit", "month"),
    "mid": ("mid",),
    "month_year": ("digit", "month"),
    "month_rel": ("month",),
    "month_bare": ("month",),
    "weekday": ("weekday",),
    "deictic": ("deictic",),
    "fa_short_year": ("digit",),
    "period": ("period",),
    "this_year": ("period",),
    "ago": ("ago",),
    "year": ("digit",),
}


def find_dates(
    text: str,
    *,
    published: date | None,
    language: str | None = None,
    offset: int = 0,
    folded: Folded | None = None,
) -> list[DateRef]:
    """Dates in `text`, resolved against `published`; longest match wins an overlap."""
    f = folded or Folded(text, offset)
    lang = (language or "").split("-")[0]
    if lang and lang not in _RULE_LANGUAGES:
        from rashomon.claims.extract.dates_other import find_dates_other

        return find_dates_other(f, published=published, language=lang)
    found: list[tuple[int, int, date, str]] = []
    hits = {name: t.hit(f) for name, t in _TRIGGERS.items()}
    for name, pattern in _RULES:
        if not all(hits[n] for n in _NEEDS[name]):
            continue
        for m in pattern.finditer(f.key, overlapped=False):
            if name == "year" and _UNIT_AFTER.match(f.key, m.end()):
                continue  # "1000 km", "2000 دولار": a quantity, not a year
            if (
                name == "month_day"
                and m["mon"] in _AMBIGUOUS
                and not m["y"]
                and lang_is(language, "fa")
            ):
                continue
            try:
                res = _RESOLVERS[name](m, published, language)
            except (KeyError, ValueError, OverflowError, IndexError, TypeError) as exc:
                log.debug("date rule %s failed on %r: %s", name, m[0], exc)
                continue
            if res is not None:
                found.append((m.start(), m.end(), res[0], res[1]))
    found.sort(key=lambda t: (-(t[1] - t[0]), t[0]))
    kept: list[tuple[int, int, date, str]] = []
    for s, e, d, p in found:
        if all(e <= ks or s >= ke for ks, ke, _, _ in kept):
            kept.append((s, e, d, p))
    # "اليوم الثلاثاء" (today, Tuesday): two adjacent expressions of one day are one date
    merged: list[tuple[int, int, date, str]] = []
    for s, e, d, p in sorted(kept):
        if merged and merged[-1][2:] == (d, p) and not f.key[merged[-1][1] : s].strip(" ،,"):
            merged[-1] = (merged[-1][0], e, d, p)
        else:
            merged.append((s, e, d, p))
    out = []
    for s, e, d, p in merged:
        start, end, surface = f.span(s, e)
        out.append(DateRef(value=_iso(d, p), text=surface, start=start, end=end, precision=p))
    return out


def date_bounds(ref: DateRef) -> tuple[date, date]:
    """The first and last day a DateRef may mean, for comparing dates of different precision."""
    parts = [int(p) for p in ref.value.lstrip("-").split("-")]
    y = parts[0]
    if ref.precision == "year" or len(parts) == 1:
        return date(y, 1, 1), date(y, 12, 31)
    m = parts[1]
    if ref.precision == "month" or len(parts) == 2:
        return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
    d = date(y, m, parts[2])
    if ref.precision == "week":
        return d, d + timedelta(days=6)
    if ref.precision == "mid-month":
        return d - timedelta(days=4), d + timedelta(days=5)
    return d, d
