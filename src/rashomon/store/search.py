"""Full-text search over the articles' matching keys (FTS5 trigram index, migration 2) for
`rashomon serve`. Read-only; a malformed FTS query raises `sqlite3.OperationalError`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite3

_COLUMNS = "a.id, a.title, a.outlet, a.language, a.published, a.text"


class SearchIndex:
    conn: sqlite3.Connection

    def has_fts(self) -> bool:
        return bool(
            self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles_fts'").fetchall()
        )

    def match_articles(self, match: str, limit: int) -> list[dict[str, Any]]:
        """Articles matching an FTS5 query, best first (bm25 `rank`), with their text."""
        return [
            dict(r)
            for r in self.conn.execute(
                f"""SELECT {_COLUMNS}, bm25(articles_fts) AS rank
                    FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
                    WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?""",  # noqa: S608
                (match, limit),
            )
        ]

    def scan_articles(self, terms: list[str], limit: int) -> list[dict[str, Any]]:
        """Articles whose matching key holds every term (no index: words shorter than a
        trigram), in corpus order, `rank` 0."""
        cond = " AND ".join("instr(a.key, ?) > 0" for _ in terms)
        return [
            dict(r)
            for r in self.conn.execute(
                f"""SELECT {_COLUMNS}, 0.0 AS rank FROM articles a WHERE {cond}
                    ORDER BY a.seq LIMIT ?""",  # noqa: S608 - placeholders only
                (*terms, limit),
            )
        ]

    def statements_with_claims(self, article_id: str) -> list[dict[str, Any]]:
        """An article's statements (id, start, end, text, polarity, hedged) with their claim."""
        return [
            dict(r)
            for r in self.conn.execute(
                """SELECT s.id, s.start, s."end", s.text, s.polarity, s.hedged, cs.claim
                   FROM statements s LEFT JOIN claim_statements cs ON cs.statement = s.id
                   WHERE s.article = ? ORDER BY s.seq""",
                (article_id,),
            )
        ]
