"""Building a dossier: read inputs, run the per-article stages, store, run the corpus steps,
write `dossier.json` and `report.html`. The CLI is a thin wrapper over `build`.

Resuming: an article whose id is already in the store is not processed again (ids come from
content), so re-running `build` on the same inputs is idempotent and a killed run resumes
where it stopped. `rebuild=True` reprocesses everything.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rashomon.config import Config, ExecutorConfig
from rashomon.pipeline.default import corpus_steps
from rashomon.pipeline.ingest import NoInputError as NoInputError  # re-exported: the CLI's
from rashomon.pipeline.ingest import StrictModeError as StrictModeError
from rashomon.pipeline.ingest import (
    check_inputs,
    failure_recorder,
    fresh_articles,
    run_stages,
    same_reading,
    scan_inputs,
    store_articles,
)
from rashomon.readers.base import ReadFailure
from rashomon.record import Article
from rashomon.store.sqlite import Store

log = logging.getLogger(__name__)

STORE_NAME = "dossier.sqlite"
JSON_NAME = "dossier.json"
REPORT_NAME = "report.html"


class NoDossierError(FileNotFoundError):
    """`add` was pointed at a folder that holds no dossier."""


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
    check_inputs(paths)
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
        scanned = scan_inputs(paths, out, config)
        if _restore(reuse, scanned, out, config, command, result, on_failure, stage):
            return result
    read_hash: list[bytes] = []  # what this run read, to check it is what `scan` read
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
        and same_reading(scanned, read_hash, result)
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
        failed = failure_recorder(store, run_id, result, on_failure, strict)
        stage("articles")
        fresh = fresh_articles(
            paths,
            out,
            config,
            store,
            result,
            failed,
            rebuild,
            read_hash,
        )
        stage_cache, articles_out = run_stages(fresh, config)
        # Articles a killed run stored but did not take through the corpus steps: they go
        # through them with this run's new ones (crash resume; the steps are idempotent per id).
        pending = store.unfinished_article_ids()
        if pending:
            log.info("%d article(s) from an interrupted run rejoin the corpus steps", len(pending))
        new_ids: list[str] = list(pending)
        try:
            store_articles(
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
    if not reuse.restore(scanned.key, out, STORE_NAME, JSON_NAME, REPORT_NAME, config, command):
        return False
    result.read, result.duplicates = scanned.read, scanned.duplicates
    result.failures = dossiercache.replay(scanned.failures, on_failure)
    result.hidden = scanned.hidden
    result.processed = summary["processed"]
    result.total_articles = summary["total_articles"]
    result.reused = True
    stage("outputs")
    return True


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
    from rashomon.gloss.apply import glosser_for
    from rashomon.report.scope import report_from_store, scope_of

    # One glosser for both files: the statements and titles the report shows are glossed once,
    # for dossier.json, and reused (the same English lines in both).
    scope = scope_of(store, config)
    glosser = glosser_for(store, config)
    glosser.remember(None if scope is None else set(scope.shown))
    tmp = out / (JSON_NAME + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            write_dossier(store, fh, config, glosser=glosser)
    except BaseException:
        tmp.unlink(missing_ok=True)  # the previous dossier.json stays as it was
        raise
    tmp.replace(out / JSON_NAME)
    report = report_from_store(store, config, glosser=glosser, scope=scope)
    _write_atomic(out / REPORT_NAME, report)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
