"""Choose a reader from a file's content (the name is only a hint), after gunzip if needed.

Formats: gzip (of any of the others), RSS/Atom/RDF feeds, HTML pages, JSON and JSON Lines in
news-please's field layout, and plain text. Sniffing looks at the first kilobytes of the
decoded text: a feed's root element, HTML tags, a leading `{` or `[`. A `.json`/`.jsonl`
file that does not parse is reported, not read as text; an HTML-looking `.txt` is read as HTML.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable

from rashomon.config import LimitsConfig
from rashomon.readers.base import ReadError, ReadFailure
from rashomon.readers.text import article_from_text, decode_text, looks_binary
from rashomon.record import Article

_FEED = re.compile(r"<(rss|feed|rdf:RDF)\b", re.IGNORECASE)
_HTML = re.compile(r"<(!doctype html|html|head|body|article|div|p|meta|title)\b", re.IGNORECASE)


def gunzip(data: bytes, limits: LimitsConfig) -> bytes:
    """Decompress gzip data, refusing to grow past the size limit (a gzip bomb is reported)."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(data, limits.max_file_bytes + 1)
    except zlib.error as exc:
        raise ReadError(f"broken gzip data ({exc}); check the download") from exc
    if len(out) > limits.max_file_bytes or d.unconsumed_tail:
        raise ReadError(
            f"decompresses to more than the limit of {limits.max_file_bytes:,} bytes; "
            "raise [limits] max_file_bytes to read it"
        )
    if not d.eof:
        raise ReadError("truncated gzip file (ends before the end of the stream)")
    return out


def sniff(text: str, name: str) -> str:
    head = text[:4096].lstrip()
    lower = name.lower()
    if head[:1] in "{[" and head:
        return "json"
    if lower.endswith((".json", ".jsonl", ".ndjson")):
        return "json"
    if _FEED.search(head[:2048]) and (
        head.startswith("<") or lower.endswith((".xml", ".rss", ".atom"))
    ):
        return "feed"
    if head.startswith("<") and _HTML.search(head[:2048]):
        return "html"
    if lower.endswith((".html", ".htm", ".xhtml")) and _HTML.search(head):
        return "html"
    return "text"


def read_file(
    source: str,
    data: bytes,
    limits: LimitsConfig,
    on_failure: Callable[[ReadFailure], None] | None = None,
) -> list[Article]:
    """The articles in one input. Multi-article inputs report broken entries by name."""
    name = source
    if data[:2] == b"\x1f\x8b":
        data = gunzip(data, limits)
        name = re.sub(r"\.gz$", "", source, flags=re.IGNORECASE)
    if not data.strip():
        raise ReadError("empty file")
    if looks_binary(data):
        raise ReadError("not a text file (binary content)")
    text, repairs = decode_text(data)
    kind = sniff(text, name)
    if kind == "json":
        from rashomon.readers.jsonl import read_json

        return read_json(source, text, repairs, limits, on_failure)
    if kind == "feed":
        from rashomon.readers.feed import read_feed

        return read_feed(source, text, repairs, limits, on_failure)
    if kind == "html":
        from rashomon.readers.html import read_html

        return read_html(source, text, repairs, limits)
    return [article_from_text(source, text, repairs, limits)]
