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
- `date_mismatch`: aligned statements with one date each, same precision, different values.
- `qualifier_dropped`: a hedge ("possibly", ربما, احتمالاً) on a detail in one version; another
  source states the same detail (same word, or the aligned statement) without any hedge.
- `attribution_shift`: aligned statements both attributed, to sources with no name in common.
- `distortion`: aligned statements share a quantity (same value and unit) but the words the
  quantity is attached to differ, and the other version's owner of the number appears elsewhere
  in this one (a range moved from drones to detection systems).
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rashomon.claims import lexical

if TYPE_CHECKING:
    from rashomon.claims.align import Item, Link
    from rashomon.config import ClaimsConfig
    from rashomon.record import Article, Statement

_REL_TOLERANCE = 0.05  # 1,000 vs 1,020 is rounding; 1,000 vs 1,200 is a different number
_SEGMENT = re.compile(r"[،,;؛:()\"«»“”]|\s-\s")


@dataclass(slots=True)
class Discrepancy:
    kind: str
    members: list[int]  # item indices (first = the claim holder)
    spans: list[dict]
    explanation: str
    confidence: float
    extras: dict = field(default_factory=dict)
    claim: str | None = None

    @property
    def id(self) -> str:
        key = self.kind + "\x1f" + "\x1f".join(f"{s['article']}:{s['start']}" for s in self.spans)
        return "ds" + hashlib.sha256(key.encode()).hexdigest()[:16]


def span(item: Item) -> dict:
    st = item.statement
    return {"article": item.article, "start": st.start, "end": st.end, "text": st.text}


