"""JSON and JSON Lines in news-please's field layout.

Fields: `title`, `maintext` (or `text`), `description`, `date_publish`, `source_domain`,
`url`, `language`. A JSON file may hold one record or an array of records; a JSONL file one
record a line. Sources name the entry: `path#L12` (line 12 of a JSONL file), `path#3` (the
third record of a JSON array). A broken line is reported with its file and line number, and
the rest of the file goes on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from rashomon.config import LimitsConfig
from rashomon.readers.base import ReadError, ReadFailure
from rashomon.readers.detect import looks_like_json_lines
from rashomon.readers.fields import structured_article
from rashomon.record import Article

_TEXT_FIELDS = (
    "title",
    "maintext",
    "text",
    "content",
    "description",
    "source_domain",
    "sitename",
    "url",
    "language",
)

_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_NOTE = "lone surrogate escapes replaced with U+FFFD"


def _record(source: str, rec: Any, repairs: list[str], limits: LimitsConfig) -> Article:
    if not isinstance(rec, dict):
        raise ReadError(f"expected a JSON object with news-please fields, got {type(rec).__name__}")
    # A text field of another type must not become text: str() made {"maintext": {"a": 1}}
    # the article "{'a': 1}" and a list title "['x']", silently.
    for key in _TEXT_FIELDS:
        value = rec.get(key)
        if value is not None and not isinstance(value, str):
            raise ReadError(f"field {key!r} should be text, got {type(value).__name__}")
        # A JSON escape such as "\ud800" gives a lone surrogate, which no UTF-8 writer (the
        # id hash, SQLite, the report) accepts: it crashed the reader. Replace, and say so.
        if value and _SURROGATE.search(value):
            rec = {**rec, key: _SURROGATE.sub("\ufffd", value)}
            if _SURROGATE_NOTE not in repairs:
                repairs = [*repairs, _SURROGATE_NOTE]
    body = rec.get("maintext") or rec.get("text") or rec.get("content")
    if not (body or rec.get("title") or rec.get("description")):
        raise ReadError("record has none of the fields title, maintext, description")
    return structured_article(
        source,
        title=rec.get("title"),
        body=body,
        description=rec.get("description"),
        repairs=repairs,
        limits=limits,
        outlet=rec.get("source_domain") or rec.get("sitename"),
        published=rec.get("date_publish") or rec.get("date"),
        url=rec.get("url"),
        language=rec.get("language"),
    )


def read_json(
    source: str,
    text: str,
    repairs: list[str],
    limits: LimitsConfig,
    on_failure: Callable[[ReadFailure], None] | None = None,
) -> list[Article]:
    def report(where: str, reason: str) -> None:
        if on_failure is None:
            raise ReadError(f"{where}: {reason}")
        on_failure(ReadFailure(where, reason))

    try:
        whole = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        if not (
            source.lower().endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"))
            or looks_like_json_lines(text)
        ):
            raise ReadError(f"not valid JSON or JSON Lines ({_why(exc)})") from exc
        return _read_lines(source, text, repairs, limits, report)
    if isinstance(whole, dict):
        return [_record(source, whole, repairs, limits)]
    if not isinstance(whole, list):
        raise ReadError("JSON holds neither an object nor an array of objects")
    out = []
    for i, rec in enumerate(whole, start=1):
        try:
            out.append(_record(f"{source}#{i}", rec, repairs, limits))
        except ReadError as exc:
            report(f"{source}#{i}", str(exc))
    return out


def _why(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"line {exc.lineno}, column {exc.colno}: {exc.msg}"
    return "nested too deeply to read"  # RecursionError: thousands of [ or {


def _read_lines(
    source: str,
    text: str,
    repairs: list[str],
    limits: LimitsConfig,
    report: Callable[[str, str], None],
) -> list[Article]:
    """JSON Lines: each line read alone; a broken one (the first included: a dump cut at its
    start) is reported by its line number and the others kept."""
    out = []
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}#L{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            report(where, f"broken JSON on line {n} (column {exc.colno}: {exc.msg}); line skipped")
            continue
        except RecursionError:
            report(where, f"JSON on line {n} is nested too deeply to read; line skipped")
            continue
        try:
            out.append(_record(where, rec, repairs, limits))
        except ReadError as exc:
            report(where, f"{exc}; line skipped")
    return out
