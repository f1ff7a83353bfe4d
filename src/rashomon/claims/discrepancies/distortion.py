"""`distortion`: the same quantity attached to a different item in two versions."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rashomon import lang
from rashomon.claims import lexical
from rashomon.claims.discrepancies.base import Discrepancy, _q, between

if TYPE_CHECKING:
    from rashomon.claims.align import Item
    from rashomon.record import Statement

_SEGMENT = re.compile(r"[،,;؛:()\"«»“”]|\s-\s")

_WA = lang.table("morphology.glue", "ar")["and"]
# a conjunction that may start a new item: و alone or glued to a word of 3+ letters, and, or
_AND = re.compile(rf"(?:(?<=\s)|^)(?:{_WA}\s|{_WA}(?=[^\W\d_]{{3,}}))|\band\s|\bor\s")


def _segments(text: str) -> list[tuple[int, int]]:
    """Clause-like pieces: split at punctuation and at a conjunction that starts a new item."""
    cuts = [0]
    for m in _SEGMENT.finditer(text):
        cuts += [m.start(), m.end()]
    for m in _AND.finditer(text):
        word = re.match(r"[^\W\d_]+", text[m.start() :])
        if word and word.group(0).startswith(_WA) and len(word.group(0)) > 1:
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
            for this, that, own_that, q in ((a, b, own_b, qa), (b, a, own_a, qb)):
                seg = _owner(this.statement, q)[1]
                outside = this.statement.text[: seg[0]] + " " + this.statement.text[seg[1] :]
                elsewhere = set(lexical.content_stems(outside, this.language))
                moved = [y for y in own_that if any(lexical.soft_equal(x, y) for x in elsewhere)]
                if moved:
                    moved = _display_words(outside, moved, this.language)
                    o_this = " ".join(_owner(this.statement, q)[0].split()[-4:])
                    o_that = " ".join(
                        _owner(that.statement, qb if that is b else qa)[0].split()[-4:]
                    )
                    expl = (
                        f"{names[that.article]} attaches {_q(q.text, 25)} to {_q(o_that, 40)}; "
                        f"{names[this.article]} attaches it to {_q(o_this, 40)} and mentions "
                        f"{_q(' '.join(moved), 30)} elsewhere"
                    )
                    return between(
                        "distortion",
                        this,
                        that,
                        expl,
                        0.75,
                        {"quantity": [q.value, q.unit]},
                    )
    return None


def _display_words(text: str, stems: list[str], language: str | None) -> list[str]:
    """The words of `text` (as written) whose stems soft-match `stems`."""
    out = []
    for w in lexical.display_words(text):
        st = lexical.content_stems(w, language)
        if st and any(lexical.soft_equal(st[0], x) for x in stems) and w not in out:
            out.append(w)
    return out or stems
