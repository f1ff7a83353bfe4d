"""Evaluate Arabic and Persian mention detection on the development splits of the NER corpora.

    python eval/ner.py [--data ../shared/data/ner] [--langs ar fa] [--limit N] [--models DIR]
                       [--no-baseline] [--json]

The development split is the last 15% of the sentences of ANERcorp (Arabic) and ArmanPersoNER
(Persian) training files (`rashomon.entities.tagdata`); the shipped taggers never fit on it.
Four systems side by side, each scored on the corpus's own type set (the project's types
folded onto it: an outlet is an organisation in ANERcorp, a facility a place):

* `gazetteer`: the place gazetteer alone (rules.gazetteer);
* `rules`: the per-sentence rules as `entities.detect` ran them before the tagger (no tagger);
* `crf`: the CRF alone (`tagger.tag` with `tagger.NEURAL` off), before the pipeline's rules
  and statistics;
* `neural`: the shipped tagger alone (`tagger.tag`: the neural tagger, `entities.neural`,
  its marginals averaged with the CRF's, `tagger.MIX`), where the neural model's file is there;
* `tagger`: `entities.detect` as shipped (that tagger for ar/fa, the CRF alone without the
  neural model's file, then the rules and batch statistics);
* `countries`: the same with a country keeping the tagger's type (`detect.COUNTRY_PLACE` off).
  ArmanPersoNER tags a country that acts («همکاری‌های ایران و روسیه») an organisation; the
  project types it a place (one entity per country) as ANERcorp and the hand-annotated gold do,
  so this column shows what that convention costs on the Persian corpus, not a better system.

Exact: same character span and type; overlap: overlapping span, same type. Precision, recall
and F1 per type and over all types (micro); then the exact-match errors of each system by kind
(gold spans missed, found with other borders, found with another type; spurious finds).

Latin names (`--anetac`): exact match of the transliteration on the held-out tenth of ANETAC's
person names (one word, not in the name lookup, which is built without them; those the people
table of Wikidata's spellings holds are also scored by that table), on the people table's
fold-1 name words ANETAC's lookup lacks (`people.pairs`: Arab and Iranian names as their
bearers spell them; the reranker trains on fold 0) and on the gazetteer's one-word names the
lookup lacks (`names.gazetteer_pairs`, fold 1: established
English spellings; the reranker trains on fold 0): the learned table alone, the table plus
English-attested spellings (`translit.known_spelling`, the path before the reranker), the
linear reranker's pick (the shipped path) and the pick with the neural transliterators
combined (opt-in, `RASHOMON_TRANSLIT_NN`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "eval"))

from scoring import prf_report as _prf  # noqa: E402

from rashomon.entities import detect, rules, tagdata, tagger  # noqa: E402
from rashomon.entities.detect import DetectMentions  # noqa: E402
from rashomon.language.segment import Segment  # noqa: E402
from rashomon.pipeline.base import run_stages  # noqa: E402
from rashomon.record import Article  # noqa: E402

DATA = ROOT / "../shared/data/ner"
ANETAC = ROOT / "../shared/data/anetac/en-ar-named-entities.txt"
# The project's types folded onto each corpus's types.
FOLD = {
    "ar": {"outlet": "organisation", "facility": "place", "equipment": "other", "event": "other"},
    "fa": {"equipment": "other"},
}

Span = tuple[int, int, str]


def score(gold: list[list[Span]], system: list[list[Span]]) -> dict:
    """{"exact"|"overlap": {type|"all": P/R/F1}} over sentences."""
    out = {}
    for mode in ("exact", "overlap"):
        c: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for g, s in zip(gold, system, strict=True):

            def match(x: Span, y: Span, mode: str = mode) -> bool:
                if x[2] != y[2]:
                    return False
                return x[:2] == y[:2] if mode == "exact" else x[0] < y[1] and y[0] < x[1]

            for x in s:
                hit = any(match(x, y) for y in g)
                for t in (x[2], "all"):
                    c[t][0] += hit
                    c[t][1] += 1
            for y in g:
                hit = any(match(x, y) for x in s)
                for t in (y[2], "all"):
                    c[t][2] += hit
                    c[t][3] += 1
        out[mode] = {t: _prf(*v) for t, v in sorted(c.items())}
    return out


def errors(gold: list[list[Span]], system: list[list[Span]]) -> dict[str, int]:
    """The exact-match errors by kind: a gold span no system span overlaps (missed), one a
    system span of the same span but another type covers (type), one only overlapped
    (boundary); a system span overlapping no gold span (spurious)."""
    out = {"missed": 0, "boundary": 0, "type": 0, "spurious": 0}
    for g, s in zip(gold, system, strict=True):
        for y in g:
            if y in s:
                continue
            near = [x for x in s if x[0] < y[1] and y[0] < x[1]]
            if not near:
                out["missed"] += 1
            elif any(x[:2] == y[:2] for x in near):
                out["type"] += 1
            else:
                out["boundary"] += 1
        out["spurious"] += sum(not any(x[0] < y[1] and y[0] < x[1] for y in g) for x in s)
    return out


def _articles(sentences: list[tagdata.Sentence], lang: str) -> list[Article]:
    return [
        Article.from_raw(s.text, f"dev-{lang}-{k}", text=s.text, language=lang)
        for k, s in enumerate(sentences)
    ]


def run_detect(sentences: list[tagdata.Sentence], lang: str, use_tagger: bool) -> list[list[Span]]:
    stage = DetectMentions(use_tagger=use_tagger)
    arts = list(run_stages([Segment(), stage], _articles(sentences, lang)))
    fold = FOLD[lang]
    return [[(m.start, m.end, fold.get(m.type, m.type)) for m in a.mentions] for a in arts]


def run_crf(sentences: list[tagdata.Sentence], lang: str, neural: bool = False) -> list[list[Span]]:
    """The trained tagger alone, before the pipeline's rules and batch statistics: the CRF, or
    with `neural` the shipped tagger (the neural model mixed with the CRF)."""
    was, tagger.NEURAL = tagger.NEURAL, neural
    try:
        return _tag_alone(sentences, lang)
    finally:
        tagger.NEURAL = was


def _tag_alone(sentences: list[tagdata.Sentence], lang: str) -> list[list[Span]]:
    out = []
    for s in sentences:
        doc = tagdata.sentence_doc(s.text, lang)
        out.append(
            [
                (doc.toks[i].start, doc.toks[j - 1].end, FOLD[lang].get(t, t))
                for i, j, t, _p in tagger.tag(doc)
            ]
        )
    return out


def run_countries_as_tagged(sentences: list[tagdata.Sentence], lang: str) -> list[list[Span]]:
    """The pipeline with a country keeping the type the tagger gave it (`detect.COUNTRY_PLACE`
    off): ArmanPersoNER tags a country that acts an organisation, the project (and the
    hand-annotated gold) a place; this shows what that convention costs on the corpus."""
    was, detect.COUNTRY_PLACE = detect.COUNTRY_PLACE, False
    try:
        return run_detect(sentences, lang, use_tagger=True)
    finally:
        detect.COUNTRY_PLACE = was


def run_gazetteer(sentences: list[tagdata.Sentence], lang: str) -> list[list[Span]]:
    out = []
    for s in sentences:
        doc = tagdata.sentence_doc(s.text, lang)
        out.append(
            [(doc.toks[c.i].start, doc.toks[c.j - 1].end, "place") for c in rules.gazetteer(doc)]
        )
    return out


def evaluate(
    data: Path = DATA, langs: tuple[str, ...] = tagger.LANGS, limit: int = 0, baseline: bool = True
) -> dict:
    res: dict = {}
    for lang in langs:
        _train, dev = tagdata.load(data, lang)
        if limit:
            dev = dev[:limit]
        gold = [[(s, e, FOLD[lang].get(t, t)) for s, e, t in x.spans] for x in dev]
        systems = {"tagger": run_detect(dev, lang, use_tagger=True)}
        if baseline:
            systems["rules"] = run_detect(dev, lang, use_tagger=False)
            systems["gazetteer"] = run_gazetteer(dev, lang)
            systems["crf"] = run_crf(dev, lang)
            if tagger.neural.model(lang) is not None:
                systems["neural"] = run_crf(dev, lang, neural=True)
            systems["countries"] = run_countries_as_tagged(dev, lang)
        res[lang] = {"sentences": len(dev)} | {k: score(gold, v) for k, v in systems.items()}
        res[lang]["errors"] = {k: errors(gold, v) for k, v in systems.items()}
    return res


def score_latin(anetac: Path = ANETAC) -> dict:
    """Exact transliteration, by each path, of ANETAC's held-out person names and the
    gazetteer's fold-1 names (`names.gazetteer_pairs`), which no lookup holds, and of the
    people table's fold-1 name words (`people.pairs`): the table names those, so their
    transliteration stands for a rarer Arab or Iranian name no lookup holds."""
    from rashomon.entities import names, people, translit
    from rashomon.entities.namemodel import read_anetac

    pairs = [
        (ar, en.lower())
        for cls, en, ar, held_out in read_anetac(anetac)
        if held_out and cls == "PERSON" and len(ar.split()) == 1 and en.isalpha()
    ]
    pairs = [(a, e) for a, e in pairs if names.lookup(names._key(a)) is None]
    out = {}
    sets = (
        ("anetac", pairs),
        ("gazetteer", names.gazetteer_pairs(1)),
        ("people_fold1", people.pairs(1)),
    )
    for name, gold in sets:
        n = max(1, len(gold))
        table = sum(translit.word_to_latin(a) == e for a, e in gold)
        attested = sum(
            (translit.known_spelling(a) or translit.word_to_latin(a)) == e for a, e in gold
        )
        # the neural transliterator is opt-in (`RASHOMON_TRANSLIT_NN`): scored here with it on
        reranked = sum(translit._best_spelling(a, True) == e for a, e in gold)
        linear = sum(_linear_only(a) == e for a, e in gold)
        out[name] = {
            "names": len(gold),
            "table_exact": round(table / n, 3),
            "attested_exact": round(attested / n, 3),
            "linear_exact": round(linear / n, 3),
            "reranked_exact": round(reranked / n, 3),
        }
    out["people"] = _score_people(pairs)
    out["news"] = _score_news(pairs)
    return out


def _score_table(pairs: list[tuple[str, str]], spelling, name: str) -> dict:
    """The held-out ANETAC person words a name table holds (`spelling(word)`: its spelling,
    or None): its spelling against the shipped transliteration's on those; `name` labels the
    table's figure."""
    held = [(a, e, spelling(a)) for a, e in pairs]
    held = [(a, e, p) for a, e, p in held if p]
    n = max(1, len(held))
    return {
        "names": len(held),
        f"{name}_exact": round(sum(p.lower() == e for _a, e, p in held) / n, 3),
        "linear_exact": round(sum(_linear_only(a) == e for a, e, _p in held) / n, 3),
    }


