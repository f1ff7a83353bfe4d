"""The default pipeline: which per-article stages and corpus steps run, in order.

Each area adds its stage here, built from the configuration. Constructors are cheap; models
load on first use (STYLE.md point 6).
"""

from __future__ import annotations

from rashomon.cleaning.basic import BasicClean
from rashomon.cleaning.boilerplate import Boilerplate
from rashomon.cleaning.metadata import ExtractMetadata
from rashomon.config import Config
from rashomon.entities.detect import DetectMentions
from rashomon.entities.link import LinkEntities
from rashomon.language.detect import DetectLanguage
from rashomon.language.segment import Segment
from rashomon.pipeline.base import CorpusStep, Stage, StageFn, check_order


def article_stages(config: Config) -> list[Stage | StageFn]:
    """Per-article stages, in order."""
    stages: list[Stage | StageFn] = []

    # -- cleaning (readers hand over decoded text; these build Article.text) --
    stages.append(BasicClean())
    if config.cleaning.boilerplate:
        stages.append(
            Boilerplate(
                recurring_min_articles=config.cleaning.recurring_min_articles,
                max_furniture_words=config.cleaning.max_furniture_words,
            )
        )
    stages.append(ExtractMetadata())

    # -- language and segmentation --
    stages.append(Segment())
    stages.append(DetectLanguage(model=config.language.model))

    # -- entities (mention detection per article) --
    if config.entities.enabled:
        stages.append(
            DetectMentions(
                batch_stats=config.entities.batch_stats,
                min_confidence=config.entities.min_confidence,
            )
        )

    # -- claims (statements per article) --
    if config.claims.enabled:
        from rashomon.claims.extract import ExtractStatements
        from rashomon.provenance.cited import CitedSources

        stages.append(ExtractStatements())
        stages.append(CitedSources())  # provenance per article: needs the statements

    return stages


def corpus_steps(config: Config) -> list[CorpusStep]:
    """Steps over the whole store, run after the per-article stages, in order. Each step
    declares what it reads and writes (`CorpusStep.reads`/`writes`); `check_order` refuses
    an order in which a step would read what a later one writes (ARCHITECTURE.md)."""
    steps: list[CorpusStep] = []

    if config.stories.enabled:
        from rashomon.stories.cluster import StoryClustering
        from rashomon.stories.near_duplicates import NearDuplicates

        steps += [NearDuplicates(), StoryClustering()]

    if config.entities.enabled:
        steps.append(LinkEntities())

    if config.claims.enabled:
        from rashomon.claims.align import AlignClaims
        from rashomon.claims.reference_dates import EstimateReferenceDates
        from rashomon.claims.timeline import BuildTimeline
        from rashomon.provenance.original import OriginalReport
        from rashomon.provenance.reuse import TextReuse

        steps += [
            EstimateReferenceDates(),
            AlignClaims(),
            BuildTimeline(),
            TextReuse(),
            OriginalReport(),
        ]

    check_order(steps)
    return steps
