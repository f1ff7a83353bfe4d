"""`rashomon export DIR --format json|jsonld|graphml|csv [--out FILE]`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from rashomon.cli import app
from rashomon.export import FORMATS, export_store

err = Console(stderr=True)


@app.command("export")
def export_cmd(
    dossier_dir: Path = typer.Argument(..., help="A dossier folder (holding dossier.sqlite)."),
    fmt: str = typer.Option(
        "json", "--format", "-f", help="json (the contract), jsonld, graphml or csv."
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write to FILE instead of standard output."
    ),
) -> None:
    """Export a dossier from its store: JSON (the dossier contract), JSON-LD (schema.org
    ClaimReview/Claim, W3C PROV), GraphML (entities and provenance, for Gephi) or CSV (claims x
    sources). The store is opened read-only."""
    if fmt not in FORMATS:
        err.print(f"[red]error:[/] unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
        raise typer.Exit(2)
    try:
        text = export_store(dossier_dir, fmt)
    except FileNotFoundError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from exc
    except Exception as exc:  # a broken store: say which and why, no traceback
        err.print(f"[red]error:[/] cannot export {dossier_dir}: {type(exc).__name__}: {exc}")
        raise typer.Exit(1) from exc
    if out is None:
        typer.echo(text, nl=not text.endswith("\n"))
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    err.print(f"wrote {out} ({fmt})")
