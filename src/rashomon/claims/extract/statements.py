"""Statements: each article cut into atomic assertions (a sentence, or a clause of a long one),
each analysed for attribution, polarity, hedges, quantities and dates.

`analyse_sentence` is the one-sentence API (used by alignment and `rashomon compare` too);
`ExtractStatements` is the per-article stage. Offsets are exact: for every statement,
`article.text[s.start:s.end] == s.text`.

Clause splitting is cautious: only a sentence longer than `long_sentence` characters is cut,
only at a clause boundary ("؛", ";", "، و…", "، كما", ", while", ", and"), and only where both
sides keep at least `min_clause` characters. A clause with no source of its own inherits the
sentence's; a sentence that continues a report ("وأضاف", "he added", "وی افزود", "بر اساس این
گزارش") inherits the source of the report it continues (same paragraph, or the article's last
source for an explicit back-reference such as "this report").
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from datetime import date

import regex

from rashomon import lang
from rashomon.claims.extract.attribution import Source, find_sources
from rashomon.claims.extract.dates import find_dates
from rashomon.claims.extract.folded import Folded
from rashomon.claims.extract.polarity import find_hedges, find_polarity_cues, polarity_of
from rashomon.claims.extract.quantities import find_quantities
from rashomon.language.segment import split_paragraphs, split_sentences
from rashomon.pipeline.base import ArticleStage
from rashomon.record import Article, Mention, Statement

_OPENERS = "|".join(
    regex.escape(w).replace(r"\ ", r"\s+") + r"\s" for w in lang.words("statements.clause_openers")
)
_PARTICIPLES = "|".join(map(regex.escape, lang.words("statements.clause_participles")))
_AR = lang.table("morphology.glue", "ar")
_WA = _AR["and"]
_BOUNDARY = regex.compile(
    r"(?:[؛;]\s+)"  # semicolons end a clause
    rf"|(?:[،,]\s+)(?=(?:{_WA}|{_AR['so']})(?!{_AR['the']})\p{{L}}{{3,}}|{_WA}\s|and\s+(?:the|a|he|she|it|they)\s|"
    rf"{_OPENERS}|(?:{_WA})?(?:{_PARTICIPLES})\s)"
)
_TRAIL = "،,;؛: \t"
_MIN_WORDS = 3
_LETTER = regex.compile(r"\p{L}")


def statement_id(article_id: str, start: int, end: int) -> str:
    """Stable from content: the article id (a content hash) and the statement's offsets."""
    return "st" + hashlib.sha256(f"{article_id}:{start}:{end}".encode()).hexdigest()[:16]


# A "sentence" longer than this is no atomic assertion (a table, a list, text that lost its
# punctuation): it is cut at the last space before the limit, which also keeps the cost of the
# rules linear on pathological input (a 5 MB line without a full stop).
MAX_STATEMENT_CHARS = 1500


