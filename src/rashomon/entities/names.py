"""An exact Arabic-script -> English name lookup, built from ANETAC's name pairs.

ANETAC (Hadj Ameur et al., arXiv:1907.03110) pairs 79,923 English and Arabic names of people,
places and organisations. Every pair outside the held-out tenth (`namemodel.held_out`, kept
for evaluating transliteration) gives its whole Arabic key and, when both sides have as many
words, each word's key the English spelling seen most often with it (a word with the Arabic
article gives its spelling without it, `_bare`), and the class (person,
place, organisation) it most often has. The table (`data/names.json.gz`) is built by
`scripts/build_entities_data.py`; nothing reads ANETAC at run time.

The tagger reads a word's class as a feature; `latin.py` reads the spellings.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

from rashomon.entities.datafile import save_json
from rashomon.entities.doc import zipf
from rashomon.entities.keys import drop_article, light, token_key
from rashomon.lang.script import NAME_LETTERS, SKELETON

DATA = Path(__file__).parent / "data" / "names.json.gz"
_CLASSES = {"PERSON": "person", "LOCATION": "place", "ORGANIZATION": "organisation"}


def _key(arabic: str) -> str:
    return " ".join(token_key(w) for w in arabic.split())


def build(rows: list[tuple[str, str, str, bool]]) -> dict[str, list[str]]:
    """{Arabic key: [English spelling, class]} from the ANETAC rows outside the held-out part."""
    seen: dict[str, Counter] = defaultdict(Counter)  # key -> (English, Arabic word) counts
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
                seen[k][(e, a)] += 1
                cls[k][_CLASSES[c]] += 1
    # the one-word spellings ANETAC knows: what the bare part of an articled name may be
    known = {e.lower() for k in seen for e, _a in seen[k] if " " not in e}
    out = {}
    for k in sorted(seen):
        spell: Counter = Counter()
        for (e, a), n in seen[k].items():
            spell[_bare(a, e, known)] += n
        out[k] = [max(spell.items(), key=_preferred)[0], cls[k].most_common(1)[0][0]]
    return out


def _bare(arabic: str, english: str, known: set[str]) -> str:
    """`english` without the article where the Arabic word has one and the English spells it
    ("Alhassan" for الحسن): the key drops the article, so the bare name (حسن) would otherwise
    be named "Alhassan" too. Several words keep their spelling; so does a name whose ال is no
    article (see below)."""
    w = light(arabic)
    bare = drop_article(w)
    if " " in arabic or bare == w:
        return english
    first = bare.translate(SKELETON)[:1]
    for art in ("Al-", "El-", "Al", "El"):
        rest = english[len(art) :]
        if (
            english.lower().startswith(art.lower())
            and len(rest) >= 3
            and rest.isalpha()
            # the rest starts as the bare word does: not where the article's l was doubled or
            # took a sun letter's place (الريد "Allred", اللطيف "Alateef")
            and rest.lower().translate(SKELETON)[:1] == first
            # the rest is a name ANETAC spells, and English text uses it more than the whole:
            # Hassan, not Alhassan; Alberta and Alyson, whose ال is no article, stay
            and rest.lower() in known
            and zipf(rest, "en") > zipf(english, "en")
        ):
            return rest[:1].upper() + rest[1:]
    return english


def _preferred(spelling_count: tuple[str, int]) -> tuple:
    """The spelling a key keeps: the one seen most often with it, then the alphabetical last.
    ANETAC lists each pair once, so most keys' spellings tie (محمود: Mahmoud, Mahmud, Mamood,
    Mamoud, Mamud). Breaking ties by the spelling English text uses most was tried (7
    December): Libya, Beirut, Barack, Salman, Soleimani, Messi, but also فارس "Fares" (a
    common English word) for Fars, the most cited Persian news agency, and همدان "Hamdan".
    `latin` already prefers a spelling English uses where ANETAC's is one it never uses."""
    spelling, n = spelling_count
    return n, spelling


def save(table: dict, out_dir: Path) -> None:
    save_json(table, out_dir / "names.json.gz")


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


def gazetteer_pairs(fold: int | None = None) -> list[tuple[str, str]]:
    """(Arabic-script word, English name, lowercased) of the gazetteer's one-word names that
    name one entry whose English name is one plain Latin word, and that the lookup lacks: names
    with an established English spelling, as the news write them (ANETAC lists mostly rare
    names, each once). `fold` 0 or 1 keeps one half (by a hash of the pair): the
    transliteration reranker trains on fold 0 (`scripts/build_translit_rerank.py`),
    `eval/ner.py` scores fold 1."""
    from rashomon.entities.gazetteer import load

    gaz = load()
    out = []
    for key, ids in sorted(gaz.names.items()):
        if len(ids) != 1 or not NAME_LETTERS.fullmatch(key):
            continue
        latin = gaz.entries[ids[0]].get("latin") or ""
        if not (latin.isascii() and latin.isalpha()) or lookup(_key(key)) is not None:
            continue
        h = int(hashlib.sha1(f"{key} {latin.lower()}".encode()).hexdigest(), 16) % 2
        if fold is None or h == fold:
            out.append((key, latin.lower()))
    return out
