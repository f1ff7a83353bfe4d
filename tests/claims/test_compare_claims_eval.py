"""Floors for eval/claims.py on the hand-annotated seeds gold (builds the seeds' dossier)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_claims_eval_floors(seeds_dir, tmp_path):
    sys.path.insert(0, str(ROOT / "eval"))
    import claims

    s = claims.evaluate(ROOT / "eval/gold/claims/seeds.json", seeds_dir, tmp_path / "d")
    # measured: alignment P 1.00 R 0.45; discrepancies P 0.57 R 0.75
    assert s["alignment"]["precision"] >= 0.85
    assert s["alignment"]["recall"] >= 0.35
    assert s["discrepancy_recall"] >= 0.5
    assert s["discrepancy_precision"] >= 0.4
    assert s["discrepancies"]["distortion"]["recall"] == 1.0
    assert not s["unresolved"]
