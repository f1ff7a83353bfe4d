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
from collections.abc import Callable
from datetime import date, timedelta

import regex

from rashomon import lang as packs
from rashomon.claims.extract.date_words import (
    _AGO_UNIT,
    _AMBIGUOUS,
    _BARE_MONTH_CUE,
    _CAL_OF,
    _DEICTIC,
    _DIR,
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
    fold,
)
from rashomon.claims.extract.quantities import SMALL
from rashomon.lang.calendar import to_gregorian
from rashomon.record import DateRef

log = logging.getLogger(__name__)


_MONTH_NOUN = alternation(packs.words("dates.month_noun"))
_YEAR_NOUN = alternation(packs.words("dates.year_noun"))
_DAY_NOUN = alternation(packs.words("dates.day_noun"))
_VAGUE = alternation(packs.words("dates.vague_counts"))
_NOT_AFTER_DEICTIC = alternation(packs.words("dates.not_after_deictic"))
_SHORT_YEAR_NOT_BEFORE = alternation(packs.words("dates.short_year_not_before"))
_THIS_YEAR = {fold(w): n for w, n in packs.table("dates.this_year").items()}
_AGO_BEFORE = alternation(packs.words("dates.ago_before"))
_AGO_BEFORE_APPROX = alternation(packs.words("dates.ago_before_approx"))
_AGO_APPROX = alternation(packs.words("dates.ago_approx"))
_AGO_AFTER = alternation(packs.words("dates.ago_after"))

