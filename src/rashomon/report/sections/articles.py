"""Section 7, the articles in full, with their statements, mentions and removed lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon.report import views
from rashomon.report.glosses import gloss_html
from rashomon.report.sections.base import bdi, section
from rashomon.report.text import article_body, e, text_html

if TYPE_CHECKING:
    from rashomon.report.sections.context import Context


def render(ctx: Context) -> str:
    parts = []
    for a in ctx.d["articles"]:
        removed = a.get("removed") or []
        rem = ""
        if removed:
            lines = "".join(
                f'<li><del dir="{views.direction(r["text"])}">{text_html(r["text"])}</del> '
                f'<span class="src-meta">({e(r.get("reason"))}{", line " + e(r["line"] + 1) if r.get("line") is not None else ""})</span></li>'
                for r in removed
            )
            rem = (
                f'<details class="removed" open><summary>{len(removed)} line(s) removed by cleaning '
                f"(struck through)</summary><ul>{lines}</ul></details>"
            )
        url = views.safe_url(a.get("source"))
        parts.append(
            f'<article class="art" id="art-{e(a["id"])}" data-article="{e(a["id"])}">'
            f'<h3 dir="{views.direction(a.get("title"))}" lang="{e(a.get("language") or "")}">{text_html(a.get("title") or ctx.label(a["id"]))}</h3>'
            f"{gloss_html(a.get('title_gloss'))}"
            f'<p class="art-meta">{bdi(ctx.label(a["id"]))} · {e(views.language_name(a.get("language")))} · '
            f"{e(views.published_text(ctx.infos[a['id']]))} · "
            + (
                f'<a href="{e(url)}" rel="noopener noreferrer" target="_blank">{bdi(url)}</a>'
                if url
                else f"<code>{bdi(a.get('source'))}</code>"
            )
            + (' · <span class="badge">truncated</span>' if a.get("truncated") else "")
            + f'</p>{rem}<div class="text">{article_body(a, ctx.spans_of(a["id"]))}</div></article>'
        )
    intro = (
        "Each article in full, as cleaned. <span class='st-demo'>Underlined</span> text is a statement "
        "(click it), <span class='m-demo'>blue</span> an entity, <span class='d-demo'>red</span> part of a discrepancy."
    )
    return section("articles", 7, intro, "".join(parts))
