"""The data report.js needs: graphs, timeline items, statement and entity details."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from rashomon.cleaning.normalize import matching_key
from rashomon.report import views
from rashomon.report.glosses import english_text

if TYPE_CHECKING:
    from rashomon.report.sections.context import Context

MAX_CITED_NODES = 25  # cited sources drawn in the provenance graph (the table lists all)
MAX_GRAPH_ENTITIES = 120  # entities drawn in the graph, most mentioned first (the table lists all)
STATEMENT_FIELDS = (
    "article",
    "start",
    "end",
    "claim",
    "polarity",
    "hedged",
    "hedges",
    "attribution",
)


def script_data(ctx: Context) -> dict[str, Any]:
    """What report.js needs: graphs, timeline items, statement and entity details."""
    return {
        "statements": statement_details(ctx),
        "claims": {cid: label for cid, label in ctx.claim_labels.items()},
        "articles": {
            a["id"]: {
                "label": ctx.label(a["id"]),
                "language": views.language_name(a.get("language")),
            }
            for a in ctx.d["articles"]
        },
        "entities": {
            x["id"]: {
                "label": x.get("latin") or x["name"],
                "name": x["name"],
                "type": x["type"],
                "latin_source": x.get("latin_source") if x.get("latin") else None,
                "mentions": [[m["article"], m["start"], m["end"]] for m in x["mentions"]],
            }
            for x in ctx.d.get("entities", [])
        },
        "graph": entity_graph(ctx),
        "provenance": provenance_graph(ctx),
        "timeline": [
            {
                "id": i,
                "date": t["date"],
                "label": t["label"],
                "claims": t.get("claims", []),
                "gloss": english_text(t.get("gloss")),
            }
            for i, t in enumerate(ctx.d.get("timeline", []))
        ],
    }


def statement_details(ctx: Context) -> dict[str, dict[str, Any]]:
    """Each statement's span, claim, cues, figures and discrepancies, by statement id."""
    return {
        sid: {k: s.get(k) for k in STATEMENT_FIELDS}
        | {
            "quantities": [q.get("text") for q in s.get("quantities", [])],
            "dates": [x.get("value") for x in s.get("dates", [])],
            "discrepancies": ctx.disputes.get(views.statement_key(ctx.claim_statements[sid]), []),
            "gloss": english_text(s.get("gloss")),
        }
        for sid, s in ctx.statements.items()
    }


def entity_graph(ctx: Context) -> dict[str, list[dict[str, Any]]]:
    """The most mentioned entities, joined by co-occurrence and by the linker's relations."""
    co = views.co_mentions(ctx.records.entities, ctx.records.articles)
    ents = ctx.d.get("entities", [])
    drawn = sorted(ents, key=lambda x: -len(x["mentions"]))[:MAX_GRAPH_ENTITIES]
    shown = {x["id"] for x in drawn}
    nodes = [
        {
            "id": x["id"],
            "label": views.strip_controls(x.get("latin") or x["name"]),
            "type": x["type"],
            "mentions": len(x["mentions"]),
        }
        for x in drawn
    ]
    edges = [
        {"source": a, "target": b, "weight": n, "kind": "co-occurrence"}
        for (a, b), n in sorted(co.items())
        if a in shown and b in shown
    ]
    edges += [
        {"source": r.a, "target": r.b, "weight": r.weight, "kind": r.kind}
        for r in ctx.relations
        if r.a in shown and r.b in shown
    ]
    return {"nodes": nodes, "edges": edges}


def _cited_groups(
    ctx: Context, orig_keys: set[str]
) -> tuple[list[str], dict[str, set[str]], dict[str, str]]:
    """Cited names grouped by matching key (or the article they name): the keys worth a node
    (cited by two articles or more, outlets and agencies, the original), most cited first, with
    the articles citing each and a display name."""
    targets = views.cited_targets(ctx.records.articles, ctx.records.cited)
    citing: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for i, c in enumerate(ctx.records.cited):
        key = targets.get(i) or "cited:" + matching_key(c.name).strip()
        citing[key].add(c.article)
        names.setdefault(key, views.strip_controls(c.name))
        kinds.setdefault(key, str(c.kind or ""))
    keep = sorted(
        (
            k
            for k in citing
            if k in ctx.arts
            or len(citing[k]) >= 2
            or kinds[k] in ("outlet", "agency")
            or k[len("cited:") :] in orig_keys
        ),
        key=lambda k: -len(citing[k]),
    )[:MAX_CITED_NODES]
    return keep, citing, names


def provenance_graph(ctx: Context) -> dict[str, Any]:
    """Articles and the sources they cite (the graph keeps those worth a node, the table lists
    all), citation and reuse edges, and the original."""
    prov_nodes = [
        {
            "id": a["id"],
            "label": views.strip_controls(ctx.label(a["id"])),
            "kind": "article",
            "language": a.get("language"),
            "published": a.get("published"),
        }
        for a in ctx.d["articles"]
    ]
    prov_edges = []
    orig = ctx.original
    orig_keys = {matching_key(n).strip() for n in orig.names}
    keep, citing, names = _cited_groups(ctx, orig_keys)
    for key in keep:
        if key not in ctx.arts:
            prov_nodes.append({"id": key, "label": names[key], "kind": "cited"})
        for aid in sorted(citing[key]):
            prov_edges.append({"source": aid, "target": key, "kind": "cites"})
    for r in ctx.records.reuse:
        src, copy = views.reuse_order(ctx.records.articles, r)
        prov_edges.append(
            {"source": src, "target": copy, "kind": r.kind or "reuse", "score": r.score}
        )
    original = orig.article or next(
        (
            n["id"]
            for n in prov_nodes
            if n["kind"] == "cited" and n["id"][len("cited:") :] in orig_keys
        ),
        None,
    )
    return {"nodes": prov_nodes, "edges": prov_edges, "original": original}
