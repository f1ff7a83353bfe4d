"""Paragraphs and sentences, with exact offsets into the display text.

Sentence ends: . ! ? and their Arabic/Persian/Urdu forms (؟ ۔), the ellipsis, followed by a
space, a closing quote, the end of the paragraph, or directly by a letter of a right-to-left
script (scraped Persian often loses the space: "است.طبق"). A full stop between digits (3.5) or
inside Latin initials (U.S.) is not an end.
"""

from __future__ import annotations

import re

from rashomon.pipeline.base import ArticleStage
from rashomon.record import Article, Paragraph, Sentence

_END = re.compile(
    r"""(?:[!?؟۔…]+|\.(?![\d])(?<!\b[A-Z]\.)(?<!\b[A-Z][a-z]\.)(?<!\d\.(?=\d)))"""
    r"""["'»”’)\]]*"""
    r"""(?=\s|$|[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF])"""
)


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        lead = len(line) - len(line.lstrip())
        trail = len(line.rstrip())
        if trail > lead:
            spans.append((start + lead, start + trail))
    return spans


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end], trimmed of surrounding whitespace."""
    end = len(text) if end is None else end
    chunk = text[start:end]
    spans = []
    last = 0
    for m in _END.finditer(chunk):
        spans.append((last, m.end()))
        last = m.end()
    spans.append((last, len(chunk)))
    out = []
    for s, e in spans:
        piece = chunk[s:e]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        if trail > lead:
            out.append((start + s + lead, start + s + trail))
    return out


class Segment(ArticleStage):
    name = "segment"

    def process(self, article: Article) -> Article:
        article.paragraphs = [Paragraph(start=s, end=e) for s, e in split_paragraphs(article.text)]
        article.sentences = [
            Sentence(start=s, end=e, paragraph=i)
            for i, para in enumerate(article.paragraphs)
            for s, e in split_sentences(article.text, para.start, para.end)
        ]
        return article
