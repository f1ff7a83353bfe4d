"""Section 2, what doesn't add up: the conflicting statements side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rashomon.report import views
from rashomon.report.glosses import gloss_html, mixed_html
from rashomon.report.sections.base import bdi, empty, jump_attrs, num, section
from rashomon.report.text import e, quote_html

if TYPE_CHECKING:
    from rashomon.corpus import TextSpan
    from rashomon.report.sections.context import Context


def _statement_marks(s: dict[str, Any], article: dict[str, Any]) -> list[tuple[int, int, str]]:
    marks = [(q["start"], q["end"], "qty") for q in s.get("quantities", []) if "start" in q]
    marks += [(x["start"], x["end"], "date") for x in s.get("dates", []) if "start" in x]
    for h in s.get("hedges", []):
        i = article["text"].find(h, s["start"], s["end"]) if h else -1
        if i >= 0:
            marks.append((i, i + len(h), "hedge"))
    return marks


def _chips(s: dict[str, Any]) -> str:
    chips = [
        f'<span class="chip qty">{e(num(q["value"]))}{" " + e(q["unit"]) if q.get("unit") else ""}</span>'
        for q in s.get("quantities", [])
    ]
    chips += [f'<span class="chip date">{e(x["value"])}</span>' for x in s.get("dates", [])]
    if s.get("polarity") == "negative":
        chips.append('<span class="chip neg">negated</span>')
    if s.get("hedged"):
        chips.append(
            '<span class="chip hedge">hedged: '
            + ", ".join(bdi(h) for h in s.get("hedges", []))
            + "</span>"
        )
    if s.get("attribution"):
        chips.append(
            '<span class="chip attr">according to '
            + " ← ".join(bdi(a) for a in s["attribution"])
            + "</span>"
        )
    return f'<div class="chips">{"".join(chips)}</div>' if chips else ""


def _quote(ctx: Context, span: dict[str, Any], side: TextSpan) -> str:
    """One side of a discrepancy: `span` as the dossier holds it, `side` the same, typed."""
    a = ctx.arts.get(span["article"])
    if a is None:
        return f'<div class="quote missing">unknown article {bdi(span["article"])}</div>'
    sid = ctx.by_span.get(views.span_key(side))
    full = {**ctx.statements.get(sid or "", {}), **span} if sid else span
    marks = _statement_marks(full, a) if sid else []
    return (
        f'<figure class="quote"><figcaption>{ctx.source_tag(span["article"])}</figcaption>'
        f'<blockquote dir="{views.direction(span["text"])}" lang="{e(a.get("language") or "")}">'
        f'<a class="stmt" {jump_attrs(span)}>{quote_html(a, span, marks)}</a></blockquote>'
        f'{gloss_html(full.get("gloss"))}{_chips(full)}<a class="goto" {jump_attrs(span)}>show in article ↓</a></figure>'
    )


def _first_side(d: dict) -> str:
    """A discrepancy whose statements belong to different claims is headed by the first of
    them (never by a third statement's claim)."""
    sides = d.get("statements") or []
    if not sides:
        return ""
    text = " ".join(sides[0]["text"].split())
    text = text if len(text) <= 160 else text[:159].rstrip() + "…"
    return f' <span class="claim-ref">{bdi(text)}</span>'


def render(ctx: Context) -> str:
    items = []
    for d, rec in zip(ctx.d.get("discrepancies", []), ctx.records.discrepancies, strict=True):
        label, gloss = views.KIND_LABELS.get(d["kind"], (d["kind"], ""))
        claim = ctx.claim_labels.get(d.get("claim") or "")
        conf = d.get("confidence")
        items.append(
            f'<article class="disc kind-{e(d["kind"])}" id="disc-{e(d["id"])}" data-kind="{e(d["kind"])}">'
            f'<header><span class="kind" title="{e(gloss)}">{e(label)}</span>'
            + (
                f' <span class="conf">confidence {conf:.0%}</span>'
                if isinstance(conf, int | float)
                else ""
            )
            + (
                f' <a class="claim-ref" href="#claim-{e(d["claim"])}">claim: {bdi(claim)}</a>'
                + gloss_html(ctx.claim_glosses.get(d["claim"]), "span")
                if claim
                else _first_side(d)
            )
            + f'</header><p class="explanation orig-text" dir="ltr">{mixed_html(d["explanation"])}</p>'
            f"{gloss_html(d.get('gloss'), 'p')}"
            f'<div class="sides">{"".join(_quote(ctx, s, side) for s, side in zip(d["statements"], rec.statements, strict=True))}</div></article>'
        )
    inner = "".join(items) or empty(
        "No discrepancies in this dossier: the sources agree, or the claims stage did not run."
    )
    intro = (
        "Where the sources disagree, most confident first: the conflicting statements side by side, "
        "with figures, dates and hedges <mark class=qty>highlighted</mark>. Click a statement to see it in its article."
    )
    return section("discrepancies", 2, intro, inner)
