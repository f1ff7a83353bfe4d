"""Typed store methods for the English rendering (issue 15): article heads and the machine
translation cache. A mixin of `Store` (kept apart so `sqlite.py` stays one screenful of
concerns); it uses the store's connection, `atomic()` and lock."""

from __future__ import annotations

import hashlib
from typing import Any


class GlossRecords:
    conn: Any  # the Store's connection, lock and atomic() are used
    _lock_fh: Any
    atomic: Any

    @property
    def writable(self) -> bool:
        return self._lock_fh is not None

    def article_heads(self) -> dict[str, dict[str, Any]]:
        """id -> {"language", "outlet", "source", "title"} of every article (no text)."""
        return {
            r["id"]: {
                "language": r["language"],
                "outlet": r["outlet"],
                "source": r["source"],
                "title": r["title"],
            }
            for r in self.conn.execute(
                "SELECT id, language, outlet, source, title FROM articles ORDER BY seq"
            )
        }

    def entity_names(self) -> list[tuple[str, list[str]]]:
        """(Latin name, the names as written in the articles) of every entity with a Latin
        name: the entity's name and its mentions' distinct texts."""
        forms: dict[str, tuple[str, set[str]]] = {}
        for r in self.conn.execute(
            "SELECT id, name, latin FROM entities WHERE latin IS NOT NULL AND latin != ''"
        ):
            forms[r["id"]] = (r["latin"], {r["name"]})
        for r in self.conn.execute(
            "SELECT DISTINCT entity, text FROM mentions WHERE entity IS NOT NULL"
        ):
            if r["entity"] in forms:
                forms[r["entity"]][1].add(r["text"])
        return [(latin, sorted(names)) for latin, names in forms.values()]

    def get_translations(self, model: str, language: str, texts: list[str]) -> dict[str, str]:
        """source text -> cached translation by `model`, for those of `texts` in the cache."""
        if not self._has_table("translations"):
            return {}
        keys = {_translation_key(model, language, t): t for t in texts}
        out: dict[str, str] = {}
        items = list(keys)
        for i in range(0, len(items), 500):
            part = items[i : i + 500]
            marks = ",".join("?" * len(part))
            for r in self.conn.execute(
                f"SELECT key, translation FROM translations WHERE key IN ({marks})", part
            ):  # noqa: S608 - placeholders only
                out[keys[r["key"]]] = r["translation"]
        return out

    def put_translations(self, model: str, language: str, pairs: dict[str, str]) -> None:
        """Cache `pairs` (source -> translation); a read-only store keeps nothing."""
        if not self.writable or not pairs:
            return
        with self.atomic():
            self.conn.executemany(
                "INSERT OR REPLACE INTO translations(key, model, language, source, translation) "
                "VALUES (?,?,?,?,?)",
                [
                    (_translation_key(model, language, s), model, language, s, t)
                    for s, t in pairs.items()
                ],
            )

    def _has_table(self, name: str) -> bool:
        return bool(
            self.conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
            ).fetchone()
        )


def _translation_key(model: str, language: str, text: str) -> str:
    return hashlib.sha256(f"{model}\x00{language}\x00{text}".encode()).hexdigest()[:32]
