"""Executors run one stage list on different runtimes (in process, process pool, Dask)."""

from rashomon.executors.local import LocalExecutor, chunked

__all__ = ["LocalExecutor", "chunked"]
