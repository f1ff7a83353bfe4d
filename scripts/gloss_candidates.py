"""List the words the gloss lexicon leaves unglossed, most frequent first: the candidates for
the hand-written core (`lang/<iso>/gloss.toml`).

    python scripts/gloss_candidates.py ar --skip 1000 --articles 3000 --top 700
    python scripts/gloss_candidates.py fa --skip 300 --articles 1200 --top 700

Reads the language's corpus file in ../shared/data/corpus from article `--skip` on, so the
articles `eval/gloss.py` scores (the first ones) stay apart from what the list is drawn from.
Prints `word count` lines (matching keys) and, on stderr, the share of words left unglossed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rashomon.cleaning.normalize import matching_key  # noqa: E402
from rashomon.gloss import lexicon as lexmod  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "corpus"
FILES = {"ar": "saudinewsnet-ar.jsonl.gz", "fa": "farsnews-fa.jsonl.gz"}
WORD = re.compile(r"[^\W\d_][\w\u200c]*")
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("language", choices=sorted(FILES))
    ap.add_argument("--skip", type=int, default=1000, help="articles to leave out at the start")
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--top", type=int, default=700)
    args = ap.parse_args()
    lex = lexmod.lexicon(args.language)
    missing: Counter[str] = Counter()
    total = 0
    with gzip.open(DATA / FILES[args.language], "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i < args.skip:
                continue
            if i >= args.skip + args.articles:
                break
            for word in WORD.findall(json.loads(line).get("maintext") or ""):
                if not ARABIC_SCRIPT.search(word):
                    continue
                total += 1
                key = matching_key(word).strip()
                if lex is None or lex.lookup(key) is None:
                    missing[key] += 1
    print(
        f"{args.language}: {total} words, {sum(missing.values()) / max(total, 1):.1%} unglossed",
        file=sys.stderr,
    )
    for word, count in missing.most_common(args.top):
        print(word, count)


if __name__ == "__main__":
    main()
