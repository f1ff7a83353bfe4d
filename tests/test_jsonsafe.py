"""Regression (issue 16, defect 3): dossier.json stopped being JSON (`"value": Infinity` from a
309-digit number with a unit; `NaN` from a config value)."""

import json
import math

import pytest

from rashomon import jsonsafe
from rashomon.claims.extract.quantities import find_quantities


def strict_loads(text: str):
    def refuse(name):
        raise ValueError(f"not JSON: {name}")

    return json.loads(text, parse_constant=refuse)


def test_dossier_json_huge_number_is_not_a_quantity():
    text = "The budget grew by " + "9" * 309 + " dollars last year."
    assert all(math.isfinite(q.value) for q in find_quantities(text))
    assert find_quantities("The budget grew by 12 dollars last year.")


def test_dossier_json_non_finite_values_become_null():
    value = {"a": [1.0, float("inf"), {"b": float("nan")}], "c": (float("-inf"),), "d": "x"}
    out = strict_loads(jsonsafe.dumps(value))
    assert out == {"a": [1.0, None, {"b": None}], "c": [None], "d": "x"}
    assert jsonsafe.dumps({"a": 1.5}) == json.dumps({"a": 1.5})


def test_dossier_json_huge_number_build_stays_json(tmp_path):
    from rashomon.build import build

    (tmp_path / "a.txt").write_text(
        "Budget news\n\nThe ministry said the deficit reached "
        + "9" * 309
        + " dollars in March. Officials said spending would fall.\n",
        encoding="utf-8",
    )
    build([str(tmp_path / "a.txt")], tmp_path / "out")
    strict_loads((tmp_path / "out" / "dossier.json").read_text("utf-8"))


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_dossier_json_config_nan_is_refused(value):
    from rashomon.config import Config

    with pytest.raises(ValueError, match="finite"):
        Config.from_dict({"stories": {"join_score": value}})
