"""Articles from structured inputs (HTML metadata, feed entries, news-please records).

The article's `raw` is the headline and the body text, one paragraph a line: the text the
cleaning stages work on (the markup itself is not kept; the input file is). Known metadata
goes to the typed fields (`title`, `outlet`, `published`); the entry's URL, its declared
language and its description go to `extras` ("reader.url", "reader.language",
"reader.description").
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from rashomon.cleaning.encoding import repair_text
from rashomon.config import LimitsConfig
from rashomon.readers.base import ReadError
from rashomon.record import Article, Removed

_WS = re.compile(r"[ \t\u00a0]+")


def apply_article_limit(text: str, limits: LimitsConfig) -> tuple[str, list[Removed]]:
    """Cut an article longer than `[limits] max_article_chars` at a line end, and say so.

    The cut part is not kept (that is the point of the limit); its size and first characters
    are recorded in `removed[]` so the user sees what happened and which setting to raise.
    """
    limit = limits.max_article_chars
    if len(text) <= limit:
        return text, []
    cut = text.rfind("\n", 0, limit)
    cut = cut if cut > limit // 2 else limit
    head, tail = text[:cut], text[cut:]
    note = Removed(
        text=tail[:200].strip() + " …",
        reason=(
            f"over the article size limit: {len(tail):,} characters cut; raise [limits] "
            "max_article_chars to keep them"
        ),
        line=head.count("\n") + 1,
    )
    return head, [note]


def parse_date(value: Any) -> date | None:
    """A date from an ISO string, a datetime, or a struct_time (feedparser); else None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "tm_year"):
        try:
            return date(value.tm_year, value.tm_mon, value.tm_mday)
        except ValueError:
            return None
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", str(value))
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


def tidy(text: str) -> str:
    """Collapse runs of spaces inside lines, keep one paragraph a line."""
    lines = (_WS.sub(" ", ln).strip() for ln in text.replace("\r\n", "\n").split("\n"))
    return "\n".join(ln for ln in lines if ln)


def structured_article(
    source: str,
    *,
    title: str | None,
    body: str | None,
    repairs: list[str],
    limits: LimitsConfig,
    outlet: str | None = None,
    published: Any = None,
    url: str | None = None,
    language: str | None = None,
    description: str | None = None,
) -> Article:
    title = tidy(str(title or "")).replace("\n", " ") or None
    body = tidy(str(body or ""))
    description = tidy(str(description or "")) or None
    if not body and description:
        body = description  # a feed entry or record with a summary only
    if not body and not title:
        raise ReadError("no text: neither a title nor a body")
    repairs = list(repairs)
    fixed: list[str] = []
    parts = []
    for part in (title, body):
        if part:
            part, more = repair_text(part)
            fixed += [m for m in more if m not in fixed]
            parts.append(part)
    repairs += [m for m in fixed if m not in repairs]
    if title:
        title = parts[0]
        body = parts[1] if len(parts) > 1 else ""
    # The headline is the first line, as in a scraped page, unless the body already starts
    # with it.
    raw = body if (not title or body.startswith(title)) else f"{title}\n{body}"
    raw, cut = apply_article_limit(raw, limits)
    article = Article.from_raw(raw, source, repairs=repairs, removed=cut)
    article.title = title
    article.outlet = tidy(str(outlet)) if outlet else None
    article.published = parse_date(published)
    if url:
        article.extras["reader.url"] = str(url)
    if language:
        article.extras["reader.language"] = str(language)
    if description:
        article.extras["reader.description"] = description
    return article
