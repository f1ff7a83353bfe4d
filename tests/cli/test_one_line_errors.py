"""Regressions (issue 16, defect 7): tracebacks instead of one line (`add`/`export` on paths
with `[`, an unwritable or invalid `--out`), and a missing input path created an empty dossier."""

import json
import os

import pytest
from typer.testing import CliRunner

from rashomon.cli import app

runner = CliRunner()
TEXT = "Harbour news\n\nThe harbour authority said the new pier would open in June.\n"


def one_line_error(r, code=1):
    assert r.exit_code == code, r.output
    assert isinstance(r.exception, SystemExit), r.exception  # no traceback
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error"), r.output
    return lines[0]


@pytest.fixture()
def dossier(tmp_path):
    src = tmp_path / "in[1]"
    src.mkdir()
    (src / "a [x].txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out[/x]"
    r = runner.invoke(app, ["build", str(src), "--out", str(out)])
    assert r.exit_code == 0, r.output
    return src, out


def test_cli_errors_add_and_export_with_brackets(dossier, tmp_path):
    src, out = dossier
    bad = src / "[bold]broken.json"
    bad.write_text("{not json", encoding="utf-8")
    r = runner.invoke(app, ["add", str(out), str(bad), "--json"])
    assert isinstance(r.exception, SystemExit) and r.exit_code == 1, r.output
    assert "[bold]broken.json" in r.output
    r = runner.invoke(app, ["export", str(out), "--format", "csv", "--story", "[/nope]"])
    assert "[/nope]" in one_line_error(r)
    r = runner.invoke(app, ["export", str(tmp_path / "no[/such]"), "--format", "json"])
    assert "no[/such]" in one_line_error(r)
    r = runner.invoke(app, ["add", str(tmp_path / "no[/dossier]"), str(src)])
    assert "no[/dossier]" in one_line_error(r)


def test_cli_errors_unwritable_or_invalid_out(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    afile = tmp_path / "file"
    afile.write_text("x")
    for out in (afile, afile / "sub", tmp_path / ("x" * 300)):
        r = runner.invoke(app, ["build", str(tmp_path / "a.txt"), "--out", str(out)])
        assert "cannot write the dossier" in one_line_error(r)
    r = runner.invoke(app, ["export", str(tmp_path), "--out", str(afile / "x.json")])
    one_line_error(r)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_cli_errors_read_only_out(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    r = runner.invoke(app, ["build", str(tmp_path / "a.txt"), "--out", str(ro / "d")])
    assert "cannot write the dossier" in one_line_error(r)


def test_cli_errors_missing_input_creates_nothing(tmp_path):
    out = tmp_path / "out"
    r = runner.invoke(app, ["build", str(tmp_path / "typo[1]"), "--out", str(out)])
    assert "no such file or folder" in one_line_error(r)
    assert not out.exists()


def test_cli_errors_hidden_files_are_said(tmp_path):
    src = tmp_path / "in"
    (src / ".git").mkdir(parents=True)
    (src / "a.txt").write_text(TEXT, encoding="utf-8")
    (src / ".draft.txt").write_text(TEXT + "draft", encoding="utf-8")
    r = runner.invoke(app, ["build", str(src), "--out", str(tmp_path / "o"), "--json"])
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    assert [h.rsplit("/", 1)[-1] for h in summary["hidden_not_read"]] == [".draft.txt", ".git"]
    r = runner.invoke(app, ["build", str(src), "--out", str(tmp_path / "o")])
    assert "2 hidden file(s) or folder(s)" in r.output
