"""Building a dossier: read inputs, run the per-article stages, store, run the corpus steps,
write `dossier.json` and `report.html`. The CLI is a thin wrapper over `build`.

Resuming: an article whose id is already in the store is not processed again (ids come from
content), so re-running `build` on the same inputs is idempotent and a killed run resumes
where it stopped. `rebuild=True` reprocesses everything.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rashomon.config import Config, ExecutorConfig
from rashomon.executors import make_executor
from rashomon.pipeline.default import article_stages, corpus_steps
from rashomon.readers.base import ReadFailure, expand_paths, read_inputs
from rashomon.readers.names import display_name
from rashomon.record import Article
from rashomon.store.sqlite import Store

log = logging.getLogger(__name__)

STORE_NAME = "dossier.sqlite"
JSON_NAME = "dossier.json"
REPORT_NAME = "report.html"


class StrictModeError(RuntimeError):
    """Raised in strict mode at the first input that cannot be read."""


class NoDossierError(FileNotFoundError):
    """`add` was pointed at a folder that holds no dossier."""


class NoInputError(FileNotFoundError):
    """None of the inputs exists (a typo): nothing is created, not even an empty dossier."""


@dataclass(slots=True)
class BuildResult:
    out_dir: Path
    read: int = 0  # articles read from the inputs
    processed: int = 0  # articles run through the stages in this run
    skipped: int = 0  # already in the store (resume / idempotent re-run)
    duplicates: int = 0  # same content as another input of this run
    failures: list[ReadFailure] = field(default_factory=list)
    article_errors: int = 0  # stage failures recorded on articles
    # (source, errors) of the articles with stage failures: the --json summary names them.
    stage_errors: list[tuple[str, list[str]]] = field(default_factory=list)
    total_articles: int = 0
    # Hidden files and folders (names starting with ".") met in input folders: not read
    # (editor backups, .DS_Store, .git), but said, so nothing goes missing without a word.
    hidden: list[str] = field(default_factory=list)
    # Times the store read each article's text in this run (Store.text_reads): the texts the
    # stages produced, and the ones read once, are kept for the corpus steps and the outputs.
    text_reads: dict[str, int] = field(default_factory=dict)
    # Chunks of articles whose per-article stages were read from the user-level stage cache.
    cached_chunks: int = 0
    # The whole dossier was copied from the user's dossier cache (same inputs, settings, code).
    reused: bool = False
    # Nothing to do: no new article, source or failure since a complete run with the same
    # settings and code; the corpus steps and the outputs were not run again.
    up_to_date: bool = False

    @property
    def nothing_read(self) -> bool:
        """True when no input of this run yielded an article (exit code 1 in the CLI)."""
        return self.read == 0


def build(
    paths: list[str],
    out_dir: str | Path,
    config: Config | None = None,
    *,
    strict: bool = False,
    rebuild: bool = False,
    command: str = "build",
    progress: Callable[[Article], None] | None = None,
    on_failure: Callable[[ReadFailure], None] | None = None,
    outputs: bool = True,
    on_stage: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build or update the dossier in `out_dir`; `outputs=False` updates the store only.
    `on_stage(name)` is called as each phase starts ("articles", then each corpus step's
    name, then "outputs"), for a progress bar."""
    stage = on_stage or (lambda name: None)
    config = config or Config()
    config.validate()  # before anything is read or created
    _check_inputs(paths)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    result = BuildResult(out_dir=out)
    # The same inputs, settings and code built before into another folder: copy that dossier
    # (pipeline/dossiercache.py). Only for a folder with no dossier yet.
    from rashomon.pipeline import dossiercache

    reuse = None
    if outputs and not strict and "-" not in paths and not (out / STORE_NAME).exists():
        reuse = dossiercache.DossierCache.user()
    scanned = None
    if reuse is not None:
        scanned = _scan(paths, out, config)
        if _restore(reuse, scanned, out, config, command, result, on_failure, stage):
            return result
    read_hash: list[bytes] = []  # what this run read, to check it is what `_scan` read
    _update_store(
        paths,
        out,
        config,
        result,
        strict=strict,
        rebuild=rebuild,
        command=command,
        progress=progress,
        on_failure=on_failure,
        outputs=outputs,
        stage=stage,
        read_hash=read_hash if scanned is not None else None,
    )
    if (
        reuse is not None
        and scanned is not None
        and not result.article_errors
        and _same_reading(scanned, read_hash, result)
    ):
        reuse.save(
            scanned.key, out, STORE_NAME, JSON_NAME, REPORT_NAME, dossiercache.summary_of(result)
        )
    return result


