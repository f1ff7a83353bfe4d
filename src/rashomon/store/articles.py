"""Articles: the `articles`, `sources`, `removed`, `mentions`, `statements` and
`cited_sources` rows of each article (writer: `upsert_article`, with all its parts), and the
reads the corpus steps and the outputs need: headers, texts, matching keys, dates.

Reading an article's text is counted per article (`text_reads`), and `keep_texts()`
keeps the texts read during a build in memory so that the corpus steps and the outputs read
each text from SQLite once (tests/store/test_text_reads.py holds a build to at most two).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any

from rashomon.cleaning.normalize import matching_key
from rashomon.corpus import ArticleInfo
from rashomon.record import Article, Paragraph, Removed, Sentence
from rashomon.store.rows import (
    article_row,
    dumps,
    mention_from_row,
    mention_rows,
    statement_from_row,
    statement_rows,
)

if TYPE_CHECKING:
    import sqlite3

ARTICLE_COLUMNS = (
    "id",
    "source",
    "raw",
    "text",
    "language",
    "outlet",
    "title",
    "published",
    "truncated",
    "repairs",
    "paragraphs",
    "sentences",
    "errors",
    "extras",
)
REFERENCE_DATE = "claims.reference_date"  # the articles.extras key of ArticleInfo.reference_date


def _chunks(items: list, n: int = 500) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _published(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class ArticleTables:
    conn: sqlite3.Connection
    text_reads: Counter[str]
    _texts: dict[str, str] | None

    # -- article texts, counted ------------------------------------------------------------
    @contextmanager
    def keep_texts(self) -> Iterator[None]:
        """Keep every article text read inside this block in memory and serve it from there
        (a build's corpus steps and outputs; the texts of one build fit in memory: the story
        step holds them all at once anyway)."""
        outer = self._texts
        if outer is None:
            self._texts = {}
        try:
            yield
        finally:
            if outer is None:
                self._texts = None

    def _noted(self, article_id: str, text: str) -> str:
        self.text_reads[article_id] += 1
        if self._texts is not None:
            self._texts[article_id] = text
        return text

    def _kept(self, article_id: str) -> str | None:
        return None if self._texts is None else self._texts.get(article_id)

    def article_texts(self, ids: Iterable[str]) -> dict[str, str]:
        """The display texts of these articles (kept ones from memory)."""
        out: dict[str, str] = {}
        todo = []
        for i in ids:
            kept = self._kept(i)
            if kept is None:
                todo.append(i)
            else:
                out[i] = kept
        for chunk in _chunks(sorted(set(todo))):
            marks = ",".join("?" * len(chunk))
            for aid, text in self.conn.execute(
                f"SELECT id, text FROM articles WHERE id IN ({marks})",
                chunk,  # noqa: S608
            ):
                out[aid] = self._noted(aid, text)
        return out

    # -- headers -----------------------------------------------------------------------------
    def article_infos(self, ids: Iterable[str] | None = None) -> list[ArticleInfo]:
        """Article headers (no text) in corpus order; `ids`: only these."""
        sql = "SELECT id, seq, source, language, outlet, title, published, extras FROM articles"
        if ids is None:
            rows = self.conn.execute(sql + " ORDER BY seq").fetchall()
        else:
            rows = []
            for chunk in _chunks(sorted(set(ids))):
                marks = ",".join("?" * len(chunk))
                rows += self.conn.execute(f"{sql} WHERE id IN ({marks})", chunk).fetchall()  # noqa: S608
            rows.sort(key=lambda r: r[1])
        return [
            ArticleInfo(
                id=r[0],
                seq=r[1],
                source=r[2],
                language=r[3],
                outlet=r[4],
                title=r[5],
                published=_published(r[6]),
                reference_date=json.loads(r[7]).get(REFERENCE_DATE),
            )
            for r in rows
        ]

    def article_keys(self) -> list[tuple[str, str]]:
        """(id, matching key) of every article in corpus order (near-duplicates, reuse)."""
        return self.conn.execute("SELECT id, key FROM articles ORDER BY seq").fetchall()

    # -- the reference date of an undated article (writer: claims.reference_dates) -----------
    def set_reference_date(self, article_id: str, value: dict[str, Any] | None) -> bool:
        """Set or clear an article's estimated reference date; True when it changed."""
        (extras_json,) = self.conn.execute(
            "SELECT extras FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        extras = json.loads(extras_json or "{}")
        if value is None:
            if extras.pop(REFERENCE_DATE, None) is None:
                return False
        else:
            extras[REFERENCE_DATE] = value
        with self.atomic():  # type: ignore[attr-defined]
            self.conn.execute(
                "UPDATE articles SET extras = ? WHERE id = ?",
                (json.dumps(extras, ensure_ascii=False), article_id),
            )
        return True

    def statement_dates(self, article_id: str) -> list[tuple[str, int, str, list[dict]]]:
        """(id, start, text, dates) of an article's statements, in order."""
        return [
            (sid, start, text, json.loads(dates))
            for sid, start, text, dates in self.conn.execute(
                "SELECT id, start, text, dates FROM statements WHERE article = ? ORDER BY seq",
                (article_id,),
            )
        ]

    def set_statement_dates(self, dates: dict[str, list[dict]]) -> None:
        """Replace the dates of these statements (by id)."""
        with self.atomic():  # type: ignore[attr-defined]
            self.conn.executemany(
                "UPDATE statements SET dates = ? WHERE id = ?",
                [(json.dumps(d, ensure_ascii=False), sid) for sid, d in dates.items()],
            )

    # -- articles ----------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
            is not None
        )

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY seq")]

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def upsert_article(self, article: Article, run_id: int | None = None) -> None:
        """Insert or replace an article and all its per-article parts (idempotent by id)."""
        if self._texts is not None:  # kept for the corpus steps: they need not read it back
            self._texts[article.id] = article.text
        with self.atomic() as c:
            row = c.execute("SELECT seq FROM articles WHERE id = ?", (article.id,)).fetchone()
            seq = (
                row[0]
                if row
                else int(c.execute("SELECT COALESCE(MAX(seq), -1) + 1 FROM articles").fetchone()[0])
            )
            for table in ("removed", "mentions", "statements", "cited_sources"):
                c.execute(f"DELETE FROM {table} WHERE article = ?", (article.id,))  # noqa: S608 - fixed names
            c.execute(
                """INSERT INTO articles(id, source, raw, text, key, language, outlet, title, published,
                       truncated, repairs, paragraphs, sentences, errors, extras, added_run, seq)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                   ON CONFLICT(id) DO UPDATE SET
                       raw=excluded.raw, text=excluded.text, key=excluded.key,
                       language=excluded.language, outlet=excluded.outlet, title=excluded.title,
                       published=excluded.published, truncated=excluded.truncated,
                       repairs=excluded.repairs, paragraphs=excluded.paragraphs,
                       sentences=excluded.sentences, errors=excluded.errors, extras=excluded.extras""",
                (*article_row(article, matching_key(article.text)), run_id, seq),
            )
            c.execute(
                "INSERT OR IGNORE INTO sources(source, article) VALUES (?, ?)",
                (article.source, article.id),
            )
            self._insert_parts(article)
            c.execute("DELETE FROM failures WHERE source = ?", (article.source,))

    def _insert_parts(self, article: Article) -> None:
        """The rows of an article's removed lines, mentions, statements and cited sources."""
        c = self.conn
        c.executemany(
            "INSERT INTO removed(article, seq, text, reason, line) VALUES (?,?,?,?,?)",
            [(article.id, i, r.text, r.reason, r.line) for i, r in enumerate(article.removed)],
        )
        c.executemany(
            """INSERT INTO mentions(article, seq, start, "end", text, type, key, entity,
                   confidence, extras) VALUES (?,?,?,?,?,?,?,?,?,?)""",
            mention_rows(article),
        )
        c.executemany(
            """INSERT INTO statements(id, article, seq, start, "end", text, attribution, polarity,
                   hedged, hedges, quantities, dates, extras) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            statement_rows(article),
        )
        c.executemany(
            """INSERT INTO cited_sources(article, seq, name, start, "end", text, extras)
               VALUES (?,?,?,?,?,?,?)""",
            [
                (article.id, x.seq, x.name, x.start, x.end, x.text, dumps(x.details()))
                for x in article.cited
            ],
        )

    def add_source(self, source: str, article_id: str) -> None:
        """Record that `source` holds the content of the stored article `article_id` (an input
        that duplicates another is kept once, but its name is not lost)."""
        with self.atomic():
            self.conn.execute(
                "INSERT OR IGNORE INTO sources(source, article) VALUES (?, ?)", (source, article_id)
            )
            self.conn.execute("DELETE FROM failures WHERE source = ?", (source,))

    def unfinished_article_ids(self) -> list[str]:
        """Articles stored by a run that did not finish (killed, failed): they may have missed
        the corpus steps, so the next run hands them to the corpus steps again."""
        return [
            r[0]
            for r in self.conn.execute(
                """SELECT id FROM articles WHERE added_run IN
                       (SELECT id FROM runs WHERE status NOT IN ('ok', 'partial', 'running'))
                   ORDER BY seq"""
            )
        ]

    def adopt_articles(self, article_ids: list[str], run_id: int) -> None:
        """Count these articles as added by `run_id` (once its corpus steps have seen them)."""
        with self.atomic():
            self.conn.executemany(
                "UPDATE articles SET added_run = ? WHERE id = ?", [(run_id, i) for i in article_ids]
            )

    def load_article(self, article_id: str, *, raw: bool = True, parts: bool = True) -> Article:
        """One article with all its parts; `raw=False` leaves `Article.raw` empty (the corpus
        steps never need the input text), `parts=False` leaves out its mentions, statements
        and cited sources (the dossier's article list). The text comes from `keep_texts` when
        kept."""
        kept = self._kept(article_id)
        columns = [
            c for c in ARTICLE_COLUMNS if (raw or c != "raw") and (kept is None or c != "text")
        ]
        row = self.conn.execute(
            f"SELECT {', '.join(columns)} FROM articles WHERE id = ?",
            (article_id,),  # noqa: S608
        ).fetchone()
        if row is None:
            raise KeyError(article_id)
        text = kept if kept is not None else self._noted(article_id, row["text"])
        article = self._article_from_row(row, text, row["raw"] if raw else "")
        if parts:
            self._load_parts(article)
        return article

    def iter_articles(
        self, ids: Iterable[str] | None = None, *, raw: bool = True
    ) -> Iterator[Article]:
        """Articles in insertion order (or in the order of `ids`), one at a time (streaming)."""
        if ids is None:
            ids = [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY seq")]
        for article_id in ids:
            yield self.load_article(article_id, raw=raw)

    def _article_from_row(self, row: sqlite3.Row, text: str, raw: str) -> Article:
        aid = row["id"]
        removed = [
            Removed(text=r["text"], reason=r["reason"], line=r["line"])
            for r in self.conn.execute(
                "SELECT * FROM removed WHERE article = ? ORDER BY seq", (aid,)
            )
        ]
        return Article(
            id=aid,
            source=row["source"],
            raw=raw,
            text=text,
            language=row["language"],
            outlet=row["outlet"],
            title=row["title"],
            published=date.fromisoformat(row["published"]) if row["published"] else None,
            truncated=bool(row["truncated"]),
            removed=removed,
            repairs=json.loads(row["repairs"]),
            paragraphs=[Paragraph(**p) for p in json.loads(row["paragraphs"])],
            sentences=[Sentence(**s) for s in json.loads(row["sentences"])],
            errors=json.loads(row["errors"]),
            extras=json.loads(row["extras"]),
        )

    def _load_parts(self, article: Article) -> None:
        """An article's mentions, statements and cited sources, from their tables."""
        aid, c = article.id, self.conn
        article.mentions = [
            mention_from_row(r)
            for r in c.execute("SELECT * FROM mentions WHERE article = ? ORDER BY seq", (aid,))
        ]
        article.statements = [
            statement_from_row(r)
            for r in c.execute("SELECT * FROM statements WHERE article = ? ORDER BY seq", (aid,))
        ]
        article.cited = self.cited_of([aid])
