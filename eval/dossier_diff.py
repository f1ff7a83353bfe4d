"""Compare two dossier.json files section by section (ids, stories, entities, claims, ...).

    python eval/dossier_diff.py BEFORE/dossier.json AFTER/dossier.json [--show N]

Prints, per section, how many records are only before, only after, or changed (same id,
different content), and the first N of each; exit code 1 when anything differs. `meta` is
skipped (it holds build times and paths).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

SECTIONS = ("articles", "stories", "entities", "claims", "discrepancies", "timeline",
            "provenance")


def _by_id(items: list) -> dict[str, object]:
    out: dict[str, object] = {}
    for i, item in enumerate(items):
        key = item.get("id") if isinstance(item, dict) else None
        out[str(key) if key is not None else f"#{i}:{json.dumps(item, sort_keys=True)[:80]}"] = item
    return out


def diff(before: dict, after: dict, show: int = 3) -> list[str]:
    lines = []
    for name in SECTIONS:
        a, b = before.get(name), after.get(name)
        if a == b:
            continue
        if not isinstance(a, list) or not isinstance(b, list):
            lines.append(f"{name}: differs")
            continue
        ia, ib = _by_id(a), _by_id(b)
        gone = [k for k in ia if k not in ib]
        new = [k for k in ib if k not in ia]
        changed = [k for k in ia if k in ib and ia[k] != ib[k]]
        lines.append(f"{name}: {len(a)} -> {len(b)}; only before {len(gone)}, only after "
                     f"{len(new)}, changed {len(changed)}")
        for k in gone[:show]:
            lines.append(f"  - {json.dumps(ia[k], ensure_ascii=False)[:300]}")
        for k in new[:show]:
            lines.append(f"  + {json.dumps(ib[k], ensure_ascii=False)[:300]}")
        for k in changed[:show]:
            x, y = ia[k], ib[k]
            keys = [f for f in sorted(set(x) | set(y)) if x.get(f) != y.get(f)] if isinstance(
                x, dict) else []
            for f in keys:
                lines.append(f"  ~ {k} .{f}: {json.dumps(x.get(f), ensure_ascii=False)[:150]}"
                             f" -> {json.dumps(y.get(f), ensure_ascii=False)[:150]}")
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--show", type=int, default=3)
    args = ap.parse_args()
    lines = diff(json.loads(args.before.read_text("utf-8")),
                 json.loads(args.after.read_text("utf-8")), args.show)
    print("\n".join(lines) if lines else "identical (meta aside)")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
