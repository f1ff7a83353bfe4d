"""Quality floors for statement extraction (eval/statements.py on the hand-annotated gold).

Floors sit a little under the scores measured when they were set (printed by
`python eval/statements.py --gold ...`); raise them when the scores rise, never lower them
silently.
"""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLOORS = {
    "attribution_accuracy": 0.85,
    "quantity_f1": 0.85,
    "qualifier_accuracy": 0.9,
    "date_f1": 0.9,
    "polarity_accuracy": 0.85,
    "hedge_accuracy": 0.9,
}


def _evaluate():
    spec = importlib.util.spec_from_file_location(
        "eval_statements", ROOT / "eval" / "statements.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.evaluate


@pytest.mark.parametrize(
    "gold", ["statements_gold.jsonl", "statements_heldout.jsonl", "statements_test.jsonl"]
)
def test_statement_extraction_floors(gold, shared_data, seeds_dir):
    scores = _evaluate()(ROOT / "eval" / "data" / gold, shared_data.parent)["all"]
    assert scores["sentences"] >= 22
    for field, floor in FLOORS.items():
        assert scores[field] >= floor, f"{field} {scores[field]:.3f} < floor {floor} on {gold}"
