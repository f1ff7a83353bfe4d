"""The stories' heads embedded ahead on a thread (`CorpusStep.prefetch`) while the steps
before them run: the same stories, the model called on that thread only, and a build that
fails before them does not wait for all of it."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from rashomon import build as build_mod
from rashomon.config import Config
from rashomon.pipeline.base import CorpusStep
from rashomon.store.sqlite import Store
from rashomon.stories.cluster import StoryClustering
from rashomon.stories.hashing import HashingEmbedder
from rashomon.stories.near_duplicates import NearDuplicates

from .test_cluster import _articles, _config, _stories


class _Recording(HashingEmbedder):
    """The hashing embedder, noting the thread and the texts of each call."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, int]] = []

    def embed(self, texts, kind="query") -> np.ndarray:
        self.calls.append((threading.current_thread().name, len(texts)))
        return super().embed(texts, kind)


def _fill(store: Store) -> list[str]:
    arts = _articles()
    for a in arts:
        store.upsert_article(a)
    return [a.id for a in arts]


def test_prefetched_heads_give_the_same_stories_and_no_model_call_in_update(tmp_path, monkeypatch):
    monkeypatch.setenv("RASHOMON_CACHE_DIR", "off")  # the dossier's own cache, alone
    cfg = _config()
    with Store(tmp_path / "plain.sqlite", write=True) as store:
        ids = _fill(store)
        NearDuplicates().update(store, ids, cfg)
        plain = StoryClustering(embedder=_Recording())
        plain.update(store, ids, cfg)
        want = _stories(store)
    with Store(tmp_path / "ahead.sqlite", write=True) as store:
        ids = _fill(store)
        embedder = _Recording()
        step = StoryClustering(embedder=embedder)
        with ThreadPoolExecutor(1, thread_name_prefix="ahead") as pool:
            finish = step.prefetch(store, ids, cfg, pool)
            assert finish is not None
            NearDuplicates().update(store, ids, cfg)  # a step before it, meanwhile
            finish()
        calls = list(embedder.calls)
        step.update(store, ids, cfg)
        assert _stories(store) == want
        assert embedder.calls == calls  # update embedded nothing: all from the store
        assert {name.split("_")[0] for name, _ in calls} == {"ahead"}
        # two articles share their head: each distinct head embedded once
        assert sum(n for _, n in calls) == sum(n for _, n in plain.embedder.calls) == 5
        # the run's figures count what the thread computed as computed
        assert step.stats == {"computed": 5, "cached": 1} == plain.stats
    with Store(tmp_path / "ahead.sqlite", write=True) as store:
        assert StoryClustering(embedder=_Recording()).prefetch(store, [], cfg, pool) is None


class _Fails(CorpusStep):
    name = "fails"
    writes = frozenset({"entities"})

    def __init__(self, gate: threading.Event) -> None:
        self.gate = gate

    def update(self, store, new_ids, config) -> None:
        self.gate.set()
        raise RuntimeError("a step failed")


class _Ahead(CorpusStep):
    """Queues three pieces of model work; the first holds the thread until the step before
    it has failed."""

    name = "ahead"
    writes = frozenset({"stories"})

    def __init__(self, gate: threading.Event) -> None:
        self.gate, self.ran = gate, []

    def prefetch(self, store, new_ids, config, pool):
        def work(k: int) -> None:
            if k == 0:
                self.gate.wait(10)
                time.sleep(0.3)  # the build's clean-up cancels the rest meanwhile
            self.ran.append(k)

        futures = [pool.submit(work, k) for k in range(3)]
        return lambda: [f.result() for f in futures] and None

    def update(self, store, new_ids, config) -> None:  # pragma: no cover - never reached
        raise AssertionError("not reached")


def test_a_failing_step_cancels_the_queued_work_ahead(tmp_path, monkeypatch):
    gate = threading.Event()
    ahead = _Ahead(gate)
    monkeypatch.setattr(build_mod, "corpus_steps", lambda config: [_Fails(gate), ahead])
    with Store(tmp_path / "d.sqlite", write=True) as store:
        with pytest.raises(RuntimeError, match="a step failed"):
            build_mod._run_corpus_steps(store, ["a"], Config(), lambda name: None)
    assert ahead.ran == [0]  # the call under way finished; the queued ones never started
