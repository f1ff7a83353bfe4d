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
run so it can update incrementally instead of recomputing everything.
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
                log.warning(
                    "stage %s failed on %s (%s): %s", self.name, article.source, article.id, exc
                )
                article.errors.append(f"{self.name}: {type(exc).__name__}: {exc}")
                yield article


class CorpusStep:
    """A step over the whole store, run after the per-article stages."""

    name = "corpus-step"

    def update(self, store: Store, new_ids: list[str], config: Config) -> None:  # pragma: no cover
        raise NotImplementedError


def stage_name(stage: Stage | StageFn) -> str:
    return getattr(stage, "name", getattr(stage, "__name__", type(stage).__name__))


def run_stages(stages: list[Stage | StageFn], articles: Iterable[Article]) -> Iterator[Article]:
    """Chain the stages lazily: each pulls from the one before (streaming)."""
    stream: Iterable[Article] = articles
    for stage in stages:
        stream = stage.run(stream) if hasattr(stage, "run") else stage(stream)
    return iter(stream)
