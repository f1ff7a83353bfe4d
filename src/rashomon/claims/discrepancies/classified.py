"""Contradictions the pair classifier reads between aligned statements of one language.

The rule-based checks need a cue (a negation, a quantity, a hedge); a swapped name, an antonym
("calm" / "clashes") or a changed detail has none. Every aligned pair of statements from two
articles in the same language that no rule flagged is given to the trained pair classifier
(`claims.pairmodel`, the same as `rashomon compare`); a `contradict` at or above
`MIN_CONFIDENCE` becomes a `contradiction` (polarity or negation differs, or nothing more
specific) or a `distortion` (rare words, names or places, differ), with the words each version
has that the other lacks quoted. Numbers and dates are left to their own checks. Linear in the
aligned pairs: one batched pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from rashomon.claims.discrepancies.base import Discrepancy, _q, span

if TYPE_CHECKING:
    from rashomon.claims.align import Item

# Precision first: on the generated tuning pairs (eval/pairgen.py), contradictions read at
# >= 0.8 are right far more often than not; the planted batch (eval/planted.py) checks it.
MIN_CONFIDENCE = 0.8


def classified_contradictions(
    items: list[Item],
    pairs: list[tuple[int, int]],
    vectors: np.ndarray,
    names: dict,
    flagged: set[frozenset[int]],
) -> list[Discrepancy]:
    from rashomon.claims.compare import _kind, pair_matrix
    from rashomon.claims.pairfeatures import FEATURES, unmatched_stems
    from rashomon.claims.pairmodel import LABELS, default_model

    todo = [
        (i, j)
        for i, j in pairs
        if items[i].language == items[j].language and frozenset((i, j)) not in flagged
    ]
    model = default_model()
    if not todo or 2 * vectors.shape[1] + len(FEATURES) != model.mean.shape[0]:
        return []  # another encoder (a test's stand-in): the network reads e5 vectors only
    texts = [(items[i].statement.text, items[j].statement.text) for i, j in todo]
    x, feats = pair_matrix(texts, vectors[[i for i, _ in todo]], vectors[[j for _, j in todo]], model.polar)
    probs = model.proba(x)
    c = LABELS.index("contradict")
    out = []
    for (i, j), (ta, tb), f, p in zip(todo, texts, feats, probs, strict=True):
        if int(p.argmax()) != c or p[c] < MIN_CONFIDENCE:
            continue
        kind = _kind(ta, tb, "contradict", f)
        if kind not in ("contradiction", "distortion"):
            continue
        a, b = items[i], items[j]
        diff = sorted(unmatched_stems(ta, tb, a.language))[:6]
        expl = (
            f"{names[a.article]} says {_q(ta, 70)}; {names[b.article]} says {_q(tb, 70)}: read "
            f"as contradicting (p={p[c]:.2f})"
            + (f"; differing words: {', '.join(diff)}" if diff else "")
        )
        out.append(
            Discrepancy(
                kind,
                [i, j],
                [span(a), span(b)],
                expl,
                round(0.9 * float(p[c]), 3),
                {"classifier": round(float(p[c]), 3)},
            )
        )
    return out
