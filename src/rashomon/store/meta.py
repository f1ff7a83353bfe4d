"""Key-value rows of the `meta` table for the corpus steps' own bookkeeping (JSON values under
a prefix per step: `entities.corpus:`, `entities.rk:`, ...). `Store.get_meta`/`set_meta` read
and write one key."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite3


def _chunks(items: list, n: int = 500) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


class MetaTable:
    """Key-value rows of the `meta` table, for the steps' own bookkeeping (JSON values)."""

    conn: sqlite3.Connection

    def meta_prefix(self, prefix: str) -> dict[str, Any]:
        """name -> value of every key `prefix + name`."""
        end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return {
            k[len(prefix) :]: json.loads(v)
            for k, v in self.conn.execute(
                "SELECT key, value FROM meta WHERE key >= ? AND key < ?", (prefix, end)
            )
        }

    def meta_many(self, prefix: str, names: Iterable[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for chunk in _chunks(sorted(set(names))):
            marks = ",".join("?" * len(chunk))
            for k, v in self.conn.execute(
                f"SELECT key, value FROM meta WHERE key IN ({marks})",  # noqa: S608
                [prefix + n for n in chunk],
            ):
                out[k[len(prefix) :]] = json.loads(v)
        return out

    def put_meta_many(self, prefix: str, values: Iterable[tuple[str, Any]]) -> None:
        with self.atomic():  # type: ignore[attr-defined]
            self.conn.executemany(
                "INSERT INTO meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                [(prefix + n, json.dumps(v, ensure_ascii=False)) for n, v in values],
            )

    def delete_meta_many(self, prefix: str, names: Iterable[str]) -> None:
        with self.atomic():  # type: ignore[attr-defined]
            self.conn.executemany("DELETE FROM meta WHERE key = ?", [(prefix + n,) for n in names])

    def delete_meta_prefix(self, prefix: str) -> None:
        end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        with self.atomic():  # type: ignore[attr-defined]
            self.conn.execute("DELETE FROM meta WHERE key >= ? AND key < ?", (prefix, end))
