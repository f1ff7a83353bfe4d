"""Features of a statement pair for the pair classifier (`claims.pairmodel`).

Three blocks:
- the encoder's vectors of both sides, combined symmetrically (`u*v`, `|u-v|`): what the two
  texts mean and where they differ in meaning;
- `cross_block`: the same encoder reading both sides jointly (`models.cross_e5`), each side's
  mean word states at two layers combined the same way, and how well each side's words find a
  match on the other side: attention across the two sides sees a swap or a negation that two
  separate vectors average away;
- `FEATURES`, language-light scalars: cosine, soft content-word overlap (`claims.lexical`),
  unmatched content words on each side and on the shorter side (a longer text may add detail
  without contradicting), rare words (names, places) unmatched on both sides or swapped in
  order (role swap), negation cues on one side only, digits and quantities that differ, dates
  that differ, hedges on one side only, and "polar" words left unmatched (a lexicon of log-odds,
  fitted on training pairs, that an unmatched word signals a contradiction: "refuses",
  "calm" against "clashes", antonyms).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from rashomon.claims import lexical
from rashomon.lang import script

if TYPE_CHECKING:
    from rashomon.record import Statement

FEATURES = (
    "cosine",
    "jaccard",
    "coverage_min",
    "coverage_max",
    "coverage_short",
    "unmatched_min",
    "unmatched_max",
    "unmatched_short",
    "log_len_short",
    "len_ratio",
    "rare_unmatched_short",
    "rare_swapped",
    "rare_order_swapped",
    "negation_differs",
    "negation_any",
    "negation_gap",
    "numbers_differ",
    "numbers_shared",
    "number_one_side",
    "one_word_swapped",
    "one_word_extra",
    "polar_max",
    "polar_min",
    "polar_positive_sum",
    "polar_short_max",
    "polarity_differs",
    "hedge_differs",
    "quantity_mismatch",
    "date_differs",
)
# "Rare" for swap detection: wordfreq Zipf below this (names, places, uncommon nouns).
RARE_ZIPF = 3.0


def guess_language(text: str) -> str:
    """ar / fa / en from the script alone (cheap; only used for word frequencies)."""
    if any("\u0600" <= ch <= "\u06ff" for ch in text):
        return "fa" if script.has_persian_letters(text) else "ar"
    return "en"


def unmatched_stems(a: str, b: str, language: str | None = None) -> set[str]:
    """Content stems of either side that the other side does not have (soft matching)."""
    lang = language or guess_language(a + " " + b)
    _, oa, ob = lexical.overlap(lexical.content_stems(a, lang), lexical.content_stems(b, lang))
    return set(oa) | set(ob)


@lru_cache(maxsize=4096)
def analyse(text: str, language: str | None) -> Statement:
    """The per-sentence extraction (polarity, hedges, quantities, dates) of one text."""
    from rashomon.claims.extract import analyse_sentence

    return analyse_sentence(text, language=language, published=None)


def vector_block(va: np.ndarray, vb: np.ndarray) -> np.ndarray:
    """Symmetric combination of the two sides' vectors, rows = pairs: [u*v, |u-v|]."""
    return np.hstack([va * vb, np.abs(va - vb)]).astype(np.float32)


def cross_width() -> int:
    """The number of columns `cross_block` gives."""
    from rashomon.models.cross_e5 import HIDDEN, LAYERS, N_STATS

    return 2 * HIDDEN * len(LAYERS) + N_STATS


def cross_block(c: np.ndarray) -> np.ndarray:
    """The classifier's inputs from the joint reading (`models.cross_e5`, rows = pairs): per
    layer, `vector_block` of the two sides' mean word states, then the alignment figures."""
    from rashomon.models.cross_e5 import HIDDEN, LAYERS

    blocks = [
        vector_block(
            c[:, 2 * k * HIDDEN : (2 * k + 1) * HIDDEN],
            c[:, (2 * k + 1) * HIDDEN : (2 * k + 2) * HIDDEN],
        )
        for k in range(len(LAYERS))
    ]
    return np.hstack([*blocks, c[:, 2 * len(LAYERS) * HIDDEN :]]).astype(np.float32)


