"""Train the Arabic and Persian mention taggers (linear-chain CRFs) from the annotated news.

    python scripts/train_ner.py [--data ../shared/data/ner] [--langs ar fa] [--dev]

Reads ANERcorp (Arabic) and ArmanPersoNER (Persian) training files, keeps the last 15% of
each file's sentences apart as the development split (`rashomon.entities.tagdata`), and fits
one CRF per language on the rest with L1 + L2 regularisation (L1 prunes the features the
model does not need, so the file stays small). Writes
`src/rashomon/entities/data/ner-{lang}.crfsuite`. L-BFGS from zero weights over the files
in their order: the same data gives the same model. `--dev` also fits on the dev split (a
final model for shipping after the figures are taken; off by default, so the shipped model is
the one `eval/ner.py` scores).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rashomon.entities import tagdata, tagger  # noqa: E402

PARAMS = {"c1": 0.3, "c2": 0.1, "max_iterations": 200, "feature.possible_transitions": True}


def examples(sentences: list[tagdata.Sentence], lang: str):
    cache: dict = {}
    for s in sentences:
        doc = tagdata.sentence_doc(s.text, lang)
        if not doc.toks:
            continue
        spans = [(t.start, t.end) for t in doc.toks]
        yield tagger.features(doc, cache), tagdata.bio_labels(spans, s.spans)


def train(lang: str, sentences: list[tagdata.Sentence], out: Path, params: dict) -> dict:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    n = 0
    for x, y in examples(sentences, lang):
        trainer.append(x, y)
        n += 1
    trainer.set_params(params)
    t0 = time.time()
    trainer.train(str(out))
    log = trainer.logparser.last_iteration or {}
    return {
        "lang": lang,
        "sentences": n,
        "iterations": log.get("num"),
        "seconds": round(time.time() - t0, 1),
        "bytes": out.stat().st_size,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT / "../shared/data/ner")
    ap.add_argument("--langs", nargs="+", default=list(tagger.LANGS))
    ap.add_argument("--dev", action="store_true", help="fit on the dev split too")
    ap.add_argument("--c1", type=float, default=PARAMS["c1"])
    ap.add_argument("--c2", type=float, default=PARAMS["c2"])
    ap.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    ap.add_argument("--out", type=Path, default=None, help="folder for the models")
    args = ap.parse_args()
    params = PARAMS | {"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations}
    for lang in args.langs:
        train_part, dev_part = tagdata.load(args.data, lang)
        data = train_part + dev_part if args.dev else train_part
        out = (args.out or tagger.DATA) / tagger.model_path(lang).name
        print(train(lang, data, out, params))


if __name__ == "__main__":
    main()
