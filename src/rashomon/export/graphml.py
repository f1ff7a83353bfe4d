"""GraphML for Gephi and networkx: entities and provenance in one graph.

Nodes: entities (`kind=entity`, with type, name, latin, mentions), articles (`kind=article`,
with outlet, language, date) and cited sources that are not articles of the dossier
(`kind=source`). Edges: `co-occurrence` (entities named in one sentence, weight = sentences),
entity relations from the store, `mentions` (article -> entity, weight = mentions), `cites`
(article -> source or article) and text `reuse` (earlier -> later article, weight = score).
"""

from __future__ import annotations

import io
from typing import Any

import networkx as nx

from rashomon.corpus import DossierRecords
from rashomon.report import views


def graph(dossier: DossierRecords) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(name="rashomon dossier")
    for art in dossier.articles:
        a = art.info
        g.add_node(
            a.id,
            kind="article",
            label=views.label_of(a),
            outlet=a.outlet or "",
            language=a.language or "",
            published=views.published_iso(a) or "",
            title=a.title or "",
            source=a.source or "",
        )
    for e in dossier.entities:
        g.add_node(
            e.id,
            kind="entity",
            label=e.latin or e.name,
            name=e.name,
            latin=e.latin or "",
            type=e.type,
            mentions=len(e.mentions),
        )
        per_article: dict[str, int] = {}
        for m in e.mentions:
            per_article[m.article] = per_article.get(m.article, 0) + 1
        for aid, n in per_article.items():
            g.add_edge(aid, e.id, kind="mentions", weight=float(n))
    for (a, b), n in sorted(views.co_mentions(dossier.entities, dossier.articles).items()):
        g.add_edge(a, b, kind="co-occurrence", weight=float(n))
    entity_ids = {e.id for e in dossier.entities}
    for r in dossier.relations:
        if r.a in entity_ids and r.b in entity_ids:
            g.add_edge(r.a, r.b, kind=r.kind, weight=float(r.weight))
    targets = views.cited_targets(dossier.articles, dossier.cited)
    for i, c in enumerate(dossier.cited):
        target = targets.get(i)
        if target is None:
            target = "source:" + c.name
            g.add_node(target, kind="source", label=c.name)
        g.add_edge(c.article, target, kind="cites", weight=1.0, start=c.start, end=c.end)
    for r in dossier.reuse:
        src, copy = views.reuse_order(dossier.articles, r)
        g.add_edge(src, copy, kind="reuse", reuse=r.kind or "", weight=float(r.score))
    return g


# XML 1.0 forbids most C0 control characters; untrusted titles may hold them.
_XML_BAD = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def _clean(value: Any) -> Any:
    return value.translate(_XML_BAD) if isinstance(value, str) else value


def to_graphml(dossier: DossierRecords) -> str:
    g = graph(dossier)
    g = nx.relabel_nodes(g, {n: _clean(n) for n in g.nodes if _clean(n) != n})
    for _n, attrs in g.nodes(data=True):
        attrs.update({k: _clean(v) for k, v in attrs.items()})
    for _a, _b, attrs in g.edges(data=True):
        attrs.update({k: _clean(v) for k, v in attrs.items()})
    buf = io.BytesIO()
    nx.write_graphml(g, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue().decode("utf-8")
