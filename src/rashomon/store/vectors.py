"""The user-level vector cache: one SQLite file of embeddings shared by every dossier.

Keys are `rashomon.models.embeddings.text_key(model, kind, text)`, so a vector is only reused
for the same model version, prefix kind and text. Several rashomon processes may read and
write it at once (WAL, a busy timeout, no exclusive lock); a cache that cannot be opened or
written is skipped with a warning, never an error: it only saves time.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

SCHEMA = """CREATE TABLE IF NOT EXISTS vectors (
    key TEXT PRIMARY KEY, model TEXT NOT NULL, dim INTEGER NOT NULL, vector BLOB NOT NULL)"""


def open_cache_file(path: Path, schema: str, timeout: float) -> sqlite3.Connection:
    """A user-level cache file (this one, `store/chunkcache.py`'s) that several processes
    share: autocommit, WAL, a busy timeout, `schema` created if missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(schema)
    return conn


class VectorFile:
    """`get_vectors` / `put_vectors`, as `Store` has them, on a file of its own."""

    def __init__(self, path: str | Path, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.conn = open_cache_file(self.path, SCHEMA, timeout)

    @classmethod
    def open(cls, path: str | Path) -> VectorFile | None:
        try:
            return cls(path)
        except (sqlite3.Error, OSError) as exc:
            log.warning("vector cache %s unavailable (%s); continuing without it", path, exc)
            return None

    def get_vectors(self, keys: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        try:
            for i in range(0, len(keys), 500):
                part = keys[i : i + 500]
                marks = ",".join("?" * len(part))
                for key, blob in self.conn.execute(
                    f"SELECT key, vector FROM vectors WHERE key IN ({marks})",  # noqa: S608
                    part,
                ):
                    out[key] = np.frombuffer(blob, dtype=np.float32)
        except sqlite3.Error as exc:
            log.warning("vector cache %s unreadable (%s)", self.path, exc)
        return out

    def put_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        rows = [
            (k, model, int(v.shape[0]), np.ascontiguousarray(v, dtype=np.float32).tobytes())
            for k, v in vectors.items()
        ]
        try:
            with self.conn:
                self.conn.execute("BEGIN IMMEDIATE")
                self.conn.executemany(
                    "INSERT OR REPLACE INTO vectors(key, model, dim, vector) VALUES (?,?,?,?)",
                    rows,
                )
        except sqlite3.Error as exc:
            log.warning("vector cache %s not written (%s)", self.path, exc)

    def close(self) -> None:
        self.conn.close()
