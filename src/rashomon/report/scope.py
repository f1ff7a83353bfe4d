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
from typing import TYPE_CHECKING, Any

from rashomon.config import Config
from rashomon.store.sqlite import Store

if TYPE_CHECKING:
    from rashomon.gloss.apply import Glosser


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


def select_detail(store: Store, budget: int) -> tuple[list[str], list[str], str | None]:
    """(article ids, story ids, cut story) shown in full: the largest stories that fit in
    `budget` articles, taken whole, in size order; when the largest alone is larger than the
    budget, its first `budget` articles. Articles in no story fill what is left."""
    chosen: list[str] = []
    total = 0
    cut = None
    for story, n in store.story_sizes():
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
        ids = store.articles_of_stories(chosen)[:budget]
    if len(ids) < budget:
        ids += store.unplaced_articles(budget - len(ids))
    order = {aid: i for i, aid in enumerate(ids)}
    return sorted(ids, key=order.__getitem__), chosen, cut


def scope_of(store: Store, config: Config) -> Scope | None:
    """None when the dossier is small enough for the full report, else what to show of it."""
    rc = config.report
    total = store.count_articles()
    if total <= rc.full_articles:
        return None
    from rashomon.corpus import ArticleInfo
    from rashomon.report.views import label_of

    shown, shown_stories, cut = select_detail(store, rc.detail_articles)
    outlets = {
        label_of(ArticleInfo(id=aid, seq=0, outlet=outlet, source=source or ""))
        for aid, outlet, source in store.article_origins()
    }
    first, last = store.published_range()
    disc_by_story = store.discrepancies_by_story()
    in_report = set(shown_stories)
    rows = [
        {
            "id": r["id"],
            "label": r["label"],
            "articles": r["n"],
            "languages": r["languages"],
            "first": r["first"],
            "last": r["last"],
            "discrepancies": disc_by_story.get(r["id"], 0),
            "shown": "cut" if r["id"] == cut else r["id"] in in_report,
        }
        for r in store.largest_stories(rc.max_stories)
    ]
    return Scope(
        articles=total,
        shown=shown,
        stories=store.count_stories(),
        shown_stories=shown_stories,
        cut_story=cut,
        outlets=len(outlets),
        languages=store.language_counts(),
        first=first,
        last=last,
        discrepancies=store.discrepancy_kinds(),
        claims=store.count_claims(),
        entities=store.count_linked_entities(),
        story_rows=rows,
        max_matrix_claims=rc.max_matrix_claims,
    )


def report_from_store(
    store: Store,
    config: Config | None = None,
    *,
    story: str | None = None,
    story_href: str | None = None,
    glosser: Glosser | None = None,
    scope: Scope | None | str = "find",
) -> str:
    """report.html of the dossier in `store`: full, bounded (large dossier), or the full report
    of one story (`story`: its id). `story_href` (e.g. "story/{id}", in the web app) makes the
    stories of a bounded report links to their own reports. Raises KeyError for an unknown
    story. `glosser` (one over the whole dossier: `build.write_outputs`, which glossed
    dossier.json with it) and `scope` (`scope_of`'s answer) may come from the caller."""
    from rashomon.dossier import build_dossier
    from rashomon.report.html import render_report

    config = config or Config()
    relations = store.relations()
    if story is not None:
        from rashomon.export import story_articles

        ids = story_articles(store, story)
        # A story larger than a full report: every article in full, but the claims matrix
        # (claims x articles) bounded like a large dossier's, and said so above it.
        limit = config.report.max_matrix_claims if len(ids) > config.report.full_articles else None
        return render_report(
            build_dossier(store, config, only=ids), matrix_limit=limit, relations=relations
        )
    if isinstance(scope, str):
        scope = scope_of(store, config)
    if scope is None:
        return render_report(build_dossier(store, config, glosser=glosser), relations=relations)
    scope.story_href = story_href
    return render_report(
        build_dossier(store, config, only=set(scope.shown), glosser=glosser),
        scope=scope,
        relations=relations,
    )
