import json
import subprocess
import sys

from typer.testing import CliRunner

from rashomon import __version__
from rashomon.cli import app
from rashomon.dossier import check_spans, validate_dossier

runner = CliRunner()


def test_version_and_help():
    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0 and __version__ in r.output
    r = runner.invoke(app, ["--help"])
    assert r.exit_code == 0 and "build" in r.output


def test_seeds_dossier_languages_and_schema(seeds_dir, tmp_path):
    r = runner.invoke(app, ["build", str(seeds_dir), "--out", str(tmp_path), "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads((tmp_path / "dossier.json").read_text("utf-8"))
    validate_dossier(d)
    langs = {a["source"].rsplit("/", 1)[-1]: a["language"] for a in d["articles"]}
    assert len(langs) == 5
    # one Persian article, four Arabic ones (the fixture's languages, not a rule in the code)
    assert sorted(langs.values()) == ["ar", "ar", "ar", "ar", "fa"]
    assert (tmp_path / "report.html").read_text("utf-8").startswith("<!doctype html>")
    assert (tmp_path / "dossier.sqlite").exists()


def test_rebuild_is_idempotent(seeds_dir, tmp_path):
    runner.invoke(app, ["build", str(seeds_dir), "--out", str(tmp_path)])
    first = json.loads((tmp_path / "dossier.json").read_text("utf-8"))
    r = runner.invoke(app, ["build", str(seeds_dir), "--out", str(tmp_path), "--json"])
    summary = json.loads(r.stdout)
    assert summary["processed"] == 0 and summary["already_stored"] == 5
    second = json.loads((tmp_path / "dossier.json").read_text("utf-8"))
    assert [a["id"] for a in first["articles"]] == [a["id"] for a in second["articles"]]


def test_bad_inputs_are_named_and_skipped(seeds_dir, tmp_path):
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "binary.bin").write_bytes(bytes(range(256)) * 10)
    (bad / "good.txt").write_text("Un article court. Il parle de politique.", encoding="utf-8")
    out = tmp_path / "out"
    r = runner.invoke(
        app, ["build", str(bad), str(tmp_path / "missing"), "--out", str(out), "--json"]
    )
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    reasons = {f["source"].rsplit("/", 1)[-1]: f["reason"] for f in summary["failed_inputs"]}
    assert reasons == {
        "binary.bin": "not a text file (binary content)",
        "empty.txt": "empty file",
        "missing": "no such file or folder",
    }
    assert summary["articles"] == 1
    d = json.loads((out / "dossier.json").read_text("utf-8"))
    assert {f["source"].rsplit("/", 1)[-1] for f in d["meta"]["failures"]} == set(reasons)


def test_nothing_readable_exits_nonzero(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    r = runner.invoke(app, ["build", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "o")])
    assert r.exit_code == 1
    assert "empty.txt" in r.output and "nothing could be read" in r.output


def test_strict_stops_at_first_failure(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "ok.txt").write_text("Some text here. More text.")
    r = runner.invoke(app, ["build", str(tmp_path), "--out", str(tmp_path / "o"), "--strict"])
    assert r.exit_code == 1 and "--strict" in r.output


def test_stdin_dash(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "rashomon", "build", "-", "--out", str(tmp_path), "--json"],
        input="نص قصير من الإدخال القياسي. جملة أخرى.".encode(),
        capture_output=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr.decode()
    assert json.loads(r.stdout)["articles"] == 1


def test_spans_checked(seeds_dossier):
    assert check_spans(seeds_dossier) == []
