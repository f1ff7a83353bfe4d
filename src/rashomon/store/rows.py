"""Rows of the per-article tables to records and back (`mentions`, `statements`).

A statement's typed fields that predate their columns (`Statement.sentence`, `sources`,
cues, ...) live in the `statements.extras` JSON column under their historical keys
(`record.STATEMENT_EXTRAS`); a mention's `rule` in `mentions.extras`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict, fields
from typing import Any

from rashomon import jsonsafe
from rashomon.record import STATEMENT_EXTRAS, Article, DateRef, Mention, Quantity, Statement

# `column IN {IN_IDS}` with `id_array(ids)` as its one parameter: any number of ids in one
# query (a list of `?` marks stops at SQLite's variable limit: 32,766 in a stock build).
IN_IDS = "(SELECT value FROM json_each(?))"


def id_array(ids: Iterable[str]) -> str:
    return json.dumps(list(ids), ensure_ascii=False)


def dumps(value: Any) -> str:
    return jsonsafe.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _flat(obj: Any) -> dict[str, Any]:
    """`asdict` for a dataclass of plain values, without its deep copies (10x faster: an
    article has hundreds of sentences and this runs on the single writer)."""
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


def article_row(article: Article, key: str) -> tuple:
    """The `articles` columns id .. extras of an article (`key`: its matching key)."""
    return (
        article.id,
        article.source,
        article.raw,
        article.text,
        key,
        article.language,
        article.outlet,
        article.title,
        article.published.isoformat() if article.published else None,
        int(article.truncated),
        dumps(article.repairs),
        dumps([_flat(p) for p in article.paragraphs]),
        dumps([_flat(s) for s in article.sentences]),
        dumps(article.errors),
        dumps(article.extras),
    )


def mention_rows(article: Article) -> list[tuple]:
    return [
        (
            article.id,
            i,
            m.start,
            m.end,
            m.text,
            m.type,
            m.key,
            m.entity,
            m.confidence,
            dumps(mention_extras(m)),
        )
        for i, m in enumerate(article.mentions)
    ]


def statement_rows(article: Article) -> list[tuple]:
    return [
        (
            s.id,
            article.id,
            i,
            s.start,
            s.end,
            s.text,
            dumps(s.attribution),
            s.polarity,
            int(s.hedged),
            dumps(s.hedges),
            dumps([asdict(q) for q in s.quantities]),
            dumps([d.to_dict() for d in s.dates]),
            dumps(statement_extras(s)),
        )
        for i, s in enumerate(article.statements)
    ]


def statement_extras(s: Statement) -> dict[str, Any]:
    """The `statements.extras` column of a statement: its typed fields that the column keeps
    (under their historical keys, only when set) and its open-ended extras."""
    out: dict[str, Any] = {}
    for name, key in STATEMENT_EXTRAS.items():
        value = getattr(s, name)
        if value:
            out[key] = list(value) if name == "sentence" else value
    return {**out, **s.extras}


def statement_from_row(r: sqlite3.Row) -> Statement:
    extras = json.loads(r["extras"])
    typed: dict[str, Any] = {}
    for name, key in STATEMENT_EXTRAS.items():
        if key in extras:
            value = extras.pop(key)
            typed[name] = tuple(value) if name == "sentence" else value
    return Statement(
        id=r["id"],
        start=r["start"],
        end=r["end"],
        text=r["text"],
        attribution=json.loads(r["attribution"]),
        polarity=r["polarity"],
        hedged=bool(r["hedged"]),
        hedges=json.loads(r["hedges"]),
        quantities=[Quantity(**q) for q in json.loads(r["quantities"])],
        dates=[DateRef(**d) for d in json.loads(r["dates"])],
        **typed,
        extras=extras,
    )


def split_extras(
    extras_json: str | None, keys: Iterable[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """An `extras` column read back: the typed fields it keeps (those of `keys` it holds, by
    key) and the open-ended rest."""
    rest = json.loads(extras_json or "{}")
    return {k: rest.pop(k) for k in keys if k in rest}, rest


def mention_extras(m: Mention) -> dict[str, Any]:
    return {"rule": m.rule, **m.extras} if m.rule else dict(m.extras)


def mention_from_row(r: sqlite3.Row) -> Mention:
    typed, extras = split_extras(r["extras"], ("rule",))
    return Mention(
        start=r["start"],
        end=r["end"],
        text=r["text"],
        type=r["type"],
        key=r["key"],
        entity=r["entity"],
        confidence=r["confidence"],
        **typed,
        extras=extras,
    )
