"""Choose a reader from a file's content (the name is only a hint), after gunzip if needed.

Formats: gzip (of any of the others), RSS/Atom/RDF feeds, HTML pages, JSON and JSON Lines in
news-please's field layout, and plain text. Sniffing looks at the first kilobytes of the
decoded text: a feed's root element, HTML tags, a leading `{` or `[`. A `.json`/`.jsonl`
file that does not parse is reported, not read as text; an HTML-looking `.txt` is read as HTML.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable, Iterator

from rashomon.config import LimitsConfig
from rashomon.readers.base import ReadError, ReadFailure
from rashomon.readers.text import article_from_text, decode_text, looks_binary
from rashomon.record import Article

_FEED = re.compile(r"<(rss|feed|rdf:RDF)\b", re.IGNORECASE)
_HTML = re.compile(r"<(!doctype html|html|head|body|article|div|p|meta|title)\b", re.IGNORECASE)


def gunzip(data: bytes, limits: LimitsConfig) -> tuple[bytes, list[str]]:
    """Decompress gzip data, every member of it (`cat a.gz b.gz` is valid gzip: `zcat` prints
    both; only the first used to be kept, silently), refusing to grow past the size limit in
    all (a gzip bomb is reported). Returns the data and notes for `repairs`: bytes after the
    last member that are not gzip are ignored and said (zero padding is ignored quietly, as
    gzip(1) does)."""
    out = bytearray()
    notes: list[str] = []
    rest = data
    while rest:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += d.decompress(rest, limits.max_file_bytes + 1 - len(out))
        except zlib.error as exc:
            if out:  # a good member came first: what follows is trailing garbage
                notes.append(f"{len(rest):,} bytes after the gzip data ignored (not gzip)")
                break
            raise ReadError(f"broken gzip data ({exc}); check the download") from exc
        if len(out) > limits.max_file_bytes or d.unconsumed_tail:
            raise ReadError(
                f"decompresses to more than the limit of {limits.max_file_bytes:,} bytes; "
                "raise [limits] max_file_bytes to read it"
            )
        if not d.eof:
            raise ReadError("truncated gzip file (ends before the end of the stream)")
        rest = d.unused_data
        if rest and not rest.startswith(b"\x1f\x8b"):
            if rest.strip(b"\x00"):
                notes.append(f"{len(rest):,} bytes after the gzip data ignored (not gzip)")
            break
    return bytes(out), notes


def first_lines(text: str, count: int) -> Iterator[str]:
    """The first `count` lines of `text`, without splitting the rest of it."""
    start = 0
    for _ in range(count):
        if start > len(text):
            return
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        yield text[start:end]
        start = end + 1


def looks_like_json_lines(text: str, lines: int = 20) -> bool:
    """One of the first `lines` non-empty lines is a JSON object or array: a crawl dump whose
    first line was cut is still JSON Lines."""
    seen = 0
    for line in first_lines(text, 10 * lines):
        if not line.strip():
            continue
        seen += 1
        if line.lstrip()[:1] in "{[":
            try:
                if isinstance(json.loads(line), dict | list):
                    return True
            except (ValueError, RecursionError):
                pass
        if seen >= lines:
            break
    return False


def sniff(text: str, name: str) -> str:
    head = text[:4096].lstrip()
    lower = name.lower()
    if head[:1] in "{[" and head:
        return "json"
    if lower.endswith((".json", ".jsonl", ".ndjson")):
        return "json"
    if looks_like_json_lines(text):
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
    notes: list[str] = []
    if data[:2] == b"\x1f\x8b":
        data, notes = gunzip(data, limits)
        name = re.sub(r"\.gz$", "", source, flags=re.IGNORECASE)
    if not data.strip():
        raise ReadError("empty file")
    if looks_binary(data):
        raise ReadError("not a text file (binary content)")
    text, repairs = decode_text(data, repair=False)  # fields are repaired after parsing
    repairs = notes + repairs
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
