"""Section 1, the story in brief: who told it, in which languages, when; the original."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from rashomon.report import large, views
from rashomon.report.glosses import gloss_html
from rashomon.report.sections.base import bdi, jump_at, section
from rashomon.report.text import e, text_html

if TYPE_CHECKING:
    from rashomon.corpus import TextSpan
    from rashomon.report.sections.context import Context


def original_html(ctx: Context) -> str:
    """Who first reported the story: an article of the dossier, or a source the articles cite."""
    o = ctx.original
    if not (o.article or o.name):
        return ""
    if o.article:
        who = ctx.source_tag(o.article)
    else:
        who = f"{bdi(o.name)} <span class=src-meta>(not among the articles: named by them)</span>"
    bits = [f'<p class="original"><b>Original source:</b> {who}']
    if o.why:
        bits.append(f' <span class="why">— {bdi(o.why)}</span>')
    if o.confidence is not None:
        bits.append(f' <span class="why">(confidence {o.confidence:.0%})</span>')
    bits.append("</p>")
    if o.cited_by:
        bits.append(
            '<p class="src-meta">Cited by: '
            + ", ".join(ctx.source_tag(a) for a in o.cited_by)
            + "</p>"
        )
    if o.evidence:
        # one line per citing article: its first citation, and how many more it has
        per_article: dict[str, list[TextSpan]] = {}
        for s in o.evidence:
            per_article.setdefault(s.article, []).append(s)
        items = []
        for spans in list(per_article.values())[:8]:
            s = spans[0]
            more = (
                f' <span class="src-meta">(+{len(spans) - 1} more in this article)</span>'
                if len(spans) > 1
                else ""
            )
            items.append(
                f'<li>{ctx.source_tag(s.article)}: <a class="stmt" {jump_at(s.article, s.start, s.end)} '
                f'dir="{views.direction(s.text)}">{text_html(s.text)}</a>{more}</li>'
            )
        bits.append('<ul class="evidence">' + "".join(items) + "</ul>")
    if o.earliest and o.earliest != o.article:
        bits.append(
            f'<p class="src-meta">Earliest article in the dossier: {ctx.source_tag(o.earliest)}</p>'
        )
    return "".join(bits)


def render(ctx: Context) -> str:
    arts = ctx.d["articles"]
    if ctx.scope is not None:
        parts = [f'<p class="lede">{large.lede(ctx)}</p>', original_html(ctx)]
        parts.append(large.stories(ctx))
        parts.append(f"<h3>The {len(arts):,} articles shown in full below</h3>")
    else:
        parts = [f'<p class="lede">{lede(ctx)}</p>', original_html(ctx), stories_list(ctx)]
    parts.append(articles_table(ctx, ctx.original.article))
    parts.append(failures_list(ctx))
    return section(
        "brief", 1, "Which outlets told the story, in which languages, and when.", "".join(parts)
    )


def lede(ctx: Context) -> str:
    """How many articles, outlets, languages, dates, discrepancies, claims and entities."""
    arts = ctx.d["articles"]
    langs = Counter(views.language_name(a.get("language")) for a in arts)
    outlets = list(dict.fromkeys(ctx.label(a["id"]) for a in arts))
    dates = sorted(a["published"] for a in arts if a.get("published"))
    kinds = Counter(d["kind"] for d in ctx.d.get("discrepancies", []))
    lang_txt = ", ".join(f"{e(n)}{f' ×{c}' if c > 1 else ''}" for n, c in langs.most_common())
    when = f", published {e(dates[0])} to {e(dates[-1])}" if dates else ""
    return (
        f"<b>{len(arts)}</b> article(s) from <b>{len(outlets)}</b> outlet(s) in "
        f"<b>{len(langs)}</b> language(s) ({lang_txt}){when}. "
        f"{large.discrepancy_counts(kinds)}"
        f", <b>{len(ctx.d.get('claims', []))}</b> claim(s), <b>{len(ctx.d.get('entities', []))}</b> entities."
    )


def stories_list(ctx: Context) -> str:
    """The stories and their articles, when there is more than one or it has a label."""
    stories = ctx.d.get("stories", [])
    if not (len(stories) > 1 or (stories and stories[0].get("label"))):
        return ""
    items = "".join(
        f"<li>{bdi(s.get('label') or s['id'])}{gloss_html(s.get('gloss'), 'span')}: "
        f"{len(s['articles'])} article(s) — "
        + ", ".join(ctx.source_tag(a) for a in s["articles"])
        + "</li>"
        for s in stories
    )
    return f'<h3>Stories</h3><ul class="stories">{items}</ul>'


def articles_table(ctx: Context, orig: str | None) -> str:
    """One row per article: outlet, language, date, title, counts, source; `orig` marked."""
    n_claims: Counter[str] = Counter(s["article"] for s in ctx.statements.values())
    n_disc: Counter[str] = Counter(
        s["article"] for d in ctx.d.get("discrepancies", []) for s in d["statements"]
    )
    rows = []
    for a in ctx.d["articles"]:
        url = views.safe_url(a.get("source"))
        source = (
            f'<a href="{e(url)}" rel="noopener noreferrer" target="_blank">{bdi(url)}</a>'
            if url
            else f"<code>{bdi(a.get('source'))}</code>"
        )
        mark = ' <span class="badge orig">original</span>' if a["id"] == orig else ""
        rows.append(
            f'<tr><td><a href="#art-{e(a["id"])}">{bdi(ctx.label(a["id"]))}</a>{mark}</td>'
            f"<td>{e(views.language_name(a.get('language')))} <code>{e(a.get('language') or '?')}</code></td>"
            f"<td>{e(views.published_text(ctx.infos[a['id']], '—'))}</td>"
            f'<td dir="{views.direction(a.get("title"))}">{text_html(a.get("title") or "")}</td>'
            f'<td class="num">{n_claims[a["id"]]}</td><td class="num">{n_disc[a["id"]]}</td>'
            f"<td>{source}</td></tr>"
        )
    return (
        '<table class="articles-table"><thead><tr><th>Outlet</th><th>Language</th><th>Published</th>'
        "<th>Title</th><th>Statements</th><th>In discrepancies</th><th>Source</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def failures_list(ctx: Context) -> str:
    """The inputs that could not be read, and why."""
    failures = ctx.d["meta"].get("failures") or []
    if not failures:
        return ""
    items = "".join(
        f"<li><code>{bdi(f['source'])}</code>: {bdi(f['reason'])}</li>" for f in failures
    )
    return (
        f'<details class="failures"><summary>{len(failures)} input(s) could not be read</summary>'
        f"<ul>{items}</ul></details>"
    )
