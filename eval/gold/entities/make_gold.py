"""Turn annotations.py into entities.json (offsets into each article's maintext).

python eval/gold/entities/make_gold.py [--data ../shared/data/corpus]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
from pathlib import Path

from annotations import ARTICLES

HERE = Path(__file__).parent


def occurrences(text: str, anchor: str) -> list[tuple[int, int]]:
    """Whole-word occurrences of anchor in text, ZWNJ ignored on both sides."""
    parts = [re.escape(c) + "\u200c?" for c in anchor.replace("\u200c", "")]
    pat = re.compile(r"(?<![\w\u200c])" + "".join(parts).removesuffix("\u200c?") + r"(?![\w])")
    return [(m.start(), m.end()) for m in pat.finditer(text)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(HERE.parents[2] / "../shared/data/corpus"))
    args = ap.parse_args()
    out = []
    cache: dict[str, list[dict]] = {}
    for art in ARTICLES:
        rows = cache.setdefault(
            art["corpus"],
            [json.loads(line) for line in gzip.open(Path(args.data) / art["corpus"], "rt")],
        )
        text = rows[art["index"]]["maintext"]
        taken: list[tuple[int, int]] = []
        mentions = []
        # longest anchors first, so "باراك أوباما" is taken before "أوباما"
        for anchor, typ, label, which in sorted(art["items"], key=lambda x: -len(x[0])):
            occ = [
                o
                for o in occurrences(text, anchor)
                if not any(s <= o[0] and o[1] <= e for s, e in taken)
            ]
            if which != "*":
                occ = [occ[k] for k in which]
            if not occ:
                raise SystemExit(f"{art['corpus']}#{art['index']}: anchor {anchor!r} not found")
            for s, e in occ:
                taken.append((s, e))
                mentions.append(
                    {"start": s, "end": e, "text": text[s:e], "type": typ, "entity": label}
                )
        mentions.sort(key=lambda m: m["start"])
        out.append(
            {
                "corpus": art["corpus"],
                "index": art["index"],
                "url": rows[art["index"]].get("url"),
                "language": rows[art["index"]].get("language"),
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                "mentions": mentions,
            }
        )
    (HERE / "entities.json").write_text(json.dumps(out, ensure_ascii=False, indent=1), "utf-8")
    print(f"{sum(len(a['mentions']) for a in out)} gold mentions in {len(out)} articles")


if __name__ == "__main__":
    main()
