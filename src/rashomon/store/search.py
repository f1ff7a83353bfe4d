"""Full-text search over the articles' matching keys (FTS5 trigram index, migration 2) for
`rashomon serve`. Read-only; a malformed FTS query raises `sqlite3.OperationalError`.

Rows come back as typed records: `ArticleMatch` (an article the query matches, with its text
for the hits) and `StatementMatch` (a statement of it, with its claim)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite3

_COLUMNS = "a.id, a.title, a.outlet, a.language, a.published, a.text"


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleMatch:
    """An article a search matches: its header, its display text, and its bm25 rank (lower is
    better; 0 for a scan)."""

    id: str
    title: str | None
    outlet: str | None
    language: str | None
    published: str | None
    text: str
    rank: float


@dataclass(frozen=True, slots=True, kw_only=True)
class StatementMatch:
    """A statement of a matched article, with the claim it belongs to (None: no claim)."""

    id: str
    start: int
    end: int
    text: str
    polarity: str
    hedged: bool
    claim: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _article_match(row: sqlite3.Row) -> ArticleMatch:
    return ArticleMatch(**{**dict(row), "rank": float(row["rank"])})


class SearchIndex:
    conn: sqlite3.Connection

    def has_fts(self) -> bool:
        return bool(
            self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles_fts'").fetchall()
        )

    def match_articles(self, match: str, limit: int) -> list[ArticleMatch]:
        """Articles matching an FTS5 query, best first (bm25 `rank`), with their text."""
        return [
            _article_match(r)
            for r in self.conn.execute(
                f"""SELECT {_COLUMNS}, bm25(articles_fts) AS rank
                    FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
                    WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?""",  # noqa: S608
                (match, limit),
            )
        ]

    def scan_articles(self, terms: list[str], limit: int) -> list[ArticleMatch]:
        """Articles whose matching key holds every term (no index: words shorter than a
        trigram), in corpus order, `rank` 0."""
        cond = " AND ".join("instr(a.key, ?) > 0" for _ in terms)
        return [
            _article_match(r)
            for r in self.conn.execute(
                f"""SELECT {_COLUMNS}, 0.0 AS rank FROM articles a WHERE {cond}
                    ORDER BY a.seq LIMIT ?""",  # noqa: S608 - placeholders only
                (*terms, limit),
            )
        ]

    def statements_with_claims(self, article_id: str) -> list[StatementMatch]:
        """An article's statements, in order, with their claim."""
        return [
            StatementMatch(**{**dict(r), "hedged": bool(r["hedged"])})
            for r in self.conn.execute(
                """SELECT s.id, s.start, s."end", s.text, s.polarity, s.hedged, cs.claim
                   FROM statements s LEFT JOIN claim_statements cs ON cs.statement = s.id
                   WHERE s.article = ? ORDER BY s.seq""",
                (article_id,),
            )
        ]
