"""The user-level cache of the per-article stages' results: a build of articles already seen
(into a new folder, with other corpus-step settings, after the dossier was deleted) skips the
per-article work and reads what the stages made of them last time.

Unit: one chunk. Some stages look at the whole chunk they run on (boilerplate lines recurring
across the chunk, the entity detector's batch statistics), so an article's result depends on
its chunk-mates, not on its text alone. The cache therefore stores and finds whole chunks, cut
exactly as the executor cuts them (`[executor] chunk_size` articles in input order), and a hit
gives back what a cold run of that chunk gives, byte for byte; a chunk with any other article,
or in another order, is a miss and runs the stages.

Key (`chunk_key`): SHA-256 of
- the code fingerprint: the bytes of every file of the installed `rashomon` package (code,
  gazetteers, tagger weights, language packs), the Python version and the name and version of
  every installed distribution (a new regex, babel or wordfreq can change what a stage makes
  of an article): any change to the code, its data or its environment is a new key, so nothing
  computed by another version is ever read;
- the stage list as pickled before its first use (every stage keeps only its settings until
  then: `pipeline.base`), i.e. the configuration the stages see;
- each input article as the stages receive it (id, source name, raw text, reader fields).

Stored (by `store/chunkcache.py`) in `stages.sqlite` in the user cache folder (`rashomon.models.cache.cache_dir()`), next
to the vector cache; `RASHOMON_CACHE_DIR=off` turns both off, `RASHOMON_STAGE_CACHE=off`
this one alone (the test suite does: a test that patches a stage's code must see it run). Chunks in which a stage failed
on an article are not stored (the failure may not happen again). The file is kept under
`RASHOMON_STAGE_CACHE_MB` (default 1024) by dropping the chunks used longest ago. Like every
cache here it only saves time: a file that cannot be opened, read or written is skipped with a
warning. The file holds pickles: it is the user's own cache folder, trusted as the ONNX graph
cached next to it is.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sqlite3
import sys
import time
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path

from rashomon.record import Article

log = logging.getLogger(__name__)

FILE_NAME = "stages.sqlite"
DEFAULT_MB = 1024

_FINGERPRINT: str | None = None


def code_fingerprint() -> str:
    """SHA-256 over every file of the `rashomon` package (path and bytes), the Python
    version and the installed distributions' versions (`environment`); computed once per
    process (~7 MB read)."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        import rashomon

        root = Path(rashomon.__file__).resolve().parent
        h = hashlib.sha256()
        h.update(sys.version.encode())
        h.update(environment().encode())
        for path in sorted(root.rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            h.update(str(path.relative_to(root)).encode() + b"\0")
            h.update(path.read_bytes())
            h.update(b"\0")
        _FINGERPRINT = h.hexdigest()
    return _FINGERPRINT


def environment() -> str:
    """`name==version` of every distribution installed beside rashomon, sorted, one a line
    (numpy, regex, wordfreq, onnxruntime, ...: what the stages' results may depend on)."""
    from importlib import metadata

    seen = set()
    for dist in metadata.distributions():
        name = (dist.metadata["Name"] or "").strip().lower()
        if name and name != "rashomon":
            seen.add(f"{name}=={dist.version}")
    return "\n".join(sorted(seen))


def stages_fingerprint(stages: list) -> str:
    """The code fingerprint, the stage list's settings (its pickle before first use) and the
    pair cross-encoder's weight (`RASHOMON_CROSS_TOP` may change it)."""
    from rashomon.claims.pairmodel import cross_top_weight
    from rashomon.entities import tagger, translit

    h = hashlib.sha256(code_fingerprint().encode())
    h.update(f"cross-top {cross_top_weight()}".encode())
    h.update(f"translit-nn {translit.neural_enabled()}".encode())
    h.update(f"ner-nn {tagger.neural_setting()}".encode())
    h.update(pickle.dumps(stages, protocol=5))
    return h.hexdigest()


def chunk_key(version: str, chunk: list[Article]) -> str:
    h = hashlib.sha256(version.encode())
    for article in chunk:
        h.update(pickle.dumps(article, protocol=5))
    return h.hexdigest()


class StageCache:
    """`get(key)` / `put(key, articles)` on `stages.sqlite`; `run` wraps an executor."""

    def __init__(
        self, path: str | Path, version: str, *, max_mb: int | None = None, timeout: float = 30.0
    ) -> None:
        self.path = Path(path)
        self.version = version
        if max_mb is None:
            env = os.environ.get("RASHOMON_STAGE_CACHE_MB", "").strip()
            max_mb = int(env) if env.isdigit() else DEFAULT_MB
        self.max_bytes = max_mb * 1024 * 1024
        self.hits = 0
        self.misses = 0
        from rashomon.store.chunkcache import ChunkFile

        self.file = ChunkFile(self.path, timeout)

    @classmethod
    def for_stages(cls, stages: list) -> StageCache | None:
        """The user's stage cache for this stage list, or None when the user cache is off or
        cannot be opened. Call before the stages first run (their pickle is the key)."""
        from rashomon.models.cache import OFF, cache_dir, vector_cache_enabled

        if (
            not vector_cache_enabled()
            or os.environ.get("RASHOMON_STAGE_CACHE", "").strip().lower() in OFF
        ):
            return None
        try:
            version = stages_fingerprint(stages)
        except (pickle.PicklingError, TypeError, AttributeError) as exc:
            log.warning("per-article stage cache off: the stages do not pickle (%s)", exc)
            return None
        path = cache_dir() / FILE_NAME
        try:
            return cls(path, version)
        except (sqlite3.Error, OSError) as exc:
            log.warning("stage cache %s unavailable (%s); continuing without it", path, exc)
            return None

    def key(self, chunk: list[Article]) -> str:
        return chunk_key(self.version, chunk)

    def has(self, key: str) -> bool:
        try:
            return self.file.has(key)
        except sqlite3.Error as exc:
            log.warning("stage cache %s unreadable (%s)", self.path, exc)
            return False

    def get(self, key: str) -> list[Article] | None:
        try:
            data = self.file.get(key)
            if data is None:
                return None
            articles = pickle.loads(zlib.decompress(data))
            self.file.touch(key, time.time())
            return articles
        except (
            sqlite3.Error,
            zlib.error,
            pickle.UnpicklingError,
            EOFError,
            AttributeError,
            ImportError,
            TypeError,
        ) as exc:
            log.warning("stage cache %s: chunk unreadable (%s); recomputed", self.path, exc)
            return None

    def put(self, key: str, articles: list[Article]) -> None:
        if any(a.errors for a in articles):
            return
        blob = zlib.compress(pickle.dumps(articles, protocol=5), 1)
        try:
            with self.file.writing():
                self.file.put(key, len(articles), blob, time.time())
                self._trim()
        except sqlite3.Error as exc:
            log.warning("stage cache %s not written (%s)", self.path, exc)

    def _trim(self) -> None:
        """Drop the chunks used longest ago until the file is under its size."""
        total = self.file.total_size()
        if total <= self.max_bytes:
            return
        for key, size in self.file.least_recently_used():
            if total <= self.max_bytes:
                break
            self.file.evict(key)
            total -= size

    def close(self) -> None:
        self.file.close()

    def run(
        self, executor, articles: Iterable[Article], chunk_size: int, stages: list
    ) -> Iterator[Article]:
        """The executor's output for `articles`, with cached chunks read instead of computed.

        The input is cut into chunks of `chunk_size` (as the executors cut it); the chunks
        found in the cache are read back, the others are handed, in order, to one
        `executor.run` call, so they are cut there exactly as here (every chunk but the input's
        last is full) and run in parallel as before. Output order is input order."""
        from rashomon.executors.local import chunked
        from rashomon.pipeline.base import run_stages

        # Per chunk of the input, in order: (key, chunk) for a hit (the input kept in case the
        # row is gone when its turn comes), (key, n) for a miss whose n articles come out of
        # the executor.
        plan: deque[tuple[str, int | list[Article]]] = deque()

        source = chunked(articles, chunk_size)

        def plan_chunk(chunk: list[Article]) -> bool:
            """Add the chunk to the plan; True when it is a miss."""
            key = self.key(chunk)
            if self.has(key):
                plan.append((key, chunk))
                return False
            plan.append((key, len(chunk)))
            return True

        def misses(first: list[Article]) -> Iterator[Article]:
            yield from first
            for chunk in source:
                if plan_chunk(chunk):
                    yield from chunk

        # The executor starts at the first miss only (a pool or a Dask cluster costs seconds
        # to start: a build whose chunks are all cached starts none).
        out: Iterator[Article] | None = None
        ready: deque[Article] = deque()  # computed articles pulled ahead of their turn
        done = False
        while True:
            if not plan:
                if done:
                    return
                if out is None:
                    chunk = next(source, None)
                    if chunk is None:
                        done = True
                    elif plan_chunk(chunk):
                        out = iter(executor.run(misses(chunk)))
                    continue
                try:
                    ready.append(next(out))  # advances the input: fills `plan`
                except StopIteration:
                    done = True
                continue
            key, n = plan[0]
            if isinstance(n, list):
                plan.popleft()
                got = self.get(key)
                if got is not None:
                    self.hits += 1
                    yield from got
                else:  # trimmed by another process since `has`: computed here
                    self.misses += 1
                    got = list(run_stages(stages, n))
                    self.put(key, got)
                    yield from got
                continue
            assert out is not None  # a miss is planned only once the executor is started
            while len(ready) < n:
                try:
                    ready.append(next(out))
                except StopIteration:
                    break
            batch = [ready.popleft() for _ in range(min(n, len(ready)))]
            plan.popleft()
            self.misses += 1
            if len(batch) == n:
                self.put(key, batch)
            yield from batch
