"""`rashomon add DIR PATH...`: add articles to an existing dossier, incrementally."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from rashomon.build import (
    JSON_NAME,
    STORE_NAME,
    BuildResult,
    NoDossierError,
    NoInputError,
    StrictModeError,
    add,
)
from rashomon.cli import app
from rashomon.cli.build import (
    AS_JSON,
    EXECUTOR,
    STRICT,
    WORKERS,
    _m,
    apply_executor_options,
    err,
    exit_if_nothing_read,
    fail_on_out,
    say_hidden,
    say_skipped,
    summary_of,
)
from rashomon.config import Config, ExecutorConfig
from rashomon.executors.dask import DaskUnavailableError
from rashomon.store.sqlite import StoreLockedError


@app.command("add")
def add_cmd(
    out: Path = typer.Argument(..., help="The dossier folder (made by `rashomon build`)."),
    paths: list[str] = typer.Argument(..., help="Files or folders of articles; '-' reads stdin."),
    config_file: Path | None = typer.Option(
        None,
        "--config",
        "-c",
        help="A TOML configuration file (default: the one the dossier was built with).",
    ),
    workers: int | None = WORKERS,
    executor: str | None = EXECUTOR,
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Dask scheduler address (tcp://host:8786)."
    ),
    strict: bool = STRICT,
    no_outputs: bool = typer.Option(
        False,
        "--no-outputs",
        help="Update the store only; skip rewriting dossier.json and report.html "
        "(their export reads the whole store: the slow part on a large dossier).",
    ),
    as_json: bool = AS_JSON,
) -> None:
    """Add articles to the dossier in DIR and update its stories, entities, claims and
    discrepancies incrementally (only the new articles are processed).

    Articles already in the dossier are skipped (same content, same id). Exit code 1 when DIR
    holds no dossier or nothing could be read.
    """
    config = read_config(config_file)
    holder = Config(executor=config.executor if config else ExecutorConfig())
    apply_executor_options(holder, workers, executor, scheduler)
    result = run_add(out, paths, config, holder.executor, strict=strict, outputs=not no_outputs)
    if as_json:
        summary = summary_of(result, out, processed="added", stage_errors=False)
        typer.echo(json.dumps(summary, ensure_ascii=False))
    else:
        wrote = "" if no_outputs else f"; wrote {_m(out / JSON_NAME)}"
        err.print(
            f"added {result.processed} article(s) to {_m(out / STORE_NAME)} "
            f"({result.skipped} already there, {len(result.failures)} input(s) skipped); "
            f"{result.total_articles} in all{wrote}"
        )
        say_hidden(result)
    exit_if_nothing_read(result)


def read_config(config_file: Path | None) -> Config | None:
    """The configuration file given (None: `add` uses the one the dossier was built with)."""
    if config_file is None:
        return None
    try:
        return Config.from_toml(config_file)
    except (OSError, ValueError) as exc:
        err.print(f"[red]error:[/] cannot use configuration {_m(config_file)}: {_m(exc)}")
        raise typer.Exit(2) from exc


def run_add(
    out: Path,
    paths: list[str],
    config: Config | None,
    executor: ExecutorConfig,
    *,
    strict: bool,
    outputs: bool,
) -> BuildResult:
    """`add()`, its errors as one line and an exit code (2: the configuration)."""
    try:
        return add(
            out,
            paths,
            config,
            executor=executor,
            strict=strict,
            outputs=outputs,
            on_failure=say_skipped,
        )
    except (NoDossierError, NoInputError, StoreLockedError, DaskUnavailableError) as exc:
        err.print(f"[red]error:[/] {_m(exc)}", soft_wrap=True)
        raise typer.Exit(1) from exc
    except StrictModeError as exc:
        err.print(f"[red]error (--strict):[/] {_m(exc)}")
        raise typer.Exit(1) from exc
    except ValueError as exc:  # the configuration (validated before anything is read)
        err.print(f"[red]error:[/] {_m(exc)}")
        raise typer.Exit(2) from exc
    except OSError as exc:
        fail_on_out(out, exc)
        raise  # not reached: fail_on_out exits
