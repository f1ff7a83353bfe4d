"""The web app's HTML pages (no script; every value escaped)."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from rashomon.lang.script import FOLD_EXAMPLES
from rashomon.report.text import text_html
from rashomon.report.views import direction, language_name

if TYPE_CHECKING:
    from rashomon.serve.app import DossierInfo
    from rashomon.serve.search import ArticleResult

STYLE = """body{font-family:system-ui,"Noto Sans","Noto Naskh Arabic",sans-serif;max-width:60rem;margin:auto;
padding:1rem;color:#1c2833}a{color:#1f618d}table{border-collapse:collapse;width:100%}td,th{border-bottom:
1px solid #ddd;padding:.3rem .5rem;text-align:start}mark{background:#ffe066}.meta{color:#5d6d7e;font-size:.9em}
.hit{margin:.2rem 0}.res{border-top:1px solid #ddd;padding:.5rem 0}.error{color:#a93226}
input[type=search]{width:24rem;font-size:1rem}bdi{unicode-bidi:isolate}"""


def e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(title)}</title><style>{STYLE}</style></head><body>"
        f'<p class="meta"><a href="/">Rashomon</a></p>{body}</body></html>'
    )


def _form(q: str, d: str | None, names: list[str]) -> str:
    options = "".join(
        f'<option value="{e(n)}"{" selected" if n == d else ""}>{e(n)}</option>' for n in names
    )
    return (
        f'<form action="/search" method="get"><input type="search" name="q" value="{e(q)}" '
        'placeholder="words in any script; &quot;a phrase&quot;; a OR b" autofocus> '
        f'<select name="d"><option value="">all dossiers</option>{options}</select> '
        '<button type="submit">Search</button></form>'
        '<p class="meta">Search ignores diacritics and Arabic/Persian letter variants '
        f"({FOLD_EXAMPLES}), and digits in any script; words are found inside longer words.</p>"
    )


def index(dossiers: list[DossierInfo], root: Path) -> str:
    rows = "".join(
        f'<tr><td><a href="/d/{quote(d.name, safe="")}/">{e(d.name)}</a></td><td>{d.articles}</td>'
        f"<td>{e(d.created)}</td><td>"
        + " ".join(
            f'<a href="/d/{quote(d.name, safe="")}/export/{f}">{f}</a>'
            for f in ("json", "jsonld", "graphml", "csv")
        )
        + "</td></tr>"
        for d in dossiers
    )
    table = (
        f"<table><thead><tr><th>Dossier</th><th>Articles</th><th>Built</th><th>Export</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        if dossiers
        else f"<p>No dossier in {e(root)}: build one with <code>rashomon build PATH --out {e(root)}/NAME</code>.</p>"
    )
    return _page(
        "Rashomon", f"<h1>Dossiers</h1>{_form('', None, [d.name for d in dossiers])}{table}"
    )


def search(
    q: str, d: str | None, results: list[tuple[str, ArticleResult]], names: list[str]
) -> str:
    out = [f"<h1>Search</h1>{_form(q, d, names)}"]
    if q.strip():
        out.append(f'<p class="meta">{len(results)} article(s) for <bdi>{e(q)}</bdi></p>')
    for name, r in results:
        base = f"/d/{quote(name, safe='')}/"
        lang = language_name(r.language)
        out.append(
            f'<div class="res"><b><a href="{base}#art-{e(r.article)}" dir="{direction(r.title)}">'
            f"{text_html(r.title or r.article)}</a></b> "
            f'<span class="meta"><bdi>{e(r.outlet or "")}</bdi> · {e(lang)} · {e(r.published or "")} · '
            f"dossier <bdi>{e(name)}</bdi></span>"
        )
        for st in r.statements[:10]:
            label = "statement" + (f" of claim {st.claim}" if st.claim else "")
            out.append(
                f'<p class="hit" dir="{direction(st.text)}"><a href="{base}#span={e(r.article)}:'
                f'{st.start}:{st.end}">{text_html(st.text)}</a> '
                f'<span class="meta">({e(label)})</span></p>'
            )
        if not r.statements:
            for h in r.hits[:5]:
                out.append(
                    f'<p class="hit" dir="{direction(h.before + h.text + h.after)}">'
                    f'<a href="{base}#span={e(r.article)}:{h.start}:{h.end}">…{text_html(h.before)}'
                    f"<mark>{text_html(h.text)}</mark>{text_html(h.after)}…</a></p>"
                )
        out.append("</div>")
    return _page(f"Search: {q}", "".join(out))


def error(status: int, message: str) -> str:
    return _page(f"Error {status}", f'<h1>Error {status}</h1><p class="error">{e(message)}</p>')
