"""HTML pages: main text and metadata with trafilatura, the publication date with htmldate."""

from __future__ import annotations

import logging

from rashomon.config import LimitsConfig
from rashomon.readers.base import ReadError
from rashomon.readers.fields import structured_article
from rashomon.record import Article

log = logging.getLogger(__name__)


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed entry's content), one block element a line."""
    import lxml.html

    if "<" not in fragment:
        return fragment
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # noqa: BLE001 - unparsable markup: fall back to dropping tags
        import re

        return re.sub(r"<[^>]+>", " ", fragment)
    for bad in root.xpath("//script|//style|//noscript|//iframe"):
        bad.drop_tree()
    for br in root.xpath("//br"):
        br.tail = "\n" + (br.tail or "")
    blocks = "p|div|li|h1|h2|h3|h4|h5|h6|blockquote|tr|figcaption|section|article|ul|ol|table"
    for el in root.xpath("|".join(f"//{b}" for b in blocks.split("|"))):
        el.tail = "\n" + (el.tail or "")
        if el.text:
            el.text = "\n" + el.text
        else:
            el.text = "\n"
    return root.text_content()


def read_html(source: str, text: str, repairs: list[str], limits: LimitsConfig) -> list[Article]:
    import trafilatura

    doc = trafilatura.bare_extraction(
        text, with_metadata=True, include_comments=False, include_tables=True
    )
    body = getattr(doc, "text", None) if doc is not None else None
    if not body:
        # trafilatura found no main content (a tiny page): take the visible text.
        body = html_to_text(text)
        if not body.strip():
            raise ReadError("HTML page without text")
    published = getattr(doc, "date", None) if doc is not None else None
    try:
        from htmldate import find_date

        published = find_date(text, original_date=True, extensive_search=False) or published
    except Exception as exc:  # noqa: BLE001 - a date is optional
        log.debug("htmldate failed on %s: %s", source, exc)
    title = getattr(doc, "title", None) if doc is not None else None
    if title and body.startswith(title + "\n"):
        body = body[len(title) + 1 :]
    outlet = None
    if doc is not None:
        outlet = getattr(doc, "sitename", None) or getattr(doc, "hostname", None)
    return [
        structured_article(
            source,
            title=title,
            body=body,
            description=getattr(doc, "description", None) if doc is not None else None,
            repairs=repairs,
            limits=limits,
            outlet=outlet,
            published=published,
            url=getattr(doc, "url", None) if doc is not None else None,
            language=getattr(doc, "language", None) if doc is not None else None,
        )
    ]