def _hard_split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    while end - start > MAX_STATEMENT_CHARS:
        cut = text.rfind(" ", start + MAX_STATEMENT_CHARS // 2, start + MAX_STATEMENT_CHARS)
        cut = cut if cut > start else start + MAX_STATEMENT_CHARS
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def split_clauses(
    text: str, start: int, end: int, *, long_sentence: int = 180, min_clause: int = 50
) -> list[tuple[int, int]]:
    """Clause spans of the sentence text[start:end] (the sentence itself when short)."""
    if end - start <= long_sentence:
        return [(start, end)]
    if end - start > MAX_STATEMENT_CHARS:
        return [
            c
            for a, b in _hard_split(text, start, end)
            for c in split_clauses(text, a, b, long_sentence=long_sentence, min_clause=min_clause)
        ]
    cuts = [start]
    for m in _BOUNDARY.finditer(text, start, end):
        cut = m.end()
        if cut - cuts[-1] >= min_clause and end - cut >= min_clause:
            cuts.append(cut)
    cuts.append(end)
    spans = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = text[a:b]
        a += len(piece) - len(piece.lstrip())
        b = a + len(text[a:b].rstrip(_TRAIL))
        if b > a:
            spans.append((a, b))
    return spans


def analyse_sentence(
    text: str,
    *,
    language: str | None,
    published: date | None,
    offset: int = 0,
    article_text: str | None = None,
) -> Statement:
    """One sentence or clause -> a Statement with attribution, polarity, hedges, quantities and
    dates; spans are shifted by `offset` (the sentence's start in the article).

    With `article_text`, a sentence that only refers back to its source ("وأضاف", "this
    report") gets the source of the closest earlier sentence of its paragraph that names one.
    """
    f = Folded(text, offset)
    dates = find_dates(text, published=published, language=language, offset=offset, folded=f)
    quantities = find_quantities(
        text, offset=offset, exclude=[(d.start, d.end) for d in dates], folded=f
    )
    sources, continues = find_sources(text, language=language, offset=offset, folded=f)
    cues = find_polarity_cues(text, language=language, offset=offset, folded=f)
    hedges = find_hedges(text, language=language, offset=offset, folded=f)
    own = [s.name for s in sources if s.kind != "anaphora"]
    st = Statement(
        id="st" + hashlib.sha256(f"{offset}:{text}".encode()).hexdigest()[:16],
        start=offset,
        end=offset + len(text),
        text=text,
        attribution=own,
        polarity=polarity_of(cues),
        hedged=bool(hedges),
        hedges=[h.text for h in hedges],
        quantities=quantities,
        dates=dates,
        sources=[asdict(s) for s in sources],
        polarity_cues=[asdict(c) for c in cues],
        hedge_cues=[asdict(h) for h in hedges],
    )
    if continues or any(s.kind == "anaphora" for s in sources):
        st.refers_back = True
        if not own and article_text is not None:
            st.attribution = _earlier_source(article_text, offset, language)
            if st.attribution:
                st.carried = "context"
    return st


def _earlier_source(article_text: str, offset: int, language: str | None) -> list[str]:
    para_start = article_text.rfind("\n", 0, offset) + 1
    spans = split_sentences(article_text, para_start, offset)
    for a, b in reversed(spans):
        found, _ = find_sources(article_text[a:b], language=language, offset=a)
        names = [s.name for s in found if s.kind != "anaphora"]
        if names:
            return names
    return []


def _name_from_mentions(source: dict, mentions: list[Mention], text: str) -> dict | None:
    """The outlet/person/organisation mention that names a source phrase, if any: inside the
    phrase (or starting inside it and running past a phrase cut short), and not a modifier of a
    document ("وثائق داخلية للحكومة الأمريكية" names documents, not the government)."""
    from rashomon.provenance.cited import names_whole, source_kind

    inside = [
        m
        for m in mentions
        if m.type in ("outlet", "person", "organisation")
        and source["start"] <= m.start < source["end"]
        and (m.end <= source["end"] or m.type == "person")
    ]
    inside = [m for m in inside if source_kind(text[source["start"] : m.start]) != "document"]
    inside = [
        m
        for m in inside
        if m.end >= source["end"]
        or names_whole(text, source["start"], source["end"], m.start, m.end)
    ]
    if not inside:
        return None
    best = max(inside, key=lambda m: (m.type == "outlet", m.end - m.start))
    return {
        "name": best.text,
        "type": best.type,
        "entity": best.entity,
        "start": best.start,
        "end": best.end,
    }


class ExtractStatements(ArticleStage):
    """Fill `Article.statements`: one per sentence or clause, ids stable from content."""

    name = "claims.statements"

    def __init__(self, *, long_sentence: int = 180, min_clause: int = 50) -> None:
        self.long_sentence = long_sentence
        self.min_clause = min_clause

    def process(self, article: Article) -> Article:
        text = article.text
        if article.sentences:
            sentences = [(s.start, s.end, s.paragraph) for s in article.sentences]
        else:
            sentences = [
                (s, e, i)
                for i, (ps, pe) in enumerate(split_paragraphs(text))
                for s, e in split_sentences(text, ps, pe)
            ]
        statements: list[Statement] = []
        last_article: list[str] = []
        last_para: dict[int, list[str]] = {}
        prev_para = -1
        for s_start, s_end, para in sentences:
            sentence_chain: list[str] = []
            for c_start, c_end in split_clauses(
                text, s_start, s_end, long_sentence=self.long_sentence, min_clause=self.min_clause
            ):
                piece = text[c_start:c_end]
                if len(piece.split()) < _MIN_WORDS or not _LETTER.search(piece):
                    continue
                st = analyse_sentence(
                    piece, language=article.language, published=article.published, offset=c_start
                )
                st.id = statement_id(article.id, c_start, c_end)
                st.sentence = (s_start, s_end)
                self._name_sources(st, article.mentions, text)
                if st.attribution:
                    sentence_chain = sentence_chain or st.attribution
                elif st.refers_back:
                    anaphora = any(s["kind"] == "anaphora" for s in st.sources)
                    carried = (
                        last_article
                        if anaphora
                        else last_para.get(para)
                        or (last_para.get(prev_para, []) if para != prev_para else [])
                    )
                    if carried:
                        st.attribution = list(carried)
                        st.carried = "anaphora" if anaphora else "continuation"
                elif sentence_chain:
                    st.attribution = list(sentence_chain)
                    st.carried = "sentence"
                if st.attribution:
                    last_para[para] = st.attribution
                    if not st.carried:
                        last_article = st.attribution
                statements.append(st)
            prev_para = para
        article.statements = statements
        return article

    @staticmethod
    def _name_sources(st: Statement, mentions: list[Mention], text: str) -> None:
        """Use the entities' mentions (outlet, person) to name a source when they overlap it."""
        if not mentions:
            return
        names = []
        for src in st.sources:
            named = _name_from_mentions(src, mentions, text)
            if named:
                src["mention"] = named
                src["name"] = named["name"]
            if src["kind"] != "anaphora":
                names.append(src["name"])
        st.attribution = names


__all__ = ["ExtractStatements", "analyse_sentence", "split_clauses", "statement_id", "Source"]
