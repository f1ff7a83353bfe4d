"""The report's seven sections as HTML, and the data its script needs.

Every value from the dossier goes through `e()` (escape) or `text_html()`; text of unknown
direction is wrapped in `<bdi>` (or given its own `dir`) so Arabic or Persian names inside an
English sentence, and numbers inside an Arabic one, keep their order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rashomon.cleaning.normalize import matching_key
from rashomon.gloss.names import skeletons
from rashomon.report import large, views
from rashomon.report.glosses import gloss_html, mixed_html, search_text
from rashomon.report.text import article_body, e, quote_html, text_html

if TYPE_CHECKING:
    from rashomon.corpus import EntityRelation

MAX_CITED_NODES = 25  # cited sources drawn in the provenance graph (the table lists all)
MAX_GRAPH_ENTITIES = 120  # entities drawn in the graph, most mentioned first (the table lists all)
SECTIONS = [
    ("brief", "The story in brief"),
    ("discrepancies", "What doesn't add up"),
    ("claims", "Claims"),
    ("entities", "Entities"),
    ("timeline", "Timeline"),
    ("provenance", "Provenance"),
    ("articles", "Articles"),
]


def bdi(text: Any) -> str:
    return f"<bdi>{text_html('' if text is None else str(text))}</bdi>"


def jump_attrs(span: dict[str, Any]) -> str:
    """Attributes that make an element jump to `span` in its article when clicked."""
    return (
        f'href="#span={e(span["article"])}:{int(span["start"])}:{int(span["end"])}" '
        f'data-jump="{e(span["article"])}:{int(span["start"])}:{int(span["end"])}"'
    )


def _section(sid: str, number: int, intro: str, inner: str) -> str:
    title = dict(SECTIONS)[sid]
    return (
        f'<section id="{sid}" aria-labelledby="h-{sid}"><h2 id="h-{sid}">{number}. {e(title)}</h2>'
        f'<p class="intro">{intro}</p>{inner}</section>'
    )


def _empty(what: str) -> str:
    return f'<p class="empty">{e(what)}</p>'


class Context:
    """Indexes over the dossier shared by the sections."""

    def __init__(
        self,
        dossier: dict[str, Any],
        scope: Any = None,
        matrix_limit: int | None = None,
        relations: Iterable[EntityRelation] = (),
    ) -> None:
        self.d = dossier
        # The entity linker's relations (gazetteer: capital of, part of, ...); co-occurrence
        # is counted from the shown mentions instead (views.cooccurrence).
        self.relations = [r for r in relations if r.kind != "co-occurrence"]
        self.scope = scope  # a `scope.Scope` when this is a bounded report of a large dossier
        # Rows of the claims matrix when it must be bounded (it grows as claims x articles).
        self.matrix_limit = scope.max_matrix_claims if scope is not None else matrix_limit
        self.arts = {a["id"]: a for a in dossier["articles"]}
        self.order = {a["id"]: i for i, a in enumerate(dossier["articles"])}
        self.disputes = views.discrepancy_index(dossier)
        self.matrix = views.claim_matrix(dossier)
        self.statements: dict[str, dict[str, Any]] = {}  # id -> statement (+ claim)
        self.by_span: dict[tuple[str, int, int], str] = {}
        for c in dossier.get("claims", []):
            for i, s in enumerate(c["statements"]):
                sid = s.get("id") or f"{c['id']}#{i}"
                self.statements[sid] = {**s, "id": sid, "claim": c["id"]}
                self.by_span[views.span_key(s)] = sid
        self.claim_labels = {
            c["id"]: c.get("label") or c["statements"][0]["text"] for c in dossier.get("claims", [])
        }
        self.claim_glosses = {c["id"]: c.get("gloss") for c in dossier.get("claims", [])}
        self.entities = {x["id"]: x for x in dossier.get("entities", [])}
        self._spans: dict[str, list[tuple[int, int, str, str]]] | None = None

    def label(self, aid: str) -> str:
        a = self.arts.get(aid)
        return views.article_label(a) if a else aid

    def source_tag(self, aid: str) -> str:
        """Outlet, language and date of an article, for an English sentence."""
        a = self.arts.get(aid)
        if a is None:
            return f"<span class=src>{bdi(aid)}</span>"
        bits = [views.language_name(a.get("language"))]
        if a.get("published"):
            bits.append(e(a["published"]))
        return (
            f'<a class="src" href="#art-{e(aid)}">{bdi(views.article_label(a))}</a> '
            f'<span class="src-meta">({", ".join(e(b) for b in bits)})</span>'
        )

    def entity_name(self, ent: dict[str, Any]) -> str:
        latin = ent.get("latin")
        if latin and views.strip_controls(latin) != views.strip_controls(ent["name"]):
            guess = (
                ' <span class=guess title="transliterated: a guess">~</span>'
                if ent.get("latin_source") == "transliteration"
                else ""
            )
            return f"{bdi(latin)}{guess} <span class=orig>{bdi(ent['name'])}</span>"
        return bdi(latin or ent["name"])

    def spans_of(self, aid: str) -> list[tuple[int, int, str, str]]:
        """Statements, mentions, cited sources and discrepancy sides in article `aid` (one
        index over the dossier, built on first use: a scan per article was quadratic)."""
        if self._spans is None:
            self._spans = defaultdict(list)
            for sid, s in self.statements.items():
                self._spans[s["article"]].append((s["start"], s["end"], "st", sid))
            for ent in self.d.get("entities", []):
                for m in ent["mentions"]:
                    self._spans[m["article"]].append((m["start"], m["end"], "m", ent["id"]))
            for c in self.d["provenance"].get("cited_sources", []):
                self._spans[c["article"]].append((c["start"], c["end"], "cs", c["name"]))
            for d in self.d.get("discrepancies", []):
                for s in d["statements"]:
                    self._spans[s["article"]].append((s["start"], s["end"], "d", d["id"]))
        return self._spans.get(aid, [])

    def script_data(self) -> dict[str, Any]:
        """What report.js needs: graphs, timeline items, statement and entity details."""
        co = views.cooccurrence(self.d)
        ents = self.d.get("entities", [])
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
            for r in self.relations
            if r.a in shown and r.b in shown
        ]
        prov_nodes = [
            {
                "id": a["id"],
                "label": views.strip_controls(views.article_label(a)),
                "kind": "article",
                "language": a.get("language"),
                "published": a.get("published"),
            }
            for a in self.d["articles"]
        ]
        prov_edges = []
        orig = views.original(self.d)
        orig_keys = {matching_key(n).strip() for n in orig["names"]}
        targets = views.citation_targets(self.d)
        # Cited names are grouped by matching key; the graph keeps those worth a node (cited
        # by two articles or more, outlets and agencies, the original), the table lists all.
        citing: dict[str, set[str]] = defaultdict(set)
        names: dict[str, str] = {}
        kinds: dict[str, str] = {}
        for i, c in enumerate(self.d["provenance"].get("cited_sources", [])):
            key = targets.get(i) or "cited:" + matching_key(c["name"]).strip()
            citing[key].add(c["article"])
            names.setdefault(key, views.strip_controls(c["name"]))
            kinds.setdefault(key, str(c.get("kind") or ""))
        keep = sorted(
            (
                k
                for k in citing
                if k in self.arts
                or len(citing[k]) >= 2
                or kinds[k] in ("outlet", "agency")
                or k[len("cited:") :] in orig_keys
            ),
            key=lambda k: -len(citing[k]),
        )[:MAX_CITED_NODES]
        for key in keep:
            if key not in self.arts:
                prov_nodes.append({"id": key, "label": names[key], "kind": "cited"})
            for aid in sorted(citing[key]):
                prov_edges.append({"source": aid, "target": key, "kind": "cites"})
        for r in self.d["provenance"].get("reuse", []):
            src, copy = views.reuse_direction(self.d, r)
            prov_edges.append(
                {
                    "source": src,
                    "target": copy,
                    "kind": r.get("kind") or "reuse",
                    "score": r["score"],
                }
            )
        original = orig["article"] or next(
            (
                n["id"]
                for n in prov_nodes
                if n["kind"] == "cited" and n["id"][len("cited:") :] in orig_keys
            ),
            None,
        )
        return {
            "statements": {
                sid: {
                    k: s.get(k)
                    for k in (
                        "article",
                        "start",
                        "end",
                        "claim",
                        "polarity",
                        "hedged",
                        "hedges",
                        "attribution",
                    )
                }
                | {
                    "quantities": [q.get("text") for q in s.get("quantities", [])],
                    "dates": [x.get("value") for x in s.get("dates", [])],
                    "discrepancies": self.disputes.get(views.span_key(s), []),
                }
                for sid, s in self.statements.items()
            },
            "claims": {cid: label for cid, label in self.claim_labels.items()},
            "articles": {
                a["id"]: {
                    "label": views.article_label(a),
                    "language": views.language_name(a.get("language")),
                }
                for a in self.d["articles"]
            },
            "entities": {
                x["id"]: {
                    "label": x.get("latin") or x["name"],
                    "name": x["name"],
                    "type": x["type"],
                    "mentions": [[m["article"], m["start"], m["end"]] for m in x["mentions"]],
                }
                for x in ents
            },
            "graph": {"nodes": nodes, "edges": edges},
            "provenance": {"nodes": prov_nodes, "edges": prov_edges, "original": original},
            "timeline": [
                {"id": i, "date": t["date"], "label": t["label"], "claims": t.get("claims", [])}
                for i, t in enumerate(self.d.get("timeline", []))
            ],
        }


def original_html(ctx: Context) -> str:
    """Who first reported the story: an article of the dossier, or a source the articles cite."""
    o = views.original(ctx.d)
    if not (o["article"] or o["name"]):
        return ""
    if o["article"]:
        who = ctx.source_tag(o["article"])
    else:
        who = (
            f"{bdi(o['name'])} <span class=src-meta>(not among the articles: named by them)</span>"
        )
    bits = [f'<p class="original"><b>Original source:</b> {who}']
    if o["why"]:
        bits.append(f' <span class="why">— {bdi(o["why"])}</span>')
    if o["confidence"] is not None:
        bits.append(f' <span class="why">(confidence {o["confidence"]:.0%})</span>')
    bits.append("</p>")
    if o["cited_by"]:
        bits.append(
            '<p class="src-meta">Cited by: '
            + ", ".join(ctx.source_tag(a) for a in o["cited_by"])
            + "</p>"
        )
    if o["evidence"]:
        # one line per citing article: its first citation, and how many more it has
        per_article: dict[str, list[dict[str, Any]]] = {}
        for s in o["evidence"]:
            per_article.setdefault(s["article"], []).append(s)
        items = []
        for spans in list(per_article.values())[:8]:
            s = spans[0]
            more = (
                f' <span class="src-meta">(+{len(spans) - 1} more in this article)</span>'
                if len(spans) > 1
                else ""
            )
            items.append(
                f'<li>{ctx.source_tag(s["article"])}: <a class="stmt" {jump_attrs(s)} '
                f'dir="{views.direction(s["text"])}">{text_html(s["text"])}</a>{more}</li>'
            )
        bits.append('<ul class="evidence">' + "".join(items) + "</ul>")
    if o["earliest"] and o["earliest"] != o["article"]:
        bits.append(
            f'<p class="src-meta">Earliest article in the dossier: {ctx.source_tag(o["earliest"])}</p>'
        )
    return "".join(bits)


# -- 1. the story in brief -----------------------------------------------------------------------
def brief(ctx: Context) -> str:
    arts = ctx.d["articles"]
    if ctx.scope is not None:
        parts = [f'<p class="lede">{large.lede(ctx)}</p>', original_html(ctx)]
        parts.append(large.stories(ctx))
        parts.append(f"<h3>The {len(arts):,} articles shown in full below</h3>")
        orig = views.original(ctx.d)["article"]
    else:
        langs = Counter(views.language_name(a.get("language")) for a in arts)
        outlets = list(dict.fromkeys(views.article_label(a) for a in arts))
        dates = sorted(a["published"] for a in arts if a.get("published"))
        kinds = Counter(d["kind"] for d in ctx.d.get("discrepancies", []))
        lang_txt = ", ".join(f"{e(n)}{f' ×{c}' if c > 1 else ''}" for n, c in langs.most_common())
        when = f", published {e(dates[0])} to {e(dates[-1])}" if dates else ""
        lede = (
            f"<b>{len(arts)}</b> article(s) from <b>{len(outlets)}</b> outlet(s) in "
            f"<b>{len(langs)}</b> language(s) ({lang_txt}){when}. "
            f"<b>{sum(kinds.values())}</b> discrepanc{'y' if sum(kinds.values()) == 1 else 'ies'}"
            + (
                " ("
                + ", ".join(
                    f"{c} {e(views.KIND_LABELS.get(k, (k,))[0].lower())}"
                    for k, c in kinds.most_common()
                )
                + ")"
                if kinds
                else ""
            )
            + f", <b>{len(ctx.d.get('claims', []))}</b> claim(s), <b>{len(ctx.d.get('entities', []))}</b> entities."
        )
        parts = [f'<p class="lede">{lede}</p>']
        parts.append(original_html(ctx))
        orig = views.original(ctx.d)["article"]
        stories = ctx.d.get("stories", [])
        if len(stories) > 1 or (stories and stories[0].get("label")):
            items = "".join(
                f"<li>{bdi(s.get('label') or s['id'])}{gloss_html(s.get('gloss'), 'span')}: "
                f"{len(s['articles'])} article(s) — "
                + ", ".join(ctx.source_tag(a) for a in s["articles"])
                + "</li>"
                for s in stories
            )
            parts.append(f'<h3>Stories</h3><ul class="stories">{items}</ul>')
    n_claims: Counter[str] = Counter(s["article"] for s in ctx.statements.values())
    n_disc: Counter[str] = Counter(
        s["article"] for d in ctx.d.get("discrepancies", []) for s in d["statements"]
    )
    rows = []
    for a in arts:
        url = views.safe_url(a.get("source"))
        source = (
            f'<a href="{e(url)}" rel="noopener noreferrer" target="_blank">{bdi(url)}</a>'
            if url
            else f"<code>{bdi(a.get('source'))}</code>"
        )
        mark = ' <span class="badge orig">original</span>' if a["id"] == orig else ""
        rows.append(
            f'<tr><td><a href="#art-{e(a["id"])}">{bdi(views.article_label(a))}</a>{mark}</td>'
            f"<td>{e(views.language_name(a.get('language')))} <code>{e(a.get('language') or '?')}</code></td>"
            f"<td>{e(views.published_text(a, '—'))}</td>"
            f'<td dir="{views.direction(a.get("title"))}">{text_html(a.get("title") or "")}</td>'
            f'<td class="num">{n_claims[a["id"]]}</td><td class="num">{n_disc[a["id"]]}</td>'
            f"<td>{source}</td></tr>"
        )
    parts.append(
        '<table class="articles-table"><thead><tr><th>Outlet</th><th>Language</th><th>Published</th>'
        "<th>Title</th><th>Statements</th><th>In discrepancies</th><th>Source</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    failures = ctx.d["meta"].get("failures") or []
    if failures:
        items = "".join(
            f"<li><code>{bdi(f['source'])}</code>: {bdi(f['reason'])}</li>" for f in failures
        )
        parts.append(
            f'<details class="failures"><summary>{len(failures)} input(s) could not be read</summary>'
            f"<ul>{items}</ul></details>"
        )
    return _section(
        "brief", 1, "Which outlets told the story, in which languages, and when.", "".join(parts)
    )


# -- 2. what doesn't add up -----------------------------------------------------------------------
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
        f'<span class="chip qty">{e(_num(q["value"]))}{" " + e(q["unit"]) if q.get("unit") else ""}</span>'
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


def _num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def _quote(ctx: Context, span: dict[str, Any]) -> str:
    a = ctx.arts.get(span["article"])
    if a is None:
        return f'<div class="quote missing">unknown article {bdi(span["article"])}</div>'
    sid = ctx.by_span.get(views.span_key(span))
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


def discrepancies(ctx: Context) -> str:
    items = []
    for d in ctx.d.get("discrepancies", []):
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
            f'{gloss_html(d.get("gloss"), "p")}'
            f'<div class="sides">{"".join(_quote(ctx, s) for s in d["statements"])}</div></article>'
        )
    inner = "".join(items) or _empty(
        "No discrepancies in this dossier: the sources agree, or the claims stage did not run."
    )
    intro = (
        "Where the sources disagree, most confident first: the conflicting statements side by side, "
        "with figures, dates and hedges <mark class=qty>highlighted</mark>. Click a statement to see it in its article."
    )
    return _section("discrepancies", 2, intro, inner)


# -- 3. claims ------------------------------------------------------------------------------------
def claims(ctx: Context) -> str:
    arts = ctx.d["articles"]
    if not ctx.matrix:
        return _section("claims", 3, "Who says what.", _empty("No claims in this dossier yet."))
    matrix, note = ctx.matrix, ""
    if ctx.matrix_limit is not None:
        matrix, arts, note = large.matrix(ctx, arts)
    head = "".join(
        f'<th class="src-col" title="{e(a.get("title") or "")}"><a href="#art-{e(a["id"])}">{bdi(views.article_label(a))}</a>'
        f'<br><span class="src-meta">{e(a.get("language") or "?")} · {e(a.get("published") or "")}</span></th>'
        for a in arts
    )
    symbols = {"says": "●", "hedges": "◐", "contradicts": "✕", "silent": "·"}
    rows = []
    for row in matrix:
        c = row["claim"]
        cells, search = [], [ctx.claim_labels[c["id"]], search_text(c.get("gloss"))]
        for a in arts:
            cell = row["cells"].get(a["id"])
            if cell is None:
                cells.append('<td class="stance silent" title="silent">·</td>')
                continue
            s = cell["statements"][0]
            search += [x["text"] for x in cell["statements"]]
            search += [search_text(x.get("gloss")) for x in cell["statements"]]
            disputed = " disputed" if ctx.disputes.get(views.span_key(s)) else ""
            chips = "".join(
                f'<span class="chip qty">{e(_num(q["value"]))}</span>'
                for q in s.get("quantities", [])
            ) + "".join(
                f'<span class="chip date">{e(x["value"])}</span>' for x in s.get("dates", [])
            )
            cells.append(
                f'<td class="stance {cell["stance"]}{disputed}"><a class="stmt" {jump_attrs(s)} '
                f'title="{e(cell["stance"])}: {e(views.strip_controls(s["text"]))}">'
                f"{symbols[cell['stance']]} {e(cell['stance'])}</a>{chips}</td>"
            )
        langs = " ".join(
            sorted({ctx.arts[a]["language"] or "" for a in row["cells"] if a in ctx.arts})
        )
        disc = "".join(f'<a class="badge" href="#disc-{e(d)}">!</a>' for d in row["discrepancies"])
        rows.append(
            f'<tr id="claim-{e(c["id"])}" data-disputed="{int(bool(row["discrepancies"]))}" '
            f'data-langs="{e(langs)}" data-search="{e(views.strip_controls(" ".join(search)))}" '
            f'data-skel="{e(" ".join(sorted(skeletons(search))))}">'
            f'<th scope="row"><div class="orig-text" dir="{views.direction(ctx.claim_labels[c["id"]])}">'
            f'{text_html(ctx.claim_labels[c["id"]])} {disc}</div>{gloss_html(c.get("gloss"))}'
            f'<span class="src-meta"> {len(row["cells"])}/{len(arts)} sources</span></th>{"".join(cells)}</tr>'
        )
    languages = sorted({a.get("language") for a in arts if a.get("language")})
    options = "".join(
        f'<option value="{e(x)}">{e(views.language_name(x))}</option>' for x in languages
    )
    filters = (
        '<div class="filters"><label>Filter <input type="search" id="claim-filter" '
        'placeholder="words or names, in any script (Maduro, مادورو)"></label> '
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
    return _section("claims", 3, "Each claim against each source.", filters + legend + note + table)


# -- 4. entities ----------------------------------------------------------------------------------
def entities(ctx: Context) -> str:
    ents = ctx.d.get("entities", [])
    if not ents:
        return _section(
            "entities",
            4,
            "Who and what the articles mention.",
            _empty("No entities in this dossier yet."),
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
    return _section(
        "entities", 4, "People, organisations, places and equipment, linked across scripts.", inner
    )


# -- 5. timeline ----------------------------------------------------------------------------------
def timeline(ctx: Context) -> str:
    items = ctx.d.get("timeline", [])
    if not items:
        return _section(
            "timeline", 5, "Dated events.", _empty("No dated events in this dossier yet.")
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
            + "</li>"
        )
    inner = (
        f'<div id="timeline-view" class="timeline"></div><ol class="tl-list">{"".join(rows)}</ol>'
    )
    return _section("timeline", 5, "Dated events the articles report, in order.", inner)


# -- 6. provenance ------------------------------------------------------------------------------
def provenance(ctx: Context) -> str:
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
    targets = views.citation_targets(ctx.d)
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
        for r in reuse:
            src, copy = views.reuse_direction(ctx.d, r)
            rows += (
                f"<tr><td>{ctx.source_tag(copy)}</td><td>{e(r.get('kind') or 'reuses')}</td>"
                f"<td>{ctx.source_tag(src)}</td><td class=num>{float(r['score']):.2f}</td></tr>"
            )
        parts.append(
            '<h3>Who copied whom</h3><table class="reuse"><thead><tr><th>Article</th><th>reuses text of</th>'
            f"<th>Earlier article</th><th>Score</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    if not (cited or reuse):
        parts.append(_empty("No citations or text reuse found yet."))
    return _section(
        "provenance", 6, "Who first reported it, who cites whom, who copied whom.", "".join(parts)
    )


# -- 7. the articles ------------------------------------------------------------------------------
def articles(ctx: Context) -> str:
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
            f'<h3 dir="{views.direction(a.get("title"))}" lang="{e(a.get("language") or "")}">{text_html(a.get("title") or views.article_label(a))}</h3>'
            f'{gloss_html(a.get("title_gloss"))}'
            f'<p class="art-meta">{bdi(views.article_label(a))} · {e(views.language_name(a.get("language")))} · '
            f"{e(views.published_text(a))} · "
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
    return _section("articles", 7, intro, "".join(parts))
