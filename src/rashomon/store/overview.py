"""Aggregates over the whole dossier (counts, date range, story sizes) for the bounded report
of a large dossier: answered by SQL, without loading the corpus. Read-only."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from rashomon.store.rows import IN_IDS, id_array

if TYPE_CHECKING:
    import sqlite3


class Overview:
    conn: sqlite3.Connection

    def story_sizes(self) -> list[tuple[str, int]]:
        """(story id, articles), largest first (ties by id)."""
        return [
            (r[0], r[1])
            for r in self.conn.execute(
                "SELECT story, COUNT(*) AS n FROM story_articles GROUP BY story "
                "ORDER BY n DESC, story"
            )
        ]

    def articles_of_stories(self, stories: list[str]) -> list[str]:
        """The article ids of these stories, in corpus order."""
        return [
            r[0]
            for r in self.conn.execute(
                f"""SELECT DISTINCT a.id, a.seq FROM story_articles sa JOIN articles a
                    ON a.id = sa.article WHERE sa.story IN {IN_IDS} ORDER BY a.seq""",  # noqa: S608
                (id_array(stories),),
            )
        ]

    def unplaced_articles(self, limit: int) -> list[str]:
        """The first `limit` articles no story holds, in corpus order."""
        return [
            r[0]
            for r in self.conn.execute(
                """SELECT id FROM articles WHERE id NOT IN (SELECT article FROM story_articles)
                   ORDER BY seq LIMIT ?""",
                (limit,),
            )
        ]

    def article_origins(self) -> list[tuple[str, str | None, str]]:
        """(id, outlet, source) of every article."""
        return self.conn.execute("SELECT id, outlet, source FROM articles").fetchall()

    def published_range(self) -> tuple[str | None, str | None]:
        first, last = self.conn.execute(
            "SELECT MIN(published), MAX(published) FROM articles WHERE published IS NOT NULL"
        ).fetchone()
        return first, last

    def discrepancies_by_story(self) -> dict[str, int]:
        """story id -> discrepancies with a statement in one of its articles."""
        return dict(
            self.conn.execute(
                """SELECT sa.story, COUNT(DISTINCT d.id) FROM discrepancies d,
                          json_each(d.statements) j
                   JOIN story_articles sa ON sa.article = json_extract(j.value, '$.article')
                   GROUP BY sa.story"""
            ).fetchall()
        )

    def largest_stories(self, limit: int) -> list[dict[str, Any]]:
        """The `limit` largest stories: id, label, n (articles), languages, first, last."""
        return [
            {
                "id": r[0],
                "label": r[1],
                "n": r[2],
                "languages": sorted(x for x in (r[3] or "").split(",") if x),
                "first": r[4],
                "last": r[5],
            }
            for r in self.conn.execute(
                """SELECT s.id, s.label, COUNT(*) AS n, GROUP_CONCAT(DISTINCT a.language),
                          MIN(a.published), MAX(a.published)
                   FROM stories s JOIN story_articles sa ON sa.story = s.id
                   JOIN articles a ON a.id = sa.article
                   GROUP BY s.id ORDER BY n DESC, s.id LIMIT ?""",
                (limit,),
            )
        ]

    def count_stories(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0])

    def language_counts(self) -> Counter[str]:
        return Counter(
            {
                (r[0] or ""): r[1]
                for r in self.conn.execute(
                    "SELECT language, COUNT(*) FROM articles GROUP BY language"
                )
            }
        )

    def discrepancy_kinds(self) -> Counter[str]:
        return Counter(
            dict(self.conn.execute("SELECT kind, COUNT(*) FROM discrepancies GROUP BY kind"))
        )

    def count_claims(self) -> int:
        return int(
            self.conn.execute("SELECT COUNT(DISTINCT claim) FROM claim_statements").fetchone()[0]
        )

    def count_linked_entities(self) -> int:
        return int(
            self.conn.execute(
                "SELECT COUNT(DISTINCT entity) FROM mentions WHERE entity IS NOT NULL"
            ).fetchone()[0]
        )
