"""The CRF's marginals computed with numpy (`entities.crfnp`) against crfsuite's own, on real
sentences of the NER corpora, and the state scores against the weights of `features`."""

import numpy as np
import pytest

from rashomon.entities import crfnp, tagdata, tagger


def _docs(shared_data, lang: str, n: int = 40) -> list:
    train, _dev = tagdata.load(shared_data / "ner", lang)
    docs = [tagdata.sentence_doc(s.text, lang) for s in train[:n]]
    return [d for d in docs if d.toks]


@pytest.mark.parametrize("lang", tagger.LANGS)
def test_state_scores_are_the_summed_weights_of_the_features(shared_data, lang):
    w = tagger._crf_weights(lang)
    keep, cache = tagger._weighed(lang)
    n = 0
    for doc in _docs(shared_data, lang):
        got = tagger.crf_scores(w, doc, cache, keep, tagger._rule_marks(doc))
        want = np.array([w.state[w.rows(f)].sum(axis=0) for f in tagger.features(doc)])
        np.testing.assert_allclose(got, want, atol=1e-9)
        n += len(doc.toks)
    assert n > 500


@pytest.mark.parametrize("lang", tagger.LANGS)
def test_marginals_equal_crfsuites(shared_data, lang):
    crf = tagger._tagger(lang)
    w = tagger._crf_weights(lang)
    keep, cache = tagger._weighed(lang)
    docs = _docs(shared_data, lang)
    scores = [tagger.crf_scores(w, d, cache, keep, tagger._rule_marks(d)) for d in docs]
    # several sentences of different lengths go through forward-backward together
    for doc, marg in zip(docs, crfnp.marginals(w, scores), strict=True):
        crf.set(tagger.features(doc, cache, keep))
        want = [[crf.marginal(y, t) for y in w.labels] for t in range(len(doc.toks))]
        # the dump crfnp reads prints weights to 6 decimals
        np.testing.assert_allclose(marg, want, atol=1e-4)
        np.testing.assert_allclose(marg.sum(axis=1), 1.0)


def test_the_weights_read_from_the_dump_are_the_models():
    crf = tagger._tagger("ar")
    w = crfnp.read(crf)
    assert w.labels == tuple(crf.labels()) and "O" in w.labels
    info = crf.info()
    assert len(w.index) == len({a for a, _y in info.state_features})
    for (a, y), weight in list(info.state_features.items())[:500]:
        assert w.state[w.index[a], w.labels.index(y)] == pytest.approx(weight, abs=1e-6)
    for (a, b), weight in info.transitions.items():
        assert w.trans[w.labels.index(a), w.labels.index(b)] == pytest.approx(weight, abs=1e-6)
    assert w.pairs["w-1|w="] and all(p in w.index for p in ("bias",))
