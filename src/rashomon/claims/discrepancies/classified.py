"""Contradictions the pair classifier reads between aligned statements of one language.

The rule-based checks need a cue (a negation, a quantity, a hedge); a swapped name, an antonym
("calm" / "clashes") or a changed detail has none. Every aligned pair of statements from two
articles in the same language that no rule flagged is given to the trained pair classifier
(`claims.pairmodel`, the same as `rashomon compare`); a `contradict` at or above
`MIN_CONFIDENCE` becomes a `contradiction` (polarity or negation differs, or nothing more
specific), a `distortion` (rare words, names or places, differ) or a `numeric_mismatch`
(numbers with no unit for the quantity check to compare: a score, an age, a verse), with the
words each version has that the other lacks quoted. Dates are left to their own check. Linear in the
aligned pairs: one batched pass, plus one encoder forward per pair read (the joint reading,
`models.cross_e5`, and the fine-tuned cross-encoder's logits, `models.cross_top`, both cached in
the dossier's and the user-level vector stores: a rebuild or a build into another folder reads
them back), only for these pairs and the rule-found contradictions checked by `veto_unrelated`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from rashomon.claims.discrepancies.base import Discrepancy, _q, between

if TYPE_CHECKING:
    from rashomon.claims.align import Item

# Two versions with the same words in which two names trade places ("Dumas wrote Les Misérables"
# / "Hugo ..."; "A beat B" / "B beat A"): a role swap, whatever the classifier reads.
SWAP_CONFIDENCE = 0.75

# Precision first: on the generated tuning pairs (eval/pairgen.py), contradictions read at
# >= 0.8 are right far more often than not; the planted batch (eval/planted.py) checks it.
MIN_CONFIDENCE = 0.8


# A contradiction a rule found (a negated phrase the other version asserts) is dropped when the
# classifier reads the two statements as unrelated this surely: the rule matched words of two
# different assertions ("بهدف ... الأول", "aiming at ... first grade", against "لا يهدف في
# المقام الأول", "does not aim primarily").
UNRELATED_VETO = 0.8
# The rule-found kinds it checks. Not dropped hedges: a hedge is about one detail of two long
# statements, which the classifier, reading whole statements, calls unrelated too often (on the
# seeds it vetoed a true one).
VETOED = ("contradiction",)


def _ready(model, vectors: np.ndarray, cross) -> bool:
    """Whether the network can read these pairs: e5 vectors (not a test's stand-in) and, when
    the model takes the joint reading, a way to compute it."""
    from rashomon.claims.pairfeatures import FEATURES, cross_width

    width = 2 * vectors.shape[1] + len(FEATURES) + (cross_width() if model.cross else 0)
    return width == model.mean.shape[0] and (cross is not None or not model.cross)


def veto_unrelated(
    found: list[Discrepancy], items: list[Item], vectors: np.ndarray, cross=None, top=None
) -> list[Discrepancy]:
    """`found` without the rule-found contradictions between statements of one language that
    the pair classifier reads as unrelated with probability >= UNRELATED_VETO. `cross(pairs)`
    gives the joint readings of text pairs (`claims.compare.cross_vectors`), `top(pairs)` the
    fine-tuned cross-encoder's logits (`claims.compare.cross_top_logits`: cached)."""
    from rashomon.claims.pairmodel import LABELS, default_model, pair_proba

    checked = [
        k
        for k, d in enumerate(found)
        if d.kind in VETOED
        and "classifier" not in d.extras
        and len(d.members) == 2
        and items[d.members[0]].language == items[d.members[1]].language
    ]
    model = default_model()
    if not checked or not _ready(model, vectors, cross):
        return found  # nothing to check, or another encoder (a test's stand-in)
    texts, x, _ = _pair_inputs(items, [found[k].members for k in checked], vectors, model, cross)
    unrelated = pair_proba(model, x, texts, top)[:, LABELS.index("unrelated")]
    dropped = {k for k, u in zip(checked, unrelated, strict=True) if u >= UNRELATED_VETO}
    for k in checked:
        found[k].extras["unrelated"] = round(float(unrelated[checked.index(k)]), 3)
    return [d for k, d in enumerate(found) if k not in dropped]


def classified_contradictions(
    items: list[Item],
    pairs: list[tuple[int, int]],
    vectors: np.ndarray,
    names: dict,
    flagged: set[frozenset[int]],
    cross=None,
    top=None,
) -> list[Discrepancy]:
    from rashomon.claims.compare import _kind
    from rashomon.claims.pairfeatures import FEATURES, unmatched_stems
    from rashomon.claims.pairmodel import LABELS, can_reach, default_model, pair_proba

    todo = [
        (i, j)
        for i, j in pairs
        if items[i].language == items[j].language and frozenset((i, j)) not in flagged
    ]
    out, todo = _swaps(items, todo, names)
    model = default_model()
    if not todo or not _ready(model, vectors, cross):
        return out  # another encoder (a test's stand-in): the network reads e5 vectors only
    texts, x, feats = _pair_inputs(items, todo, vectors, model, cross)
    # A contradiction needs a difference to stand on: a word one side lacks, a negation on one
    # side only, or rare words in swapped order (identical versions are not read). Pairs with
    # none are left out before the model reads any (a pair's reading does not depend on the
    # others': the same discrepancies, fewer model calls where copies repeat statements).
    diffs: list[list[str]] = []
    keep: list[int] = []
    for k, ((ta, tb), f) in enumerate(zip(texts, feats, strict=True)):
        diff = sorted(unmatched_stems(ta, tb, items[todo[k][0]].language))
        swapped = f[FEATURES.index("rare_order_swapped")]
        same = " ".join(ta.split()) == " ".join(tb.split())
        if not same and (diff or f[FEATURES.index("negation_differs")] or swapped):
            keep.append(k)
            diffs.append(diff)
    if not keep:
        return out
    # Only the pairs whose contradiction could reach MIN_CONFIDENCE once blended are read by
    # the cross-encoder (`pairmodel.can_reach`: the others cannot, whatever it reads; on a
    # 3,000-article mix about one pair in seven is read): the same findings, fewer readings.
    reach = can_reach(model, x[keep], "contradict", MIN_CONFIDENCE)
    keep = [k for k, ok in zip(keep, reach, strict=True) if ok]
    diffs = [d for d, ok in zip(diffs, reach, strict=True) if ok]
    if not keep:
        return out
    todo, texts, feats = [todo[k] for k in keep], [texts[k] for k in keep], [feats[k] for k in keep]
    probs = pair_proba(model, x[keep], texts, top)
    c = LABELS.index("contradict")
    for (i, j), (ta, tb), f, p, diff in zip(todo, texts, feats, probs, diffs, strict=True):
        if int(p.argmax()) != c or p[c] < MIN_CONFIDENCE:
            continue
        kind = _kind(ta, tb, "contradict", f)
        if kind not in ("contradiction", "distortion", "numeric_mismatch"):
            continue  # dates have their own check
        a, b = items[i], items[j]
        diff = diff[:6]
        expl = (
            f"{names[a.article]} says {_q(ta, 70)}; {names[b.article]} says {_q(tb, 70)}: read "
            f"as contradicting (p={p[c]:.2f})"
            + (f"; differing words: {', '.join(diff)}" if diff else "")
        )
        out.append(
            between(
                kind,
                a,
                b,
                expl,
                round(0.9 * float(p[c]), 3),
                {"classifier": round(float(p[c]), 3)},
            )
        )
    return out


def _swaps(
    items: list[Item], pairs: list[tuple[int, int]], names: dict
) -> tuple[list[Discrepancy], list[tuple[int, int]]]:
    """Role swaps among `pairs` as distortions, and the pairs left for the classifier."""
    out, rest = [], []
    for i, j in pairs:
        a, b = items[i], items[j]
        swap = swapped_names(a.statement.text, b.statement.text, a.language)
        if not swap:
            rest.append((i, j))
            continue
        expl = (
            f"{names[a.article]} says {_q(a.statement.text, 70)}; {names[b.article]} says "
            f"{_q(b.statement.text, 70)}: the same words with {swap[0]} and {swap[1]} "
            f"trading places"
        )
        out.append(
            between(
                "distortion",
                a,
                b,
                expl,
                SWAP_CONFIDENCE,
                {"swapped": list(swap)},
            )
        )
    return out, rest


def swapped_names(a: str, b: str, language: str | None) -> tuple[str, str] | None:
    """The two words exchanged when `b` is `a` with two name-like words (capitalised in Latin
    script, else rare: wordfreq Zipf < 3) trading places, and nothing else changed."""
    from rashomon.claims import lexical

    wa, wb = lexical.display_words(a), lexical.display_words(b)
    if len(wa) != len(wb) or sorted(wa) != sorted(wb):
        return None
    diff = [k for k, (x, y) in enumerate(zip(wa, wb, strict=True)) if x != y]
    if len(diff) != 2:
        return None
    x, y = wa[diff[0]], wa[diff[1]]
    if wb[diff[0]] != y or wb[diff[1]] != x:
        return None

    def name_like(w: str) -> bool:
        # each of the two stands mid-sentence in one version, so a capital marks a name
        if w.isascii():
            return w[:1].isupper()
        return lexical.zipf(w, language or "ar") < 3.0

    return (x, y) if name_like(x) and name_like(y) else None


def _pair_inputs(items: list[Item], pairs, vectors: np.ndarray, model, cross):
    """The texts of statement pairs and the classifier's feature matrix for them (`pair_matrix`:
    both sides' vectors, the polarity model, the joint readings when the model uses them)."""
    from rashomon.claims.compare import pair_matrix

    texts = [(items[i].statement.text, items[j].statement.text) for i, j in pairs]
    x, feats = pair_matrix(
        texts,
        vectors[[i for i, _ in pairs]],
        vectors[[j for _, j in pairs]],
        model.polar,
        cross(texts) if model.cross else None,
    )
    return texts, x, feats
