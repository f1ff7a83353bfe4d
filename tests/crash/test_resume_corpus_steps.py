"""Regression: articles stored by a run that died before its corpus steps were never clustered,
linked or aligned, because the next run skipped them as "already stored" and handed the corpus
steps only its own new articles."""

from __future__ import annotations

import pytest

import rashomon.build as build_mod
from rashomon.build import build
from rashomon.pipeline.base import CorpusStep
from rashomon.store.sqlite import Store


class Recorder(CorpusStep):
    name = "test.recorder"

    def __init__(self, fail: bool) -> None:
        self.fail = fail
        self.seen: list[list[str]] = []

    def update(self, store, new_ids, config):
        self.seen.append(list(new_ids))
        if self.fail:
            raise KeyboardInterrupt  # the process dies here (as a kill would)


def test_articles_of_a_killed_run_rejoin_the_corpus_steps(tmp_path, monkeypatch):
    inp = tmp_path / "in"
    inp.mkdir()
    for i, text in enumerate(["First article. It says one thing.", "Second one. Another."]):
        (inp / f"{i}.txt").write_text(text, "utf-8")
    dying = Recorder(fail=True)
    monkeypatch.setattr(build_mod, "corpus_steps", lambda config: [dying])
    with pytest.raises(KeyboardInterrupt):
        build([str(inp)], tmp_path / "out")
    with Store(tmp_path / "out" / "dossier.sqlite") as s:
        stored = s.article_ids()
    assert len(stored) == 2  # stored, but never through the corpus steps

    (inp / "2.txt").write_text("A third article. Added later.", "utf-8")
    healthy = Recorder(fail=False)
    monkeypatch.setattr(build_mod, "corpus_steps", lambda config: [healthy])
    result = build([str(inp)], tmp_path / "out")
    assert result.skipped == 2 and result.processed == 1
    (ids,) = healthy.seen
    assert set(stored) < set(ids) and len(ids) == 3  # the two stored ones come back, once

    # once a run has finished, they are no longer pending: nothing is new, so the dossier is
    # up to date and the steps do not run (a pending article would have made them run)
    again = Recorder(fail=False)
    monkeypatch.setattr(build_mod, "corpus_steps", lambda config: [again])
    assert build([str(inp)], tmp_path / "out").up_to_date
    assert again.seen == []
    with Store(tmp_path / "out" / "dossier.sqlite") as s:
        statuses = [r["status"] for r in s.rows("SELECT status FROM runs ORDER BY id")]
    assert statuses == ["failed", "ok", "ok"]