def _q(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return "«" + (text if len(text) <= n else text[: n - 1] + "…") + "»"


def _sig(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def find_discrepancies(
    items: list[Item],
    links: list[Link],
    groups: list[list[int]],
    articles: list[Article],
    vectors: np.ndarray,
    cfg: ClaimsConfig,
) -> list[Discrepancy]:
    names = {a.id: (a.outlet or Path(a.source).name) for a in articles}
    found: list[Discrepancy] = []
    pairs = _aligned_pairs(groups, items)
    for i, j in pairs:
        a, b = items[i], items[j]
        for check in (numeric_mismatch, date_mismatch, attribution_shift, distortion):
            d = check(a, b, names)
            if d:
                found.append(d)
    found += contradictions(items, vectors, cfg, names)
    found += dropped_qualifiers(items, vectors, pairs, names)
    best: dict[str, Discrepancy] = {}
    for d in found:
        if d.confidence >= cfg.min_discrepancy_confidence:
            if d.id not in best or best[d.id].confidence < d.confidence:
                best[d.id] = d
    return sorted(best.values(), key=lambda d: -d.confidence)


def _aligned_pairs(groups: list[list[int]], items: list[Item]) -> list[tuple[int, int]]:
    out = []
    for g in groups:
        for x in range(len(g)):
            for y in range(x + 1, len(g)):
                if items[g[x]].article != items[g[y]].article:
                    out.append((g[x], g[y]))
    return out


# -- numbers and dates ------------------------------------------------------------------------
def _fmt(v: float) -> str:
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,g}"


def numeric_mismatch(a: Item, b: Item, names: dict) -> Discrepancy | None:
    qa = {q.unit: q for q in a.statement.quantities if q.unit}
    qb = {q.unit: q for q in b.statement.quantities if q.unit}
    for unit in qa.keys() & qb.keys():
        if sum(1 for q in a.statement.quantities if q.unit == unit) != 1:
            continue
        if sum(1 for q in b.statement.quantities if q.unit == unit) != 1:
            continue
        x, y = qa[unit], qb[unit]
        if max(abs(x.value), abs(y.value)) == 0:
            continue
        rel = abs(x.value - y.value) / max(abs(x.value), abs(y.value))
        if rel <= _REL_TOLERANCE:
            continue
        # "up to 1,000" vs "800" or "more than 10" vs "12" are compatible: lower confidence.
        compatible = _compatible(x, y) or _compatible(y, x)
        conf = 0.55 if compatible else 0.8
        expl = (
            f"{names[a.article]} says {_q(x.text, 30)} ({_fmt(x.value)} {unit}"
            f"{', ' + x.qualifier if x.qualifier else ''}), {names[b.article]} says "
            f"{_q(y.text, 30)} ({_fmt(y.value)} {unit}{', ' + y.qualifier if y.qualifier else ''})"
        )
        return Discrepancy("numeric_mismatch", [a.index, b.index], [span(a), span(b)], expl, conf,
                           {"values": [x.value, y.value], "unit": unit})
    return None


def _compatible(x, y) -> bool:
    q = (x.qualifier or "").lower()
    if any(w in q for w in ("up to", "less", "under", "at most")):
        return y.value <= x.value
    if any(w in q for w in ("more", "over", "at least", "above")):
        return y.value >= x.value
    if any(w in q for w in ("about", "nearly", "approximately", "around", "almost")):
        return abs(x.value - y.value) / max(abs(x.value), 1e-9) <= 0.15
    return False


def date_mismatch(a: Item, b: Item, names: dict) -> Discrepancy | None:
    da, db = a.statement.dates, b.statement.dates
    if len(da) != 1 or len(db) != 1:
        return None
    x, y = da[0], db[0]
    if x.precision != y.precision or x.value == y.value:
        return None
    # A year-only date against a full date of the same year is not a mismatch.
    if x.value[:4] == y.value[:4] and x.precision == "year":
        return None
    expl = (
        f"{names[a.article]} dates it {_q(x.text, 30)} ({x.value}), "
        f"{names[b.article]} {_q(y.text, 30)} ({y.value})"
    )
    return Discrepancy("date_mismatch", [a.index, b.index], [span(a), span(b)], expl, 0.6,
                       {"values": [x.value, y.value]})


# -- attribution ------------------------------------------------------------------------------
def _source_stems(st: Statement, language: str | None) -> set[str]:
    out = set()
    for name in st.attribution:
        out |= {t for t in lexical.content_stems(name, language) if len(t) >= 3}
    return out


def attribution_shift(a: Item, b: Item, names: dict) -> Discrepancy | None:
    sa, sb = a.statement, b.statement
    if not sa.attribution or not sb.attribution:
        return None
    # Across languages source names are transliterated differently: too risky without linked
    # entities, so only same-language pairs are compared (precision first).
    if a.language != b.language:
        return None
    ta, tb = _source_stems(sa, a.language), _source_stems(sb, b.language)
    if not ta or not tb:
        return None
    if any(lexical.soft_equal(x, y) for x in ta for y in tb):
        return None
    carried = sa.extras.get("attribution.carried") or sb.extras.get("attribution.carried")
    conf = 0.55 if carried else 0.7
    expl = (
        f"{names[a.article]} credits it to {_q(' / '.join(sa.attribution), 40)}, "
        f"{names[b.article]} to {_q(' / '.join(sb.attribution), 40)}"
    )
    return Discrepancy("attribution_shift", [a.index, b.index], [span(a), span(b)], expl, conf,
                       {"sources": [sa.attribution, sb.attribution]})


# -- distortion -------------------------------------------------------------------------------
def _segments(text: str) -> list[tuple[int, int]]:
    """Clause-like pieces: split at punctuation and at a conjunction that starts a new item."""
    cuts = [0]
    for m in _SEGMENT.finditer(text):
        cuts += [m.start(), m.end()]
    for m in re.finditer(r"(?:(?<=\s)|^)(?:و\s|و(?=[^\W\d_]{3,}))|\band\s|\bor\s", text):
        word = re.match(r"[^\W\d_]+", text[m.start():])
        if word and word.group(0).startswith("و") and len(word.group(0)) > 1:
            rest = word.group(0)[1:]
            # وزير is a word, وأنظمة is و + أنظمة: split only when the rest is the likelier word.
            if lexical.zipf(rest, "ar") <= lexical.zipf(word.group(0), "ar"):
                continue
        cuts += [m.start(), m.start()]
    cuts.append(len(text))
    cuts = sorted(set(cuts))
    return [(x, y) for x, y in zip(cuts, cuts[1:], strict=False) if text[x:y].strip()]


def _owner(st: Statement, q) -> tuple[str, tuple[int, int]] | None:
    """The words a quantity is attached to: the start of its clause, up to the number."""
    rel_start = q.start - st.start
    for x, y in _segments(st.text):
        if x <= rel_start < y:
            prefix = st.text[x:rel_start]
            return prefix, (x, y)
    return None


def distortion(a: Item, b: Item, names: dict) -> Discrepancy | None:
    if a.language != b.language:
        return None  # cross-language owners need a lexicon we do not have (precision first)
    for qa in a.statement.quantities:
        for qb in b.statement.quantities:
            if not qa.unit or qa.unit != qb.unit or abs(qa.value - qb.value) > 1e-9:
                continue
            if qa.unit in ("year", "percent"):
                continue  # durations and shares attach to whole clauses, not to one item
            oa, ob = _owner(a.statement, qa), _owner(b.statement, qb)
            if not oa or not ob:
                continue
            sa = set(lexical.content_stems(oa[0], a.language))
            sb = set(lexical.content_stems(ob[0], b.language))
            shared = {x for x in sa if any(lexical.soft_equal(x, y) for y in sb)}
            own_a = [x for x in sa if x not in shared and len(x) >= 3]
            own_b = [y for y in sb if not any(lexical.soft_equal(x, y) for x in sa) and len(y) >= 3]
            if not own_a or not own_b:
                continue
            for (this, that, own_that, q) in ((a, b, own_b, qa), (b, a, own_a, qb)):
                seg = _owner(this.statement, q)[1]
                outside = this.statement.text[: seg[0]] + " " + this.statement.text[seg[1] :]
                elsewhere = set(lexical.content_stems(outside, this.language))
                moved = [y for y in own_that if any(lexical.soft_equal(x, y) for x in elsewhere)]
                if moved:
                    o_this = " ".join(_owner(this.statement, q)[0].split()[-4:])
                    o_that = " ".join(_owner(that.statement, qb if that is b else qa)[0].split()[-4:])
                    expl = (
                        f"{names[that.article]} attaches {_q(q.text, 25)} to {_q(o_that, 40)}; "
                        f"{names[this.article]} attaches it to {_q(o_this, 40)} and mentions "
                        f"{_q(' '.join(moved), 30)} elsewhere"
                    )
                    return Discrepancy("distortion", [this.index, that.index],
                                       [span(this), span(that)], expl, 0.75,
                                       {"quantity": [q.value, q.unit]})
    return None


# -- contradiction -----------------------------------------------------------------------------
def _z_best(vectors: np.ndarray, i: int, rows: list[int]) -> tuple[int, float, float]:
    sims = vectors[rows] @ vectors[i]
    k = int(sims.argmax())
    z = (sims[k] - sims.mean()) / (sims.std() + 1e-6)
    second = float(np.partition(sims, -2)[-2]) if len(sims) > 1 else -1.0
    return rows[k], float(z), float(sims[k] - second)


def _by_article(items: list[Item]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for it in items:
        out.setdefault(it.article, []).append(it.index)
    return out


def _cues(st: Statement, key: str) -> str:
    cues = st.extras.get(key) or []
    return ", ".join(dict.fromkeys(c.get("text", "") for c in cues if c.get("text"))) or "?"


def contradictions(items: list[Item], vectors: np.ndarray, cfg: ClaimsConfig,
                   names: dict) -> list[Discrepancy]:
    from rashomon.claims.align import evidence, token_idf

    idf = token_idf(items)
    rows = _by_article(items)
    out = []
    for n in items:
        st = n.statement
        if st.polarity != "negative" or len(n.tokens) < 3:
            continue
        for art, idx in rows.items():
            if art == n.article or len(idx) < 3:
                continue
            sims = vectors[idx] @ vectors[n.index]
            zs = (sims - sims.mean()) / (sims.std() + 1e-6)
            best = None
            # A denial restates only part of the report: look at the 5 closest statements and
            # keep the positive one that shares most of the denied content.
            for k in np.argsort(-sims)[:5]:
                p = items[idx[k]]
                z = float(zs[k])
                if p.statement.polarity != "positive" or z < cfg.contradiction_z:
                    continue
                ev, reasons = evidence(n, p, idf)
                if n.language == p.language:
                    m, _, _ = lexical.overlap(sorted(n.tokens), sorted(p.tokens))
                    if len(m) < max(3, 0.4 * len(n.tokens)):
                        continue
                    score = len(m) / len(n.tokens) + 0.1 * z
                    reasons = [f"shared: {', '.join(m[:6])}"]
                elif ev >= 1.5 and z >= cfg.link_z:
                    score = 0.3 + 0.1 * z
                else:
                    continue
                if best is None or score > best[0]:
                    best = (score, p, z, ev, reasons)
            if best is None:
                continue
            score, p, z, ev, reasons = best
            conf = _sig(4.0 * score + 0.5 * ev - 3.0)
            expl = (
                f"{names[n.article]} says {_q(st.text, 70)} (negation: {_cues(st, 'polarity.cues')}); "
                f"{names[p.article]} asserts {_q(p.statement.text, 70)}"
            )
            out.append(Discrepancy("contradiction", [p.index, n.index], [span(p), span(n)],
                                   expl, round(min(conf, 0.95), 3),
                                   {"z": round(z, 2), "why": "; ".join(reasons)}))
    return out


# -- hedges --------------------------------------------------------------------------------------
def _hedged_details(st: Statement, language: str | None) -> list[tuple[str, list[str]]]:
    """(hedge cue, content stems of up to 3 words after it) for each hedge of the statement."""
    out = []
    for c in st.extras.get("hedge.cues") or []:
        rel = c.get("end", 0) - st.start
        after = st.text[rel : rel + 60]
        words = lexical.content_stems(" ".join(after.split()[:3]), language)
        if words:
            out.append((c.get("text", ""), words))
    return out


def dropped_qualifiers(items: list[Item], vectors: np.ndarray, pairs: list[tuple[int, int]],
                       names: dict) -> list[Discrepancy]:
    rows = _by_article(items)
    out = []
    aligned = {(a, b) for a, b in pairs} | {(b, a) for a, b in pairs}
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
                    hit = next(
                        (d for d in details
                         if all(any(lexical.soft_equal(w, t) for t in p.tokens | set(
                             lexical.content_stems(p.statement.text, p.language))) for w in d[1][:1])),
                        None,
                    )
                    if hit is None or z[k] < 1.0:
                        continue
                    conf = 0.75 if is_aligned or z[k] >= 2.0 else 0.6
                rel = st.text.find(hit[0])
                hedged_text = st.text[rel : rel + len(hit[0]) + 25] if rel >= 0 else hit[0]
                expl = (
                    f"{names[h.article]} hedges it ({_q(hedged_text, 40)}); "
                    f"{names[p.article]} states it without a hedge: {_q(p.statement.text, 60)}"
                )
                out.append(Discrepancy("qualifier_dropped", [h.index, p.index], [span(h), span(p)],
                                       expl, conf, {"hedge": hit[0]}))
                break
    return out
