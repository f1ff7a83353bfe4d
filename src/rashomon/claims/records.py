"""The alignment's result as corpus records: claims, their members, their discrepancies.

Ids come from content: a claim's from its statements' ids, a scope's from its article ids.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import TYPE_CHECKING

from rashomon.corpus import Claim, ClaimMember, Discrepancy, TextSpan

if TYPE_CHECKING:
    from rashomon.claims.align import Item, Link
    from rashomon.claims.discrepancies.base import Discrepancy as Finding


def claim_id(statement_ids: list[str]) -> str:
    return "cl" + hashlib.sha256("\x1f".join(sorted(statement_ids)).encode()).hexdigest()[:16]


def claim_label(items: list[Item], member: list[int], max_chars: int = 160) -> str:
    text = min((items[m].statement.text for m in member), key=len)
    text = " ".join(text.split())
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


def scope_key(scope: list[str]) -> str:
    return hashlib.sha256("\x1f".join(sorted(scope)).encode()).hexdigest()[:16]


def claim_records(
    items: list[Item], links: list[Link], groups: list[list[int]]
) -> tuple[list[Claim], list[ClaimMember], dict[int, str]]:
    """(claims, their members, claim id by item index) of the groups of aligned items; a
    member's score is its best link inside its claim."""
    link_of: dict[int, list[Link]] = defaultdict(list)
    for ln in links:
        link_of[ln.a].append(ln)
        link_of[ln.b].append(ln)
    claims, members = [], []
    claim_of: dict[int, str] = {}
    for member in groups:
        cid = claim_id([items[m].statement.id for m in member])
        arts = sorted({items[m].article for m in member})
        inside = {id(x): x for m in member for x in link_of[m]}.values()
        claims.append(
            Claim(
                id=cid,
                label=claim_label(items, member),
                sources=len(arts),
                single_source=len(arts) == 1,
                links=[
                    {
                        "a": items[ln.a].statement.id,
                        "b": items[ln.b].statement.id,
                        "confidence": ln.confidence,
                        "why": "; ".join(ln.reasons),
                    }
                    for ln in inside
                    if ln.a in member and ln.b in member
                ],
            )
        )
        for m in member:
            best = max(
                (ln.confidence for ln in link_of[m] if ln.a in member and ln.b in member),
                default=1.0,
            )
            members.append(ClaimMember(statement=items[m].statement.id, claim=cid, score=best))
            claim_of[m] = cid
    return claims, members, claim_of


def discrepancy_records(
    found: list[Finding], claim_of: dict[int, str], key: str
) -> list[Discrepancy]:
    """The detectors' findings as stored discrepancies, each of the claim its statements
    make."""
    out = []
    for d in found:
        # The header is the claim both statements make, never a third one: statements of
        # different claims (a contradiction found across claims) get no claim.
        cid = claim_of.get(d.members[0])
        d.claim = cid if all(claim_of.get(m) == cid for m in d.members) else None
        out.append(
            Discrepancy(
                id=d.id,
                kind=d.kind,
                claim=d.claim,
                statements=[TextSpan(**s) for s in d.spans],
                explanation=d.explanation,
                confidence=d.confidence,
                scope=key,
                extras={k: v for k, v in d.extras.items() if k != "scope"},
            )
        )
    return out
