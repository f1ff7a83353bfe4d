"""Floor for eval/planted.py: planted number conflicts, toll updates, negations and swapped
names between two versions of real corpus articles (measured: 20/20 found, 0.25 false
discrepancies per 10 articles)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_planted_conflicts_found_with_few_false_alarms(shared_data):
    sys.path.insert(0, str(ROOT / "eval"))
    import planted

    s = planted.evaluate(per_kind=5)
    assert s["cases"] == 20
    assert s["found_rate"] >= 0.8, s
    assert s["false_per_10_articles"] <= 1.0, s
