"""Regressions (issue 16, "tried as a new user"): `-v` was flooded by third-party log lines;
the progress bar sat at "6/?" with no stage name; the CSV export had no byte-order mark."""

import os
import subprocess
import sys
from pathlib import Path

from rashomon.build import build
from rashomon.cli.build import stage_label

SRC = str(Path(__file__).resolve().parents[2] / "src")
TEXT = (
    "Harbour news\n\nThe harbour authority said on Monday the new pier would open in June. "
    "Officials said 120 workers had finished the foundations. 新华社 北京 电 外交部 发言人 表示\n"
)


def test_verbose_log_is_rashomon_only(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.html").write_text(
        f"<html><head><title>Pier</title></head><body><p>{TEXT}</p></body></html>", "utf-8"
    )
    env = {**os.environ, "PYTHONPATH": SRC}
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "rashomon",
            "-v",
            "build",
            str(tmp_path),
            "--out",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    logged = [ln for ln in r.stderr.splitlines() if ln.startswith(("INFO ", "DEBUG "))]
    assert logged, "-v logs what the stages do"
    assert all(ln.split()[1].startswith("rashomon") for ln in logged), logged
    assert "Building prefix dict" not in r.stderr and "Loading model" not in r.stderr


def test_progress_bar_stage_names(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    names: list[str] = []
    build([str(tmp_path / "a.txt")], tmp_path / "o", on_stage=names.append)
    assert names[0] == "articles" and names[-1] == "outputs"
    assert len(names) > 3 and len(set(names)) == len(names)
    assert stage_label(names[1]).startswith("corpus: ")
