"""Entities: the `entities` and `entity_relations` tables, the corpus-level rows of `mentions`
(rule `corpus:...`) and the linking index kept in `meta`.

Writers: entities.propagate (corpus-level mentions and their per-article summaries),
entities.link (entities, relations, each mention's entity, the relink index). The per-article
mentions are written with their article (`Store.upsert_article`).

The linker works on *mention rows*: dicts with the columns of `MENTION_COLUMNS` (its relink
index caches an anchor on each), and on *entity rows*: (id, name, type, latin, extras JSON)
tuples, compared as they are stored so that only changed rows are written.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from typing import TYPE_CHECKING

from rashomon.corpus import Entity, EntityRelation, TextSpan
from rashomon.store.rows import IN_IDS, id_array, split_extras

if TYPE_CHECKING:
    import sqlite3

MENTION_COLUMNS = "article, seq, start, text, type, key, extras, entity"
EntityRow = tuple  # (id, name, type, latin, extras JSON)
CORPUS_RULE = "corpus:%"  # LIKE pattern of the rules of corpus-level mentions


def _chunks(items: list, n: int = 500) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _entity(row: tuple, mentions: list[TextSpan]) -> Entity:
    eid, name, typ, latin, extras = row
    typed, x = split_extras(extras, ("gazetteer", "kind", "latin_source", "types"))
    return Entity(id=eid, name=name, type=typ, latin=latin, mentions=mentions, **typed, extras=x)


class EntityTables:
    conn: sqlite3.Connection

    # -- mention rows ----------------------------------------------------------------------
    def mention_rows(self, column: str | None = None, values: Iterable[str] = ()) -> list[dict]:
        """All mention rows ordered by (article, seq), or those whose `column` (article, key
        or entity) is one of `values` (in SQLite's order, chunk by chunk of sorted values)."""
        sql = f"SELECT {MENTION_COLUMNS} FROM mentions"  # noqa: S608 - fixed names
        if column is None:
            return [dict(r) for r in self.conn.execute(sql + " ORDER BY article, seq")]
        if column not in ("article", "key", "entity"):
            raise ValueError(f"cannot select mentions by {column!r}")
        out: list[dict] = []
        for chunk in _chunks(sorted(set(values))):
            marks = ",".join("?" * len(chunk))
            out += [
                dict(r)
                for r in self.conn.execute(f"{sql} WHERE {column} IN ({marks})", chunk)  # noqa: S608
            ]
        return out

    def stage_mentions(self, article_id: str) -> list[dict]:
        """An article's own mentions (not the corpus-level ones): seq, start, end, type,
        confidence, rule."""
        return [
            {
                "seq": seq,
                "start": start,
                "end": end,
                "type": typ,
                "confidence": conf,
                "rule": json.loads(extras or "{}").get("rule", ""),
            }
            for seq, start, end, typ, conf, extras in self.conn.execute(
                """SELECT seq, start, "end", type, confidence, extras FROM mentions
                   WHERE article = ?
                   AND coalesce(json_extract(extras, '$.rule'), '') NOT LIKE ?
                   ORDER BY seq""",
                (article_id, CORPUS_RULE),
            )
        ]

    def corpus_mention_rows(self, article_ids: list[str]) -> list[dict]:
        """The corpus-level mention rows of these articles."""
        out: list[dict] = []
        for chunk in _chunks(sorted(article_ids)):
            marks = ",".join("?" * len(chunk))
            out += [
                dict(r)
                for r in self.conn.execute(
                    f"""SELECT {MENTION_COLUMNS} FROM mentions WHERE article IN ({marks})
                        AND json_extract(extras, '$.rule') LIKE ?""",  # noqa: S608
                    (*chunk, CORPUS_RULE),
                )
            ]
        return out

    def replace_corpus_mentions(self, article_ids: list[str], added: list[tuple]) -> None:
        """Replace the corpus-level mentions of these articles by `added`: (article, seq,
        start, end, text, type, key, confidence, rule) tuples."""
        with self.atomic():  # type: ignore[attr-defined]
            self.conn.executemany(
                "DELETE FROM mentions WHERE article = ? AND json_extract(extras, '$.rule') LIKE ?",
                [(aid, CORPUS_RULE) for aid in article_ids],
            )
            self.conn.executemany(
                """INSERT INTO mentions(article, seq, start, "end", text, type, key, confidence,
                       extras) VALUES (?,?,?,?,?,?,?,?,?)""",
                [(*row[:8], json.dumps({"rule": row[8]})) for row in added],
            )

    def linked_mentions(self, article_ids: list[str]) -> list[tuple[str, int, int, str]]:
        """(article, start, end, entity) of the linked mentions of these articles."""
        return self.conn.execute(
            f"""SELECT article, start, "end", entity FROM mentions
                WHERE article IN {IN_IDS} AND entity IS NOT NULL""",  # noqa: S608
            (id_array(article_ids),),
        ).fetchall()

    # -- entity rows (entities.link) ---------------------------------------------------------
    def entity_rows(self, ids: Iterable[str] | None = None) -> dict[str, EntityRow]:
        sql = "SELECT id, name, type, latin, extras FROM entities"
        if ids is None:
            return {r[0]: tuple(r) for r in self.conn.execute(sql)}
        out = {}
        for chunk in _chunks(sorted(set(ids))):
            marks = ",".join("?" * len(chunk))
            out.update(
                {r[0]: tuple(r) for r in self.conn.execute(f"{sql} WHERE id IN ({marks})", chunk)}  # noqa: S608
            )
        return out

    def count_entities(self, ids: Collection[str]) -> int:
        return int(
            self.conn.execute(
                f"SELECT count(*) FROM entities WHERE id IN {IN_IDS}",  # noqa: S608
                (id_array(ids),),
            ).fetchone()[0]
        )

    def write_entity_changes(
        self, old: dict[str, EntityRow], new: dict[str, EntityRow], moved: list[tuple]
    ) -> None:
        """Delete the entities that are gone, upsert the changed ones, and move the relinked
        mentions (`moved`: (entity, article, seq) tuples)."""
        with self.atomic():  # type: ignore[attr-defined]
            self.conn.executemany(
                "DELETE FROM entities WHERE id = ?", [(e,) for e in sorted(old.keys() - new)]
            )
            self.conn.executemany(
                """INSERT INTO entities(id, name, type, latin, extras) VALUES (?,?,?,?,?)
                   ON CONFLICT(id) DO UPDATE SET name = excluded.name, type = excluded.type,
                   latin = excluded.latin, extras = excluded.extras""",
                [row for eid, row in sorted(new.items()) if old.get(eid) != row],
            )
            self.conn.executemany(
                "UPDATE mentions SET entity = ? WHERE article = ? AND seq = ?", moved
            )

    # -- relations (entities.link) ------------------------------------------------------------
    def relation_weights(self) -> dict[tuple[str, str, str], float]:
        return {
            (a, b, kind): w
            for a, b, kind, w in self.conn.execute(
                "SELECT a, b, kind, weight FROM entity_relations"
            )
        }

    def relations(self) -> list[EntityRelation]:
        return [
            EntityRelation(a, b, kind, w)
            for a, b, kind, w in self.conn.execute(
                "SELECT a, b, kind, weight FROM entity_relations ORDER BY a, b, kind"
            )
        ]

    def set_relations(
        self, old: dict[tuple[str, str, str], float], new: dict[tuple[str, str, str], float]
    ) -> None:
        """Replace the relations `old` by `new`, writing only what changed."""
        with self.atomic():  # type: ignore[attr-defined]
            self.conn.executemany(
                "DELETE FROM entity_relations WHERE a = ? AND b = ? AND kind = ?",
                sorted(old.keys() - new),
            )
            self.conn.executemany(
                """INSERT INTO entity_relations(a, b, kind, weight) VALUES (?,?,?,?)
                   ON CONFLICT(a, b, kind) DO UPDATE SET weight = excluded.weight""",
                [(*k, w) for k, w in sorted(new.items()) if old.get(k) != w],
            )

    def add_cooccurrences(self, delta: Iterable[tuple[tuple[str, str], float]]) -> None:
        """Add to the co-occurrence counts ((a, b), n) and drop the pairs left at zero."""
        with self.atomic():  # type: ignore[attr-defined]
            for (a, b), n in delta:
                if n:
                    self.conn.execute(
                        """INSERT INTO entity_relations(a, b, kind, weight)
                           VALUES (?,?,'co-occurrence',?)
                           ON CONFLICT(a, b, kind) DO UPDATE SET weight = weight + excluded.weight""",
                        (a, b, float(n)),
                    )
            self.conn.execute(
                "DELETE FROM entity_relations WHERE kind = 'co-occurrence' AND weight <= 0"
            )

    def drop_non_cooccurrence(self, entity: str) -> None:
        with self.atomic():  # type: ignore[attr-defined]
            self.conn.execute(
                "DELETE FROM entity_relations WHERE (a = ? OR b = ?) AND kind != 'co-occurrence'",
                (entity, entity),
            )

    def add_relation(self, a: str, b: str, kind: str) -> None:
        """Add a relation of weight 1 unless it exists."""
        with self.atomic():  # type: ignore[attr-defined]
            self.conn.execute(
                "INSERT OR IGNORE INTO entity_relations(a, b, kind, weight) VALUES (?,?,?,1.0)",
                (a, b, kind),
            )

    # -- the dossier's entities ---------------------------------------------------------------
    def iter_entities(self, only: Collection[str] | None = None) -> Iterator[Entity]:
        """Entities by id with their mentions in corpus order; `only`: mentions in these
        articles (an entity left with none is skipped)."""
        from itertools import groupby

        children = self.conn.cursor().execute(
            """SELECT m.entity, m.article, m.start, m."end", m.text FROM mentions m
               JOIN articles a ON a.id = m.article WHERE m.entity IS NOT NULL
               ORDER BY m.entity, a.seq, m.seq"""
        )
        groups = groupby(children, key=lambda r: r[0])
        cur = next(groups, None)
        for row in self.conn.cursor().execute(
            "SELECT id, name, type, latin, extras FROM entities ORDER BY id"
        ):
            while cur is not None and cur[0] < row[0]:
                cur = next(groups, None)
            rows = list(cur[1]) if cur is not None and cur[0] == row[0] else []
            mentions = [
                TextSpan(article=m[1], start=m[2], end=m[3], text=m[4])
                for m in rows
                if only is None or m[1] in only
            ]
            if mentions:
                yield _entity(tuple(row), mentions)
