"""Name statistics across the whole store (the corpus half of mention detection).

`DetectMentions` sees one article at a time, so that a batch gives the same mentions however
it is cut into chunks or runs. Here, over every article in the store, names found by a cue in
one article become mentions where they recur in others, and rare name-shaped words shared by
several articles (or by an Arabic and a Persian one) become names. The mentions added here
carry `extras.rule = "corpus:..."`, and are the same as if they were recomputed from scratch
on every run, so `build` of all articles and `build` + `add` give the same store.

Incremental in cost: each article is tokenised once. Its summary (the votes its own finds give
to propagation, its rare name-shaped words, hashes of its token unigrams and bigrams) is kept
in the store's `meta` table under `entities.corpus:<article id>`. An update reads the
summaries, recounts the corpus statistics from them, and recomputes the corpus mentions only of
the articles whose *signature* changed: the propagated keys that can match in the article
(found through its token hashes) with their types, and which of its rare words now recur. An
article whose signature is unchanged would get the same mentions, so they are kept.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zlib
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rashomon.entities.batch import (
    chosen_types,
    longest_by_first,
    propagate_typed,
    rare_tokens,
    typed_contributions,
)
from rashomon.entities.detect import resolve_overlaps
from rashomon.entities.doc import Doc, guess_language
from rashomon.entities.gazetteer import load
from rashomon.entities.keys import base_key, tokenize
from rashomon.entities.rules import Cand, span_key

if TYPE_CHECKING:
    from rashomon.store.sqlite import Store

CORPUS_RULES = ("propagated", "recurrent-rare")
META_PREFIX = "entities.corpus:"
# Bump when what a summary holds, or how corpus mentions follow from it, changes: every
# article is then summarised and recomputed once.
SUMMARY_VERSION = 2  # 2: a one-word name no longer spreads onto a common word


@dataclass
class CorpusChanges:
    """What `propagate_store` changed, for the linker to relink only that."""

    articles: set[str] = field(default_factory=set)  # articles whose mentions were rewritten
    removed: list[dict] = field(default_factory=list)  # the corpus mentions it deleted
    # True when an article's earlier mentions are gone without trace (re-stored article, a
    # store from an older version): the linker must then relink everything.
    untraced: bool = False


# At most this many token documents are kept between the two passes of `propagate_store`
# (~140 KiB each): a larger corpus reads the others again (~8 CPU-ms an article) rather than
# hold them all (1.4 GiB at 10,000 articles).
KEEP_DOCS = 1000


def _h(term: str) -> int:
    return zlib.crc32(term.encode("utf-8"))


def _index_term(key: str) -> str:
    """Where a propagated key can match: its first token, or its first two (a name of two or
    more tokens only matches where its first two tokens are joined)."""
    parts = key.split(" ")
    return key if len(parts) == 1 else f"{parts[0]} {parts[1]}"


def _doc(text: str, language: str | None) -> Doc:
    text = text or ""
    counts = Counter(base_key(text[s:e]) for s, e in tokenize(text))
    return Doc(text, guess_language(text, language), load(), counts)


def _stage_cands(doc: Doc, rows: list[dict]) -> list[Cand]:
    """The article's own (per-article stage) mentions as candidates over its tokens."""
    at_start = {t.start: i for i, t in enumerate(doc.toks)}
    at_end = {t.end: i for i, t in enumerate(doc.toks)}
    cs = []
    for m in rows:
        if m["start"] in at_start and m["end"] in at_end:
            cs.append(
                Cand(
                    at_start[m["start"]],
                    at_end[m["end"]] + 1,
                    m["type"],
                    m["confidence"],
                    m["rule"],
                )
            )
    return cs


def _summary(doc: Doc, cs: list[Cand]) -> dict:
    terms = set()
    for k, t in enumerate(doc.toks):
        terms.add(t.key)
        if k and t.joined:
            terms.add(f"{doc.toks[k - 1].key} {t.key}")
    hashes = array("I", sorted({_h(x) for x in terms}))
    return {
        "v": SUMMARY_VERSION,
        "lang": doc.lang,
        "contrib": typed_contributions(doc, cs),
        "rare": rare_tokens(doc),
        "terms": base64.b64encode(hashes.tobytes()).decode("ascii"),
    }


def _load(store: Store, infos: dict, aid: str) -> tuple[Doc, list[dict]]:
    """An article's token document and its own (per-article stage) mentions."""
    text = store.article_texts([aid])[aid]
    return _doc(text, infos[aid]), store.stage_mentions(aid)


