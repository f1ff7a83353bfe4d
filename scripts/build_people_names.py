"""Build the people-name spellings (`rashomon.entities.people`) from a name index.

    pip install arabic-name-romanizer==0.2.0   # at build time only: nothing reads it at run time
    python scripts/build_people_names.py [--index PATH/names.sqlite3]

Reads the rows of the package's `resources/names.sqlite3` that come from Wikidata (CC0; its
DziriNames rows are left out): `units`, one row per (Arabic name word, Latin spelling,
country, role) with the number of people, and `full_names`, whole names; and writes
src/rashomon/entities/data/people-names.json.gz (byte-identical on a rebuild from the same
index) with its licence note beside it. Prints the table's size and a few common names.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pinned import pinned_file  # noqa: E402

from rashomon.entities import people  # noqa: E402
from rashomon.entities.keys import token_key  # noqa: E402

OUT = ROOT / "src/rashomon/entities/data"
PACKAGE = "arabic-name-romanizer"
VERSION = "0.2.0"
# The index of that version, so a rebuild from another one is noticed.
INDEX_SHA256 = "d475ffa773e08a8bbe79a0ccd48d79336a84b25bda76a6a38fd53089392c8be0"


def default_index() -> Path:
    return pinned_file(
        PACKAGE,
        VERSION,
        "arabic_name_romanizer",
        "resources",
        "names.sqlite3",
        pip=f"{PACKAGE}=={VERSION}",
        option="--index",
    )


def read_rows(
    index: Path,
) -> tuple[list[tuple[str, str, str, int]], list[tuple[str, str, str, int]]]:
    """The Wikidata rows of the index: name words (`units`) and whole names (`full_names`)."""
    con = sqlite3.connect(index.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        words = con.execute(
            "SELECT arabic_key, latin, country, count FROM units WHERE source = 'wikidata' "
            "ORDER BY arabic_key, latin, country, role"
        ).fetchall()
        names = con.execute(
            "SELECT arabic_key, latin, country, SUM(count) FROM full_names "
            "WHERE source = 'wikidata' GROUP BY arabic_key, latin, country "
            "ORDER BY arabic_key, latin, country"
        ).fetchall()
        return words, names
    finally:
        con.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "--index", type=Path, default=None, help="names.sqlite3 (default: the package's)"
    )
    ap.add_argument("--out", type=Path, default=OUT, help="folder of people-names.json.gz")
    args = ap.parse_args()
    index = args.index or default_index()
    digest = hashlib.sha256(index.read_bytes()).hexdigest()
    if digest != INDEX_SHA256:
        print(f"warning: {index} is not {PACKAGE} {VERSION}'s index (sha256 {digest})")
    rows, name_rows = read_rows(index)
    table = people.build(rows)
    names = people.build_names(name_rows)
    args.out.mkdir(parents=True, exist_ok=True)
    people.save(table, names, args.out)
    print(
        {"index": str(index), "sha256": digest, "rows": len(rows), "keys": len(table),
         "name_rows": len(name_rows), "names": len(names)}
    )  # fmt: skip
    for word in ("\u0639\u0644\u064a", "\u0639\u0645\u0631", "\u0645\u062d\u0645\u062f"):
        row = table.get(token_key(word))
        print(word, row)


if __name__ == "__main__":
    main()
