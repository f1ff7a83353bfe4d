"""Features of one line of scraped text, shared by the boilerplate and metadata stages."""

from __future__ import annotations

import re

from rashomon.cleaning import vocab
from rashomon.cleaning.normalize import matching_key, matching_key_map

# Sentence-final punctuation, possibly followed by closing quotes/brackets.
_ENDS_SENTENCE = re.compile(r"[.!?؟۔…:؛。！？]['\"»”’)\]]*\s*$")
_TOKEN = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


class LineInfo:
    """A line and its features; the matching key and content tokens are computed on first use
    (most lines are body text and never need them)."""

    __slots__ = ("text", "words", "ends_sentence", "_key", "_content")

    def __init__(self, text: str) -> None:
        self.text = text
        # Scripts written without spaces (CJK) count about one word per two characters.
        self.words = len(text.split()) + len(_CJK.findall(text)) // 2
        self.ends_sentence = bool(_ENDS_SENTENCE.search(text[-12:]))
        self._key: str | None = None
        self._content: list[str] | None = None

    @property
    def key(self) -> str:
        if self._key is None:
            self._key = matching_key(self.text)
        return self._key

    @property
    def content(self) -> list[str]:
        """Key tokens that carry meaning: not digits or codes ("0 comments", "ض1002"),
        not neutral words."""
        if self._content is None:
            neutral = vocab.neutral_words()
            self._content = [
                t for t in _TOKEN.findall(self.key) if not _DIGIT.search(t) and t not in neutral
            ]
        return self._content

    @property
    def body_like(self) -> bool:
        """Reads as running text: long, or a complete sentence of some length.

        Calibrated on the seeds' and corpus' furniture: no furniture line there has 20 words,
        and none of 6+ words ends with sentence punctuation except captions (handled apart).
        """
        return self.words >= 20 or (self.words >= 6 and self.ends_sentence)


def line_info(text: str) -> LineInfo:
    return LineInfo(text)


def coverage(info: LineInfo, name: str) -> float:
    """Share of the line's content tokens inside matches of vocabulary `name` (0..1)."""
    if not info.content:
        return 0.0
    spans = vocab.phrases(name).spans(info.key)
    if not spans:
        return 0.0
    covered = 0
    for m in _TOKEN.finditer(info.key):
        tok = m.group()
        if _DIGIT.search(tok) or tok in vocab.neutral_words():
            continue
        if any(s <= m.start() and m.end() <= e for s, e in spans):
            covered += 1
    return covered / len(info.content)


def has(info: LineInfo, name: str) -> bool:
    return bool(vocab.phrases(name).spans(info.key))


def leftover(text: str, names: tuple[str, ...], drop_digits: bool = True) -> str:
    """`text` without the words of the vocabularies `names`, neutral words and symbols.

    What remains of a furniture line ("X | Facebook", "Follow X on Instagram",
    "© 2025 X. All rights reserved") is usually the outlet's name, in the source's characters.
    """
    key, idx = matching_key_map(text)
    covered = [False] * len(text)
    for name in names:
        for start, end in vocab.phrases(name).spans(key):
            for k in range(start, end):
                covered[idx[k]] = True
    neutral = vocab.neutral_words()
    kept: list[str] = []
    for m in re.finditer(r"\S+", text):
        tok = m.group()
        if all(covered[m.start() + k] for k, ch in enumerate(tok) if ch.isalnum()):
            continue  # every letter of the token belongs to a vocabulary phrase
        core = "".join(_TOKEN.findall(tok))
        if not core or matching_key(core) in neutral:
            continue
        if drop_digits and core.isdigit():
            continue
        kept.append(tok.strip("|-–—:·•,،()[]«»\"'"))
    return " ".join(t for t in kept if t)
