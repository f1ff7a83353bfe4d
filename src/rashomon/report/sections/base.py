"""What every section shares: the section list, escaping helpers, the section frame.

Every value from the dossier goes through `e()` (escape) or `text_html()`; text of unknown
direction is wrapped in `<bdi>` (or given its own `dir`) so Arabic or Persian names inside an
English sentence, and numbers inside an Arabic one, keep their order.
"""

from __future__ import annotations

from typing import Any

from rashomon.report.text import e, text_html

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
    return jump_at(span["article"], span["start"], span["end"])


def jump_at(article: str, start: int, end: int) -> str:
    """`jump_attrs` of the span `start`-`end` of `article`."""
    return (
        f'href="#span={e(article)}:{int(start)}:{int(end)}" '
        f'data-jump="{e(article)}:{int(start)}:{int(end)}"'
    )


def section(sid: str, number: int, intro: str, inner: str) -> str:
    title = dict(SECTIONS)[sid]
    return (
        f'<section id="{sid}" aria-labelledby="h-{sid}"><h2 id="h-{sid}">{number}. {e(title)}</h2>'
        f'<p class="intro">{intro}</p>{inner}</section>'
    )


def empty(what: str) -> str:
    return f'<p class="empty">{e(what)}</p>'


def num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
