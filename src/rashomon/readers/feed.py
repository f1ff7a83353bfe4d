"""RSS, Atom and RDF feeds (feedparser): each entry is one article.

An entry's HTML content (or its summary when there is no content) is turned into text one
block a line; the title, link, date and feed title fill the typed fields. Sources name the
entry: `path#entry3` (third entry); the entry's link is kept in `extras["reader.url"]`.
"""

from __future__ import annotations

from collections.abc import Callable

from rashomon.config import LimitsConfig
from rashomon.readers.base import ReadError, ReadFailure
from rashomon.readers.fields import structured_article
from rashomon.readers.html import html_to_text
from rashomon.record import Article


def read_feed(
    source: str,
    text: str,
    repairs: list[str],
    limits: LimitsConfig,
    on_failure: Callable[[ReadFailure], None] | None = None,
) -> list[Article]:
    import feedparser

    parsed = feedparser.parse(text)
    if not parsed.entries:
        reason = "feed without entries"
        if parsed.get("bozo"):
            reason += f" (not well-formed: {parsed.get('bozo_exception')})"
        raise ReadError(reason)
    feed_title = parsed.feed.get("title")
    language = parsed.feed.get("language")
    out: list[Article] = []
    for i, entry in enumerate(parsed.entries, start=1):
        where = f"{source}#entry{i}"
        content = ""
        if entry.get("content"):
            content = "\n".join(c.get("value", "") for c in entry.content)
        body = html_to_text(content or entry.get("summary", "") or "")
        try:
            out.append(
                structured_article(
                    where,
                    title=html_to_text(entry.get("title", "") or ""),
                    body=body,
                    repairs=repairs,
                    limits=limits,
                    outlet=feed_title,
                    published=entry.get("published_parsed") or entry.get("updated_parsed"),
                    url=entry.get("link"),
                    language=language,
                )
            )
        except ReadError as exc:
            if on_failure is None:
                raise
            on_failure(ReadFailure(where, f"{exc}; entry skipped"))
    return out
