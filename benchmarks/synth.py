"""A benchmark corpus of any size from the real corpus in ../shared/data/corpus/*.jsonl.gz.

The real articles (10,981 with text: Arabic, Persian and ten other languages) are mixed in a
fixed random order. About 70% of the synthetic articles are the next real article; 30% are a
lightly perturbed retelling of one of the 200 most recent ones (the way outlets retell a wire
story): sentences swapped, numbers changed, sentences dropped, a dateline added. So at every
size some stories have several articles, in several outlets' wording; a retelling is a
near-duplicate of its original, never an exact one, so near-duplicate detection and the
embedding cache cannot make the work trivial. Past ~15,700 articles the real ones come round
again, perturbed. Everything is seeded: the same size gives the same corpus.

Written as news-please JSONL shards (`part-00000.jsonl`, 1,000 articles each) when the
installed readers read JSONL, else as one text file per article (title, blank line, text).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "corpus"

# A sentence ends at . ! ? ؟ (Latin/Arabic script, then a space) or at CJK 。！？ (no space).
_SENT = re.compile(r"(?<=[.!?؟])\s+|(?<=[。！？])")
_NUM = re.compile(r"\d+")
_CITIES = ["Cairo", "Tehran", "Riyadh", "Berlin", "Madrid", "Moscow", "Istanbul", "Beijing"]


def load_base(corpus_dir: Path = DEFAULT_CORPUS) -> list[dict]:
    """The real articles, in a fixed mixed order (about 20 MB of text in memory)."""
    records = []
    for path in sorted(Path(corpus_dir).glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if (rec.get("maintext") or "").strip():
                    rec.setdefault("source_domain", path.name.split(".")[0])
                    records.append(rec)
    if not records:
        raise SystemExit(f"no corpus found in {corpus_dir} (*.jsonl.gz)")
    random.Random(0).shuffle(records)
    return records


def _sentences(text: str) -> list[str]:
    out = []
    for para in text.split("\n"):
        out.extend(s for s in _SENT.split(para) if s.strip())
        out.append("\n")
    return out[:-1]


def _join(parts: list[str]) -> str:
    text = ""
    for p in parts:
        if p == "\n":
            text = text.rstrip(" ") + "\n"
        else:
            text += p if (not text or text.endswith("\n") or p[:1] in "，。") else " " + p
    return text.strip()


def perturb(text: str, rng: random.Random) -> str:
    parts = _sentences(text)
    idx = [i for i, p in enumerate(parts) if p != "\n"]
    # drop ~15% of the sentences (never all of them)
    for i in idx:
        if len(idx) > 2 and rng.random() < 0.15:
            parts[i] = ""
    parts = [p for p in parts if p]
    # swap ~20% of adjacent sentence pairs
    for i in range(len(parts) - 1):
        if parts[i] != "\n" and parts[i + 1] != "\n" and rng.random() < 0.2:
            parts[i], parts[i + 1] = parts[i + 1], parts[i]
    out = _join(parts)
    # change about a third of the numbers, keeping their length
    out = _NUM.sub(
        lambda m: (
            str(rng.randrange(10 ** (len(m.group()) - 1), 10 ** len(m.group())))
            if rng.random() < 0.33
            else m.group()
        ),
        out,
    )
    return f"{rng.choice(_CITIES)} ({rng.randrange(1, 29)}) - {out}"


def synth_records(n: int, base: list[dict], copy_share: float = 0.3) -> Iterator[dict]:
    """`n` news-please records, all distinct: real articles in a fixed mixed order, and, with
    probability `copy_share`, a perturbed retelling of one of the last 200 real ones (a story
    told by several outlets). Once the real articles are used up they come round again,
    perturbed."""
    pick = random.Random(12345)
    fresh = 0
    recent: list[int] = []
    seen: set[bytes] = set()
    for i in range(n):
        if recent and pick.random() < copy_share:
            b, copy = pick.choice(recent), True
        else:
            b, copy = fresh % len(base), fresh >= len(base)
            fresh += 1
            recent = [*recent[-199:], b]
        rec = dict(base[b])
        if copy:
            rng = random.Random(i)
            text = rec["maintext"]
            for _ in range(5):  # a short text can come out the same: perturb again
                rec["maintext"] = perturb(text, rng)
                if hashlib.sha1(rec["maintext"].encode()).digest() not in seen:
                    break
            if rec.get("title"):
                rec["title"] = perturb(rec["title"], rng).split(" - ", 1)[-1]
            rec["url"] = f"{rec.get('url') or 'https://example.org/' + str(b)}#copy{i}"
        digest = hashlib.sha1(rec["maintext"].encode()).digest()
        if digest in seen:
            rec["maintext"] += f"\n({i})"  # last resort: keep the count exact
            digest = hashlib.sha1(rec["maintext"].encode()).digest()
        seen.add(digest)
        yield rec


def jsonl_supported() -> bool:
    """Do the installed readers read a news-please JSONL file as one article per line?"""
    from rashomon.config import LimitsConfig
    from rashomon.readers.detect import read_file

    lines = [{"title": "A", "maintext": "One text here."}, {"title": "B", "maintext": "Two."}]
    data = "\n".join(json.dumps(x) for x in lines).encode()
    try:
        return len(read_file("probe.jsonl", data, LimitsConfig())) == 2
    except Exception:  # noqa: BLE001 - any reader failure means: not supported
        return False


def write_corpus(out: Path, n: int, corpus_dir: Path = DEFAULT_CORPUS, fmt: str = "auto") -> str:
    """Write an n-article corpus into `out` (reused when already complete); returns the format."""
    if fmt == "auto":
        fmt = "jsonl" if jsonl_supported() else "txt"
    done = out / f".complete-v2-{fmt}"
    if done.exists():
        return fmt
    shutil.rmtree(out, ignore_errors=True)  # an older or unfinished corpus
    out.mkdir(parents=True)
    base = load_base(corpus_dir)
    shard = None
    for i, rec in enumerate(synth_records(n, base)):
        if fmt == "jsonl":
            if i % 1000 == 0:
                if shard:
                    shard.close()
                shard = open(out / f"part-{i // 1000:05d}.jsonl", "w", encoding="utf-8")  # noqa: SIM115
            shard.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            sub = out / f"{i // 1000:04d}"
            sub.mkdir(exist_ok=True)
            text = "\n\n".join(x for x in (rec.get("title"), rec["maintext"]) if x)
            (sub / f"{i:06d}.txt").write_text(text, encoding="utf-8")
    if shard:
        shard.close()
    done.touch()
    return fmt
