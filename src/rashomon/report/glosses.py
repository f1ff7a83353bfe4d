"""English renderings in the report, and lines that mix English with Arabic or Persian.

A mixed line (an English explanation quoting Arabic, an outlet's name inside an English
sentence) is laid out left to right with every right-to-left fragment and every «quote» in a
`<bdi>` of its own, so the English words keep their order and the quote stays intact. A gloss
marks its right-to-left fragments with Unicode isolates (FSI ... PDI); here they become `<bdi>`.
"""

from __future__ import annotations

import re
from typing import Any

from rashomon.gloss.render import FSI, PDI, Gloss
from rashomon.report.text import e, text_html

_ISOLATED = re.compile(f"{FSI}([^{FSI}{PDI}]*){PDI}")
# A «quote», or a run of right-to-left words (letters of the Hebrew/Arabic blocks, with the
# spaces, digits and punctuation between them).
_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
_FRAGMENT = re.compile(
    rf"«[^»]*»|[{_RTL}](?:[{_RTL}\u200c\u0660-\u0669\u06f0-\u06f90-9 .,،:\-/]*[{_RTL}])?"
)

SWITCH = (
    '<div class="lang-switch" role="radiogroup" aria-label="Show text in">Show: '
    '<label><input type="radio" name="lang-view" value="both" checked> originals and English</label> '
    '<label><input type="radio" name="lang-view" value="orig"> originals only</label> '
    '<label><input type="radio" name="lang-view" value="en"> English only</label></div>'
)


def isolated_html(text: str) -> str:
    """Escaped text whose FSI ... PDI fragments are `<bdi>` elements."""
    out, last = [], 0
    for m in _ISOLATED.finditer(text):
        out.append(text_html(text[last : m.start()]))
        out.append(f"<bdi>{text_html(m.group(1))}</bdi>")
        last = m.end()
    out.append(text_html(text[last:]))
    return "".join(out)


def mixed_html(text: str) -> str:
    """An English line with each «quote» and right-to-left run isolated in a `<bdi>` (a gloss's
    own isolates are dropped first: every right-to-left run gets one here)."""
    text = text.replace(FSI, "").replace(PDI, "")
    out, last = [], 0
    for m in _FRAGMENT.finditer(text):
        out.append(isolated_html(text[last : m.start()]))
        frag = m.group(0)
        if frag.startswith("«"):
            out.append(f"«<bdi>{isolated_html(frag[1:-1])}</bdi>»")
        else:
            out.append(f"<bdi>{isolated_html(frag)}</bdi>")
        last = m.end()
    out.append(isolated_html(text[last:]))
    return "".join(out)


def method_note(gloss: dict[str, Any]) -> str:
    """How a gloss was made, in words, for its tooltip."""
    method = gloss.get("method", "")
    if method.startswith("mt:"):
        return f"machine translation by {method[3:]} (structured rendering kept beside it)"
    words = gloss.get("words") or {}
    cover = f"; {words['glossed']} of {words['total']} words rendered" if words.get("total") else ""
    return (
        "structured English rendering, in the original's word order: Latin names, NOT/possibly, "
        f"dates, quantities and dictionary words; … marks words with no rendering{cover}"
    )


def _as_dict(gloss: Gloss | dict[str, Any] | None) -> dict[str, Any] | None:
    """A typed gloss (`Claim.gloss`, `ClaimStatement.gloss`) as the dossier writes it."""
    return gloss.to_dict() if isinstance(gloss, Gloss) else gloss


def gloss_html(gloss: Gloss | dict[str, Any] | None, tag: str = "div") -> str:
    """A gloss as an English line beside its original (empty for English originals)."""
    gloss = _as_dict(gloss)
    if not gloss or gloss.get("method") == "original":
        return ""
    return (
        f'<{tag} class="gloss" lang="en" dir="ltr" data-method="{e(gloss["method"])}" '
        f'title="{e(method_note(gloss))}"><span class="gloss-tag">EN</span> '
        f"{mixed_html(gloss['text'])}</{tag}>"
    )


def english_text(gloss: dict[str, Any] | None) -> str:
    """A gloss's English line as plain text (isolate marks dropped); empty for an original
    that is already English."""
    if not gloss or gloss.get("method") == "original":
        return ""
    return gloss["text"].replace(FSI, "").replace(PDI, "")


def search_text(*glosses: Gloss | dict[str, Any] | None) -> str:
    """The English words of glosses, for a filter's haystack."""
    texts = (g.text if isinstance(g, Gloss) else g["text"] for g in glosses if g)
    return " ".join(t.replace(FSI, "").replace(PDI, "") for t in texts)
