"""The trained pair classifier: agree / contradict / unrelated with a calibrated confidence.

A small feed-forward network (numpy only: one hidden ReLU layer, or none) over the standardised
pair features (`claims.pairfeatures`: the encoder block `[u*v, |u-v|]`, the scalar
`FEATURES` and, when `meta["cross"]` names it, the block of the pair's joint reading by the same
encoder, `models.cross_e5`), its softmax divided by a temperature fitted on a held-apart tuning split so that
the confidence reads as a probability. Built by `scripts/train_compare.py` from FarsTail
(Apache-2.0), ANS (Apache-2.0) and pairs generated from corpus sentences; it ships as
`data/compare-model.npz` (weights) with `data/compare-model.json` (features, labels, polar
lexicon, data, licence, scores). Nothing reads a data set at run time; the model loads on
first use. `pair_proba` blends its probabilities with the pair cross-encoder's
(`models.cross_top`, `data/cross-top.*`) at the shipped weight (`cross_top_weight`).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np

from rashomon.claims.pairfeatures import FEATURES

LABELS = ("agree", "contradict", "unrelated")
MODEL_NAME = "compare-model"


class PairModelError(ValueError):
    """The shipped model does not fit this code (the message says how to rebuild it)."""


@dataclass(slots=True)
class PairModel:
    mean: np.ndarray
    scale: np.ndarray
    layers: list[tuple[np.ndarray, np.ndarray]]  # (weights, bias); ReLU between layers
    temperature: float = 1.0
    polar: dict[str, float] = field(default_factory=dict)
    meta: dict = field(default_factory=dict)

    @property
    def cross(self) -> bool:
        """Whether the model reads the pair's joint reading (`models.cross_e5`) too."""
        return bool(self.meta.get("cross"))

    def logits(self, x: np.ndarray) -> np.ndarray:
        h = (x - self.mean) / self.scale
        for i, (w, b) in enumerate(self.layers):
            h = h @ w + b
            if i < len(self.layers) - 1:
                h = np.maximum(h, 0.0)
        return h

    def proba(self, x: np.ndarray) -> np.ndarray:
        z = self.logits(x) / self.temperature
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def save(self, npz_path, json_path) -> None:
        arrays = {"mean": self.mean, "scale": self.scale}
        for i, (w, b) in enumerate(self.layers):
            arrays[f"w{i}"], arrays[f"b{i}"] = w, b
        buf = io.BytesIO()
        np.savez_compressed(buf, **{k: v.astype(np.float32) for k, v in arrays.items()})
        with open(npz_path, "wb") as fh:
            fh.write(buf.getvalue())
        meta = dict(self.meta)
        meta.update(
            features=list(FEATURES),
            labels=list(LABELS),
            layers=len(self.layers),
            temperature=round(self.temperature, 4),
            polar={k: round(v, 3) for k, v in sorted(self.polar.items())},
        )
        with open(json_path, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(meta, ensure_ascii=False, indent=1) + "\n")

    @classmethod
    def from_bytes(cls, npz: bytes, meta: dict) -> PairModel:
        from rashomon.models.cross_e5 import CrossE5

        if (
            meta.get("features") != list(FEATURES)
            or meta.get("labels") != list(LABELS)
            or meta.get("cross", CrossE5.name) != CrossE5.name
        ):
            raise PairModelError(
                "the shipped compare model was built for other features; rebuild it with "
                "`python scripts/train_compare.py`"
            )
        with np.load(io.BytesIO(npz)) as z:
            layers = [
                (z[f"w{i}"].astype(np.float64), z[f"b{i}"].astype(np.float64))
                for i in range(int(meta["layers"]))
            ]
            mean, scale = z["mean"].astype(np.float64), z["scale"].astype(np.float64)
        return cls(mean, scale, layers, float(meta["temperature"]), dict(meta["polar"]), meta)


def cross_top_weight() -> float:
    """The weight of the fine-tuned cross-encoder (`models.cross_top`) in the blended
    probabilities: `RASHOMON_CROSS_TOP` (a number in [0, 1]; 0 or "off": not used) when set,
    else the shipped `cross-top.json`'s `weight` when its `default` is true, else 0."""
    import os

    env = os.environ.get("RASHOMON_CROSS_TOP", "").strip().lower()
    if env:
        return 0.0 if env in ("off", "no", "false") else min(1.0, max(0.0, float(env)))
    meta = _cross_top_meta()
    return float(meta.get("weight", 0.0)) if meta.get("default") else 0.0


@lru_cache(maxsize=1)
def _cross_top_meta() -> dict:
    path = resources.files("rashomon").joinpath("data").joinpath("cross-top.json")
    return json.loads(path.read_text("utf-8")) if path.is_file() else {}


def pair_proba(model: PairModel, x: np.ndarray, texts: list[tuple[str, str]],
               top_logits=None, weight: float | None = None) -> np.ndarray:  # fmt: skip
    """The classifier's probabilities for the pairs `texts` (rows of `x`), blended, when
    `weight` (default `cross_top_weight()`) > 0, with the fine-tuned cross-encoder's
    (temperature-scaled). `top_logits(texts)`: the cross-encoder's logits (a cached reading,
    `claims.compare.cross_top_logits`); by default computed here."""
    probs = model.proba(x)
    weight = cross_top_weight() if weight is None else weight
    if weight <= 0 or not len(texts):
        return probs
    from rashomon.models.cross_top import default_cross_top

    top = default_cross_top()
    z = top_logits(list(texts)) if top_logits is not None else top.logits(list(texts))
    z = np.asarray(z, dtype=np.float64) / float(top.meta.get("temperature", 1.0))
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return (1.0 - weight) * probs + weight * e / e.sum(axis=1, keepdims=True)


def can_reach(
    model: PairModel, x: np.ndarray, label: str, floor: float, weight: float | None = None
) -> np.ndarray:
    """Which rows of `x` `pair_proba` could give `label` a probability >= `floor`, whatever
    the fine-tuned cross-encoder reads: the blend is (1 - w) * classifier + w * cross-encoder,
    so a row whose classifier probability is below (floor - w) / (1 - w) cannot get there, and
    the cross-encoder (one 8-layer pass a pair) need not read it. Without the cross-encoder
    (w = 0) it is the classifier's own test."""
    weight = cross_top_weight() if weight is None else weight
    p = model.proba(x)[:, LABELS.index(label)] if len(x) else np.zeros(0)
    if weight >= 1.0:
        return np.ones(len(p), dtype=bool)
    # a hair below the bound: rounding in the blend never drops a row that reaches the floor
    return p >= (floor - weight) / (1.0 - weight) - 1e-9


@lru_cache(maxsize=1)
def default_model() -> PairModel:
    data = resources.files("rashomon").joinpath("data")
    meta = json.loads(data.joinpath(f"{MODEL_NAME}.json").read_text("utf-8"))
    return PairModel.from_bytes(data.joinpath(f"{MODEL_NAME}.npz").read_bytes(), meta)
