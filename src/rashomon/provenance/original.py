"""A best guess of the original report of each story, with the evidence a person can check.

Evidence, strongest first:
1. the source most articles of the story cite (by distinct citing articles), when it is not
   itself an article of the batch: the articles are retelling someone else's report;
2. the earliest published article of the story;
3. text-reuse links into that article (the `reuse` table), when some step filled it.

Sources are grouped across spellings and scripts: the entity id of the outlet mention when the
entities step linked one, else a consonant skeleton of the name with generic head words
("صحيفة", "روزنامه", "the newspaper") removed, so "صحيفة نيويورك تايمز", "نیویورک تایمز" and
"The New York Times" fall together (skeleton similarity >= `SKELETON_MATCH`).
"""

from __future__ import annotations

import logging
from array import array
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import regex

from rashomon import lang
from rashomon.cleaning.normalize import matching_key
from rashomon.lang.script import SKELETON
from rashomon.pipeline.base import CorpusStep
from rashomon.provenance.cited import GENERIC_WORDS, names_whole

if TYPE_CHECKING:
    from rashomon.config import Config
    from rashomon.store.sqlite import Store

log = logging.getLogger(__name__)

# Two skeletons of >= 4 letters this similar name one source. 0.8 joins Arabic and Persian
# spellings that differ by one transliterated letter (گ dropped: 8 of 9 letters shared, 0.94)
# while keeping apart names that share only a word.
SKELETON_MATCH = 0.8

_GENERIC = GENERIC_WORDS
_ARTICLE = lang.table("morphology.glue", "ar")["the"]


# How much a cited source of each kind is a report that others retell, rather than a voice
# reacting to it: ranks candidates as (citing articles x weight).
REPORT_WEIGHT = {"outlet": 1.0, "agency": 1.0, "website": 0.9, "document": 0.8}
# A linked mention names a cited span only when it covers at least this share of it
# ("الروسية" inside "وزارة الخارجية الروسية" is not the ministry).
MENTION_COVER = 0.6


def _covering_entity(row: dict[str, Any], mentions: Any) -> str | None:
    """The linked entity whose mention names a cited span: it covers most of the span and
    leaves out no word of the name after it ("Washington" does not name "Washington Post")."""
    span = max(1, row["end"] - row["start"])
    for s, t, e in mentions:
        if min(t, row["end"]) - max(s, row["start"]) < MENTION_COVER * span:
            continue
        text = row["text"]
        if t >= row["end"] or names_whole(text, 0, len(text), s - row["start"], t - row["start"]):
            return e
    return None


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    words = [w for w in regex.findall(r"[\p{L}\p{N}.]+", matching_key(name)) if w not in _GENERIC]
    words = [w[2:] if w.startswith(_ARTICLE) and len(w) > 4 else w for w in words]
    return "".join(words).translate(SKELETON)


@lru_cache(maxsize=262144)
def same_source(a: str, b: str) -> bool:
    if not a or not b or min(len(a), len(b)) < 4:
        return a == b and bool(a)
    if a in b or b in a:
        return True
    # ratio = 2 * matches / (len a + len b) <= 2 * shorter / (len a + len b): skip the matcher
    # when even a full match of the shorter skeleton cannot reach the threshold
    if 2 * min(len(a), len(b)) < SKELETON_MATCH * (len(a) + len(b)):
        return False
    # SequenceMatcher's quick_ratio (2 x the shared letters, counted with multiplicity, over
    # both lengths), from counts kept per skeleton: most pairs stop here, before a matcher is
    # built (its index of b cost more than the rest; the pairs grow with the corpus)
    shared = sum((_letters(a) & _letters(b)).values())
    if 2.0 * shared / (len(a) + len(b)) < SKELETON_MATCH:
        return False
    return SequenceMatcher(None, a, b).ratio() >= SKELETON_MATCH


@lru_cache(maxsize=65536)
def _letters(sk: str) -> Counter:
    return Counter(sk)


# (see group_sources) with r = SKELETON_MATCH: r x both lengths letters in runs, at most
# 2 (1 - r) / r x that many runs + 1, so (3r - 2) / 2 x both lengths - 1 shared letter pairs
# (the bound is reached: the comparison below leaves room for rounding)
_PAIRS = (3 * SKELETON_MATCH - 2) / 2
_LEN = SKELETON_MATCH


def _pair_counts(sk: str) -> Counter:
    return Counter(sk[i : i + 2] for i in range(len(sk) - 1))


