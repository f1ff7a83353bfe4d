"""The dossier JSON contract: assembled from the store, validated against the JSON Schema.

The schema lives in `schema/dossier.schema.json` (also at `docs/dossier.schema.json`). Beyond
the schema, one invariant holds for every span in the dossier and is checked by
`check_spans`: `article.text[start:end] == text`.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import lru_cache
from importlib import resources
from typing import Any, TextIO

from rashomon import __version__, jsonsafe
from rashomon.config import Config
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
    TextSpan,
    TimelineEntry,
)
from rashomon.gloss.apply import Glosser, glosser_for
from rashomon.gloss.render import Gloss
from rashomon.record import DateRef, Quantity, Statement
from rashomon.store.sqlite import Store


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(
        resources.files("rashomon").joinpath("schema/dossier.schema.json").read_text("utf-8")
    )


def validate_dossier(dossier: dict[str, Any]) -> None:
    """Raise `jsonschema.ValidationError` if the dossier breaks the schema, `ValueError` if a
    span does not cut its text."""
    import jsonschema

    jsonschema.validate(dossier, schema())
    bad = check_spans(dossier)
    if bad:
        raise ValueError(f"{len(bad)} span(s) do not match their article text, first: {bad[0]}")


def iter_spans(dossier: dict[str, Any]):
    """Every (where, span) pair in the dossier that points into an article's text."""
    for e in dossier["entities"]:
        for m in e["mentions"]:
            yield f"entity {e['id']}", m
    for c in dossier["claims"]:
        for s in c["statements"]:
            yield f"claim {c['id']}", s
    for d in dossier["discrepancies"]:
        for s in d["statements"]:
            yield f"discrepancy {d['id']}", s
    for s in dossier["provenance"]["cited_sources"]:
        yield "cited source", s


def check_spans(dossier: dict[str, Any]) -> list[str]:
    texts = {a["id"]: a["text"] for a in dossier["articles"]}
    bad = []
    for where, span in iter_spans(dossier):
        text = texts.get(span["article"])
        if text is None:
            bad.append(f"{where}: unknown article {span['article']}")
        elif (
            not (0 <= span["start"] <= span["end"] <= len(text))
            or text[span["start"] : span["end"]] != span["text"]
        ):
            bad.append(
                f"{where}: {span['article']}[{span['start']}:{span['end']}] != {span['text']!r}"
            )
    return bad


# The dossier is assembled part by part from the store's typed records, one item at a time,
# so `write_dossier` can stream a dossier of any size to a file while `build_dossier` collects
# the same items into a dict (one code path: the two cannot disagree). `only` restricts every
# part to a set of article ids (a story's report, the detailed part of a large dossier's
# report).


def iter_articles(store: Store, only: Collection[str] | None = None) -> Iterator[dict[str, Any]]:
    for a in store.article_infos():
        if only is not None and a.id not in only:
            continue
        full = store.load_article(a.id, raw=False, parts=False)
        yield {
            "id": a.id,
            "source": a.source,
            "language": a.language,
            "outlet": a.outlet,
            "title": a.title,
            "published": a.published.isoformat() if a.published else None,
            **({"published_estimate": a.reference_date} if a.reference_date else {}),
            "text": full.text,
            "truncated": full.truncated,
            "removed": [{"text": x.text, "reason": x.reason, "line": x.line} for x in full.removed],
            "paragraphs": [
                {"start": p.start, "end": p.end, "language": p.language} for p in full.paragraphs
            ],
            "sentences": [{"start": s.start, "end": s.end} for s in full.sentences],
        }


def iter_stories(store: Store, only: Collection[str] | None = None) -> Iterator[dict[str, Any]]:
    return (s.to_dict() for s in store.iter_stories(only))


def iter_entities(store: Store, only: Collection[str] | None = None) -> Iterator[dict[str, Any]]:
    return (e.to_dict() for e in store.iter_entities(only))


def iter_claims(store: Store, only: Collection[str] | None = None) -> Iterator[dict[str, Any]]:
    return (c.to_dict() for c in store.iter_claims(only))


def iter_discrepancies(
    store: Store, only: Collection[str] | None = None
) -> Iterator[dict[str, Any]]:
    return (d.to_dict() for d in store.iter_discrepancies(only))


def timeline_entries(store: Store, only: Collection[str] | None = None) -> Iterator[TimelineEntry]:
    kept: set[str] = set()  # claims and statements with a statement in the kept articles
    if only is not None:
        for claim, statement, article in store.claim_articles():
            if article in only:
                kept.update((claim, statement))
    for entry in store.iter_timeline():
        if only is not None:
            # An event stays when one of its claims (or statements) is made in a kept article;
            # its claims, spans and articles keep only what points into the kept articles.
            claims = [c for c in entry.claims if c in kept]
            if not claims:
                continue
            entry = replace(
                entry,
                claims=claims,
                statements=[s for s in entry.statements if s.get("article") in only],
                articles=[a for a in entry.articles if a in only],
            )
        yield entry