def _score_people(pairs: list[tuple[str, str]]) -> dict:
    """The people table (`entities.people`, Wikidata's spellings) on held-out ANETAC."""
    from rashomon.entities import people
    from rashomon.entities.keys import token_key

    def spelling(a: str) -> str | None:
        return people.spelling(token_key(a), people.region_of(a))

    return _score_table(pairs, spelling, "people")


def _score_news(pairs: list[tuple[str, str]]) -> dict:
    """The news table (`entities.newsnames`, JRC-Names' spellings) on held-out ANETAC."""
    from rashomon.entities import newsnames
    from rashomon.entities.keys import token_key

    return _score_table(pairs, lambda a: newsnames.spelling(token_key(a)), "news")


def _linear_only(word: str) -> str:
    """The shipped path before the neural transliterator (`translit.best_spelling` with the
    linear reranker alone): the baseline."""
    from rashomon.entities import translit
    from rashomon.entities.doc import zipf

    cands = translit.candidates(word, beam=translit.BEAM)
    if not cands:
        return translit.word_to_latin(word)
    if len(translit._prep(word)) < 3:
        return cands[0][0]
    known = translit._known(cands)
    if known and zipf(known, "en") >= translit.FAMOUS_ZIPF:
        return known
    return translit.rerank(word, cands, translit._reranker())


