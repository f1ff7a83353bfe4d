"""A mention candidate (a token range with a type, a score and the rule that found it), as
every rule in `rules.py` and `latin_rules.py` returns them, and what those rules share."""

from __future__ import annotations

from dataclasses import dataclass

from rashomon.entities.cues import any_cue
from rashomon.entities.doc import Doc


@dataclass(slots=True)
class Cand:
    i: int  # first token
    j: int  # one past the last token
    type: str
    score: float
    rule: str


def span_key(doc: Doc, c: Cand) -> str:
    return " ".join(t.key for t in doc.toks[c.i : c.j])


def common_latin(doc: Doc, i: int) -> bool:
    """A capitalised Latin word that is an ordinary word: common (Zipf >= 3.8, a function
    word, a cue), or written in lowercase elsewhere in the article."""
    t = doc.toks[i]
    if t.key in doc.stop or doc.freq(i) >= 3.8 or any_cue(t.key):
        return True
    if doc.lower_keys is None:
        doc.lower_keys = frozenset(
            x.key for x in doc.toks if x.script == "latin" and x.text[:1].islower()
        )
    return t.key in doc.lower_keys