def propagate_store(
    store: Store, min_confidence: float = 0.5, new_ids: list[str] | None = None
) -> CorpusChanges:
    """Bring the corpus-level mentions of every article up to date; returns what changed.
    `new_ids`: articles whose stage mentions are new (their summaries
    are recomputed); None = all of them (a full recomputation)."""
    infos = {a.id: a.language for a in store.article_infos()}
    articles = sorted(infos)
    stored: dict[str, dict] = store.meta_prefix(META_PREFIX)
    fresh = set(articles) if new_ids is None else set(new_ids)
    docs: dict[str, Doc] = {}
    rows_of: dict[str, list[dict]] = {}
    loaded: set[str] = set()  # articles whose summary was recomputed (their meta is rewritten)
    summaries: dict[str, dict] = {}
    changes = CorpusChanges()
    for aid in articles:
        s = stored.get(aid)
        if aid in fresh or not s or s.get("v") != SUMMARY_VERSION:
            changes.untraced |= bool(s) or aid not in fresh
            doc, rows = _load(store, infos, aid)
            s = _summary(doc, _stage_cands(doc, rows))
            if len(docs) < KEEP_DOCS:  # the rest are read again below: memory stays bounded
                docs[aid], rows_of[aid] = doc, rows
            loaded.add(aid)
            s["sig"] = None  # its corpus mentions must be recomputed
        summaries[aid] = s
    stats = _CorpusStats.count(articles, summaries)
    todo = _changed(articles, summaries, stats, min_confidence)
    added = []
    for aid in todo:
        if aid in docs:
            doc, rows = docs.pop(aid), rows_of.pop(aid)
        else:
            doc, rows = _load(store, infos, aid)
        added += _corpus_mentions(aid, doc, rows, summaries[aid], stats, min_confidence)
    write = set(todo) | loaded
    changes.articles = set(todo)
    changes.removed = store.corpus_mention_rows(todo)
    with store.atomic():
        store.replace_corpus_mentions(todo, added)
        store.put_meta_many(META_PREFIX, [(aid, summaries[aid]) for aid in sorted(write)])
        store.delete_meta_many(META_PREFIX, sorted(set(stored) - set(articles)))
    return changes


@dataclass(slots=True)
class _CorpusStats:
    """What the corpus says of the keys and rare tokens of every article's summary."""

    chosen: dict[str, str]  # key -> the type the corpus chose for it
    longest: dict[str, int]  # first token -> most tokens of a chosen key starting with it
    by_term: dict[int, list[tuple[str, str]]]  # index term hash -> its (key, type)s
    seen: dict[str, set[str]]  # rare token -> the articles it occurs in
    langs: dict[str, set[str]]  # rare token -> the languages it occurs in

    @classmethod
    def count(cls, articles: list[str], summaries: dict[str, dict]) -> _CorpusStats:
        # Counted in the order a batch over all articles (by id) counts them, so ties between
        # types resolve the same way.
        typed: dict[str, Counter] = defaultdict(Counter)
        seen: dict[str, set[str]] = defaultdict(set)
        langs: dict[str, set[str]] = defaultdict(set)
        for aid in articles:
            s = summaries[aid]
            for key, typ in s["contrib"]:
                typed[key][typ] += 1
            for _, sk in s["rare"]:
                seen[sk].add(aid)
                langs[sk].add(s["lang"])
        chosen = chosen_types(typed)
        by_term: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for key, typ in chosen.items():
            by_term[_h(_index_term(key))].append((key, typ))
        return cls(chosen, longest_by_first(chosen), by_term, seen, langs)

    def recurs(self, sk: str) -> bool:
        """A rare token that recurs: in two articles or in two languages."""
        return len(self.seen[sk]) >= 2 or len(self.langs[sk]) >= 2


def _changed(
    articles: list[str], summaries: dict[str, dict], stats: _CorpusStats, min_confidence: float
) -> list[str]:
    """The articles whose corpus mentions may change: what the corpus says of their terms and
    rare tokens (their summary's new `sig`) is not what it said when they were computed."""
    todo = []
    for aid in articles:
        s = summaries[aid]
        hashes = array("I")
        hashes.frombytes(base64.b64decode(s["terms"]))
        keys = sorted(kt for h in stats.by_term.keys() & set(hashes) for kt in stats.by_term[h])
        rare = sorted({sk for _, sk in s["rare"] if stats.recurs(sk)})
        sig = hashlib.sha1(
            json.dumps([keys, rare, min_confidence], ensure_ascii=False).encode("utf-8")
        ).hexdigest()
        if sig != s.get("sig"):
            s["sig"] = sig
            todo.append(aid)
    return todo


def _corpus_mentions(
    aid: str,
    doc: Doc,
    rows: list[dict],
    summary: dict,
    stats: _CorpusStats,
    min_confidence: float,
) -> list[tuple]:
    """The corpus mention rows of one article: the keys the corpus typed and the recurring
    rare tokens, where its own mentions leave room."""
    cs = _stage_cands(doc, rows)
    n_existing = len(cs)
    for i, sk in summary["rare"]:
        if stats.recurs(sk):
            cs.append(Cand(i, i + 1, "other", 0.5, "recurrent-rare"))
    propagate_typed({aid: doc}, {aid: cs}, stats.chosen, stats.longest)
    taken = [False] * len(doc.toks)
    for c in cs[:n_existing]:
        for k in range(c.i, c.j):
            taken[k] = True
    new = [c for c in cs[n_existing:] if c.rule in CORPUS_RULES]
    seq = 1 + max((m["seq"] for m in rows), default=-1)
    added = []
    for c, typ in resolve_overlaps(doc, new):
        if c.score < min_confidence or any(taken[c.i : c.j]):
            continue
        start, end = doc.toks[c.i].start, doc.toks[c.j - 1].end
        added.append(
            (
                aid,
                seq,
                start,
                end,
                doc.text[start:end],
                typ,
                span_key(doc, c),
                c.score,
                "corpus:" + c.rule,
            )
        )
        seq += 1
    return added
