"""`rashomon add DIR PATH...`: incremental dossiers.

The plumbing tests run without the corpus steps' models (a light configuration, which `add`
reuses from the store); one slow test checks, with the default pipeline, that building four
seeds and adding the fifth gives the dossier of building all five at once.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import rashomon.build as build_mod
from rashomon.build import NoDossierError, add, build
from rashomon.cli import app
from rashomon.config import Config
from rashomon.dossier import validate_dossier
from rashomon.pipeline.base import CorpusStep
from rashomon.store.sqlite import Store

runner = CliRunner()


@pytest.fixture()
def split_seeds(seeds_dir) -> tuple[list[str], list[str]]:
    """The seeds as file paths: the first four, and the last one (in sorted order)."""
    files = [str(p) for p in sorted(seeds_dir.iterdir())]
    return files[:-1], files[-1:]


def light() -> Config:
    """No corpus-step models: for the tests of `add`'s plumbing."""
    config = Config()
    config.stories.enabled = False
    config.claims.enabled = False
    return config


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


def test_corpus_steps_get_only_the_new_ids(split_seeds, tmp_path, monkeypatch):
    old, new = split_seeds
    build(old, tmp_path, light())
    seen: list[list[str]] = []

    class Spy(CorpusStep):
        name = "spy"

        def update(self, store, new_ids, config):
            seen.append(list(new_ids))

    monkeypatch.setattr(build_mod, "corpus_steps", lambda config: [Spy()])
    result = add(tmp_path, new + old)
    assert result.processed == 1 and result.skipped == 4
    with Store(tmp_path / "dossier.sqlite") as store:
        new_id = store.article_ids()[-1]
        assert (
            store.rows("SELECT source FROM articles WHERE id = ?", (new_id,))[0]["source"]
            == (new[0])
        )
    assert seen == [[new_id]]


def test_add_reuses_the_dossier_configuration(split_seeds, tmp_path):
    old, new = split_seeds
    (tmp_path / "c.toml").write_text(
        "[cleaning]\nrecurring_min_articles = 7\n[stories]\nenabled = false\n"
        "[claims]\nenabled = false\n"
    )
    out = tmp_path / "d"
    r = runner.invoke(app, ["build", *old, "--out", str(out), "-c", str(tmp_path / "c.toml")])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["add", str(out), *new, "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["added"] == 1
    with Store(out / "dossier.sqlite") as store:
        runs = store.rows("SELECT command, config FROM runs ORDER BY id")
    assert [r["command"] for r in runs] == ["build", "add"]
    configs = [json.loads(r["config"]) for r in runs]
    assert [c["cleaning"]["recurring_min_articles"] for c in configs] == [7, 7]
    assert [c["claims"]["enabled"] for c in configs] == [False, False]


def test_no_outputs_updates_the_store_only(split_seeds, tmp_path):
    old, new = split_seeds
    out = tmp_path / "d"
    build(old, out, light())
    before = (out / "dossier.json").read_text("utf-8")
    r = runner.invoke(app, ["add", str(out), *new, "--no-outputs", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["articles"] == 5
    assert (out / "dossier.json").read_text("utf-8") == before
    with Store(out / "dossier.sqlite") as store:
        assert store.count_articles() == 5
    # adding the same again is a no-op
    r = runner.invoke(app, ["add", str(out), *new, *old, "--json"])
    assert json.loads(r.stdout)["added"] == 0 and json.loads(r.stdout)["already_stored"] == 5
    assert len(json.loads((out / "dossier.json").read_text("utf-8"))["articles"]) == 5


def test_add_nothing_readable_exits_nonzero(split_seeds, tmp_path):
    old, _ = split_seeds
    build(old, tmp_path / "d", light())
    (tmp_path / "empty.txt").write_text("")
    r = runner.invoke(app, ["add", str(tmp_path / "d"), str(tmp_path / "empty.txt")])
    assert r.exit_code == 1 and "empty.txt" in r.output


@pytest.fixture(scope="module")
def incremental_seeds(seeds_dir, tmp_path_factory) -> dict:
    """Default pipeline: the first four seeds built, then the fifth added."""
    files = [str(p) for p in sorted(seeds_dir.iterdir())]
    out = tmp_path_factory.mktemp("incremental") / "d"
    build(files[:-1], out)
    r = runner.invoke(app, ["add", str(out), *files[-1:], *files[:-1], "--json"])
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    assert (summary["articles"], summary["added"], summary["already_stored"]) == (5, 1, 4)
    return json.loads(Path(out / "dossier.json").read_text("utf-8"))


@pytest.mark.slow
def test_add_one_article_equals_building_all(incremental_seeds, seeds_dossier):
    """Four seeds, then `add` the fifth == the five at once (conftest's `seeds_dossier`, built
    from the same files with the default configuration): articles, stories, claims,
    discrepancies, timeline, provenance. Entities: see the next test."""
    validate_dossier(incremental_seeds)
    got, want = without_created(incremental_seeds), without_created(seeds_dossier)
    del got["entities"], want["entities"]
    assert got == want


@pytest.mark.slow
def test_add_gives_the_entities_of_building_all(incremental_seeds, seeds_dossier):
    assert incremental_seeds["entities"] == seeds_dossier["entities"]
