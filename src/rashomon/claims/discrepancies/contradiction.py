"""`contradiction`: one source denies or negates what another asserts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from rashomon.claims import lexical
from rashomon.claims.discrepancies.base import Discrepancy, _by_article, _cues, _q, between

if TYPE_CHECKING:
    from rashomon.claims.align import Item
    from rashomon.config import ClaimsConfig
    from rashomon.record import Statement


def denegate(st: Statement) -> str | None:
    """The statement with its negation/denial cues cut out (None when it has none).

    A denial restates the denied assertion: with the cue removed, it should read like the other
    source's assertion, and its embedding should move towards it."""
    cues = [c for c in st.polarity_cues if c.get("kind") in ("negation", "denial")]
    if not cues:
        return None
    text = st.text
    for c in sorted(cues, key=lambda c: -c["start"]):
        a, b = c["start"] - st.start, c["end"] - st.start
        if 0 <= a < b <= len(text):
            text = text[:a] + " " + text[b:]
    return " ".join(text.split())


def _negated_phrase(st: Statement, language: str | None) -> list[str]:
    """Stems of the negated verb and its first two content words (object) after the last
    negation cue: "did not ask for military aid" -> [ask, military, aid]."""
    cues = [c for c in st.polarity_cues if c.get("kind") == "negation"]
    if not cues:
        return []
    rel = max(c["end"] for c in cues) - st.start
    # Only true function words are skipped here (Zipf >= 6): "forces" is an object, not noise.
    return lexical.content_stems(" ".join(st.text[rel:].split()[:4]), language, stop_zipf=6.0)[:3]


def _sentence_tokens(item: Item, texts: dict[str, str]) -> list[str]:
    """Content stems, in order, of the whole sentence a statement comes from: outlets split
    sentences into clauses differently, so the asserted phrase may sit in a sibling clause."""
    span_ = item.statement.sentence
    text = texts.get(item.article, "")
    if not (span_ and text and 0 <= span_[0] < span_[1] <= len(text)):
        text, span_ = item.statement.text, (0, len(item.statement.text))
    return lexical.content_stems(text[span_[0] : span_[1]], item.language, stop_zipf=6.0)


def _phrase_asserted(phrase: list[str], toks: list[str], window: int = 6) -> list[str]:
    """The verb of `phrase` and the objects found within `window` content words after it
    (empty when the verb is absent or no object is near it)."""
    for i, t in enumerate(toks):
        if lexical.soft_equal(phrase[0], t):
            near = toks[i + 1 : i + 1 + window]
            objs = [w for w in phrase[1:] if any(lexical.soft_equal(w, x) for x in near)]
            if objs:
                return [phrase[0], *objs]
    return []


def _negates_too(
    phrase: list[str], idx: list[int], items: list[Item], cache: dict[int, list[str]]
) -> bool:
    """Whether one of an article's negative statements (rows `idx`) negates the same phrase:
    its verb and an object. A positive clause of that article may then share the words of the
    phrase only because it sits in the same sentence as the negated one."""
    for k in idx:
        m = items[k]
        if m.statement.polarity != "negative":
            continue
        if k not in cache:
            cache[k] = lexical.content_stems(m.statement.text, m.language, stop_zipf=6.0)
        if _phrase_asserted(phrase, cache[k]):
            return True
    return False


def contradictions(
    items: list[Item],
    vectors: np.ndarray,
    cfg: ClaimsConfig,
    names: dict,
    embed=None,
    texts: dict[str, str] | None = None,
) -> list[Discrepancy]:
    """Negative statements against the positive statements of other articles (see module doc).

    Same language: the de-negated statement must be among the 5 closest of the other article
    (z >= contradiction_z) and the other sentence must assert the negated verb and one of the
    next two content words. Across languages (no lexicon to check the verb): z >= strong_z-ish
    evidence is required, so such findings are rare by design."""
    from rashomon.claims.align import token_idf

    texts = texts or {}
    negatives = [n for n in items if n.statement.polarity == "negative" and len(n.tokens) >= 3]
    keep = [(n, t) for n in negatives if (t := denegate(n.statement))]
    if not keep:
        return []
    flipped = (
        embed([t for _, t in keep]) if embed is not None else vectors[[n.index for n, _ in keep]]
    )
    idf = token_idf(items)
    rows = _by_article(items)
    sentence_tokens: dict[int, list[str]] = {}  # item index -> its sentence's content stems
    negated_stems: dict[int, list[str]] = {}  # negative item index -> its content stems
    out = []
    for (n, _), vd in zip(keep, flipped, strict=True):
        st = n.statement
        phrase = _negated_phrase(st, n.language)
        for art, idx in rows.items():
            if art == n.article or len(idx) < 3:
                continue
            if len(phrase) >= 2 and _negates_too(phrase, idx, items, negated_stems):
                continue  # the other article makes the same negation: they agree
            sims = vectors[idx] @ vd
            before = vectors[idx] @ vectors[n.index]
            zs = (sims - sims.mean()) / (sims.std() + 1e-6)
            best = None
            for k in np.argsort(-sims)[:5]:
                p = items[idx[k]]
                z, gain = float(zs[k]), float(sims[k] - before[k])
                scored = _score(n, p, z, gain, phrase, cfg, idf, texts, sentence_tokens)
                if scored is None:
                    continue
                score, reasons = scored
                if best is None or score > best[0]:
                    best = (score, p, z, gain, reasons)
            if best is not None:
                out.append(_finding(n, best, names))
    return out


def _score(
    n: Item,
    p: Item,
    z: float,
    gain: float,
    phrase: list[str],
    cfg: ClaimsConfig,
    idf: dict,
    texts: dict[str, str],
    sentence_tokens: dict[int, list[str]],
) -> tuple[float, list[str]] | None:
    """How strongly `p`, a statement of another article close to the de-negated `n` (z, and
    the similarity `gain` de-negation brought), asserts what `n` negates: (score, reasons), or
    None when it does not."""
    if p.statement.polarity != "positive" or z < cfg.contradiction_z:
        return None
    if n.language == p.language:
        if len(phrase) < 2:
            return None
        if p.index not in sentence_tokens:
            sentence_tokens[p.index] = _sentence_tokens(p, texts)
        hit = _phrase_asserted(phrase, sentence_tokens[p.index])
        if not hit:
            return None
        score = 0.55 + 0.1 * min(z, 2.5) + 0.05 * (len(hit) - 2) + 2 * max(gain, 0)
        return score, [f"negated phrase asserted: {', '.join(hit)}"]
    if z >= cfg.strong_z - 1.0 and gain >= 0.015:
        # the shared-evidence check is the costly part: only for the few candidates
        # that pass the cheap ones
        from rashomon.claims.align import evidence

        ev, reasons = evidence(n, p, idf)
        if ev < 1.0:
            return None
        return 0.5 + 0.05 * z + 0.05 * ev, reasons
    return None


def _finding(n: Item, best: tuple, names: dict) -> Discrepancy:
    """The contradiction between the negative `n` and the best statement asserting it."""
    score, p, z, gain, reasons = best
    st = n.statement
    expl = (
        f"{names[n.article]} says {_q(st.text, 70)} (negation: {_cues(st.polarity_cues)}); "
        f"{names[p.article]} asserts {_q(p.statement.text, 70)}"
    )
    return between(
        "contradiction",
        p,
        n,
        expl,
        round(min(score, 0.9), 3),
        {"z": round(z, 2), "gain": round(gain, 3), "why": "; ".join(reasons)},
    )