def _update_store(
    paths: list[str],
    out: Path,
    config: Config,
    result: BuildResult,
    *,
    strict: bool,
    rebuild: bool,
    command: str,
    progress: Callable[[Article], None] | None,
    on_failure: Callable[[ReadFailure], None] | None,
    outputs: bool,
    stage: Callable[[str], None],
    read_hash: list[bytes] | None,
) -> None:
    """Read the inputs into the store, run the stages and the corpus steps on what is new,
    write the outputs (`build` without the dossier cache)."""
    with Store(out / STORE_NAME, write=True) as store, store.keep_texts():
        run_id = store.begin_run(command, config.to_dict())
        changes = store.changes()  # rows written from here on: did this run change anything?
        failed = _failure_recorder(store, run_id, result, on_failure, strict)
        stage("articles")
        fresh = _fresh_articles(
            paths,
            out,
            config,
            store,
            result,
            failed,
            rebuild,
            read_hash,
        )
        stage_cache, articles_out = _run_stages(fresh, config)
        # Articles a killed run stored but did not take through the corpus steps: they go
        # through them with this run's new ones (crash resume; the steps are idempotent per id).
        pending = store.unfinished_article_ids()
        if pending:
            log.info("%d article(s) from an interrupted run rejoin the corpus steps", len(pending))
        new_ids: list[str] = list(pending)
        try:
            _store_articles(
                store,
                articles_out,
                run_id,
                result,
                failed,
                new_ids,
                set(pending),
                strict,
                progress,
            )
            # Nothing new since a run that took this store through every step and wrote the
            # outputs with these settings and this code: the dossier is up to date as it is.
            state = _state(config)
            result.up_to_date = outputs and _up_to_date(
                store, out, new_ids, pending, changes, state
            )
            if not result.up_to_date:
                _run_corpus_steps(store, new_ids, config, stage)
            if pending:
                store.adopt_articles(pending, run_id)
        except BaseException:
            store.finish_run(run_id, "failed")
            raise
        finally:
            if stage_cache is not None:
                result.cached_chunks = stage_cache.hits
                stage_cache.close()
        result.total_articles = store.count_articles()
        if outputs and not result.up_to_date:
            stage("outputs")
            write_outputs(store, out, config)
            store.put_meta_many(STATE_PREFIX, [("state", state)])
        store.finish_run(run_id, "ok" if not result.failures else "partial")
        result.text_reads = dict(store.text_reads)


def _check_inputs(paths: list[str]) -> None:
    missing = [p for p in paths if p != "-" and not os.path.lexists(p)]
    if paths and len(missing) == len(paths):
        raise NoInputError(
            f"no such file or folder: {', '.join(display_name(p) for p in missing)} "
            "(nothing was created)"
        )


def _restore(
    reuse: Any,
    scanned: Any,
    out: Path,
    config: Config,
    command: str,
    result: BuildResult,
    on_failure: Callable[[ReadFailure], None] | None,
    stage: Callable[[str], None],
) -> bool:
    """Copy the dossier the user's dossier cache holds for these inputs into `out`; True
    when it did (`result` then says what the cached build read)."""
    from rashomon.pipeline import dossiercache

    summary = reuse.summary(scanned.key)
    if summary is None:
        return False
    stage("articles")
    if not reuse.restore(
        scanned.key, out, STORE_NAME, JSON_NAME, REPORT_NAME, config, command, summary
    ):
        return False
    result.read, result.duplicates = scanned.read, scanned.duplicates
    result.failures = dossiercache.replay(scanned.failures, on_failure)
    result.hidden = scanned.hidden
    result.processed = summary["processed"]
    result.total_articles = summary["total_articles"]
    result.reused = True
    stage("outputs")
    return True


