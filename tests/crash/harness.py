"""Kill `rashomon build` / `add` with SIGKILL at seeded random moments, then check the store.

`store_problems(path, reference)` lists everything wrong with a store left by a killed run:
SQLite integrity, foreign keys, articles that are not in the reference build or differ from it
(text, paragraphs, sentences, removed[], mentions, statements: an article is stored complete
with its children or not at all), sources naming two articles, a dossier.json that does not
parse. An empty list means consistent.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.robustness.corpus import prose

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ("latin", "arabic", "persian", "cyrillic")


def make_articles(folder: Path, n: int, seed: int = 9, start: int = 0) -> list[Path]:
    """`n` distinct short articles in several scripts (seeded)."""
    rng = random.Random(seed * 1000 + start)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        p = folder / f"a{i:04d}.txt"
        p.write_text(prose(rng, SCRIPTS[i % 4], 4), "utf-8")
        paths.append(p)
    return paths


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def start(args: list[str]) -> subprocess.Popen:
    """`rashomon ARGS` in its own process group (so a kill takes its workers too)."""
    return subprocess.Popen(
        [sys.executable, "-m", "rashomon", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
        start_new_session=True,
    )


def run(args: list[str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rashomon", *args],
        capture_output=True,
        env=_env(),
        timeout=timeout,
        check=False,
    )


def kill_after(proc: subprocess.Popen, seconds: float) -> bool:
    """SIGKILL the process group after `seconds`; False if it had already finished."""
    try:
        proc.wait(timeout=seconds)
        return False
    except subprocess.TimeoutExpired:
        pass
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return True


def stored_count(store: Path) -> int:
    """Articles committed so far (read while the writer runs: WAL never blocks a reader)."""
    if not store.exists():
        return -1
    try:
        # percent-encoded (any folder name); mode=ro, not immutable: a writer is running
        con = sqlite3.connect(store.resolve().as_uri() + "?mode=ro", uri=True, timeout=1)
        try:
            return int(con.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return -1  # being created or migrated


def kill_point(rng: random.Random, stored: int, total: int) -> tuple[str, int, float]:
    """A seeded kill point: (phase, stored articles to wait for, extra seconds after that).
    `stored` articles are already in the store: an "articles" kill waits for a new one."""
    phase = rng.choice(["start-up", "articles", "articles", "articles", "end"])
    if phase == "articles" and max(stored, 0) + 1 > total - 1:
        phase = "end"
    if phase == "start-up":
        return phase, -1, rng.uniform(0.0, 2.0)
    if phase == "articles":
        return phase, rng.randint(max(stored, 0) + 1, total - 1), rng.uniform(0.0, 0.2)
    return phase, total, rng.uniform(0.0, 3.0)  # corpus steps, outputs


def kill_at(
    proc: subprocess.Popen, store: Path, count: int, extra: float, limit: float = 600
) -> bool:
    """SIGKILL the process group once `count` articles are stored, `extra` seconds later;
    False if the run finished first."""
    deadline = time.monotonic() + limit
    while stored_count(store) < count:
        if proc.poll() is not None:
            return False
        if time.monotonic() > deadline:
            break
        time.sleep(0.02)
    return kill_after(proc, extra)


def snapshot(store: Path) -> dict[str, tuple]:
    """Per article id: everything stored for it (the row's content and its child rows)."""
    con = sqlite3.connect(store)
    try:
        out = {}
        for row in con.execute(
            "SELECT id, source, raw, text, language, title, paragraphs, sentences FROM articles"
        ):
            aid = row[0]
            children = tuple(
                tuple(con.execute(sql, (aid,)).fetchall())
                for sql in (
                    "SELECT seq, text, reason, line FROM removed WHERE article=? ORDER BY seq",
                    'SELECT seq, start, "end", text, type FROM mentions WHERE article=? ORDER BY seq',
                    'SELECT seq, start, "end", text FROM statements WHERE article=? ORDER BY seq',
                )
            )
            out[aid] = (row[1:], children)
        return out
    finally:
        con.close()


def store_problems(out: Path, reference: dict[str, tuple] | None) -> list[str]:
    store = out / "dossier.sqlite"
    problems: list[str] = []
    if not store.exists():
        return problems  # killed before the store was created: nothing to corrupt
    con = sqlite3.connect(store)
    try:
        integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            problems.append(f"integrity_check: {integrity}")
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            problems.append(f"foreign_key_check: {fk[:3]}")
        two = con.execute(
            "SELECT source FROM sources GROUP BY source HAVING COUNT(DISTINCT article) > 1"
        ).fetchall()
        if two:
            problems.append(f"sources naming two articles: {two[:3]}")
        orphans = con.execute(
            "SELECT COUNT(*) FROM removed WHERE article NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
        if orphans:
            problems.append(f"{orphans} removed[] rows without their article")
        seqs = con.execute("SELECT COUNT(*), COUNT(DISTINCT seq) FROM articles").fetchone()
        if seqs[0] != seqs[1]:
            problems.append(f"duplicate article seq numbers: {seqs}")
    finally:
        con.close()
    if reference is not None:
        for aid, stored in snapshot(store).items():
            if aid not in reference:
                problems.append(f"article {aid} is not in the reference build")
            elif stored[0][:6] != reference[aid][0][:6] or stored[1][0] != reference[aid][1][0]:
                problems.append(f"article {aid} differs from the reference build")
    dossier = out / "dossier.json"
    if dossier.exists():
        try:
            json.loads(dossier.read_text("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            problems.append(f"dossier.json does not parse: {exc}")
    return problems


def timed(fn, *args, **kwargs):
    t0 = time.monotonic()
    out = fn(*args, **kwargs)
    return out, time.monotonic() - t0
