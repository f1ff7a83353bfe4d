"""Readers and decoding on arbitrary bytes and hostile text: an article or a ReadError, never
another exception, and never text that the store cannot hold."""

from __future__ import annotations

import json

from hypothesis import example, given
from hypothesis import strategies as st

from rashomon.cleaning.encoding import DecodeError, decode_bytes
from rashomon.config import LimitsConfig
from rashomon.readers.base import ReadError, ReadFailure
from rashomon.readers.detect import read_file
from rashomon.readers.names import display_name
from tests.property.strategies import bounded, hostile_text

LIMITS = LimitsConfig(max_file_bytes=1_000_000, max_article_chars=200_000)
NAMES = ["a.txt", "a.html", "a.jsonl", "a.json", "a.xml", "a.rss", "a.jsonl.gz", "a"]


def _check(articles) -> None:
    for a in articles:
        for value in (a.raw, a.text, a.title or "", a.source, a.outlet or ""):
            value.encode("utf-8")  # no lone surrogate: SQLite and JSON would refuse it
        assert a.raw.strip()


def _read(name: str, data: bytes) -> None:
    failures: list[ReadFailure] = []
    try:
        articles = read_file(name, data, LIMITS, failures.append)
    except ReadError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    _check(articles)
    for f in failures:
        assert f.source.startswith(name) and f.reason


@bounded(150)
@given(st.binary(max_size=2000), st.sampled_from(NAMES))
def test_any_bytes_give_articles_or_a_read_error(data, name):
    _read(name, data)


@bounded(150)
@given(hostile_text, st.sampled_from(NAMES), st.sampled_from(["utf-8", "utf-16", "cp1256"]))
def test_hostile_text_in_any_encoding_and_format(text, name, encoding):
    _read(name, text.encode(encoding, errors="ignore"))


_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    hostile_text,
    st.sampled_from(["\ud800", "a\udfffb", "\udc80\udcff"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
_RECORD = st.fixed_dictionaries(
    {},
    optional={
        k: _VALUE
        for k in (
            "title",
            "maintext",
            "text",
            "description",
            "date_publish",
            "url",
            "source_domain",
            "language",
        )
    },
)


@bounded(150)
@given(st.lists(st.one_of(_RECORD, _VALUE), max_size=5), st.booleans())
@example([{"title": "lone \ud800", "maintext": "text \udfff here"}], True)  # crashed
def test_jsonl_records_of_any_shape(records, escape):
    # ensure_ascii=True writes lone surrogates as \udXXX escapes, as a hostile file would
    text = "\n".join(json.dumps(r, ensure_ascii=escape) for r in records)
    _read("x.jsonl", text.encode("utf-8", errors="surrogatepass"))


@bounded(200)
@given(st.binary(max_size=300))
def test_decode_bytes_decodes_or_says_why(data):
    try:
        text, repairs = decode_bytes(data)
    except DecodeError as exc:
        assert "UTF-8" in str(exc) or "UTF-16" in str(exc)
        return
    text.encode("utf-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        plain = data.decode("utf-8")
    except UnicodeDecodeError:
        assert repairs  # another encoding was used: the repair is recorded
    else:
        assert text == plain or repairs  # valid UTF-8 changed only with a recorded repair


@bounded(300)
@given(hostile_text)
def test_decoding_valid_utf8_never_changes_text_silently(text):
    out, repairs = decode_bytes(text.encode("utf-8"))
    assert out == text.removeprefix("\ufeff") or repairs


@bounded(300)
@given(st.text())
def test_display_name_is_printable_one_line_and_idempotent(name):
    shown = display_name(name)
    assert all(c.isprintable() or c in "\u200c\u200d" for c in shown)
    assert not any(c in shown for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    shown.encode("utf-8")
    assert display_name(shown) == shown
    if name.isprintable() and not any(
        "\u202a" <= c <= "\u202e" or "\u2066" <= c <= "\u2069" or c in "\u200e\u200f\u061c"
        for c in name
    ):
        assert shown == name
