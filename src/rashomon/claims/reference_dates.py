"""Relative dates in undated articles, resolved against their story's dated articles.

A retelling often reaches us without a publication date (the page furniture that carried it was
cut, or the scrape never had it), so "last Sunday" and "21 October" in it cannot be resolved
against the article itself. Its story can: the articles that tell the same story were published
within days of each other. For an undated article whose story has dated articles no more than
`MAX_SPREAD_DAYS` apart, the median of their dates is the *reference date*; the statements'
dates are found again against it, and the ones the article alone could not resolve are added
with `basis: "story estimate"`. The article's `published` stays empty (it is not known), and the
estimate, with the articles it came from, is kept as the article's `reference_date`
(`ArticleInfo.reference_date`, `published_estimate` in the dossier).

Estimated dates are shown (timeline, report) and count as shared evidence when aligning
statements, but no discrepancy is ever argued from one: the detectors ignore them.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING

from rashomon.claims.extract.dates import find_dates
from rashomon.pipeline.base import CorpusStep

if TYPE_CHECKING:
    from rashomon.config import Config
    from rashomon.corpus import ArticleInfo
    from rashomon.store.sqlite import Store

log = logging.getLogger(__name__)

BASIS = "story estimate"
# Dated articles of a story further apart than this do not pin down a day.
MAX_SPREAD_DAYS = 14


def story_reference_date(dates: list[date]) -> date | None:
    """The median of a story's publication dates (of two, the later: retellings follow), or
    None when they are too far apart."""
    if not dates:
        return None
    dates = sorted(dates)
    if (dates[-1] - dates[0]).days > MAX_SPREAD_DAYS:
        return None
    return dates[len(dates) // 2]


class EstimateReferenceDates(CorpusStep):
    """Resolve the relative dates of undated articles against their story (see module doc).

    Runs over every undated article on each build, so an `add` that brings a dated article
    into an old story also resolves that story's undated ones; estimated dates from an earlier
    run are dropped and found again, so the step is idempotent.
    """

    name = "claims.reference-dates"
    reads = frozenset({"articles", "statements", "stories"})
    writes = frozenset({"reference_dates"})

    def update(self, store: Store, new_ids: list[str], config: Config) -> None:
        story_of = store.story_of()
        dated: dict[str, list[tuple[date, str]]] = defaultdict(list)
        undated = []
        for a in store.article_infos():
            if a.published:
                if a.id in story_of:
                    dated[story_of[a.id]].append((a.published, a.id))
            else:
                undated.append(a)
        if not undated:
            return
        with store.atomic():
            for a in undated:
                peers = dated.get(story_of.get(a.id, ""), [])
                reference = story_reference_date([d for d, _ in peers])
                if reference is None:
                    store.set_reference_date(a.id, None)
                else:
                    store.set_reference_date(
                        a.id,
                        {
                            "value": reference.isoformat(),
                            "basis": "median publication date of the story's dated articles",
                            "from": sorted(x for _, x in peers),
                        },
                    )
                self._redate(store, a, reference)

    @staticmethod
    def _redate(store: Store, article: ArticleInfo, reference: date | None) -> None:
        changed = {}
        for sid, start, text, dates in store.statement_dates(article.id):
            own = [d for d in dates if d.get("basis") != BASIS]
            found = []
            if reference is not None:
                taken = [(d["start"], d["end"]) for d in own]
                for d in find_dates(
                    text, published=reference, language=article.language, offset=start
                ):
                    if all(d.end <= s or d.start >= e for s, e in taken):
                        found.append(
                            {
                                "value": d.value,
                                "text": d.text,
                                "start": d.start,
                                "end": d.end,
                                "precision": d.precision,
                                "basis": BASIS,
                            }
                        )
            new = sorted(own + found, key=lambda d: d["start"])
            if new != dates:
                changed[sid] = new
        store.set_statement_dates(changed)
