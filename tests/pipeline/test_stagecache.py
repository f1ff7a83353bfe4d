"""The user-level cache of the per-article stages (pipeline/stagecache.py): what it reuses,
and every change that must make it compute again."""

from __future__ import annotations

import json
import logging

import pytest

from rashomon.executors.local import LocalExecutor
from rashomon.pipeline import stagecache
from rashomon.pipeline.base import ArticleStage
from rashomon.pipeline.stagecache import StageCache, stages_fingerprint
from rashomon.record import Article

CALLS: list[str] = []  # ids the counting stage processed (a class-level log: not pickled)


class Count(ArticleStage):
    """Upper-cases the text, tags each article with its chunk-mates (a batch statistic, as
    the boilerplate and entity stages have) and logs what it processed."""

    name = "count"

    def __init__(self, suffix: str = "") -> None:
        self.suffix = suffix

    def run(self, articles):
        chunk = list(articles)
        for a in chunk:
            CALLS.append(a.id)
            a.text = a.raw.upper() + self.suffix
            a.extras["count.mates"] = len(chunk)
            if "bad" in a.raw:
                a.errors.append("count: bad")
            yield a


def _articles(texts):
    return [Article.from_raw(t, f"{i}.txt") for i, t in enumerate(texts)]


def _run(cache, stages, texts, chunk_size=2):
    CALLS.clear()
    ex = LocalExecutor(stages, workers=1, chunk_size=chunk_size)
    return list(cache.run(ex, _articles(texts), chunk_size, stages))


@pytest.fixture
def cache(tmp_path):
    stages = [Count()]
    c = StageCache(tmp_path / "stages.sqlite", stages_fingerprint(stages))
    yield c, stages
    c.close()


TEXTS = ["one a", "two b", "three c", "four d", "five e"]


def test_second_run_reads_every_chunk_and_gives_the_same_articles(cache):
    c, stages = cache
    first = _run(c, stages, TEXTS)
    assert len(CALLS) == 5 and c.misses == 3 and c.hits == 0
    second = _run(c, stages, TEXTS)
    assert CALLS == [] and c.hits == 3
    assert [a.to_dict() for a in second] == [a.to_dict() for a in first]
    assert [a.text for a in second] == [t.upper() for t in TEXTS]


def test_only_changed_chunks_run_and_order_is_kept(cache):
    c, stages = cache
    _run(c, stages, TEXTS)
    texts = ["one a", "two b", "THREE changed", "four d", "five e"]
    out = _run(c, stages, texts)
    # chunk 2 (articles 3 and 4) changed: only it runs; chunks 1 and 3 are read back
    assert sorted(CALLS) == sorted(a.id for a in _articles(texts)[2:4])
    assert [a.text for a in out] == [t.upper() for t in texts]


def test_a_chunk_with_other_mates_or_order_is_a_miss(cache):
    c, stages = cache
    _run(c, stages, TEXTS)
    out = _run(c, stages, ["two b", "one a", "three c", "four d", "five e"])
    assert len(CALLS) == 2  # the swapped first chunk; the other two are hits
    _run(c, stages, TEXTS, chunk_size=3)  # other chunk boundaries: batch stats differ
    assert len(CALLS) == 5
    assert all(a.extras["count.mates"] == (2 if i < 4 else 1) for i, a in enumerate(out))


def test_other_settings_or_code_is_a_new_key(tmp_path, monkeypatch):
    path = tmp_path / "stages.sqlite"
    a = StageCache(path, stages_fingerprint([Count()]))
    _run(a, [Count()], TEXTS)
    b = StageCache(path, stages_fingerprint([Count(suffix="!")]))
    out = _run(b, [Count(suffix="!")], TEXTS)
    assert len(CALLS) == 5 and b.hits == 0 and out[0].text == "ONE A!"
    # any change to the package's files is a new fingerprint, hence a new key
    monkeypatch.setattr(stagecache, "_FINGERPRINT", "another version of the code")
    c = StageCache(path, stages_fingerprint([Count()]))
    _run(c, [Count()], TEXTS)
    assert len(CALLS) == 5 and c.hits == 0
    for x in (a, b, c):
        x.close()


def test_another_version_of_a_dependency_is_another_fingerprint(monkeypatch):
    """A stage's result may change with a library (regex, wordfreq, babel...) as well as with
    the package's own files: the fingerprint carries every installed distribution's version."""
    from importlib import metadata

    assert "numpy==" in stagecache.environment()  # installed, so listed
    monkeypatch.setattr(stagecache, "_FINGERPRINT", None)
    before = stagecache.code_fingerprint()
    real = list(metadata.distributions())

    class Bumped:
        def __init__(self, dist):
            self.metadata, self.version = dist.metadata, dist.version + ".post999"

    bumped = [Bumped(d) if (d.metadata["Name"] or "").lower() == "numpy" else d for d in real]
    monkeypatch.setattr(metadata, "distributions", lambda: iter(bumped))
    monkeypatch.setattr(stagecache, "_FINGERPRINT", None)
    after = stagecache.code_fingerprint()
    assert after != before
    monkeypatch.setattr(metadata, "distributions", lambda: iter(real))
    monkeypatch.setattr(stagecache, "_FINGERPRINT", None)
    assert stagecache.code_fingerprint() == before  # and nothing else moved it


