"""A pair model that reads the joint reading too (`train_compare.py --cross`): the plumbing."""

import numpy as np

from rashomon.claims.pairfeatures import FEATURES, cross_width
from rashomon.claims.pairmodel import LABELS, PairModel
from rashomon.models.cross_e5 import CrossE5


def _model(width: int, cross: bool) -> PairModel:
    rng = np.random.default_rng(0)
    layers = [(rng.normal(size=(width, len(LABELS))), np.zeros(len(LABELS)))]
    meta = {"cross": CrossE5.name} if cross else {}
    return PairModel(np.zeros(width), np.ones(width), layers, meta=meta)


def test_compare_feeds_the_joint_reading_to_a_model_that_takes_it():
    from rashomon.claims.compare import compare_texts
    from rashomon.models.embeddings import EmbeddingCache, default_embedder

    pairs = [("The bridge is safe.", "The bridge is not safe.")]
    cache = EmbeddingCache(default_embedder(), None, None)
    width = 2 * 384 + len(FEATURES) + cross_width()
    res = compare_texts(pairs, cache, _model(width, cross=True))
    assert res[0].label in LABELS and 0 < res[0].confidence <= 1


def test_discrepancy_steps_skip_a_joint_model_without_the_joint_reading():
    from rashomon.claims.discrepancies.classified import _ready

    vectors = np.zeros((2, 384))
    joint = _model(2 * 384 + len(FEATURES) + cross_width(), cross=True)
    assert not _ready(joint, vectors, None)
    assert _ready(joint, vectors, lambda pairs: None)
    plain = _model(2 * 384 + len(FEATURES), cross=False)
    assert _ready(plain, vectors, None)
    assert not _ready(plain, np.zeros((2, 8)), None)  # a test's stand-in encoder
