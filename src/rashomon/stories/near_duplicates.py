"""Near-duplicates: MinHash + LSH (rensa) over word shingles of the matching key.

A near-duplicate is recorded as a relation in the `reuse` table (kind `near_duplicate`,
score = estimated Jaccard of the shingle sets, extras say whether the outlets differ); both
articles stay in the dossier (nothing is deleted). Within and across outlets alike.

Incremental: signatures are recomputed from the stored matching keys (Rust, linear, a few ms
per thousand articles), every article goes into the index, and only the new articles are
queried, so pairs of old articles are never re-checked. Seeds and thresholds: StoriesConfig.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from rashomon.corpus import Reuse
from rashomon.pipeline.base import CorpusStep

if TYPE_CHECKING:
    from rashomon.config import Config, StoriesConfig
    from rashomon.store.sqlite import Store

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+", re.UNICODE)
KIND = "near_duplicate"


def shingles(key: str, n: int) -> list[str]:
    """Word n-shingles of a matching key; a text shorter than n words is one shingle."""
    words = _WORD.findall(key)
    if len(words) < n:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]


def signature(key: str, config: StoriesConfig):
    from rensa import RMinHash

    mh = RMinHash(num_perm=config.minhash_perm, seed=config.minhash_seed)
    sh = shingles(key, config.shingle_words)
    if sh:
        mh.update(sh)
    return mh, len(sh)


def find_near_duplicates(
    rows: list[dict], new_ids: set[str], config: StoriesConfig
) -> list[tuple[str, str, float]]:
    """(a, b, estimated Jaccard) for each near-duplicate pair with at least one new article.

    `rows`: dicts with `id` and `key` (the matching key), in corpus order."""
    from rensa import RMinHashLSH

    sigs = []
    for r in rows:
        mh, n = signature(r["key"], config)
        sigs.append((r["id"], mh, n))
    lsh = RMinHashLSH(
        threshold=config.near_duplicate_jaccard,
        num_perm=config.minhash_perm,
        num_bands=config.lsh_bands,
    )
    for i, (_, mh, n) in enumerate(sigs):
        if n:
            lsh.insert(i, mh)
    found: dict[tuple[str, str], float] = {}
    for i, (aid, mh, n) in enumerate(sigs):
        if aid not in new_ids or not n:
            continue
        for j in lsh.query(mh):
            if j == i:
                continue
            bid, other, _ = sigs[j]
            score = mh.jaccard(other)
            if score >= config.near_duplicate_jaccard:
                a, b = sorted((aid, bid))
                found[(a, b)] = round(float(score), 4)
    return [(a, b, s) for (a, b), s in sorted(found.items())]


class NearDuplicates(CorpusStep):
    name = "stories.near_duplicates"
    reads = frozenset({"articles"})
    writes = frozenset({"near_duplicates"})

    def update(self, store: Store, new_ids: list[str], config: Config) -> None:
        if not new_ids:
            return
        rows = [{"id": i, "key": k} for i, k in store.article_keys()]
        outlet = {a.id: a.outlet for a in store.article_infos()}
        pairs = find_near_duplicates(rows, set(new_ids), config.stories)
        method = f"minhash-{config.stories.minhash_perm}-w{config.stories.shingle_words}"
        store.upsert_reuse(
            Reuse(
                a=a,
                b=b,
                kind=KIND,
                score=s,
                extras={
                    "method": method,
                    "same_outlet": bool(outlet[a]) and outlet[a] == outlet[b],
                },
            )
            for a, b, s in pairs
        )
        log.info(
            "near-duplicates: %d pair(s) involving %d new article(s)", len(pairs), len(new_ids)
        )
