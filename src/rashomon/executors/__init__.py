"""Executors run one stage list on different runtimes (in process, process pool, Dask).

Every executor has `run(articles) -> Iterator[Article]` and yields the articles in input
order, so the store and the dossier do not depend on the runtime.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from rashomon.executors.local import LocalExecutor, chunked

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from rashomon.config import ExecutorConfig
    from rashomon.pipeline.base import Stage, StageFn
    from rashomon.record import Article

BACKENDS = ("local", "dask")


class Executor(Protocol):
    def run(self, articles: Iterable[Article]) -> Iterator[Article]: ...


def make_executor(stages: list[Stage | StageFn], config: ExecutorConfig) -> Executor:
    """The executor that `[executor] backend` names, built from its settings."""
    if config.backend == "local":
        return LocalExecutor(stages, workers=config.workers, chunk_size=config.chunk_size)
    if config.backend == "dask":
        from rashomon.executors.dask import DaskExecutor
        from rashomon.models.cache import cpu_threads

        return DaskExecutor(
            stages,
            scheduler=config.scheduler,
            workers=config.workers or cpu_threads(),
            chunk_size=config.chunk_size,
            in_flight_per_worker=config.in_flight_per_worker,
        )
    raise ValueError(
        f"unknown executor backend {config.backend!r}; use one of: {', '.join(BACKENDS)}"
    )


__all__ = ["BACKENDS", "Executor", "LocalExecutor", "chunked", "make_executor"]
