"""The bad-input corpus through the real CLI: every case ends in an article or a named refusal,
the rest of the batch goes on, the exit code and `--json` say what failed, limits hold."""

from __future__ import annotations

import json
import sqlite3
import sys

import pytest

from rashomon.dossier import validate_dossier
from tests.robustness.corpus import MB, make_corpus, make_huge, prose
from tests.robustness.harness import classify, run_build


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad-input")
    cases = make_corpus(root, seed=9)
    out = root / "out"
    run = run_build([str(root / "in"), "--out", str(out), "--json"])
    return root, cases, out, run


def test_every_case_ends_in_an_article_or_a_named_refusal(corpus):
    root, cases, out, run = corpus
    assert not run.timed_out, "the batch hung"
    assert not run.traceback, run.stderr[-3000:]
    outcomes = classify(cases, root / "in", run, out / "dossier.sqlite")
    problems = [f"{o.case.path}: {o.problem}" for o in outcomes if not o.ok]
    assert problems == []
    assert {o.outcome for o in outcomes} <= {"article", "failure", "both"}
    # the corpus really exercises both sides
    assert sum(o.outcome == "failure" for o in outcomes) >= 10
    assert sum(o.outcome in ("article", "both") for o in outcomes) >= 20


def test_exit_code_and_json_name_exactly_the_failed_inputs(corpus):
    root, cases, out, run = corpus
    assert run.returncode == 0  # something was read: failures are reported, not fatal
    failed = run.summary["failed_inputs"]
    assert failed, "the corpus has inputs that must be refused"
    base = str(root / "in")
    for f in failed:
        assert f["source"].startswith(base), f  # every failure names one of our inputs
        assert f["reason"] and "\n" not in f["reason"]
    # the same failures are kept in the store and the dossier
    d = json.loads((out / "dossier.json").read_text("utf-8"))
    assert {f["source"] for f in d["meta"]["failures"]} == {f["source"] for f in failed}
    assert run.summary["stage_errors"] == []
    # and printed, by name, for people (the stderr of a --json run keeps the messages)
    assert "fifo.txt: not a regular file" in run.stderr


def test_dossier_is_valid_and_leaks_no_local_file(corpus):
    root, cases, out, run = corpus
    d = json.loads((out / "dossier.json").read_text("utf-8"))
    validate_dossier(d)  # schema + every span cuts its text
    for name in ("dossier.json", "report.html"):
        assert "XXE-SECRET-MARKER" not in (out / name).read_text("utf-8")
    con = sqlite3.connect(out / "dossier.sqlite")
    hits = con.execute(
        "SELECT COUNT(*) FROM articles WHERE raw LIKE '%XXE-SECRET-MARKER%' "
        "OR text LIKE '%XXE-SECRET-MARKER%'"
    ).fetchone()[0]
    con.close()
    assert hits == 0


def test_names_that_are_not_utf8_or_hold_controls_are_escaped(corpus):
    root, cases, out, run = corpus
    con = sqlite3.connect(out / "dossier.sqlite")
    sources = [r[0] for r in con.execute("SELECT source FROM articles")]
    con.close()
    names = {s.rsplit("/", 1)[-1] for s in sources}
    assert "bad-\\xff\\xfe-name.txt" in names
    assert "evil\\nname.txt" in names
    assert "rlo-\\u202etxt.exe" in names
    assert all(s.isprintable() for s in sources)


def test_over_long_article_is_refused_by_name(corpus):
    root, cases, out, run = corpus
    (f,) = [f for f in run.summary["failed_inputs"] if f["source"].endswith("long-line-5mb.txt")]
    assert f["reason"] == (
        "article is 5,242,880 characters, over the limit of 2,000,000; "
        "raise [limits] max_article_chars to read it"
    )


def test_broken_jsonl_lines_are_named_and_the_good_ones_kept(corpus):
    root, cases, out, run = corpus
    path = str(root / "in/jsonl/broken.jsonl")
    named = {
        f["source"][len(path) :]: f["reason"]
        for f in run.summary["failed_inputs"]
        if f["source"].startswith(path + "#")
    }
    # lines 2-7 and 10 are broken or of the wrong type; 8 is blank; 1 and 9 are good
    assert sorted(named) == ["#L10", "#L2", "#L3", "#L4", "#L5", "#L6", "#L7"]
    assert all("line skipped" in r for r in named.values())
    con = sqlite3.connect(out / "dossier.sqlite")
    kept = sorted(
        r[0][len(path) :]
        for r in con.execute("SELECT source FROM articles WHERE source LIKE ?", (path + "#%",))
    )
    con.close()
    assert kept == ["#L1", "#L9"]


def test_duplicate_inputs_are_kept_once_but_both_named(corpus):
    root, cases, out, run = corpus
    con = sqlite3.connect(out / "dossier.sqlite")
    rows = con.execute(
        "SELECT article, source FROM sources WHERE source LIKE '%/dup/%' ORDER BY source"
    ).fetchall()
    n = con.execute("SELECT COUNT(*) FROM articles WHERE source LIKE '%/dup/%'").fetchone()[0]
    con.close()
    assert n == 1 and len(rows) == 2 and rows[0][0] == rows[1][0]
    assert run.summary["duplicates"] >= 1


