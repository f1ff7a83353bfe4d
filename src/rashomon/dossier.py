"""The dossier JSON contract: assembled from the store, validated against the JSON Schema.

The schema lives in `schema/dossier.schema.json` (also at `docs/dossier.schema.json`). Beyond
the schema, one invariant holds for every span in the dossier and is checked by
`check_spans`: `article.text[start:end] == text`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable, Iterator
from datetime import UTC, date, datetime
from functools import lru_cache
from importlib import resources
from itertools import groupby
from typing import Any, TextIO

from rashomon import __version__, jsonsafe
from rashomon.config import Config
from rashomon.gloss.apply import glosser_for
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


def _statement(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "article": row["article"],
        "start": row["start"],
        "end": row["end"],
        "text": row["text"],
        "attribution": json.loads(row["attribution"]),
        "polarity": row["polarity"],
        "hedged": bool(row["hedged"]),
        "hedges": json.loads(row["hedges"]),
        "quantities": json.loads(row["quantities"]),
        "dates": json.loads(row["dates"]),
    }


# The dossier is assembled part by part from cursors, one item at a time, so `write_dossier`
# can stream a dossier of any size to a file while `build_dossier` collects the same items into
# a dict (one code path: the two cannot disagree). `only` restricts every part to a set of
# article ids (a story's report, the detailed part of a large dossier's report).


def _iter(store: Store, sql: str, params: tuple[Any, ...] = ()) -> Iterator[sqlite3.Row]:
    """Rows one at a time from a cursor of their own (never the whole result in memory)."""
    cur = store.conn.cursor()
    try:
        yield from cur.execute(sql, params)
    finally:
        cur.close()


def _merge(
    parents: Iterable[sqlite3.Row], children: Iterable[sqlite3.Row], key: str
) -> Iterator[tuple[sqlite3.Row, list[sqlite3.Row]]]:
    """Each parent row with its children: both sorted by the parent id (SQLite's BINARY
    collation compares UTF-8 bytes, which orders like Python's str comparison)."""
    groups = groupby(children, key=lambda r: r[key])
    cur = next(groups, None)
    for p in parents:
        while cur is not None and cur[0] < p["id"]:
            cur = next(groups, None)
        if cur is not None and cur[0] == p["id"]:
            yield p, list(cur[1])
            cur = next(groups, None)
        else:
            yield p, []


def iter_articles(store: Store, only: Collection[str] | None = None) -> Iterator[dict[str, Any]]:
    for r in _iter(
        store,
        "SELECT id, source, language, outlet, title, published, extras, text, truncated, "
        "paragraphs, sentences FROM articles ORDER BY seq",
    ):
        if only is not None and r["id"] not in only:
            continue
        extras = json.loads(r["extras"])
        removed = store.conn.execute(
            "SELECT text, reason, line FROM removed WHERE article = ? ORDER BY seq", (r["id"],)
        ).fetchall()
        yield {
            "id": r["id"],
            "source": r["source"],
            "language": r["language"],
            "outlet": r["outlet"],
            "title": r["title"],
            "published": date.fromisoformat(r["published"]).isoformat() if r["published"] else None,
            **(
                {"published_estimate": extras["claims.reference_date"]}
                if "claims.reference_date" in extras
                else {}
            ),
            "text": r["text"],
            "truncated": bool(r["truncated"]),
            "removed": [
                {"text": x["text"], "reason": x["reason"], "line": x["line"]} for x in removed
            ],
            "paragraphs": [
                {"start": p["start"], "end": p["end"], "language": p.get("language")}
                for p in json.loads(r["paragraphs"])
            ],
            "sentences": [
                {"start": s["start"], "end": s["end"]} for s in json.loads(r["sentences"])
            ],
        }


def iter_stories(store: Store, only: Collection[str] | None = None) -> Iterator[dict[str, Any]]:
    children = _iter(
        store,
        "SELECT sa.story, sa.article FROM story_articles sa JOIN articles a ON a.id = sa.article "
        "ORDER BY sa.story, a.seq",
    )
    parents = _iter(store, "SELECT id, label, extras FROM stories ORDER BY id")
    for r, rows in _merge(parents, children, "story"):
        arts = [x["article"] for x in rows if only is None or x["article"] in only]
        if only is not None and not arts:
            continue
        yield {"id": r["id"], "label": r["label"], "articles": arts, **json.loads(r["extras"])}


def iter_entities(store: Store, only: Collection[str] | None = None) -> Iterator[dict[str, Any]]:
    children = _iter(
        store,
        """SELECT m.entity, m.article, m.start, m."end", m.text FROM mentions m
           JOIN articles a ON a.id = m.article WHERE m.entity IS NOT NULL
           ORDER BY m.entity, a.seq, m.seq""",
    )
    parents = _iter(store, "SELECT id, name, type, latin, extras FROM entities ORDER BY id")
    for r, rows in _merge(parents, children, "entity"):
        mentions = [
            {"article": m["article"], "start": m["start"], "end": m["end"], "text": m["text"]}
            for m in rows
            if only is None or m["article"] in only
        ]
        if mentions:
            yield {
                "id": r["id"],
                "name": r["name"],
                "type": r["type"],
                "latin": r["latin"],
                "mentions": mentions,
                **json.loads(r["extras"]),
            }


def iter_claims(store: Store, only: Collection[str] | None = None) -> Iterator[dict[str, Any]]:
    children = _iter(
        store,
        """SELECT cs.claim, s.* FROM claim_statements cs JOIN statements s ON s.id = cs.statement
           JOIN articles a ON a.id = s.article ORDER BY cs.claim, a.seq, s.seq""",
    )
    parents = _iter(store, "SELECT id, label, extras FROM claims ORDER BY id")
    for r, rows in _merge(parents, children, "claim"):
        statements = [_statement(s) for s in rows if only is None or s["article"] in only]
        if statements:
            yield {
                "id": r["id"],
                "label": r["label"],
                "statements": statements,
                **json.loads(r["extras"]),
            }


def iter_discrepancies(
    store: Store, only: Collection[str] | None = None
) -> Iterator[dict[str, Any]]:
    for r in _iter(store, "SELECT * FROM discrepancies ORDER BY confidence DESC, id"):
        statements = json.loads(r["statements"])
        if only is not None and not all(s.get("article") in only for s in statements):
            continue
        yield {
            "id": r["id"],
            "kind": r["kind"],
            "claim": r["claim"],
            "statements": statements,
            "explanation": r["explanation"],
            "confidence": r["confidence"],
            **json.loads(r["extras"]),
        }


def iter_timeline(store: Store, only: Collection[str] | None = None) -> Iterator[dict[str, Any]]:
    kept: set[str] = set()  # claims and statements with a statement in the kept articles
    if only is not None:
        for r in _iter(
            store,
            "SELECT cs.claim, s.id, s.article FROM claim_statements cs "
            "JOIN statements s ON s.id = cs.statement",
        ):
            if r["article"] in only:
                kept.update((r["claim"], r["id"]))
    for r in _iter(store, "SELECT * FROM timeline ORDER BY date, seq"):
        item = {
            "date": r["date"],
            "precision": r["precision"],
            "label": r["label"],
            "claims": json.loads(r["claims"]),
            **json.loads(r["extras"]),
        }
        if only is not None:
            # An event stays when one of its claims (or statements) is made in a kept article;
            # its claims, spans and articles keep only what points into the kept articles.
            item["claims"] = [c for c in item["claims"] if c in kept]
            if not item["claims"]:
                continue
            if isinstance(item.get("statements"), list):
                item["statements"] = [
                    s
                    for s in item["statements"]
                    if not isinstance(s, dict) or s.get("article") in only
                ]
            if isinstance(item.get("articles"), list):
                item["articles"] = [a for a in item["articles"] if a in only]
        yield item


def iter_cited(store: Store, only: Collection[str] | None = None) -> Iterator[dict[str, Any]]:
    for r in _iter(
        store,
        "SELECT c.* FROM cited_sources c JOIN articles a ON a.id = c.article ORDER BY a.seq, c.seq",
    ):
        if only is None or r["article"] in only:
            yield {
                "article": r["article"],
                "name": r["name"],
                "start": r["start"],
                "end": r["end"],
                "text": r["text"],
                **json.loads(r["extras"]),
            }


def iter_reuse(store: Store, only: Collection[str] | None = None) -> Iterator[dict[str, Any]]:
    for r in _iter(store, "SELECT * FROM reuse ORDER BY score DESC, a, b"):
        if only is None or (r["a"] in only and r["b"] in only):
            yield {
                "a": r["a"],
                "b": r["b"],
                "score": r["score"],
                "kind": r["kind"],
                **json.loads(r["extras"]),
            }


def dossier_meta(store: Store, config: Config | None = None) -> dict[str, Any]:
    return {
        "tool": "rashomon",
        "version": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "config": (config or Config()).to_dict(),
        "failures": store.failures(),
    }


def build_dossier(
    store: Store, config: Config | None = None, *, only: Collection[str] | None = None
) -> dict[str, Any]:
    """The whole dossier as a dict (for small dossiers, tests and the exports); `only` keeps
    the articles with these ids and what points into them. Large dossiers: `write_dossier`."""
    g = glosser_for(store, config, only)
    return {
        "meta": dossier_meta(store, config),
        "articles": list(map(g.article, iter_articles(store, only))),
        "stories": list(map(g.story, iter_stories(store, only))),
        "entities": list(iter_entities(store, only)),
        "claims": list(map(g.claim, iter_claims(store, only))),
        "discrepancies": list(map(g.discrepancy, iter_discrepancies(store, only))),
        "timeline": list(iter_timeline(store, only)),
        "provenance": {
            "cited_sources": list(iter_cited(store, only)),
            "reuse": list(iter_reuse(store, only)),
            "original": store.get_meta("provenance.original"),
        },
    }


def write_dossier(
    store: Store,
    fh: TextIO,
    config: Config | None = None,
    *,
    only: Collection[str] | None = None,
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

    g = glosser_for(store, config, only)
    fh.write('{\n "meta": ' + dump(dossier_meta(store, config), 1) + ",\n")
    for name, items in (
        ("articles", map(g.article, iter_articles(store, only))),
        ("stories", map(g.story, iter_stories(store, only))),
        ("entities", iter_entities(store, only)),
        ("claims", map(g.claim, iter_claims(store, only))),
        ("discrepancies", map(g.discrepancy, iter_discrepancies(store, only))),
        ("timeline", iter_timeline(store, only)),
    ):
        array(name, items, 1)
        fh.write(",\n")
    fh.write(' "provenance": {\n')
    array("cited_sources", iter_cited(store, only), 2)
    fh.write(",\n")
    array("reuse", iter_reuse(store, only), 2)
    fh.write(',\n  "original": ' + dump(store.get_meta("provenance.original"), 2) + "\n }\n}")
