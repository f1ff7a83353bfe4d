"""The neural transliterator (`entities.seq2seq`): its numpy decoder against a plain-Python
reference on a tiny random model, and the shipped model's file."""

import json
import math

import numpy as np
import pytest

from rashomon.entities import seq2seq, translit

SRC = "ابتدرسكلمنوي"
TGT = "abdeiklmnorstuy"


def _tiny(path, seed=7, e=5, h=4, d=6):
    rng = np.random.default_rng(seed)
    nin, nout = len(SRC) + 3, len(TGT) + 2

    def r(*shape):
        return (rng.standard_normal(shape) * 0.6).astype(np.float16)

    w = {
        "emb_in": r(nin, e),
        "emb_out": r(nout, e),
        "init.w": r(d, 2 * h),
        "init.b": r(d),
        "att.w": r(2 * h, d),
        "comb.w": r(d, d + 2 * h),
        "comb.b": r(d),
        "out.w": r(nout, d),
        "out.b": r(nout),
    }
    w["out.b"][seq2seq.EOS] += 3  # short spellings, so that the beam ends
    for p, i, n in (("enc.f.", e, h), ("enc.b.", e, h), ("dec.", e + 2 * h, d)):
        w[p + "w_ih"], w[p + "w_hh"] = r(3 * n, i), r(3 * n, n)
        w[p + "b_ih"], w[p + "b_hh"] = r(3 * n), r(3 * n)
    w["meta"] = np.frombuffer(json.dumps({"src": SRC, "tgt": TGT}).encode(), dtype=np.uint8)
    with open(path, "wb") as fh:
        np.savez_compressed(fh, **w)
    return {k: v.astype(float).tolist() for k, v in w.items() if k != "meta"}


# A plain-Python reading of the network, one number at a time (torch's GRU equations).
def _mv(m, v):
    return [sum(a * b for a, b in zip(row, v, strict=False)) for row in m]


def _sig(x):
    return 1 / (1 + math.exp(-x))


def _gru(w, p, x, h):
    gi = [a + b for a, b in zip(_mv(w[p + "w_ih"], x), w[p + "b_ih"], strict=False)]
    gh = [a + b for a, b in zip(_mv(w[p + "w_hh"], h), w[p + "b_hh"], strict=False)]
    n = len(h)
    out = []
    for j in range(n):
        r = _sig(gi[j] + gh[j])
        z = _sig(gi[n + j] + gh[n + j])
        c = math.tanh(gi[2 * n + j] + r * gh[2 * n + j])
        out.append((1 - z) * c + z * h[j])
    return out


def _reference_logprob(w, word, spelling):
    ids = [SRC.index(ch) + 3 for ch in word]
    xs = [w["emb_in"][i] for i in ids]
    nh = len(w["enc.f.b_hh"]) // 3
    h, fw = [0.0] * nh, []
    for x in xs:
        h = _gru(w, "enc.f.", x, h)
        fw.append(h)
    h, bw = [0.0] * nh, []
    for x in reversed(xs):
        h = _gru(w, "enc.b.", x, h)
        bw.append(h)
    enc = [f + b for f, b in zip(fw, bw[::-1], strict=False)]
    mean = [sum(col) / len(enc) for col in zip(*enc, strict=False)]
    h = [math.tanh(a + b) for a, b in zip(_mv(w["init.w"], mean), w["init.b"], strict=False)]
    ctx = [0.0] * len(enc[0])
    keys = [_mv(list(zip(*w["att.w"], strict=False)), e) for e in enc]  # e @ W_att
    prev, total = seq2seq.EOS, 0.0
    for y in [TGT.index(ch) + 2 for ch in spelling] + [seq2seq.EOS]:
        h = _gru(w, "dec.", list(w["emb_out"][prev]) + ctx, h)
        s = [sum(a * b for a, b in zip(k, h, strict=False)) for k in keys]
        m = max(s)
        a = [math.exp(v - m) for v in s]
        a = [v / sum(a) for v in a]
        ctx = [sum(a[t] * enc[t][j] for t in range(len(enc))) for j in range(len(enc[0]))]
        o = [math.tanh(v + b) for v, b in zip(_mv(w["comb.w"], h + ctx), w["comb.b"], strict=False)]
        logits = [v + b for v, b in zip(_mv(w["out.w"], o), w["out.b"], strict=False)]
        m = max(logits)
        total += logits[y] - m - math.log(sum(math.exp(v - m) for v in logits))
        prev = y
    return total


def test_numpy_decoder_reproduces_the_reference(tmp_path):
    w = _tiny(tmp_path / "m.npz")
    model = seq2seq.load(tmp_path / "m.npz")
    word, spellings = "كريستيان", ["kristian", "bob", "", "ya"]
    got = model.score(word, spellings + ["q"])  # q: a letter the model never writes
    assert got[2] == got[4] == -math.inf
    for s, g in zip(spellings, got, strict=False):
        if s:
            assert g == pytest.approx(_reference_logprob(w, word, s), abs=1e-4)
    found = model.beam(word, 4)
    assert 0 < len(found) <= 4 and [x for _, x in found] == sorted(
        (x for _, x in found), reverse=True
    )
    # the beam's log-probabilities are the model's own
    assert model.score(word, [s for s, _ in found]) == pytest.approx(
        [x for _, x in found], abs=1e-4
    )


def test_prep_reads_persian_letters_as_arabic_ones():
    assert seq2seq.prep("پوتین") == seq2seq.prep("بوتين")
    assert seq2seq.prep("ميركل") == "ميركل"
    assert seq2seq.prep("أردوغان") == "اردوغان"  # ANETAC writes no hamza on alef


def test_combination_picks_by_its_weights(tmp_path):
    _tiny(tmp_path / "m.npz")
    model = seq2seq.load(tmp_path / "m.npz")
    cands = [("kristian", -1.0), ("krestyan", -1.5)]
    spellings, rows = translit.nn_features("كريستيان", cands, [model], {"lp": 1.0})
    assert spellings[:2] == ["kristian", "krestyan"] and len(rows[0]) == len(translit.NN_FEATURES)
    assert translit.nn_pick(spellings, rows, {"rr": 1.0}) == "kristian"  # the reranker's
    assert all(r[translit.NN_FEATURES.index("nnr")] == 0 for r in rows)  # no second network
    best_nn = max(range(len(rows)), key=lambda i: rows[i][translit.NN_FEATURES.index("nn")])
    assert translit.nn_pick(spellings, rows, {"nn": 1.0}) == spellings[best_nn]


def test_shipped_model_is_small_float16_with_its_combination():
    if not seq2seq.DATA.exists():
        pytest.skip("translit-s2s.npz not built")
    assert seq2seq.DATA.stat().st_size < 3_000_000
    with np.load(seq2seq.DATA) as z:
        assert z["dec.w_ih"].dtype == np.float16
    model = seq2seq.shipped()[0]
    assert set(model.meta["combine"]) == set(translit.NN_FEATURES)
    assert "ANETAC" in model.meta["data"]
    # trained on (`--init`) from the 12-epoch model (development greedy exact 0.215), better
    assert model.meta["dev_greedy_exact"] >= 0.225 > model.meta["init_dev_greedy_exact"]
