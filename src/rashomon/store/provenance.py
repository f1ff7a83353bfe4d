"""Provenance: the `cited_sources` and `reuse` tables and the original-report guess.

Writers: `cited_sources` the store itself, with each article (`Article.cited`, filled by the
provenance.cited stage), `reuse` stories.near_duplicates (kind near_duplicate) and
provenance.reuse (copy, translation), the `provenance.original` meta key provenance.original.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from rashomon.corpus import CitedSource, Reuse
from rashomon.store.rows import IN_IDS, id_array

if TYPE_CHECKING:
    import sqlite3

ORIGINAL = "provenance.original"


def _cited(row: sqlite3.Row | tuple) -> CitedSource:
    article, seq, name, start, end, text, extras = row
    x = json.loads(extras or "{}")
    return CitedSource(
        article=article,
        seq=seq,
        name=name,
        start=start,
        end=end,
        text=text,
        kind=x.get("kind"),
        cue=x.get("cue"),
        statement=x.get("statement"),
        entity=x.get("entity"),
    )


class ProvenanceTables:
    conn: sqlite3.Connection

    # -- cited sources -----------------------------------------------------------------------
    def iter_cited(self, only: Collection[str] | None = None) -> Iterator[CitedSource]:
        """Cited sources in corpus order; `only`: of these articles."""
        for row in self.conn.cursor().execute(
            """SELECT c.article, c.seq, c.name, c.start, c."end", c.text, c.extras
               FROM cited_sources c JOIN articles a ON a.id = c.article ORDER BY a.seq, c.seq"""
        ):
            if only is None or row[0] in only:
                yield _cited(row)

    def cited_of(self, article_ids: list[str]) -> list[CitedSource]:
        """The cited sources of these articles, in corpus order."""
        return [
            _cited(row)
            for row in self.conn.execute(
                f"""SELECT c.article, c.seq, c.name, c.start, c."end", c.text, c.extras
                    FROM cited_sources c JOIN articles a ON a.id = c.article
                    WHERE c.article IN {IN_IDS} ORDER BY a.seq, c.seq""",  # noqa: S608
                (id_array(article_ids),),
            )
        ]

    # -- reuse -------------------------------------------------------------------------------
    def upsert_reuse(self, pairs: Iterable[Reuse]) -> None:
        with self.atomic():  # type: ignore[attr-defined]
            self.conn.executemany(
                """INSERT INTO reuse(a, b, kind, score, extras) VALUES (?,?,?,?,?)
                   ON CONFLICT(a, b, kind) DO UPDATE SET score=excluded.score, extras=excluded.extras""",
                [
                    (r.a, r.b, r.kind, r.score, json.dumps(r.extras, ensure_ascii=False))
                    for r in pairs
                ],
            )

    def replace_reuse_kind(self, kind: str, pairs: Iterable[Reuse]) -> None:
        """Drop every pair of this kind, then store `pairs` (a kind rebuilt from scratch)."""
        with self.atomic():  # type: ignore[attr-defined]
            self.conn.execute("DELETE FROM reuse WHERE kind = ?", (kind,))
            self.upsert_reuse(pairs)

    def reuse_pairs(self, kind: str) -> list[tuple[str, str]]:
        return self.conn.execute("SELECT a, b FROM reuse WHERE kind = ?", (kind,)).fetchall()

    def iter_reuse(self, only: Collection[str] | None = None) -> Iterator[Reuse]:
        """Reuse pairs, highest score first; `only`: both articles among these."""
        for a, b, kind, score, extras in self.conn.cursor().execute(
            "SELECT a, b, kind, score, extras FROM reuse ORDER BY score DESC, a, b"
        ):
            if only is None or (a in only and b in only):
                yield Reuse(a=a, b=b, kind=kind, score=score, extras=json.loads(extras))

    def top_reuse(self, article_ids: list[str], limit: int = 10) -> list[dict[str, Any]]:
        """The `limit` highest-scored pairs within these articles: {"a", "b", "kind", "score"}."""
        ids = id_array(article_ids)
        return [
            {"a": a, "b": b, "kind": kind, "score": score}
            for a, b, kind, score in self.conn.execute(
                f"""SELECT a, b, kind, score FROM reuse WHERE a IN {IN_IDS} AND b IN {IN_IDS}
                    ORDER BY score DESC LIMIT {int(limit)}""",  # noqa: S608 - placeholders only
                (ids, ids),
            )
        ]

    # -- the original report -----------------------------------------------------------------
    def original(self) -> Any:
        return self.get_meta(ORIGINAL)  # type: ignore[attr-defined]

    def set_original(self, value: Any) -> None:
        self.set_meta(ORIGINAL, value)  # type: ignore[attr-defined]
