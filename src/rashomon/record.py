"""The record that flows through every stage: an `Article` and the parts later stages fill.

Every span (`start`, `end`) is a character offset into `Article.text`, the cleaned *display*
text, never into the raw input or a normalised key: `article.text[span.start:span.end]` is
always the span's `text`. Stages that work on a normalised key must map offsets back.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from rashomon.corpus import CitedSource


def content_id(text: str, prefix: str = "a") -> str:
    """A stable id from content, so re-ingesting the same input is idempotent.

    The canonical content is the NFC text with line endings normalised and outer whitespace
    stripped: the same article saved with CRLF or LF, or with a trailing newline, gets one id.
    """
    canonical = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return prefix + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True, kw_only=True)
class Removed:
    """A piece of the input that cleaning took out of `text`, with the reason (nothing is lost)."""

    text: str
    reason: str
    line: int | None = None  # 0-based line number in the raw input, when line-based


@dataclass(slots=True, kw_only=True)
class Paragraph:
    start: int
    end: int
    language: str | None = None


@dataclass(slots=True, kw_only=True)
class Sentence:
    start: int
    end: int
    paragraph: int = 0


@dataclass(slots=True, kw_only=True)
class Mention:
    """A surface mention of an entity, exact offsets into `Article.text`."""

    start: int
    end: int
    text: str
    type: str = "other"  # person, organisation, place, outlet, equipment, event, other
    key: str = ""  # normalised form used for matching (clitics stripped, script-normalised)
    entity: str | None = None  # id of the linked entity, filled by linking
    confidence: float = 1.0
    # Which detector rule found it ("corpus:..." for the mentions entities.propagate adds
    # across articles: that step replaces exactly those).
    rule: str = ""
    extras: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class Quantity:
    value: float
    text: str
    start: int
    end: int
    unit: str | None = None
    qualifier: str | None = None  # "more than", "about", "up to", "between", ...
    upper: float | None = None  # a range's upper bound ("between 10 and 15": value 10, upper 15)


@dataclass(slots=True, kw_only=True)
class DateRef:
    value: str  # ISO date (YYYY-MM-DD, YYYY-MM or YYYY as precision allows)
    text: str
    start: int
    end: int
    precision: str = "day"  # day, month, year, ...
    # None: resolved against the article's own publication date (or needs none); "story
    # estimate": the article has no date and was resolved against its story's dated articles
    basis: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """As stored and in the dossier: `basis` only when set."""
        out = asdict(self)
        if out["basis"] is None:
            del out["basis"]
        return out


@dataclass(slots=True, kw_only=True)
class Statement:
    """One atomic assertion of one article: a sentence or a clause of one."""

    id: str
    start: int
    end: int
    text: str
    attribution: list[str] = field(default_factory=list)  # chain, outermost first
    polarity: str = "positive"  # positive | negative
    hedged: bool = False
    hedges: list[str] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    # (start, end) of the whole sentence a clause was cut from (the alignment compares
    # sentences of equal scope; a contradiction is shown in its sentence).
    sentence: tuple[int, int] | None = None
    # The source phrases found (claims.extract.attribution.Source as dicts, with the naming
    # mention under "mention" when the entities named one); cited sources come from these.
    sources: list[dict[str, Any]] = field(default_factory=list)
    refers_back: bool = False  # "he added", "this report": the source is named earlier
    # How an attribution not named in the statement itself was carried over: "context",
    # "anaphora", "continuation" or "sentence"; None when the statement names its source.
    carried: str | None = None
    polarity_cues: list[dict[str, Any]] = field(default_factory=list)  # PolarityCue dicts
    hedge_cues: list[dict[str, Any]] = field(default_factory=list)  # Hedge dicts
    extras: dict[str, Any] = field(default_factory=dict)


# Statement fields kept in the store's `statements.extras` JSON column, under these keys
# (the column predates the typed fields; the store maps them both ways).
STATEMENT_EXTRAS = {
    "sentence": "sentence",
    "sources": "attribution.sources",
    "refers_back": "attribution.refers_back",
    "carried": "attribution.carried",
    "polarity_cues": "polarity.cues",
    "hedge_cues": "hedge.cues",
}


@dataclass(slots=True, kw_only=True)
class Article:
    id: str
    source: str  # the input path or URL as given
    raw: str  # the input text after decoding, before cleaning: kept so nothing is ever lost
    text: str = ""  # the cleaned display text; every offset points into it
    language: str | None = None  # ISO 639-1
    outlet: str | None = None
    title: str | None = None
    published: date | None = None
    truncated: bool = False  # the start of the article looks cut off
    removed: list[Removed] = field(default_factory=list)
    repairs: list[str] = field(
        default_factory=list
    )  # encoding repairs applied (mojibake, cp1256, ...)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    cited: list[CitedSource] = field(default_factory=list)  # sources it cites (provenance)
    errors: list[str] = field(default_factory=list)  # per-stage failures on this article
    # Namespaced ("stage.name") values that are truly open-ended; typed fields come first.
    extras: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: str, source: str, **fields: Any) -> Article:
        return cls(id=content_id(raw), source=source, raw=raw, **fields)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["published"] = self.published.isoformat() if self.published else None
        return d
