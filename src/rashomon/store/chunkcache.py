"""The `chunks` table of the user-level stage cache file (`pipeline/stagecache.py` decides the
keys, what a chunk's bytes hold and which chunks to drop when the file is too big; this module
only stores them). Opened like the vector cache (`store/vectors.open_cache_file`): several
processes share the file; `sqlite3.Error` reaches the caller, which skips the cache."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rashomon.store.vectors import open_cache_file

SCHEMA = """CREATE TABLE IF NOT EXISTS chunks (
    key TEXT PRIMARY KEY, n INTEGER NOT NULL, size INTEGER NOT NULL, used REAL NOT NULL,
    data BLOB NOT NULL)"""


class ChunkFile:
    """Blobs by key, with their article count, size and last use (a time.time())."""

    def __init__(self, path: str | Path, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.conn = open_cache_file(self.path, SCHEMA, timeout)

    def has(self, key: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM chunks WHERE key = ?", (key,)).fetchone() is not None
        )

    def get(self, key: str) -> bytes | None:
        row = self.conn.execute("SELECT data FROM chunks WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def touch(self, key: str, used: float) -> None:
        self.conn.execute("UPDATE chunks SET used = ? WHERE key = ?", (used, key))

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One write transaction (taken at once, so two writers never deadlock on upgrade)."""
        with self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            yield

    def put(self, key: str, n: int, data: bytes, used: float) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO chunks(key, n, size, used, data) VALUES (?,?,?,?,?)",
            (key, n, len(data), used, data),
        )

    def total_size(self) -> int:
        return self.conn.execute("SELECT COALESCE(SUM(size), 0) FROM chunks").fetchone()[0]

    def least_recently_used(self) -> list[tuple[str, int]]:
        """(key, size) of every chunk, the one used longest ago first."""
        return self.conn.execute("SELECT key, size FROM chunks ORDER BY used ASC").fetchall()

    def evict(self, key: str) -> None:
        self.conn.execute("DELETE FROM chunks WHERE key = ?", (key,))

    def close(self) -> None:
        self.conn.close()
