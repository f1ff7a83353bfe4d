"""The command line: one typer app; each command is a thin wrapper over a library function.

Commands live one per module in this package and register themselves on `app`.
"""

from __future__ import annotations

import logging

import typer

from rashomon import __version__

app = typer.Typer(
    name="rashomon",
    help="One story, many tellings: build a cross-lingual dossier of how sources retell a story.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rashomon {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what each stage does."),
) -> None:
    # -v: Rashomon's own log at INFO; other libraries (trafilatura, htmldate, jieba, faiss...)
    # only from WARNING up: at INFO they flooded the output with their own lines.
    logging.basicConfig(
        level=logging.WARNING if verbose else logging.ERROR,
        format="%(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("rashomon").setLevel(logging.INFO if verbose else logging.NOTSET)
    logging.getLogger("jieba").setLevel(logging.WARNING)  # it logs at DEBUG with its own handler


from rashomon.cli import add as _add  # noqa: E402,F401
from rashomon.cli import build as _build  # noqa: E402,F401  (registers commands)
from rashomon.cli import compare as _compare  # noqa: E402,F401
from rashomon.cli import export as _export  # noqa: E402,F401
from rashomon.cli import serve as _serve  # noqa: E402,F401
from rashomon.cli import similarity as _similarity  # noqa: E402,F401


def main() -> None:
    app()
