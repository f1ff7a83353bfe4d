"""`rashomon compare`'s rate after loading: pairs/s with and without the embedding model's time.

    python benchmarks/compare.py [--n 300]

Pairs are ANS dev headline pairs (Arabic). The model, the embedder and the word-frequency tables
are loaded and warmed up first. Two figures:
- `pairs/s, texts embedded`: a fresh in-memory vector cache, so every text goes through the
  embedding model (what a first `rashomon compare` on new text costs);
- `pairs/s, vectors cached`: the same pairs again, vectors served from the cache (the features
  and the classifier alone: what the discrepancy steps add, whose vectors the alignment step
  computed already).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


class _MemoryVectors:
    def __init__(self) -> None:
        self.v: dict = {}

    def get_vectors(self, keys):
        return {k: self.v[k] for k in keys if k in self.v}

    def put_vectors(self, model, vectors):
        self.v.update(vectors)


def main() -> None:
    from rashomon.claims import compare
    from rashomon.claims.pairfeatures import analyse
    from rashomon.models import embeddings

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
    cache = embeddings.EmbeddingCache(embedder, _MemoryVectors(), None)
    t = time.perf_counter()
    compare.compare_texts(pairs, cache)
    cold = time.perf_counter() - t
    analyse.cache_clear()  # the per-text extraction is cached too: time it again
    t = time.perf_counter()
    compare.compare_texts(pairs, cache)
    warm_s = time.perf_counter() - t
    print(f"embedder {embedder.name}; {len(pairs)} pairs")
    print(f"pairs/s, texts embedded: {len(pairs) / cold:7.1f}  ({cold:.1f} s)")
    print(f"pairs/s, vectors cached: {len(pairs) / warm_s:7.1f}  ({warm_s:.1f} s)")


if __name__ == "__main__":
    main()
