"""The pair cross-encoder with fine-tuned top layers (`models.cross_top`) and its blend with
the pair classifier (`claims.pairmodel.pair_proba`)."""

import json
from importlib import resources

import numpy as np
import pytest

from rashomon.claims import pairmodel
from rashomon.models import onnx_e5
from rashomon.models.cross_top import NAME, default_cross_top, top_forward

PAIRS = [
    (
        "The ministry said the bridge is safe for heavy trucks.",
        "The ministry said the bridge is not safe for heavy trucks.",
    ),
    ("وزارت گفت پل برای کامیون‌های سنگین ایمن است.", "تیم ملی فوتبال دیروز به تهران بازگشت."),
    ("قال الوزير إن الجسر آمن.", "قال الوزير إن الجسر آمن للشاحنات."),
]


def _shipped() -> bool:
    return resources.files("rashomon").joinpath("data", f"{NAME}.npz").is_file()


needs_model = pytest.mark.skipif(
    not _shipped(), reason="no cross-top model built (scripts/train_cross_top.py; not shipped)"
)


@needs_model
def test_shipped_file_is_small_and_fits_the_encoder():
    data = resources.files("rashomon").joinpath("data")
    meta = json.loads(data.joinpath(f"{NAME}.json").read_text("utf-8"))
    assert len(data.joinpath(f"{NAME}.npz").read_bytes()) < 8_000_000
    top = default_cross_top()
    if meta.get("head") == "attend":
        assert top.params["f1.w"].shape[0] == 384 and top.params["g1.w"].shape[0] == 4 * 384
        assert top.params["head.w"].shape[1] == 3
    else:
        assert meta["bottom_layers"] + meta["top_layers"] == 12
        assert top.params["t0.fi.w"].shape == (384, 1536)
        assert top.params["head.w"].shape == (768, 3)
    assert 0.0 <= meta["weight"] <= 1.0


def test_top_layers_in_numpy_are_a_transformer_layer():
    # a layer with zero attention and feed-forward weights adds only its biases to the
    # residual before each normalisation: the output is the normalised input
    rng = np.random.default_rng(0)
    h = 8
    p = {}
    for name, shape in {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h)}.items():
        p[f"t0.{name}.w"], p[f"t0.{name}.b"] = np.zeros(shape), np.zeros(shape[1])
    p["t0.fi.w"], p["t0.fi.b"] = np.zeros((h, 16)), np.zeros(16)
    p["t0.fo.w"], p["t0.fo.b"] = np.zeros((16, h)), np.zeros(h)
    for name in ("aln", "oln"):
        p[f"t0.{name}.w"], p[f"t0.{name}.b"] = np.ones(h), np.zeros(h)
    p["head.w"] = np.vstack([np.eye(h)[:, :3], np.zeros((h, 3))])
    p["head.b"] = np.zeros(3)
    v = rng.normal(size=(1, 4, h))
    out = top_forward(p, 1, v, np.ones((1, 4)), heads=2, eps=1e-12)
    first = v[0, 0]
    expect = (first - first.mean()) / first.std()
    assert np.allclose(out[0], expect[:3], atol=1e-5)


