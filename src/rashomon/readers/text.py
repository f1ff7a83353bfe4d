"""Plain text: one file, one article. Decoding: strict UTF-8 first, then detection and repair."""

from __future__ import annotations

from rashomon.cleaning.encoding import DecodeError, decode_bytes, utf16_without_bom
from rashomon.config import LimitsConfig
from rashomon.readers.base import ReadError
from rashomon.record import Article


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the head: not text (unless UTF-16)."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        return utf16_without_bom(data[:8192]) is None
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(head) and controls / len(head) > 0.05


def decode_text(data: bytes, repair: bool = True) -> tuple[str, list[str]]:
    """Decode bytes to text; returns the text and the repairs applied (none for clean UTF-8)."""
    try:
        text, repairs = decode_bytes(data, repair=repair)
    except DecodeError as exc:
        raise ReadError(str(exc)) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n"), repairs


def read_text(source: str, data: bytes, limits: LimitsConfig) -> list[Article]:
    if not data.strip():
        raise ReadError("empty file")
    if looks_binary(data):
        raise ReadError("not a text file (binary content)")
    text, repairs = decode_text(data, repair=False)
    return [article_from_text(source, text, repairs, limits)]


def article_from_text(source: str, text: str, repairs: list[str], limits: LimitsConfig) -> Article:
    if not text.strip():
        raise ReadError("empty file (whitespace only)")
    from rashomon.cleaning.encoding import repair_text
    from rashomon.readers.fields import apply_article_limit

    text, cut = apply_article_limit(text, limits)  # first: repairing what is cut is wasted
    text, more = repair_text(text)
    return Article.from_raw(text, source, repairs=repairs + more, removed=cut)
