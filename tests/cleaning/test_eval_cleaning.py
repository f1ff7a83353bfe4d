"""The cleaning evaluation runs and stays above its floors (raise them when scores rise)."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Measured 2026-11-23 on eval/gold/cleaning/gold.json (21 documents): recall 0.983,
# everything else 1.0. Floors sit just below, so one regression fails the test.
FLOORS = {
    "furniture_recall": 0.95,
    "duplicate_recall": 1.0,
    "removal_precision": 0.98,
    "body_kept": 1.0,
    "date_accuracy": 0.9,
    "outlet_accuracy": 0.85,
    "language_accuracy": 0.95,
    "truncated_accuracy": 0.9,
    "title_accuracy": 0.9,
}


def _load():
    spec = importlib.util.spec_from_file_location("eval_cleaning", ROOT / "eval/cleaning.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["eval_cleaning"] = mod  # dataclasses look their module up by name
    spec.loader.exec_module(mod)
    return mod


def test_cleaning_eval_floors(seeds_dir, shared_data):
    mod = _load()
    scores = mod.evaluate(ROOT / "eval/gold/cleaning/gold.json", seeds_dir, shared_data)
    assert scores["documents"] == 21
    low = {k: scores[k] for k, floor in FLOORS.items() if scores[k] < floor}
    assert not low, (low, scores["problems"])


def test_cleaning_eval_prints_scores(seeds_dir, shared_data, capsys):
    mod = _load()
    assert mod.main(["--seeds", str(seeds_dir), "--data", str(shared_data)]) == 0
    out = capsys.readouterr().out
    assert "furniture_recall" in out and "body_kept" in out
