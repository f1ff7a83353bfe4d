"""Reading a build's inputs into its store: which inputs, which articles are new, the
per-article stages over them, storing what they return (`rashomon.build.build` runs these in
order), and the first reading pass of the dossier cache."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rashomon.config import Config
from rashomon.executors import make_executor
from rashomon.pipeline.default import article_stages
from rashomon.readers.base import ReadFailure, expand_paths, read_inputs
from rashomon.readers.names import display_name
from rashomon.record import Article
from rashomon.store.sqlite import Store

if TYPE_CHECKING:
    from rashomon.build import BuildResult

log = logging.getLogger(__name__)


class StrictModeError(RuntimeError):
    """Raised in strict mode at the first input that cannot be read."""


class NoInputError(FileNotFoundError):
    """None of the inputs exists (a typo): nothing is created, not even an empty dossier."""


def check_inputs(paths: list[str]) -> None:
    missing = [p for p in paths if p != "-" and not os.path.lexists(p)]
    if paths and len(missing) == len(paths):
        raise NoInputError(
            f"no such file or folder: {', '.join(display_name(p) for p in missing)} "
            "(nothing was created)"
        )


def failure_recorder(
    store: Store,
    run_id: int,
    result: BuildResult,
    on_failure: Callable[[ReadFailure], None] | None,
    strict: bool,
) -> Callable[[ReadFailure], None]:
    """What to do with an input that cannot be read or stored: count it, record it, say it
    (and stop in strict mode)."""

    def failed(f: ReadFailure) -> None:
        f = ReadFailure(display_name(f.source), f.reason)
        result.failures.append(f)
        store.record_failure(f.source, f.reason, run_id)
        if on_failure:
            on_failure(f)
        if strict:
            raise StrictModeError(f"{f.source}: {f.reason}")

    return failed


def fresh_articles(
    paths: list[str],
    out: Path,
    config: Config,
    store: Store,
    result: BuildResult,
    failed: Callable[[ReadFailure], None],
    rebuild: bool,
    read_hash: list[bytes] | None,
) -> Iterator[Article]:
    """The articles of the inputs that the stages must process: not a duplicate of an
    earlier input of this run, and (unless `rebuild`) not in the store yet."""
    seen: set[str] = set()
    for article in read_inputs(
        outside(paths, out, failed, result.hidden.append), config.limits, failed
    ):
        result.read += 1
        article.source = display_name(article.source)
        if read_hash is not None:
            read_hash.append(hashlib.sha256(pickle.dumps(article, protocol=5)).digest())
        if article.id in seen:
            result.duplicates += 1
            log.info("%s has the same content as an earlier input; kept once", article.source)
            store.add_source(article.source, article.id)  # the input is not lost
            continue
        seen.add(article.id)
        if not rebuild and store.has_article(article.id):
            result.skipped += 1
            store.add_source(article.source, article.id)
            continue
        yield article


def run_stages(fresh: Iterator[Article], config: Config) -> tuple[Any, Iterator[Article]]:
    """The per-article stages over `fresh`, on the configured executor: (the stage cache or
    None, the processed articles)."""
    stages = article_stages(config)
    executor = make_executor(stages, config.executor)
    # Chunks of articles seen before (same chunk, same code and settings) are read from
    # the user-level stage cache instead of computed (pipeline/stagecache.py).
    from rashomon.pipeline.stagecache import StageCache

    stage_cache = StageCache.for_stages(stages)
    if stage_cache is None:
        return None, executor.run(fresh)
    return stage_cache, stage_cache.run(executor, fresh, config.executor.chunk_size, stages)


def store_articles(
    store: Store,
    articles: Iterable[Article],
    run_id: int,
    result: BuildResult,
    failed: Callable[[ReadFailure], None],
    new_ids: list[str],
    pending: set[str],
    strict: bool,
    progress: Callable[[Article], None] | None,
) -> None:
    """Store each processed article; its id joins `new_ids` (the corpus steps' work)."""
    for article in articles:
        if article.errors:
            if strict:
                raise StrictModeError(f"{article.source}: {article.errors[0]}")
            result.stage_errors.append((article.source, list(article.errors)))
        try:
            store.upsert_article(article, run_id)
        except (UnicodeError, ValueError, OverflowError) as exc:
            # Text a reader let through that SQLite refuses (e.g. a lone surrogate from
            # a JSON escape): this article fails by name, the batch goes on.
            log.warning("cannot store %s: %s", article.source, exc)
            failed(ReadFailure(article.source, f"cannot store: {type(exc).__name__}: {exc}"))
            continue
        if article.id not in pending:  # (--rebuild may reprocess a pending one)
            new_ids.append(article.id)
        result.processed += 1
        result.article_errors += bool(article.errors)
        if progress:
            progress(article)


def scan_inputs(paths: list[str], out: Path, config: Config) -> Any:
    """The first reading pass of a build into a new folder: the dossier cache's key."""
    from rashomon.pipeline.dossiercache import scan

    failures: list[tuple[str, str]] = []
    hidden: list[str] = []

    def failed(f: ReadFailure) -> None:
        failures.append((display_name(f.source), f.reason))

    def articles() -> Iterator[Article]:
        for article in read_inputs(
            outside(paths, out, failed, hidden.append), config.limits, failed
        ):
            article.source = display_name(article.source)
            yield article

    return scan(articles(), config, failures, hidden)


def same_reading(scanned: Any, read_hash: list[bytes], result: BuildResult) -> bool:
    """Did the build read what the first pass read (no input changed in between)?"""
    from rashomon.pipeline.dossiercache import article_hashes_key

    return (
        scanned.read == result.read
        and [(f.source, f.reason) for f in result.failures] == scanned.failures
        and article_hashes_key(read_hash) == scanned.articles_key
    )


def outside(
    paths: list[str],
    out: Path,
    failed: Callable[[ReadFailure], None],
    hidden: Callable[[str], None] | None = None,
) -> Iterator[str]:
    """The input files, less those inside the dossier folder: with `--out` inside an input
    folder, a build read its own lock file, store, dossier.json and report.html as articles."""
    real_out = os.path.realpath(out)  # realpath, not Path.resolve: that raises on a link loop
    for path in expand_paths(paths, failed, hidden):
        if path != "-" and os.path.commonpath([os.path.realpath(path), real_out]) == real_out:
            log.info("%s is inside the dossier folder %s; not an input", path, out)
            continue
        yield path
