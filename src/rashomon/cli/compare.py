"""`rashomon compare --pairs FILE.csv`: label statement pairs agree / contradict / unrelated."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from rashomon.cli import app
from rashomon.cli.pairs import CACHE, NO_CACHE, embedding_cache, read_pairs_file

err = Console(stderr=True)


@app.command("compare")
def compare_cmd(
    pairs: str = typer.Option(
        ..., "--pairs", "-p", help="CSV with columns s1,s2 (and optional id); '-' reads stdin."
    ),
    cache: Path | None = CACHE,
    no_cache: bool = NO_CACHE,
) -> None:
    """Print CSV: [id,]label,kind,confidence for each input row, in order.

    label is agree, contradict or unrelated; kind is the discrepancy kind (contradiction,
    numeric_mismatch, distortion, qualifier_dropped) or empty.
    """
    from rashomon.claims.compare import PairsFileError, compare_rows, read_pairs

    try:
        rows = read_pairs_file(pairs, read_pairs)
    except (OSError, UnicodeDecodeError) as exc:
        err.print(f"[red]error:[/] cannot read {pairs}: {exc}", highlight=False)
        raise typer.Exit(2) from exc
    except PairsFileError as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    with embedding_cache(cache, no_cache) as embeddings:
        compare_rows(rows, sys.stdout, embeddings)
