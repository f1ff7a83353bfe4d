"""The parts of a bounded report (a large dossier, `report.scope`): the notice of what it leaves
out, the overview of the whole dossier, the stories list, the bounded claims matrix. The full
report never calls these."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from rashomon.report import views
from rashomon.report.text import e, text_html

if TYPE_CHECKING:
    from rashomon.report.sections import Context


def notice(ctx: Context) -> str:
    """The box at the top of a bounded report: what it shows, what it leaves out, how to see
    the rest. Empty for the full report."""
    sc = ctx.scope
    if sc is None:
        return ""
    shown = len(sc.shown)
    n_stories = len(sc.shown_stories)
    disc_total = sum(sc.discrepancies.values())
    left = [
        f"<b>{sc.articles - shown:,}</b> of {sc.articles:,} articles",
        f"<b>{max(sc.stories - n_stories + (1 if sc.cut_story else 0), 0):,}</b> of {sc.stories:,} stories"
        + (" (one of them in part)" if sc.cut_story else ""),
        f"<b>{max(disc_total - len(ctx.d.get('discrepancies', [])), 0):,}</b> of {disc_total:,} discrepancies",
        f"<b>{max(sc.claims - len(ctx.d.get('claims', [])), 0):,}</b> of {sc.claims:,} claims",
        f"<b>{max(sc.entities - len(ctx.d.get('entities', [])), 0):,}</b> of {sc.entities:,} entities",
    ]
    what = (
        f"the largest {'story' if n_stories == 1 else f'{n_stories} stories'}"
        + (" (its first articles only)" if sc.cut_story and n_stories == 1 else "")
        if n_stories
        else "the first articles"
    )
    return (
        '<section id="scope" class="scope" aria-labelledby="h-scope">'
        '<h2 id="h-scope">This report shows part of a large dossier</h2>'
        f"<p>The dossier holds <b>{sc.articles:,}</b> articles in <b>{sc.stories:,}</b> stories: "
        "too many for one page. The overview below (“The story in brief”) counts all of them and "
        f"lists the largest stories; every other section shows only {what}: <b>{shown:,}</b> "
        "articles, with their statements, entities, discrepancies, timeline and provenance.</p>"
        f"<p>Left out of the sections below: {'; '.join(left)}.</p>"
        "<p>To see the rest:</p><ul>"
        "<li>one story in full: <code>rashomon export DOSSIER --format html --story STORY_ID "
        "--out story.html</code> (story ids are in the list of stories below"
        + ("; click one to open its report" if sc.story_href else "")
        + ");</li>"
        "<li>search and browse every article and statement: <code>rashomon serve DOSSIER</code>;</li>"
        "<li>everything, for other tools: <code>dossier.json</code> next to this report, or "
        "<code>rashomon export DOSSIER --format json|csv|graphml|jsonld</code>;</li>"
        "<li>a larger report: raise <code>[report] full_articles</code> or "
        "<code>detail_articles</code> in the configuration (the page grows with "
        "articles × claims).</li></ul></section>"
    )


def lede(ctx: Context) -> str:
    sc = ctx.scope
    kinds = sc.discrepancies
    lang_txt = ", ".join(
        f"{e(views.language_name(k or None))} ×{c}" for k, c in sc.languages.most_common(12)
    ) + (f", {len(sc.languages) - 12} more" if len(sc.languages) > 12 else "")
    when = f", published {e(sc.first)} to {e(sc.last)}" if sc.first else ""
    return (
        f"<b>{sc.articles:,}</b> article(s) from <b>{sc.outlets:,}</b> outlet(s) in "
        f"<b>{len(sc.languages)}</b> language(s) ({lang_txt}){when}, in <b>{sc.stories:,}</b> "
        f"stories. {discrepancy_counts(kinds, ',')}"
        f", <b>{sc.claims:,}</b> claim(s), <b>{sc.entities:,}</b> entities."
    )


def discrepancy_counts(kinds: Counter[str], fmt: str = "") -> str:
    """'<b>3</b> discrepancies (2 numbers differ, 1 contradiction)', for the lede of this
    report and of a small one; `fmt` formats the counts ("," separates thousands)."""
    total = sum(kinds.values())
    by_kind = ", ".join(
        f"{c:{fmt}} {e(views.KIND_LABELS.get(k, (k,))[0].lower())}" for k, c in kinds.most_common()
    )
    return f"<b>{total:{fmt}}</b> discrepanc{'y' if total == 1 else 'ies'}" + (
        f" ({by_kind})" if kinds else ""
    )


def stories(ctx: Context) -> str:
    sc = ctx.scope
    if not sc.story_rows:
        return '<p class="empty">No stories in this dossier (the stories step did not run).</p>'
    rows = []
    for r in sc.story_rows:
        where = (
            "shown below"
            if r["shown"] is True
            else "first articles shown below"
            if r["shown"] == "cut"
            else "not in this report"
        )
        dates = f"{e(r['first'])} – {e(r['last'])}" if r["first"] else "—"
        ident = f"<code>{e(r['id'])}</code>"
        if sc.story_href:
            href = sc.story_href.replace("{id}", quote(str(r["id"]), safe=""))
            ident = f'<a href="{e(href)}" title="this story\'s full report">{ident}</a>'
        rows.append(
            f'<tr class="{"shown" if r["shown"] else "left-out"}"><td>{ident}</td>'
            f'<td dir="{views.direction(r["label"])}">{text_html(r["label"] or "")}</td>'
            f'<td class="num">{r["articles"]:,}</td>'
            f"<td>{e(', '.join(views.language_name(x) for x in r['languages']))}</td>"
            f'<td>{dates}</td><td class="num">{r["discrepancies"]:,}</td><td>{where}</td></tr>'
        )
    more = sc.stories - len(sc.story_rows)
    return (
        f"<h3>Stories, largest first</h3>"
        '<div class="scroll"><table class="stories-table"><thead><tr><th>Story id</th><th>Label</th>'
        "<th>Articles</th><th>Languages</th><th>Published</th><th>Discrepancies</th>"
        f"<th>In this report</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        + (
            f'<p class="src-meta">{more:,} smaller stories are not listed (raise '
            "<code>[report] max_stories</code>, or see them in <code>rashomon serve</code>).</p>"
            if more > 0
            else ""
        )
    )


def matrix(
    ctx: Context, arts: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str]:
    """(rows, columns, note) of a bounded report's matrix: the disputed claims and those with
    the most sources, at most `max_matrix_claims`, against the articles that make them (the
    full matrix grows as claims x articles)."""
    limit = ctx.matrix_limit
    ranked = sorted(
        (r for r in ctx.matrix if len(r["cells"]) >= 2 or r["discrepancies"]),
        key=lambda r: (not r["discrepancies"], -len(r["cells"])),
    )[:limit]
    kept = {id(r) for r in ranked}
    rows = [r for r in ctx.matrix if id(r) in kept]
    # Columns: the articles that make these claims, at most `limit` of them (those with the
    # most statements in the rows), so the table is at most limit x limit cells.
    used = Counter(aid for r in rows for aid in r["cells"])
    shown = {aid for aid, _n in used.most_common(limit)}
    cols = [a for a in arts if a["id"] in shown]
    left = len(ctx.matrix) - len(rows)
    note = (
        f'<p class="legend">This matrix shows {len(rows):,} of the {len(ctx.matrix):,} claims of '
        f"the articles shown in full: the disputed ones and those made by the most sources, "
        f"against {len(cols):,} of the {len(used):,} articles that make them. The {left:,} "
        "others (mostly made by one source) are underlined in their articles below: click one "
        "to see it.</p>"
        if left or len(cols) < len(used)
        else ""
    )
    return rows, cols, note
