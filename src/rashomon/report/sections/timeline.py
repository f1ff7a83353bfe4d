"""Section 5, timeline: dated events the articles report, in order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon.report import views
from rashomon.report.glosses import gloss_html
from rashomon.report.sections.base import bdi, empty, jump_attrs, section
from rashomon.report.text import e, text_html

if TYPE_CHECKING:
    from rashomon.report.sections.context import Context


def render(ctx: Context) -> str:
    items = ctx.d.get("timeline", [])
    if not items:
        return section(
            "timeline", 5, "Dated events.", empty("No dated events in this dossier yet.")
        )
    rows = []
    for i, t in enumerate(items):
        refs = []
        spans = [x for x in t.get("statements") or [] if isinstance(x, dict) and "start" in x]
        for x in spans:  # the statements that date the event, when the timeline step gives them
            estimated = (
                ' <span class="src-meta" title="the article is undated: this date was resolved '
                "against its story's dated articles\">(date estimated)</span>"
                if x.get("date_basis")
                else ""
            )
            refs.append(
                f'<a class="stmt" {jump_attrs(x)}>{bdi(ctx.label(x["article"]))}</a>{estimated}'
            )
        for cid in [] if spans else t.get("claims", []):
            if cid in ctx.claim_labels:
                first = next((s for s in ctx.statements.values() if s["claim"] == cid), None)
                label = ctx.claim_labels[cid]
            else:  # a statement id
                first, label = ctx.statements.get(cid), cid
                label = ctx.label(first["article"]) if first else cid
            refs.append(
                f'<a class="stmt" {jump_attrs(first)}>{bdi(label)}</a>' if first else bdi(label)
            )
        rows.append(
            f'<li id="tl-{i}"><time>{e(t["date"])}</time> <bdi dir="{views.direction(t["label"])}">{text_html(t["label"])}</bdi>'
            + (f' <span class="src-meta">— {", ".join(refs)}</span>' if refs else "")
            + gloss_html(t.get("gloss"))
            + "</li>"
        )
    inner = (
        f'<div id="timeline-view" class="timeline"></div><ol class="tl-list">{"".join(rows)}</ol>'
    )
    return section("timeline", 5, "Dated events the articles report, in order.", inner)
