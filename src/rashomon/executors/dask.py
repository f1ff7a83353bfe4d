"""The Dask executor: the same stage list, run on a Dask cluster.

Either a `LocalCluster` of worker processes on this machine (`workers` of them, one thread
each) or a running cluster given by its scheduler address (`tcp://host:8786`). The contract is
the one of `LocalExecutor`: `run(articles)` yields the processed articles *in input order*, so
the client writes them to the store in the same order as a local run and the dossier is the
same whatever the runtime.

How the work moves:
- the stage list is sent once to every worker (`scatter(..., broadcast=True)`); each worker
  keeps it, so a stage's lazily loaded model is loaded once per worker, not once per task;
- the input is cut into chunks of `chunk_size` articles; each chunk is one task that runs the
  whole per-article stage list (`run_stages`), so stages that look at a whole chunk
  (`Stage.run`) still see one;
- at most `in_flight_per_worker` chunks per worker thread are submitted at a time: the input
  is read lazily and never held in memory, and neither are the results.

Why results come back to the client rather than to Parquet shards that the store imports:
the store is one SQLite file with a single writer (the client holds its lock), articles are
small (a few kB), and writing them in input order keeps `seq`, hence the dossier, identical to
a local run. Shards would add a second format and an import step whose cost is the same
upsert; they pay off only when the client's network link is the bottleneck, which a text
pipeline whose stages cost ~10-100 ms per article is far from.

The corpus steps (clustering, alignment) do not run here: they run on the client after the
per-article stages, over the store, with the ids of the new articles (see `build.py`).
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from rashomon.executors.local import chunked
from rashomon.pipeline.base import Stage, StageFn, run_stages
from rashomon.record import Article

log = logging.getLogger(__name__)

INSTALL_HINT = "pip install 'rashomon[dask]'"


class DaskUnavailableError(RuntimeError):
    """dask.distributed is not installed, or the cluster cannot be used."""


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:  # pragma: no cover - the test environment has the extra
        raise DaskUnavailableError(
            f"the Dask executor needs dask.distributed, which is not installed: {INSTALL_HINT}"
        ) from exc
    return distributed


def _run_chunk(stages: list[Stage | StageFn], chunk: list[Article]) -> list[Article]:
    return list(run_stages(stages, chunk))


def _worker_version() -> str:
    from rashomon import __version__

    return __version__


class DaskExecutor:
    """Run the per-article stages on a Dask cluster, results back in input order.

    `scheduler`: address of a running scheduler, or "" / None for a `LocalCluster` of
    `workers` processes started (and stopped) by `run`.
    """

    def __init__(
        self,
        stages: list[Stage | StageFn],
        *,
        scheduler: str | None = None,
        workers: int = 2,
        chunk_size: int = 64,
        in_flight_per_worker: int = 2,
        connect_timeout: float = 20.0,
    ) -> None:
        self.stages = stages
        self.connect_timeout = connect_timeout
        self.scheduler = scheduler or None
        self.workers = max(1, workers)
        self.chunk_size = max(1, chunk_size)
        self.in_flight_per_worker = max(1, in_flight_per_worker)

    # -- cluster -------------------------------------------------------------------------------
    def _connect(self) -> tuple[Any, Any]:
        distributed = _import_distributed()
        if not log.isEnabledFor(logging.INFO):
            # distributed logs every connection at INFO on its own handler; keep it for -v.
            logging.getLogger("distributed").setLevel(logging.WARNING)
        if self.scheduler:
            try:
                client = distributed.Client(self.scheduler, timeout=self.connect_timeout)
            except (OSError, TimeoutError) as exc:
                raise DaskUnavailableError(
                    f"cannot reach the Dask scheduler at {self.scheduler}: {exc}. Start one "
                    "(`dask scheduler`, then `dask worker ADDRESS` on each machine) or leave "
                    "out --scheduler to use a local cluster"
                ) from exc
            return client, None
        cluster = distributed.LocalCluster(
            n_workers=self.workers,
            threads_per_worker=1,  # stages share lazily loaded models: one thread per process
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        return distributed.Client(cluster), cluster

    def _check_workers(self, client: Any) -> int:
        """Every worker must import the same rashomon as the client; returns worker threads."""
        from rashomon import __version__

        try:
            versions = client.run(_worker_version)
        except Exception as exc:  # noqa: BLE001 - a worker without rashomon fails to unpickle
            raise DaskUnavailableError(
                "the Dask workers cannot run rashomon; install the same version on every "
                f"worker machine (pip install rashomon=={__version__}): {exc}"
            ) from exc
        wrong = {w: v for w, v in versions.items() if v != __version__}
        if wrong:
            raise DaskUnavailableError(
                f"Dask workers run another rashomon version than this client ({__version__}): "
                + ", ".join(f"{w}={v}" for w, v in sorted(wrong.items()))
            )
        threads = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
        if threads == 0:
            raise DaskUnavailableError(f"the Dask cluster at {self.scheduler} has no worker")
        return threads

    # -- running -------------------------------------------------------------------------------
    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        client, cluster = self._connect()
        try:
            threads = self._check_workers(client)
            log.info("dask: %d worker thread(s) at %s", threads, client.scheduler.address)
            [stages] = client.scatter([self.stages], broadcast=True, hash=False)
            limit = threads * self.in_flight_per_worker
            pending: deque[Any] = deque()
            for chunk in chunked(articles, self.chunk_size):
                pending.append(client.submit(_run_chunk, stages, chunk, pure=False))
                if len(pending) >= limit:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
