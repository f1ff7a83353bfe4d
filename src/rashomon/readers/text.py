"""Plain text: one file, one article. Decoding: strict UTF-8 first, then detection and repair."""

from __future__ import annotations

from rashomon.cleaning.encoding import DecodeError, decode_bytes
from rashomon.config import LimitsConfig
from rashomon.readers.base import ReadError
from rashomon.record import Article


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the head: not text (UTF-16 has its BOM)."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(head) and controls / len(head) > 0.05


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Decode bytes to text; returns the text and the repairs applied (none for clean UTF-8)."""
    try:
        text, repairs = decode_bytes(data)
    except DecodeError as exc:
        raise ReadError(str(exc)) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n"), repairs


def read_text(source: str, data: bytes, limits: LimitsConfig) -> list[Article]:
    if not data.strip():
        raise ReadError("empty file")
    if looks_binary(data):
        raise ReadError("not a text file (binary content)")
    text, repairs = decode_text(data)
    return [article_from_text(source, text, repairs, limits)]


def article_from_text(source: str, text: str, repairs: list[str], limits: LimitsConfig) -> Article:
    if not text.strip():
        raise ReadError("empty file (whitespace only)")
    from rashomon.readers.fields import apply_article_limit

    text, cut = apply_article_limit(text, limits)
    return Article.from_raw(text, source, repairs=repairs, removed=cut)
