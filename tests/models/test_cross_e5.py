"""The joint reading of a statement pair (`models.cross_e5`)."""

import numpy as np
import pytest

from rashomon.models import onnx_e5
from rashomon.models.cross_e5 import HIDDEN, LAYERS, N_STATS, CrossE5, pair_key

PAIRS = [
    (
        "The ministry said the bridge is safe for heavy trucks.",
        "The ministry said the bridge is not safe for heavy trucks.",
    ),
    ("وزارت گفت پل برای کامیون‌های سنگین ایمن است.", "تیم ملی فوتبال دیروز به تهران بازگشت."),
]


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_layout_and_alignment_figures():
    v = CrossE5().embed([pair_key(a, b) for a, b in PAIRS])
    assert v.shape == (2, 2 * HIDDEN * len(LAYERS) + N_STATS)
    assert np.isfinite(v).all()
    stats = v[:, -N_STATS:]
    # every word of a near-copy finds a close match on the other side; an unrelated pair's
    # words do not
    assert stats[0, 0] > stats[1, 0] and stats[0, 1] > stats[1, 1]
    # a pair read beside a longer one reads the same (int8 activations are scaled per batch,
    # so not to the last digit)
    again = CrossE5().embed([pair_key(*PAIRS[0]), pair_key(*PAIRS[0]) + " Long tail " * 20])
    assert _cos(again[0], v[0]) > 0.99


@pytest.mark.skipif(not onnx_e5.available(), reason="onnxruntime not installed")
def test_numpy_fallback_reads_as_the_onnx_graph():
    keys = [pair_key(a, b) for a, b in PAIRS]
    fast = CrossE5(use_onnx=True).embed(keys)
    slow = CrossE5(use_onnx=False).embed(keys)
    for k in range(len(keys)):
        for layer in range(len(LAYERS)):
            part = slice(2 * layer * HIDDEN, (2 * layer + 2) * HIDDEN)
            assert _cos(fast[k, part], slow[k, part]) > 0.97
