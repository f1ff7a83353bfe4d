"""Features of one line of scraped text, shared by the boilerplate and metadata stages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rashomon.cleaning import vocab
from rashomon.cleaning.normalize import matching_key, matching_key_map

# Sentence-final punctuation, possibly followed by closing quotes/brackets.
_ENDS_SENTENCE = re.compile(r"[.!?؟۔…:؛。！？]['\"»”’)\]]*\s*$")
_TOKEN = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@dataclass(slots=True)
class LineInfo:
    text: str
    key: str
    words: int
    ends_sentence: bool
    content: list[str] = field(default_factory=list)  # key tokens that carry meaning

    @property
    def body_like(self) -> bool:
        """Reads as running text: long, or a complete sentence of some length.

        Calibrated on the seeds' and corpus' furniture: no furniture line there has 20 words,
        and none of 6+ words ends with sentence punctuation except captions (handled apart).
        """
        return self.words >= 20 or (self.words >= 6 and self.ends_sentence)


def line_info(text: str) -> LineInfo:
    key = matching_key(text)
    neutral = vocab.neutral_words()
    # Tokens with digits are counters and codes ("0 comments", "ض1002"), never meaning.
    content = [t for t in _TOKEN.findall(key) if not _DIGIT.search(t) and t not in neutral]
    return LineInfo(
        text=text,
        key=key,
        # Scripts written without spaces (CJK) count about one word per two characters.
        words=len(text.split()) + len(_CJK.findall(text)) // 2,
        ends_sentence=bool(_ENDS_SENTENCE.search(text)),
        content=content,
    )


def coverage(info: LineInfo, name: str) -> float:
    """Share of the line's content tokens inside matches of vocabulary `name` (0..1)."""
    if not info.content:
        return 0.0
    spans = [m.span() for m in vocab.pattern(name).finditer(info.key)]
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
    return vocab.pattern(name).search(info.key) is not None


def leftover(text: str, names: tuple[str, ...], drop_digits: bool = True) -> str:
    """`text` without the words of the vocabularies `names`, neutral words and symbols.

    What remains of a furniture line ("X | Facebook", "Follow X on Instagram",
    "© 2025 X. All rights reserved") is usually the outlet's name, in the source's characters.
    """
    key, idx = matching_key_map(text)
    covered = [False] * len(text)
    for name in names:
        for m in vocab.pattern(name).finditer(key):
            for k in range(m.start(), m.end()):
                covered[idx[k]] = True
    neutral = vocab.neutral_words()
    kept: list[str] = []
    for m in re.finditer(r"\S+", text):
        tok = m.group()
        if all(covered[m.start() : m.end()]):
            continue
        core = "".join(_TOKEN.findall(tok))
        if not core or matching_key(core) in neutral:
            continue
        if drop_digits and core.isdigit():
            continue
        kept.append(tok.strip("|-–—:·•,،()[]«»\"'"))
    return " ".join(t for t in kept if t)
