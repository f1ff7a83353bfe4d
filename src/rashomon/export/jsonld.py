"""JSON-LD: the dossier as linked data.

- articles are schema.org `NewsArticle`s (publisher, language, date, `mentions` of entities);
- each claim is a schema.org `Claim` whose `appearance`s are its statements, each a
  `CreativeWork` that `isPartOf` its article, with the exact offsets (`rashomon:start`, `end`),
  polarity and hedges;
- each discrepancy is a `ClaimReview` of its claim: the kind, the explanation, the statements;
- provenance uses W3C PROV-O: an article that cites a source `prov:wasQuotedFrom` it, an
  article that reuses another's text `prov:wasDerivedFrom` it (with a `prov:Derivation` that
  keeps the kind and score);
- entities are schema.org `Person`, `Organization`, `Place`, `Product`, `Event` or `Thing`;
- the timeline's events are schema.org `Event`s.

The context is inline (no URL is fetched to read the file). Ids are `urn:rashomon:...` URNs
built from the dossier's content ids, so two exports of one store agree.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from rashomon.corpus import (
    ArticleText,
    ClaimStatement,
    DossierRecords,
    Entity,
    Reuse,
    TextSpan,
)
from rashomon.report import views

NS = "https://github.com/rashomon/rashomon/ns#"
CONTEXT: dict[str, Any] = {
    "@vocab": "https://schema.org/",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rashomon": NS,
    "appearance": {"@id": "schema:appearance", "@type": "@id"},
    "firstAppearance": {"@id": "schema:firstAppearance", "@type": "@id"},
    "isPartOf": {"@id": "schema:isPartOf", "@type": "@id"},
    "itemReviewed": {"@id": "schema:itemReviewed", "@type": "@id"},
    "mentions": {"@id": "schema:mentions", "@type": "@id"},
    "hasPart": {"@id": "schema:hasPart", "@type": "@id"},
    "about": {"@id": "schema:about", "@type": "@id"},
    "datePublished": {"@id": "schema:datePublished", "@type": "xsd:date"},
    "wasQuotedFrom": {"@id": "prov:wasQuotedFrom", "@type": "@id"},
    "wasDerivedFrom": {"@id": "prov:wasDerivedFrom", "@type": "@id"},
    "qualifiedDerivation": {"@id": "prov:qualifiedDerivation"},
    "entity": {"@id": "prov:entity", "@type": "@id"},
    "start": {"@id": "rashomon:start", "@type": "xsd:integer"},
    "end": {"@id": "rashomon:end", "@type": "xsd:integer"},
    "polarity": "rashomon:polarity",
    "hedged": {"@id": "rashomon:hedged", "@type": "xsd:boolean"},
    "hedges": "rashomon:hedge",
    "attribution": {"@id": "rashomon:attribution", "@container": "@list"},
    "kind": "rashomon:kind",
    "score": {"@id": "rashomon:score", "@type": "xsd:double"},
    "confidence": {"@id": "rashomon:confidence", "@type": "xsd:double"},
    "statements": {"@id": "rashomon:statement", "@type": "@id"},
    "claims": {"@id": "rashomon:claim", "@type": "@id"},
    "entityType": "rashomon:entityType",
}
SCHEMA_TYPES = {
    "person": "Person",
    "organisation": "Organization",
    "outlet": "NewsMediaOrganization",
    "place": "Place",
    "equipment": "Product",
    "event": "Event",
}


def iri(kind: str, ident: str) -> str:
    return f"urn:rashomon:{kind}:{quote(str(ident), safe='')}"


def _statement_iri(span: ClaimStatement | TextSpan) -> str:
    if isinstance(span, ClaimStatement):
        if span.statement.id:
            return iri("statement", span.statement.id)
        st = span.statement
        return iri("span", f"{span.article}:{st.start}:{st.end}")
    return iri("span", f"{span.article}:{span.start}:{span.end}")


def _span_node(span: ClaimStatement | TextSpan) -> dict[str, Any]:
    """A statement of a claim (with its polarity, hedges and attribution) or a bare span."""
    st = span.statement if isinstance(span, ClaimStatement) else span
    node: dict[str, Any] = {
        "@id": _statement_iri(span),
        "@type": "CreativeWork",
        "text": st.text,
        "isPartOf": iri("article", span.article),
        "start": st.start,
        "end": st.end,
    }
    if isinstance(span, ClaimStatement):
        node |= {
            "polarity": span.statement.polarity,
            "hedged": bool(span.statement.hedged),
            "hedges": list(span.statement.hedges or []),
            "attribution": list(span.statement.attribution or []),
        }
    return node


def to_jsonld(dossier: DossierRecords) -> dict[str, Any]:
    """The dossier as one JSON-LD document: cited sources, articles, entities, claims with
    their statements, discrepancies as reviews, the timeline, and the dataset itself."""
    cited, quoted = _cited_sources(dossier)
    derived = _derivations(dossier)
    mentions = _mentions_by_article(dossier)
    graph: list[dict[str, Any]] = list(cited)
    graph += [_article_node(a, mentions, quoted, derived) for a in dossier.articles]
    graph += [_entity_node(e) for e in dossier.entities]
    seen_spans: set[str] = set()
    graph += _claim_nodes(dossier, seen_spans)
    graph += _review_nodes(dossier, seen_spans)
    graph += [
        {
            "@id": iri("event", f"{i}"),
            "@type": "Event",
            "name": t.label,
            "startDate": t.date,
            "claims": [iri("claim", c) for c in t.claims],
        }
        for i, t in enumerate(dossier.timeline)
    ]
    graph.append(_dataset_node(dossier))
    return {"@context": CONTEXT, "@graph": graph}


def _mentions_by_article(dossier: DossierRecords) -> dict[str, set[str]]:
    mentions: dict[str, set[str]] = {}
    for e in dossier.entities:
        for m in e.mentions:
            mentions.setdefault(m.article, set()).add(iri("entity", e.id))
    return mentions


def _cited_sources(
    dossier: DossierRecords,
) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """A node per cited source that is not an article of the dossier, and what each article
    quotes from (a source node or the article the citation names)."""
    nodes: list[dict[str, Any]] = []
    quoted: dict[str, list[str]] = {}
    targets = views.cited_targets(dossier.articles, dossier.cited)
    for i, c in enumerate(dossier.cited):
        target = iri("article", targets[i]) if i in targets else iri("source", c.name)
        if i not in targets:
            nodes.append({"@id": target, "@type": ["prov:Entity", "Organization"], "name": c.name})
        quoted.setdefault(c.article, []).append(target)
    return nodes, quoted


def _derivations(dossier: DossierRecords) -> dict[str, list[tuple[str, Reuse]]]:
    """Article id -> (source article, reuse record) of the text it took from earlier articles."""
    derived: dict[str, list[tuple[str, Reuse]]] = {}
    for r in dossier.reuse:
        src, copy = views.reuse_order(dossier.articles, r)
        derived.setdefault(copy, []).append((src, r))
    return derived


def _article_node(
    art: ArticleText,
    mentions: dict[str, set[str]],
    quoted: dict[str, list[str]],
    derived: dict[str, list[tuple[str, Reuse]]],
) -> dict[str, Any]:
    a = art.info
    node: dict[str, Any] = {
        "@id": iri("article", a.id),
        "@type": ["NewsArticle", "prov:Entity"],
        "identifier": a.id,
        "headline": a.title or views.label_of(a),
        "inLanguage": a.language,
        "text": art.text,
        "mentions": sorted(mentions.get(a.id, ())),
    }
    if a.outlet:
        node["publisher"] = {"@type": "NewsMediaOrganization", "name": a.outlet}
    if a.published:
        node["datePublished"] = views.published_iso(a)
    url = views.safe_url(a.source)
    node["url" if url else "rashomon:source"] = a.source
    if a.id in quoted:
        node["wasQuotedFrom"] = sorted(set(quoted[a.id]))
    if a.id in derived:
        node["wasDerivedFrom"] = sorted({iri("article", src) for src, _r in derived[a.id]})
        node["qualifiedDerivation"] = [
            {
                "@type": "prov:Derivation",
                "entity": iri("article", src),
                "kind": r.kind or "reuse",
                "score": float(r.score),
            }
            for src, r in derived[a.id]
        ]
    return {k: v for k, v in node.items() if v is not None}


def _entity_node(e: Entity) -> dict[str, Any]:
    return {
        "@id": iri("entity", e.id),
        "@type": SCHEMA_TYPES.get(e.type, "Thing"),
        "name": e.name,
        **({"alternateName": e.latin} if e.latin else {}),
        "entityType": e.type,
    }


def _claim_nodes(dossier: DossierRecords, seen_spans: set[str]) -> list[dict[str, Any]]:
    """Each claim's statements (added to `seen_spans`), then the claim, whose first appearance
    is its statement in the earliest published article."""
    published = {a.info.id: views.published_iso(a.info) or "9999" for a in dossier.articles}
    graph: list[dict[str, Any]] = []
    for c in dossier.claims:
        apps = []
        for s in c.statements:
            node = _span_node(s)
            seen_spans.add(node["@id"])
            graph.append(node)
            apps.append(node["@id"])
        first = min(c.statements, key=lambda s: published.get(s.article, "9999"))
        graph.append(
            {
                "@id": iri("claim", c.id),
                "@type": "Claim",
                "name": c.label or c.statements[0].statement.text,
                "appearance": apps,
                "firstAppearance": _statement_iri(first),
            }
        )
    return graph


def _review_nodes(dossier: DossierRecords, seen_spans: set[str]) -> list[dict[str, Any]]:
    """Each discrepancy as a `ClaimReview`, after those of its statements not yet in the graph."""
    graph: list[dict[str, Any]] = []
    for d in dossier.discrepancies:
        spans = []
        for s in d.statements:
            node = _span_node(s)
            if node["@id"] not in seen_spans:
                seen_spans.add(node["@id"])
                graph.append(node)
            spans.append(node["@id"])
        label = views.KIND_LABELS.get(d.kind, (d.kind, ""))[0]
        review: dict[str, Any] = {
            "@id": iri("discrepancy", d.id),
            "@type": "ClaimReview",
            "name": label,
            "reviewBody": d.explanation,
            "reviewRating": {
                "@type": "Rating",
                "alternateName": label,
                "ratingExplanation": d.explanation,
            },
            "author": {"@type": "SoftwareApplication", "name": "rashomon"},
            "kind": d.kind,
            "statements": spans,
        }
        if d.claim:
            review["itemReviewed"] = iri("claim", d.claim)
        if d.confidence is not None:
            review["confidence"] = float(d.confidence)
        graph.append(review)
    return graph


def _dataset_node(dossier: DossierRecords) -> dict[str, Any]:
    meta = dossier.meta
    return {
        "@id": iri("dossier", "this"),
        "@type": "Dataset",
        "name": "Rashomon dossier",
        "dateCreated": meta.get("created"),
        "creator": {
            "@type": "SoftwareApplication",
            "name": "rashomon",
            "softwareVersion": meta.get("version"),
        },
        "hasPart": [iri("article", a.info.id) for a in dossier.articles],
    }
