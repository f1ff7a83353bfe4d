"""The words the date rules read: month names (Gregorian in Arabic, Persian and English; Jalali;
Hijri) and weekdays from `rashomon.lang.calendar`; relative words ("الماضي", "گذشته", "last"),
periods, "ago" units, deictic days and calendar marks from the packs' `dates.toml`. Folded once
at import (see `folded.py`).
"""

from __future__ import annotations

from rashomon import lang
from rashomon.claims.extract.folded import alternation, fold
from rashomon.claims.extract.quantities import SMALL
from rashomon.lang import calendar as cal

_PACKS = ("ar", "fa", "en")  # the languages these rules are written for
# Month and weekday names: CLDR (Gregorian in Arabic, Levantine Arabic, Persian, English),
# jdatetime (Jalali), hijridate (Hijri), and the spellings the packs add (lang/calendar.py).
_GREG = cal.with_variants(
    {n: m for loc in ("ar", "ar_SY", "fa", "en") for n, m in cal.gregorian_months(loc).items()},
    "gregorian_months",
    _PACKS,
)
_JALALI = cal.with_variants(cal.jalali_months(), "jalali_months", _PACKS)
_HIJRI = cal.with_variants(cal.hijri_months(), "hijri_months", _PACKS)
# Short or ambiguous month words ("may", "مه", "می", "آب", "دی", "تیر", "مهر") count only with a
# day number or a year next to them, never alone.
_AMBIGUOUS = {fold(w) for w in lang.words("dates.ambiguous_months")}


def _lex(table: dict[str, int]) -> dict[str, int]:
    return {fold(w): n for w, n in table.items()}


_GREG_OF, _JAL_OF, _HIJ_OF = _lex(_GREG), _lex(_JALALI), _lex(_HIJRI)
_MONTH_OF = {**_HIJ_OF, **_JAL_OF, **_GREG_OF}  # Gregorian wins a clash ("آذار" vs "آذر": no clash)
_CAL_OF = {**{k: "h" for k in _HIJ_OF}, **{k: "j" for k in _JAL_OF}, **{k: "g" for k in _GREG_OF}}
_MONTH = alternation(_MONTH_OF)

_WEEKDAYS = cal.with_variants(  # Python weekday(): Monday = 0
    {n: d for loc in _PACKS for n, d in cal.weekdays(loc).items()},
    "weekdays",
    _PACKS,
)
_WD_OF = _lex(_WEEKDAYS)
_WD = alternation(_WD_OF)

_DIR = {
    **{fold(w): -1 for w in lang.words("dates.past")},
    **{fold(w): 1 for w in lang.words("dates.next")},
    **{fold(w): 0 for w in lang.words("dates.this")},
}
_DIR_ALT = alternation(_DIR)
_TOD = alternation(lang.words("dates.time_of_day"))
_PERIOD = {fold(w): p for w, p in lang.table("dates.periods").items()}
_PERIOD_ALT = alternation(_PERIOD)
_AGO_UNIT = {fold(w): p for w, p in lang.table("dates.ago_units").items()}
_DUAL = {fold(w): p for w, p in lang.table("dates.duals").items()}
_THIS_YEAR = {fold(w): n for w, n in lang.table("dates.this_year").items()}
_DEICTIC = {fold(w): d for w, d in lang.table("dates.deictic").items()}
_YEAR_WORD = alternation(lang.words("dates.year_word"))
_JAL_MARK = alternation(lang.words("dates.jalali_mark"))
_HIJ_MARK = alternation(lang.words("dates.hijri_mark"))
_GREG_MARK = alternation(lang.words("dates.gregorian_mark"))
_MID = alternation(lang.words("dates.mid"))
_BARE_MONTH_CUE = alternation(lang.words("dates.bare_month_cue"))
_NUMWORD = alternation(SMALL)
