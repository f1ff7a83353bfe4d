"""Compare two statements: `agree`, `contradict` or `unrelated`, with the discrepancy kind.

The label and its confidence come from the trained pair classifier (`claims.pairmodel`, over
the features of `claims.pairfeatures`: encoder vectors of both sides, soft word overlap, what
each side has that the other lacks), blended by default with the pair cross-encoder's head
(`models.cross_top`: the pair read jointly by the same encoder; its readings are cached in the
vector store, `cross_top_logits`). The `kind` column names the evidence behind a
`contradict` (`numeric_mismatch` when numbers differ, `date_mismatch`, `contradiction` when
polarity differs or nothing more specific is found, `distortion` when rare words were swapped)
and, for an `agree`, `qualifier_dropped` when one side hedges or `attribution_shift` when the
sources differ. Polarity, hedges, quantities and dates come from the per-sentence extraction
(`claims.extract.analyse_sentence`).
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

import numpy as np

from rashomon.claims.pairfeatures import (
    FEATURES,
    analyse,
    cross_block,
    guess_language,
    pair_features,
    vector_block,
)
from rashomon.claims.pairmodel import (
    LABELS,
    PairModel,
    cross_top_weight,
    default_model,
    pair_proba,
)

if TYPE_CHECKING:
    from rashomon.models.embeddings import EmbeddingCache

log = logging.getLogger(__name__)


@dataclass(slots=True)
class PairResult:
    label: str
    kind: str
    confidence: float


def _kind(a: str, b: str, label: str, feats: list[float]) -> str:
    """The discrepancy kind behind a label, from the per-sentence extraction and the features:
    contradict -> numeric_mismatch / date_mismatch / contradiction (polarity) / distortion
    (rare words swapped) / contradiction; agree -> qualifier_dropped when one side hedges,
    attribution_shift when both name different sources; unrelated -> empty."""
    from rashomon.claims.align import Item
    from rashomon.claims.discrepancies import attribution_shift

    f = dict(zip(FEATURES, feats, strict=True))
    lang = guess_language(a + " " + b)
    sta, stb = analyse(a, lang), analyse(b, lang)
    if label == "contradict":
        if f["quantity_mismatch"] or (f["numbers_differ"] and not f["date_differs"]):
            return "numeric_mismatch"
        if f["date_differs"]:
            return "date_mismatch"
        if f["polarity_differs"] or f["negation_differs"]:
            return "contradiction"
        if f["rare_swapped"]:
            return "distortion"
        return "contradiction"
    if label == "agree":
        if sta.hedged != stb.hedged:
            return "qualifier_dropped"
        ia = Item(statement=sta, article="s1", language=lang, index=0)
        ib = Item(statement=stb, article="s2", language=lang, index=1)
        if attribution_shift(ia, ib, {"s1": "s1", "s2": "s2"}):
            return "attribution_shift"
    return ""


def pair_matrix(
    pairs: list[tuple[str, str]],
    va: np.ndarray,
    vb: np.ndarray,
    polar: dict[str, float],
    cross: np.ndarray | None = None,
) -> tuple[np.ndarray, list[list[float]]]:
    """The classifier's input rows for `pairs` (vectors `va`, `vb` row-aligned; `cross`, the
    joint readings of `models.cross_e5`, when the model takes them) and the scalar features
    (kept for the kind)."""
    cos = np.einsum("ij,ij->i", va, vb)
    feats = [
        pair_features(a, b, float(c), polar=polar) for (a, b), c in zip(pairs, cos, strict=True)
    ]
    blocks = [vector_block(va, vb), np.array(feats, dtype=np.float32).reshape(len(pairs), -1)]
    if cross is not None:
        blocks.append(cross_block(cross))
    return np.hstack(blocks), feats


def cross_vectors(pairs: list[tuple[str, str]], cache: EmbeddingCache) -> np.ndarray:
    """The joint readings of `pairs` (`models.cross_e5`), cached in `cache`'s stores."""
    from rashomon.models.cross_e5 import pair_key
    from rashomon.models.embeddings import EmbeddingCache

    cross = EmbeddingCache(_cross_encoder(), cache.store, cache.shared)
    return cross.embed([pair_key(a, b) for a, b in pairs])


def cross_top_logits(pairs: list[tuple[str, str]], cache: EmbeddingCache) -> np.ndarray:
    """The fine-tuned cross-encoder's logits for `pairs` (`models.cross_top`), cached in
    `cache`'s stores under a name that carries the weights' digest."""
    return cross_top_later(pairs, cache)()


