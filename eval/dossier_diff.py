"""Behaviour unchanged? Compare two `dossier.json` files section by section.

    python eval/dossier_diff.py build ../shared/seeds --out /tmp/after_seeds
    python eval/dossier_diff.py build SAMPLE_DIR --out /tmp/after_sample --embedder hashing
    python eval/dossier_diff.py diff /tmp/before_seeds/dossier.json /tmp/after_seeds/dossier.json
    python eval/dossier_diff.py BEFORE/dossier.json AFTER/dossier.json [--show N]   (= diff)

`build` builds a fresh dossier with whatever `rashomon` is importable (set PYTHONPATH to the
checkout to measure: a worktree of the starting commit gives the reference), with the hash
seed fixed (PYTHONHASHSEED=0, see `build_dossier`). `--embedder
hashing` swaps the e5 model for the benchmarks' hashing embedder (benchmarks/timing.py), which
keeps every step's work but not the model's cost: the reference must be built the same way.

`diff` prints, per section (articles, stories, entities, claims, discrepancies, timeline,
provenance), the records only in one file and the fields that differ for the same id, then
one summary line; exit code 0 when the dossiers are identical (the build time in `meta` and
the article `source` paths are not compared: they depend on when and from where one builds).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

# Sections whose records carry an id; the others are compared as whole values.
KEYED = ("articles", "stories", "entities", "claims", "discrepancies")
IGNORED_META = ("created",)
MAX_SHOWN = 20  # differences printed per section; the count is always complete


def build_dossier(inputs: list[str], out: Path, embedder: str, hash_seed: str = "0") -> None:
    if os.environ.get("PYTHONHASHSEED") != hash_seed:
        # Some steps break ties by iterating a set of strings (claims.discrepancies.numbers,
        # provenance.original): their order, and so a few explanations and names, depends on
        # the process's hash seed. Fix it, or two builds of one input may differ.
        os.execve(
            sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": hash_seed}
        )
    if embedder == "hashing":
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from timing import use_hashing_embedder

        use_hashing_embedder()
    from rashomon.build import build
    from rashomon.config import Config

    shutil.rmtree(out, ignore_errors=True)
    result = build(inputs, out, Config())
    print(f"built {result.total_articles} article(s) into {out}")


def _short(value: Any, limit: int = 160) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _field_diffs(a: Any, b: Any, path: str = "") -> list[str]:
    """`path: before -> after` for each differing leaf (dicts and equal-length lists are
    followed down)."""
    if a == b:
        return []
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b)):
            sub = f"{path}.{key}" if path else str(key)
            out += _field_diffs(a.get(key, "<missing>"), b.get(key, "<missing>"), sub)
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        out = []
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            out += _field_diffs(x, y, f"{path}[{i}]")
        return out
    return [f"{path}: {_short(a)} -> {_short(b)}"]


def diff_keyed(name: str, before: list[dict], after: list[dict]) -> list[str]:
    a = {r["id"]: r for r in before}
    b = {r["id"]: r for r in after}
    lines = [f"{name}: only before: {i}" for i in sorted(set(a) - set(b))]
    lines += [f"{name}: only after: {i}" for i in sorted(set(b) - set(a))]
    for i in sorted(set(a) & set(b)):
        lines += [f"{name} {i}: {d}" for d in _field_diffs(a[i], b[i])]
    if not lines and [r["id"] for r in before] != [r["id"] for r in after]:
        lines.append(f"{name}: same records, different order")
    return lines


def diff_value(name: str, before: Any, after: Any) -> list[str]:
    if isinstance(before, list) and isinstance(after, list) and len(before) != len(after):
        return [f"{name}: {len(before)} -> {len(after)} records"]
    return _field_diffs(before, after, name)


def normalise(dossier: dict) -> dict:
    meta = {k: v for k, v in dossier.get("meta", {}).items() if k not in IGNORED_META}
    articles = [{k: v for k, v in a.items() if k != "source"} for a in dossier.get("articles", [])]
    return {**dossier, "meta": meta, "articles": articles}


def diff(before: dict, after: dict) -> dict[str, list[str]]:
    before, after = normalise(before), normalise(after)
    found: dict[str, list[str]] = {}
    for name in sorted(set(before) | set(after)):
        x, y = before.get(name), after.get(name)
        if name in KEYED and isinstance(x, list) and isinstance(y, list):
            found[name] = diff_keyed(name, x, y)
        else:
            found[name] = diff_value(name, x, y)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build a fresh dossier with the importable rashomon")
    b.add_argument("inputs", nargs="+")
    b.add_argument("--out", type=Path, required=True)
    b.add_argument("--embedder", choices=("e5", "hashing"), default="e5")
    b.add_argument(
        "--hash-seed",
        default="0",
        help="PYTHONHASHSEED of the build (another one shows "
        "what still depends on the order of a set of strings)",
    )
    d = sub.add_parser("diff", help="compare two dossier.json files")
    d.add_argument("before", type=Path)
    d.add_argument("after", type=Path)
    d.add_argument("--show", type=int, default=MAX_SHOWN, help="differences shown per section")
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in ("build", "diff", "-h", "--help"):
        argv.insert(0, "diff")  # the two-file form
    args = parser.parse_args(argv)
    if args.command == "build":
        build_dossier(args.inputs, args.out, args.embedder, args.hash_seed)
        return 0
    before = json.loads(args.before.read_text(encoding="utf-8"))
    after = json.loads(args.after.read_text(encoding="utf-8"))
    found = diff(before, after)
    total = 0
    for name, lines in found.items():
        total += len(lines)
        for line in lines[: args.show]:
            print(line)
        if len(lines) > args.show:
            print(f"{name}: ... {len(lines) - args.show} more")
    counts = ", ".join(f"{name} {len(lines)}" for name, lines in found.items())
    print(f"{'identical' if total == 0 else f'{total} difference(s)'} ({counts})")
    return 0 if total == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
