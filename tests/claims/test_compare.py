"""`rashomon compare`: CSV in, CSV out, in order; bad input named; quality floors."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from rashomon.claims.compare import PairsFileError, read_pairs
from rashomon.claims.pairfeatures import FEATURES
from rashomon.claims.pairmodel import PairModel, default_model
from rashomon.cli import app

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_model_matches_features(tmp_path):
    m = default_model()
    assert m.layers[0][0].shape[0] == 2 * 384 + len(FEATURES)
    assert m.layers[-1][0].shape[1] == 3
    assert m.meta["licence"] and m.polar
    m.save(tmp_path / "m.npz", tmp_path / "m.json")
    again = PairModel.from_bytes(
        (tmp_path / "m.npz").read_bytes(), json.loads((tmp_path / "m.json").read_text("utf-8"))
    )
    x = np.random.default_rng(0).normal(size=(4, m.mean.shape[0]))
    assert np.allclose(again.proba(x), m.proba(x), atol=1e-4)


def test_read_pairs_names_the_problem():
    with pytest.raises(PairsFileError, match="pairs.csv: needs a header with columns s1,s2"):
        read_pairs(io.StringIO("a,b\n1,2\n"), "pairs.csv")
    rows = read_pairs(io.StringIO("id,s1,s2,extra\n1,x,y,z\n"), "p.csv")
    assert rows == [{"id": "1", "s1": "x", "s2": "y", "extra": "z"}]


def test_cli_compare_stdin_keeps_order_and_ids():
    data = (
        "id,s1,s2,note\n"
        "7,ارتفاع أسعار النفط في الأسواق العالمية,انخفاض أسعار النفط في الأسواق العالمية,x\n"
        "8,Oil prices rose by 5 percent on Monday,Oil prices rose 5 percent on Monday,\n"
        "9,Oil prices rose on Monday,The football final ended in a goalless draw,\n"
    )
    res = CliRunner().invoke(app, ["compare", "--pairs", "-", "--no-cache"], input=data)
    assert res.exit_code == 0, res.output
    out = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [r["id"] for r in out] == ["7", "8", "9"]
    assert out[0]["label"] == "contradict" and out[0]["kind"] == "contradiction"
    assert out[1]["label"] == "agree"
    assert out[2]["label"] == "unrelated"


def test_cli_compare_bad_file_exit_code(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n1,2\n", "utf-8")
    res = CliRunner().invoke(app, ["compare", "--pairs", str(bad), "--no-cache"])
    assert res.exit_code == 2
    assert "bad.csv" in res.output and "s1,s2" in res.output
    res = CliRunner().invoke(app, ["compare", "--pairs", str(tmp_path / "missing.csv")])
    assert res.exit_code == 2


@pytest.mark.parametrize(
    "name, floor_macro, floor_contra",
    # 90-pair stratified subsets; full-set figures are in the README (eval/compare.py).
    # Measured with the blend (classifier + cross-top 0.5): 0.71 / 0.61, 0.81 / 0.75, 0.97 /
    # 0.97 (the classifier alone: 0.60 / 0.46, 0.82 / 0.78, 0.93 / 0.90)
    [("farstail", 0.66, 0.55), ("ans", 0.74, 0.68), ("generated", 0.92, 0.92)],
)
def test_compare_eval_floors(shared_data, name, floor_macro, floor_contra):
    sys.path.insert(0, str(ROOT / "eval"))
    import compare as compare_eval

    s = compare_eval.evaluate(name, limit=90)["model"]
    assert s["macro_f1"] >= floor_macro and s["contradict_f1"] >= floor_contra, s


def test_kinds_name_the_evidence():
    from rashomon.claims.compare import compare_texts
    from rashomon.models.embeddings import EmbeddingCache, default_embedder

    pairs = [
        ("ارتفاع أسعار النفط إلى 80 دولارا", "ارتفاع أسعار النفط إلى 90 دولارا"),
        ("ربما يرتفع النفط غدا", "يرتفع النفط غدا"),
        ("الحكومة لم توافق على الاتفاق", "الحكومة توافق على الاتفاق"),
        ("Egypt beat Tunisia in Cairo", "Tunisia beat Egypt in Cairo"),
    ]
    res = compare_texts(pairs, EmbeddingCache(default_embedder(), None))
    assert [(r.label, r.kind) for r in res] == [
        ("contradict", "numeric_mismatch"),
        ("agree", "qualifier_dropped"),
        ("contradict", "contradiction"),
        ("contradict", "distortion"),
    ]
