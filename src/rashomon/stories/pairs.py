"""Scoring article pairs: `score_pairs(rows) -> scores`, the library side of
`rashomon similarity --pairs FILE.csv` and of `eval/similarity.py`.

Each text goes through the same per-article stages as `rashomon build` (after a mojibake repair,
since pasted or exported texts often carry UTF-8 read as Latin-1), then through the same
representation and similarity as story clustering (`stories.similarity`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from rashomon.config import Config
from rashomon.models.embeddings import EmbeddingCache
from rashomon.pipeline.base import run_stages
from rashomon.pipeline.default import article_stages
from rashomon.record import Article
from rashomon.stories.similarity import (
    FEATURES,
    ArticleFeatures,
    PairScorer,
    features_for,
    pair_features,
    set_hubs,
)

log = logging.getLogger(__name__)


def _repair_fn() -> Callable[[str], str]:
    try:  # the cleaning area's repair (mojibake, cp1256, ...), once it is on main
        from rashomon.cleaning.encoding import repair_text  # type: ignore[import-not-found]

        def repair(text: str) -> str:
            out = repair_text(text)
            return out[0] if isinstance(out, tuple) else out

        return repair
    except ImportError:
        import ftfy

        return ftfy.fix_text


@dataclass(slots=True)
class Pair:
    pair_id: str
    text1: str
    text2: str
    lang1: str | None = None
    lang2: str | None = None


def prepare_articles(texts: Sequence[str], config: Config | None = None) -> list[Article]:
    """Texts -> articles through the default per-article stages (cleaning, segmentation, ...)."""
    config = config or Config()
    repair = _repair_fn()
    articles = []
    for i, text in enumerate(texts):
        fixed = repair(text or "")
        art = Article.from_raw(fixed, source=f"pair-text-{i}")
        if fixed != text:
            art.repairs.append("mojibake")
        articles.append(art)
    return list(run_stages(article_stages(config), articles))


def pair_features_matrix(
    pairs: Sequence[Pair], cache: EmbeddingCache, config: Config | None = None
) -> np.ndarray:
    """One row of `similarity.FEATURES` per pair (for scoring, evaluation and fitting)."""
    config = config or Config()
    texts: dict[str, int] = {}
    for p in pairs:
        for t in (p.text1, p.text2):
            texts.setdefault(t, len(texts))
    articles = prepare_articles(list(texts), config)
    for p in pairs:  # a language given with the pair wins over detection
        for t, lang in ((p.text1, p.lang1), (p.text2, p.lang2)):
            if lang:
                articles[texts[t]].language = lang
    feats: list[ArticleFeatures] = features_for(articles, cache, config.stories)
    set_hubs(feats, config.stories.hub_k)
    rows = [
        pair_features(feats[texts[p.text1]], feats[texts[p.text2]], config.stories) for p in pairs
    ]
    return np.vstack(rows) if rows else np.zeros((0, len(FEATURES)))


def score_pairs(
    pairs: Sequence[Pair],
    cache: EmbeddingCache,
    config: Config | None = None,
    scorer: PairScorer | None = None,
) -> list[float]:
    """One score per pair, higher = more similar (same story)."""
    config = config or Config()
    scorer = scorer or PairScorer(config.stories)
    return [float(s) for s in scorer.score_matrix(pair_features_matrix(pairs, cache, config))]


class PairsFormatError(ValueError):
    """The pairs CSV lacks a required column or cannot be parsed."""


def _raise_field_limit() -> None:
    import csv
    import sys

    limit = sys.maxsize
    while True:  # sys.maxsize overflows a C long on some platforms: halve until accepted
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:
            limit //= 2


def read_pairs(fh, source: str = "<stdin>") -> list[Pair]:
    """Pairs from a CSV with a header `pair_id,text1,text2` (+ optional `lang1,lang2`; other
    columns are ignored). Fields may be megabytes long."""
    import csv

    _raise_field_limit()
    reader = csv.DictReader(fh)
    cols = set(reader.fieldnames or [])
    missing = [c for c in ("pair_id", "text1", "text2") if c not in cols]
    if missing:
        raise PairsFormatError(
            f"{source}: missing column(s) {', '.join(missing)}; the header must name "
            f"pair_id,text1,text2 (found: {', '.join(sorted(cols)) or 'no header'})"
        )
    pairs = []
    try:
        for row in reader:
            pairs.append(
                Pair(
                    pair_id=row["pair_id"] or "",
                    text1=row["text1"] or "",
                    text2=row["text2"] or "",
                    lang1=(row.get("lang1") or None),
                    lang2=(row.get("lang2") or None),
                )
            )
    except csv.Error as exc:
        raise PairsFormatError(f"{source}, line {reader.line_num}: {exc}") from exc
    return pairs
