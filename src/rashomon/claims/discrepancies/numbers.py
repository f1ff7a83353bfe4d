"""`numeric_mismatch`, `numeric_update` and `date_mismatch` on aligned statements.

A count of what happened to people (dead, injured, arrested, missing) changes while a story
unfolds: a later article's different figure is reported as a `numeric_update` with both dates
(the toll rose or was revised), not as a conflict. Two sources that give different figures on
the same day, or any other quantity that differs, are a `numeric_mismatch`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon.claims.discrepancies.base import Discrepancy, _q, between

if TYPE_CHECKING:
    from rashomon.claims.align import Item

_REL_TOLERANCE = 0.05  # 1,000 vs 1,020 is rounding; 1,000 vs 1,200 is a different number
# counts that grow or are revised as a story unfolds (units named by claims/extract/counts.py)
EVOLVING = frozenset({"dead", "injured", "arrested", "missing"})


def _fmt(v: float) -> str:
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,g}"


def numeric_mismatch(
    a: Item, b: Item, names: dict, published: dict | None = None
) -> Discrepancy | None:
    """Different values of one quantity; `published` (article id -> date) turns a changed toll
    across days into a `numeric_update`."""
    qa = {q.unit: q for q in a.statement.quantities if q.unit}
    qb = {q.unit: q for q in b.statement.quantities if q.unit}
    for unit in sorted(qa.keys() & qb.keys()):  # sorted: a set's order follows the hash seed
        if sum(1 for q in a.statement.quantities if q.unit == unit) != 1:
            continue
        if sum(1 for q in b.statement.quantities if q.unit == unit) != 1:
            continue
        x, y = qa[unit], qb[unit]
        if max(abs(x.value), abs(y.value)) == 0:
            continue
        rel = abs(x.value - y.value) / max(abs(x.value), abs(y.value))
        if rel <= _REL_TOLERANCE or _overlap(x, y):
            continue
        da, db = (published or {}).get(a.article), (published or {}).get(b.article)
        if unit in EVOLVING and da and db and da != db:
            return _update(a, b, x, y, unit, names, da, db)
        # "up to 1,000" vs "800" or "more than 10" vs "12" are compatible: lower confidence.
        compatible = _compatible(x, y) or _compatible(y, x)
        conf = 0.55 if compatible else 0.8
        expl = (
            f"{names[a.article]} says {_q(x.text, 30)} ({_fmt(x.value)} {unit}"
            f"{', ' + x.qualifier if x.qualifier else ''}), {names[b.article]} says "
            f"{_q(y.text, 30)} ({_fmt(y.value)} {unit}{', ' + y.qualifier if y.qualifier else ''})"
        )
        return between(
            "numeric_mismatch",
            a,
            b,
            expl,
            conf,
            {"values": [x.value, y.value], "unit": unit},
        )
    return None


def _update(a: Item, b: Item, x, y, unit: str, names: dict, da, db) -> Discrepancy:
    """The earlier figure first, the later one second, each with its date."""
    if db < da:
        a, b, x, y, da, db = b, a, y, x, db, da
    expl = (
        f"{names[a.article]} gave {_q(x.text, 30)} ({_fmt(x.value)} {unit}) on {da.isoformat()}; "
        f"{names[b.article]} gave {_q(y.text, 30)} ({_fmt(y.value)} {unit}) on {db.isoformat()}: "
        f"a later figure, not a conflict"
    )
    return between(
        "numeric_update",
        a,
        b,
        expl,
        0.7,
        {"values": [x.value, y.value], "unit": unit, "dates": [da.isoformat(), db.isoformat()]},
    )


def _overlap(x, y) -> bool:
    """A range holds the other figure, or two ranges overlap ("10-15" and "12")."""
    if x.upper is None and y.upper is None:
        return False
    xl, xu = x.value, x.upper if x.upper is not None else x.value
    yl, yu = y.value, y.upper if y.upper is not None else y.value
    return xl <= yu and yl <= xu


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
    # dates estimated from the story (undated articles) are shown, never argued from
    da = [d for d in a.statement.dates if d.basis is None]
    db = [d for d in b.statement.dates if d.basis is None]
    if len(da) != 1 or len(db) != 1:
        return None
    x, y = da[0], db[0]
    if x.precision != y.precision or x.value == y.value:
        return None
    # The same words resolved to different dates ("tonight" in articles of different days) are
    # a relative date read against each article's own day, not a disagreement.
    if " ".join(x.text.split()) == " ".join(y.text.split()):
        return None
    # A year-only date against a full date of the same year is not a mismatch.
    if x.value[:4] == y.value[:4] and x.precision == "year":
        return None
    expl = (
        f"{names[a.article]} dates it {_q(x.text, 30)} ({x.value}), "
        f"{names[b.article]} {_q(y.text, 30)} ({y.value})"
    )
    return between(
        "date_mismatch",
        a,
        b,
        expl,
        0.6,
        {"values": [x.value, y.value]},
    )
