"""`rashomon compare`'s rate after loading: pairs/s with and without the embedding model's time.

    python benchmarks/compare.py [--n 300]

Pairs are ANS dev headline pairs (Arabic). The model, the embedder and the word-frequency tables
are loaded and warmed up first. Two figures:
- `pairs/s, texts embedded`: a fresh in-memory vector cache, so every text goes through the
  embedding model (what a first `rashomon compare` on new text costs);
- `pairs/s, vectors cached`: the same pairs again, text vectors served from the cache but the
  fine-tuned cross-encoder's readings (`models.cross_top`, when its blend weight is above 0)
  computed again: what the discrepancy steps add, whose vectors the alignment step computed
  already;
- `pairs/s, all cached`: the same pairs a third time, the cross-encoder's readings cached too
  (a second `rashomon compare` of the same pairs).
Wall and CPU seconds (`time.process_time`, every thread of the process) are printed, and the
load average before and after (the machine is shared: read the CPU column under load);
`RASHOMON_CROSS_TOP=0` times the pair classifier alone.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


class _MemoryVectors:
    def __init__(self) -> None:
        self.v: dict = {}
        self.model: dict = {}

    def get_vectors(self, keys):
        return {k: self.v[k] for k in keys if k in self.v}

    def put_vectors(self, model, vectors):
        self.v.update(vectors)
        self.model.update(dict.fromkeys(vectors, model))

    def drop(self, prefix: str) -> None:
        """Forget the vectors of models whose name starts with `prefix`."""
        for k in [k for k, m in self.model.items() if m.startswith(prefix)]:
            del self.v[k], self.model[k]


def _timed(fn) -> tuple[float, float]:
    t, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t, time.process_time() - c


def main() -> None:
    from rashomon.claims import compare
    from rashomon.claims.pairfeatures import analyse
    from rashomon.claims.pairmodel import cross_top_weight
    from rashomon.models import embeddings
    from rashomon.models.cross_top import NAME

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/ans-stance/dev.csv")
    args = ap.parse_args()
    with open(args.data, encoding="utf-8", newline="") as fh:
        pairs = [(r["s1"], r["s2"]) for r in csv.DictReader(fh)][: args.n]
    embedder = embeddings.default_embedder()
    warm = [("كلمة أولى للتحميل", "كلمة ثانية للتحميل")]
    compare.compare_texts(warm, embeddings.EmbeddingCache(embedder, None, None))
    # no user-level cache: every text goes through the model once
    store = _MemoryVectors()
    cache = embeddings.EmbeddingCache(embedder, store, None)
    load = os.getloadavg()[0]
    runs = {"texts embedded": _timed(lambda: compare.compare_texts(pairs, cache))}
    analyse.cache_clear()  # the per-text extraction is cached too: time it again
    store.drop(NAME)
    runs["vectors cached"] = _timed(lambda: compare.compare_texts(pairs, cache))
    if cross_top_weight() > 0:
        analyse.cache_clear()
        runs["all cached"] = _timed(lambda: compare.compare_texts(pairs, cache))
    print(
        f"embedder {embedder.name}; cross-top weight {cross_top_weight()}; {len(pairs)} pairs; "
        f"load average {load:.1f} -> {os.getloadavg()[0]:.1f}"
    )
    for what, (wall, cpu) in runs.items():
        print(f"pairs/s, {what}: {len(pairs) / wall:7.1f}  ({wall:.1f} s wall, {cpu:.1f} CPU-s)")


if __name__ == "__main__":
    main()
