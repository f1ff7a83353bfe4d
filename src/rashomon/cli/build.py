"""`rashomon build PATH... --out DIR`."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from rashomon.build import (
    JSON_NAME,
    REPORT_NAME,
    STORE_NAME,
    BuildResult,
    NoInputError,
    StrictModeError,
    build,
)
from rashomon.cli import app
from rashomon.config import Config
from rashomon.executors.dask import DaskUnavailableError
from rashomon.readers.base import ReadFailure
from rashomon.store.sqlite import StoreLockedError

# soft_wrap: a message naming a file stays on one line when stderr goes to a log (grep-able).
err = Console(stderr=True, soft_wrap=True)


def _m(value: object) -> str:
    """Input names and reasons are data, not rich markup: a file under a folder named `[`
    called `x].txt` made rich raise MarkupError and crashed the batch."""
    return escape(str(value))


def load_config(
    path: Path | None,
    workers: int | None,
    executor: str | None = None,
    scheduler: str | None = None,
) -> Config:
    try:
        config = Config.from_toml(path) if path else Config()
    except (OSError, ValueError) as exc:
        err.print(f"[red]error:[/] cannot use configuration {_m(path)}: {_m(exc)}")
        raise typer.Exit(2) from exc
    apply_executor_options(config, workers, executor, scheduler)
    try:
        config.validate()  # the options too, before any input is read
    except ValueError as exc:
        err.print(f"[red]error:[/] {_m(exc)}")
        raise typer.Exit(2) from exc
    return config


def apply_executor_options(
    config: Config, workers: int | None, executor: str | None, scheduler: str | None
) -> None:
    """--workers / --executor / --scheduler override the [executor] section."""
    from rashomon.executors import BACKENDS

    if workers is not None:
        config.executor.workers = workers
    if scheduler:
        config.executor.scheduler = scheduler
        config.executor.backend = executor or "dask"  # a scheduler address means Dask
    if executor is not None:
        config.executor.backend = executor
    if config.executor.backend not in BACKENDS:
        err.print(
            f"[red]error:[/] unknown executor {config.executor.backend!r}; "
            f"use one of: {', '.join(BACKENDS)}"
        )
        raise typer.Exit(2)
    if config.executor.scheduler and config.executor.backend != "dask":
        err.print("[red]error:[/] --scheduler needs --executor dask")
        raise typer.Exit(2)


def stage_label(name: str) -> str:
    """The progress bar's label for a build phase (the corpus steps run after the articles,
    the bar's count stays at the number of articles processed)."""
    return {"articles": "articles", "outputs": "writing dossier.json, report.html"}.get(
        name, f"corpus: {name}"
    )


def fail_on_out(out: Path, exc: OSError) -> None:
    """An --out that cannot be written (read-only, a file, a bad name): one line, exit 1."""
    where = exc.filename or out
    why = exc.strerror or str(exc)
    err.print(
        f"[red]error:[/] cannot write the dossier in {_m(out)} ({_m(where)}: {_m(why)}); "
        "choose a folder you can write to with --out"
    )
    raise typer.Exit(1) from exc


def say_hidden(result: BuildResult) -> None:
    if result.hidden:
        first = ", ".join(_m(h) for h in result.hidden[:3])
        more = f" and {len(result.hidden) - 3} more" if len(result.hidden) > 3 else ""
        err.print(
            f"not read: {len(result.hidden)} hidden file(s) or folder(s) (names starting with "
            f"'.'): {first}{more}; name a hidden file as an input to read it",
            highlight=False,
        )


# Options `build` and `add` share.
WORKERS = typer.Option(
    None,
    "--workers",
    "-j",
    help="Worker processes (default 0: every core for batches of over 64 articles).",
)
EXECUTOR = typer.Option(
    None, "--executor", help="Where the per-article stages run: local (default) or dask."
)
STRICT = typer.Option(
    False,
    "--strict",
    help="Stop at the first failure: an input that cannot be read or a stage error.",
)
AS_JSON = typer.Option(False, "--json", help="Print a machine-readable summary.")


def say_skipped(failure: ReadFailure) -> None:
    err.print(
        f"[yellow]skipped[/] {_m(failure.source)}: {_m(failure.reason)}",
        markup=True,
        highlight=False,
    )


