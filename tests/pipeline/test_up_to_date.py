"""A build that finds nothing new since a complete run with the same settings and code leaves
the dossier as it is (build.py `up_to_date`); anything new runs the corpus steps and outputs."""

from __future__ import annotations

import shutil

import pytest

from rashomon.build import build
from rashomon.config import Config
from rashomon.pipeline import stagecache


def light() -> Config:
    c = Config()
    c.stories.enabled = False
    c.entities.enabled = False
    c.claims.enabled = False
    return c


@pytest.fixture
def pile(seeds_dir, tmp_path):
    d = tmp_path / "in"
    shutil.copytree(seeds_dir, d)
    return d


def _stamp(out):
    return [(out / n).stat().st_mtime_ns for n in ("dossier.json", "report.html")]


def test_the_same_build_again_is_up_to_date(pile, tmp_path):
    out = tmp_path / "d"
    first = build([str(pile)], out, light())
    assert not first.up_to_date
    before = (out / "dossier.json").read_text("utf-8"), _stamp(out)
    again = build([str(pile)], out, light())
    assert again.up_to_date and again.processed == 0 and again.skipped == first.processed
    assert ((out / "dossier.json").read_text("utf-8"), _stamp(out)) == before


def test_anything_new_runs_the_steps_and_outputs(pile, tmp_path, monkeypatch):
    out = tmp_path / "d"
    build([str(pile)], out, light())
    other = light()
    other.claims.link_z += 0.1  # a setting: the outputs show the configuration
    assert not build([str(pile)], out, other).up_to_date
    assert build([str(pile)], out, other).up_to_date
    (out / "report.html").unlink()
    assert not build([str(pile)], out, other).up_to_date
    assert (out / "report.html").is_file()
    first = sorted(pile.glob("*.txt"))[0]
    shutil.copy(first, pile / "same-text-new-name.txt")  # a new source of a stored article
    assert not build([str(pile)], out, other).up_to_date
    (pile / "new.txt").write_text("A new article. It says something else entirely.", "utf-8")
    r = build([str(pile)], out, other)
    assert not r.up_to_date and r.processed == 1
    monkeypatch.setattr(stagecache, "_FINGERPRINT", "another version of the code")
    assert not build([str(pile)], out, other).up_to_date


def test_a_run_without_outputs_leaves_them_to_the_next(pile, tmp_path):
    out = tmp_path / "d"
    build([str(pile)], out, light(), outputs=False)
    r = build([str(pile)], out, light())
    assert not r.up_to_date and (out / "dossier.json").is_file()
    assert build([str(pile)], out, light()).up_to_date