def _order_swapped(rare_a: list[str], rare_b: list[str]) -> bool:
    """Two rare words both sides share appear in opposite order ("A beat B" / "B beat A")."""
    rare_a, rare_b = list(dict.fromkeys(rare_a)), list(dict.fromkeys(rare_b))
    shared = [t for t in rare_a if any(lexical.soft_equal(t, u) for u in rare_b)]
    pos_b = []
    for t in shared:
        j = next(j for j, u in enumerate(rare_b) if lexical.soft_equal(t, u))
        pos_b.append(j)
    return any(pos_b[i] > pos_b[j] for i in range(len(pos_b)) for j in range(i + 1, len(pos_b)))


def pair_features(
    a: str,
    b: str,
    cosine: float,
    language: str | None = None,
    polar: dict[str, float] | None = None,
) -> list[float]:
    """The `FEATURES` of a pair; `polar` maps a stem to its log-odds of contradiction when left
    unmatched (empty: zeros)."""
    lang = language or guess_language(a + " " + b)
    sa, sb = lexical.content_stems(a, lang), lexical.content_stems(b, lang)
    m, oa, ob = lexical.overlap(sa, sb)
    short_a = len(sa) <= len(sb)
    o_short = oa if short_a else ob
    polar = polar or {}
    pol = [polar.get(t, 0.0) for t in set(oa) | set(ob)] or [0.0]
    pol_short = [polar.get(t, 0.0) for t in set(o_short)] or [0.0]
    sta, stb = analyse(a, lang), analyse(b, lang)
    na, nb = lexical.negation_count(a), lexical.negation_count(b)

    def rare(t: str) -> bool:
        return t.isdigit() or lexical.zipf(t, lang) < RARE_ZIPF

    xa, xb = set(lexical.numbers(a)), set(lexical.numbers(b))
    cov_a, cov_b = len(m) / max(1, len(sa)), len(m) / max(1, len(sb))
    n_short, n_long = min(len(sa), len(sb)), max(len(sa), len(sb))
    return [
        cosine,
        len(m) / max(1, len(m) + len(oa) + len(ob)),
        min(cov_a, cov_b),
        max(cov_a, cov_b),
        cov_a if short_a else cov_b,
        float(min(len(oa), len(ob))),
        float(max(len(oa), len(ob))),
        float(len(o_short)),
        math.log1p(n_short),
        n_short / max(1, n_long),
        float(sum(1 for t in o_short if rare(t))),
        float(any(rare(t) for t in oa) and any(rare(t) for t in ob)),
        float(_order_swapped([t for t in sa if rare(t)], [t for t in sb if rare(t)])),
        float(na != nb),
        float(na > 0 or nb > 0),
        float(abs(na - nb)),
        float(bool(xa) and bool(xb) and not (xa & xb)),
        float(bool(xa & xb)),
        float(bool(xa) != bool(xb)),
        float(len(oa) == 1 and len(ob) == 1),
        float(len(oa) + len(ob) == 1),
        max(pol),
        min(pol),
        sum(x for x in pol if x > 0),
        max(pol_short),
        float(sta.polarity != stb.polarity),
        float(sta.hedged != stb.hedged),
        float(quantity_mismatch(sta, stb)),
        float(date_differs(sta, stb)),
    ]


def quantity_mismatch(a: Statement, b: Statement, tolerance: float = 0.05) -> bool:
    ua = {q.unit: q.value for q in a.quantities if q.unit}
    ub = {q.unit: q.value for q in b.quantities if q.unit}
    return any(
        abs(ua[u] - ub[u]) > tolerance * max(abs(ua[u]), abs(ub[u])) for u in ua.keys() & ub.keys()
    )


def date_differs(a: Statement, b: Statement) -> bool:
    da = {(d.precision, d.value) for d in a.dates}
    db = {(d.precision, d.value) for d in b.dates}
    shared = {p for p, _ in da} & {p for p, _ in db}
    return any(
        {v for p, v in da if p == prec}.isdisjoint({v for p, v in db if p == prec})
        for prec in shared
    )
