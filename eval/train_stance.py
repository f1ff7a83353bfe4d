"""Fit the stance classifier's weights on ANS train.csv only and write them to
src/rashomon/data/claims-stance.json (the file `rashomon compare` ships with).

    python eval/train_stance.py --data ../shared/data/ans-stance/train.csv
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "eval"))

from stance import ANS_TO_OURS, embedding_cache, load  # noqa: E402

from rashomon.claims.compare import LABELS, StanceModel, pair_features  # noqa: E402

OUT = ROOT / "src" / "rashomon" / "data" / "claims-stance.json"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/ans-stance/train.csv")
    ap.add_argument("--l2", type=float, default=1e-3)
    args = ap.parse_args()
    rows = load(args.data)
    cache = embedding_cache()
    va = cache.embed([r["s1"] for r in rows])
    vb = cache.embed([r["s2"] for r in rows])
    x = np.array([pair_features(r["s1"], r["s2"], a, b) for r, a, b in zip(rows, va, vb, strict=True)])
    y = np.array([LABELS.index(ANS_TO_OURS[r["stance"]]) for r in rows])
    model = StanceModel.fit(x, y, l2=args.l2)
    OUT.write_text(json.dumps(model.to_json(), indent=1) + "\n", "utf-8")
    acc = float((model.proba(x).argmax(1) == y).mean())
    print(f"fitted on {len(rows)} pairs from {args.data}; train accuracy {acc:.3f}; wrote {OUT}")


if __name__ == "__main__":
    main()
