"""The pair classifier behind `rashomon compare`, scored next to two baselines.

    python eval/compare.py [--sets farstail ans generated] [--limit N] [--cache FILE]

Sets (none was fitted on; scripts/train_compare.py reads only the training files):
- farstail: FarsTail val (Persian NLI, 1,537 pairs; e/c/n -> agree/contradict/unrelated);
- ans: ANS dev (Arabic headline stance, 755 pairs; agree/disagree/other);
- generated: the test part of the pairs generated from corpus sentences (eval/pairgen.py).

Systems: `model` is what `rashomon compare` runs now; when the fine-tuned cross-encoder is
built (`data/cross-top.*`), the pair classifier alone (`classifier`), the cross-encoder alone
(`cross-top`) and their blend at the shipped (or `RASHOMON_CROSS_TOP`) weight are scored too.
Baselines: `majority` (the training part's most frequent label) and `overlap` (a softmax
regression on soft word overlap alone: Jaccard, coverage of each side, negation on one side,
fitted on the same set's training part). Prints 3-way macro-F1 and contradiction F1 for each,
then the model's confusion matrix. Embeddings are cached in `--cache` (SQLite).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "eval"))
sys.path.insert(0, str(ROOT / "scripts"))

from rashomon.claims import lexical  # noqa: E402
from rashomon.claims.pairfeatures import guess_language  # noqa: E402
from rashomon.claims.pairmodel import LABELS  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
CACHE = Path.home() / ".cache" / "rashomon" / "eval-embeddings.sqlite"


def load_set(name: str) -> tuple[list[dict], list[dict]]:
    """(evaluation rows, training rows for the baselines) of a set."""
    import pairgen
    import train_compare as tc

    if name == "farstail":
        test = tc.load_farstail(DATA / "nli" / "farstail-fa-val.csv")
        train = tc.load_farstail(DATA / "nli" / "farstail-fa-train.csv")
    elif name == "ans":
        test = tc.load_ans(DATA / "ans-stance" / "dev.csv")
        train = tc.load_ans(DATA / "ans-stance" / "train.csv")
    elif name == "generated":
        rows = pairgen.generate()
        test = [r for r in rows if r["split"] == "test"]
        train = [r for r in rows if r["split"] == "train"]
    else:
        raise SystemExit(f"unknown set {name!r}: use farstail, ans or generated")
    return test, train


def subset(rows: list[dict], limit: int | None) -> list[dict]:
    """A deterministic, stratified subset: every k-th row of each label."""
    if not limit or limit >= len(rows):
        return rows
    out = []
    for lab in LABELS:
        items = [r for r in rows if r["label"] == lab]
        k = max(1, len(items) * len(LABELS) // limit)
        out += items[::k][: limit // len(LABELS)]
    return out


def overlap_features(a: str, b: str) -> list[float]:
    lang = guess_language(a + " " + b)
    sa, sb = lexical.content_stems(a, lang), lexical.content_stems(b, lang)
    m, oa, ob = lexical.overlap(sa, sb)
    ca, cb = len(m) / max(1, len(sa)), len(m) / max(1, len(sb))
    neg = float(lexical.negation_count(a) != lexical.negation_count(b))
    return [len(m) / max(1, len(m) + len(oa) + len(ob)), min(ca, cb), max(ca, cb), neg]


def scores(gold: list[str], pred: list[str]) -> dict:
    g = np.array([LABELS.index(x) for x in gold])
    p = np.array([LABELS.index(x) for x in pred])
    f1 = {}
    for c, lab in enumerate(LABELS):
        tp = int(((g == c) & (p == c)).sum())
        fp, fn = int(((g != c) & (p == c)).sum()), int(((g == c) & (p != c)).sum())
        f1[lab] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    confusion = [[int(((g == i) & (p == j)).sum()) for j in range(3)] for i in range(3)]
    return {
        "n": len(gold),
        "macro_f1": float(np.mean(list(f1.values()))),
        "contradict_f1": f1["contradict"],
        "f1": f1,
        "confusion": confusion,
    }


def baselines(test: list[dict], train: list[dict]) -> dict[str, dict]:
    import train_compare as tc

    gold = [r["label"] for r in test]
    major = max(LABELS, key=lambda lab: sum(1 for r in train if r["label"] == lab))
    xt = np.array([overlap_features(r["s1"], r["s2"]) for r in train])
    yt = np.array([LABELS.index(r["label"]) for r in train])
    w = np.array([1.0 / (yt == y).sum() for y in yt])
    model = tc.fit_network(xt, yt, w, 0, epochs=30, l2=1e-4)
    xe = np.array([overlap_features(r["s1"], r["s2"]) for r in test])
    pred = [LABELS[i] for i in model.logits(xe).argmax(1)]
    return {"majority": scores(gold, [major] * len(gold)), "overlap": scores(gold, pred)}


def systems() -> dict[str, float | None]:
    """The systems scored: `model` (what `rashomon compare` runs now) and, when the fine-tuned
    cross-encoder is built (`models.cross_top`), the pair classifier alone (`classifier`), the
    cross-encoder alone (`cross-top`) and, when the blend weight differs from both, `model`."""
    from rashomon.claims.pairmodel import _cross_top_meta, cross_top_weight

    if not _cross_top_meta():
        return {"model": 0.0}
    out: dict[str, float | None] = {"classifier": 0.0, "cross-top": 1.0}
    w = cross_top_weight() or float(_cross_top_meta().get("weight", 0.0))
    if 0.0 < w < 1.0:
        out[f"blend {w:.2f}"] = w
    out["model"] = None
    return out


def evaluate(name: str, limit: int | None = None, cache_path: Path = CACHE) -> dict[str, dict]:
    """{'model': scores, 'majority': ..., 'overlap': ...} on set `name` (and the other
    `systems()` when the cross-encoder is built)."""
    import train_compare as tc

    from rashomon.claims.compare import compare_texts
    from rashomon.models.embeddings import EmbeddingCache
    from rashomon.store.sqlite import Store, StoreLockedError

    test, train = load_set(name)
    test = subset(test, limit)
    try:
        store = Store(cache_path, write=True)
    except StoreLockedError:
        store = None  # another run holds the cache: embed without it
    gold = [r["label"] for r in test]
    out = {}
    try:
        cache = EmbeddingCache(tc.project_embedder(), store)
        for system, weight in systems().items():
            res = compare_texts([(r["s1"], r["s2"]) for r in test], cache, weight=weight)
            out[system] = scores(gold, [r.label for r in res])
    finally:
        if store is not None:
            store.close()
    out.update(baselines(test, train))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="*", default=["farstail", "ans", "generated"])
    ap.add_argument("--limit", type=int, default=None, help="stratified subset of N pairs")
    ap.add_argument("--cache", type=Path, default=CACHE)
    ap.add_argument("--out", type=Path, default=None, help="also write the table as CSV")
    args = ap.parse_args()
    rows = []
    print(f"{'set':<10} {'n':>5}  {'system':<11} {'macro-F1':>8} {'contra-F1':>9}")
    for name in args.sets:
        res = evaluate(name, args.limit, args.cache)
        for system in [*systems(), "overlap", "majority"]:
            s = res[system]
            print(
                f"{name:<10} {s['n']:>5}  {system:<11} {s['macro_f1']:>8.3f} {s['contradict_f1']:>9.3f}"
            )
            rows.append(
                [name, s["n"], system, round(s["macro_f1"], 3), round(s["contradict_f1"], 3)]
            )
        print("  model confusion (rows gold, columns predicted: " + ", ".join(LABELS) + ")")
        for lab, row in zip(LABELS, res["model"]["confusion"], strict=True):
            print(f"    {lab:<11} " + " ".join(f"{x:5d}" for x in row))
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([["set", "n", "system", "macro_f1", "contradict_f1"], *rows])


if __name__ == "__main__":
    main()
