"""What the pair commands (`compare`, `similarity`) share: reading a CSV of pairs from a file
or stdin, and the embedding cache they run with."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

import typer
from rich.console import Console

if TYPE_CHECKING:
    from rashomon.models.embeddings import EmbeddingCache

err = Console(stderr=True)
T = TypeVar("T")

CACHE = typer.Option(
    None, "--cache", help="An SQLite file of embeddings (default: the user-level cache)."
)
NO_CACHE = typer.Option(False, "--no-cache", help="Do not read or write the embedding cache.")


def read_pairs_file(path: str, read: Callable[[TextIO, str], T]) -> T:
    """`read(handle, name)` over the CSV at `path` ('-': stdin); a byte-order mark is dropped.
    Raises OSError or UnicodeDecodeError when the file cannot be read."""
    if path == "-":
        return read(sys.stdin, "<stdin>")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return read(fh, path)


@contextmanager
def embedding_cache(cache: Path | None, no_cache: bool) -> Iterator[EmbeddingCache]:
    """The default embedder behind the user-level cache, or behind the SQLite file `cache`
    (one that is locked or cannot be opened is skipped with a note), or no cache at all."""
    from rashomon.models.embeddings import EmbeddingCache, default_embedder
    from rashomon.store.sqlite import Store, StoreLockedError

    store = None
    if cache is not None and not no_cache:
        try:
            store = Store(cache, write=True)
        except (StoreLockedError, OSError) as exc:
            err.print(
                f"[yellow]note:[/] embedding cache unavailable ({exc}); continuing without it",
                highlight=False,
            )
    try:
        yield EmbeddingCache(default_embedder(), store, None if no_cache else "user")
    finally:
        if store is not None:
            store.close()
