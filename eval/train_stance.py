"""Fit the stance classifier's weights on ANS train.csv only and write them to
src/rashomon/data/claims-stance.json (the file `rashomon compare` ships with).

    python eval/train_stance.py --data ../shared/data/ans-stance/train.csv
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "eval"))

from stance import ANS_TO_OURS, embedding_cache, load  # noqa: E402

from rashomon.claims.compare import (  # noqa: E402
    FEATURES,
    LABELS,
    StanceModel,
    pair_features,
    unmatched_stems,
)

OUT = ROOT / "src" / "rashomon" / "data" / "claims-stance.json"
FOLDS = 5
MIN_COUNT = 3  # a word must be left unmatched in >= 3 training pairs to enter the lexicon
MIN_WEIGHT = 0.3  # and move the odds by at least this much (keeps the shipped file small)


def polar_lexicon(rows: list[dict]) -> dict[str, float]:
    """Smoothed log-odds, relative to the class prior, that a stem left unmatched by the other
    headline marks a disagreement rather than an agreement."""
    dis: dict[str, int] = {}
    agr: dict[str, int] = {}
    n_dis = n_agr = 0
    for r in rows:
        unmatched = unmatched_stems(r["s1"], r["s2"])
        if r["stance"] == "disagree":
            n_dis += 1
            for t in unmatched:
                dis[t] = dis.get(t, 0) + 1
        elif r["stance"] == "agree":
            n_agr += 1
            for t in unmatched:
                agr[t] = agr.get(t, 0) + 1
    prior = math.log((n_dis + 1) / (n_agr + 1))
    out = {}
    for t in set(dis) | set(agr):
        d, a = dis.get(t, 0), agr.get(t, 0)
        if d + a >= MIN_COUNT:
            w = math.log((d + 1) / (a + 1)) - prior
            if abs(w) >= MIN_WEIGHT:
                out[t] = w
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/ans-stance/train.csv")
    ap.add_argument("--l2", type=float, default=1e-3)
    args = ap.parse_args()
    rows = load(args.data)
    cache = embedding_cache()
    va = cache.embed([r["s1"] for r in rows])
    vb = cache.embed([r["s2"] for r in rows])
    y = np.array([LABELS.index(ANS_TO_OURS[r["stance"]]) for r in rows])
    # The polar lexicon's features are cross-fitted (each fold's pairs see a lexicon built
    # without them), so the regression learns how much to trust the lexicon on unseen pairs.
    x = np.zeros((len(rows), len(FEATURES)))
    for k in range(FOLDS):
        lex = polar_lexicon([r for i, r in enumerate(rows) if i % FOLDS != k])
        for i, r in enumerate(rows):
            if i % FOLDS == k:
                x[i] = pair_features(r["s1"], r["s2"], va[i], vb[i], polar=lex)
    model = StanceModel.fit(x, y, l2=args.l2)
    model.polar = polar_lexicon(rows)
    OUT.write_text(json.dumps(model.to_json(), indent=1) + "\n", "utf-8")
    acc = float((model.proba(x).argmax(1) == y).mean())
    print(
        f"fitted on {len(rows)} pairs from {args.data}; train accuracy {acc:.3f} "
        f"(lexicon features cross-fitted); {len(model.polar)} polar words; wrote {OUT}"
    )


if __name__ == "__main__":
    main()
