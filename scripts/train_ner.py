"""Train the Arabic and Persian mention taggers (linear-chain CRFs) from the annotated news.

    python scripts/train_ner.py [--data ../shared/data/ner] [--langs ar fa] [--dev]

Reads ANERcorp (Arabic) and ArmanPersoNER (Persian) training files, keeps the last 15% of
each file's sentences apart as the development split (`rashomon.entities.tagdata`), and fits
one CRF per language on the rest with L1 + L2 regularisation (L1 prunes the features the
model does not need, so the file stays small). Writes
`src/rashomon/entities/data/ner-{lang}.crfsuite`. Arabic in two passes: the first model tags
the unlabelled news (`--corpora`, as `build_clusters.py` reads it) and what it finds there,
word by word, is written to `ner-autolex-ar.tsv.gz`, a feature of the final model
(`tagger.autolex`). L-BFGS from zero weights over the files in their order: the same data
gives the same model. `--dev` also fits on the dev split (a
final model for shipping after the figures are taken; off by default, so the shipped model is
the one `eval/ner.py` scores).
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rashomon.entities import tagdata, tagger  # noqa: E402

# The languages whose final model reads the news lexicon. Persian's does not: over Fars News
# and FarsTail it raised the tagger's person recall (dev 0.694 -> 0.737) but not its F1 (0.599
# either way; the pipeline 0.580 -> 0.577): Arman's organisations are often countries acting,
# which the pipeline types as places whatever the tagger says (`detect.gazetteer_type`).
LEXICON_LANGS = ("ar",)
LEXICON_MIN = 3  # occurrences in the unlabelled news for a word to enter the lexicon
# A word's share of occurrences inside a mention of its commonest type -> its band.
LEXICON_BANDS = (("hi", 0.6), ("mid", 0.3), ("lo", 0.1))
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


def lexicon(model: Path, lang: str, data: Path, out: Path) -> dict:
    """Tag the unlabelled news (`build_clusters.unlabelled`: never the NER corpora) with the
    first-pass model, paragraph by paragraph, and write each word's commonest type and how
    often it is inside such a mention (`tagger.autolex`). A name the annotated sentences show
    once or never, or only without a cue, is tagged in many sentences of the news, some with
    a title or a speech verb beside it: the lexicon carries that over to every sentence."""
    import pycrfsuite
    from build_clusters import unlabelled

    first = pycrfsuite.Tagger()
    first.open(str(model))
    total: Counter = Counter()
    inside: dict[str, Counter] = defaultdict(Counter)
    cache: dict = {}
    t0 = time.time()
    for text in unlabelled(lang, data):
        for para in text.split("\n"):
            doc = tagdata.sentence_doc(para, lang)
            typ = ["O"] * len(doc.toks)
            for i, j, t, _p in tagger.tag_with(first, doc, cache):
                typ[i:j] = [t] * (j - i)
            for tok, t in zip(doc.toks, typ, strict=True):
                total[tok.key] += 1
                if t != "O":
                    inside[tok.key][t] += 1
    rows = []
    for key, n in sorted(total.items()):
        if n < LEXICON_MIN or "\t" in key or not key:
            continue
        value = "O"
        if inside[key]:
            t, c = min(inside[key].items(), key=lambda kv: (-kv[1], kv[0]))
            share = c / n
            band = next((b for b, lo in LEXICON_BANDS if share >= lo), None)
            value = f"{t}:{band}" if band else "O"
        rows.append(f"{key}\t{value}")
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh:
        fh.write(("\n".join(rows) + "\n").encode("utf-8"))
    return {
        "lang": lang,
        "lexicon_words": len(rows),
        "bytes": out.stat().st_size,
        "seconds": round(time.time() - t0, 1),
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
    ap.add_argument(
        "--corpora", type=Path, default=ROOT / "../shared/data", help="the unlabelled news"
    )
    args = ap.parse_args()
    params = PARAMS | {"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations}
    folder = args.out or tagger.DATA
    for lang in args.langs:
        train_part, dev_part = tagdata.load(args.data, lang)
        data = train_part + dev_part if args.dev else train_part
        out = folder / tagger.model_path(lang).name
        # Two passes: a model without the lexicon tags the unlabelled news; the lexicon of
        # what it found there is a feature of the final model.
        tagger.AUTOLEX = False
        tagger.autolex.cache_clear()
        if lang not in LEXICON_LANGS:
            (folder / tagger.autolex_path(lang).name).unlink(missing_ok=True)
            print(train(lang, data, out, params), flush=True)
            continue
        with tempfile.TemporaryDirectory() as tmp:
            first = Path(tmp) / out.name
            print(train(lang, data, first, params) | {"pass": 1}, flush=True)
            print(lexicon(first, lang, args.corpora, folder / tagger.autolex_path(lang).name))
        tagger.DATA, data_dir = folder, tagger.DATA
        tagger.AUTOLEX = True
        tagger.autolex.cache_clear()
        print(train(lang, data, out, params), flush=True)
        tagger.DATA = data_dir


if __name__ == "__main__":
    main()
