"""Count, per word, how the annotated news uses it: `entities/data/ner-wordstats.json.gz`.

    python scripts/build_ner_wordstats.py [--data ../shared/data/ner]

For every token key (the detector's tokenizer and clitic resolution, `tagdata.sentence_doc`)
of the training part of ANERcorp (Arabic) and ArmanPersoNER (Persian), never their
development split: how often it occurs, how often inside a gold mention, how often first and
last in one. `entities.trim` reads these to tell a word that only borders a name («پیشین»
"former", «استنجد» "sought help") from one that is part of names («دانشگاه» University).
Words seen fewer than 3 times are left out. Deterministic (sorted keys, gzip mtime 0).

Data: ANERcorp (Benajiba et al. 2007) and ArmanPersoNER (Poostchi et al. 2016): research
data sets, see `../shared/data/README.md` and `entities/data/NER-LICENSE.md`.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
from collections import defaultdict
from pathlib import Path

from rashomon.entities import tagdata

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/rashomon/entities/data/ner-wordstats.json.gz"
MIN_COUNT = 3


def count(sentences: list[tagdata.Sentence], lang: str) -> dict:
    """{"words": {key: [occurrences, inside a mention, first of one, last of one]}} for the
    words counted MIN_COUNT times or more."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for s in sentences:
        doc = tagdata.sentence_doc(s.text, lang)
        labels = tagdata.bio_labels([(t.start, t.end) for t in doc.toks], s.spans)
        for k, (t, lab) in enumerate(zip(doc.toks, labels, strict=True)):
            c = out[t.key]
            c[0] += 1
            if lab != "O":
                c[1] += 1
                c[2] += lab.startswith("B-")
                nxt = labels[k + 1] if k + 1 < len(labels) else "O"
                c[3] += not nxt.startswith("I-")
    return {"words": {k: v for k, v in sorted(out.items()) if v[0] >= MIN_COUNT}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=ROOT / "../shared/data/ner")
    args = ap.parse_args()
    stats = {}
    for lang in sorted(tagdata.CORPORA):
        train, _dev = tagdata.load(args.data, lang)  # the development split: never
        stats[lang] = count(train, lang)
        print(f"{lang}: {len(train)} sentences, {len(stats[lang]['words'])} words")
    with (
        open(OUT, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz,
        io.TextIOWrapper(gz, encoding="utf-8") as fh,
    ):
        json.dump(stats, fh, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
