"""The typed records of the corpus layer: what the corpus steps compute over the whole store.

`record.py` holds what one article carries through the per-article stages (`Article`,
`Statement`, `Mention`, ...). This module holds what the corpus steps make of many articles:
stories, entities and their relations, claims, discrepancies, the timeline, cited sources and
text reuse. The store reads and writes these records (and is the only module that speaks
SQL); the dossier JSON, the report, the exports and `serve` consume them.

Each record's `to_dict()` is its object in `dossier.json` (docs/dossier.schema.json), key
order included. `extras` keeps only what no other module reads (open-ended, per-kind detail).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # record.py imports this module (Article.cited)
    from rashomon.record import Statement


@dataclass(slots=True, kw_only=True)
class ArticleInfo:
    """An article's header as the corpus steps need it: everything but its text."""

    id: str
    seq: int
    source: str = ""
    language: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: date | None = None
    # The reference date the claims step estimated for an undated article (its story's
    # median date): {"value", "basis", "from"}; None when the article is dated or alone.
    reference_date: dict[str, Any] | None = None


@dataclass(slots=True, kw_only=True)
class TextSpan:
    """A span of an article's text: `article.text[start:end] == text`."""

    article: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "start": self.start, "end": self.end, "text": self.text}


# -- stories -------------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Placement:
    """Why an article sits in its story: the score and earlier article it joined through
    (`via`, None for the story's founder) and the hub similarity used to place it."""

    article: str
    story: str
    score: float | None = None
    via: str | None = None
    hub: float | None = None


@dataclass(slots=True, kw_only=True)
class Story:
    id: str
    label: str | None = None
    articles: list[str] = field(default_factory=list)  # in corpus order
    parent: str | None = None  # the story this one is a sub-story of
    parent_score: float | None = None
    languages: dict[str, int] = field(default_factory=dict)
    size: int = 0
    joins: list[dict[str, Any]] = field(default_factory=list)  # {"article", "via", "score"}
    extras: dict[str, Any] = field(default_factory=dict)

    FIELDS = ("parent", "parent_score", "languages", "size", "joins")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "articles": self.articles, **self.details()}

    def details(self) -> dict[str, Any]:
        """What the store keeps beside the label (the `stories.extras` column)."""
        return {**{k: getattr(self, k) for k in self.FIELDS}, **self.extras}


# -- entities ------------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Entity:
    id: str
    name: str
    type: str
    latin: str | None = None
    mentions: list[TextSpan] = field(default_factory=list)
    gazetteer: str | None = None  # the gazetteer entry a place is anchored on
    kind: str | None = None  # the gazetteer entry's kind (country, city, ...)
    latin_source: str | None = None  # where `latin` comes from (text, gazetteer, model)
    types: dict[str, int] = field(default_factory=dict)  # mention types seen, with counts
    extras: dict[str, Any] = field(default_factory=dict)

    def details(self) -> dict[str, Any]:
        """What the store keeps beside name, type and latin (sorted keys, as written)."""
        out = {"gazetteer": self.gazetteer, "latin_source": self.latin_source, "types": self.types}
        if self.kind is not None:
            out["kind"] = self.kind
        return dict(sorted({**out, **self.extras}.items()))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "latin": self.latin,
            "mentions": [m.to_dict() for m in self.mentions],
            **self.details(),
        }


@dataclass(slots=True, frozen=True)
class EntityRelation:
    """Two entities that go together: a gazetteer relation (capital of, part of, ...) or
    co-occurrence within a few sentences (`weight` = how many times)."""

    a: str
    b: str
    kind: str
    weight: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "kind": self.kind, "weight": self.weight}


# -- claims --------------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class ClaimStatement:
    """A statement as a claim lists it: the article it comes from and the statement."""

    article: str
    statement: Statement

    def to_dict(self) -> dict[str, Any]:
        s = self.statement
        return {
            "id": s.id,
            "article": self.article,
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "attribution": s.attribution,
            "polarity": s.polarity,
            "hedged": s.hedged,
            "hedges": s.hedges,
            "quantities": [asdict(q) for q in s.quantities],
            "dates": [d.to_dict() for d in s.dates],
        }


@dataclass(slots=True, kw_only=True)
class Claim:
    """One assertion made by one or more sources: the statements the alignment grouped."""

    id: str
    label: str | None = None
    statements: list[ClaimStatement] = field(default_factory=list)
    sources: int = 0  # distinct articles
    single_source: bool = True
    # the alignment links inside the claim: {"a", "b" (statement ids), "confidence", "why"}
    links: list[dict[str, Any]] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)

    def details(self) -> dict[str, Any]:
        return {
            "sources": self.sources,
            "single_source": self.single_source,
            "links": self.links,
            **self.extras,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "statements": [s.to_dict() for s in self.statements],
            **self.details(),
        }


@dataclass(slots=True, kw_only=True)
class ClaimMember:
    """A statement's place in a claim (`score`: its best alignment link inside the claim)."""

    statement: str
    claim: str
    score: float = 1.0


@dataclass(slots=True, kw_only=True)
class Discrepancy:
    """Sources that disagree on one claim: kind, the statements' spans, the explanation."""

    id: str
    kind: str
    claim: str | None
    statements: list[dict[str, Any]]  # spans: {"article", "start", "end", "text", ...}
    explanation: str
    confidence: float = 1.0
    scope: str | None = None  # the alignment scope that found it (claims.align.scope_key)
    extras: dict[str, Any] = field(default_factory=dict)

    def details(self) -> dict[str, Any]:
        out = dict(self.extras)
        if self.scope is not None:
            out["scope"] = self.scope
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "claim": self.claim,
            "statements": self.statements,
            "explanation": self.explanation,
            "confidence": self.confidence,
            **self.details(),
        }


@dataclass(slots=True, kw_only=True)
class TimelineEntry:
    """One date on the timeline with the claims (or lone statements) that mention it."""

    seq: int
    date: str
    precision: str
    label: str
    claims: list[str]  # claim ids, or statement ids for statements no claim holds
    ids: dict[str, str] = field(default_factory=dict)  # id -> "claim" | "statement"
    articles: list[str] = field(default_factory=list)
    statements: list[dict[str, Any]] = field(default_factory=list)  # spans with date_* keys
    extras: dict[str, Any] = field(default_factory=dict)

    def details(self) -> dict[str, Any]:
        return {
            "ids": self.ids,
            "articles": self.articles,
            "statements": self.statements,
            **self.extras,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "precision": self.precision,
            "label": self.label,
            "claims": self.claims,
            **self.details(),
        }


# -- provenance ----------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class CitedSource:
    """A source an article cites ("according to X"), with its exact span."""

    article: str
    name: str
    start: int
    end: int
    text: str
    kind: str | None = None  # outlet, official, document, person, other
    cue: str | None = None  # the attribution cue ("according to", "said")
    statement: str | None = None  # the statement it is cited in
    entity: str | None = None  # the linked entity that names it, when known
    seq: int = 0

    DETAILS = ("kind", "cue", "statement", "entity")

    def details(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.DETAILS if getattr(self, k)}

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "name": self.name,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            **self.details(),
        }


@dataclass(slots=True, kw_only=True)
class Reuse:
    """Two articles sharing text: `near_duplicate`, `copy` or `translation` (a < b)."""

    a: str
    b: str
    kind: str
    score: float
    extras: dict[str, Any] = field(default_factory=dict)  # method, passages, ... per kind

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "score": self.score, "kind": self.kind, **self.extras}
