"""Mention detection speed: `entities.detect` on real Arabic and Persian news, with and without
the trained tagger, on one process and on a pool of worker processes.

    python benchmarks/detect.py [--articles 600] [--workers 2] [--numpy-lstm] [--no-plain]

Articles: the first N/2 of SaudiNewsNet (Arabic) and of Fars News (Persian) from
`../shared/data/corpus/`, segmented first (segmentation is not timed). Each configuration runs
in fresh processes, once to warm the caches and load the models, then is timed. Prints
articles/s per process (CPU time) and for the pool (wall time), and mentions per article. The
stage runs as a build runs it (`DetectMentions.run`: the tagger reads `detect.BATCH` articles'
sentences at once); the tagger's line "one at a time" calls `process` on each article (before
batching). `--numpy-lstm`: the neural tagger's LSTM stepped in numpy (`neural.ORT` off), as
without onnxruntime. Where ONNX Runtime is installed the tagger's neural model reads e5's token
states (`neural.context`); the line "plain" runs the same stage with `RASHOMON_NER_CONTEXT=off`
(the plain neural model), unless `--no-plain`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

CORPUS = HERE.parent / "../shared/data/corpus"
FILES = ("saudinewsnet-ar.jsonl.gz", "farsnews-fa.jsonl.gz")


def load(n: int) -> list:
    from rashomon.language.segment import Segment
    from rashomon.pipeline.base import run_stages
    from rashomon.record import Article

    arts = []
    for name, lang in zip(FILES, ("ar", "fa"), strict=True):
        with gzip.open(CORPUS / name, "rt", encoding="utf-8") as fh:
            for k, line in enumerate(fh):
                if k >= n // 2:
                    break
                text = json.loads(line).get("maintext") or ""
                arts.append(Article.from_raw(text, f"{lang}{k}", text=text, language=lang))
    return list(run_stages([Segment()], arts))


def _detect(args: tuple) -> tuple[int, float]:
    import os

    from rashomon.entities import neural, tagger
    from rashomon.entities.detect import DetectMentions

    arts, use_tagger, numpy_lstm, context, *one = args
    neural.ORT = not numpy_lstm
    os.environ[tagger.CONTEXT_ENV] = "on" if context else "off"
    stage = DetectMentions(use_tagger=use_tagger)
    t0 = time.process_time()
    done = [stage.process(a) for a in arts] if one else list(stage.run(iter(arts)))
    n = sum(len(a.mentions) for a in done)
    return n, time.process_time() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=600)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--numpy-lstm", action="store_true", help="no onnxruntime for the LSTM")
    ap.add_argument("--no-plain", action="store_true", help="skip the tagger without context")
    args = ap.parse_args()
    from rashomon.entities import tagger

    arts = load(args.articles)
    context = tagger.context_enabled()
    print(f"{len(arts)} articles (ar + fa); the tagger reads e5's states: {context}")
    runs = [(False, context, ()), (True, context, ()), (True, context, (1,))]
    if context and not args.no_plain:
        runs.insert(2, (True, False, ()))
    for use_tagger, ctx, one in runs:
        label = ("tagger" if use_tagger else "rules ") + (" (one at a time)" if one else "")
        label += "" if ctx or not context else " (plain, no context)"
        how = (use_tagger, args.numpy_lstm, ctx, *one)
        with ProcessPoolExecutor(1) as pool:  # a fresh process: no word cached by a run before
            list(pool.map(_detect, [(arts[:40], *how)]))  # warm: models, wordfreq
            ((mentions, cpu),) = pool.map(_detect, [(arts, *how)])
        chunks = [arts[k :: args.workers] for k in range(args.workers)]
        with ProcessPoolExecutor(args.workers) as pool:
            list(pool.map(_detect, [(c[:20], *how) for c in chunks]))  # warm workers
            t0 = time.perf_counter()
            list(pool.map(_detect, [(c, *how) for c in chunks]))
            wall = time.perf_counter() - t0
        print(
            f"{label}: one process {len(arts) / cpu:6.0f} articles/s (CPU);"
            f" {args.workers} workers {len(arts) / wall:6.0f} articles/s (wall);"
            f" {mentions / len(arts):.1f} mentions/article"
        )


if __name__ == "__main__":
    main()
