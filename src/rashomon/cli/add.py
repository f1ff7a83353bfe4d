"""`rashomon add DIR PATH...`: add articles to an existing dossier, incrementally."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from rashomon.build import JSON_NAME, STORE_NAME, NoDossierError, NoInputError, StrictModeError, add
from rashomon.cli import app
from rashomon.cli.build import _m, apply_executor_options, err, fail_on_out, say_hidden
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
    workers: int | None = typer.Option(
        None, "--workers", "-j", help="Worker processes (default 0: every core for batches of over 64 articles)."
    ),
    executor: str | None = typer.Option(
        None, "--executor", help="Where the per-article stages run: local (default) or dask."
    ),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Dask scheduler address (tcp://host:8786)."
    ),
    strict: bool = typer.Option(
        False,
        "--strict",
        help="Stop at the first failure: an input that cannot be read or a stage error.",
    ),
    no_outputs: bool = typer.Option(
        False,
        "--no-outputs",
        help="Update the store only; skip rewriting dossier.json and report.html "
        "(their export reads the whole store: the slow part on a large dossier).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print a machine-readable summary."),
) -> None:
    """Add articles to the dossier in DIR and update its stories, entities, claims and
    discrepancies incrementally (only the new articles are processed).

    Articles already in the dossier are skipped (same content, same id). Exit code 1 when DIR
    holds no dossier or nothing could be read.
    """
    config: Config | None = None
    if config_file is not None:
        try:
            config = Config.from_toml(config_file)
        except (OSError, ValueError) as exc:
            err.print(f"[red]error:[/] cannot use configuration {_m(config_file)}: {_m(exc)}")
            raise typer.Exit(2) from exc
    holder = Config(executor=config.executor if config else ExecutorConfig())
    apply_executor_options(holder, workers, executor, scheduler)
    try:
        result = add(
            out,
            paths,
            config,
            executor=holder.executor,
            strict=strict,
            outputs=not no_outputs,
            on_failure=lambda f: err.print(
                f"[yellow]skipped[/] {_m(f.source)}: {_m(f.reason)}", markup=True, highlight=False
            ),
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
    summary = {
        "out": str(out),
        "articles": result.total_articles,
        "added": result.processed,
        "already_stored": result.skipped,
        "duplicates": result.duplicates,
        "failed_inputs": [{"source": f.source, "reason": f.reason} for f in result.failures],
        "articles_with_stage_errors": result.article_errors,
        "hidden_not_read": result.hidden,
    }
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False))
    else:
        wrote = "" if no_outputs else f"; wrote {_m(out / JSON_NAME)}"
        err.print(
            f"added {result.processed} article(s) to {_m(out / STORE_NAME)} "
            f"({result.skipped} already there, {len(result.failures)} input(s) skipped); "
            f"{result.total_articles} in all{wrote}"
        )
        say_hidden(result)
    if result.nothing_read:
        err.print("[red]error:[/] nothing could be read from the inputs")
        raise typer.Exit(1)
