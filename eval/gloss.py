"""How much of the text the structured English rendering can render: lexicon coverage.

Coverage = share of the Arabic-script words of a text that the lexicon renders (after clitic
and suffix stripping), on the first N articles of each corpus file (texts the core glossary was
not written from). Printed beside the baseline of CLDR names alone (the lexicon without the
hand-written core). Entities' Latin names, dates, quantities and cue words add to this in a
dossier (see `--dossier`), but need the pipeline to have run.

Usage:
  .venv/bin/python eval/gloss.py [--articles 300] [--dossier out/dossier.json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from pathlib import Path

from rashomon.cleaning.normalize import matching_key
from rashomon.gloss import lexicon as lexmod
from rashomon.gloss.render import has_rtl

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "corpus"
FILES = {"ar": "saudinewsnet-ar.jsonl.gz", "fa": "farsnews-fa.jsonl.gz"}
WORD = re.compile(r"[^\W\d_][\w\u200c]*")


def coverage(language: str, n: int, *, core: bool) -> tuple[int, int]:
    lex = lexmod.lexicon(language)
    assert lex is not None
    entries = lex.entries if core else {k: v for k, v in lex.entries.items() if v.origin == "cldr"}
    sub = lexmod.Lexicon(language, entries)
    total = hit = 0
    with gzip.open(DATA / FILES[language], "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= n:
                break
            text = json.loads(line).get("maintext") or ""
            for w in WORD.findall(text):
                if not has_rtl(w):
                    continue
                total += 1
                hit += sub.lookup(matching_key(w).strip()) is not None
    return hit, total


def dossier_coverage(path: Path) -> tuple[int, int]:
    d = json.loads(path.read_text("utf-8"))
    words = [
        s["gloss"]["words"]
        for c in d["claims"]
        for s in c["statements"]
        if s["gloss"]["method"] == "structured"
    ]
    return sum(w["glossed"] for w in words), sum(w["total"] for w in words)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--dossier", type=Path)
    args = ap.parse_args()
    print(f"{'language':<9}{'CLDR only (baseline)':>24}{'CLDR + core':>16}   words")
    for language in FILES:
        base, total = coverage(language, args.articles, core=False)
        full, _ = coverage(language, args.articles, core=True)
        print(f"{language:<9}{base / total:>24.1%}{full / total:>16.1%}   {total:,}")
    if args.dossier:
        got, total = dossier_coverage(args.dossier)
        print(
            f"dossier statements (entities, dates, quantities, cues, lexicon): "
            f"{got / total:.1%} of {total:,} words"
        )


if __name__ == "__main__":
    main()
