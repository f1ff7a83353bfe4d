"""Precision, recall and F1 as the evaluation scripts print them (one definition for all).

Counts are taken on each side: `tp_sys` system items that match a gold item (precision),
`tp_gold` gold items that a system item matches (recall). They differ when matching is not
one-to-one (an overlap match, two system spans on one gold span); pass the same count twice
when it is.
"""

from __future__ import annotations


def prf(
    tp_sys: int, n_sys: int, tp_gold: int, n_gold: int, *, empty: float = 0.0
) -> tuple[float, float, float]:
    """(precision, recall, F1); `empty` is the precision of no system item and the recall of
    no gold item (0.0, or 1.0 where nothing to find and nothing found is a perfect score)."""
    p = tp_sys / n_sys if n_sys else empty
    r = tp_gold / n_gold if n_gold else empty
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def prf_report(tp_sys: int, n_sys: int, tp_gold: int, n_gold: int) -> dict:
    """{"precision", "recall", "f1"} rounded to 3 places, with the gold and system counts."""
    p, r, f = prf(tp_sys, n_sys, tp_gold, n_gold)
    return {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f, 3),
        "gold": n_gold,
        "system": n_sys,
    }
