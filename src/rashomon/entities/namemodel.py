"""How much an Arabic-script word looks like a transliterated name: a character n-gram model.

Foreign names written in Arabic or Persian letters have a shape of their own (long vowels in
unusual places, endings like -وف, -سكي, -ينغ, clusters Arabic words do not have). A naive Bayes
model over character 1- to 3-grams, trained on the Arabic side of ANETAC (names; Hadj Ameur et
al., arXiv:1907.03110) against the most frequent Arabic and Persian words in `wordfreq`, scores
that shape. The model ships as a small table of n-gram log-odds (`data/namemodel.json.gz`,
built by `scripts/build_entities_data.py`); nothing reads ANETAC at run time.

`score(key)` > 0 means "more like a name than a common word". It is one signal among several:
famous names are common words too, and the detector never relies on this score alone.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import math
from collections import Counter
from functools import lru_cache
from itertools import repeat
from pathlib import Path

from rashomon.entities.keys import ARABIC_SCRIPT, token_key
from rashomon.lang.script import NAME_MODEL_INPUT

DATA = Path(__file__).parent / "data" / "namemodel.json.gz"
MIN_COUNT = 3  # n-grams seen fewer times in both classes carry no weight


def _grams(key: str) -> list[str]:
    w = f"^{key}$"
    return [w[i : i + n] for n in (1, 2, 3) for i in range(len(w) - n + 1)]


def held_out(line: str) -> bool:
    """The fixed 10% of ANETAC kept for evaluation (by a hash of the line, not its order)."""
    return int(hashlib.sha1(line.encode("utf-8")).hexdigest(), 16) % 10 == 0


def read_anetac(path: Path) -> list[tuple[str, str, str, bool]]:
    """(class, english, arabic, is_held_out) for each well-formed line."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split(" ", 1)
            if len(parts) != 2:
                continue
            cls, rest = parts
            words = rest.split(" ")
            ar_start = next((i for i, w in enumerate(words) if ARABIC_SCRIPT.search(w)), None)
            if not ar_start:
                continue
            out.append(
                (cls, " ".join(words[:ar_start]), " ".join(words[ar_start:]), held_out(line))
            )
    return out


def train(pairs: list[tuple[str, str, str, bool]], n_common: int = 30000) -> dict:
    from wordfreq import top_n_list

    pos_words = {token_key(w) for _, _, ar, ho in pairs if not ho for w in ar.split()}
    neg_words = {token_key(w) for lang in ("ar", "fa") for w in top_n_list(lang, n_common)}
    neg_words = {w for w in neg_words if ARABIC_SCRIPT.search(w)}
    pos, neg = Counter(), Counter()
    for w in pos_words:
        pos.update(_grams(w))
    for w in neg_words:
        neg.update(_grams(w))
    tp, tn = sum(pos.values()), sum(neg.values())
    table = {}
    for g in set(pos) | set(neg):
        if pos[g] + neg[g] < MIN_COUNT:
            continue
        table[g] = round(math.log((pos[g] + 0.5) / tp) - math.log((neg[g] + 0.5) / tn), 3)
    return {"grams": table, "n_pos": len(pos_words), "n_neg": len(neg_words)}


def _score(grams: dict[str, float], key: str) -> float:
    gs = _grams(key)
    return sum(map(grams.get, gs, repeat(0.0))) / max(1, len(gs))  # the same sum, in order


def evaluate(model: dict, pairs: list[tuple[str, str, str, bool]]) -> dict:
    """Accuracy of score > 0 on held-out ANETAC words vs wordfreq words ranked 30,000-40,000."""
    from wordfreq import top_n_list

    grams = model["grams"]
    pos = {token_key(w) for _, _, ar, ho in pairs if ho for w in ar.split()}
    neg = {token_key(w) for w in top_n_list("ar", 40000)[30000:]} - pos
    tpr = sum(_score(grams, w) > 0 for w in pos) / max(1, len(pos))
    tnr = sum(_score(grams, w) <= 0 for w in neg) / max(1, len(neg))
    return {
        "held_out_names": len(pos),
        "names_scored_name": round(tpr, 3),
        "common_words": len(neg),
        "common_scored_word": round(tnr, 3),
    }


def train_and_save(anetac: Path, out_dir: Path) -> dict:
    pairs = read_anetac(anetac)
    model = train(pairs)
    with (
        open(out_dir / "namemodel.json.gz", "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz,
        io.TextIOWrapper(gz, encoding="utf-8") as fh,
    ):  # noqa: E501 - mtime=0: byte-identical rebuilds
        json.dump(model, fh, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return {"namemodel": {"grams": len(model["grams"]), **evaluate(model, pairs)}}


@lru_cache(maxsize=1)
def _load() -> dict[str, float]:
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        return json.load(fh)["grams"]


@lru_cache(maxsize=65536)
def score(key: str) -> float:
    """Name-likeness of one Arabic-script token key (0.0 for other scripts)."""
    if not ARABIC_SCRIPT.search(key):
        return 0.0
    return _score(_load(), key.translate(NAME_MODEL_INPUT))  # ANETAC spells names in Arabic
