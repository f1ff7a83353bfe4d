"""Run inputs through the real `rashomon build` in a child process and say what became of each.

A child process, not an in-process call: a hang, a segfault, an uncaught exception or a runaway
memory use must be seen as what it is. Each case ends in one of:
- "article"  : the input gave at least one article in the store;
- "failure"  : the input was refused by name, with a reason;
- "both"     : some articles, some named failures (a JSONL file with broken lines);
- "crash"    : a reader or stage crashed on it (caught, but a bug), or the process died;
- "lost"     : neither an article nor a failure names it (the worst outcome).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from rashomon.readers.names import display_name
from rashomon.store.sqlite import sqlite_uri

ROOT = Path(__file__).resolve().parents[2]

# Runs the CLI in this child and reports its own peak memory on stderr's last line.
_RUNNER = (
    "import resource, sys, runpy\n"
    "sys.argv = ['rashomon'] + sys.argv[1:]\n"
    "code = 0\n"
    "try:\n"
    "    runpy.run_module('rashomon', run_name='__main__')\n"
    "except SystemExit as exc:\n"
    "    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)\n"
    "u = resource.getrusage(resource.RUSAGE_SELF)\n"
    "c = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "cpu = u.ru_utime + u.ru_stime + c.ru_utime + c.ru_stime\n"
    "sys.stderr.write('\\nPEAK_RSS_KB %d CPU_S %.1f\\n' % (u.ru_maxrss, cpu))\n"
    "sys.exit(code)\n"
)


@dataclass
class RunResult:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_mb: float
    cpu_seconds: float = 0.0  # user + system, this process and its children (wall time varies)
    timed_out: bool = False
    summary: dict = field(default_factory=dict)
    article_sources: list[str] = field(default_factory=list)

    @property
    def traceback(self) -> bool:
        return "Traceback (most recent call last)" in self.stderr


def run_build(args: list[str], timeout: float = 1800, env: dict | None = None) -> RunResult:
    """`rashomon build ARGS` in a child process (with this worktree's code on the path)."""
    child_env = dict(os.environ)
    child_env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + child_env.get("PYTHONPATH", "")
    child_env.update(env or {})
    t0 = time.monotonic()
    try:
        p = subprocess.run(
            [sys.executable, "-c", _RUNNER, "build", *args],
            capture_output=True,
            timeout=timeout,
            env=child_env,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        return RunResult(
            -1,
            (exc.stdout or b"").decode("utf-8", "replace"),
            (exc.stderr or b"").decode("utf-8", "replace"),
            time.monotonic() - t0,
            0.0,
            timed_out=True,
        )
    stderr = p.stderr.decode("utf-8", "replace")
    peak = cpu = 0.0
    if "PEAK_RSS_KB" in stderr:
        head, _, tail = stderr.rpartition("PEAK_RSS_KB")
        peak = int(tail.split()[0]) / 1024
        cpu = float(tail.split()[2])
        stderr = head.rstrip("\n")
    r = RunResult(
        p.returncode, p.stdout.decode("utf-8", "replace"), stderr, time.monotonic() - t0, peak, cpu
    )
    try:
        r.summary = json.loads(r.stdout.strip().splitlines()[-1]) if r.stdout.strip() else {}
    except json.JSONDecodeError:
        r.summary = {}
    return r


def stored_sources(store_path: Path) -> list[str]:
    """Every input name the store maps to an article (the article's own and its duplicates')."""
    if not store_path.exists():
        return []
    con = sqlite3.connect(sqlite_uri(store_path, write=False), uri=True)  # any folder name
    try:
        rows = con.execute("SELECT source FROM articles UNION SELECT source FROM sources")
        return [r[0] for r in rows]
    finally:
        con.close()


def _names(source: str, path: str) -> bool:
    """Does the name `source` (as stored/printed) designate the input `path` or a record in it?"""
    shown = display_name(path)
    if source == shown:
        return True
    if source.startswith(shown):
        nxt = source[len(shown)]
        return not (nxt.isalnum() or nxt in "._-")
    return False


@dataclass
class CaseOutcome:
    case: object  # corpus.Case
    outcome: str  # article | failure | both | crash | lost
    reasons: list[str]
    ok: bool  # the outcome meets the case's expectation
    problem: str = ""


def classify(cases: list, base: Path, run: RunResult, store: Path) -> list[CaseOutcome]:
    failures = run.summary.get("failed_inputs", [])
    stage_errors = run.summary.get("stage_errors", [])
    sources = stored_sources(store)
    outcomes = []
    for case in cases:
        path = str(base / case.path)
        reasons = [f["reason"] for f in failures if _names(f["source"], path)]
        crashed = [r for r in reasons if r.startswith("reader error")] + [
            e for s in stage_errors if _names(s["source"], path) for e in s["errors"]
        ]
        has_article = any(_names(s, path) for s in sources)
        # the process died or hung (a traceback logged by a caught reader error is not that:
        # the case it names shows up below as a "reader error" failure)
        if run.timed_out or run.returncode not in (0, 1) or (run.traceback and run.returncode):
            outcome = "crash"
        elif crashed:
            outcome = "crash"
        elif has_article and reasons:
            outcome = "both"
        elif has_article:
            outcome = "article"
        elif reasons:
            outcome = "failure"
        else:
            outcome = "lost"
        problem = ""
        if outcome in ("crash", "lost"):
            problem = outcome + (f": {crashed[0]}" if crashed else "")
        elif case.expect == "article" and outcome == "failure":
            problem = f"expected an article, got: {reasons[0]}"
        elif case.expect == "failure" and outcome != "failure":
            problem = f"expected a refusal, got {outcome}"
        elif case.expect == "failure" and not any(case.reason_has in r for r in reasons):
            problem = f"reason should mention {case.reason_has!r}: {reasons}"
        for r in reasons:
            if "\n" in r or len(r) > 400 or "Traceback" in r:
                problem = problem or f"unclear reason: {r[:120]!r}"
        outcomes.append(CaseOutcome(case, outcome, reasons, not problem, problem))
    return outcomes