def _print(res: dict) -> None:
    for lang, r in res.items():
        if lang == "latin":
            for name, title in (
                ("anetac", "held-out ANETAC person names"),
                ("gazetteer", "gazetteer names no lookup holds"),
                ("people_fold1", "Arab and Iranian name words, the people table's fold 1"),
            ):
                x = r.get(name)
                if x is None:
                    continue
                print(f"\nLatin names, exact on {x['names']} {title}:")
                print(
                    f"  table {x['table_exact']:.3f}   table + attested {x['attested_exact']:.3f}"
                    f"   linear reranker (shipped) {x['linear_exact']:.3f}"
                    f"   with the neural transliterator (opt-in) {x['reranked_exact']:.3f}"
                )
            p = r.get("people")
            if p:
                print(
                    f"\nOf those ANETAC names, {p['names']} are in the people table "
                    f"(Wikidata's spellings): its spelling {p['people_exact']:.3f}, "
                    f"the linear reranker's {p['linear_exact']:.3f}"
                )
            p = r.get("news")
            if p:
                print(
                    f"Of those ANETAC names, {p['names']} are in the news table "
                    f"(JRC-Names' spellings): its spelling {p['news_exact']:.3f}, "
                    f"the linear reranker's {p['linear_exact']:.3f}"
                )
            continue
        systems = [
            k for k in ("gazetteer", "rules", "crf", "neural", "tagger", "countries") if k in r
        ]
        print(f"\n{lang}: {r['sentences']} dev sentences; P/R/F1 per type")
        for mode in ("exact", "overlap"):
            print(f"  {mode:8}" + "".join(f"{s:>24}" for s in systems))
            for t in sorted(r["tagger"][mode], key=lambda t: (t == "all", t)):
                cells = []
                for s in systems:
                    v = r[s][mode].get(t)
                    cells.append(
                        f"{v['precision']:.2f}/{v['recall']:.2f}/{v['f1']:.2f}" if v else "-"
                    )
                n = r["tagger"][mode][t]["gold"]
                print(f"  {t:14} n={n:<5}" + "".join(f"{c:>24}" for c in cells))
        print("  errors (exact)")
        for kind in ("missed", "boundary", "type", "spurious"):
            cells = [str(r["errors"][s][kind]) for s in systems]
            print(f"  {kind:20}" + "".join(f"{c:>24}" for c in cells))


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--langs", nargs="+", default=list(tagger.LANGS))
    ap.add_argument("--limit", type=int, default=0, help="score the first N dev sentences")
    ap.add_argument("--models", type=Path, help="score the models in this folder")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--anetac", type=Path, default=ANETAC, help="also score Latin names")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.models:
        tagger.DATA = tagger.neural.DATA = args.models
    res = evaluate(args.data, tuple(args.langs), args.limit, not args.no_baseline)
    if args.anetac.exists():
        res["latin"] = score_latin(args.anetac)
    if args.json:
        print(json.dumps(res, indent=1))
    else:
        _print(res)


if __name__ == "__main__":
    main()