def test_chunks_with_a_stage_failure_are_not_kept(cache):
    c, stages = cache
    texts = ["ok a", "bad b", "ok c"]
    _run(c, stages, texts)
    _run(c, stages, texts)
    assert len(CALLS) == 2 and c.hits == 1  # the failing chunk ran again


def test_a_row_gone_before_its_turn_is_computed(cache):
    c, stages = cache
    first = _run(c, stages, TEXTS)
    real_get = c.get
    c.get = lambda key: None if key == c.key(_articles(TEXTS)[:2]) else real_get(key)
    out = _run(c, stages, TEXTS)
    assert len(CALLS) == 2
    assert [x.to_dict() for x in out] == [x.to_dict() for x in first]


def test_the_file_is_kept_under_its_size(tmp_path):
    stages = [Count()]
    c = StageCache(tmp_path / "s.sqlite", stages_fingerprint(stages), max_mb=0)
    _run(c, stages, TEXTS)
    kept = c.file.conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
    assert kept == 0
    c.close()


def test_an_unreadable_row_is_recomputed_with_a_warning(cache, caplog):
    c, stages = cache
    _run(c, stages, TEXTS)
    c.file.conn.execute("UPDATE chunks SET data = x'00ff'")
    with caplog.at_level(logging.WARNING):
        out = _run(c, stages, TEXTS)
    assert len(CALLS) == 5 and [a.text for a in out] == [t.upper() for t in TEXTS]
    assert "unreadable" in caplog.text


def test_off_with_the_user_cache(monkeypatch):
    monkeypatch.setenv("RASHOMON_CACHE_DIR", "off")
    assert StageCache.for_stages([Count()]) is None
    monkeypatch.setenv("RASHOMON_CACHE_DIR", "/tmp/x")
    monkeypatch.setenv("RASHOMON_STAGE_CACHE", "off")
    assert StageCache.for_stages([Count()]) is None


def _articles_of(out):
    data = json.loads((out / "dossier.json").read_text("utf-8"))
    return data["articles"]


@pytest.mark.slow
def test_a_build_into_a_new_folder_reads_the_stages_and_builds_the_same_dossier(
    seeds_dir, tmp_path, monkeypatch
):
    from rashomon.build import build
    from rashomon.config import Config

    monkeypatch.setenv("RASHOMON_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("RASHOMON_STAGE_CACHE", raising=False)
    config = Config()
    config.executor.chunk_size = 2
    cold = build([str(seeds_dir)], tmp_path / "a", config)
    assert cold.cached_chunks == 0 and cold.processed == 5
    # another setting of a corpus step only (so the finished dossier is not reused whole,
    # pipeline/dossiercache.py): the per-article stages are read back
    config.stories.max_days_apart += 1
    warm = build([str(seeds_dir)], tmp_path / "b", config)
    assert not warm.reused and warm.cached_chunks == 3 and warm.processed == 5
    assert _articles_of(tmp_path / "b") == _articles_of(tmp_path / "a")
    a = json.loads((tmp_path / "a" / "dossier.json").read_text("utf-8"))
    b = json.loads((tmp_path / "b" / "dossier.json").read_text("utf-8"))
    for key in ("stories", "claims", "discrepancies", "entities"):
        assert a.get(key) == b.get(key), key
    # a setting of the per-article stages: computed again
    config.entities.min_confidence = 0.9
    other = build([str(seeds_dir)], tmp_path / "c", config)
    assert other.cached_chunks == 0


class NoStart(LocalExecutor):
    """An executor that must not be started."""

    def run(self, articles):
        raise AssertionError("the executor was started although every chunk was cached")


def test_no_executor_is_started_when_every_chunk_is_cached(cache):
    c, stages = cache
    first = _run(c, stages, TEXTS)
    CALLS.clear()
    out = list(c.run(NoStart(stages), _articles(TEXTS), 2, stages))
    assert [a.to_dict() for a in out] == [a.to_dict() for a in first]


@pytest.mark.slow
def test_the_dask_executor_behind_the_cache(tmp_path):
    pytest.importorskip("distributed")
    from rashomon.executors.dask import DaskExecutor

    stages = [Count()]
    c = StageCache(tmp_path / "s.sqlite", stages_fingerprint(stages))
    ex = DaskExecutor(stages, workers=1, chunk_size=2)
    first = list(c.run(ex, _articles(TEXTS), 2, stages))
    second = list(c.run(ex, _articles(TEXTS), 2, stages))
    assert c.misses == 3 and c.hits == 3
    assert [a.text for a in second] == [a.text for a in first] == [t.upper() for t in TEXTS]
    c.close()
