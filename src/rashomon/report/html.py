"""`report.html`: one self-contained file rendered from the dossier JSON.

The page works offline and asks for nothing: the JavaScript libraries (cytoscape for the
graphs, vis-timeline for the timeline) are vendored under `assets/` and inlined, and a
Content-Security-Policy forbids every network request; inline scripts run only when their
SHA-256 is listed in the policy, so text that slipped through as markup could not run anyway.

Article text is untrusted: every value from the dossier is escaped (`text.e`), the data the
script needs is embedded as JSON with `<`, `>`, `&` escaped, and the script builds its DOM with
`textContent`, never `innerHTML`. The page is readable without the script (all sections are
rendered here); the script adds the graphs, the timeline, filtering and click-to-span.

Sections, in the order an analyst needs them: the story in brief, what doesn't add up, claims,
entities, timeline, provenance, the articles.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from rashomon import jsonsafe
from rashomon.report import large, sections
from rashomon.report.glosses import SWITCH
from rashomon.report.text import e, text_html

if TYPE_CHECKING:
    from rashomon.corpus import EntityRelation

ASSETS = ("cytoscape.min.js", "vis-timeline-graph2d.min.js")


@lru_cache(maxsize=8)
def asset(name: str) -> str:
    return resources.files("rashomon.report").joinpath("assets", name).read_text("utf-8")


def script_json(value: Any) -> str:
    """JSON safe inside a `<script>` element: no `</script>`, `<!--` or line separators can
    appear, whatever the strings hold."""
    return (
        jsonsafe.dumps(value, ensure_ascii=False, separators=(",", ":"))
        .replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _sha256(script: str) -> str:
    return (
        "'sha256-"
        + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        + "'"
    )


def csp(scripts: list[str]) -> str:
    """No fetch, image, font, frame or form may leave the page; only the listed scripts run."""
    return "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(_sha256(s) for s in scripts),
            "style-src 'unsafe-inline'",  # vis-timeline injects its own <style>
            "img-src data:",
            "font-src data:",
            "connect-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def _story_label(dossier: dict[str, Any]) -> str | None:
    """The label of the largest story, shortened for a title."""
    stories = [s for s in dossier.get("stories", []) if s.get("label")]
    if not stories:
        return None
    label = str(max(stories, key=lambda s: len(s["articles"]))["label"])
    return label if len(label) <= 90 else label[:89] + "…"


def _title(dossier: dict[str, Any]) -> str:
    label = _story_label(dossier)
    return f"Rashomon dossier: {label}" if label else "Rashomon dossier"


def render_report(
    dossier: dict[str, Any],
    scope: Any = None,
    *,
    matrix_limit: int | None = None,
    relations: Iterable[EntityRelation] = (),
) -> str:
    """The report page for `dossier` (a dict following dossier.schema.json). With `scope` (a
    `report.scope.Scope`), `dossier` is the part of a large dossier shown in full and the page
    says what it leaves out (`report.scope.report_from_store` makes both from a store).
    `matrix_limit` bounds the claims matrix alone (a large story's report). `relations`: the
    entity linker's relations (`Store.relations()`), drawn in the entity graph."""
    ctx = sections.Context(dossier, scope, matrix_limit, relations)
    body = [
        *([large.notice(ctx)] if scope is not None else []),
        *(section.render(ctx) for section in sections.ORDER),
    ]
    scripts = [asset(name) for name in ASSETS] + [asset("report.js")]
    counts = Counter(
        {
            "discrepancies": len(dossier.get("discrepancies", [])),
            "claims": len(dossier.get("claims", [])),
            "entities": len(dossier.get("entities", [])),
            "timeline": len(dossier.get("timeline", [])),
            "provenance": len(dossier["provenance"].get("cited_sources", []))
            + len(dossier["provenance"].get("reuse", [])),
            "articles": len(dossier["articles"]),
        }
    )
    nav = "".join(
        f'<a href="#{sid}">{label}'
        + (f' <span class="n">{counts[sid]}</span>' if sid in counts else "")
        + "</a>"
        for sid, label in sections.SECTIONS
    )
    meta = dossier["meta"]
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="en" dir="ltr"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{e(csp(scripts))}">',
            '<meta name="referrer" content="no-referrer">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="generator" content="rashomon {e(meta.get("version"))}">',
            f"<title>{e(_title(dossier))}</title>",
            f"<style>{asset('vis-timeline-graph2d.min.css')}\n{asset('report.css')}</style>",
            "</head><body>",
            "<header><h1>Rashomon dossier"
            + (
                f": <bdi>{text_html(_story_label(dossier) or '')}</bdi>"
                if _story_label(dossier)
                else ""
            )
            + f'</h1><nav aria-label="sections">{nav}</nav>{SWITCH}</header>',
            '<main id="main">',
            *body,
            "</main>",
            '<aside id="panel" hidden aria-live="polite"><button type="button" id="panel-close" '
            'aria-label="close">×</button><div id="panel-body"></div></aside>',
            f"<footer>Made by rashomon {e(meta.get('version'))} on {e(meta.get('created'))}. "
            "Every quoted span points to its exact place in its article: click it.</footer>",
            f'<script type="application/json" id="rashomon-data">{script_json(ctx.script_data())}</script>',
            *(f"<script>{s}</script>" for s in scripts),
            "</body></html>",
        ]
    )
