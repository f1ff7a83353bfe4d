"""Robustness figures: the bad-input corpus and kill-and-resume, through the real CLI.

    python eval/robustness.py [--seed 9] [--kills 5] [--generated 1000] [--no-huge]
                              [--no-long-line] [--json]

Prints, per bad-input case, what came of it (an article, a named refusal, a crash, or lost),
then the totals: cases tried, articles, refusals, crashes, files lost, expectations missed,
the peak memory of the batch and of the 100 MB refusal; then the kill-and-resume figures:
kills, kills that landed inside a run, inconsistent stores, articles lost or duplicated after
the resume; then the generated cases (`--generated N`, default 1,000; 0 skips them): cases
tried, crashes, hangs, files lost (eval/generated.py says how). Everything is generated from the seed in a temporary folder; nothing is
downloaded. Exit code 1 if anything crashed, was lost or left a store inconsistent.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from eval.generated import generated  # noqa: E402
from tests.crash.harness import (  # noqa: E402
    kill_at,
    kill_point,
    make_articles,
    run,
    snapshot,
    start,
    store_problems,
    stored_count,
)
from tests.robustness.corpus import MB, make_corpus, make_huge, prose  # noqa: E402
from tests.robustness.harness import classify, run_build  # noqa: E402


def bad_input(tmp: Path, seed: int, huge: bool, long_line: bool = True) -> dict:
    cases = make_corpus(tmp / "corpus", seed=seed, long_line=long_line)
    out = tmp / "corpus-out"
    r = run_build([str(tmp / "corpus" / "in"), "--out", str(out), "--json"], timeout=1800)
    outcomes = classify(cases, tmp / "corpus" / "in", r, out / "dossier.sqlite")
    rows = [
        {
            "case": o.case.path,
            "what": o.case.what,
            "expect": o.case.expect,
            "outcome": o.outcome,
            "reason": o.reasons[0] if o.reasons else "",
            "ok": o.ok,
            "problem": o.problem,
        }
        for o in outcomes
    ]
    figures = {
        "cases": len(rows),
        "articles": sum(o.outcome in ("article", "both") for o in outcomes),
        "refused_by_name": sum(o.outcome in ("failure", "both") for o in outcomes),
        "crashes": sum(o.outcome == "crash" for o in outcomes),
        "files_lost": sum(o.outcome == "lost" for o in outcomes),
        "expectations_missed": sum(not o.ok for o in outcomes),
        "exit_code": r.returncode,
        "batch_seconds": round(r.seconds, 1),
        "batch_cpu_seconds": r.cpu_seconds,
        "batch_peak_rss_mb": round(r.peak_rss_mb),
    }
    if huge:
        good = tmp / "good.txt"
        good.write_text(prose(random.Random(seed), "latin", 6), "utf-8")
        base = run_build([str(good), "--out", str(tmp / "b"), "--json"])
        big = make_huge(tmp / "huge.txt", 100 * MB, seed)
        hr = run_build([str(big), str(good), "--out", str(tmp / "h"), "--json"])
        failed = hr.summary.get("failed_inputs", [])
        big.unlink()
        figures["huge_100mb_refused"] = bool(failed) and "over the limit" in failed[0]["reason"]
        figures["huge_peak_rss_mb"] = round(hr.peak_rss_mb)
        figures["small_run_peak_rss_mb"] = round(base.peak_rss_mb)
    return {"figures": figures, "cases": rows}


def kill_resume(tmp: Path, seed: int, kills: int, n: int = 24) -> dict:
    inp = tmp / "articles"
    make_articles(inp, n, seed)
    cfg = tmp / "c.toml"
    cfg.write_text("[executor]\nchunk_size = 4\n")
    t0 = time.monotonic()
    r = run(["build", str(inp), "--out", str(tmp / "ref"), "-c", str(cfg)], timeout=1800)
    seconds = time.monotonic() - t0
    if r.returncode != 0:
        raise SystemExit(f"reference build failed: {r.stderr.decode()[-2000:]}")
    ref = snapshot(tmp / "ref" / "dossier.sqlite")
    rng = random.Random(seed)
    out = tmp / "killed"
    landed = inconsistent = 0
    phases: list[str] = []
    for _ in range(kills):
        phase, count, extra = kill_point(rng, stored_count(out / "dossier.sqlite"), n)
        proc = start(["build", str(inp), "--out", str(out), "-c", str(cfg)])
        hit = kill_at(proc, out / "dossier.sqlite", count, extra)
        landed += hit
        phases.append(phase if hit else f"{phase} (run had ended)")
        inconsistent += bool(store_problems(out, ref))
    final = run(["build", str(inp), "--out", str(out), "-c", str(cfg), "--json"], timeout=1800)
    after = snapshot(out / "dossier.sqlite")
    return {
        "articles": n,
        "kills": kills,
        "kills_inside_a_run": landed,
        "kill_phases": ", ".join(phases),
        "inconsistent_stores": inconsistent,
        "resume_exit_code": final.returncode,
        "articles_lost": len(set(ref) - set(after)),
        "articles_extra_or_duplicated": len(set(after) - set(ref)),
        "articles_differing": sum(after[a] != ref[a] for a in set(after) & set(ref)),
        "reference_build_seconds": round(seconds, 1),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--kills", type=int, default=5)
    ap.add_argument("--no-huge", action="store_true", help="skip the 100 MB file")
    ap.add_argument("--no-corpus", action="store_true", help="skip the curated bad-input corpus")
    ap.add_argument(
        "--no-long-line",
        action="store_true",
        help="skip the 5 MB line (the costly case: its kept part goes through every stage)",
    )
    ap.add_argument("--generated", type=int, default=1000, help="generated hostile cases (0: none)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="rashomon-robustness-") as d:
        tmp = Path(d)
        bad = (
            {"figures": {}, "cases": []}
            if args.no_corpus
            else bad_input(tmp, args.seed, not args.no_huge, not args.no_long_line)
        )
        crash = kill_resume(tmp, args.seed, args.kills) if args.kills else {}
        gen = generated(tmp, args.seed, args.generated) if args.generated else {}
    report = {"bad_input": bad, "kill_resume": crash, "generated": gen}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(f"{'case':44} {'expect':8} {'outcome':8} reason / problem")
        for c in bad["cases"]:
            note = c["problem"] or c["reason"]
            print(f"{c['case'][:44]!s:44} {c['expect']:8} {c['outcome']:8} {note[:90]}")
        print()
        for k, v in bad["figures"].items():
            print(f"{k:28} {v}")
        print()
        for k, v in crash.items():
            print(f"{k:28} {v}")
        print()
        for k, v in gen.items():
            print(f"{k:28} {v}")
    f = bad["figures"]
    bad_run = f and (f["crashes"] or f["files_lost"] or f["expectations_missed"])
    bad_crash = crash and (
        crash["inconsistent_stores"] or crash["articles_lost"] or crash["resume_exit_code"]
    )
    bad_gen = gen and (
        gen["crashes"]
        or gen["hangs"]
        or gen["files_lost"]
        or gen["batch_exit_code"]
        or not gen["dossier_json_strict"]
    )
    return 1 if (bad_run or bad_crash or bad_gen) else 0


if __name__ == "__main__":
    raise SystemExit(main())
