"""Stages and the default pipeline."""

from rashomon.pipeline.base import ArticleStage, CorpusStep, Stage, run_stages

__all__ = ["ArticleStage", "CorpusStep", "Stage", "run_stages"]
