"""`qualifier_dropped`: a hedge in one version, gone in another."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import regex

from rashomon.claims import lexical
from rashomon.claims.discrepancies.base import Discrepancy, _by_article, _q, between

if TYPE_CHECKING:
    from rashomon.claims.align import Item
    from rashomon.record import Statement


def _hedged_details(st: Statement, language: str | None) -> list[tuple[str, list[str]]]:
    """(hedge cue, content stems of up to 3 words after it) for each hedge of the statement."""
    out = []
    for c in st.hedge_cues:
        rel = c.get("end", 0) - st.start
        after = st.text[rel : rel + 60]
        words = lexical.content_stems(" ".join(after.split()[:3]), language)
        if words:
            out.append((c.get("text", ""), words))
    return out


# A hedge qualifies a number when the number follows it this closely, with no clause break
# between ("almost certainly drones with a range of 1000 km").
_HEDGE_REACH = 60
_BREAK = regex.compile(r"[.!?؟;؛\n]")


def _hedged_quantities(st: Statement) -> list[tuple[dict, tuple[str, float]]]:
    """(hedge cue, (unit, value)) for each quantity with a unit that a hedge of the statement
    qualifies: the hedge comes before it, within reach, in the same clause."""
    out = []
    for c in st.hedge_cues:
        end = c.get("end", 0)
        for q in st.quantities:
            if (
                not q.unit
                or q.unit in ("year", "percent")
                or not 0 <= q.start - end <= _HEDGE_REACH
            ):
                continue
            if _BREAK.search(st.text[end - st.start : q.start - st.start]) is None:
                out.append((c, (q.unit, round(q.value, 6))))
    return out


def hedged_numbers_dropped(
    items: list[Item], quantity_pairs: list[tuple[int, int]], names: dict
) -> list[Discrepancy]:
    """A number stated under a hedge in one version and flatly in another (any language): the
    pairs are statements sharing a quantity with a unit (`_quantity_pairs`), so the shared
    number anchors the comparison when their wording or clause cut differ too much to align."""
    out = []
    for x, y in quantity_pairs:
        for h, p in ((items[x], items[y]), (items[y], items[x])):
            if p.statement.hedged or p.statement.polarity != "positive":
                continue
            theirs = {(q.unit, round(q.value, 6)) for q in p.statement.quantities if q.unit}
            hit = next((c for c, key in _hedged_quantities(h.statement) if key in theirs), None)
            if hit is None:
                continue
            st = h.statement
            rel = max(0, hit.get("start", st.start) - st.start)
            expl = (
                f"{names[h.article]} hedges it ({_q(st.text[rel : rel + 60], 40)}); "
                f"{names[p.article]} states the same figure without a hedge: "
                f"{_q(p.statement.text, 60)}"
            )
            out.append(
                between(
                    "qualifier_dropped",
                    h,
                    p,
                    expl,
                    0.55,
                    {"hedge": hit.get("text", "")},
                )
            )
    return out


def dropped_qualifiers(
    items: list[Item], vectors: np.ndarray, pairs: list[tuple[int, int]], names: dict
) -> list[Discrepancy]:
    rows = _by_article(items)
    out = []
    aligned = {(a, b) for a, b in pairs} | {(b, a) for a, b in pairs}
    stems: dict[int, set[str]] = {}  # item index -> its content stems, computed once
    for h in items:
        st = h.statement
        if not st.hedged:
            continue
        details = _hedged_details(st, h.language)
        if not details:
            continue
        for art, idx in rows.items():
            if art == h.article or len(idx) < 3:
                continue
            sims = vectors[idx] @ vectors[h.index]
            z = (sims - sims.mean()) / (sims.std() + 1e-6)
            for k in np.argsort(-sims)[:3]:
                p = items[idx[k]]
                if p.statement.hedged or p.statement.polarity != "positive":
                    continue
                is_aligned = (h.index, p.index) in aligned
                if p.language != h.language:
                    if not is_aligned:
                        continue
                    hit = details[0]
                    conf = 0.55
                else:
                    if z[k] < 1.0:
                        continue
                    if p.index not in stems:
                        stems[p.index] = p.tokens | set(
                            lexical.content_stems(p.statement.text, p.language)
                        )
                    words = stems[p.index]
                    hit = next(
                        (
                            d
                            for d in details
                            if all(any(lexical.soft_equal(w, t) for t in words) for w in d[1][:1])
                        ),
                        None,
                    )
                    if hit is None:
                        continue
                    conf = 0.75 if is_aligned or z[k] >= 2.0 else 0.6
                rel = st.text.find(hit[0])
                hedged_text = st.text[rel : rel + len(hit[0]) + 25] if rel >= 0 else hit[0]
                expl = (
                    f"{names[h.article]} hedges it ({_q(hedged_text, 40)}); "
                    f"{names[p.article]} states it without a hedge: {_q(p.statement.text, 60)}"
                )
                out.append(
                    between(
                        "qualifier_dropped",
                        h,
                        p,
                        expl,
                        conf,
                        {"hedge": hit[0]},
                    )
                )
                break
    return out
