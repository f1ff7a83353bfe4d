"""Writing the outputs alone (dossier.json + report.html) from an existing dossier store:
seconds, peak memory, sizes, and the share of each report section.

    python benchmarks/outputs.py /tmp/rashomon-bench/dossier-1000-local-1-hashing
    python benchmarks/outputs.py --synthetic 100000 --work /tmp/outputs-bench

The store is copied first (the outputs go next to the copy, the original is untouched). Each
run is a fresh child process, so its peak RSS is the outputs' alone. `--synthetic N` makes a
store of N short made-up articles in stories of 1 to 9 (tests/report/many.py: three
statements, a mention and a citation per article, a discrepancy per story), to measure sizes
no real build reaches on this machine. Run it with the code you want to measure on PYTHONPATH
(e.g. main's checkout for a before figure).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def child(args: argparse.Namespace) -> None:
    import resource

    from rashomon.build import write_outputs
    from rashomon.config import Config
    from rashomon.store.sqlite import Store

    out = Path(args.child)
    t, cpu = time.perf_counter(), time.process_time()
    with Store(out / "dossier.sqlite") as store:
        n = store.count_articles()
        write_outputs(store, out, Config())
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    page = (out / "report.html").read_text("utf-8")
    parts = {
        m.group(1): len(m.group(0).encode())
        for m in re.finditer(r'<section id="([a-z]+)".*?</section>', page, re.S)
    }
    parts["script data"] = sum(
        len(m.group(0).encode())
        for m in re.finditer(r'<script type="application/json".*?</script>', page, re.S)
    )
    print(
        json.dumps(
            {
                "articles": n,
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 2),
                "articles_per_s": round(n / seconds, 1),
                "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                "json_mb": round((out / "dossier.json").stat().st_size / 1e6, 1),
                "report_mb": round(len(page.encode()) / 1e6, 1),
                "report_parts_mb": {k: round(v / 1e6, 2) for k, v in parts.items()},
            }
        )
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("dossier", nargs="?", help="a dossier folder (or its dossier.sqlite)")
    p.add_argument("--synthetic", type=int, help="make a synthetic store of N articles instead")
    p.add_argument("--work", default="/tmp/rashomon-outputs-bench", help="working folder")
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        return child(args)
    work = Path(args.work)
    if args.synthetic:
        src = work / f"synthetic-{args.synthetic}" / "dossier.sqlite"
        if not src.exists():
            sys.path.insert(0, str(HERE.parent))
            from tests.report.many import build_many

            src.parent.mkdir(parents=True, exist_ok=True)
            t = time.perf_counter()
            build_many(src, args.synthetic)
            print(f"made {src} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    elif args.dossier:
        src = Path(args.dossier)
        src = src / "dossier.sqlite" if src.is_dir() else src
    else:
        p.error("give a dossier folder or --synthetic N")
    run = work / "run"
    shutil.rmtree(run, ignore_errors=True)
    run.mkdir(parents=True)
    shutil.copy(src, run / "dossier.sqlite")
    res = subprocess.run(
        [sys.executable, __file__, "--child", str(run)], capture_output=True, text=True
    )
    if res.returncode:
        sys.exit(res.stderr)
    figures = json.loads(res.stdout.strip().splitlines()[-1])
    figures["machine"] = f"{platform.machine()}, {os.cpu_count()} cores"
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
