"""`report.html`: one self-contained file rendered from the dossier JSON.

Article text is untrusted: everything from the dossier is escaped with `html.escape`, and
right-to-left paragraphs get `dir="auto"` so the browser lays them out by their own script.
"""

from __future__ import annotations

from html import escape
from typing import Any


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def render_report(dossier: dict[str, Any]) -> str:
    arts = dossier["articles"]
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        "<title>Rashomon dossier</title>",
        "<style>body{font-family:'Noto Sans','Noto Naskh Arabic',sans-serif;max-width:60rem;margin:auto;padding:1rem}"
        "article{border-top:1px solid #ccc;padding:1rem 0}.meta{color:#555;font-size:.9em}"
        "p{unicode-bidi:plaintext}</style>",
        "</head><body>",
        f"<h1>Rashomon dossier</h1><p class=meta>{len(arts)} article(s), "
        f"made by rashomon {_e(dossier['meta']['version'])} on {_e(dossier['meta']['created'])}</p>",
    ]
    for a in arts:
        parts.append(f'<article id="article-{_e(a["id"])}">')
        parts.append(f'<h2 dir="auto">{_e(a["title"] or a["source"])}</h2>')
        parts.append(
            f"<p class=meta>source <bdi>{_e(a['source'])}</bdi> · language {_e(a['language'])} · "
            f"outlet <bdi>{_e(a['outlet'])}</bdi> · published {_e(a['published'])}</p>"
        )
        for para in a["text"].split("\n"):
            parts.append(f'<p dir="auto">{_e(para)}</p>')
        parts.append("</article>")
    parts.append("</body></html>")
    return "\n".join(parts)
