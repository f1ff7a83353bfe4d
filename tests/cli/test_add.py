"""`rashomon add DIR PATH...`: incremental dossiers."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

import rashomon.build as build_mod
from rashomon.build import NoDossierError, add, build
from rashomon.cli import app
from rashomon.dossier import validate_dossier
from rashomon.pipeline.base import CorpusStep
from rashomon.store.sqlite import Store

runner = CliRunner()


@pytest.fixture()
def split_seeds(seeds_dir, tmp_path):
    """The seeds split in two folders: the first four, and the last one (in sorted order)."""
    files = sorted(seeds_dir.iterdir())
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    for p in files[:-1]:
        shutil.copy(p, old / p.name)
    shutil.copy(files[-1], new / files[-1].name)
    return old, new


def without_created(d: dict) -> dict:
    d = dict(d, meta=dict(d["meta"]))
    del d["meta"]["created"]
    return d


def test_add_without_a_dossier_is_a_clear_error(tmp_path, seeds_dir):
    r = runner.invoke(app, ["add", str(tmp_path / "nothing"), str(seeds_dir)])
    assert r.exit_code == 1
    said = " ".join(r.output.split())
    assert "nothing holds no dossier" in said and "rashomon build PATH... --out" in said
    assert not (tmp_path / "nothing").exists()  # nothing created by mistake
    with pytest.raises(NoDossierError):
        add(tmp_path, [str(seeds_dir)])


def test_add_one_article_equals_building_all(split_seeds, seeds_dir, tmp_path):
    old, new = split_seeds
    inc = tmp_path / "inc"
    r = runner.invoke(app, ["build", str(old), "--out", str(inc)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["add", str(inc), str(new), str(old), "--json"])
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    assert (summary["articles"], summary["added"], summary["already_stored"]) == (5, 1, 4)
    got = json.loads((inc / "dossier.json").read_text("utf-8"))
    validate_dossier(got)

    full = tmp_path / "full"
    build([str(old), str(new)], full)
    want = json.loads((full / "dossier.json").read_text("utf-8"))
    assert without_created(got) == without_created(want)
    with Store(inc / "dossier.sqlite") as store:
        assert [r["command"] for r in store.rows("SELECT command FROM runs ORDER BY id")] == [
            "build",
            "add",
        ]


def test_corpus_steps_get_only_the_new_ids(split_seeds, tmp_path, monkeypatch):
    old, new = split_seeds
    build([str(old)], tmp_path)
    seen: list[list[str]] = []

    class Spy(CorpusStep):
        name = "spy"

        def update(self, store, new_ids, config):
            seen.append(list(new_ids))

    monkeypatch.setattr(build_mod, "corpus_steps", lambda config: [Spy()])
    result = add(tmp_path, [str(new), str(old)])
    assert result.processed == 1 and result.skipped == 4
    with Store(tmp_path / "dossier.sqlite") as store:
        new_id = store.article_ids()[-1]
    assert seen == [[new_id]]


def test_add_reuses_the_dossier_configuration(split_seeds, tmp_path):
    old, new = split_seeds
    (tmp_path / "c.toml").write_text("[cleaning]\nrecurring_min_articles = 7\n")
    out = tmp_path / "d"
    r = runner.invoke(app, ["build", str(old), "--out", str(out), "-c", str(tmp_path / "c.toml")])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["add", str(out), str(new)])
    assert r.exit_code == 0, r.output
    with Store(out / "dossier.sqlite") as store:
        runs = store.rows("SELECT command, config FROM runs ORDER BY id")
    configs = [json.loads(r["config"]) for r in runs]
    assert [c["cleaning"]["recurring_min_articles"] for c in configs] == [7, 7]


def test_no_outputs_updates_the_store_only(split_seeds, tmp_path):
    old, new = split_seeds
    build([str(old)], tmp_path)
    before = (tmp_path / "dossier.json").read_text("utf-8")
    r = runner.invoke(app, ["add", str(tmp_path), str(new), "--no-outputs", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["articles"] == 5
    assert (tmp_path / "dossier.json").read_text("utf-8") == before
    with Store(tmp_path / "dossier.sqlite") as store:
        assert store.count_articles() == 5


def test_add_nothing_readable_exits_nonzero(split_seeds, tmp_path):
    old, _ = split_seeds
    build([str(old)], tmp_path / "d")
    (tmp_path / "empty.txt").write_text("")
    r = runner.invoke(app, ["add", str(tmp_path / "d"), str(tmp_path / "empty.txt")])
    assert r.exit_code == 1 and "empty.txt" in r.output
