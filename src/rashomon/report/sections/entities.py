"""Section 4, entities: who and what the articles mention, linked across scripts."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from rashomon.report import views
from rashomon.report.sections.base import bdi, empty, jump_attrs, section
from rashomon.report.text import e, text_html

if TYPE_CHECKING:
    from rashomon.report.sections.context import Context


def render(ctx: Context) -> str:
    ents = ctx.d.get("entities", [])
    if not ents:
        return section(
            "entities",
            4,
            "Who and what the articles mention.",
            empty("No entities in this dossier yet."),
        )
    rows = []
    for x in sorted(
        ents,
        key=lambda x: (
            views.ENTITY_TYPES.index(x["type"]) if x["type"] in views.ENTITY_TYPES else 99,
            -len(x["mentions"]),
        ),
    ):
        by_art: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for m in x["mentions"]:
            by_art[m["article"]].append(m)
        links = " ".join(
            f'<a class="mention" {jump_attrs(ms[0])} dir="{views.direction(ms[0]["text"])}">{text_html(ms[0]["text"])}</a>'
            f'<span class="src-meta"> {bdi(ctx.label(aid))}{f" ×{len(ms)}" if len(ms) > 1 else ""}</span>'
            for aid, ms in sorted(by_art.items(), key=lambda kv: ctx.order.get(kv[0], 0))
        )
        rows.append(
            f'<tr id="ent-{e(x["id"])}" data-type="{e(x["type"])}"><td><a href="#" data-entity="{e(x["id"])}">{ctx.entity_name(x)}</a></td>'
            f'<td><span class="type t-{e(x["type"])}">{e(x["type"])}</span></td><td class="num">{len(x["mentions"])}</td>'
            f'<td class="num">{len(by_art)}</td><td>{links}</td></tr>'
        )
    legend = "".join(f'<span class="type t-{t}">{t}</span> ' for t in views.ENTITY_TYPES)
    inner = (
        f'<p class="legend">{legend} — lines join entities named in the same sentence (thicker: more often) '
        "or related by the entity linker. Click a node to see its mentions.</p>"
        '<div id="entity-graph" class="graph" role="img" aria-label="entity graph"></div>'
        '<table class="entities"><thead><tr><th>Entity</th><th>Type</th><th>Mentions</th><th>Articles</th>'
        f"<th>As written in each article</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    return section(
        "entities", 4, "People, organisations, places and equipment, linked across scripts.", inner
    )