def summary_of(
    result: BuildResult, out: Path, *, processed: str = "processed", stage_errors: bool = True
) -> dict[str, object]:
    """The --json summary of a build (or of an `add`, whose count is named "added")."""
    summary: dict[str, object] = {
        "out": str(out),
        "articles": result.total_articles,
        processed: result.processed,
        "already_stored": result.skipped,
        "duplicates": result.duplicates,
        "failed_inputs": [{"source": f.source, "reason": f.reason} for f in result.failures],
        "articles_with_stage_errors": result.article_errors,
    }
    if stage_errors:
        summary["stage_errors"] = [
            {"source": src, "errors": errs} for src, errs in result.stage_errors
        ]
    summary["hidden_not_read"] = result.hidden
    return summary


def exit_if_nothing_read(result: BuildResult) -> None:
    if result.nothing_read:
        err.print("[red]error:[/] nothing could be read from the inputs")
        raise typer.Exit(1)


@app.command("build")
def build_cmd(
    paths: list[str] = typer.Argument(..., help="Files or folders of articles; '-' reads stdin."),
    out: Path = typer.Option(..., "--out", "-o", help="Dossier folder (created if missing)."),
    config_file: Path | None = typer.Option(
        None, "--config", "-c", help="A TOML configuration file."
    ),
    workers: int | None = WORKERS,
    executor: str | None = EXECUTOR,
    scheduler: str | None = typer.Option(
        None,
        "--scheduler",
        help="Dask scheduler address (tcp://host:8786); default: a local cluster of --workers.",
    ),
    strict: bool = STRICT,
    rebuild: bool = typer.Option(
        False, "--rebuild", help="Reprocess articles already in the store."
    ),
    as_json: bool = AS_JSON,
) -> None:
    """Build a dossier from articles: writes DIR/dossier.sqlite, DIR/dossier.json, DIR/report.html.

    Inputs that cannot be read are reported by name and skipped; the exit code is 1 only when
    nothing could be read (or, with --strict, at the first failure).
    """
    config = load_config(config_file, workers, executor, scheduler)
    result = run_build(paths, out, config, strict=strict, rebuild=rebuild, quiet=as_json)
    if as_json:
        typer.echo(json.dumps(summary_of(result, out), ensure_ascii=False))
    else:
        say_built(result, out, config)
    exit_if_nothing_read(result)


def run_build(
    paths: list[str], out: Path, config: Config, *, strict: bool, rebuild: bool, quiet: bool
) -> BuildResult:
    """`build()` under a progress bar on stderr (none when `quiet` or not a terminal); its
    errors as one line and exit code 1."""
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=quiet or not err.is_terminal,
    ) as bar:
        task = bar.add_task("articles", total=None)
        try:
            return build(
                paths,
                out,
                config,
                strict=strict,
                rebuild=rebuild,
                progress=lambda a: bar.advance(task),
                on_stage=lambda name: bar.update(task, description=stage_label(name)),
                on_failure=say_skipped,
            )
        except StrictModeError as exc:
            err.print(f"[red]error (--strict):[/] {_m(exc)}")
            raise typer.Exit(1) from exc
        except (StoreLockedError, DaskUnavailableError, NoInputError) as exc:
            err.print(f"[red]error:[/] {_m(exc)}")
            raise typer.Exit(1) from exc
        except OSError as exc:
            fail_on_out(out, exc)
            raise  # not reached: fail_on_out exits


def say_built(result: BuildResult, out: Path, config: Config) -> None:
    """What a build did, for people: stage errors, counts, files written, what was not read."""
    for src, errs in result.stage_errors:
        err.print(f"[yellow]stage error[/] {_m(src)}: {_m(errs[0])}", markup=True, highlight=False)
    err.print(
        f"{result.total_articles} article(s) in {_m(out / STORE_NAME)} "
        f"({result.processed} processed, {result.skipped} already stored, "
        f"{len(result.failures)} input(s) skipped); wrote {_m(out / JSON_NAME)} and {_m(out / REPORT_NAME)}"
    )
    say_hidden(result)
    if result.total_articles > config.report.full_articles:
        err.print(
            f"report.html shows the largest stories in full ({result.total_articles} articles "
            f"> \\[report] full_articles = {config.report.full_articles}); one story in full: "
            f"rashomon export {_m(out)} --format html --story STORY_ID",
            highlight=False,
        )
