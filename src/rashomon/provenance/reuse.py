"""Text reuse between articles, with a score and the shared passages (exact spans).

Two kinds, written to the `reuse` table (a, b in article order; extras hold the passages):

- `copy`: same-language copying. Word 6-grams of the matching key (so script variants,
  diacritics and digits do not hide a copy); candidates are pairs that share at least
  `MIN_SHARED_SAMPLES` sampled 6-grams (or a fifth of a short article's) (one in `SAMPLE` by hash: a cheap inverted index even on
  thousands of articles), then every shared 6-gram of a candidate pair is found and runs of them
  are merged into passages. Score: the share of the shorter article's words inside shared
  passages. Kept from `MIN_COPY_SCORE`, or with one passage of `MIN_PASSAGE_WORDS`+ words.
- `translation`: cross-language reuse, read from the claim alignment (`claim_statements`):
  two articles in different languages whose statements fall into the same claims, mostly in the
  same order. Score: aligned statements / statements of the shorter article, kept from
  `MIN_TRANSLATION_SCORE` with `MIN_ORDER` of the pairs in order (a translation keeps the order
  of its source; two independent reports of one event share claims in any order).
"""

from __future__ import annotations

import logging
import zlib
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import regex

from rashomon.cleaning.normalize import matching_key_map
from rashomon.corpus import Reuse
from rashomon.pipeline.base import CorpusStep

if TYPE_CHECKING:
    from rashomon.config import Config
    from rashomon.store.sqlite import Store

log = logging.getLogger(__name__)

N = 6  # words per shingle: long enough that shared 6-grams are rare by chance
SAMPLE = 4  # one shingle in SAMPLE (by hash) goes into the candidate index
# A pair is a candidate when it shares MIN_SHARED_SAMPLES sampled 6-grams (about 4x as many
# real ones: a passage of ~15 words) or a fifth of the smaller article's samples (short texts).
MIN_SHARED_SAMPLES = 3
MIN_SHARED_SHARE = 0.2
# One shared passage this long is reuse whatever the articles' length. 25 words: on 3,000
# SaudiNewsNet articles, shorter shared passages were mostly formulas (a prince's full title,
# ~15 words) and furniture ("ارسل رسالة SMS ..."), not copying.
MIN_PASSAGE_WORDS = 25
MIN_COPY_SCORE = 0.2
MIN_TRANSLATION_SCORE = 0.5
MIN_TRANSLATION_PAIRS = 3
MIN_ORDER = 0.7
MAX_PASSAGES = 20
MAX_REPEAT = 3
# A sampled 6-gram found in more articles than this is a formula or furniture (a title, a
# "send an SMS" line), not a sign of copying: it is left out of the candidate search, which
# would otherwise compare every pair of those articles (quadratic in the corpus).
MAX_POSTINGS = 50

_WORD = regex.compile(r"[\p{L}\p{N}]+")


def _hash(s: str) -> int:
    return zlib.crc32(s.encode("utf-8"))


def _words(key: str) -> list[regex.Match]:
    return list(_WORD.finditer(key))


def _shingles(words: list[regex.Match]) -> list[str]:
    toks = [w[0] for w in words]
    return [" ".join(toks[i : i + N]) for i in range(len(toks) - N + 1)]


def copy_passages(text_a: str, text_b: str) -> tuple[float, list[dict[str, Any]]]:
    """Score and shared passages (display offsets into each text) of two same-language texts."""
    ka, ia = matching_key_map(text_a)
    kb, ib = matching_key_map(text_b)
    wa, wb = _words(ka), _words(kb)
    sa, sb = _shingles(wa), _shingles(wb)
    where_b: dict[str, list[int]] = defaultdict(list)
    for j, s in enumerate(sb):
        where_b[s].append(j)
    count_a: dict[str, int] = defaultdict(int)
    for s in sa:
        count_a[s] += 1
    # A 6-gram repeated more than MAX_REPEAT times in one text is filler (a repeated block, a
    # pathological input), not a passage: skipping it keeps the pairing linear, not quadratic.
    hits = sorted(
        (i, j)
        for i, s in enumerate(sa)
        if count_a[s] <= MAX_REPEAT
        for j in (where_b.get(s, ()) if len(where_b.get(s, ())) <= MAX_REPEAT else ())
    )
    # merge diagonal runs: (i, j), (i+1, j+1), ... are one passage
    runs: list[list[int]] = []  # [i0, j0, length]
    open_runs: dict[int, list[int]] = {}  # diagonal (j - i) -> run
    for i, j in hits:
        run = open_runs.get(j - i)
        if run and run[0] + run[2] == i:
            run[2] += 1
        else:
            run = [i, j, 1]
            runs.append(run)
            open_runs[j - i] = run
    covered_a: set[int] = set()
    passages = []
    for i0, j0, length in sorted(runs, key=lambda r: -r[2]):
        words_n = length + N - 1
        a0, a1 = wa[i0].start(), wa[i0 + words_n - 1].end()
        b0, b1 = wb[j0].start(), wb[j0 + words_n - 1].end()
        new = set(range(i0, i0 + words_n)) - covered_a
        if len(new) < N:
            continue  # inside a longer passage already kept
        covered_a |= new
        ds, de = ia[a0], ia[a1 - 1] + 1
        es, ee = ib[b0], ib[b1 - 1] + 1
        passages.append(
            {
                "words": words_n,
                "a_start": ds,
                "a_end": de,
                "a_text": text_a[ds:de],
                "b_start": es,
                "b_end": ee,
                "b_text": text_b[es:ee],
            }
        )
    shorter = min(len(wa), len(wb)) or 1
    score = min(1.0, len(covered_a) / shorter)
    passages.sort(key=lambda p: p["a_start"])
    return round(score, 4), passages


