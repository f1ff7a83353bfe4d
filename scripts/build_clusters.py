"""Build the word clusters the Arabic and Persian mention taggers read, from unlabelled text.

    python scripts/build_clusters.py [--langs ar fa] [--out DIR]

Distributional classes in the manner of Brown clusters: words that occur between the same
words fall together, so a rare name shares a class with the names the annotated corpus did
teach the tagger. For each language:

1. the text: unlabelled news (`../shared/data/corpus/`: SaudiNewsNet and the Arabic articles
   of the SemEval-2022 dev set; Fars News and the FarsTail training and validation sentences)
   plus the training part of the NER corpus (never its development split, `tagdata.split`);
2. tokens cut by the project's tokenizer, keyed by `keys.token_key` (the key the tagger reads);
3. counts of the words within two tokens either side of each of the most frequent words,
   left and right apart, over the commonest words as contexts;
4. positive PMI (context counts smoothed to the power 0.75), a truncated SVD (randomized, fixed
   seed), rows scaled to unit length;
5. spherical k-means (fixed seed, Lloyd iterations) at three granularities.

Writes `src/rashomon/entities/data/clusters-{lang}.tsv.gz`: one `key<TAB>c1<TAB>c2<TAB>c3` a
line (the class at 64, 256 and 1024 clusters). Deterministic: the same text gives the same file
(single-threaded BLAS is set before numpy loads).
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse  # noqa: E402
import csv  # noqa: E402
import gzip  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from array import array  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rashomon.entities import tagdata  # noqa: E402
from rashomon.entities.keys import token_key, tokenize  # noqa: E402

DATA = ROOT / "../shared/data"
VOCAB = 50_000  # words clustered (most frequent first)
MIN_COUNT = {"ar": 3, "fa": 2}
CONTEXTS = 2_000  # context words, each on the left and on the right
WINDOW = 2
DIMS = 100
SIZES = (64, 256, 1024)
SEED = 13


def _news(path: Path, lang: str | None = None) -> Iterator[str]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if lang and d.get("language") != lang:
                continue
            yield (d.get("title") or "") + "\n" + (d.get("maintext") or "")


def _farstail(path: Path) -> Iterator[str]:
    csv.field_size_limit(1 << 24)
    seen: set[str] = set()
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            for col in ("premise", "hypothesis"):
                s = row.get(col) or ""
                if s and s not in seen:
                    seen.add(s)
                    yield s


def unlabelled(lang: str, data: Path) -> Iterator[str]:
    """The unlabelled text of `lang` (also what `train_ner.py` tags for its lexicon)."""
    corpus = data / "corpus"
    if lang == "ar":
        yield from _news(corpus / "saudinewsnet-ar.jsonl.gz")
        yield from _news(corpus / "semeval-dev-multi.jsonl.gz", "ar")
    else:
        yield from _news(corpus / "farsnews-fa.jsonl.gz")
        for part in ("train", "val"):
            p = data / "nli" / f"farstail-fa-{part}.csv"
            if p.exists():
                yield from _farstail(p)


def texts(lang: str, data: Path) -> Iterator[str]:
    """The unlabelled text of `lang`, then the NER training part (never its dev split)."""
    yield from unlabelled(lang, data)
    train, _dev = tagdata.load(data / "ner", lang)
    for s in train:
        yield s.text


def token_lists(lang: str, data: Path) -> list[list[str]]:
    out = []
    for text in texts(lang, data):
        for line in text.split("\n"):
            toks = [token_key(line[s:e]) for s, e in tokenize(line)]
            toks = [t for t in toks if t]
            if toks:
                out.append(toks)
    return out


def cooccurrence(docs: list[list[str]], lang: str) -> tuple[list[str], np.ndarray]:
    counts = Counter(t for d in docs for t in d)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    vocab = [w for w, c in ranked[:VOCAB] if c >= MIN_COUNT[lang]]
    ctx = [w for w, _c in ranked[:CONTEXTS]]
    wid = {w: k for k, w in enumerate(vocab)}
    cid = {w: k for k, w in enumerate(ctx)}
    n_ctx = 2 * len(ctx)
    rows, cols = array("q"), array("q")
    for d in docs:
        w_ids = [wid.get(t, -1) for t in d]
        c_ids = [cid.get(t, -1) for t in d]
        n = len(d)
        for i, w in enumerate(w_ids):
            if w < 0:
                continue
            for j in range(max(0, i - WINDOW), min(n, i + WINDOW + 1)):
                c = c_ids[j]
                if j == i or c < 0:
                    continue
                rows.append(w)
                cols.append(c if j < i else len(ctx) + c)
    flat = np.frombuffer(rows, dtype=np.int64) * n_ctx + np.frombuffer(cols, dtype=np.int64)
    del rows, cols
    uniq, cnt = np.unique(flat, return_counts=True)
    m = np.zeros((len(vocab), n_ctx), dtype=np.float32)
    m.flat[uniq] = cnt
    return vocab, m


def ppmi(m: np.ndarray) -> np.ndarray:
    total = m.sum()
    row = m.sum(axis=1, keepdims=True)
    col = m.sum(axis=0, keepdims=True) ** 0.75
    col = col / col.sum() * total
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(m * total / (row * col))
    pmi[~np.isfinite(pmi)] = 0.0
    np.maximum(pmi, 0.0, out=pmi)
    return pmi.astype(np.float32)


def svd(a: np.ndarray, dims: int, rng: np.random.Generator) -> np.ndarray:
    """Rows of `a` in `dims` dimensions (randomized SVD, two power iterations), U * sqrt(S),
    scaled to unit length."""
    omega = rng.standard_normal((a.shape[1], dims + 20)).astype(np.float32)
    q, _ = np.linalg.qr(a @ omega)
    for _ in range(2):
        q, _ = np.linalg.qr(a.T @ q)
        q, _ = np.linalg.qr(a @ q)
    u, s, _vt = np.linalg.svd(q.T @ a, full_matrices=False)
    x = (q @ u[:, :dims]) * np.sqrt(s[:dims])
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)
    return x.astype(np.float32)


def kmeans(x: np.ndarray, k: int, rng: np.random.Generator, iters: int = 25) -> np.ndarray:
    """Spherical k-means: the cluster of each row of `x` (unit rows)."""
    k = min(k, len(x))
    centres = x[rng.choice(len(x), size=k, replace=False)].copy()
    assign = np.full(len(x), -1)
    for _ in range(iters):
        new = np.empty(len(x), dtype=np.int64)
        for s in range(0, len(x), 8192):
            new[s : s + 8192] = np.argmax(x[s : s + 8192] @ centres.T, axis=1)
        if np.array_equal(new, assign):
            break
        assign = new
        sums = np.zeros_like(centres)
        np.add.at(sums, assign, x)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        empty = norms[:, 0] == 0
        centres = np.where(empty[:, None], centres, sums / np.maximum(norms, 1e-9))
    return assign


def build(lang: str, data: Path, out: Path) -> dict:
    t0 = time.time()
    rng = np.random.default_rng(SEED)
    docs = token_lists(lang, data)
    vocab, m = cooccurrence(docs, lang)
    x = svd(ppmi(m), DIMS, rng)
    del m
    classes = [kmeans(x, k, rng) for k in SIZES]
    path = out / f"clusters-{lang}.tsv.gz"
    lines = ["\t".join([w] + [str(int(c[k])) for c in classes]) for k, w in enumerate(vocab)]
    # mtime=0: the same clusters give the same bytes.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh:
        fh.write(("\n".join(lines) + "\n").encode("utf-8"))
    return {
        "lang": lang,
        "tokens": sum(len(d) for d in docs),
        "words": len(vocab),
        "bytes": path.stat().st_size,
        "seconds": round(time.time() - t0, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--langs", nargs="+", default=["ar", "fa"])
    ap.add_argument("--out", type=Path, default=ROOT / "src/rashomon/entities/data")
    args = ap.parse_args()
    for lang in args.langs:
        print(build(lang, args.data, args.out), flush=True)


if __name__ == "__main__":
    main()
