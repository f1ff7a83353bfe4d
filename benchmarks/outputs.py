"""Writing the outputs alone (dossier.json + report.html) from an existing dossier store:
seconds, peak memory, sizes, and the share of each report section.

    python benchmarks/outputs.py /tmp/rashomon-bench/dossier-1000-local-1-hashing
    python benchmarks/outputs.py --synthetic 100000 --work /tmp/outputs-bench
    python benchmarks/outputs.py /tmp/rashomon-bench/dossier-1000-local-1-hashing --replicate 100

The store is copied first (the outputs go next to the copy, the original is untouched). Each
run is a fresh child process, so its peak RSS is the outputs' alone. `--synthetic N` makes a
store of N short made-up articles in stories of 1 to 9 (tests/report/many.py: three
statements, a mention and a citation per article, a discrepancy per story), to measure sizes
no real build reaches on this machine. `--replicate K` makes a store K times the given one
(every article, statement, mention, entity, claim, story, discrepancy... copied K times under
new ids: real texts and densities at K times the size; the copies leave out `raw`, the
search index and the embeddings, which the outputs do not read). Run it with the code you want to measure on PYTHONPATH
(e.g. main's checkout for a before figure).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import sqlite3
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


def replicate(path: Path, k: int) -> None:
    """Copy every row of the dossier in `path` k-1 more times, ids suffixed `~r`."""
    c = sqlite3.connect(path, isolation_level=None)
    for t in ("insert", "delete", "update"):
        c.execute(f"DROP TRIGGER IF EXISTS articles_fts_{t}")
    c.execute("DELETE FROM embeddings")
    c.execute("UPDATE articles SET raw = ''")
    n = c.execute("SELECT MAX(seq) + 1 FROM articles").fetchone()[0]
    t_n = c.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM timeline").fetchone()[0]
    disc = c.execute("SELECT * FROM discrepancies").fetchall()
    cols = [d[0] for d in c.execute("SELECT * FROM discrepancies").description]
    timeline = c.execute(
        "SELECT seq, date, precision, label, claims, extras FROM timeline"
    ).fetchall()
    for r in range(1, k):
        c.execute("BEGIN")
        _copy_rows(c, r, n)
        sfx = f"~{r}"
        _copy_discrepancies(c, disc, cols, sfx)
        _copy_timeline(c, timeline, r * t_n, sfx)
        c.execute("COMMIT")
    c.close()


def _copy_rows(c: sqlite3.Connection, r: int, n: int) -> None:
    """Copy r of every table but discrepancies and timeline (the original rows: ids
    without "~"), ids suffixed `~r`, article seqs shifted by r * n."""
    x = f"'~{r}'"
    o = "instr({}, '~') = 0"
    c.execute(
        f"""INSERT INTO articles(id, source, raw, text, key, language, outlet, title,
            published, truncated, repairs, paragraphs, sentences, errors, extras, added_run, seq)
            SELECT id||{x}, source||{x}, '', text, '', language, outlet, title, published,
            truncated, repairs, paragraphs, sentences, errors, extras, added_run, seq + {r * n}
            FROM articles WHERE {o.format("id")}"""
    )
    c.execute(
        f"INSERT INTO removed SELECT article||{x}, seq, text, reason, line FROM removed "
        f"WHERE {o.format('article')}"
    )
    c.execute(
        f"""INSERT INTO mentions SELECT article||{x}, seq, start, "end", text, type, key,
            entity||{x}, confidence, extras FROM mentions WHERE {o.format("article")}"""
    )
    c.execute(
        f"""INSERT INTO statements SELECT id||{x}, article||{x}, seq, start, "end", text,
            attribution, polarity, hedged, hedges, quantities, dates, extras FROM statements
            WHERE {o.format("id")}"""
    )
    c.execute(
        f"INSERT INTO stories SELECT id||{x}, label, extras FROM stories WHERE {o.format('id')}"
    )
    c.execute(
        f"INSERT INTO story_articles SELECT article||{x}, story||{x}, extras "
        f"FROM story_articles WHERE {o.format('article')}"
    )
    c.execute(
        f"INSERT INTO entities SELECT id||{x}, name, type, latin, extras FROM entities "
        f"WHERE {o.format('id')}"
    )
    c.execute(
        f"INSERT INTO claims SELECT id||{x}, label, extras FROM claims WHERE {o.format('id')}"
    )
    c.execute(
        f"INSERT INTO claim_statements SELECT statement||{x}, claim||{x}, score "
        f"FROM claim_statements WHERE {o.format('statement')}"
    )
    c.execute(
        f"""INSERT INTO cited_sources SELECT article||{x}, seq, name, start, "end", text,
            extras FROM cited_sources WHERE {o.format("article")}"""
    )
    c.execute(
        f"INSERT INTO reuse SELECT a||{x}, b||{x}, kind, score, extras FROM reuse "
        f"WHERE {o.format('a')}"
    )


def _copy_discrepancies(c: sqlite3.Connection, disc: list, cols: list[str], sfx: str) -> None:
    for row in disc:
        d = dict(zip(cols, row, strict=True))
        spans = json.loads(d["statements"])
        for sp in spans:
            sp["article"] += sfx
        d.update(id=d["id"] + sfx, claim=(d["claim"] + sfx) if d["claim"] else None)
        d["statements"] = json.dumps(spans, ensure_ascii=False)
        c.execute(
            f"INSERT INTO discrepancies({','.join(cols)}) VALUES ({','.join('?' * len(cols))})",
            [d[k] for k in cols],
        )


def _copy_timeline(c: sqlite3.Connection, timeline: list, shift: int, sfx: str) -> None:
    for seq, date, prec, label, claims, extras in timeline:
        c.execute(
            "INSERT INTO timeline(seq, date, precision, label, claims, extras) VALUES (?,?,?,?,?,?)",
            (
                seq + shift,
                date,
                prec,
                label,
                json.dumps([cl + sfx for cl in json.loads(claims)]),
                json.dumps(_suffix_spans(json.loads(extras), sfx), ensure_ascii=False),
            ),
        )


def _suffix_spans(extras: dict, sfx: str) -> dict:
    """A timeline event's extras with the article and statement ids of the copy."""
    out = dict(extras)
    if isinstance(out.get("statements"), list):
        out["statements"] = [
            {**s, "article": s["article"] + sfx, **({"id": s["id"] + sfx} if "id" in s else {})}
            for s in out["statements"]
            if isinstance(s, dict) and "article" in s
        ]
    if isinstance(out.get("articles"), list):
        out["articles"] = [a + sfx for a in out["articles"]]
    if isinstance(out.get("ids"), dict):
        out["ids"] = {k + sfx: v for k, v in out["ids"].items()}
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("dossier", nargs="?", help="a dossier folder (or its dossier.sqlite)")
    p.add_argument("--synthetic", type=int, help="make a synthetic store of N articles instead")
    p.add_argument("--replicate", type=int, help="copy the given dossier K times into one store")
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
    if args.replicate and args.replicate > 1:
        big = work / f"replica-{args.replicate}" / "dossier.sqlite"
        if not big.exists():
            big.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, big)
            t = time.perf_counter()
            replicate(big, args.replicate)
            print(f"made {big} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        src = big
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
