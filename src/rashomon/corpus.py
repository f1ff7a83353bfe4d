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
    from rashomon.gloss.render import Gloss
    from rashomon.record import Statement


class _Record:
    """`to_dict()` is the `HEAD` fields, then `details()`: the `DETAILS` fields and `extras`,
    flattened (what the store keeps in a table's extras column). A field holding a list of
    records is written with their own `to_dict()`."""

    __slots__ = ()
    HEAD: tuple[str, ...] = ()
    DETAILS: tuple[str, ...] = ()

    def details(self) -> dict[str, Any]:
        return {**_pick(self, self.DETAILS), **getattr(self, "extras", {})}

    def to_dict(self) -> dict[str, Any]:
        return {**_pick(self, self.HEAD), **self.details()}


def _pick(record: Any, names: tuple[str, ...]) -> dict[str, Any]:
    out = {}
    for name in names:
        value = getattr(record, name)
        if isinstance(value, list) and value and hasattr(value[0], "to_dict"):
            value = [v.to_dict() for v in value]
        out[name] = value
    return out


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
class TextSpan(_Record):
    """A span of an article's text: `article.text[start:end] == text`."""

    article: str
    start: int
    end: int
    text: str

    HEAD = ("article", "start", "end", "text")


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
class Story(_Record):
    id: str
    label: str | None = None
    articles: list[str] = field(default_factory=list)  # in corpus order
    parent: str | None = None  # the story this one is a sub-story of
    parent_score: float | None = None
    languages: dict[str, int] = field(default_factory=dict)
    size: int = 0
    joins: list[dict[str, Any]] = field(default_factory=list)  # {"article", "via", "score"}
    extras: dict[str, Any] = field(default_factory=dict)

    HEAD = ("id", "label", "articles")
    # what the store keeps beside the label (the `stories.extras` column)
    DETAILS = ("parent", "parent_score", "languages", "size", "joins")


# -- entities ------------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Entity(_Record):
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

    HEAD = ("id", "name", "type", "latin", "mentions")

    def details(self) -> dict[str, Any]:
        """What the store keeps beside name, type and latin (sorted keys, as written)."""
        out = {"gazetteer": self.gazetteer, "latin_source": self.latin_source, "types": self.types}
        if self.kind is not None:
            out["kind"] = self.kind
        return dict(sorted({**out, **self.extras}.items()))


@dataclass(slots=True, frozen=True)
class EntityRelation(_Record):
    """Two entities that go together: a gazetteer relation (capital of, part of, ...) or
    co-occurrence within a few sentences (`weight` = how many times)."""

    a: str
    b: str
    kind: str
    weight: float = 1.0

    HEAD = ("a", "b", "kind", "weight")


# -- claims --------------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class ClaimStatement:
    """A statement as a claim lists it: the article it comes from and the statement."""

    article: str
    statement: Statement
    # The English rendering (gloss.apply) when read back from a dossier with one; not part
    # of `to_dict()` (the dossier writer adds it).
    gloss: Gloss | None = None

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
class Claim(_Record):
    """One assertion made by one or more sources: the statements the alignment grouped."""

    id: str
    label: str | None = None
    statements: list[ClaimStatement] = field(default_factory=list)
    sources: int = 0  # distinct articles
    single_source: bool = True
    # the alignment links inside the claim: {"a", "b" (statement ids), "confidence", "why"}
    links: list[dict[str, Any]] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)
    gloss: Gloss | None = None  # the English rendering, as on `ClaimStatement`

    HEAD = ("id", "label", "statements")
    DETAILS = ("sources", "single_source", "links")


@dataclass(slots=True, kw_only=True)
class ClaimMember:
    """A statement's place in a claim (`score`: its best alignment link inside the claim)."""

    statement: str
    claim: str
    score: float = 1.0


@dataclass(slots=True, kw_only=True)
class Discrepancy(_Record):
    """Sources that disagree on one claim: kind, the statements' spans, the explanation."""

    id: str
    kind: str
    claim: str | None
    statements: list[TextSpan]  # the disagreeing statements' spans, the claim holder first
    explanation: str
    confidence: float = 1.0
    scope: str | None = None  # the alignment scope that found it (claims.align.scope_key)
    extras: dict[str, Any] = field(default_factory=dict)

    HEAD = ("id", "kind", "claim", "statements", "explanation", "confidence")

    def details(self) -> dict[str, Any]:
        out = dict(self.extras)
        if self.scope is not None:
            out["scope"] = self.scope
        return out


@dataclass(slots=True, kw_only=True)
class TimelineEntry(_Record):
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

    HEAD = ("date", "precision", "label", "claims")
    DETAILS = ("ids", "articles", "statements")


# -- provenance ----------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class CitedSource(_Record):
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

    HEAD = ("article", "name", "start", "end", "text")
    DETAILS = ("kind", "cue", "statement", "entity")

    def details(self) -> dict[str, Any]:
        """Only the details it has (a source's kind, cue... may be unknown)."""
        return {k: getattr(self, k) for k in self.DETAILS if getattr(self, k)}


@dataclass(slots=True, kw_only=True)
class Reuse(_Record):
    """Two articles sharing text: `near_duplicate`, `copy` or `translation` (a < b)."""

    a: str
    b: str
    kind: str
    score: float
    extras: dict[str, Any] = field(default_factory=dict)  # method, passages, ... per kind

    HEAD = ("a", "b", "score", "kind")


# -- a dossier as records --------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class ArticleText:
    """An article as the exports read it: its header, its text and its sentences' spans."""

    info: ArticleInfo
    text: str
    sentences: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class DossierRecords:
    """What `dossier.json` holds, as typed records read from the store (`dossier.records`),
    without the English renderings: what the exports read."""

    meta: dict[str, Any]
    articles: list[ArticleText]
    entities: list[Entity]
    claims: list[Claim]
    discrepancies: list[Discrepancy]
    timeline: list[TimelineEntry]
    cited: list[CitedSource]
    reuse: list[Reuse]
    relations: list[EntityRelation]
    # The provenance step's guess at the original report, as it stores it (`provenance.
    # original`; read by `report.views.original`).
    original: dict[str, Any] | None = None
