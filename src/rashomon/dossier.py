"""The dossier JSON contract: assembled from the store, validated against the JSON Schema.

The schema lives in `schema/dossier.schema.json` (also at `docs/dossier.schema.json`). Beyond
the schema, one invariant holds for every span in the dossier and is checked by
`check_spans`: `article.text[start:end] == text`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from typing import Any

from rashomon import __version__
from rashomon.config import Config
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


def build_dossier(store: Store, config: Config | None = None) -> dict[str, Any]:
    config = config or Config()
    articles = []
    for a in store.iter_articles():
        articles.append(
            {
                "id": a.id,
                "source": a.source,
                "language": a.language,
                "outlet": a.outlet,
                "title": a.title,
                "published": a.published.isoformat() if a.published else None,
                **(
                    {"published_estimate": a.extras["claims.reference_date"]}
                    if "claims.reference_date" in a.extras
                    else {}
                ),
                "text": a.text,
                "truncated": a.truncated,
                "removed": [
                    {"text": r.text, "reason": r.reason, "line": r.line} for r in a.removed
                ],
                "paragraphs": [
                    {"start": p.start, "end": p.end, "language": p.language} for p in a.paragraphs
                ],
                "sentences": [{"start": s.start, "end": s.end} for s in a.sentences],
            }
        )

    stories: dict[str, dict[str, Any]] = {}
    for r in store.rows("SELECT s.id, s.label, s.extras FROM stories s ORDER BY s.id"):
        stories[r["id"]] = {
            "id": r["id"],
            "label": r["label"],
            "articles": [],
            **json.loads(r["extras"]),
        }
    for r in store.rows(
        "SELECT sa.story, sa.article FROM story_articles sa JOIN articles a ON a.id = sa.article ORDER BY a.seq"
    ):
        if r["story"] in stories:
            stories[r["story"]]["articles"].append(r["article"])

    entities: dict[str, dict[str, Any]] = {}
    for r in store.rows("SELECT id, name, type, latin, extras FROM entities ORDER BY id"):
        entities[r["id"]] = {
            "id": r["id"],
            "name": r["name"],
            "type": r["type"],
            "latin": r["latin"],
            "mentions": [],
            **json.loads(r["extras"]),
        }
    for r in store.rows(
        """SELECT m.entity, m.article, m.start, m."end", m.text FROM mentions m
           JOIN articles a ON a.id = m.article WHERE m.entity IS NOT NULL ORDER BY a.seq, m.seq"""
    ):
        if r["entity"] in entities:
            entities[r["entity"]]["mentions"].append(
                {"article": r["article"], "start": r["start"], "end": r["end"], "text": r["text"]}
            )

    claims: dict[str, dict[str, Any]] = {}
    for r in store.rows("SELECT id, label, extras FROM claims ORDER BY id"):
        claims[r["id"]] = {
            "id": r["id"],
            "label": r["label"],
            "statements": [],
            **json.loads(r["extras"]),
        }
    for r in store.rows(
        """SELECT cs.claim, s.* FROM claim_statements cs JOIN statements s ON s.id = cs.statement
           JOIN articles a ON a.id = s.article ORDER BY a.seq, s.seq"""
    ):
        if r["claim"] in claims:
            claims[r["claim"]]["statements"].append(_statement(r))

    discrepancies = [
        {
            "id": r["id"],
            "kind": r["kind"],
            "claim": r["claim"],
            "statements": json.loads(r["statements"]),
            "explanation": r["explanation"],
            "confidence": r["confidence"],
            **json.loads(r["extras"]),
        }
        for r in store.rows("SELECT * FROM discrepancies ORDER BY confidence DESC, id")
    ]
    timeline = [
        {
            "date": r["date"],
            "precision": r["precision"],
            "label": r["label"],
            "claims": json.loads(r["claims"]),
            **json.loads(r["extras"]),
        }
        for r in store.rows("SELECT * FROM timeline ORDER BY date, seq")
    ]
    cited = [
        {
            "article": r["article"],
            "name": r["name"],
            "start": r["start"],
            "end": r["end"],
            "text": r["text"],
            **json.loads(r["extras"]),
        }
        for r in store.rows(
            """SELECT c.* FROM cited_sources c JOIN articles a ON a.id = c.article ORDER BY a.seq, c.seq"""
        )
    ]
    reuse = [
        {
            "a": r["a"],
            "b": r["b"],
            "score": r["score"],
            "kind": r["kind"],
            **json.loads(r["extras"]),
        }
        for r in store.rows("SELECT * FROM reuse ORDER BY score DESC, a, b")
    ]
    return {
        "meta": {
            "tool": "rashomon",
            "version": __version__,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "config": config.to_dict(),
            "failures": store.failures(),
        },
        "articles": articles,
        "stories": list(stories.values()),
        "entities": [e for e in entities.values() if e["mentions"]],
        "claims": [c for c in claims.values() if c["statements"]],
        "discrepancies": discrepancies,
        "timeline": timeline,
        "provenance": {
            "cited_sources": cited,
            "reuse": reuse,
            "original": store.get_meta("provenance.original"),
        },
    }
