"""`rashomon compare`: CSV in, CSV out, in order; bad input named; ANS stance floor."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rashomon.claims.compare import FEATURES, PairsFileError, StanceModel, default_model, read_pairs
from rashomon.cli import app

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_weights_match_features():
    m = default_model()
    assert m.weights.shape == (len(FEATURES), 3)
    assert StanceModel.from_json(m.to_json()).weights.shape == m.weights.shape


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


def test_stance_eval_floor_on_dev_subset(shared_data):
    """eval/stance.py on a stratified 120-pair subset of ANS dev: macro-F1 floor 0.60 (full
    dev measured 0.752)."""
    sys.path.insert(0, str(ROOT / "eval"))
    import stance

    s = stance.evaluate(shared_data / "ans-stance" / "dev.csv", limit=120)
    assert s["macro_f1"] >= 0.60, s


def test_kinds_name_the_evidence():
    from rashomon.claims.compare import compare_texts
    from rashomon.models.embeddings import EmbeddingCache, default_embedder

    pairs = [
        ("ارتفاع أسعار النفط إلى 80 دولارا", "ارتفاع أسعار النفط إلى 90 دولارا"),
        ("ربما يرتفع النفط غدا", "يرتفع النفط غدا"),
        ("الحكومة لم توافق على الاتفاق", "الحكومة توافق على الاتفاق"),
    ]
    res = compare_texts(pairs, EmbeddingCache(default_embedder(), None))
    assert [(r.label, r.kind) for r in res] == [
        ("contradict", "numeric_mismatch"),
        ("agree", "qualifier_dropped"),
        ("contradict", "contradiction"),
    ]
