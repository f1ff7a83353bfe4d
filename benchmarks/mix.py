"""The issue-17 benchmark corpus: the real mix of ../shared/data/corpus at any size.

Per 300 articles: 150 Arabic (saudinewsnet), 100 Persian (farsnews), 50 multilingual
(semeval-dev-multi, which holds pairs of articles on one story in several languages), read
from each file after its first `SKIP` lines (the lines others tune on are not measured).
Beyond what a file holds past its skip, its lines come round again with small edits
(benchmarks/synth.py's `perturb`: sentences swapped, numbers changed), so 10,000 articles are
all distinct. Written as news-please JSONL shards of 1,000 lines; the same size gives the
same corpus.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

from synth import DEFAULT_CORPUS, perturb

# (file, share of 300, lines skipped at the start)
PARTS = (
    ("saudinewsnet-ar.jsonl.gz", 150, 2000),
    ("farsnews-fa.jsonl.gz", 100, 500),
    ("semeval-dev-multi.jsonl.gz", 50, 1000),
)


def _lines(path: Path, skip: int) -> list[dict]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i < skip:
                continue
            rec = json.loads(line)
            if (rec.get("maintext") or "").strip():
                out.append(rec)
    return out


def mix_records(n: int, corpus_dir: Path = DEFAULT_CORPUS) -> Iterator[dict]:
    sources = [(_lines(corpus_dir / name, skip), share) for name, share, skip in PARTS]
    used = [0] * len(sources)
    seen: set[bytes] = set()
    for i in range(n):
        # the part whose count lags its share most goes next: 3:2:1 at every prefix
        k = min(range(len(sources)), key=lambda j: (used[j] + 1) / sources[j][1])
        recs = sources[k][0]
        rec = dict(recs[used[k] % len(recs)])
        lap = used[k] // len(recs)
        used[k] += 1
        if lap:
            rng = random.Random(i)
            rec["maintext"] = perturb(rec["maintext"], rng)
            rec["url"] = f"{rec.get('url') or 'https://example.org/' + str(i)}#lap{lap}"
        digest = hashlib.sha1(rec["maintext"].encode()).digest()
        if digest in seen:
            rec["maintext"] += f"\n({i})"
            digest = hashlib.sha1(rec["maintext"].encode()).digest()
        seen.add(digest)
        yield rec


def write_mix(out: Path, n: int, corpus_dir: Path = DEFAULT_CORPUS) -> Path:
    done = out / ".complete-mix-v1"
    if done.exists():
        return out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    shard = None
    for i, rec in enumerate(mix_records(n, corpus_dir)):
        if i % 1000 == 0:
            if shard:
                shard.close()
            shard = open(out / f"part-{i // 1000:05d}.jsonl", "w", encoding="utf-8")  # noqa: SIM115
        shard.write(json.dumps(rec, ensure_ascii=False) + "\n")
    if shard:
        shard.close()
    done.touch()
    return out
