"""Build the CLDR part of the gloss lexicon, `src/rashomon/gloss/data/cldr.tsv` (deterministic,
offline): Unicode CLDR through babel (ships in its wheel; Unicode licence): country and region
names, language names, month and weekday names, currency names and unit names, in Arabic and
Persian against English. The hand-written core glossary lives in the language packs
(`rashomon/lang/<iso>/gloss.toml`, table `core`).

Usage: .venv/bin/python scripts/build_gloss_lexicon.py
"""

from __future__ import annotations

from pathlib import Path

from babel import Locale
from babel.units import get_unit_name

DATA = Path(__file__).resolve().parents[1] / "src/rashomon/gloss/data"
LANGUAGES = ("ar", "fa")
# Language names worth glossing in news (the full CLDR list holds ~600, most never in a story).
NEWS_LANGUAGES = ("ar", "fa", "en", "fr", "de", "ru", "zh", "es", "tr", "he", "ur", "ku", "pt")
UNITS = (
    "length-kilometer",
    "length-meter",
    "length-mile",
    "mass-kilogram",
    "mass-ton",
    "mass-tonne",
    "volume-liter",
    "volume-barrel",
    "area-square-kilometer",
    "area-hectare",
    "duration-year",
    "duration-month",
    "duration-week",
    "duration-day",
    "duration-hour",
    "duration-minute",
    "duration-second",
    "speed-kilometer-per-hour",
    "temperature-celsius",
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
    out: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for lang in LANGUAGES:
        for word, english in cldr_rows(lang):
            word, english = word.strip(), english.strip()
            if word and english and (lang, word) not in seen:
                seen.add((lang, word))
                out.append((lang, word, english))
    with open(DATA / "cldr.tsv", "w", encoding="utf-8", newline="") as fh:
        fh.write(
            "# Built by scripts/build_gloss_lexicon.py from Unicode CLDR (babel; Unicode licence).\n"
        )
        fh.write("# Columns: language, name as written, English.\n")
        for row in out:
            fh.write("\t".join(row) + "\n")
    print(f"{len(out)} entries -> {DATA / 'cldr.tsv'}")


if __name__ == "__main__":
    main()
