"""What a reader needs, derived from the dossier JSON: labels, directions, the claims x sources
matrix, entity co-occurrence, citation links. Shared by the HTML report and the exports, so
the report and the CSV never disagree on who "hedges" or "contradicts".

Nothing here knows a language's words: stances come from the statements' polarity and
hedges, directions from the Unicode bidi class of the characters.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from rashomon.cleaning.normalize import matching_key
from rashomon.corpus import TextSpan

if TYPE_CHECKING:
    from rashomon.corpus import (
        ArticleInfo,
        ArticleText,
        CitedSource,
        Claim,
        ClaimStatement,
        Discrepancy,
        DossierRecords,
        Entity,
        Reuse,
    )

KIND_LABELS = {
    "contradiction": ("Contradiction", "one source says the opposite of another"),
    "numeric_mismatch": ("Numbers differ", "the sources give different figures for the same thing"),
    "numeric_update": (
        "Figure updated",
        "a later article gives a new figure (a toll that rose or was revised), with both dates",
    ),
    "date_mismatch": ("Dates differ", "the sources give different dates for the same event"),
    "qualifier_dropped": (
        "Hedge dropped",
        "one source states as fact what another reports with a hedge or qualifier",
    ),
    "attribution_shift": (
        "Attribution changed",
        "the sources put the same words in different mouths",
    ),
    "distortion": ("Distortion", "one source changes the meaning of what another reports"),
}
ENTITY_TYPES = [
    "person",
    "organisation",
    "place",
    "facility",
    "equipment",
    "outlet",
    "event",
    "other",
]
# Stances of a source on a claim, strongest first (a cell shows the strongest of its statements).
STANCES = ["contradicts", "hedges", "says"]
STANCE_LABELS = {
    "contradicts": "contradicts",
    "hedges": "hedges",
    "says": "says",
    "silent": "silent",
}
# Bidirectional formatting characters: invisible, they reorder what follows them. In untrusted
# text they can make one string display as another, so the report shows them as visible marks.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@lru_cache(maxsize=256)
def language_name(code: str | None) -> str:
    """English name of an ISO 639 code ('ar' -> 'Arabic'); the code itself when unknown."""
    if not code:
        return "unknown language"
    try:
        from babel import Locale

        name = Locale("en").languages.get(code)
    except Exception:  # babel missing a locale is not worth failing a report for
        name = None
    return name or code


def direction(text: str | None) -> str:
    """'rtl' when most strongly-directional characters are right-to-left, 'ltr' when most are
    left-to-right, 'auto' when there are none (digits and punctuation only)."""
    rtl = ltr = 0
    for ch in text or "":
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL"):
            rtl += 1
        elif bidi == "L":
            ltr += 1
    if rtl == ltr == 0:
        return "auto"
    return "rtl" if rtl > ltr else "ltr"


def published_text(info: ArticleInfo, unknown: str = "date unknown") -> str:
    """The publication date, or for an undated article the story-based estimate, said so."""
    if info.published:
        return info.published.isoformat()
    estimate = info.reference_date
    if isinstance(estimate, dict) and estimate.get("value"):
        return f"{unknown} (its story's articles: ~{estimate['value']})"
    return unknown


def safe_url(url: str | None) -> str | None:
    """`url` when it is an http(s) URL (the only links the report makes), else None."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if (
        parts.scheme in ("http", "https")
        and parts.netloc
        and not any(c in url for c in BIDI_CONTROLS)
    ):
        return url.strip()
    return None


def strip_controls(text: str) -> str:
    return "".join(ch for ch in text if ch not in BIDI_CONTROLS)


def span_key(span: TextSpan) -> tuple[str, int, int]:
    return (span.article, span.start, span.end)


def stance(polarity: str, hedged: bool, majority: str) -> str:
    """A source's stance on a claim whose statements mostly have polarity `majority`."""
    if polarity != majority:
        return "contradicts"
    if hedged:
        return "hedges"
    return "says"


@dataclass(slots=True, kw_only=True)
class Original:
    """The original report as the provenance step saw it, in one shape: `article` (id, when
    the original is an article of the dossier), `name`, `why`, `confidence`, `cited_by`
    (article ids), `evidence` (spans that name it), `names`, and `earliest` (the earliest
    dated article)."""

    article: str | None = None
    name: str | None = None
    why: str = ""
    confidence: float | None = None
    cited_by: list[str] = field(default_factory=list)
    evidence: list[TextSpan] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    earliest: str | None = None