@needs_model
def test_reads_a_near_copy_as_closer_than_an_unrelated_pair():
    logits = default_cross_top().logits(PAIRS)
    assert logits.shape == (3, 3) and np.isfinite(logits).all()
    unrelated = pairmodel.LABELS.index("unrelated")
    z = logits - logits.max(1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(1, keepdims=True)
    assert p[1, unrelated] > p[0, unrelated] and p[1, unrelated] > p[2, unrelated]


@needs_model
@pytest.mark.skipif(not onnx_e5.available(), reason="onnxruntime not installed")
def test_numpy_bottom_reads_as_the_onnx_graph():
    from rashomon.models.cross_top import load_bytes

    data = resources.files("rashomon").joinpath("data")
    meta = json.loads(data.joinpath(f"{NAME}.json").read_text("utf-8"))
    npz = data.joinpath(f"{NAME}.npz").read_bytes()
    fast = load_bytes(npz, meta, use_onnx=True).logits(PAIRS)
    slow = load_bytes(npz, meta, use_onnx=False).logits(PAIRS)
    assert (fast.argmax(1) == slow.argmax(1)).all()

    def proba(z):  # what the blend takes (int8 against Q4 dequantised: logits of ~10 move ~1)
        z = z / meta["temperature"]
        e = np.exp(z - z.max(1, keepdims=True))
        return e / e.sum(1, keepdims=True)

    # 0.06 when the three pairs shared one call (one int8 scale for the call); one pair a call
    # (since 0l) the third pair moves 0.099. On 100 news-length pairs the distance to numpy is
    # the same either way: median 0.003 / 0.003, 90th percentile 0.063 / 0.049, max 0.48 / 0.66
    # (one pair a call / batches of 2,048 tokens)
    assert np.abs(proba(fast) - proba(slow)).max() < 0.12


@needs_model
def test_a_pairs_reading_does_not_depend_on_the_other_pairs_of_the_call():
    # batched, the int8 graph quantised every pair with the call's scale: a pair's logits moved
    # by 0.5 at the median with its company (and its cached reading with the call that made it)
    top = default_cross_top()
    together = top.logits(PAIRS + PAIRS[::-1])
    assert np.array_equal(together[:3], together[3:][::-1])
    for k, pair in enumerate(PAIRS):
        assert np.array_equal(top.logits([pair])[0], together[k])


def test_blend_weight_follows_the_environment(monkeypatch):
    monkeypatch.setenv("RASHOMON_CROSS_TOP", "off")
    assert pairmodel.cross_top_weight() == 0.0
    monkeypatch.setenv("RASHOMON_CROSS_TOP", "0.4")
    assert pairmodel.cross_top_weight() == 0.4
    monkeypatch.setenv("RASHOMON_CROSS_TOP", "7")
    assert pairmodel.cross_top_weight() == 1.0
    x = np.zeros((2, 5))

    class Flat:
        def proba(self, x):
            return np.full((len(x), 3), 1 / 3)

    class Sure:
        meta = {"temperature": 1.0}

        def logits(self, pairs):
            return np.array([[0.0, 50.0, 0.0]] * len(pairs))

    from rashomon.models import cross_top

    monkeypatch.setattr(cross_top, "default_cross_top", lambda: Sure())
    monkeypatch.setenv("RASHOMON_CROSS_TOP", "0.5")
    blended = pairmodel.pair_proba(Flat(), x, PAIRS[:2])
    assert np.allclose(blended[:, 1], 0.5 / 3 + 0.5) and np.allclose(blended.sum(1), 1.0)
    monkeypatch.setenv("RASHOMON_CROSS_TOP", "0")
    assert np.allclose(pairmodel.pair_proba(Flat(), x, PAIRS[:2]), 1 / 3)


def test_pairs_that_cannot_reach_the_floor_are_told_apart_whatever_the_cross_encoder_reads(
    monkeypatch,
):
    """`can_reach` keeps exactly the rows whose blended probability could reach the floor
    with the most favourable cross-encoder reading (all its mass on the label), so leaving the
    others unread changes no finding."""
    from rashomon.models import cross_top

    labels = pairmodel.LABELS
    c = labels.index("contradict")
    cheap = np.array([0.0, 0.3, 0.59, 0.6, 0.61, 0.9])

    class Given:
        def proba(self, x):
            out = np.zeros((len(x), len(labels)))
            out[:, c] = cheap[x[:, 0].astype(int)]
            out[:, (c + 1) % len(labels)] = 1 - out[:, c]
            return out

    class Favourable:
        meta = {"temperature": 1.0}

        def logits(self, pairs):
            z = np.zeros((len(pairs), len(labels)))
            z[:, c] = 80.0
            return z

    monkeypatch.setattr(cross_top, "default_cross_top", lambda: Favourable())
    x = np.arange(len(cheap), dtype=float)[:, None]
    pairs = [("a", "b")] * len(cheap)
    for weight, floor in ((0.5, 0.8), (0.3, 0.8), (0.0, 0.8), (1.0, 0.8), (0.5, 0.55)):
        reach = pairmodel.can_reach(Given(), x, "contradict", floor, weight)
        best = pairmodel.pair_proba(Given(), x, pairs, weight=weight)[:, c]
        assert list(reach) == list(best >= floor - 1e-9), (weight, floor)
    # at the shipped blend (0.5) a classifier probability under 0.6 cannot reach 0.8
    assert list(pairmodel.can_reach(Given(), x, "contradict", 0.8, 0.5)) == [
        False, False, False, True, True, True
    ]  # fmt: skip


def test_default_is_off_without_a_built_model(monkeypatch):
    monkeypatch.delenv("RASHOMON_CROSS_TOP", raising=False)
    if not _shipped():
        assert pairmodel.cross_top_weight() == 0.0


def test_side_marks_split_the_pair_reading():
    from rashomon.models.cross_top import side_marks

    # <s> a a a </s></s> b b </s> pad
    mask = np.array([[1, 1, 1, 1, 1, 1, 1, 1, 1, 0]], dtype=np.float32)
    assert side_marks([3], mask).tolist() == [[0, 1, 1, 1, 0, 0, 2, 2, 0, 0]]


def test_attend_head_reads_each_side_against_the_other():
    from rashomon.models.cross_top import attend_forward

    rng = np.random.default_rng(1)
    h, w = 6, 5
    p = {}
    for name, (nin, nout) in {
        "f1": (h, w), "f2": (w, w), "g1": (4 * h, w), "g2": (w, w), "h1": (4 * w, w),
        "head": (w, 3),
    }.items():  # fmt: skip
        p[f"{name}.w"], p[f"{name}.b"] = rng.normal(size=(nin, nout)), rng.normal(size=nout)
    v = np.repeat(rng.normal(size=(1, 8, h)), 2, axis=0)
    sides = np.array([[0, 1, 1, 0, 0, 2, 2, 0], [0, 1, 1, 0, 0, 2, 2, 0]], dtype=np.float32)
    v[1, 7] += 100.0  # padding and separators change nothing
    v[1, 0] -= 50.0
    out = attend_forward(p, v, sides)
    assert out.shape == (2, 3) and np.allclose(out[0], out[1])
    v[1, 6] += 1.0  # a word of side B does
    assert not np.allclose(attend_forward(p, v, sides)[1], out[0])
