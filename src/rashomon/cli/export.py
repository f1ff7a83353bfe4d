"""`rashomon export DIR --format json|jsonld|graphml|csv|html [--story ID] [--out FILE]`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

import typer
from rich.console import Console
from rich.markup import escape

from rashomon.cli import app
from rashomon.export import FORMATS, export_to

err = Console(stderr=True, soft_wrap=True)  # one line, whatever the terminal's width


class _Last:
    """A writer that passes text on and remembers its last character."""

    def __init__(self, fh: TextIO) -> None:
        self.fh, self.char = fh, ""

    def write(self, text: str) -> int:
        if text:
            self.char = text[-1]
        return self.fh.write(text)


def _drop(tmp: Path | None) -> None:
    if tmp is not None:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:  # its folder is not there or not a folder: nothing was written
            pass


@app.command("export")
def export_cmd(
    dossier_dir: Path = typer.Argument(..., help="A dossier folder (holding dossier.sqlite)."),
    fmt: str = typer.Option(
        "json",
        "--format",
        "-f",
        help="json (the contract), jsonld, graphml, csv or html (the report).",
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write to FILE instead of standard output."
    ),
    story: str | None = typer.Option(
        None,
        "--story",
        "-s",
        help="Only this story (its id, as listed in report.html): its articles and what "
        "points into them. With --format html: the full report of that story.",
    ),
) -> None:
    """Export a dossier from its store: JSON (the dossier contract, streamed), JSON-LD
    (schema.org ClaimReview/Claim, W3C PROV), GraphML (entities and provenance, for Gephi), CSV
    (claims x sources) or HTML (the report; with --story, the full report of one story of a
    large dossier). The store is opened read-only."""
    if fmt not in FORMATS:
        err.print(
            f"[red]error:[/] unknown format {escape(repr(fmt))}; use one of: {', '.join(FORMATS)}"
        )
        raise typer.Exit(2)
    tmp = out.with_name(out.name + ".tmp") if out is not None else None
    try:
        if tmp is not None:
            tmp.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "w", encoding="utf-8") as fh:
                export_to(dossier_dir, fmt, fh, story=story)
        else:
            last = _Last(sys.stdout)
            export_to(dossier_dir, fmt, last, story=story)  # type: ignore[arg-type]
            if last.char != "\n":
                sys.stdout.write("\n")
    except (FileNotFoundError, KeyError) as exc:
        _drop(tmp)
        err.print(
            f"[red]error:[/] {escape(str(exc.args[0] if isinstance(exc, KeyError) else exc))}"
        )
        raise typer.Exit(1) from exc
    except Exception as exc:  # a broken store: say which and why, no traceback
        _drop(tmp)
        err.print(
            f"[red]error:[/] cannot export {escape(str(dossier_dir))}: "
            f"{type(exc).__name__}: {escape(str(exc))}"
        )
        raise typer.Exit(1) from exc
    if out is not None and tmp is not None:
        try:
            tmp.replace(out)
        except OSError as exc:
            _drop(tmp)
            err.print(
                f"[red]error:[/] cannot write {escape(str(out))}: {escape(exc.strerror or str(exc))}"
            )
            raise typer.Exit(1) from exc
        err.print(f"wrote {escape(str(out))} ({fmt}{f', story {escape(story)}' if story else ''})")
