"""Generated hostile inputs for `eval/robustness.py --generated N` (issue 16): N files made from a
seed, each a mutation of a good input of some format, under an odd name.

Kinds: random bytes; good text in a random encoding (UTF-8, UTF-16 with and without BOM,
cp1256, cp1252) with stray bytes; HTML, RSS/Atom, JSON and JSONL cut, spliced or nested too
deep; gzip of any of these (several members, cut, trailing garbage); numbers of hundreds of
digits. Names carry `#`, `?`, `%`, spaces, `[`, right-to-left text and markup. Nothing is
downloaded: the words are made up.
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

from tests.robustness.corpus import prose

SCRIPTS = ["latin", "arabic", "persian", "cyrillic"]
NAME_BITS = ["#1", "?mode=rw", "%2e%2e", " two words", "[x]", "[b]x[red", "مقال", "‮txt", "&a=b", ""]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256", "cp1252"]


def _text(rng: random.Random) -> str:
    return prose(rng, rng.choice(SCRIPTS), rng.randint(1, 4))


def _encode(rng: random.Random, text: str) -> bytes:
    enc = rng.choice(ENCODINGS)
    return text.encode(enc, errors="replace")


def _flip(rng: random.Random, data: bytes, k: int) -> bytes:
    b = bytearray(data)
    for _ in range(k if b else 0):
        b[rng.randrange(len(b))] = rng.randrange(256)
    return bytes(b)


def _html(rng: random.Random) -> str:
    paras = "".join(f"<p>{p}</p>" for p in _text(rng).split("\n\n"))
    return f"<!doctype html><html><head><title>T</title></head><body><article>{paras}</article></body></html>"


def _feed(rng: random.Random) -> str:
    items = "".join(
        f"<item><title>T{i}</title><description>{_text(rng)}</description></item>"
        for i in range(rng.randint(1, 3))
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>C</title>{items}</channel></rss>'
    )


def _jsonl(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(1, 6)):
        rec = json.dumps({"title": "T", "maintext": _text(rng)}, ensure_ascii=rng.random() < 0.5)
        roll = rng.random()
        if roll < 0.15:
            rec = rec[rng.randint(1, len(rec) - 1) :]  # cut at its start
        elif roll < 0.25:
            n = rng.randint(10, 100_000)
            rec = "[" * n + "]" * n
        elif roll < 0.3:
            rec = json.dumps({"title": 5, "maintext": ["x"]})
        lines.append(rec)
    return "\n".join(lines)


def _gzip(rng: random.Random, data: bytes) -> bytes:
    cut = sorted(rng.randint(0, len(data)) for _ in range(rng.randint(0, 2)))
    bounds = [0, *cut, len(data)]
    out = b"".join(gzip.compress(data[a:b]) for a, b in zip(bounds, bounds[1:], strict=False))
    roll = rng.random()
    if roll < 0.2:
        out = out[: rng.randint(1, len(out))]  # truncated
    elif roll < 0.4:
        out += bytes(rng.randrange(256) for _ in range(rng.randint(1, 40)))  # trailing garbage
    return out


def make_case(rng: random.Random) -> tuple[str, bytes]:
    """(file name suffix, bytes) of one generated case."""
    kind = rng.choice(["bytes", "text", "html", "feed", "json", "jsonl", "number"])
    if kind == "bytes":
        return ".bin", bytes(rng.randrange(256) for _ in range(rng.randint(0, 3000)))
    if kind == "text":
        data = _encode(rng, _text(rng))
        return ".txt", _flip(rng, data, rng.choice([0, 0, 1, 3, 20]))
    if kind == "number":
        text = f"{_text(rng)} {'9' * rng.randint(20, 400)} dollars. {_text(rng)}"
        return ".txt", text.encode()
    raw = {"html": _html, "feed": _feed, "jsonl": _jsonl}.get(kind)
    text = raw(rng) if raw else json.dumps({"title": "T", "maintext": _text(rng)})
    data = text.encode("utf-8")
    if rng.random() < 0.3:
        data = data[: rng.randint(1, len(data))]
    data = _flip(rng, data, rng.choice([0, 0, 0, 2]))
    suffix = {"html": ".html", "feed": ".xml", "json": ".json", "jsonl": ".jsonl"}[kind]
    if rng.random() < 0.3:
        return suffix + ".gz", _gzip(rng, data)
    return suffix, data


def make_cases(folder: Path, n: int, seed: int) -> list[Path]:
    """Write `n` generated cases into `folder`; returns their paths."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        suffix, data = make_case(rng)
        p = folder / f"c{i:05d}{rng.choice(NAME_BITS)}{suffix}"
        p.write_bytes(data)
        paths.append(p)
    return paths
