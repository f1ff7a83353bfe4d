"""What report.html shows of a large dossier, read from the store without loading the corpus.

A dossier with up to `report.full_articles` articles gets the full report. Above, the report is
bounded: the overview counts the whole dossier (SQL aggregates), the stories list shows the
`report.max_stories` largest with their ids, and every detailed section (discrepancies,
claims, entities, timeline, provenance, the articles) covers only the largest stories that fit
in `report.detail_articles` articles. The `Scope` says what is left out, so the page can tell
the analyst, and how to see it: one story's full report (`rashomon export DIR --format html
--story ID`), search across everything (`rashomon serve`), or dossier.json (always complete).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rashomon.config import Config
from rashomon.store.sqlite import Store


@dataclass(slots=True, kw_only=True)
class Scope:
    """The whole dossier's figures and what a bounded report shows of it."""

    articles: int  # in the dossier
    shown: list[str]  # ids of the articles shown in full, in dossier order
    stories: int  # in the dossier
    shown_stories: list[str]  # stories shown in full (the last one may be cut: `cut_story`)
    cut_story: str | None = None  # a story larger than the budget: its first articles only
    outlets: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    first: str | None = None  # earliest and latest publication dates
    last: str | None = None
    discrepancies: Counter[str] = field(default_factory=Counter)  # by kind
    claims: int = 0
    entities: int = 0
    # The largest stories: id, label, articles, languages, first, last, discrepancies, shown.
    story_rows: list[dict[str, Any]] = field(default_factory=list)
    max_matrix_claims: int = 300
    # A link to each story's own report ("{id}" is replaced), where the page is served.
    story_href: str | None = None


def story_sizes(store: Store) -> list[tuple[str, int]]:
    """(story id, articles), largest first (ties by id)."""
    return [
        (r[0], r[1])
        for r in store.conn.execute(
            "SELECT story, COUNT(*) AS n FROM story_articles GROUP BY story ORDER BY n DESC, story"
        )
    ]


def select_detail(store: Store, budget: int) -> tuple[list[str], list[str], str | None]:
    """(article ids, story ids, cut story) shown in full: the largest stories that fit in
    `budget` articles, taken whole, in size order; when the largest alone is larger than the
    budget, its first `budget` articles. Articles in no story fill what is left."""
    chosen: list[str] = []
    total = 0
    cut = None
    for story, n in story_sizes(store):
        if total >= budget:
            break
        if total + n <= budget:
            chosen.append(story)
            total += n
        elif not chosen:
            chosen.append(story)
            cut = story
            break
    ids: list[str] = []
    if chosen:
        marks = ",".join("?" * len(chosen))
        ids = [
            r[0]
            for r in store.conn.execute(
                f"""SELECT DISTINCT a.id, a.seq FROM story_articles sa JOIN articles a
                    ON a.id = sa.article WHERE sa.story IN ({marks}) ORDER BY a.seq""",
                chosen,
            )
        ][:budget]
    if len(ids) < budget:
        ids += [
            r[0]
            for r in store.conn.execute(
                """SELECT id FROM articles WHERE id NOT IN (SELECT article FROM story_articles)
                   ORDER BY seq LIMIT ?""",
                (budget - len(ids),),
            )
        ]
    order = {aid: i for i, aid in enumerate(ids)}
    return sorted(ids, key=order.__getitem__), chosen, cut


def scope_of(store: Store, config: Config) -> Scope | None:
    """None when the dossier is small enough for the full report, else what to show of it."""
    rc = config.report
    total = store.count_articles()
    if total <= rc.full_articles:
        return None
    from rashomon.report.views import article_label

    shown, shown_stories, cut = select_detail(store, rc.detail_articles)
    c = store.conn
    outlets = {
        article_label({"id": r[0], "outlet": r[1], "source": r[2]})
        for r in c.execute("SELECT id, outlet, source FROM articles")
    }
    first, last = c.execute(
        "SELECT MIN(published), MAX(published) FROM articles WHERE published IS NOT NULL"
    ).fetchone()
    disc_by_story = {
        r[0]: r[1]
        for r in c.execute(
            """SELECT sa.story, COUNT(DISTINCT d.id) FROM discrepancies d, json_each(d.statements) j
               JOIN story_articles sa ON sa.article = json_extract(j.value, '$.article')
               GROUP BY sa.story"""
        )
    }
    in_report = set(shown_stories)
    rows = [
        {
            "id": r["id"],
            "label": r["label"],
            "articles": r["n"],
            "languages": sorted(x for x in (r["langs"] or "").split(",") if x),
            "first": r["first"],
            "last": r["last"],
            "discrepancies": disc_by_story.get(r["id"], 0),
            "shown": "cut" if r["id"] == cut else r["id"] in in_report,
        }
        for r in c.execute(
            """SELECT s.id, s.label, COUNT(*) AS n, GROUP_CONCAT(DISTINCT a.language) AS langs,
                      MIN(a.published) AS first, MAX(a.published) AS last
               FROM stories s JOIN story_articles sa ON sa.story = s.id
               JOIN articles a ON a.id = sa.article
               GROUP BY s.id ORDER BY n DESC, s.id LIMIT ?""",
            (rc.max_stories,),
        )
    ]
    return Scope(
        articles=total,
        shown=shown,
        stories=int(c.execute("SELECT COUNT(*) FROM stories").fetchone()[0]),
        shown_stories=shown_stories,
        cut_story=cut,
        outlets=len(outlets),
        languages=Counter(
            {
                (r[0] or ""): r[1]
                for r in c.execute("SELECT language, COUNT(*) FROM articles GROUP BY language")
            }
        ),
        first=first,
        last=last,
        discrepancies=Counter(
            {
                r[0]: r[1]
                for r in c.execute("SELECT kind, COUNT(*) FROM discrepancies GROUP BY kind")
            }
        ),
        claims=int(c.execute("SELECT COUNT(DISTINCT claim) FROM claim_statements").fetchone()[0]),
        entities=int(
            c.execute(
                "SELECT COUNT(DISTINCT entity) FROM mentions WHERE entity IS NOT NULL"
            ).fetchone()[0]
        ),
        story_rows=rows,
        max_matrix_claims=rc.max_matrix_claims,
    )


def report_from_store(
    store: Store,
    config: Config | None = None,
    *,
    story: str | None = None,
    story_href: str | None = None,
) -> str:
    """report.html of the dossier in `store`: full, bounded (large dossier), or the full report
    of one story (`story`: its id). `story_href` (e.g. "story/{id}", in the web app) makes the
    stories of a bounded report links to their own reports. Raises KeyError for an unknown
    story."""
    from rashomon.dossier import build_dossier
    from rashomon.report.html import render_report

    config = config or Config()
    if story is not None:
        from rashomon.export import story_articles

        ids = story_articles(store, story)
        # A story larger than a full report: every article in full, but the claims matrix
        # (claims x articles) bounded like a large dossier's, and said so above it.
        limit = config.report.max_matrix_claims if len(ids) > config.report.full_articles else None
        return render_report(build_dossier(store, config, only=ids), matrix_limit=limit)
    scope = scope_of(store, config)
    if scope is None:
        return render_report(build_dossier(store, config))
    scope.story_href = story_href
    return render_report(build_dossier(store, config, only=set(scope.shown)), scope=scope)
