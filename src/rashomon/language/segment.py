"""Paragraphs and sentences, with exact offsets into the display text.

Sentence ends: . ! ? and their Arabic/Persian/Urdu forms (؟ ۔), the ellipsis, followed by a
space, a closing quote, the end of the paragraph, or directly by a letter of a right-to-left
script (scraped Persian often loses the space: "است.طبق"). A full stop between digits (3.5),
inside Latin initials (U.S.), after a known abbreviation (Dr., e.g., z.B.) or before a lowercase
Latin word is not an end. The Arabic comma and semicolon (، ؛) are clause marks, not ends.

sentencex (1.0.32, no longer a dependency) gives the same splits on the cases in
tests/language/test_segment.py, but needs the language first and returns strings, not offsets;
this splitter is language-free and exact.
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


# Abbreviations that end with a full stop but rarely end a sentence (checked casefolded,
# without the stop). Titles, Latin "e.g.", month and unit abbreviations in a few languages.
_ABBREV = frozenset(
    """mr mrs ms dr prof gen col lt sgt capt gov sen rep st jr sr vs etc e.g i.e cf al approx
    no nos nr inc ltd co corp dept est fig jan feb mar apr jun jul aug sep sept oct nov dec
    mt ft km kg z.b bzw ca dr. hr fr nº art p pp vol ed eds op mme mlle sr sra dña av
    г гг т.е т.д др см им ул стр""".split()
)
_WORD_BEFORE = re.compile(r"(\w[\w.]*)\.$")


def _not_an_end(chunk: str, m: re.Match[str]) -> bool:
    """A full stop that closes an abbreviation, or is followed by a lowercase Latin word."""
    if not m.group().startswith("."):
        return False
    before = _WORD_BEFORE.search(chunk[max(0, m.start() - 12) : m.start() + 1])
    if before and before.group(1).casefold() in _ABBREV:
        return True
    after = chunk[m.end() :].lstrip()
    return bool(after) and after[0].isalpha() and after[0].islower() and after[0].isascii()


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end], trimmed of surrounding whitespace."""
    end = len(text) if end is None else end
    chunk = text[start:end]
    spans = []
    last = 0
    for m in _END.finditer(chunk):
        if _not_an_end(chunk, m):
            continue
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
