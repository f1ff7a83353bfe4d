"""Choose a reader from a file's content (and, as a hint, its name)."""

from __future__ import annotations

from rashomon.config import LimitsConfig
from rashomon.readers.text import read_text
from rashomon.record import Article


def read_file(source: str, data: bytes, limits: LimitsConfig) -> list[Article]:
    return read_text(source, data, limits)