def group_sources(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Cited-source rows grouped by the source they name (entity id, else skeleton)."""
    groups: list[dict[str, Any]] = []
    # Exact hits first (same entity, same skeleton); the fuzzy skeleton match only for the
    # rest, and only against the skeletons sharing enough letter pairs with it (counted with
    # multiplicity). Two skeletons of 4+ letters that `same_source` joins share at least
    # min(shorter - 1, 0.2 x (both lengths) - 1) pairs: one holds the other (all the shorter's
    # pairs), or >= 80% of their letters match in k runs, which needs k - 1 letters between
    # runs, so the runs hold >= 0.4 x both lengths letters and >= half of that, minus one,
    # pairs (and their lengths are within `same_source`'s bounds). Shorter skeletons only match themselves (by_skeleton). The first group, by index,
    # with a matching skeleton wins, as when every group was tried in order.
    # The counts are summed with numpy over each pair's postings (entries, counts): common
    # pairs are held by thousands of skeletons in a large batch.
    by_entity: dict[str, int] = {}
    by_skeleton: dict[str, int] = {}
    entries: list[tuple[str, int]] = []  # (skeleton, its group) of 4+ letters
    lengths = array("i")  # skeleton length of each entry
    postings: dict[str, tuple[array, array]] = {}  # pair -> (entries, counts)
    for r in rows:
        sk = skeleton(r["name"])
        entity = r.get("entity")
        found = by_entity.get(entity) if entity else None
        if found is None:
            found = by_skeleton.get(sk)
        if found is None and len(sk) >= 4 and entries:
            shared = np.zeros(len(entries), dtype=np.int32)
            for pair, c1 in _pair_counts(sk).items():
                hit = postings.get(pair)
                if hit is not None:  # (views dropped at once: the arrays grow later)
                    shared[np.frombuffer(hit[0], dtype=np.int32)] += np.minimum(
                        np.frombuffer(hit[1], dtype=np.int32), c1
                    )
            held = np.flatnonzero(shared)
            n = shared[held]
            la = len(sk)
            lb = np.frombuffer(lengths, dtype=np.int32)[held]
            short = np.minimum(lb, la)
            # one holds the other, or close enough in length and in letter pairs
            ok = (n >= short - 1) | (
                (n >= _PAIRS * (la + lb) - 1.000001) & (2 * short >= _LEN * (la + lb))
            )
            cands = sorted((entries[e][1], int(e)) for e in held[ok])
            for gi, e in cands:
                if same_source(sk, entries[e][0]):
                    found = gi
                    break
        if found is None:
            found = len(groups)
            groups.append({"rows": [], "skeletons": set()})
        g = groups[found]
        g["rows"].append(r)
        if sk not in g["skeletons"]:
            g["skeletons"].add(sk)
            if len(sk) >= 4:
                entries.append((sk, found))
                lengths.append(len(sk))
                for pair, c in _pair_counts(sk).items():
                    hit = postings.get(pair)
                    if hit is None:
                        postings[pair] = hit = (array("i"), array("i"))
                    hit[0].append(len(entries) - 1)
                    hit[1].append(c)
        by_skeleton.setdefault(sk, found)
        if entity:
            by_entity.setdefault(entity, found)
    return [g["rows"] for g in groups]


def guess_original(store: Store, article_ids: list[str]) -> dict[str, Any] | None:
    """The best guess of the original report for one story (its article ids)."""
    if not article_ids:
        return None
    arts = [
        {
            "id": a.id,
            "outlet": a.outlet,
            "source": a.source,
            "seq": a.seq,
            "published": a.published.isoformat() if a.published else None,
        }
        for a in store.article_infos(article_ids)
    ]
    outlets = sorted({skeleton(a["outlet"]) for a in arts if a["outlet"]})
    dated = [a for a in arts if a["published"]]
    earliest = min(dated, key=lambda a: (a["published"], a["seq"])) if dated else None
    result: dict[str, Any] = {
        "articles": len(arts),
        "earliest_article": (
            {
                "article": earliest["id"],
                "published": earliest["published"],
                "outlet": earliest["outlet"],
                "source": earliest["source"],
            }
            if earliest
            else None
        ),
    }
    candidates = rank_candidates(cited_rows(store, article_ids), outlets)
    result["candidates"] = [
        {k: c[k] for k in ("name", "kind", "cited_by", "citations", "in_batch")}
        for c in candidates[:5]
    ]
    result.update(verdict([c for c in candidates if not c["in_batch"]], earliest, len(arts)))
    reuse = store.top_reuse(article_ids, 10)
    if reuse:
        result["reuse"] = reuse
    return result


def cited_rows(store: Store, article_ids: list[str]) -> list[dict[str, Any]]:
    """The story's cited sources, each with its entity and kind ("other" when unknown)."""
    # entity ids come from the linking step, which runs after the per-article stages: read them
    # from the mentions table, by overlap with each cited span
    linked: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for article, start, end, entity in store.linked_mentions(article_ids):
        linked[article].append((start, end, entity))
    rows = []
    for c in store.cited_of(article_ids):
        r = {"article": c.article, "name": c.name, "start": c.start, "end": c.end, "text": c.text}
        r["entity"] = c.entity or _covering_entity(r, linked.get(c.article, ()))
        r["kind"] = c.kind or "other"
        rows.append(r)
    return rows


def rank_candidates(rows: list[dict[str, Any]], outlets: list[str]) -> list[dict[str, Any]]:
    """One candidate per group of citations of one source, best first; `in_batch` when the
    source is the outlet of one of the story's articles (`outlets`: their skeletons)."""
    candidates = []
    for group in group_sources(rows):
        citing = sorted({r["article"] for r in group})
        names = [r["name"] for r in group]
        in_batch = any(same_source(skeleton(n), o) for n in set(names) for o in outlets)
        kinds = [r["kind"] for r in group if r["kind"] != "other"] or ["other"]
        candidates.append(
            {
                # ties (same count and length) go to the greatest spelling: a set's order changes
                # with the process's hash seed, and the dossier must not
                "name": max(set(names), key=lambda n: (names.count(n), -len(n), n)),
                "names": sorted(set(names)),
                "kind": max(set(kinds), key=lambda k: (kinds.count(k), k)),
                "cited_by": citing,
                "citations": len(group),
                "in_batch": in_batch,
                "evidence": [
                    {k: r[k] for k in ("article", "start", "end", "text", "name")}
                    for r in group[:12]
                ],
            }
        )
    # Rank: distinct citing articles weighted by how much the kind of source is a *report*
    # (the question is which report the others retell: an outlet or agency more than a
    # document, a document more than an official or a country reacting to it), then the
    # number of citations.
    candidates.sort(
        key=lambda c: (
            len(c["cited_by"]) * REPORT_WEIGHT.get(c["kind"], 0.5),
            REPORT_WEIGHT.get(c["kind"], 0.5),
            c["citations"],
        ),
        reverse=True,
    )
    return candidates


def verdict(
    external: list[dict[str, Any]], earliest: dict[str, Any] | None, n_articles: int
) -> dict[str, Any]:
    """The guess: the best source outside the batch when two articles cite it (or the story
    has one article), else the earliest published article, else none."""
    if external and (len(external[0]["cited_by"]) >= 2 or n_articles == 1):
        best = external[0]
        share = len(best["cited_by"]) / n_articles
        # confidence: the share of articles that cite it, discounted when few do (one citing
        # article: x0.5, two: x0.75, three: x0.875): 3 of 5 -> 0.53, 5 of 5 -> 0.97
        confidence = share * (1 - 0.5 ** len(best["cited_by"]))
        return {
            "name": best["name"],
            "names": best["names"],
            "kind": best["kind"],
            "basis": "most cited source outside the batch",
            "cited_by": best["cited_by"],
            "evidence": best["evidence"],
            "confidence": round(confidence, 2),
            "explanation": f"{len(best['cited_by'])} of {n_articles} articles cite "
            f"{best['name']} ({best['citations']} citations)",
        }
    if earliest:
        return {
            "name": earliest["outlet"] or earliest["source"],
            "basis": "earliest published article of the story",
            "article": earliest["id"],
            "confidence": 0.3,
            "explanation": "no source is cited by two or more articles; the earliest article "
            "is the best guess",
        }
    return {
        "name": None,
        "basis": "none",
        "confidence": 0.0,
        "explanation": "no cited source and no publication dates",
    }


class OriginalReport(CorpusStep):
    """The best guess of the original report into meta `provenance.original`: over the whole
    batch at the top level (a dossier is usually about one story, and clustering may split its
    languages apart), and per story under `stories`."""

    name = "provenance.original"
    reads = frozenset(
        {"articles", "cited_sources", "entities", "stories", "near_duplicates", "reuse"}
    )
    writes = frozenset({"original"})

    def update(self, store: Store, new_ids: list[str], config: Config) -> None:
        stories: dict[str, list[str]] = defaultdict(list)
        for sid, ids in store.story_members().items():
            stories[sid].extend(ids)
        grouped = {a for ids in stories.values() for a in ids}
        rest = [a for a in store.article_ids() if a not in grouped]
        if rest and not stories:
            stories["all"] = rest  # no story clustering ran: the batch is one story
        per_story = {sid: guess_original(store, ids) for sid, ids in stories.items()}
        per_story = {k: v for k, v in per_story.items() if v}
        batch = guess_original(store, store.article_ids())
        if not batch:
            store.set_original(None)
            return
        value = {
            "scope": "batch",
            **batch,
            "stories": {
                sid: {k: v for k, v in g.items() if k not in ("evidence", "candidates")}
                for sid, g in per_story.items()
            },
        }
        store.set_original(value)
