"""Corpus steps declare what they read and write; the pipeline refuses a wrong order."""

from __future__ import annotations

import pytest

from rashomon.config import Config
from rashomon.pipeline.base import CorpusStep, StepOrderError, check_order
from rashomon.pipeline.default import corpus_steps


def _step(name: str, reads: set[str], writes: set[str]) -> CorpusStep:
    step = CorpusStep()
    step.name, step.reads, step.writes = name, frozenset(reads), frozenset(writes)
    return step


def test_default_order_is_valid_and_every_step_declares():
    steps = corpus_steps(Config())
    check_order(steps)
    assert all(s.writes for s in steps)
    # the claims need the stories and entities written before them
    names = [s.name for s in steps]
    assert names.index("stories.cluster") < names.index("claims.align")
    assert names.index("entities.link") < names.index("claims.align")


def test_a_step_reading_what_a_later_step_writes_is_refused():
    steps = corpus_steps(Config())
    align = next(s for s in steps if s.name == "claims.align")
    cluster = next(s for s in steps if s.name == "stories.cluster")
    swapped = [align if s is cluster else cluster if s is align else s for s in steps]
    # [near_duplicates, align, link, reference dates, cluster, ...]: align comes before the
    # steps writing the entities, the reference dates and the stories it reads
    with pytest.raises(
        StepOrderError,
        match="claims.align reads entities, which the later "
        "step entities.link writes: run entities.link first",
    ):
        check_order(swapped)
    without_link = [s for s in swapped if s.name != "entities.link"]
    with pytest.raises(StepOrderError, match="claims.align reads reference_dates"):
        check_order(without_link)


def test_two_writers_and_unknown_data_are_refused():
    with pytest.raises(StepOrderError, match="both write claims"):
        check_order([_step("a", set(), {"claims"}), _step("b", set(), {"claims"})])
    with pytest.raises(StepOrderError, match="both write statements"):
        check_order([_step("a", set(), {"statements"})])
    with pytest.raises(StepOrderError, match="unknown data"):
        check_order([_step("a", {"nothing"}, set())])
