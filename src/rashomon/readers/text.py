"""Plain text: one file, one article. Decoding is strict UTF-8 (with BOM) first."""

from __future__ import annotations

from rashomon.config import LimitsConfig
from rashomon.readers.base import ReadError
from rashomon.record import Article


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the head: not text."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(head) and controls / len(head) > 0.05


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Decode bytes to text; returns the text and the repairs applied (none for clean UTF-8)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        raise ReadError(f"not valid UTF-8 (byte {exc.start}); save the file as UTF-8") from exc


def read_text(source: str, data: bytes, limits: LimitsConfig) -> list[Article]:
    if not data.strip():
        raise ReadError("empty file")
    if looks_binary(data):
        raise ReadError("not a text file (binary content)")
    text, repairs = decode_text(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError("empty file (whitespace only)")
    return [Article.from_raw(text, source, repairs=repairs)]
