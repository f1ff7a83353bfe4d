"""The seeds' dossier from a cold start: a fresh process, an empty dossier folder (so no cached
embedding), the models loaded from disk, `rashomon build ../shared/seeds` to dossier.json.

    python benchmarks/seeds.py [--seeds ../shared/seeds] [--repeat 3]

Prints each run's wall time, the median and the target (< 10 s on 2 cores).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_S = 10.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--seeds", default=str(HERE.parent.parent / "shared" / "seeds"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=str(HERE.parent / "src"))
    times = []
    for i in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="rashomon-seeds-") as tmp:
            t = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "rashomon", "build", args.seeds, "--out", tmp, "--json"],
                capture_output=True,
                text=True,
                env=env,
                check=False,
            )
            seconds = time.perf_counter() - t
            if proc.returncode != 0:
                sys.exit(f"build failed:\n{proc.stderr[-4000:]}")
            if not (Path(tmp) / "dossier.json").exists():
                sys.exit("build wrote no dossier.json")
        times.append(seconds)
        print(f"run {i + 1}: {seconds:.2f} s (cold process, empty dossier folder)")
    med = statistics.median(times)
    verdict = "met" if med < TARGET_S else f"missed by {med - TARGET_S:.1f} s"
    print(f"median {med:.2f} s over {len(times)} run(s); target < {TARGET_S:.0f} s: {verdict}")


if __name__ == "__main__":
    main()
