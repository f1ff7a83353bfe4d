"""Train the neural transliterator (`entities.seq2seq`, `entities/data/translit-s2s.npz`).

    OMP_NUM_THREADS=1 nice python scripts/train_translit_seq2seq.py [--reverse] [--epochs 12]
        [--cache DIR] [--combine-only] [--no-combine] [--seed 13] [--lr 2e-3] [--init FILE]

The shipped model is trained in two runs (issue 13, Dec 2026: the first alone was
undertrained):

    ... train_translit_seq2seq.py --no-combine --out /tmp/s2s-12.npz        # 12 epochs, seed 13
    ... train_translit_seq2seq.py --init /tmp/s2s-12.npz --seed 14 --lr 1e-3 --epochs 6 --cache DIR

`--init` continues training a built model (its float16 weights; Adam starts afresh).

Training only: needs torch (`pip install torch==2.13.0`, CPU wheel, in a separate environment
that also has the package's dependencies; never imported by the package). The shipped model
runs in numpy (`entities.seq2seq`).

Data: ANETAC (Hadj Ameur et al., arXiv:1907.03110; research data set, see
`../shared/data/README.md` and `entities/data/NER-LICENSE.md`), the one-word pairs of its
training part (`translit.word_pairs`; `namemodel.held_out` keeps a tenth apart for evaluation,
never read here). The development split of `scripts/build_translit_rerank.py` (a tenth of the
training part, by a hash of the pair) is kept apart: the model is fitted on the rest, and after
each epoch the greedy exact match of its one-word person names is printed; the epoch with the
best is kept (so the reranker's weights for the model, fitted on that split, are honest).

Model: letter embeddings (64), a bidirectional GRU encoder (2 x 128), a GRU decoder (256) with
bilinear attention (the last context fed back), a tanh layer over the state and the context,
then the output letters; 0.87M parameters. Adam (lr 2e-3, halved after two epochs without
gain), batches of 96 pairs of similar length, dropout 0.2 on the embeddings and the tanh layer;
cross-entropy with label smoothing 0.1. `--reverse` trains the model that writes spellings from
their last letter (`translit-s2s-r.npz`). Deterministic (seed 13, one thread, fixed order):
about 5 minutes an epoch on a busy 2-core machine.

Then the combination (`translit.nn_features`, `translit.NN_FEATURES`): the linear reranker's
score, the networks' log-probabilities of each spelling, a few flags, weighed by a conditional
logit fitted on the development split's one-word person names that a lookup built from the rest
lacks (candidates from a transducer fitted on the rest: `--cache` shares
`build_translit_rerank.py`'s fitted transducers). Its figures on that split are printed
cross-fitted (each half scored by weights fitted on the other); the weights fitted on the whole
split are stored in `translit-s2s.npz`. `--combine-only` refits them for built models.

Order: `build_translit_rerank.py` first (the combination reads its reranker), then
`train_translit_seq2seq.py --reverse`, then `train_translit_seq2seq.py`.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from build_translit_rerank import _bucket  # noqa: E402

from rashomon.entities import seq2seq, translit  # noqa: E402
from rashomon.entities.namemodel import read_anetac  # noqa: E402

SEED = 13
EMB, HID, DEC = 64, 128, 256
BATCH = 96
MIN_CHAR = 25  # a Latin letter written fewer times in training is dropped (with its pairs)


def build_model(nin: int, nout: int, dropout: float = 0.2):
    import torch
    from torch import nn

    class S2S(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.emb_in = nn.Embedding(nin, EMB, padding_idx=0)
            self.enc = nn.GRU(EMB, HID, batch_first=True, bidirectional=True)
            self.init = nn.Linear(2 * HID, DEC)
            self.emb_out = nn.Embedding(nout, EMB)
            self.dec = nn.GRUCell(EMB + 2 * HID, DEC)
            self.att = nn.Linear(2 * HID, DEC, bias=False)
            self.comb = nn.Linear(DEC + 2 * HID, DEC)
            self.out = nn.Linear(DEC, nout)
            self.drop = nn.Dropout(dropout)

        def forward(self, src, lens, tgt):
            """Log-probabilities (B, M, V) of each target letter given the ones before it
            (`tgt` ends with EOS; the first input is EOS as BOS)."""
            x = self.drop(self.emb_in(src))
            packed = nn.utils.rnn.pack_padded_sequence(
                x, lens, batch_first=True, enforce_sorted=False
            )
            enc, _ = self.enc(packed)
            enc, _ = nn.utils.rnn.pad_packed_sequence(
                enc, batch_first=True, total_length=src.shape[1]
            )
            mask = src != 0
            mean = (enc * mask[..., None]).sum(1) / lens[:, None].to(enc.dtype)
            h = torch.tanh(self.init(mean))
            ctx = torch.zeros(src.shape[0], 2 * HID)
            keys = self.att(enc)
            prev = torch.full((src.shape[0],), seq2seq.EOS, dtype=torch.long)
            outs = []
            for t in range(tgt.shape[1]):
                h = self.dec(torch.cat([self.drop(self.emb_out(prev)), ctx], 1), h)
                s = torch.bmm(keys, h[:, :, None])[:, :, 0].masked_fill(~mask, -1e9)
                ctx = torch.bmm(torch.softmax(s, 1)[:, None, :], enc)[:, 0]
                o = self.drop(torch.tanh(self.comb(torch.cat([h, ctx], 1))))
                outs.append(self.out(o))
                prev = tgt[:, t]
            return torch.log_softmax(torch.stack(outs, 1), -1)

    return S2S()


def _names() -> list[tuple[str, str, bool]]:
    """(our name, torch's state-dict name, transposed) of each weight of the model."""
    out = [
        ("emb_in", "emb_in.weight", False),
        ("emb_out", "emb_out.weight", False),
        ("init.w", "init.weight", False),
        ("init.b", "init.bias", False),
        ("att.w", "att.weight", True),
        ("comb.w", "comb.weight", False),
        ("comb.b", "comb.bias", False),
        ("out.w", "out.weight", False),
        ("out.b", "out.bias", False),
    ]
    for ours, theirs in (
        ("enc.f.", "enc.{}_l0"),
        ("enc.b.", "enc.{}_l0_reverse"),
        ("dec.", "dec.{}"),
    ):
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            short = name.replace("weight", "w").replace("bias", "b")
            out.append((ours + short, theirs.format(name), False))
    return out


def weights(model) -> dict[str, np.ndarray]:
    """The model's weights under `entities.seq2seq`'s names, float16."""
    sd = {k: v.detach().numpy() for k, v in model.state_dict().items()}
    return {
        ours: (sd[theirs].T.copy() if t else sd[theirs]).astype(np.float16)
        for ours, theirs, t in _names()
    }


def load_weights(model, path: Path) -> None:
    """Set the torch model's weights from a built model file (`weights`' inverse; `--init`)."""
    import torch

    with np.load(path) as z:
        w = {k: z[k].astype(np.float32) for k in z.files if k != "meta"}
    sd = {theirs: w[ours].T.copy() if t else w[ours] for ours, theirs, t in _names()}
    model.load_state_dict({k: torch.from_numpy(v) for k, v in sd.items()})


def export(model, src: str, tgt: str, path: Path, meta: dict) -> None:
    w = weights(model)
    info = json.dumps({"src": src, "tgt": tgt} | meta, ensure_ascii=False, sort_keys=True)
    w["meta"] = np.frombuffer(info.encode("utf-8"), dtype=np.uint8)
    with open(path, "wb") as fh:  # np.savez_compressed writes no timestamps that vary
        np.savez_compressed(fh, **w)


def data(anetac: Path, reverse: bool = False):
    train = [r for r in read_anetac(anetac) if not r[3]]  # held-out tenth: never
    dev = [r for r in train if _bucket("dev", r[1], r[2], 10) == 0]
    rest = [r for r in train if _bucket("dev", r[1], r[2], 10) != 0]
    pairs = [(seq2seq.prep(a), e.lower()) for a, e in translit.word_pairs(rest, held_out=False)]
    chars = Counter(ch for _a, e in pairs for ch in e)
    tgt = "".join(sorted(ch for ch, n in chars.items() if n >= MIN_CHAR))
    pairs = [(a, e[::-1] if reverse else e) for a, e in pairs if a and all(ch in tgt for ch in e)]
    src = "".join(sorted({ch for a, _e in pairs for ch in a}))
    dev_names = [
        (a, en.lower())
        for cls, en, a, _ho in dev
        if cls == "PERSON" and len(a.split()) == 1 and en.isalpha()
    ]
    return pairs, src, tgt, dev_names


def batches(pairs, src_id, tgt_id, rng: random.Random):
    import torch

    order = sorted(range(len(pairs)), key=lambda i: (len(pairs[i][0]), rng.random()))
    chunks = [order[i : i + BATCH] for i in range(0, len(order), BATCH)]
    rng.shuffle(chunks)
    for ch in chunks:
        a = [[src_id.get(c, seq2seq.UNK) for c in pairs[i][0]] for i in ch]
        e = [[tgt_id[c] for c in pairs[i][1]] + [seq2seq.EOS] for i in ch]
        la, le = max(map(len, a)), max(map(len, e))
        yield (
            torch.tensor([x + [0] * (la - len(x)) for x in a]),
            torch.tensor([len(x) for x in a]),
            torch.tensor([x + [0] * (le - len(x)) for x in e]),
        )


def greedy_exact(model, src: str, tgt: str, names: list, reverse: bool = False) -> float:
    w = {k: v.astype(np.float32) for k, v in _numpy(model).items()}
    m = seq2seq.Model(w, src, tgt, {"reverse": reverse})
    hits = sum(bool(b) and b[0][0] == e for a, e in names for b in [m.beam(a, 1)])
    return hits / max(1, len(names))


def _numpy(model) -> dict:
    return weights(model)


def combine_examples(anetac: Path, nets: list, cache: Path | None) -> list:
    """(gold, spellings, their `translit.NN_FEATURES`, short, famous) of the development
    split's one-word person names that a lookup built from the rest lacks (as
    `build_translit_rerank.examples`): candidates from a transducer fitted on the rest, the
    shipped linear reranker's weights (fitted without the development split), `nets`."""
    import build_translit_rerank as brr

    from rashomon.entities import names, transducer
    from rashomon.entities.doc import zipf

    train = [r for r in read_anetac(anetac) if not r[3]]
    dev = [r for r in train if _bucket("dev", r[1], r[2], 10) == 0]
    rest = [r for r in train if _bucket("dev", r[1], r[2], 10) != 0]
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
    brr._set_cache(cache)
    tr = transducer.Transducer(brr.fit_transducer(rest))
    lookup = names.build(rest)
    weights = translit._reranker()
    out = []
    for cls, en, ar, _ho in dev:
        if cls != "PERSON" or len(ar.split()) != 1 or not en.isalpha():
            continue
        if names._key(ar) in lookup:
            continue
        cands = translit.candidates(ar, beam=translit.BEAM, model=tr)
        if not cands:
            continue
        known = translit._known(cands)
        famous = known if known and zipf(known, "en") >= translit.FAMOUS_ZIPF else None
        spellings, rows = translit.nn_features(ar, cands, nets, weights)
        out.append((en.lower(), spellings, rows, len(translit._prep(ar)) < 3, famous))
    return out


def fit_combination(ex: list) -> dict[str, float]:
    """Weights of `translit.NN_FEATURES`: a conditional logit (`build_translit_rerank.fit`)."""
    import build_translit_rerank as brr

    m = brr.design([(g, c, [(tuple(r), ()) for r in rows], s) for g, c, rows, s, _f in ex], {})
    w = brr.fit(m, 0)
    return {k: round(float(v), 4) for k, v in zip(translit.NN_FEATURES, w, strict=True)}


def combination_accuracy(ex: list, w: dict[str, float]) -> dict:
    """Exact match of the network's first spelling, the linear reranker's pick, the
    combination's, and the combination as `best_spelling` ships it (short words: the
    transducer's first; a famous attested spelling kept)."""
    nn_i, rr_i = translit.NN_FEATURES.index("nn_top"), translit.NN_FEATURES.index("rr_gap")
    nnr_i = translit.NN_FEATURES.index("nnr_top")
    hits = Counter()
    for g, spellings, rows, short, famous in ex:
        pick = translit.nn_pick(spellings, rows, w)
        hits["nn_first"] += next(c for c, r in zip(spellings, rows, strict=False) if r[nn_i]) == g
        if any(r[nnr_i] for r in rows):
            hits["nnr_first"] += (
                next(c for c, r in zip(spellings, rows, strict=False) if r[nnr_i]) == g
            )
        hits["shipped_short_too"] += (famous or pick) == g
        hits["reranked"] += (
            next(c for c, r in zip(spellings, rows, strict=False) if r[rr_i] == 0) == g
        )
        hits["combined"] += pick == g
        hits["shipped"] += (spellings[0] if short else famous or pick) == g
        hits["oracle"] += g in spellings
    n = max(1, len(ex))
    return {"names": len(ex)} | {k: round(hits[k] / n, 3) for k in sorted(hits)}


def combination(anetac: Path, path: Path, cache: Path | None, reverse: Path | None) -> None:
    """Fit the combination's weights on the development split (its figures cross-fitted: each
    half scored by weights fitted on the other) and store them in the model file (`path`, the
    left-to-right model; `reverse`: the model that writes from the end, if built)."""
    nets = [seq2seq.load(path)] + ([seq2seq.load(reverse)] if reverse and reverse.exists() else [])
    ex = combine_examples(anetac, nets, cache)
    halves = [[e for e in ex if _bucket("half", e[0], "", 2) == k] for k in (0, 1)]
    cross = Counter()
    for k in (0, 1):
        acc = combination_accuracy(halves[1 - k], fit_combination(halves[k]))
        for key, v in acc.items():
            cross[key] += v * (acc["names"] if key != "names" else 1)
    n = cross.pop("names")
    print(
        "development split, cross-fitted:",
        {"names": n} | {k: round(v / n, 3) for k, v in sorted(cross.items())},
    )
    w = fit_combination(ex)
    print("weights:", w)
    with np.load(path) as z:
        arrays = {k: z[k] for k in z.files}
    meta = json.loads(bytes(arrays["meta"]).decode("utf-8")) | {"combine": w}
    arrays["meta"] = np.frombuffer(
        json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8"), dtype=np.uint8
    )
    with open(path, "wb") as fh:
        np.savez_compressed(fh, **arrays)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "--anetac", default=str(ROOT / "../shared/data/anetac/en-ar-named-entities.txt")
    )
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--out", type=Path, default=seq2seq.DATA)
    ap.add_argument("--cache", type=Path, help="fitted transducers (build_translit_rerank --cache)")
    ap.add_argument("--reverse", action="store_true", help="write spellings from the end")
    ap.add_argument("--with-reverse", type=Path, default=seq2seq.DATA_R, help="combined too")
    ap.add_argument("--combine-only", action="store_true", help="refit the combination of --out")
    ap.add_argument("--no-combine", action="store_true", help="train only (no combination)")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--init", type=Path, help="continue training the model of this file")
    args = ap.parse_args()
    if args.combine_only:
        combination(Path(args.anetac), args.out, args.cache, args.with_reverse)
        return
    import torch

    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    rng = random.Random(args.seed)
    pairs, src, tgt, dev_names = data(Path(args.anetac), args.reverse)
    print(f"{len(pairs)} pairs, {len(src)} letters in, {len(tgt)} out, {len(dev_names)} dev names")
    src_id = {ch: i + 3 for i, ch in enumerate(src)}
    tgt_id = {ch: i + 2 for i, ch in enumerate(tgt)}
    model = build_model(len(src) + 3, len(tgt) + 2)
    print(f"{sum(p.numel() for p in model.parameters())} parameters")
    if args.init:
        with np.load(args.init) as z:
            built = json.loads(bytes(z["meta"]).decode("utf-8"))
        assert (built["src"], built["tgt"]) == (src, tgt), "--init: another alphabet"
        load_weights(model, args.init)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    best, best_state, stale = -1.0, None, 0
    meta = {"data": "ANETAC training part less the development tenth", "reverse": args.reverse}
    meta |= {"seed": args.seed} if args.seed != SEED else {}
    if args.init:  # continued: the first model's own figure, then this run's settings
        meta |= {"init_dev_greedy_exact": built["dev_greedy_exact"], "lr": args.lr}
        meta |= {"epochs": args.epochs}
    t0 = time.time()
    for ep in range(1, args.epochs + 1):
        model.train()
        tot, n = 0.0, 0
        for s, lens, e in batches(pairs, src_id, tgt_id, rng):
            lp = model(s, lens, e)
            mask = e != 0
            nll = -lp.gather(2, e[..., None])[..., 0]
            smooth = -lp.mean(-1)
            loss = ((0.9 * nll + 0.1 * smooth) * mask).sum() / mask.sum()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            tot += float(loss.detach()) * len(lens)
            n += len(lens)
            if n // BATCH % 200 == 0:
                print(f"  {n} pairs, loss {tot / n:.4f} ({time.time() - t0:.0f}s)", flush=True)
        model.eval()
        acc = greedy_exact(model, src, tgt, dev_names, args.reverse)
        print(
            f"epoch {ep}: loss {tot / n:.4f}, dev greedy exact {acc:.3f} ({time.time() - t0:.0f}s)",
            flush=True,
        )
        if acc > best:
            best, stale = acc, 0
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
            export(model, src, tgt, args.out, meta | {"dev_greedy_exact": round(best, 3)})
        else:
            stale += 1
            if stale == 2:
                for g in opt.param_groups:
                    g["lr"] /= 2
                stale = 0
    model.load_state_dict(best_state)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes), dev greedy exact {best:.3f}")
    if not args.reverse and not args.no_combine:
        combination(Path(args.anetac), args.out, args.cache, args.with_reverse)


if __name__ == "__main__":
    main()
