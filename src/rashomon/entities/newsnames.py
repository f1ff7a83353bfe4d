"""How the news spells a name in English: JRC-Names' English–Arabic pairs.

JRC-Names (the European Commission's Joint Research Centre) gathers the spellings of the names
of people and organisations that its news monitor reads in many languages. The `arabnamer`
package (0.1.3) ships 22,798 of its English -> Arabic pairs, audited by hand
(`data/dict_FINAL.json`, CC-BY-4.0). Where ANETAC (`names`) lists several English spellings
of one Arabic word, each once, its table keeps one by rule (بايدن: "Paden" beside "Biden");
these pairs keep the spellings the news used (Biden, Erdogan, Netanyahu, Khamenei, Cheney).
On the 551 words both hold and the people table (`people`, Wikidata's spellings) also spells,
this table agrees with Wikidata on 342, ANETAC's on 165 (`scripts/build_news_names.py`).

The table (`data/news-names.json.gz`) keeps one-word pairs only: an Arabic word without the
article (the lookup's keys drop it, and «الثاني» has "althani", "elthani", "ulthani"...), an
English word of Latin letters, three letters or more in Arabic, whose consonants match the Arabic word's (skeleton similarity
0.5 or more: this drops the translations the list holds, «بطانية» "blunket", «أوزة»
"goosen"). Where a word has several English spellings, the one the transliteration model and
English text together make likeliest comes first (`pick`), the others are kept too.
`latin.py` asks it after the people table and before ANETAC, unless ANETAC's spelling is one of
the news's (then both sources agree and ANETAC's stands: ديمتري "Dmitry", which the news also
writes "Dimitri"); on those 551 words that rule agrees with Wikidata on 336. Built by `scripts/build_news_names.py`; nothing reads the package at
run time. The licence note is in `data/NER-LICENSE.md`.
"""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from rashomon.entities.datafile import save_json
from rashomon.entities.keys import drop_article, light, skeleton_similarity, token_key

DATA = Path(__file__).parent / "data" / "news-names.json.gz"
MIN_SKELETON = 0.5  # consonant skeleton similarity of a kept pair (see above)
MIN_LETTERS = 3  # a word of two letters has too many readings (as `people.MIN_LETTERS`)
ZIPF_WEIGHT = 0.5  # English frequency against the transliteration's log-probability (`pick`)


def keep_pair(english: str, arabic: str) -> bool:
    """Is (English, Arabic) a one-word name pair the table keeps?"""
    arabic = arabic.strip()
    return (
        bool(arabic)
        and " " not in arabic
        and english.isascii()
        and english.isalpha()
        and drop_article(light(arabic)) == light(arabic)
        and len(token_key(arabic)) >= MIN_LETTERS
        and skeleton_similarity(arabic, english) >= MIN_SKELETON
    )


def pick(word: str, spellings: Iterable[str]) -> str:
    """The likeliest of a word's English spellings: the transliteration model's log-probability
    of it (`translit.candidates`, -99 when not among them) plus ZIPF_WEIGHT times its English
    frequency; ties alphabetical."""
    from rashomon.entities import translit
    from rashomon.entities.doc import zipf

    cands = dict(translit.candidates(word))
    return max(sorted(spellings), key=lambda s: cands.get(s, -99.0) + ZIPF_WEIGHT * zipf(s, "en"))


def build(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """{Arabic word key: its English spellings, capitalised, the likeliest (`pick`) first, the
    others alphabetical} from (English, Arabic) pairs."""
    spellings: dict[str, set[str]] = defaultdict(set)
    words: dict[str, str] = {}
    for english, arabic in pairs:
        if keep_pair(english, arabic):
            key = token_key(arabic.strip())
            if key:
                spellings[key].add(english.lower())
                words.setdefault(key, arabic.strip())
    out = {}
    for key in sorted(spellings):
        best = pick(words[key], spellings[key])
        ordered = [best, *sorted(spellings[key] - {best})]
        out[key] = [x[:1].upper() + x[1:] for x in ordered]
    return out


def save(table: dict[str, list[str]], out_dir: Path) -> None:
    save_json(table, out_dir / DATA.name)


@lru_cache(maxsize=1)
def table() -> dict[str, tuple[str, ...]]:
    """The table; empty without its file."""
    if not DATA.exists():
        return {}
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        return {k: tuple(v) for k, v in json.load(fh).items()}


def spellings(key: str) -> tuple[str, ...]:
    """The news's English spellings of the Arabic name word with token key `key`, the likeliest
    first; () when the table lacks it."""
    return table().get(key, ())


def spelling(key: str) -> str | None:
    """The news's likeliest English spelling of the Arabic name word `key`, or None."""
    found = spellings(key)
    return found[0] if found else None
