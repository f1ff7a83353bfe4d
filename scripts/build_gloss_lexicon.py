"""Build the gloss lexicon `src/rashomon/gloss/data/lexicon.tsv` (deterministic, offline).

Sources, each row tagged with its origin:
- `cldr`: Unicode CLDR through babel (ships in its wheel; Unicode licence): country and region
  names, language names, month and weekday names, currency names, unit names, in Arabic and
  Persian against English;
- `core`: `src/rashomon/gloss/data/core.tsv`, a hand-written glossary of frequent news words.

Usage: .venv/bin/python scripts/build_gloss_lexicon.py
"""

from __future__ import annotations

import csv
from pathlib import Path

from babel import Locale
from babel.units import get_unit_name

DATA = Path(__file__).resolve().parents[1] / "src/rashomon/gloss/data"
LANGUAGES = ("ar", "fa")
# Language names worth glossing in news (the full CLDR list holds ~600, most never in a story).
NEWS_LANGUAGES = ("ar", "fa", "en", "fr", "de", "ru", "zh", "es", "tr", "he", "ur", "ku", "pt")
UNITS = (
    "length-kilometer", "length-meter", "length-mile", "mass-kilogram", "mass-ton",
    "mass-tonne", "volume-liter", "volume-barrel", "area-square-kilometer", "area-hectare",
    "duration-year", "duration-month", "duration-week", "duration-day", "duration-hour",
    "duration-minute", "duration-second", "speed-kilometer-per-hour", "temperature-celsius",
    "concentration-percent",
)


def cldr_rows(lang: str) -> list[tuple[str, str]]:
    src, en = Locale(lang), Locale("en")
    rows: list[tuple[str, str]] = []
    for code, name in sorted(src.territories.items()):
        if code in en.territories and (len(code) == 2 or code.isdigit()):
            rows.append((name, en.territories[code]))
    for code in NEWS_LANGUAGES:
        if code in src.languages:
            rows.append((src.languages[code], en.languages[code]))
    for width in ("wide",):
        for ctx in ("format", "stand-alone"):
            for k, name in src.months[ctx][width].items():
                rows.append((name, en.months["format"]["wide"][k]))
            for k, name in src.days[ctx][width].items():
                rows.append((name, en.days["format"]["wide"][k]))
    for code in ("USD", "EUR", "RUB", "CNY", "IRR", "GBP", "SAR", "AED", "EGP", "TRY", "VES"):
        if code in src.currencies:
            rows.append((src.currencies[code], en.currencies[code]))
    for unit in UNITS:
        try:
            name = get_unit_name(unit, locale=lang)
            english = get_unit_name(unit, locale="en")
        except Exception:  # a unit this CLDR version lacks
            continue
        if name and english:
            rows.append((name, english))
    return rows


def main() -> None:
    out: list[tuple[str, str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    with open(DATA / "core.tsv", encoding="utf-8") as fh:
        core = [r for r in csv.reader(fh, delimiter="\t") if r and not r[0].startswith("#")]
    for lang in LANGUAGES:
        rows = [("core", w, g) for row_lang, w, g in core if row_lang == lang]
        rows += [("cldr", w, g) for w, g in cldr_rows(lang)]
        for origin, word, english in rows:
            word, english = word.strip(), english.strip()
            if word and english and (lang, word) not in seen:
                seen.add((lang, word))
                out.append((lang, word, english, origin))
    with open(DATA / "lexicon.tsv", "w", encoding="utf-8", newline="") as fh:
        fh.write("# Built by scripts/build_gloss_lexicon.py: language, word, English, origin.\n")
        fh.write("# origin cldr: Unicode CLDR via babel (Unicode licence); core: data/core.tsv.\n")
        for row in out:
            fh.write("\t".join(row) + "\n")
    print(f"{len(out)} entries -> {DATA / 'lexicon.tsv'}")


if __name__ == "__main__":
    main()
