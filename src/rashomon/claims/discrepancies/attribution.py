"""`attribution_shift`: the same assertion credited to different named sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon import lang
from rashomon.claims import lexical
from rashomon.claims.discrepancies.base import Discrepancy, _q, between

if TYPE_CHECKING:
    from rashomon.claims.align import Item
    from rashomon.record import Statement

# Generic kinds of source (closed class, ar/fa/en, as matching-key stems): "experts" vs
# "analysts" is not a shift of attribution, and "documents" vs a named outlet is usually the
# same chain told at two depths.
_GENERIC_SOURCES = frozenset(
    lexical.stem(lexical.matching_key(w), iso)
    for iso in (None, "ar", "fa")
    for w in lang.words("attribution.generic_sources")
)


def _source_stems(st: Statement, language: str | None) -> set[str]:
    """Content stems of the named part of the attribution (generic source words left out)."""
    out = set()
    for name in st.attribution:
        out |= {
            t
            for t in lexical.content_stems(name, language)
            if len(t) >= 3 and not any(lexical.soft_equal(t, g) for g in _GENERIC_SOURCES)
        }
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
    carried = sa.carried or sb.carried
    conf = 0.55 if carried else 0.7
    expl = (
        f"{names[a.article]} credits it to {_q(' / '.join(sa.attribution), 40)}, "
        f"{names[b.article]} to {_q(' / '.join(sb.attribution), 40)}"
    )
    return between(
        "attribution_shift",
        a,
        b,
        expl,
        conf,
        {"sources": [sa.attribution, sb.attribution]},
    )
