"""Stories: the `stories` and `story_articles` tables. Writer: stories.cluster."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from typing import TYPE_CHECKING

from rashomon.corpus import Placement, Story
from rashomon.store.rows import split_extras

if TYPE_CHECKING:
    import sqlite3


class StoryTables:
    conn: sqlite3.Connection

    # -- reads -------------------------------------------------------------------------------
    def placements(self) -> dict[str, Placement]:
        """Every placed article's placement, by article id."""
        out = {}
        for article, story, extras in self.conn.execute(
            "SELECT article, story, extras FROM story_articles"
        ):
            x = json.loads(extras)
            out[article] = Placement(
                article=article,
                story=story,
                score=x.get("score"),
                via=x.get("via"),
                hub=x.get("hub"),
            )
        return out

    def story_of(self) -> dict[str, str]:
        """article id -> story id, for every placed article."""
        return dict(self.conn.execute("SELECT article, story FROM story_articles").fetchall())

    def story_members(self) -> dict[str, list[str]]:
        """story id -> its article ids in corpus order (stories in the order of their first
        article)."""
        out: dict[str, list[str]] = {}
        for story, article in self.conn.execute(
            "SELECT sa.story, sa.article FROM story_articles sa JOIN articles a "
            "ON a.id = sa.article ORDER BY a.seq"
        ):
            out.setdefault(story, []).append(article)
        return out

    def story_article_ids(self, story: str) -> set[str]:
        return {
            r[0]
            for r in self.conn.execute(
                "SELECT article FROM story_articles WHERE story = ?", (story,)
            )
        }

    def stories_by_id(self) -> dict[str, Story]:
        """Every story without its articles (`Story.articles` empty), by id."""
        return {
            sid: _story(sid, label, extras, [])
            for sid, label, extras in self.conn.execute("SELECT id, label, extras FROM stories")
        }

    def iter_stories(self, only: Collection[str] | None = None) -> Iterator[Story]:
        """Stories by id with their articles in corpus order; `only`: keep these articles
        (a story left with none is skipped)."""
        members: dict[str, list[str]] = {}
        cur = self.conn.cursor()
        for story, article in cur.execute(
            "SELECT sa.story, sa.article FROM story_articles sa JOIN articles a "
            "ON a.id = sa.article ORDER BY a.seq"
        ):
            if only is None or article in only:
                members.setdefault(story, []).append(article)
        for sid, label, extras in self.conn.cursor().execute(
            "SELECT id, label, extras FROM stories ORDER BY id"
        ):
            arts = members.get(sid, [])
            if only is not None and not arts:
                continue
            yield _story(sid, label, extras, arts)

    # -- writes (stories.cluster) --------------------------------------------------------------
    def unplace(self, article_ids: Iterable[str]) -> None:
        """Take articles out of their stories (they are placed again)."""
        with self.atomic():  # type: ignore[attr-defined]
            self.conn.executemany(
                "DELETE FROM story_articles WHERE article = ?", [(i,) for i in article_ids]
            )

    def write_stories(self, placements: Iterable[Placement], stories: Iterable[Story]) -> None:
        """Place articles, replace these stories, and drop the stories left empty."""
        with self.atomic():  # type: ignore[attr-defined]
            self.conn.executemany(
                "INSERT OR REPLACE INTO story_articles(article, story, extras) VALUES (?,?,?)",
                [
                    (p.article, p.story, json.dumps({"score": p.score, "via": p.via, "hub": p.hub}))
                    for p in placements
                ],
            )
            self.conn.executemany(
                "INSERT OR REPLACE INTO stories(id, label, extras) VALUES (?,?,?)",
                [(s.id, s.label, json.dumps(s.details(), ensure_ascii=False)) for s in stories],
            )
            self.conn.execute(
                "DELETE FROM stories WHERE id NOT IN (SELECT story FROM story_articles)"
            )


def _story(sid: str, label: str | None, extras_json: str, articles: list[str]) -> Story:
    typed, extras = split_extras(extras_json, Story.DETAILS)
    return Story(id=sid, label=label, articles=articles, **typed, extras=extras)
