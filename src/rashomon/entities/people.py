"""How people with a given Arabic-script name spell it in English: Wikidata's labels.

ANETAC (`names`) pairs English names with their Arabic spelling: mostly Western names written
in Arabic letters, each pair once. It lacks the commonest Arabic and Persian given names and
family names (علي, عمر, عباس have no entry) or spells them as a Western name would be
(إبراهيم "Abrahim", كريم "Krim"), and the transliteration model, trained on the same pairs,
guesses them as English words ("Oli", "Aamer", "Mercy" for مرسي).

This table holds, for each name word, the English spelling Wikidata's people with that name in
their Arabic label use most: a given name or family name counted once per person, summed
by region, since the convention follows the person's country (محمد: "Mohamed" for an
Egyptian, "Mohammad" for an Iranian). The rows come from the name index of the
`arabic-name-romanizer` package (0.2.0, MIT; its Wikidata rows, CC0), read by
`scripts/build_people_names.py` into `data/people-names.json.gz`; the licence note, with the
package's licence, is in `data/NER-LICENSE.md`. Nothing reads the package at run time.

`latin.py` asks it for the words of a name after the exact whole-name lookup and before
ANETAC's person spellings and the transliteration model. It also holds the whole names of
those people, of two words or more, as English writes them (`build_names`: «نبيه بري» Nabih
Berri, «جلال طالباني» Jalal Talabani), asked for a whole name after ANETAC's. A name written
with Persian letters (`script.has_persian_letters`) takes the spelling of Iranian, Afghan
and Tajik people, any other the spelling of people of Arab countries (`REGIONS`); either
falls back on the other. The transliteration reranker also learns from half of the words
(`pairs`).
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from rashomon.entities.datafile import save_json
from rashomon.entities.keys import drop_article, light, token_key

DATA = Path(__file__).parent / "data" / "people-names.json.gz"

# Countries (Wikidata's citizenship, ISO 3166 alpha-2) whose people's spellings a name written
# with Persian letters takes ("fa"), and those a name in Arabic letters takes ("ar": the Arab
# League's members east of the Maghreb; Algerian, Moroccan, Tunisian and Mauritanian labels
# are French transcriptions, Chikhi for شيخي, and the Horn's members write other languages).
REGIONS = {
    "fa": frozenset({"IR", "AF", "TJ"}),
    "ar": frozenset("BH EG IQ JO KW LB LY OM PS QA SA SD SY AE YE".split()),
}
# A spelling this many people share, at least: one person's label may be a one-off
# (بوتين: an Algerian family name "Boutine" once, and Putin is never one of these people).
MIN_PEOPLE = 3
# A word of two letters has too many readings to take one person's (اس: "Ace").
MIN_LETTERS = 3
# A spelling as English text writes a name: capitalised Latin letters, an inner hyphen or
# apostrophe (Al-Hassan, Ja'far); French or Turkish letters (Saïd, Çelik) are left out.
_SPELLING = re.compile(r"^[A-Z][A-Za-z'-]*[a-z]$")
# The article an English spelling gives a word written with the Arabic one (الجمل "El-Gamal"):
# the key drops the Arabic article (`keys.token_key`), so the spelling drops it too, or the
# bare name (جمل) would be named with it. Sun letters assimilate it (Ad-, Ar-, As-, Ash-...).
_ARTICLE = re.compile(r"^(?:[AaEe][ldrstzn]|[AaEe]sh)[- ]")


def build(rows: Iterable[tuple[str, str, str, int]]) -> dict[str, list]:
    """{word key: [spelling, people] for "ar", then "fa", flattened} from (Arabic word, Latin
    spelling, country, people) rows; a key only when its people of a region reach
    `MIN_PEOPLE` (["", 0] for the other region)."""
    counts: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for arabic, latin, country, n in rows:
        key = token_key(arabic)
        if drop_article(light(arabic)) != light(arabic):
            latin = _ARTICLE.sub("", latin)
            latin = latin[:1].upper() + latin[1:]
        elif _ARTICLE.match(latin):
            continue  # an article in English only: not the bare word's spelling
        if len(key) < MIN_LETTERS or " " in key or not _SPELLING.match(latin):
            continue
        for region, members in REGIONS.items():
            if country in members:
                counts[key][region][latin] += n
    out = {}
    for key in sorted(counts):
        row: list = []
        for region in ("ar", "fa"):
            spell = counts[key][region]
            best = max(spell.items(), key=lambda kv: (kv[1], kv[0])) if spell else ("", 0)
            row += list(best) if best[1] >= MIN_PEOPLE else ["", 0]
        if row[1] or row[3]:
            out[key] = row
    return out


# A whole name as English text writes it: capitalised words, with the particles names take
# (bin, al-, el-, ibn, abu, de, van...) in lower case.
_NAME_WORDS = re.compile(r"[\s\u200c]+")
_WORDS = re.compile(r"^(?:[A-Z][A-Za-z'-]*[a-z]|[a-z]{1,4}(?:-[A-Z][A-Za-z'-]*[a-z])?)$")


def build_names(rows: Iterable[tuple[str, str, str, int]]) -> dict[str, str]:
    """{name key (each word's `token_key`, spaced): English name} from (Arabic name, Latin
    name, country, people) rows of two words or more, of people of the `REGIONS` (a Maghreb
    label is a French transcription: «أحمد عباس» "Ahmed Abbes"): the spelling most of its
    people use, kept only when its consonants match the Arabic name's as entity linking
    matches two spellings (`keys.skeleton_similarity` >= `link.FUZZY`). A label that names
    the person otherwise («احمد عكاش» "Ahmad Walpi"), or adds a name («شايع شراحيلي» "Shaye
    Ali Sharahili"), is left out."""
    from rashomon.entities.keys import skeleton_similarity
    from rashomon.entities.link import FUZZY

    counts: dict[str, Counter] = defaultdict(Counter)
    arabic_of: dict[str, str] = {}
    countries = frozenset().union(*REGIONS.values())
    for arabic, latin, country, n in rows:
        if country not in countries:
            continue
        words = _NAME_WORDS.split(arabic.strip())  # as `latin` splits a name (ZWNJ too)
        key = " ".join(token_key(w) for w in words)
        if len(words) < 2 or len(key.split()) != len(words):
            continue
        if not all(_WORDS.match(w) for w in latin.split()) or not latin[:1].isupper():
            continue
        counts[key][latin] += n
        arabic_of.setdefault(key, arabic)
    out = {}
    for key in sorted(counts):
        latin = max(counts[key].items(), key=lambda kv: (kv[1], kv[0]))[0]
        # the Arabic skeleton drops the article; the English one, written apart, too
        bare = " ".join(_ARTICLE.sub("", w) for w in latin.split())
        if skeleton_similarity(arabic_of[key], bare) >= FUZZY:
            out[key] = latin
    return out


def save(words: dict, names: dict, out_dir: Path) -> None:
    """Both tables in `out_dir`/people-names.json.gz: {"words": `build`, "names": `build_names`}."""
    table = {"words": words, "names": names}
    save_json(table, out_dir / DATA.name)


@lru_cache(maxsize=1)
def _load() -> dict:
    if not DATA.exists():
        return {}
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def table() -> dict[str, tuple]:
    """The name words' spellings (`build`), or {} when the file is not built (names then come
    from the other sources)."""
    return {k: tuple(v) for k, v in _load().get("words", {}).items()}


def full_name(key: str) -> str | None:
    """The English name of a person whose whole Arabic-script name has the key `key` (each
    word's `keys.token_key`, spaced: `build_names`), or None."""
    return _load().get("names", {}).get(key)


def region_of(name: str) -> str:
    """The region whose spellings a name takes: "fa" when it is written with Persian letters,
    else "ar"."""
    from rashomon.lang.script import has_persian_letters

    return "fa" if has_persian_letters(name) else "ar"


def spelling(key: str, region: str) -> str | None:
    """The English spelling people of `region` ("ar" or "fa") with the name word `key`
    (`keys.token_key`) use most, else the other region's (Arabic news names Iranians, and
    Persian news Arabs), when `MIN_PEOPLE` of them share it; else None."""
    row = table().get(key)
    if row is None:
        return None
    first, second = (0, 2) if region == "ar" else (2, 0)
    return row[first] or row[second] or None


def pairs(fold: int | None = None) -> list[tuple[str, str]]:
    """(name word key, English spelling, lowercased) of the table's words spelt as one plain
    Latin word that ANETAC's lookup lacks, the Arab spelling where there is one, else the
    Iranian: how Arab and Iranian names are written in English, which ANETAC (Western names)
    seldom shows. `fold` 0 or 1 keeps one half (by a hash of the pair): the transliteration
    reranker trains on fold 0 (`scripts/build_translit_rerank.py`), `eval/ner.py` scores
    fold 1."""
    import hashlib

    from rashomon.entities import names

    out = []
    for key, row in sorted(table().items()):
        latin = (row[0] or row[2]).lower()
        if not (latin.isascii() and latin.isalpha()) or names.lookup(key) is not None:
            continue
        h = int(hashlib.sha1(f"{key} {latin}".encode()).hexdigest(), 16) % 2
        if fold is None or h == fold:
            out.append((key, latin))
    return out