def iter_timeline(store: Store, only: Collection[str] | None = None) -> Iterator[dict[str, Any]]:
    return (entry.to_dict() for entry in timeline_entries(store, only))


def iter_cited(store: Store, only: Collection[str] | None = None) -> Iterator[dict[str, Any]]:
    return (c.to_dict() for c in store.iter_cited(only))


def iter_reuse(store: Store, only: Collection[str] | None = None) -> Iterator[dict[str, Any]]:
    return (r.to_dict() for r in store.iter_reuse(only))


def records(store: Store, only: Collection[str] | None = None) -> DossierRecords:
    """The dossier as typed records (no renderings), with the entity linker's relations
    between its entities; `only` as for `build_dossier`."""
    articles = []
    for a in store.article_infos():
        if only is None or a.id in only:
            full = store.load_article(a.id, raw=False, parts=False)
            sentences = [(s.start, s.end) for s in full.sentences]
            articles.append(ArticleText(info=a, text=full.text, sentences=sentences))
    entities = list(store.iter_entities(only))
    kept = {e.id for e in entities}
    return DossierRecords(
        meta=dossier_meta(store),
        articles=articles,
        entities=entities,
        claims=list(store.iter_claims(only)),
        discrepancies=list(store.iter_discrepancies(only)),
        timeline=list(timeline_entries(store, only)),
        cited=list(store.iter_cited(only)),
        reuse=list(store.iter_reuse(only)),
        relations=[r for r in store.relations() if r.a in kept and r.b in kept],
        original=store.original(),
    )


def _span(s: dict[str, Any]) -> TextSpan:
    return TextSpan(article=s["article"], start=s["start"], end=s["end"], text=s["text"])


def _rest(item: dict[str, Any], record: Any, *fields: str) -> dict[str, Any]:
    """The keys of a dossier item that are none of its record's fields (its extras), less
    the English rendering."""
    known = {*record.HEAD, *record.DETAILS, *fields, "gloss"}
    return {k: v for k, v in item.items() if k not in known}


