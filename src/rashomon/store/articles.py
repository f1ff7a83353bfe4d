"""Article reads for the corpus steps and the outputs: headers, texts, matching keys, dates.

The per-article stages write articles (`Store.upsert_article`); the corpus steps read them
here. Reading an article's text is counted per article (`text_reads`), and `keep_texts()`
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

from rashomon.corpus import ArticleInfo

if TYPE_CHECKING:
    import sqlite3

REFERENCE_DATE = "claims.reference_date"  # the articles.extras key of ArticleInfo.reference_date


def _chunks(items: list, n: int = 500) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _published(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class ArticleReads:
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
