"""Count how unlabelled news inflects each word: `entities/data/common-wordstats.json.gz`.

    python scripts/build_common_wordstats.py [--data ../shared/data]

A common noun wears the morphology of common nouns; a name mostly does not. For every token
key (`keys.token_key`: the key the detector gives a token, article and clitics off) of the
unlabelled news that `scripts/build_clusters.py` reads (never the NER corpora):

* Arabic (SaudiNewsNet, the Arabic articles of the SemEval-2022 Task 8 dev set): how often the
  word stands bare, and how often with the definite article «ال», alone or after the
  proclitics (و ف, then ب ك; «لل»): «اليورانيوم», «باليورانيوم» count for يورانيوم. A bare
  word after a proclitic («وصاروخ») counts under its whole key, not as the bare word.
  A person's name rarely takes the article (محمد, ترامب), a common noun mostly does.
* Persian (Fars News, FarsTail's training and validation sentences): how often the word stands
  bare, and how often in the plural (ها / های / هایی written on it, after a zero-width
  non-joiner or as the next token: «موشک‌ها», «موشك هاي»). Names are not pluralised.

One line a word: `lang<TAB>key<TAB>bare<TAB>marked` (marked: definite in Arabic, plural in
Persian), sorted by language and key, words seen fewer than MIN_COUNT times left out; gzip with mtime 0, so the same
text gives the same bytes. `entities.common` reads it (`morph_common`).

Data: SaudiNewsNet (CC BY-NC-SA 4.0, research use), SemEval-2022 Task 8 (Apache-2.0), Fars
News (Apache-2.0), FarsTail (Apache-2.0): see `entities/data/NER-LICENSE.md`.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from build_clusters import unlabelled  # noqa: E402

from rashomon.entities.keys import ARABIC_SCRIPT, light, token_key, tokenize  # noqa: E402

OUT = ROOT / "src/rashomon/entities/data/common-wordstats.tsv.gz"
DATA = ROOT / "../shared/data"
MIN_COUNT = 5
# Arabic: an optional conjunction, an optional preposition, then the article; or «لل» (ل + ال)
_AR_DEF = re.compile(r"^[وف]?(?:[بك]?ال|لل)(?=...)")
_FA_PLURAL = ("هایی", "هاي", "های", "ها")  # longest first
_ZWNJ = "\u200c"


def arabic(word: str) -> tuple[str, bool]:
    """(key, definite) of an Arabic token."""
    w = light(word)
    m = _AR_DEF.match(w)
    if m:
        return token_key(w[m.end() :]), True
    return token_key(w), False


def persian(word: str, nxt: str) -> tuple[str, bool]:
    """(key, plural) of a Persian token, `nxt` the next token (a plural suffix written apart)."""
    if word in _FA_PLURAL:
        return "", False
    if nxt in _FA_PLURAL:
        return token_key(word), True
    for suf in _FA_PLURAL:
        for glue in (_ZWNJ, ""):
            if word.endswith(glue + suf) and len(word) - len(glue + suf) >= 3:
                return token_key(word[: len(word) - len(glue + suf)]), True
    return token_key(word), False


def count(lang: str, data: Path) -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for text in unlabelled(lang, data):
        for line in text.split("\n"):
            toks = [line[s:e] for s, e in tokenize(line)]
            for k, tok in enumerate(toks):
                if not ARABIC_SCRIPT.match(tok):
                    continue
                if lang == "ar":
                    key, marked = arabic(tok)
                else:
                    key, marked = persian(tok, toks[k + 1] if k + 1 < len(toks) else "")
                if len(key) >= 2:
                    out[key][marked] += 1
    return {k: v for k, v in out.items() if sum(v) >= MIN_COUNT}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    lines = []
    for lang in ("ar", "fa"):
        stats = count(lang, args.data)
        print(f"{lang}: {len(stats)} words")
        lines += [f"{lang}\t{k}\t{b}\t{m}\n" for k, (b, m) in sorted(stats.items())]
    with (
        open(args.out, "wb") as raw,
        gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as gz,
    ):
        gz.write("".join(lines).encode("utf-8"))
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
