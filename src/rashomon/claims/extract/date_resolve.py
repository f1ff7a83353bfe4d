"""The resolvers of `dates.py`'s rules: a match of a rule, the publication date and the
language -> (date, precision), or None (see `dates.py` for what each rule reads and how
relative dates are resolved)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import regex

from rashomon import lang
from rashomon.claims.extract.date_words import (
    _AGO_UNIT,
    _AMBIGUOUS,
    _CAL_OF,
    _DEICTIC,
    _DIR,
    _DUAL,
    _HIJ_MARK,
    _JAL_MARK,
    _MONTH_OF,
    _PERIOD,
    _THIS_YEAR,
    _WD_OF,
)
from rashomon.claims.extract.folded import fold
from rashomon.claims.extract.quantities import SMALL
from rashomon.lang.calendar import to_gregorian


def _iso(d: date, precision: str) -> str:
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


# The calendar codes of this module ("g" Gregorian, "j" Jalali, "h" Hijri) by name.
_CALENDARS = {"j": "jalali", "h": "hijri"}
_AR = lang.table("morphology.glue", "ar")


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
    if wd == 0 and not (m["dir"] or m["dir0"] or m["tod"]) and m["wd"] == fold(_AR["monday"]):
        # "الاثنين" is also "the two": a date only with "يوم" or a modifier
        if not regex.match(rf"(?:{_AR['day']}|on)\s", m[0]):
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
    if m["pre"] == fold(_AR["before"]) and m["post"]:
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


def lang_is(language: str | None, code: str) -> bool:
    return (language or "").split("-")[0] == code