def cross_top_later(
    pairs: list[tuple[str, str]], cache: EmbeddingCache, pool: Executor | None = None
) -> Callable[[], np.ndarray]:
    """`cross_top_logits` started on `pool` (`EmbeddingCache.embed_later`): call the function
    returned, on this thread, for the logits."""
    from rashomon.models.cross_e5 import pair_key
    from rashomon.models.cross_top import default_cross_top
    from rashomon.models.embeddings import EmbeddingCache

    top = EmbeddingCache(default_cross_top(), cache.store, cache.shared)
    return top.embed_later([pair_key(a, b) for a, b in pairs], "query", pool)


_CROSS: list = []


def _cross_encoder():
    """One `CrossE5` per process (its session loads on first use)."""
    from rashomon.models.cross_e5 import CrossE5

    if not _CROSS:
        _CROSS.append(CrossE5())
    return _CROSS[0]


def compare_texts(
    pairs: list[tuple[str, str]],
    cache: EmbeddingCache,
    model: PairModel | None = None,
    weight: float | None = None,
) -> list[PairResult]:
    """Label each (s1, s2) pair; embeddings go through `cache` (batched, cached). `weight`: the
    fine-tuned cross-encoder's share in the blend (default `pairmodel.cross_top_weight()`)."""
    if not pairs:
        return []
    model = model or default_model()
    weight = cross_top_weight() if weight is None else weight
    texts = list(dict.fromkeys(t for p in pairs for t in p))
    with ThreadPoolExecutor(1) as pool:
        # the pair reading (its model calls release the GIL) runs beside the sentence vectors
        # and the features (benchmarks/README 0l)
        top = cross_top_later(pairs, cache, pool) if weight > 0 else None
        vecs = cache.embed(texts, "query")
        row = {t: i for i, t in enumerate(texts)}
        va = vecs[[row[a] for a, _ in pairs]]
        vb = vecs[[row[b] for _, b in pairs]]
        cross = cross_vectors(pairs, cache) if model.cross else None
        x, feats = pair_matrix(pairs, va, vb, model.polar, cross)
        probs = pair_proba(model, x, pairs, (lambda _: top()) if top else None, weight)
    out = []
    from rashomon.claims.discrepancies.classified import SWAP_CONFIDENCE, swapped_names

    for (a, b), f, p in zip(pairs, feats, probs, strict=True):
        if swapped_names(a, b, guess_language(a + " " + b)):
            # two names trading places: a role swap, as the discrepancy step reports it
            out.append(PairResult("contradict", "distortion", SWAP_CONFIDENCE))
            continue
        label = LABELS[int(p.argmax())]
        out.append(PairResult(label, _kind(a, b, label, f), round(float(p.max()), 3)))
    return out


class PairsFileError(ValueError):
    """The pairs CSV cannot be used (the message names the file and the fix)."""


def read_pairs(fh: IO[str], name: str) -> list[dict[str, str]]:
    reader = csv.DictReader(fh)
    fields = [f.strip() for f in (reader.fieldnames or [])]
    if "s1" not in fields or "s2" not in fields:
        raise PairsFileError(
            f"{name}: needs a header with columns s1,s2 (found: {', '.join(fields) or 'nothing'})"
        )
    rows = []
    for n, row in enumerate(reader, start=2):
        row = {(k or "").strip(): v for k, v in row.items()}
        if row.get("s1") is None or row.get("s2") is None:
            raise PairsFileError(f"{name}, line {n}: missing s1 or s2 value")
        rows.append(row)
    return rows


def compare_rows(
    rows: Iterable[dict[str, str]],
    out: IO[str],
    cache: EmbeddingCache,
    model: PairModel | None = None,
) -> int:
    """Write `[id,]label,kind,confidence` CSV rows for `rows` (in order); returns the count."""
    rows = list(rows)
    results = compare_texts([(r["s1"], r["s2"]) for r in rows], cache, model)
    has_id = any("id" in r for r in rows)
    w = csv.writer(out, lineterminator="\n")
    w.writerow((["id"] if has_id else []) + ["label", "kind", "confidence"])
    for r, res in zip(rows, results, strict=True):
        w.writerow(([r.get("id", "")] if has_id else []) + [res.label, res.kind, res.confidence])
    return len(rows)
