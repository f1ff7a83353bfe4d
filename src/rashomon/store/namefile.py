"""The `names` table of the user-level name cache file (`entities/namecache.py` decides the
keys and what a value holds; this module only stores them). Opened like the vector cache
(`store/vectors.open_cache_file`): several processes share the file; `sqlite3.Error` reaches
the caller, which skips the cache."""

from __future__ import annotations

from pathlib import Path

from rashomon.store.vectors import open_cache_file

SCHEMA = """CREATE TABLE IF NOT EXISTS names (
    key TEXT PRIMARY KEY, value TEXT NOT NULL, used REAL NOT NULL)"""


class NameFile:
    """Text values by key, with their last use (a time.time())."""

    def __init__(self, path: str | Path, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.conn = open_cache_file(self.path, SCHEMA, timeout)

    def get(self, keys: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for k in range(0, len(keys), 500):
            part = keys[k : k + 500]
            marks = ",".join("?" * len(part))
            rows = self.conn.execute(f"SELECT key, value FROM names WHERE key IN ({marks})", part)
            out.update(rows.fetchall())
        return out

    def put(self, rows: list[tuple[str, str]], used: list[str], now: float, max_rows: int) -> None:
        """Keep `rows` (key, value), mark `used` keys as used `now`, and drop the names used
        longest ago beyond `max_rows`; one write transaction."""
        with self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.executemany(
                "INSERT OR REPLACE INTO names(key, value, used) VALUES (?,?,?)",
                [(k, v, now) for k, v in rows],
            )
            self.conn.executemany(
                "UPDATE names SET used = ? WHERE key = ?", [(now, k) for k in used]
            )
            (n,) = self.conn.execute("SELECT count(*) FROM names").fetchone()
            if n > max_rows:
                self.conn.execute(
                    "DELETE FROM names WHERE key IN (SELECT key FROM names ORDER BY used LIMIT ?)",
                    (n - max_rows,),
                )

    def set_value(self, key: str, value: str) -> None:
        """Overwrite one value (tests: a value another version wrote)."""
        self.conn.execute("UPDATE names SET value = ? WHERE key = ?", (value, key))

    def close(self) -> None:
        self.conn.close()
