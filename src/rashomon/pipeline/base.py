"""The stage protocol.

A *stage* turns a stream of articles into a stream of articles: `run(articles) -> Iterator`.
A plain function with that signature is a stage too. Stages are cheap to construct (they only
store settings) and load models lazily on first use, so a stage list pickles cheaply to a
process pool or a Dask worker (STYLE.md points 4 and 6).

Most stages work on one article at a time: subclass `ArticleStage` and implement `process`.
A failure in `process` is recorded on the article (`article.errors`) and the article goes on
through the rest of the pipeline unchanged by that stage: one bad article never costs a batch.

A *corpus step* works on the whole store after the per-article stages: clustering stories,
linking entities, aligning claims. It receives the ids of the articles that are new in this
run so it can update incrementally instead of recomputing everything. Each step declares the
data it `reads` and `writes` (names in `DATA`); `check_order` refuses a list in which a step
reads what a later step writes, so the order is checked where the pipeline is built, not
kept in a comment. ARCHITECTURE.md draws the resulting data flow.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from rashomon.record import Article

if TYPE_CHECKING:
    from rashomon.config import Config
    from rashomon.store.sqlite import Store

log = logging.getLogger(__name__)

StageFn = Callable[[Iterable[Article]], Iterator[Article]]


@runtime_checkable
class Stage(Protocol):
    name: str

    def run(self, articles: Iterable[Article]) -> Iterator[Article]: ...


class ArticleStage:
    """A stage that handles one article at a time, with failures kept per article."""

    name = "stage"

    def process(self, article: Article) -> Article:  # pragma: no cover - interface
        raise NotImplementedError

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            try:
                yield self.process(article)
            except Exception as exc:  # noqa: BLE001 - isolate one article's failure
                self.failed(article, exc)
                yield article

    def failed(self, article: Article, exc: Exception) -> None:
        """Record on the article that this stage failed on it (it goes on unchanged)."""
        log.warning("stage %s failed on %s (%s): %s", self.name, article.source, article.id, exc)
        article.errors.append(f"{self.name}: {type(exc).__name__}: {exc}")


# What the corpus steps read and write: the store's tables (or the part of one a step owns).
# The per-article stages write the first four with each article.
DATA = {
    "articles": "article headers and texts (articles)",
    "mentions": "per-article entity mentions (mentions)",
    "statements": "per-article statements (statements)",
    "cited_sources": "sources each article cites (cited_sources)",
    "near_duplicates": "near-duplicate pairs (reuse, kind near_duplicate)",
    "stories": "stories and their articles (stories, story_articles)",
    "entities": "corpus mentions, linked entities and their relations (mentions.entity, "
    "entities, entity_relations)",
    "reference_dates": "estimated dates of undated articles and their statements' dates "
    "(articles.extras, statements.dates)",
    "claims": "claims and their statements (claims, claim_statements)",
    "discrepancies": "discrepancies (discrepancies)",
    "timeline": "the timeline (timeline)",
    "reuse": "copy and translation reuse (reuse, kinds copy and translation)",
    "original": "the original-report guess (meta provenance.original)",
}
STAGE_DATA = frozenset({"articles", "mentions", "statements", "cited_sources"})


class StepOrderError(ValueError):
    """A corpus step reads data that a later step writes."""


class CorpusStep:
    """A step over the whole store, run after the per-article stages."""

    name = "corpus-step"
    reads: frozenset[str] = frozenset()  # names in DATA
    writes: frozenset[str] = frozenset()

    def update(self, store: Store, new_ids: list[str], config: Config) -> None:  # pragma: no cover
        raise NotImplementedError


def check_order(steps: list[CorpusStep]) -> None:
    """Raise StepOrderError when a step reads what a later step writes, or names unknown
    data; each datum has one writer."""
    writer: dict[str, str] = {}
    for i, step in enumerate(steps):
        unknown = sorted((step.reads | step.writes) - DATA.keys())
        if unknown:
            raise StepOrderError(f"corpus step {step.name} names unknown data {unknown}")
        for datum in sorted(step.writes):
            if datum in writer or datum in STAGE_DATA:
                first = writer.get(datum, "the per-article stages")
                raise StepOrderError(
                    f"corpus steps {first} and {step.name} both write {datum}: one writer each"
                )
            writer[datum] = step.name
        for later in steps[i + 1 :]:
            clash = sorted(step.reads & later.writes)
            if clash:
                raise StepOrderError(
                    f"corpus step {step.name} reads {', '.join(clash)}, which the later step "
                    f"{later.name} writes: run {later.name} first"
                )


def stage_name(stage: Stage | StageFn) -> str:
    return getattr(stage, "name", getattr(stage, "__name__", type(stage).__name__))


def run_stages(stages: list[Stage | StageFn], articles: Iterable[Article]) -> Iterator[Article]:
    """Chain the stages lazily: each pulls from the one before (streaming)."""
    stream: Iterable[Article] = articles
    for stage in stages:
        stream = stage.run(stream) if hasattr(stage, "run") else stage(stream)
    return iter(stream)
