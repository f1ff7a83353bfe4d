"""Entity detection and linking at scale: `entities.detect` per article, `entities.link` over
the store, and one `add` of a single article to an N-article store.

    python benchmarks/entities.py --sizes 300 1000 3000 [--adds 3] [--profile 25]

For each size, the synthetic corpus (benchmarks/synth.py, cached under --work) is read and
taken through the per-article stages up to and including `entities.detect` (the claims
stages are left out: linking does not read them); the stages' output is cached in a store
(`entities-stages-N.sqlite`), so a re-run times the corpus step alone. Then, on a copy:

* `entities.link` over all N articles (what `rashomon build` runs), split into its parts;
* `--adds` single-article adds: the store holds N linked articles, one more article (the
  synthetic corpus continued) is stored and `entities.link` runs with that one new id, as
  `rashomon add` does. The median is the figure: it should not grow with N.

Prints seconds (wall and CPU of this process), articles/s, the ratio to the previous size
against the size ratio, and the mentions/entities counts (so a faster run that links
differently shows). `--profile K` prints the K most expensive functions of the full link.
"""

from __future__ import annotations

import argparse
import cProfile
import inspect
import json
import pstats
import shutil
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))


def _config():
    from rashomon.config import Config

    config = Config()
    config.claims.enabled = False  # not read by entity linking
    config.stories.enabled = False
    return config


def stage_store(work: Path, n: int, adds: int, corpus: Path) -> tuple[Path, list[str], dict]:
    """A store of n + adds articles taken through the stages up to entities.detect (cached).
    Returns it, the ids of the `adds` extra articles, and the stage timings of the first run."""
    from synth import load_base, synth_records

    from rashomon.pipeline.base import run_stages
    from rashomon.pipeline.default import article_stages
    from rashomon.readers.detect import read_file
    from rashomon.store.sqlite import Store

    path = work / f"entities-stages-{n}-{adds}.sqlite"
    meta = path.with_suffix(".json")
    if meta.exists():
        info = json.loads(meta.read_text())
        return path, info["extra"], info["timings"]
    path.unlink(missing_ok=True)
    config = _config()
    stages = article_stages(config)
    detect = stages[-1]
    assert detect.name == "entities.detect", [getattr(s, "name", s) for s in stages]
    base = load_base(corpus)
    records = list(synth_records(n + adds, base))
    articles = []
    for i, rec in enumerate(records):
        data = json.dumps(rec, ensure_ascii=False).encode()
        articles += read_file(f"bench-{i:06d}.jsonl", data, config.limits)
    t0 = time.perf_counter()
    c0 = time.process_time()
    cleaned = list(run_stages(stages[:-1], articles))
    t1 = time.perf_counter()
    c1 = time.process_time()
    done = [detect.process(a) for a in cleaned]
    t2 = time.perf_counter()
    c2 = time.process_time()
    with Store(path, write=True) as store:
        for a in done[:n]:
            store.upsert_article(a)
    extra = [a.id for a in done[n:]]
    with Store(path.with_suffix(".extra.sqlite"), write=True) as store:
        for a in done[n:]:
            store.upsert_article(a)
    timings = {
        "articles": len(done),
        "before_detect_s": t1 - t0,
        "before_detect_cpu": c1 - c0,
        "detect_s": t2 - t1,
        "detect_cpu": c2 - c1,
    }
    meta.write_text(json.dumps({"extra": extra, "timings": timings}))
    return path, extra, timings