P = regex.compile  # short alias for the table below
_Y = r"(?P<y>\d{4})"
_D = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_RULES: list[tuple[str, regex.Pattern]] = [
    ("ymd", P(rf"{NOT_BEFORE}(?P<y>\d{{4}})[-/.](?P<m>\d{{1,2}})[-/.](?P<d>\d{{1,2}})(?!\d)")),
    ("dmy", P(rf"{NOT_BEFORE}(?P<d>\d{{1,2}})[-/.](?P<m>\d{{1,2}})[-/.](?P<y>\d{{4}})(?!\d)")),
    (
        "day_month",
        P(
            rf"{NOT_BEFORE}(?:(?:{_WD})\s*[,،]?\s*)?{_D}\s*(?:من\s+|of\s+)?(?:شهر\s+)?"
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
            rf"|(?P<per>الشهر|ماه|month)(?:\s+(?P<dir>{_DIR_ALT}))?|(?P<dir2>{_DIR_ALT})\s+(?:الشهر|ماه|month)|(?P<self>-?month))"
            rf"{NOT_AFTER}(?:\s*[,،]?\s*{_Y}(?!\d))?"
        ),
    ),
    (
        "month_year",
        P(
            rf"{NOT_BEFORE}(?P<mon>{_MONTH})\s*[,،]?\s*(?:(?:من\s+)?(?:{_YEAR_NOUN})\s+)?{_Y}(?!\d)"
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
            rf"(?:و|ب|ل)?(?P<wd>{_WD})(?:\s+(?P<dir>{_DIR_ALT}))?(?:\s+(?P<tod2>{_TOD}))?{NOT_AFTER}"
        ),
    ),
    # "روز گذشته" is yesterday, but "4 روز گذشته" is the past four days (a span, not a date)
    # "3 ساعات في اليوم" / "في اليوم الواحد" is "per day", not today
    (
        "deictic",
        P(
            rf"(?<!(?:\d|{NOT_BEFORE}(?:{_NUMWORD}))\s*)(?<!{NOT_BEFORE}في\s+){NOT_BEFORE}(?:و|ف)?"
            rf"(?P<deic>{alternation(_DEICTIC)}){NOT_AFTER}(?!\s+(?:{_NOT_AFTER_DEICTIC}))"
        ),
    ),
    # Persian two-digit Jalali years: "سال 82" is 1382
    (
        "fa_short_year",
        P(rf"{NOT_BEFORE}(?P<yw>سال)\s+(?P<y>\d{{2}})(?![\d/.٫]|\s*(?:{_SHORT_YEAR_NOT_BEFORE}))"),
    ),
    # "سال گذشته" is last year; "چند سال گذشته" / "30 عاما الماضية" is a span, not a date
    (
        "period",
        P(
            rf"(?<!(?:\d|{NOT_BEFORE}(?:{_NUMWORD}|{_VAGUE}))\s*){NOT_BEFORE}(?:(?:earlier|later)\s+)?(?:(?P<dir0>{_DIR_ALT})\s+)?(?:و|ف|ب|ل|خلال\s+|في\s+)?(?P<per>{_PERIOD_ALT})"
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


def _iso(d: date, precision: str) -> str:
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


# The calendar codes of this module ("g" Gregorian, "j" Jalali, "h" Hijri) by name.
_CALENDARS = {"j": "jalali", "h": "hijri"}


def _convert(y: int, m: int, d: int, cal: str) -> date | None:
    return to_gregorian(_CALENDARS.get(cal, "gregorian"), y, m, d)


def _calendar_of_year(y: int, mark: str | None, language: str | None) -> str:
    if mark:
        if regex.fullmatch(_JAL_MARK, mark):
            return "j"
        if regex.fullmatch(_HIJ_MARK, mark):
            return "h"
        return "g"
    if 1300 <= y <= 1500:
        return "j" if language == "fa" else "h"
    return "g"


def _plausible_year(y: int, base: date | None, strict: bool) -> bool:
    if base is None:
        return 1800 <= y <= 2100
    lo = 1900 if strict else 1800
    return lo <= y <= base.year + (5 if strict else 30)


def _shift_months(d: date, months: int) -> date:
    n = d.year * 12 + d.month - 1 + months
    return date(n // 12, n % 12 + 1, 1)


def _month_near(base: date, month: int, direction: int | None) -> date:
    """The month `month` relative to base: last (-1), next (+1), or the nearest in the past."""
    if direction == 1:
        y = base.year if month > base.month else base.year + 1
    elif direction == -1:
        y = base.year if month < base.month else base.year - 1
    else:
        y = base.year if month <= base.month else base.year - 1
    return date(y, month, 1)


Resolver = Callable[[regex.Match, date | None, str | None], tuple[date, str] | None]


def _res_numeric(m: regex.Match, base: date | None, lang: str | None) -> tuple[date, str] | None:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if mo > 12 and d <= 12:
        mo, d = d, mo  # month/day order: US style
    cal = "j" if 1300 <= y <= 1500 else "g"
    if cal == "g" and not _plausible_year(y, base, strict=False):
        return None
    g = _convert(y, mo, d, cal)
    return (g, "day") if g else None


def _month_cal(name: str) -> tuple[int, str]:
    key = regex.sub(r"\s+", " ", name)
    return _MONTH_OF[key], _CAL_OF[key]


def _res_day_month(m: regex.Match, base: date | None, lang: str | None) -> tuple[date, str] | None:
    month, cal = _month_cal(m["mon"])
    d = int(m["d"])
    if m["y"]:
        y = int(m["y"])
        mark = m.groupdict().get("mark")
        ycal = _calendar_of_year(y, mark, lang)
        cal = ycal if cal == "g" and ycal != "g" and mark else cal
        if cal == "g" and not _plausible_year(y, base, strict=False):
            return None
        g = _convert(y, month, d, cal)
        return (g, "day") if g else None
    if base is None or not 1 <= d <= 31:
        return None
    word = m.groupdict().get("dir")
    direction = _DIR.get(regex.sub(r"\s+", " ", word)) if word else None
    if cal == "g" and direction == 1:  # "6 أغسطس المقبل": the next such day
        for y in (base.year, base.year + 1):
            try:
                g = date(y, month, d)
            except ValueError:
                return None
            if g >= base:
                return g, "day"
        return None
    if cal == "g":
        # nearest such day not after the publication date (+ a few days' tolerance for plans)
        for y in (base.year, base.year - 1):
            try:
                g = date(y, month, d)
            except ValueError:
                return None
            if g <= base + timedelta(days=7):
                return g, "day"
        return None
    # Jalali/Hijri day-month without a year: the year of the calendar at the base date
    if cal == "j":
        import jdatetime

        jy = jdatetime.date.fromgregorian(date=base).year
    else:
        from hijridate import Gregorian

        jy = Gregorian(base.year, base.month, base.day).to_hijri().year
    for y in (jy, jy - 1):
        g = _convert(y, month, d, cal)
        if g and g <= base + timedelta(days=7):
            return g, "day"
    return None


def _res_month_year(m: regex.Match, base: date | None, lang: str | None) -> tuple[date, str] | None:
    month, cal = _month_cal(m["mon"])
    y = int(m["y"])
    if cal == "g":
        if not _plausible_year(y, base, strict=False):
            return None
        return date(y, month, 1), "month"
    g = _convert(y, month, 1, cal)
    return (g, "month") if g else None


def _res_month_rel(m: regex.Match, base: date | None, lang: str | None) -> tuple[date, str] | None:
    if base is None:
        return None
    name = m["mon"] or m["mon2"]
    month, cal = _month_cal(name)
    if cal != "g":
        return None  # "آبان گذشته": handled by Jalali rules only with a day or a year
    direction = _DIR[regex.sub(r"\s+", " ", m["dir"] or m["dir2"])]
    return _month_near(base, month, direction or None), "month"


def _res_month_bare(m: regex.Match, base: date | None, lang: str | None) -> tuple[date, str] | None:
    key = regex.sub(r"\s+", " ", m["mon"])
    if base is None or key in _AMBIGUOUS or _CAL_OF[key] != "g":
        return None
    return _month_near(base, _MONTH_OF[key], None), "month"


# date_bounds gives "mid-month" the 11th-20th: before the 11th it has not come yet.
MID_MONTH_FIRST_DAY = 10


def _res_mid(m: regex.Match, base: date | None, lang: str | None) -> tuple[date, str] | None:
    if m["mon"]:
        month, cal = _month_cal(m["mon"])
        if cal != "g":
            return None
        if m["y"]:
            first = date(int(m["y"]), month, 1)
        elif base is not None:
            first = _month_near(base, month, None)
            # "mid-November" written on 2 November is this month's middle, not last year's
            if month == base.month:
                first = date(base.year, month, 1)
        else:
            return None
    else:
        if base is None:
            return None
        word = m["dir"] or m["dir2"]
        direction = _DIR[regex.sub(r"\s+", " ", word)] if word else 0
        if not word and base.day <= MID_MONTH_FIRST_DAY:
            # a bare "mid-month" written before the month's middle has come is last month's
            # (relative expressions prefer the past, as news does)
            direction = -1
        first = _shift_months(date(base.year, base.month, 1), direction)
    return first.replace(day=15), "mid-month"


def _res_weekday(m: regex.Match, base: date | None, lang: str | None) -> tuple[date, str] | None:
    if base is None:
        return None
    wd = _WD_OF[regex.sub(r"\s+", " ", m["wd"])]
    word = m["dir"] or m["dir0"]
    direction = _DIR[regex.sub(r"\s+", " ", word)] if word else None
    if wd == 0 and not (m["dir"] or m["dir0"] or m["tod"]) and m["wd"] == fold("الاثنين"):
        # "الاثنين" is also "the two": a date only with "يوم" or a modifier
        if not regex.match(r"(?:يوم|on)\s", m[0]):
            return None
    back = (base.weekday() - wd) % 7
    if direction == -1:
        back = back or 7
        return base - timedelta(days=back), "day"
    if direction == 1:
        ahead = (wd - base.weekday()) % 7 or 7
        return base + timedelta(days=ahead), "day"
    return base - timedelta(days=back), "day"


def _res_deictic(m: regex.Match, base: date | None, lang: str | None) -> tuple[date, str] | None:
    if base is None:
        return None
    return base + timedelta(days=_DEICTIC[regex.sub(r"\s+", " ", m["deic"])]), "day"


def _res_period(m: regex.Match, base: date | None, lang: str | None) -> tuple[date, str] | None:
    word = m["dir"] or m["dir0"]
    if base is None or word is None:
        return None
    if m["dir"] and m["dir0"]:
        return None  # "this month last year": too loose for a rule
    direction = _DIR[regex.sub(r"\s+", " ", word)]
    per = _PERIOD[regex.sub(r"\s+", " ", m["per"])]
    if per == "week":
        monday = base - timedelta(days=base.weekday())
        return monday + timedelta(weeks=direction), "week"
    if per == "month":
        return _shift_months(date(base.year, base.month, 1), direction), "month"
    return date(base.year + direction, 1, 1), "year"


def _res_this_year(m: regex.Match, base: date | None, lang: str | None) -> tuple[date, str] | None:
    if base is None:
        return None
    return date(base.year + _THIS_YEAR[m["word"]], 1, 1), "year"


def _res_ago(m: regex.Match, base: date | None, lang: str | None) -> tuple[date, str] | None:
    if base is None or not (m["pre"] or m["post"]):
        return None
    if m["pre"] == fold("قبل") and m["post"]:
        return None
    if m["dual"]:
        n, unit = 2, _DUAL[m["dual"]]
    else:
        unit = _AGO_UNIT[regex.sub(r"\s+", " ", m["unit"])]
        n = int(m["n"]) if m["n"] else (SMALL[regex.sub(r"\s+", " ", m["nw"])] if m["nw"] else 1)
    if m["pre"] and not (m["n"] or m["nw"] or m["dual"]):
        return None  # "قبل يوم" alone is rare and "منذ سنة" ambiguous enough to skip
    if unit == "day":
        return base - timedelta(days=n), "day"
    if unit == "week":
        d = base - timedelta(weeks=n)
        return d - timedelta(days=d.weekday()), "week"
    if unit == "month":
        return _shift_months(date(base.year, base.month, 1), -n), "month"
    if n > 300:
        return None
    return date(base.year - n, 1, 1), "year"


def _res_year(m: regex.Match, base: date | None, lang: str | None) -> tuple[date, str] | None:
    y = int(m["y"])
    cal = _calendar_of_year(y, m["mark"], lang)
    if cal != "g":
        if not (m["mark"] or m["yw"]):
            return None
        g = _convert(y, 6, 1, cal)  # mid-year: the Gregorian year most of it falls in
        if g is None or (base and not _plausible_year(g.year, base, strict=False)):
            return None
        return date(g.year, 1, 1), "year"
    if not _plausible_year(y, base, strict=not (m["yw"] or m["mark"])):
        return None
    return date(y, 1, 1), "year"


def _res_fa_short_year(
    m: regex.Match, base: date | None, lang: str | None
) -> tuple[date, str] | None:
    if not lang_is(lang, "fa"):
        return None
    yy = int(m["y"])
    jy = 1300 + yy if yy >= 40 else 1400 + yy
    g = _convert(jy, 6, 1, "j")
    if g is None or (base and not _plausible_year(g.year, base, strict=False)):
        return None
    return date(g.year, 1, 1), "year"


_RESOLVERS: dict[str, Resolver] = {
    "fa_short_year": _res_fa_short_year,
    "ymd": _res_numeric,
    "dmy": _res_numeric,
    "day_month": _res_day_month,
    "month_day": _res_day_month,
    "mid": _res_mid,
    "month_year": _res_month_year,
    "month_rel": _res_month_rel,
    "month_bare": _res_month_bare,
    "weekday": _res_weekday,
    "deictic": _res_deictic,
    "period": _res_period,
    "this_year": _res_this_year,
    "ago": _res_ago,
    "year": _res_year,
}
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


def lang_is(language: str | None, code: str) -> bool:
    return (language or "").split("-")[0] == code


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