def _failure_recorder(
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


def _fresh_articles(
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
        _outside(paths, out, failed, result.hidden.append), config.limits, failed
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


def _run_stages(fresh: Iterator[Article], config: Config) -> tuple[Any, Iterator[Article]]:
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


def _store_articles(
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


def _run_corpus_steps(
    store: Store, new_ids: list[str], config: Config, stage: Callable[[str], None]
) -> None:
    """Every corpus step in order, over the new articles (the store's state is dropped first:
    a run killed here is not taken for a complete one)."""
    store.delete_meta_many(STATE_PREFIX, ["state"])
    for step in corpus_steps(config):
        stage(step.name)
        step.update(store, new_ids, config)


def _up_to_date(
    store: Store, out: Path, new_ids: list[str], pending: list[str], changes: int, state: str
) -> bool:
    """Nothing new since a complete run with the same settings and code, and its outputs are
    there."""
    return (
        not new_ids
        and not pending
        and store.changes() == changes
        and store.meta_many(STATE_PREFIX, ["state"]).get("state") == state
        and (out / JSON_NAME).is_file()
        and (out / REPORT_NAME).is_file()
    )


STATE_PREFIX = "build."


def _state(config: Config) -> str:
    """What the corpus steps and the outputs of a store depend on besides its articles: the
    code, the embedding model and the whole configuration (`dossier.json` shows it)."""
    import json

    from rashomon.models import embeddings
    from rashomon.pipeline.stagecache import code_fingerprint

    h = hashlib.sha256(code_fingerprint().encode())
    h.update(embeddings.default_embedder().name.encode() + b"\0")
    h.update(json.dumps(config.to_dict(), sort_keys=True, default=str).encode())
    return h.hexdigest()


def _scan(paths: list[str], out: Path, config: Config) -> Any:
    """The first reading pass of a build into a new folder: the dossier cache's key."""
    from rashomon.pipeline.dossiercache import scan

    failures: list[tuple[str, str]] = []
    hidden: list[str] = []

    def failed(f: ReadFailure) -> None:
        failures.append((display_name(f.source), f.reason))

    def articles() -> Iterator[Article]:
        for article in read_inputs(
            _outside(paths, out, failed, hidden.append), config.limits, failed
        ):
            article.source = display_name(article.source)
            yield article

    return scan(articles(), config, failures, hidden)


def _same_reading(scanned: Any, read_hash: list[bytes], result: BuildResult) -> bool:
    """Did the build read what the first pass read (no input changed in between)?"""
    from rashomon.pipeline.dossiercache import article_hashes_key

    return (
        scanned.read == result.read
        and [(f.source, f.reason) for f in result.failures] == scanned.failures
        and article_hashes_key(read_hash) == scanned.articles_key
    )


def _outside(
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


def add(
    out_dir: str | Path,
    paths: list[str],
    config: Config | None = None,
    *,
    executor: ExecutorConfig | None = None,
    **kwargs: Any,
) -> BuildResult:
    """Add articles to the existing dossier in `out_dir` and update it incrementally.

    Only the new articles go through the per-article stages (those already stored are
    skipped, by content id); the corpus steps get the ids of the new ones and update stories,
    entities, claims and discrepancies from there. Without `config`, the configuration the
    dossier was built with is reused (so the new articles are treated like the old ones),
    except `[executor]`: how to run is not part of what the dossier is, so it comes from
    `executor` (defaults: in process). `kwargs` go to `build` (strict, outputs, progress...).
    Raises `NoDossierError` if `out_dir` holds no dossier.
    """
    out = Path(out_dir)
    if not (out / STORE_NAME).is_file():
        raise NoDossierError(
            f"{out} holds no dossier ({STORE_NAME} not found); create one first with "
            f"`rashomon build PATH... --out {out}`"
        )
    if config is None:
        config = stored_config(out / STORE_NAME)
        config.executor = ExecutorConfig()
    if executor is not None:
        config.executor = executor
    return build(paths, out, config, command="add", **kwargs)


def stored_config(store_path: str | Path) -> Config:
    """The configuration of the last successful run on a store (defaults if none is usable)."""
    try:
        with Store(store_path) as store:
            stored = store.last_good_config()
        return Config() if stored is None else Config.from_dict(stored)
    except ValueError as exc:  # a store written by another version: say so, use defaults
        log.warning(
            "cannot reuse the configuration stored in %s (%s); using defaults", store_path, exc
        )
        return Config()


def write_outputs(store: Store, out: Path, config: Config) -> None:
    """Export `dossier.json` and `report.html` from the store (atomically: temp file, rename).

    dossier.json is streamed from the store (memory stays flat at any size); report.html is
    the full report up to `[report] full_articles` articles, a bounded one above
    (`rashomon.report.scope`)."""
    from rashomon.dossier import write_dossier
    from rashomon.report.scope import report_from_store

    tmp = out / (JSON_NAME + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            write_dossier(store, fh, config)
    except BaseException:
        tmp.unlink(missing_ok=True)  # the previous dossier.json stays as it was
        raise
    tmp.replace(out / JSON_NAME)
    _write_atomic(out / REPORT_NAME, report_from_store(store, config))


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