def _published(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _claim_statement(s: dict[str, Any]) -> ClaimStatement:
    statement = Statement(
        id=s.get("id") or "",
        start=s["start"],
        end=s["end"],
        text=s["text"],
        attribution=list(s.get("attribution") or []),
        polarity=s.get("polarity", "positive"),
        hedged=bool(s.get("hedged")),
        hedges=list(s.get("hedges") or []),
        quantities=[Quantity(**q) for q in s.get("quantities") or []],
        dates=[DateRef(**x) for x in s.get("dates") or []],
    )
    return ClaimStatement(article=s["article"], statement=statement, gloss=_gloss(s))


def _gloss(item: dict[str, Any]) -> Gloss | None:
    g = item.get("gloss")
    return Gloss.from_dict(g) if isinstance(g, dict) and g else None


def records_from_dict(d: dict[str, Any]) -> DossierRecords:
    """A dossier dict (`build_dossier`, a dossier.json read back) as typed records: the
    records `dossier.records` reads from the store, with the claims' and statements' English
    renderings (`gloss`), without the entity relations (a dossier.json does not hold them)."""
    prov = d.get("provenance") or {}
    return DossierRecords(
        meta=d.get("meta") or {},
        articles=[_article_from(i, a) for i, a in enumerate(d.get("articles", []))],
        entities=[_entity_from(x) for x in d.get("entities", [])],
        claims=[_claim_from(c) for c in d.get("claims", [])],
        discrepancies=[_discrepancy_from(x) for x in d.get("discrepancies", [])],
        timeline=[_timeline_from(i, t) for i, t in enumerate(d.get("timeline", []))],
        cited=[_cited_from(i, c) for i, c in enumerate(prov.get("cited_sources", []))],
        reuse=[_reuse_from(r) for r in prov.get("reuse", [])],
        relations=[],
        original=prov.get("original"),
    )


def _article_from(i: int, a: dict[str, Any]) -> ArticleText:
    return ArticleText(
        info=ArticleInfo(
            id=a["id"],
            seq=i,
            source=a.get("source") or "",
            language=a.get("language"),
            outlet=a.get("outlet"),
            title=a.get("title"),
            published=_published(a.get("published")),
            reference_date=a.get("published_estimate"),
        ),
        text=a.get("text") or "",
        sentences=[(s["start"], s["end"]) for s in a.get("sentences") or []],
    )


def _entity_from(x: dict[str, Any]) -> Entity:
    return Entity(
        id=x["id"],
        name=x["name"],
        type=x["type"],
        latin=x.get("latin"),
        mentions=[_span(m) for m in x["mentions"]],
        gazetteer=x.get("gazetteer"),
        kind=x.get("kind"),
        latin_source=x.get("latin_source"),
        types=x.get("types") or {},
        extras=_rest(x, Entity, "gazetteer", "kind", "latin_source", "types"),
    )


def _claim_from(c: dict[str, Any]) -> Claim:
    return Claim(
        id=c["id"],
        label=c.get("label"),
        statements=[_claim_statement(s) for s in c["statements"]],
        sources=c.get("sources", 0),
        single_source=c.get("single_source", True),
        links=c.get("links") or [],
        extras=_rest(c, Claim),
        gloss=_gloss(c),
    )


def _discrepancy_from(x: dict[str, Any]) -> Discrepancy:
    return Discrepancy(
        id=x["id"],
        kind=x["kind"],
        claim=x.get("claim"),
        statements=[_span(s) for s in x["statements"]],
        explanation=x.get("explanation") or "",
        confidence=x.get("confidence", 1.0),
        scope=x.get("scope"),
        extras=_rest(x, Discrepancy, "scope"),
    )


def _timeline_from(i: int, t: dict[str, Any]) -> TimelineEntry:
    return TimelineEntry(
        seq=i,
        date=t["date"],
        precision=t.get("precision") or "",
        label=t.get("label") or "",
        claims=list(t.get("claims") or []),
        ids=t.get("ids") or {},
        articles=t.get("articles") or [],
        statements=t.get("statements") or [],
        extras=_rest(t, TimelineEntry),
    )


def _cited_from(i: int, c: dict[str, Any]) -> CitedSource:
    return CitedSource(
        article=c["article"],
        name=c["name"],
        start=c["start"],
        end=c["end"],
        text=c["text"],
        kind=c.get("kind"),
        cue=c.get("cue"),
        statement=c.get("statement"),
        entity=c.get("entity"),
        seq=i,
    )


def _reuse_from(r: dict[str, Any]) -> Reuse:
    return Reuse(
        a=r["a"],
        b=r["b"],
        kind=r.get("kind") or "",
        score=r["score"],
        extras={k: v for k, v in r.items() if k not in ("a", "b", "kind", "score")},
    )


def dossier_meta(store: Store, config: Config | None = None) -> dict[str, Any]:
    return {
        "tool": "rashomon",
        "version": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "config": (config or Config()).to_dict(),
        "failures": store.failures(),
    }


def build_dossier(
    store: Store,
    config: Config | None = None,
    *,
    only: Collection[str] | None = None,
    glosser: Glosser | None = None,
) -> dict[str, Any]:
    """The whole dossier as a dict (for small dossiers, tests and the exports); `only` keeps
    the articles with these ids and what points into them. Large dossiers: `write_dossier`.
    `glosser`: one made for the whole dossier before (`write_outputs`: its glosses reused)."""
    g = glosser or glosser_for(store, config, only)
    return {
        "meta": dossier_meta(store, config),
        "articles": list(map(g.article, iter_articles(store, only))),
        "stories": list(map(g.story, iter_stories(store, only))),
        "entities": list(iter_entities(store, only)),
        "claims": list(map(g.claim, iter_claims(store, only))),
        "discrepancies": list(map(g.discrepancy, iter_discrepancies(store, only))),
        "timeline": list(map(g.timeline, iter_timeline(store, only))),
        "provenance": {
            "cited_sources": list(iter_cited(store, only)),
            "reuse": list(iter_reuse(store, only)),
            "original": store.original(),
        },
    }


def write_dossier(
    store: Store,
    fh: TextIO,
    config: Config | None = None,
    *,
    only: Collection[str] | None = None,
    glosser: Glosser | None = None,
) -> None:
    """Write the dossier JSON to `fh` as it is read from the store, one item at a time: memory
    stays flat whatever the size of the dossier. The text is the same, byte for byte, as
    `json.dumps(build_dossier(store, config, only=only), ensure_ascii=False, indent=1)` (up to
    `meta.created`)."""

    def dump(value: Any, depth: int) -> str:
        # A JSON string never holds a raw newline, so re-indenting the lines is safe.
        return jsonsafe.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * depth)

    def array(name: str, items: Iterable[Any], depth: int) -> None:
        pad = " " * depth
        fh.write(f'{pad}"{name}": [')
        sep = "\n"
        for item in items:
            fh.write(sep + pad + " " + dump(item, depth + 1))
            sep = ",\n"
        fh.write(("\n" + pad + "]") if sep != "\n" else "]")

    g = glosser or glosser_for(store, config, only)
    fh.write('{\n "meta": ' + dump(dossier_meta(store, config), 1) + ",\n")
    for name, items in (
        ("articles", map(g.article, iter_articles(store, only))),
        ("stories", map(g.story, iter_stories(store, only))),
        ("entities", iter_entities(store, only)),
        ("claims", map(g.claim, iter_claims(store, only))),
        ("discrepancies", map(g.discrepancy, iter_discrepancies(store, only))),
        ("timeline", map(g.timeline, iter_timeline(store, only))),
    ):
        array(name, items, 1)
        fh.write(",\n")
    fh.write(' "provenance": {\n')
    array("cited_sources", iter_cited(store, only), 2)
    fh.write(",\n")
    array("reuse", iter_reuse(store, only), 2)
    fh.write(',\n  "original": ' + dump(store.original(), 2) + "\n }\n}")
