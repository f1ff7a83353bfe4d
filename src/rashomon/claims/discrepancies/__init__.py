"""Discrepancies between sources' versions of one assertion, precision first.

Each finding names its kind, the statements involved (exact spans), a one-line explanation
that quotes the differing values or cues (so a person can check it in seconds) and a
confidence. Kinds and what triggers them:

- `contradiction`: a negative statement (negation or denial, from the per-article polarity)
  whose best counterpart in another article is positive, with a calibrated similarity (z-score
  within the two articles, as in alignment) and shared evidence. Denials rarely align by
  mutual-best (the denial restates only part of the report), so the search starts from the
  negative statement.
- `numeric_mismatch`: aligned statements with one quantity each in the same unit whose values
  differ beyond rounding (more than `_REL_TOLERANCE`), the qualifiers quoted.
- `numeric_update`: the same, for a toll-like count (dead, injured, arrested, missing) given by
  articles of different days: the later figure replaces the earlier one (both dates quoted).
  Statements that did not align but share such a count and are close in meaning are checked
  too (a toll sentence rarely aligns one-to-one across outlets).
- `date_mismatch`: aligned statements with one date each, same precision, different values.
- `qualifier_dropped`: a hedge ("possibly", ربما, احتمالاً) on a detail in one version; another
  source states the same detail (same word, or the aligned statement) without any hedge.
- `attribution_shift`: aligned statements both attributed, to sources with no name in common.
- `contradiction` / `distortion` read by the trained pair classifier (`classified`): aligned
  statements of one language that no rule flagged, read as contradicting with high confidence
  (a swapped name, an antonym, a changed detail: no cue for a rule to see).
- `distortion`: aligned statements share a quantity (same value and unit) but the words the
  quantity is attached to differ, and the other version's owner of the number appears elsewhere
  in this one (a range moved from drones to detection systems).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rashomon.claims.discrepancies.attribution import attribution_shift
from rashomon.claims.discrepancies.base import Discrepancy, _by_article, span
from rashomon.claims.discrepancies.classified import classified_contradictions, veto_unrelated
from rashomon.claims.discrepancies.contradiction import contradictions, denegate
from rashomon.claims.discrepancies.distortion import distortion
from rashomon.claims.discrepancies.hedges import dropped_qualifiers, hedged_numbers_dropped
from rashomon.claims.discrepancies.numbers import EVOLVING, date_mismatch, numeric_mismatch

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rashomon.claims.align import Item, Link
    from rashomon.config import ClaimsConfig
    from rashomon.record import Article

__all__ = [
    "Discrepancy",
    "attribution_shift",
    "contradictions",
    "date_mismatch",
    "denegate",
    "distortion",
    "dropped_qualifiers",
    "find_discrepancies",
    "numeric_mismatch",
    "span",
]


def find_discrepancies(
    items: list[Item],
    links: list[Link],
    groups: list[list[int]],
    articles: list[Article],
    vectors: np.ndarray,
    cfg: ClaimsConfig,
    embed=None,
    cross=None,
    top=None,
) -> list[Discrepancy]:
    """All discrepancies of one scope; `embed(texts) -> vectors` embeds de-negated statements
    (without it, contradictions use the statements' own vectors); `cross(text pairs)` gives
    the joint readings the pair classifier takes (`claims.compare.cross_vectors`; without it,
    a model that takes them is not consulted); `top(text pairs)` the fine-tuned cross-encoder's
    logits (`claims.compare.cross_top_logits`, cached; without it, computed uncached)."""
    names = {a.id: (a.outlet or Path(a.source).name) for a in articles}
    published = {a.id: a.published for a in articles if a.published}
    found: list[Discrepancy] = []
    pairs = _aligned_pairs(groups, items)
    for i, j in pairs:
        a, b = items[i], items[j]
        d = numeric_mismatch(a, b, names, published)
        if d:
            found.append(d)
        for check in (date_mismatch, attribution_shift, distortion):
            d = check(a, b, names)
            if d:
                found.append(d)
    aligned = set(pairs) | {(j, i) for i, j in pairs}
    for i, j in _count_pairs(items, vectors):
        if (i, j) not in aligned:
            d = numeric_mismatch(items[i], items[j], names, published)
            if d:
                d.confidence = round(d.confidence - 0.1, 3)
                found.append(d)
    # Clause splitting differs between outlets, so a shared number may sit in statements that
    # did not align one-to-one: pairs sharing a quantity and close in meaning are checked too.
    quantity_pairs = _quantity_pairs(items, vectors)
    for i, j in quantity_pairs:
        if (i, j) not in aligned:
            d = distortion(items[i], items[j], names)
            if d:
                d.confidence = round(d.confidence - 0.1, 3)
                found.append(d)
    found += contradictions(items, vectors, cfg, names, embed, {a.id: a.text for a in articles})
    found += dropped_qualifiers(items, vectors, pairs, names)
    found += hedged_numbers_dropped(items, quantity_pairs, names)
    found = veto_unrelated(found, items, vectors, cross, top)
    flagged = {frozenset(d.members) for d in found}
    found += classified_contradictions(items, pairs, vectors, names, flagged, cross, top)
    best: dict[str, Discrepancy] = {}
    for d in found:
        if d.confidence >= cfg.min_discrepancy_confidence:
            if d.id not in best or best[d.id].confidence < d.confidence:
                best[d.id] = d
    return sorted(best.values(), key=lambda d: -d.confidence)


def _quantity_pairs(
    items: list[Item], vectors: np.ndarray, min_z: float = 0.0
) -> list[tuple[int, int]]:
    """Pairs of statements of different articles sharing a quantity with a unit (same value),
    whose similarity stands out (z >= min_z) among the other article's statements."""
    by_key: dict[tuple, list[int]] = {}
    for it in items:
        for q in it.statement.quantities:
            if q.unit and q.unit not in ("year", "percent"):
                by_key.setdefault((q.unit, round(q.value, 6)), []).append(it.index)
    return _standing_out(by_key.values(), items, vectors, min_z)


def _count_pairs(
    items: list[Item], vectors: np.ndarray, min_z: float = 1.0
) -> list[tuple[int, int]]:
    """Pairs of statements of different articles that each give one toll-like count of the same
    unit (any value), whose similarity stands out (z >= min_z) among the other article's
    statements. Linear in the candidates: statements are grouped by unit first."""
    by_unit: dict[str, list[int]] = {}
    for it in items:
        units = [q.unit for q in it.statement.quantities if q.unit in EVOLVING]
        for u in set(units):
            if units.count(u) == 1:
                by_unit.setdefault(u, []).append(it.index)
    return _standing_out(by_unit.values(), items, vectors, min_z)


def _standing_out(
    groups: Iterable[list[int]], items: list[Item], vectors: np.ndarray, min_z: float
) -> list[tuple[int, int]]:
    """The pairs (x < y) of each group, from different articles, whose similarity stands out
    (z >= min_z) among y's article's statements."""
    rows = _by_article(items)
    out = set()
    for members in groups:
        for x in members:
            for y in members:
                if x >= y or items[x].article == items[y].article:
                    continue
                sims = vectors[rows[items[y].article]] @ vectors[x]
                z = (float(vectors[y] @ vectors[x]) - sims.mean()) / (sims.std() + 1e-6)
                if z >= min_z:
                    out.add((x, y))
    return sorted(out)


def _aligned_pairs(groups: list[list[int]], items: list[Item]) -> list[tuple[int, int]]:
    out = []
    for g in groups:
        for x in range(len(g)):
            for y in range(x + 1, len(g)):
                if items[g[x]].article != items[g[y]].article:
                    out.append((g[x], g[y]))
    return out
