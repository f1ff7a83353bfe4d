"""Section 3, claims: each claim against each source (the claims matrix)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon import lang
from rashomon.gloss.names import skeletons
from rashomon.report import large, views
from rashomon.report.glosses import gloss_html, search_text
from rashomon.report.sections.base import bdi, empty, jump_at, num, section
from rashomon.report.text import e, text_html

if TYPE_CHECKING:
    from rashomon.report.sections.context import Context


def filter_example() -> str:
    """The claim filter's example: a name as English spells it, then as the other packs do
    (`interface.filter_example` in lang/<iso>/interface.toml)."""
    others = (iso for iso in lang.isos() if iso != "en")
    names = [*lang.words("interface.filter_example", "en")]
    names += [w for iso in others for w in lang.get(iso).words("interface.filter_example")]
    return ", ".join(dict.fromkeys(names))


def render(ctx: Context) -> str:
    arts = ctx.d["articles"]
    if not ctx.matrix:
        return section("claims", 3, "Who says what.", empty("No claims in this dossier yet."))
    matrix, note = ctx.matrix, ""
    if ctx.matrix_limit is not None:
        matrix, arts, note = large.matrix(ctx, arts)
    head = "".join(
        f'<th class="src-col" title="{e(a.get("title") or "")}"><a href="#art-{e(a["id"])}">{bdi(ctx.label(a["id"]))}</a>'
        f'<br><span class="src-meta">{e(a.get("language") or "?")} · {e(a.get("published") or "")}</span></th>'
        for a in arts
    )
    symbols = {"says": "●", "hedges": "◐", "contradicts": "✕", "silent": "·"}
    rows = []
    for row in matrix:
        c = row["claim"]
        cells, search = [], [ctx.claim_labels[c.id], search_text(c.gloss)]
        for a in arts:
            cell = row["cells"].get(a["id"])
            if cell is None:
                cells.append('<td class="stance silent" title="silent">·</td>')
                continue
            first = cell["statements"][0]
            s = first.statement
            search += [x.statement.text for x in cell["statements"]]
            search += [search_text(x.gloss) for x in cell["statements"]]
            disputed = " disputed" if ctx.disputes.get(views.statement_key(first)) else ""
            chips = "".join(
                f'<span class="chip qty">{e(num(q.value))}</span>' for q in s.quantities
            ) + "".join(f'<span class="chip date">{e(x.value)}</span>' for x in s.dates)
            cells.append(
                f'<td class="stance {cell["stance"]}{disputed}"><a class="stmt" '
                f"{jump_at(first.article, s.start, s.end)} "
                f'title="{e(cell["stance"])}: {e(views.strip_controls(s.text))}">'
                f"{symbols[cell['stance']]} {e(cell['stance'])}</a>{chips}</td>"
            )
        langs = " ".join(
            sorted({ctx.arts[a]["language"] or "" for a in row["cells"] if a in ctx.arts})
        )
        disc = "".join(f'<a class="badge" href="#disc-{e(d)}">!</a>' for d in row["discrepancies"])
        rows.append(
            f'<tr id="claim-{e(c.id)}" data-disputed="{int(bool(row["discrepancies"]))}" '
            f'data-langs="{e(langs)}" data-search="{e(views.strip_controls(" ".join(search)))}" '
            f'data-skel="{e(" ".join(sorted(skeletons(search))))}">'
            f'<th scope="row"><div class="orig-text" dir="{views.direction(ctx.claim_labels[c.id])}">'
            f"{text_html(ctx.claim_labels[c.id])} {disc}</div>{gloss_html(c.gloss)}"
            f'<span class="src-meta"> {len(row["cells"])}/{len(arts)} sources</span></th>{"".join(cells)}</tr>'
        )
    languages = sorted({a.get("language") for a in arts if a.get("language")})
    options = "".join(
        f'<option value="{e(x)}">{e(views.language_name(x))}</option>' for x in languages
    )
    filters = (
        '<div class="filters"><label>Filter <input type="search" id="claim-filter" '
        f'placeholder="words or names, in any script ({e(filter_example())})"></label> '
        '<label><input type="checkbox" id="claim-disputed"> only disputed claims</label> '
        f'<label>made in <select id="claim-lang"><option value="">any language</option>{options}</select></label> '
        '<span id="claim-count"></span></div>'
    )
    legend = (
        '<p class="legend">● says · ◐ hedges (reports with a qualifier) · ✕ contradicts the majority · '
        "· silent (no statement). ! = part of a discrepancy. Click a cell to see the statement.</p>"
    )
    table = (
        f'<div class="scroll"><table class="matrix"><thead><tr><th>Claim</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
    return section("claims", 3, "Each claim against each source.", filters + legend + note + table)