def original(records: DossierRecords) -> Original:
    """The original report (`records.original`, the provenance step's result). Without a
    provenance result, the earliest dated article stands in, and `why` says so."""
    orig = records.original
    ids = {a.info.id for a in records.articles}
    dated = [a.info for a in records.articles if a.info.published]
    earliest = min(dated, key=lambda a: a.published).id if dated else None
    out = Original(earliest=earliest)
    if isinstance(orig, dict) and (orig.get("name") or orig.get("article") or orig.get("id")):
        aid = orig.get("article") or orig.get("id")
        out.article = aid if aid in ids else None
        out.name = orig.get("name")
        basis, expl = (
            orig.get("basis"),
            orig.get("explanation") or orig.get("reason") or orig.get("why"),
        )
        out.why = "; ".join(str(x) for x in (basis, expl) if x)
        conf = orig.get("confidence")
        out.confidence = float(conf) if isinstance(conf, int | float) else None
        out.cited_by = [a for a in orig.get("cited_by") or [] if a in ids]
        out.evidence = [
            TextSpan(article=s["article"], start=s["start"], end=s["end"], text=s["text"])
            for s in orig.get("evidence") or []
            if isinstance(s, dict)
            and s.get("article") in ids
            and {"start", "end", "text"} <= set(s)
        ]
        out.names = [str(n) for n in orig.get("names") or ([out.name] if out.name else [])]
        return out
    if earliest:
        out.article = earliest
        out.why = "earliest publication date in the dossier (no provenance result)"
    return out


# -- views over typed records (corpus.py: `dossier.records`, `dossier.records_from_dict`) ----
# The exports read these, and the report's graphs, provenance, claims matrix and original
# report; the rest of the report still reads the dossier dict.


def label_of(info: ArticleInfo) -> str:
    """The outlet, else the host of a URL source, else the file name, else the id."""
    if info.outlet:
        return info.outlet
    parts = urlsplit(info.source or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return parts.netloc
    return PurePosixPath(info.source or "").name or info.id


def published_iso(info: ArticleInfo) -> str | None:
    return info.published.isoformat() if info.published else None


def statement_key(s: ClaimStatement) -> tuple[str, int, int]:
    return (s.article, s.statement.start, s.statement.end)


def dispute_index(discrepancies: list[Discrepancy]) -> dict[tuple[str, int, int], list[str]]:
    """(article, start, end) -> ids of the discrepancies that span is part of."""
    out: dict[tuple[str, int, int], list[str]] = defaultdict(list)
    for d in discrepancies:
        for span in d.statements:
            out[span_key(span)].append(d.id)
    return out


def matrix(claims: list[Claim], discrepancies: list[Discrepancy]) -> list[dict[str, Any]]:
    """One row per claim: its statements grouped by article with each source's stance.

    The claim's polarity is the majority polarity of its statements (ties: positive); a source
    whose statement has the other polarity "contradicts", one that hedges "hedges", one with no
    statement is "silent". A row: {"claim", "majority", "cells" (article id -> {"stance",
    "statements": [ClaimStatement]}), "discrepancies" (ids)}."""
    disputes = dispute_index(discrepancies)
    rows = []
    for claim in claims:
        pols = Counter(s.statement.polarity for s in claim.statements)
        majority = "negative" if pols["negative"] > pols["positive"] else "positive"
        cells: dict[str, dict[str, Any]] = {}
        for s in claim.statements:
            cell = cells.setdefault(s.article, {"stance": "says", "statements": []})
            st = stance(s.statement.polarity, s.statement.hedged, majority)
            cell["statements"].append(s)
            if STANCES.index(st) < STANCES.index(cell["stance"]):
                cell["stance"] = st
        disputed = sorted({d for s in claim.statements for d in disputes.get(statement_key(s), [])})
        rows.append(
            {"claim": claim, "majority": majority, "cells": cells, "discrepancies": disputed}
        )
    return rows


def _sentence_index(article: ArticleText, offset: int) -> int:
    for i, (start, end) in enumerate(article.sentences):
        if start <= offset < max(end, start + 1):
            return i
    if article.sentences:
        return -1
    return article.text.count("\n", 0, offset)


def co_mentions(entities: list[Entity], articles: list[ArticleText]) -> Counter[tuple[str, str]]:
    """How many sentences mention both entities of each pair (ids sorted in the pair)."""
    arts = {a.info.id: a for a in articles}
    groups: dict[tuple[str, int], set[str]] = defaultdict(set)
    for e in entities:
        for m in e.mentions:
            art = arts.get(m.article)
            if art is not None:
                groups[(m.article, _sentence_index(art, m.start))].add(e.id)
    pairs: Counter[tuple[str, str]] = Counter()
    for (_aid, sent), ents in groups.items():
        if sent >= 0:
            pairs.update(combinations(sorted(ents), 2))
    return pairs


def cited_targets(articles: list[ArticleText], cited: list[CitedSource]) -> dict[int, str]:
    """Index in `cited` -> id of the article whose outlet is the cited name (same matching
    key), when exactly one outlet matches."""
    by_outlet: dict[str, set[str]] = defaultdict(set)
    for a in articles:
        if a.info.outlet:
            by_outlet[matching_key(a.info.outlet).strip()].add(a.info.id)
    out = {}
    for i, c in enumerate(cited):
        hits = by_outlet.get(matching_key(c.name).strip(), set()) - {c.article}
        if len(hits) == 1:
            out[i] = next(iter(hits))
    return out


def reuse_order(articles: list[ArticleText], pair: Reuse) -> tuple[str, str]:
    """(source, copy) of a reuse pair: the earlier publication is the source when both dates
    are known and differ; otherwise the pair's own order (a, b)."""
    dates = {a.info.id: a.info.published for a in articles}
    da, db = dates.get(pair.a), dates.get(pair.b)
    if da and db and db < da:
        return pair.b, pair.a
    return pair.a, pair.b