def _candidates(rows: list[dict[str, Any]], new: set[str]) -> set[tuple[str, str]]:
    index: dict[int, list[str]] = defaultdict(list)
    sampled: dict[str, set[int]] = {}
    for r in rows:
        hs = {h for h in (_hash(s) for s in _shingles(_words(r["key"]))) if h % SAMPLE == 0}
        sampled[r["id"]] = hs
        for h in hs:
            index[h].append(r["id"])
    lang = {r["id"]: r["language"] for r in rows}
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for aid in new:
        for h in sampled.get(aid, ()):
            if len(index[h]) > MAX_POSTINGS:
                continue
            for other in index[h]:
                if other != aid and lang[other] == lang[aid]:
                    shared[tuple(sorted((aid, other)))] += 1
    return {
        (a, b)
        for (a, b), n in shared.items()
        if n >= MIN_SHARED_SAMPLES
        or n >= MIN_SHARED_SHARE * max(1, min(len(sampled[a]), len(sampled[b])))
    }


def _lis_ratio(pairs: list[tuple[int, int]]) -> float:
    """Share of aligned pairs that keep their order (longest increasing subsequence)."""
    import bisect

    seq = [b for _, b in sorted(pairs)]
    tails: list[int] = []
    for x in seq:
        k = bisect.bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
        else:
            tails[k] = x
    return len(tails) / len(seq) if seq else 0.0


def translation_pairs(store: Store) -> list[tuple[str, str, float, dict[str, Any]]]:
    rows = store.claim_member_rows()
    counts = store.statement_counts()
    by_claim: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_claim[r["claim"]].append(r)
    pairs: dict[tuple[str, str], list[tuple[dict[str, Any], dict[str, Any]]]] = defaultdict(list)
    for members in by_claim.values():
        for x in members:
            for y in members:
                if (x["aseq"], x["article"]) < (y["aseq"], y["article"]) and x["language"] != y[
                    "language"
                ]:
                    pairs[(x["article"], y["article"])].append((x, y))
    out = []
    for (a, b), links in pairs.items():
        first = {}
        for x, y in sorted(links, key=lambda p: (p[0]["seq"], p[1]["seq"])):
            first.setdefault(x["seq"], (x, y))  # one link per statement of a
        links = list(first.values())
        if len(links) < MIN_TRANSLATION_PAIRS:
            continue
        score = len(links) / max(1, min(counts.get(a, 0), counts.get(b, 0)))
        order = _lis_ratio([(x["seq"], y["seq"]) for x, y in links])
        if score < MIN_TRANSLATION_SCORE or order < MIN_ORDER:
            continue
        passages = [
            {
                "a_start": x["start"],
                "a_end": x["end"],
                "a_text": x["text"],
                "b_start": y["start"],
                "b_end": y["end"],
                "b_text": y["text"],
            }
            for x, y in links[:MAX_PASSAGES]
        ]
        out.append(
            (
                a,
                b,
                round(min(1.0, score), 4),
                {
                    "method": "aligned-claims",
                    "aligned": len(links),
                    "order": round(order, 3),
                    "passages": passages,
                },
            )
        )
    return out


class TextReuse(CorpusStep):
    """Copying (same language) and translation reuse (across languages) into `reuse`."""

    name = "provenance.reuse"
    reads = frozenset({"articles", "statements", "claims"})
    writes = frozenset({"reuse"})

    def update(self, store: Store, new_ids: list[str], config: Config) -> None:
        language = {a.id: a.language for a in store.article_infos()}
        rows = [
            {"id": i, "key": k, "language": language[i], "seq": n}
            for n, (i, k) in enumerate(store.article_keys())
        ]
        seq = {r["id"]: r["seq"] for r in rows}
        found = []
        texts: dict[str, str] = {}

        def text(aid: str) -> str:
            if aid not in texts:
                texts[aid] = store.article_texts([aid])[aid]
            return texts[aid]

        for a, b in sorted(_candidates(rows, set(new_ids))):
            if seq[a] > seq[b]:
                a, b = b, a
            score, passages = copy_passages(text(a), text(b))
            longest = max((p["words"] for p in passages), default=0)
            if score >= MIN_COPY_SCORE or longest >= MIN_PASSAGE_WORDS:
                found.append(
                    Reuse(
                        a=a,
                        b=b,
                        kind="copy",
                        score=score,
                        extras={
                            "method": f"word-{N}-grams",
                            "passages": passages[:MAX_PASSAGES],
                            "passage_count": len(passages),
                        },
                    )
                )
        translations = translation_pairs(store)
        with store.atomic():
            store.replace_reuse_kind("translation", [])  # rebuilt from the claims
            store.upsert_reuse(
                found
                + [
                    Reuse(a=a, b=b, kind="translation", score=s, extras=x)
                    for a, b, s, x in translations
                ]
            )
        log.info("text reuse: %d copies, %d translations", len(found), len(translations))
