"""The finding shared by every check, and small helpers for explanations."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rashomon.claims.align import Item


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


def between(
    kind: str, a: Item, b: Item, explanation: str, confidence: float, extras: dict
) -> Discrepancy:
    """A finding on two statements, `a` first (the claim holder), with their spans."""
    return Discrepancy(
        kind, [a.index, b.index], [span(a), span(b)], explanation, confidence, extras
    )


def _q(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return "«" + (text if len(text) <= n else text[: n - 1] + "…") + "»"


def _sig(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _by_article(items: list[Item]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for it in items:
        out.setdefault(it.article, []).append(it.index)
    return out


def _cues(cues: list[dict]) -> str:
    return ", ".join(dict.fromkeys(c.get("text", "") for c in cues if c.get("text"))) or "?"