def test_rerun_resumes_and_reports_the_same_failures(corpus):
    root, cases, out, run = corpus
    again = run_build([str(root / "in"), "--out", str(out), "--json"])
    assert again.returncode == 0, again.stderr[-2000:]
    assert again.summary["processed"] == 0
    assert again.summary["articles"] == run.summary["articles"]
    assert sorted(f["source"] for f in again.summary["failed_inputs"]) == sorted(
        f["source"] for f in run.summary["failed_inputs"]
    )


def test_strict_makes_the_first_failure_fatal(corpus, tmp_path):
    root, cases, out, run = corpus
    r = run_build([str(root / "in"), "--out", str(tmp_path / "o"), "--strict", "--json"])
    assert r.returncode == 1 and not r.traceback
    assert "error (--strict):" in r.stderr and str(root / "in") in r.stderr
    con = sqlite3.connect(tmp_path / "o" / "dossier.sqlite")
    status = con.execute("SELECT status FROM runs ORDER BY id DESC LIMIT 1").fetchone()[0]
    con.close()
    assert status == "failed"


def test_nothing_readable_exits_1_naming_each_input(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "noise.bin").write_bytes(bytes(range(256)) * 4)
    r = run_build(
        [str(tmp_path), str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o"), "--json"]
    )
    assert r.returncode == 1 and not r.traceback
    names = sorted(f["source"].rsplit("/", 1)[-1] for f in r.summary["failed_inputs"])
    assert names == ["empty.txt", "missing.txt", "noise.bin"]
    assert "nothing could be read" in r.stderr


def test_huge_file_is_refused_without_reading_it(tmp_path):
    good = tmp_path / "good.txt"
    import random

    good.write_text(prose(random.Random(1), "latin", 6), "utf-8")
    baseline = run_build([str(good), "--out", str(tmp_path / "b"), "--json"])
    huge = make_huge(tmp_path / "huge.txt", 100 * MB)
    r = run_build([str(huge), str(good), "--out", str(tmp_path / "o"), "--json"])
    assert r.returncode == 0, r.stderr[-2000:]
    (f,) = r.summary["failed_inputs"]
    assert f["source"] == str(huge)
    assert "104,857,600 bytes, over the limit of 52,428,800" in f["reason"]
    assert "max_file_bytes" in f["reason"]  # says what to do
    assert r.summary["articles"] == 1  # the rest of the batch went on
    # Not read into memory: the peak stays within a few MB of a run without the huge file.
    assert r.peak_rss_mb < baseline.peak_rss_mb + 30, (r.peak_rss_mb, baseline.peak_rss_mb)


def test_stdin_over_the_limit_is_refused_by_name(tmp_path):
    import subprocess

    from tests.robustness.harness import ROOT

    cfg = tmp_path / "c.toml"
    cfg.write_text("[limits]\nmax_file_bytes = 1000\n")
    p = subprocess.run(
        [
            sys.executable,
            "-m",
            "rashomon",
            "build",
            "-",
            "--out",
            str(tmp_path / "o"),
            "--json",
            "-c",
            str(cfg),
        ],
        input=b"word " * 1000,
        capture_output=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert p.returncode == 1  # nothing read
    summary = json.loads(p.stdout)
    assert summary["failed_inputs"] == [
        {"source": "-", "reason": "input is over the limit of 1,000 bytes"}
    ]


def test_article_length_limit_is_configurable(tmp_path):
    import random

    rng = random.Random(3)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "long.txt").write_text(prose(rng, "arabic", 200), "utf-8")
    (tmp_path / "in" / "short.txt").write_text(prose(rng, "latin", 3), "utf-8")
    cfg = tmp_path / "c.toml"
    cfg.write_text("[limits]\nmax_article_chars = 1000\n")
    r = run_build([str(tmp_path / "in"), "--out", str(tmp_path / "o"), "--json", "-c", str(cfg)])
    assert r.returncode == 0, r.stderr[-2000:]
    (f,) = r.summary["failed_inputs"]
    assert f["source"].endswith("long.txt")
    assert "over the limit of 1,000; raise [limits] max_article_chars" in f["reason"]
    assert r.summary["articles"] == 1


@pytest.mark.parametrize(
    "toml, message",
    [
        ('[limits]\nmax_file_bytes = "50MB"\n', "limits.max_file_bytes must be int"),
        ("[limits]\nmax_article_chars = 0\n", "limits.max_article_chars must be positive"),
        ("[limits]\nmax_bytes = 1\n", "unknown configuration key limits.max_bytes"),
    ],
)
def test_bad_limits_configuration_is_refused_clearly(tmp_path, toml, message):
    (tmp_path / "a.txt").write_text("Some words here. And more.")
    cfg = tmp_path / "c.toml"
    cfg.write_text(toml)
    r = run_build([str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"), "-c", str(cfg)])
    assert r.returncode == 2 and not r.traceback
    assert message in " ".join(r.stderr.split())


def test_out_folder_inside_the_input_folder_is_not_read_back(tmp_path):
    import random

    (tmp_path / "a.txt").write_text(prose(random.Random(5), "latin", 4), "utf-8")
    for _ in range(2):  # the second run would find dossier.json and report.html there
        r = run_build([str(tmp_path), "--out", str(tmp_path / "o"), "--json"])
        assert r.returncode == 0, r.stderr[-2000:]
        assert r.summary["articles"] == 1 and r.summary["failed_inputs"] == []
