"""The sources each article cites, with exact spans, from the statements' attribution.

`CitedSources` (per article) collects the source phrases that `ExtractStatements` found
("به گزارش X", "according to X", "قال X", "X said", "documents obtained by X") into
`Article.cited`, naming each by the entities' outlet/person mention inside it when there is
one; the store writes them with the article (`cited_sources` table).
Back-references ("this report", "وی") are not sources: they point at one already listed.
"""

from __future__ import annotations

import logging

import regex

from rashomon import lang
from rashomon.cleaning.normalize import matching_key
from rashomon.corpus import CitedSource
from rashomon.pipeline.base import ArticleStage
from rashomon.record import Article

log = logging.getLogger(__name__)

# Head words that say what kind of source a phrase names (matched on the folded key), from the
# packs' provenance.toml.
_KIND_OF = {
    matching_key(w): k for k, ws in lang.table("provenance.source_kinds").items() for w in ws
}
_TOKENS = regex.compile(r"[\p{L}\p{N}]+")
_AR = lang.table("morphology.glue", "ar")
# clitics that may be glued in front of a kind word ("وصحيفة", "لوكالة")
_CLITIC_LETTERS = "".join(_AR[k] for k in ("and", "so", "with", "to"))
# Words that only say a name is a newspaper, an agency, a site (the packs' provenance.toml).
GENERIC_WORDS = frozenset(matching_key(w) for w in lang.words("provenance.generic_outlet_words"))


def names_whole(text: str, start: int, end: int, m_start: int, m_end: int) -> bool:
    """Whether a mention at m_start:m_end names the whole phrase at start:end rather than a
    part of it: every word of the phrase after the mention is a generic word ("agency",
    "newspaper"). A mention followed by a word of the name is its modifier ("Washington" in
    "Washington Post", a country adjective before the ministry it qualifies)."""
    for tok in _TOKENS.findall(matching_key(text[max(m_end, start) : end])):
        core = tok[2:] if tok.startswith(_AR["the"]) and len(tok) > 3 else tok
        if tok not in GENERIC_WORDS and core not in GENERIC_WORDS:
            return False
    return True


def source_kind(name: str, mention_type: str | None = None) -> str:
    """outlet | agency | website | document | official | person | other."""
    if mention_type == "outlet":
        return "outlet"
    for tok in _TOKENS.findall(matching_key(name)):
        core = tok[2:] if tok.startswith(_AR["the"]) and tok[2:] in _KIND_OF else tok
        for cand in (tok, core, tok.lstrip(_CLITIC_LETTERS)):
            if cand in _KIND_OF:
                return _KIND_OF[cand]
    if mention_type == "person":
        return "person"
    return "other"


def cited_sources(article: Article) -> list[dict]:
    """The article's cited sources (one per distinct span), in text order."""
    seen: set[tuple[int, int]] = set()
    out = []
    for st in article.statements:
        for src in st.sources:
            if src.get("kind") == "anaphora":
                continue
            mention = src.get("mention")
            start, end = (
                (mention["start"], mention["end"]) if mention else (src["start"], src["end"])
            )
            if (start, end) in seen or end <= start:
                continue
            text = article.text[start:end]
            name = (mention["name"] if mention else src["name"]).strip()
            if len(name) < 2 or not regex.search(r"\p{L}", name):
                continue
            seen.add((start, end))
            out.append(
                {
                    "name": name,
                    "start": start,
                    "end": end,
                    "text": text,
                    "kind": source_kind(name, mention["type"] if mention else None),
                    "cue": src.get("cue"),
                    "statement": st.id,
                    "entity": mention.get("entity") if mention else None,
                }
            )
    out.sort(key=lambda c: c["start"])
    return out


class CitedSources(ArticleStage):
    """Per article: the cited sources into `Article.cited` (the store writes them with the
    article, into the `cited_sources` table; a span that does not cut its text is dropped)."""

    name = "provenance.cited"

    def process(self, article: Article) -> Article:
        article.cited = []
        for i, src in enumerate(cited_sources(article)):
            if article.text[src["start"] : src["end"]] != src["text"]:
                log.warning("cited source span mismatch in %s; skipped", article.source)
                continue
            article.cited.append(CitedSource(article=article.id, seq=i, **src))
        return article
