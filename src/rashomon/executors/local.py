"""The local executor: the stage list in this process, or over a process pool.

Work is cut into chunks of articles. With one worker the chunks stream through the stages in
process; with more, each chunk is sent to a worker process that runs the whole stage list on
it and sends the articles back. Order is kept either way, so the result does not depend on the
number of workers. `workers = 0` (the default) is automatic: a batch of one chunk runs in
process (a pool costs a second or two to start), a longer one on every core.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice

from rashomon.pipeline.base import Stage, StageFn, run_stages
from rashomon.record import Article


def chunked(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _run_chunk(stages: list[Stage | StageFn], chunk: list[Article]) -> list[Article]:
    return list(run_stages(stages, chunk))


_STAGES: list[Stage | StageFn] = []


def _set_stages(stages: list[Stage | StageFn]) -> None:
    """A worker's initializer: the stage list it runs on every chunk it is sent."""
    global _STAGES
    _STAGES = stages


def _run_pooled(chunk: list[Article]) -> list[Article]:
    return _run_chunk(_STAGES, chunk)


class LocalExecutor:
    def __init__(
        self, stages: list[Stage | StageFn], *, workers: int = 1, chunk_size: int = 64
    ) -> None:
        self.stages = stages
        self.workers = max(0, workers)
        self.chunk_size = max(1, chunk_size)

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        chunks = chunked(articles, self.chunk_size)
        workers = self.workers
        if workers == 0:
            from rashomon.models.cache import cpu_threads

            first = next(chunks, None)
            second = next(chunks, None)
            if first is None:
                return
            chunks = chain([first] if second is None else [first, second], chunks)
            workers = 1 if second is None else cpu_threads()
        if workers == 1:
            for chunk in chunks:
                yield from _run_chunk(self.stages, chunk)
            return
        # The first chunk runs here: the stages load their models and tables (tagger,
        # gazetteer, word frequencies: ~3 CPU-s) once, in this process, and the workers forked
        # after it inherit them instead of each loading its own; the corpus steps after the
        # stages find them loaded too. The stages go to each worker once (`initargs`), not
        # with every chunk.
        first = next(chunks, None)
        if first is None:
            return
        yield from _run_chunk(self.stages, first)
        # Keep at most 2 chunks per worker in flight: memory stays bounded on huge inputs.
        with ProcessPoolExecutor(
            max_workers=workers, initializer=_set_stages, initargs=(self.stages,)
        ) as pool:
            pending: list[Future[list[Article]]] = []
            for chunk in chunks:
                pending.append(pool.submit(_run_pooled, chunk))
                if len(pending) >= 2 * workers:
                    yield from pending.pop(0).result()
            for fut in pending:
                yield from fut.result()
