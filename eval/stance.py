"""Stance of headline pairs with `rashomon compare`'s classifier, scored on ANS.

    python eval/stance.py --data ../shared/data/ans-stance/dev.csv [--limit N]

ANS labels map to ours: agree = agree, disagree = contradict, other = unrelated. Prints
macro-F1, per-class precision/recall/F1 and the confusion matrix. Embeddings are cached in
~/.cache/rashomon/eval-embeddings.sqlite (first run on 755 pairs: about a minute on 2 cores).
The weights were fitted on train.csv only (eval/train_stance.py); report on dev.csv.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rashomon.claims.compare import LABELS, compare_texts  # noqa: E402

ANS_TO_OURS = {"agree": "agree", "disagree": "contradict", "other": "unrelated"}
CACHE = Path.home() / ".cache" / "rashomon" / "eval-embeddings.sqlite"


def load(path: Path, limit: int | None = None) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("stance") in ANS_TO_OURS]
    if limit:
        # A stratified, deterministic subset: every k-th row of each class.
        by: dict[str, list] = {}
        for r in rows:
            by.setdefault(r["stance"], []).append(r)
        rows = []
        for items in by.values():
            k = max(1, round(len(items) * len(by) / limit)) if len(items) > limit / 3 else 1
            rows += items[::k][: max(1, limit // len(by))]
    return rows


def embedding_cache(path: Path = CACHE):
    from rashomon.models.embeddings import EmbeddingCache, default_embedder
    from rashomon.store.sqlite import Store, StoreLockedError

    try:
        store = Store(path, write=True)
    except StoreLockedError:
        store = None  # another run holds the cache: embed without it
    return EmbeddingCache(default_embedder(), store)


def scores(gold: list[str], pred: list[str]) -> dict:
    per = {}
    for c in LABELS:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p != c)
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        per[c] = {
            "precision": pr,
            "recall": rc,
            "f1": 2 * pr * rc / (pr + rc) if pr + rc else 0.0,
            "support": tp + fn,
        }
    confusion = np.zeros((len(LABELS), len(LABELS)), dtype=int)
    for g, p in zip(gold, pred, strict=True):
        confusion[LABELS.index(g), LABELS.index(p)] += 1
    return {
        "macro_f1": float(np.mean([v["f1"] for v in per.values()])),
        "per_class": per,
        "confusion": confusion.tolist(),
    }


def evaluate(path: Path, limit: int | None = None) -> dict:
    rows = load(path, limit)
    results = compare_texts([(r["s1"], r["s2"]) for r in rows], embedding_cache())
    return scores([ANS_TO_OURS[r["stance"]] for r in rows], [r.label for r in results])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/ans-stance/dev.csv")
    ap.add_argument("--limit", type=int, default=None, help="stratified subset of N pairs")
    args = ap.parse_args()
    s = evaluate(args.data, args.limit)
    print(f"ANS stance on {args.data} ({sum(v['support'] for v in s['per_class'].values())} pairs)")
    print(f"macro-F1 {s['macro_f1']:.3f}")
    for c, v in s["per_class"].items():
        print(
            f"  {c:<11} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}  n={v['support']}"
        )
    print("confusion (rows gold, columns predicted: " + ", ".join(LABELS) + ")")
    for c, row in zip(LABELS, s["confusion"], strict=True):
        print(f"  {c:<11} " + " ".join(f"{x:5d}" for x in row))


if __name__ == "__main__":
    main()
