"""Full-text search over a store's articles and statements, Arabic/Persian-aware.

The index (migration 2) is SQLite FTS5 with the trigram tokenizer over each article's
*matching key* (`rashomon.cleaning.normalize.matching_key`: diacritics, tatweel and ZWNJ
dropped, yeh/keheh/alef variants folded, every digit script to ASCII). A query is normalised
the same way, so Persian کریم finds Arabic كريم and ۲۰۲۷ finds 2027; trigrams match inside
words, so a word is found with its attached clitics.

Two query modes:
- plain words (the default): every word must occur, in any order;
- FTS5 syntax when the query uses it ("quoted phrases", AND / OR / NOT, NEAR(...), prefix*):
  the words are normalised and the operators kept. A syntax error is a `QueryError` with a
  message for the user (the web app answers 400).

Hits are mapped back from the key to the display text (`matching_key_map`), so every hit is
an exact span (`article.text[start:end]`), and the statements that hold it are listed.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from rashomon.cleaning.normalize import matching_key, matching_key_map
from rashomon.gloss.names import name_matches
from rashomon.store.search import StatementMatch
from rashomon.store.sqlite import QueryTimeout, Store

MAX_QUERY = 500
# Seconds one search may take on one dossier: a long query word makes FTS5's trigram phrase
# matching slow (a 500-character word took 74 s); a search stopped at this limit is answered
# with a message, and the server stays free for the next request.
SEARCH_SECONDS = 5.0
OPERATORS = {"AND", "OR", "NOT", "NEAR"}
_SYNTAX = re.compile(r'["()*^:]|\b(?:AND|OR|NOT|NEAR)\b')
_BAREWORD = re.compile(r'[^\s"()*^:+,]+')


class QueryError(ValueError):
    """A query the index cannot run; the message says why and how to fix it."""


@dataclass(slots=True)
class Hit:
    start: int
    end: int
    text: str
    before: str = ""  # up to CONTEXT characters of the display text around the hit
    after: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The hit in the JSON API (its context is for the page)."""
        return {"start": self.start, "end": self.end, "text": self.text}


CONTEXT = 80


@dataclass(slots=True)
class ArticleResult:
    article: str
    title: str | None
    outlet: str | None
    language: str | None
    published: str | None
    rank: float
    hits: list[Hit] = field(default_factory=list)
    statements: list[StatementMatch] = field(default_factory=list)  # those holding a hit

    def to_dict(self) -> dict[str, Any]:
        """The result in the JSON API (`/api/search`)."""
        return {
            "article": self.article,
            "title": self.title,
            "outlet": self.outlet,
            "language": self.language,
            "published": self.published,
            "rank": self.rank,
            "hits": [h.to_dict() for h in self.hits],
            "statements": [s.to_dict() for s in self.statements],
        }


def terms_of(query: str) -> list[str]:
    """The normalised words of a query (operators and syntax left out), for highlighting."""
    return [
        matching_key(w).strip()
        for w in _BAREWORD.findall(query)
        if w not in OPERATORS and matching_key(w).strip()
    ]


def fts_query(query: str) -> str:
    """The FTS5 MATCH expression for a user query (see the module doc)."""
    query = query.strip()
    if not query:
        raise QueryError("empty query: type one or more words")
    if len(query) > MAX_QUERY:
        raise QueryError(f"query too long ({len(query)} characters, at most {MAX_QUERY})")
    if _SYNTAX.search(query):

        def norm(m: re.Match[str]) -> str:
            word = m.group(0)
            return word if word in OPERATORS else matching_key(word)

        return _BAREWORD.sub(norm, query)
    words = matching_key(query).split()
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def latin_names(store: Store, query: str) -> dict[str, list[str]]:
    """Each word of `query` (matching key) that names an entity in Latin letters ("maduro",
    "putin") -> the matching keys of that entity's names as the articles write them. Exact
    word or sound-alike (`gloss.names`: "Maduro" finds an entity transliterated "Madoro")."""
    words = [w for w in matching_key(query).split() if w.isascii() and w.isalpha()]
    if not words:
        return {}
    out: dict[str, list[str]] = {}
    for latin, forms in store.entity_names():
        for w in words:
            if name_matches(w, latin):
                # Latin forms are left out: the word itself already finds Latin text.
                keys = [
                    k
                    for k in (matching_key(f).strip() for f in forms)
                    if len(k) >= 3 and not k.isascii()
                ]
                out.setdefault(w, [])
                out[w] += [k for k in keys if k not in out[w]]
    return out


