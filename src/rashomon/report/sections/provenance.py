"""Section 6, provenance: who first reported it, who cites whom, who copied whom."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from rashomon.report import views
from rashomon.report.sections.base import empty, jump_attrs, section
from rashomon.report.sections.brief import original_html
from rashomon.report.text import e, text_html

if TYPE_CHECKING:
    from rashomon.report.sections.context import Context


def render(ctx: Context) -> str:
    prov = ctx.d["provenance"]
    cited = prov.get("cited_sources", [])
    reuse = prov.get("reuse", [])
    parts = []
    parts.append(original_html(ctx))
    if cited or reuse:
        parts.append(
            '<p class="legend">Arrows: solid = text reused (copied or translated) from → to; dashed = cites.</p>'
            '<div id="provenance-graph" class="graph small" role="img" aria-label="provenance graph"></div>'
        )
    targets = views.cited_targets(ctx.records.articles, ctx.records.cited)
    if cited:
        by_article: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
        for i, c in enumerate(cited):
            by_article[c["article"]].append((i, c))
        rows = ""
        for aid, items in sorted(by_article.items(), key=lambda kv: ctx.order.get(kv[0], 0)):
            links = []
            for i, c in items:
                same = f" = {ctx.source_tag(targets[i])}" if i in targets else ""
                kind = f' <span class="src-meta">{e(c["kind"])}</span>' if c.get("kind") else ""
                links.append(
                    f'<li><a class="stmt" {jump_attrs(c)} dir="{views.direction(c["name"])}">'
                    f"{text_html(c['name'])}</a>{kind}{same}</li>"
                )
            rows += (
                f'<tr><td>{ctx.source_tag(aid)}</td><td class="num">{len(items)}</td>'
                f'<td><ul class="cited">{"".join(links)}</ul></td></tr>'
            )
        parts.append(
            '<h3>Who cites whom</h3><table class="cites"><thead><tr><th>Article</th><th>Citations</th>'
            f"<th>Sources it names (click: where)</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    if reuse:
        rows = ""
        for r in ctx.records.reuse:
            src, copy = views.reuse_order(ctx.records.articles, r)
            rows += (
                f"<tr><td>{ctx.source_tag(copy)}</td><td>{e(r.kind or 'reuses')}</td>"
                f"<td>{ctx.source_tag(src)}</td><td class=num>{float(r.score):.2f}</td></tr>"
            )
        parts.append(
            '<h3>Who copied whom</h3><table class="reuse"><thead><tr><th>Article</th><th>reuses text of</th>'
            f"<th>Earlier article</th><th>Score</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    if not (cited or reuse):
        parts.append(empty("No citations or text reuse found yet."))
    return section(
        "provenance", 6, "Who first reported it, who cites whom, who copied whom.", "".join(parts)
    )
