"""An exact Arabic-script -> English name lookup, built from ANETAC's name pairs.

ANETAC (Hadj Ameur et al., arXiv:1907.03110) pairs 79,923 English and Arabic names of people,
places and organisations. Every pair outside the held-out tenth (`namemodel.held_out`, kept
for evaluating transliteration) gives its whole Arabic key and, when both sides have as many
words, each word's key the English spelling seen most often with it, and the class (person,
place, organisation) it most often has. The table (`data/names.json.gz`) is built by
`scripts/build_entities_data.py`; nothing reads ANETAC at run time.

The tagger reads a word's class as a feature; `latin.py` reads the spellings.
"""

from __future__ import annotations

import gzip
import io
import json
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

from rashomon.entities.keys import token_key

DATA = Path(__file__).parent / "data" / "names.json.gz"
_CLASSES = {"PERSON": "person", "LOCATION": "place", "ORGANIZATION": "organisation"}


def _key(arabic: str) -> str:
    return " ".join(token_key(w) for w in arabic.split())


def build(rows: list[tuple[str, str, str, bool]]) -> dict[str, list[str]]:
    """{Arabic key: [English spelling, class]} from the ANETAC rows outside the held-out part."""
    spell: dict[str, Counter] = defaultdict(Counter)
    cls: dict[str, Counter] = defaultdict(Counter)
    for c, en, ar, held_out in rows:
        if held_out or c not in _CLASSES:
            continue
        pairs = [(ar, en)]
        ars, ens = ar.split(), en.split()
        if len(ars) == len(ens) > 1:
            pairs += list(zip(ars, ens, strict=True))
        for a, e in pairs:
            k = _key(a)
            if k:
                spell[k][e] += 1
                cls[k][_CLASSES[c]] += 1
    return {
        k: [max(spell[k].items(), key=lambda kv: (kv[1], kv[0]))[0], cls[k].most_common(1)[0][0]]
        for k in sorted(spell)
    }


def save(table: dict, out_dir: Path) -> None:
    with (
        open(out_dir / "names.json.gz", "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz,
        io.TextIOWrapper(gz, encoding="utf-8") as fh,
    ):  # mtime=0: byte-identical rebuilds
        json.dump(table, fh, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@lru_cache(maxsize=1)
def table() -> dict[str, tuple[str, ...]]:
    if not DATA.exists():
        raise FileNotFoundError(
            f"{DATA} is missing; regenerate it with `python scripts/build_entities_data.py`"
        )
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        # tuples: the garbage collector stops scanning them (tens of thousands of entries)
        return {k: tuple(v) for k, v in json.load(fh).items()}


def lookup(key: str) -> tuple[str, str] | None:
    """(English spelling, class) of an Arabic-script name key, or None."""
    hit = table().get(key)
    return (hit[0], hit[1]) if hit else None


def name_class(key: str) -> str:
    """The class a word most often has in ANETAC ("" when it is not there)."""
    hit = table().get(key)
    return hit[1] if hit else ""