def _short_terms(terms: list[str]) -> list[str]:
    return [t for t in terms if len(t) < 3]


def search(
    store: Store, query: str, *, limit: int = 50, seconds: float = SEARCH_SECONDS
) -> list[ArticleResult]:
    """Articles matching `query`, best first, with their hits and the statements holding them.
    Words of one or two letters are searched by scanning the keys (the trigram index cannot).
    A search that runs past `seconds` raises `QueryError` saying so."""
    try:
        with store.time_limit(seconds):
            return _search(store, query, limit)
    except QueryTimeout as exc:
        raise QueryError(
            f"the search took too long ({exc}); use fewer or shorter words, or quote a phrase"
        ) from exc


def _search(store: Store, query: str, limit: int) -> list[ArticleResult]:
    match = fts_query(query)
    terms = terms_of(query)
    names = {} if _SYNTAX.search(query) else latin_names(store, query)
    if names:  # a Latin word naming an entity also finds the name as the articles write it
        match = " AND ".join(
            "(" + " OR ".join(_quoted(x) for x in [w, *names[w]]) + ")"
            if names.get(w)
            else _quoted(w)
            for w in matching_key(query).split()
        )
    # the names as written are highlighted too (but not required by a scan for short words)
    hit_terms = [*terms, *(x for alts in names.values() for x in alts)]
    short = _short_terms(terms)
    syntax = bool(_SYNTAX.search(query))
    if short and syntax:
        raise QueryError(
            f"words of fewer than 3 letters ({', '.join(short)}) can only be searched as plain "
            "words, without quotes or operators: the index matches pieces of three characters"
        )
    limit = max(1, min(int(limit), 500))
    try:
        # Words shorter than a trigram cannot use the index: scan the keys instead (slower on
        # a large store, but a two-letter Arabic word is a real word).
        if store.has_fts() and not short:
            rows = store.match_articles(match, limit)
        else:  # short words, or a store made before migration 2 (opened read-only): scan
            if not terms:
                raise QueryError("no words to search for")
            rows = store.scan_articles(terms, limit)
    except sqlite3.OperationalError as exc:
        if str(exc) == "interrupted":
            raise  # the time limit: QueryTimeout
        raise QueryError(
            f'cannot read the query {query!r}: {exc}. Use plain words, "quoted phrases", '
            "AND / OR / NOT between words, or word* for a prefix."
        ) from exc
    results = []
    for r in rows:
        res = ArticleResult(
            article=r.id,
            title=r.title,
            outlet=r.outlet,
            language=r.language,
            published=r.published,
            rank=r.rank,
        )
        res.hits = find_hits(r.text, hit_terms)
        spans = [(h.start, h.end) for h in res.hits]
        for s in store.statements_with_claims(r.id):
            if any(s.start < b and a < s.end for a, b in spans):
                res.statements.append(s)
        results.append(res)
    return results


def find_hits(text: str, terms: list[str], *, max_hits: int = 20) -> list[Hit]:
    """Exact display spans of `text` whose matching key is one of `terms`."""
    key, idx = matching_key_map(text)
    hits: list[Hit] = []
    for term in sorted(set(terms), key=len, reverse=True):
        if not term:
            continue
        pos = key.find(term)
        while pos >= 0 and len(hits) < max_hits:
            start, end = idx[pos], idx[pos + len(term) - 1] + 1
            if not any(h.start < end and start < h.end for h in hits):
                hits.append(
                    Hit(
                        start,
                        end,
                        text[start:end],
                        text[max(0, start - CONTEXT) : start],
                        text[end : end + CONTEXT],
                    )
                )
            pos = key.find(term, pos + len(term))
    return sorted(hits, key=lambda h: h.start)
