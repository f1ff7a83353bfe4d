"""Month and weekday names, read once from CLDR (babel), jdatetime and hijridate.

Every module that reads dates asks here instead of spelling month names itself:

- `gregorian_months(locale)`: CLDR's month names of a locale ("ar", "ar_SY" for the Levantine
  كانون الثاني..., "fa", "en"...), wide and abbreviated, format and stand-alone;
- `jalali_months()`: the Persian solar months (jdatetime);
- `hijri_months()`: the Islamic months (hijridate);
- `weekdays(locale)`: CLDR's wide weekday names, Monday = 0 (Python's `weekday()`);
- `to_gregorian(calendar, y, m, d)`: a Jalali, Hijri or Gregorian day as a Gregorian date.

Each returns {name as written: number}. Spellings that the sources lack but news writes
("يونيه", "جولای", "امرداد", "ربيع الآخر", "sept") live in the language packs, in
`calendar.toml` (tables `gregorian_months`, `jalali_months`, `hijri_months`, `weekdays`), and
are added by `with_variants`.
"""

from __future__ import annotations

import functools
import logging
from datetime import date

from rashomon import lang

log = logging.getLogger(__name__)


@functools.cache
def gregorian_months(locale: str, abbreviated: bool = True) -> dict[str, int]:
    """CLDR month names of `locale`; {} for a locale this babel does not know."""
    from babel import Locale, UnknownLocaleError

    try:
        loc = Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        log.debug("no CLDR data for locale %s", locale)
        return {}
    out: dict[str, int] = {}
    widths = ("wide", "abbreviated") if abbreviated else ("wide",)
    for context in ("format", "stand-alone"):
        for width in widths:
            for num, name in loc.months[context][width].items():
                out.setdefault(name, int(num))
    return out


@functools.cache
def jalali_months() -> dict[str, int]:
    import jdatetime

    return {name: num for num, name in enumerate(jdatetime.date.j_months_fa, start=1)}


@functools.cache
def hijri_months() -> dict[str, int]:
    from hijridate import Hijri

    return {Hijri(1446, num, 1).month_name("ar"): num for num in range(1, 13)}


@functools.cache
def weekdays(locale: str) -> dict[str, int]:
    """CLDR wide weekday names of `locale`, Monday = 0; {} for an unknown locale."""
    from babel import Locale, UnknownLocaleError

    try:
        loc = Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        return {}
    out: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for num, name in loc.days[context]["wide"].items():
            out.setdefault(name, int(num))
    return out


def with_variants(names: dict[str, int], kind: str, isos: tuple[str, ...]) -> dict[str, int]:
    """`names` plus the spellings the packs of `isos` list in `calendar.<kind>`."""
    out = dict(names)
    for iso in isos:
        for name, num in lang.get(iso).table(f"calendar.{kind}").items():
            out.setdefault(name, int(num))
    return out


def to_gregorian(calendar: str, y: int, m: int, d: int) -> date | None:
    """Day `d` of month `m` of year `y` in `calendar` ("jalali", "hijri", anything else:
    Gregorian) as a Gregorian date; None for a day that does not exist (or no converter)."""
    try:
        if calendar == "jalali":
            import jdatetime

            return jdatetime.date(y, m, d).togregorian()
        if calendar == "hijri":
            from hijridate import Hijri

            g = Hijri(y, m, d).to_gregorian()
            return date(g.year, g.month, g.day)
        return date(y, m, d)
    except (ValueError, OverflowError, ImportError):
        return None