def measure(n: int, args: argparse.Namespace) -> dict:
    import rashomon.entities.link as link_mod
    from rashomon.entities.link import LinkEntities
    from rashomon.store.sqlite import Store

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    src, extra, stage_t = stage_store(work, n, args.adds, Path(args.corpus))
    target = work / f"entities-link-{n}.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copy(src, target)
    config = _config()

    # time the parts of one update by wrapping the module's helpers (this process only)
    parts: dict[str, float] = {}

    def timed(name, fn):
        def wrapper(*a, **k):
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                parts[name] = parts.get(name, 0.0) + time.perf_counter() - t

        return wrapper

    for name in ("propagate_store",):
        setattr(link_mod, name, timed(name, getattr(link_mod, name)))
    for name in ("_group", "_relations"):
        wrapped = timed(name, getattr(LinkEntities, name))
        if isinstance(inspect.getattr_static(LinkEntities, name), staticmethod):
            wrapped = staticmethod(wrapped)
        setattr(LinkEntities, name, wrapped)

    with Store(target, write=True) as store:
        ids = store.article_ids()
        prof = cProfile.Profile() if args.profile else None
        t, c = time.perf_counter(), time.process_time()
        if prof:
            prof.enable()
        LinkEntities().update(store, ids, config)
        if prof:
            prof.disable()
        full = {"wall": time.perf_counter() - t, "cpu": time.process_time() - c, **parts}
        counts = store.rows(
            "SELECT (SELECT count(*) FROM mentions) AS mentions,"
            " (SELECT count(*) FROM entities) AS entities,"
            " (SELECT count(*) FROM entity_relations) AS relations"
        )[0]
        with Store(src.with_suffix(".extra.sqlite")) as extra_store:
            new = list(extra_store.iter_articles(extra))
        adds = []
        for a in new:
            parts.clear()
            t, c = time.perf_counter(), time.process_time()
            store.upsert_article(a)
            LinkEntities().update(store, [a.id], config)
            adds.append({"wall": time.perf_counter() - t, "cpu": time.process_time() - c, **parts})
    if prof:
        print(f"\n-- profile of entities.link over {n} articles")
        pstats.Stats(prof).sort_stats("cumulative").print_stats(args.profile)
    if not args.keep:
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
    return {"size": n, "stages": stage_t, "link": full, "counts": counts, "adds": adds}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[300, 1000])
    ap.add_argument("--adds", type=int, default=3, help="single-article adds per size")
    ap.add_argument("--corpus", default=str(HERE.parent.parent / "shared/data/corpus"))
    ap.add_argument("--work", default="/tmp/rashomon-bench")
    ap.add_argument("--profile", type=int, default=0, help="print the K costliest functions")
    ap.add_argument("--keep", action="store_true", help="keep the linked store")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    results = [measure(n, args) for n in args.sizes]
    prev = None
    for r in results:
        n, s, lk = r["size"], r["stages"], r["link"]
        print(f"\n-- {n:,} articles")
        print(
            f"  entities.detect        {s['detect_s']:.1f} s ({s['detect_cpu']:.1f} CPU s) for"
            f" {s['articles']} articles: {s['articles'] / s['detect_cpu']:.1f} articles per CPU-s"
            f" (first run only: cached with the stages)"
        )
        ratio = ""
        if prev:
            ratio = (
                f"; x{lk['cpu'] / prev['link']['cpu']:.2f} CPU for x{n / prev['size']:.2f} articles"
            )
        print(
            f"  entities.link (all)    {lk['wall']:.2f} s ({lk['cpu']:.2f} CPU s),"
            f" {n / lk['wall']:.0f} articles/s{ratio}"
        )
        for k in ("propagate_store", "_group", "_relations"):
            if k in lk:
                print(f"    {k:<20} {lk[k]:.2f} s")
        print(
            f"  {r['counts']['mentions']:,} mentions, {r['counts']['entities']:,} entities,"
            f" {r['counts']['relations']:,} relations"
        )
        if r["adds"]:
            med = statistics.median(a["wall"] for a in r["adds"])
            print(
                f"  add 1 article: entities.link median {med:.3f} s over {len(r['adds'])} adds"
                f" (max {max(a['wall'] for a in r['adds']):.3f} s)"
            )
            for k in ("propagate_store", "_group", "_relations"):
                if k in r["adds"][0]:
                    print(f"    {k:<20} {statistics.median(a.get(k, 0) for a in r['adds']):.3f} s")
        prev = r
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
