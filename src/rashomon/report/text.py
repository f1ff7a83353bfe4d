"""Article text as HTML: paragraphs cut into segments at every span boundary.

Every segment is `<span class="g" data-s=START data-e=END>` with offsets into `article.text`
(Python code points), so the page can highlight any span of the dossier by its offsets alone:
the segments a span covers are exactly those with start >= span.start and end <= span.end.
Segments inside a statement carry its id (`data-st`), inside a mention its entity (`data-ent`).

Each paragraph gets its own `dir` from the bidi class of its letters (an Arabic paragraph that
starts with a Latin name is still right-to-left) and `lang`. The text is escaped; bidirectional
formatting characters are shown as visible marks so untrusted text cannot reorder the page.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import Any

from rashomon.report.views import BIDI_CONTROLS, direction


def e(value: Any) -> str:
    """Escape for HTML text and attribute values."""
    return escape("" if value is None else str(value), quote=True)


def text_html(text: str) -> str:
    """Escaped text with bidi formatting characters replaced by visible, isolated marks."""
    if not any(ch in BIDI_CONTROLS for ch in text):
        return e(text)
    out = []
    for ch in text:
        if ch in BIDI_CONTROLS:
            code = f"U+{ord(ch):04X}"
            out.append(f'<span class="ctl" title="bidi control {code}">[{code}]</span>')
        else:
            out.append(e(ch))
    return "".join(out)


def paragraphs(article: dict[str, Any]) -> list[tuple[int, int, str | None]]:
    """(start, end, language) of each paragraph: the segmenter's when they are valid, else
    the text's lines."""
    text = article["text"]
    paras = article.get("paragraphs") or []
    if paras and all(0 <= p["start"] <= p["end"] <= len(text) for p in paras):
        out = sorted((p["start"], p["end"], p.get("language")) for p in paras)
        if all(out[i][1] <= out[i + 1][0] for i in range(len(out) - 1)):
            return out
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line), None))
        pos += len(line) + 1
    return out


def article_body(
    article: dict[str, Any],
    spans: list[tuple[int, int, str, str]],
) -> str:
    """The article's paragraphs as HTML. `spans` are (start, end, kind, ref) with kind one of
    'st' (statement id), 'm' (entity id), 'cs' (cited source), 'd' (discrepancy id)."""
    text = article["text"]
    lang = article.get("language") or ""
    cuts = {0, len(text)}
    for s, t, _k, _r in spans:
        cuts.update((max(0, min(s, len(text))), max(0, min(t, len(text)))))
    parts = []
    for ps, pe, plang in paragraphs(article):
        ptext = text[ps:pe]
        if not ptext.strip():
            continue
        bounds = sorted({ps, pe, *(c for c in cuts if ps < c < pe)})
        segs = []
        for s, t in zip(bounds, bounds[1:], strict=False):
            attrs: dict[str, list[str]] = defaultdict(list)
            for a, b, kind, ref in spans:
                if a <= s and t <= b and a < b:
                    attrs[kind].append(ref)
            classes = ["g", *sorted(k for k in attrs if k in ("st", "m", "cs", "d"))]
            data = "".join(
                f' data-{name}="{e(" ".join(dict.fromkeys(attrs[kind])))}"'
                for kind, name in (("st", "st"), ("m", "ent"), ("d", "disc"))
                if attrs.get(kind)
            )
            segs.append(
                f'<span class="{" ".join(classes)}" data-s="{s}" data-e="{t}"{data}>'
                f"{text_html(text[s:t])}</span>"
            )
        d = direction(ptext)
        parts.append(
            f'<p dir="{d}" lang="{e(plang or lang)}" data-s="{ps}" data-e="{pe}">{"".join(segs)}</p>'
        )
    return "\n".join(parts)


def quote_html(
    article: dict[str, Any], span: dict[str, Any], marks: list[tuple[int, int, str]]
) -> str:
    """The text of `span` with `marks` (absolute start, end, css class) highlighted inside it,
    e.g. the quantities, dates and hedges of a statement."""
    s0, s1 = span["start"], span["end"]
    text = article["text"]
    inner = sorted((max(a, s0), min(b, s1), cls) for a, b, cls in marks if a < s1 and b > s0)
    out, pos = [], s0
    for a, b, cls in inner:
        if a < pos:
            continue
        out.append(text_html(text[pos:a]))
        out.append(f'<mark class="{e(cls)}">{text_html(text[a:b])}</mark>')
        pos = b
    out.append(text_html(text[pos:s1]))
    return "".join(out)
