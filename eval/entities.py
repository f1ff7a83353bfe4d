"""Evaluate entities: mention precision/recall per type, cross-article linking, and
transliteration, against gold annotated by hand (eval/gold/entities/).

    python eval/entities.py [--corpus ../shared/data/corpus] [--gold eval/gold/entities/entities.json]
                            [--anetac ../shared/data/anetac/en-ar-named-entities.txt] [--json]

The gold articles are real news texts (Fars News in Persian, SaudiNewsNet in Arabic, SemEval
2022 task 8 in English), their `maintext` taken as the article text (no cleaning, so the
offsets stay fixed). All gold articles run as one batch, as a user's batch would.

Mentions: strict = same span and type; lenient = overlapping span and same type; untyped =
overlapping span. Linking: over pairs of gold mentions in *different* articles, precision =
of the pairs the system puts in one entity, how many are one gold entity; recall = of the gold
pairs that are one entity, how many the system links (a gold mention the system missed is
unlinked). Transliteration: exact match and character similarity of the learned
Arabic->Latin model on the held-out tenth of ANETAC (Hadj Ameur et al., arXiv:1907.03110),
every word of it: the unit table's likeliest spelling (the baseline) and the reranked one
(`translit.best_spelling`, as the name path uses it), the letter transducer's first
candidate, and how often the answer is among its 64 candidates (the reranker's ceiling).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import tempfile
from collections import defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "eval"))

from scoring import prf_report  # noqa: E402

from rashomon.config import Config  # noqa: E402
from rashomon.entities.detect import TYPES, DetectMentions  # noqa: E402
from rashomon.entities.link import LinkEntities  # noqa: E402
from rashomon.language.segment import Segment  # noqa: E402
from rashomon.pipeline.base import run_stages  # noqa: E402
from rashomon.record import Article, Mention  # noqa: E402
from rashomon.store.sqlite import Store  # noqa: E402

GOLD = ROOT / "eval/gold/entities/entities.json"
CORPUS = ROOT / "../shared/data/corpus"
ANETAC = ROOT / "../shared/data/anetac/en-ar-named-entities.txt"


def load_articles(gold: list[dict], corpus: Path) -> list[Article]:
    rows: dict[str, list[dict]] = {}
    arts = []
    for g in gold:
        if g["corpus"] not in rows:
            with gzip.open(corpus / g["corpus"], "rt", encoding="utf-8") as fh:
                rows[g["corpus"]] = [json.loads(line) for line in fh]
        text = rows[g["corpus"]][g["index"]]["maintext"]
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != g["sha256"]:
            raise SystemExit(f"{g['corpus']}#{g['index']}: text differs from the annotated one")
        a = Article.from_raw(text, f"{g['corpus']}#{g['index']}", text=text, language=g["language"])
        arts.append(a)
    return arts


def score_mentions(gold: list[dict], arts: list[Article]) -> dict:
    res: dict[str, dict] = {}
    for mode in ("strict", "lenient", "untyped"):
        per_type: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # tp_sys, sys, gold
        tp_gold: dict[str, int] = defaultdict(int)
        for g, a in zip(gold, arts, strict=True):
            sysm = [(m.start, m.end, m.type) for m in a.mentions]
            goldm = [(m["start"], m["end"], m["type"]) for m in g["mentions"]]

            def match(x, y, mode=mode):
                if mode == "strict":
                    return x[:2] == y[:2] and x[2] == y[2]
                overlap = x[0] < y[1] and y[0] < x[1]
                return overlap and (mode == "untyped" or x[2] == y[2])

            for s in sysm:
                t = "all" if mode == "untyped" else s[2]
                per_type[t][1] += 1
                per_type[t][0] += any(match(s, x) for x in goldm)
            for x in goldm:
                t = "all" if mode == "untyped" else x[2]
                per_type[t][2] += 1
                tp_gold[t] += any(match(s, x) for s in sysm)
        out = {}
        for t, (tp_s, n_s, n_g) in sorted(per_type.items()):
            out[t] = prf_report(tp_s, n_s, tp_gold[t], n_g)
        if mode != "untyped":
            tot = [sum(v[k] for v in per_type.values()) for k in range(3)]
            out["all"] = prf_report(tot[0], tot[1], sum(tp_gold.values()), tot[2])
        res[mode] = out
    return res


def score_linking(gold: list[dict], arts: list[Article], entity_of: dict) -> dict:
    """Pairwise linking precision/recall over gold mentions in different articles."""
    items = []  # (article index, language, gold label, system entity or None)
    for k, (g, a) in enumerate(zip(gold, arts, strict=True)):
        for gm in g["mentions"]:
            sys_ent = None
            for seq, m in enumerate(a.mentions):
                if m.start < gm["end"] and gm["start"] < m.end:
                    sys_ent = entity_of.get((a.id, seq))
                    break
            items.append((k, g["language"], gm["entity"], sys_ent))
    counts = {"all": [0, 0, 0], "cross-script": [0, 0, 0]}  # both, sys_same, gold_same
    for x, y in combinations(items, 2):
        if x[0] == y[0]:
            continue
        same_gold = x[2] == y[2]
        same_sys = x[3] is not None and x[3] == y[3]
        for scope in ("all", "cross-script") if x[1] != y[1] else ("all",):
            counts[scope][0] += same_gold and same_sys
            counts[scope][1] += same_sys
            counts[scope][2] += same_gold
    return {s: prf_report(c[0], c[1], c[0], c[2]) | {"pairs_gold": c[2]} for s, c in counts.items()}


def score_translit(anetac: Path) -> dict:
    from rashomon.entities import translit
    from rashomon.entities.namemodel import read_anetac

    rows = read_anetac(anetac)
    return translit.evaluate(
        translit._table(), translit.word_pairs(rows, held_out=True), reranked=True
    )


def evaluate(gold_path: Path = GOLD, corpus: Path = CORPUS, anetac: Path | None = ANETAC) -> dict:
    gold = json.loads(Path(gold_path).read_text("utf-8"))
    arts = load_articles(gold, Path(corpus))
    arts = list(run_stages([Segment(), DetectMentions()], arts))
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "eval.sqlite", write=True)
        for a in arts:
            store.upsert_article(a)
        LinkEntities().update(store, [a.id for a in arts], Config())
        # score what the store holds: the stage's mentions plus the corpus step's
        entity_of = {}
        for a in arts:
            rows = store.rows(
                'SELECT start, "end", text, type, key, entity FROM mentions WHERE article = ?'
                " ORDER BY start",
                (a.id,),
            )
            a.mentions = [
                Mention(
                    start=r["start"],
                    end=r["end"],
                    text=r["text"],
                    type=r["type"],
                    key=r["key"],
                    entity=r["entity"],
                )
                for r in rows
            ]
            for seq, m in enumerate(a.mentions):
                entity_of[(a.id, seq)] = m.entity
        store.close()
    result = {
        "articles": len(arts),
        "mentions": score_mentions(gold, arts),
        "linking": score_linking(gold, arts, entity_of),
    }
    if anetac and Path(anetac).exists():
        result["transliteration"] = score_translit(Path(anetac))
    return result


SEEDS_GOLD = ROOT / "eval/gold/entities/seeds.json"


def evaluate_seeds(dossier: dict, gold_path: Path = SEEDS_GOLD) -> dict:
    """The issue's done-when on the sample articles: each listed name is found in each article
    that mentions it (a mention covering the anchor, right type), and all its mentions across
    the articles are one entity. The gold lists names by anchor text, never offsets, so it
    survives changes to cleaning."""
    gold = json.loads(Path(gold_path).read_text("utf-8"))
    by_file = {Path(a["source"]).name: a["id"] for a in dossier["articles"]}
    found: dict[tuple[str, str], tuple[str, str]] = {}  # (article, anchor) -> (entity, type)
    for e in dossier["entities"]:
        for m in e["mentions"]:
            found.setdefault((m["article"], m["text"]), (e["id"], e["type"]))
    hits, typed, total, missing = 0, 0, 0, []
    entities_of: dict[str, set[str]] = defaultdict(set)
    for g in gold:
        aid = by_file.get(g["file"])
        for m in g["mentions"]:
            total += 1
            cands = [
                (v, text) for (a, text), v in found.items() if a == aid and m["anchor"] in text
            ]
            # the mention of the right type, the tightest around the anchor
            cands.sort(key=lambda c: (c[0][1] != m["type"], len(c[1])))
            match = cands[0][0] if cands else None
            if match is None:
                missing.append(f"{g['file']}: {m['entity']}")
                continue
            hits += 1
            typed += match[1] == m["type"]
            entities_of[m["entity"]].add(match[0])
    labels = {m["entity"] for g in gold for m in g["mentions"]}
    linked = [lab for lab in labels if len(entities_of.get(lab, ())) == 1]
    return {
        "names": total,
        "found": round(hits / total, 3) if total else 0.0,
        "found_with_type": round(typed / total, 3) if total else 0.0,
        "entities": len(labels),
        "linked_as_one": round(len(linked) / len(labels), 3) if labels else 0.0,
        "missing": missing,
        "split": sorted(lab for lab in labels if len(entities_of.get(lab, ())) > 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--gold", default=str(GOLD))
    ap.add_argument("--corpus", default=str(CORPUS))
    ap.add_argument("--anetac", default=str(ANETAC))
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--seeds-dossier", help="also score this dossier.json of the sample articles")
    args = ap.parse_args()
    res = evaluate(Path(args.gold), Path(args.corpus), Path(args.anetac))
    if args.json:
        print(json.dumps(res, indent=1))
        return
    print(f"entities eval on {res['articles']} articles ({args.gold})")
    for mode in ("strict", "lenient", "untyped"):
        print(f"\nmentions, {mode}:")
        for t, v in res["mentions"][mode].items():
            if t in TYPES or t == "all":
                print(
                    f"  {t:13} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}"
                    f"  (gold {v['gold']}, system {v['system']})"
                )
    print("\nlinking across articles (pairwise):")
    for s, v in res["linking"].items():
        print(
            f"  {s:13} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}"
            f"  (gold pairs {v['pairs_gold']})"
        )
    if args.seeds_dossier:
        v = evaluate_seeds(json.loads(Path(args.seeds_dossier).read_text("utf-8")))
        print(
            f"\nseeds done-when: {v['names']} names, found {v['found']:.3f}, "
            f"with type {v['found_with_type']:.3f}; {v['entities']} entities, "
            f"linked as one {v['linked_as_one']:.3f}"
        )
        print(f"  missing: {', '.join(v['missing']) or '-'}; split: {', '.join(v['split']) or '-'}")
    if "transliteration" in res:
        v = res["transliteration"]
        print(
            f"\ntransliteration ar->latin, held-out ANETAC ({v['pairs']} words): "
            f"table (baseline) exact {v['exact']:.3f}, char similarity {v['char_similarity']:.3f}; "
            f"reranked exact {v['reranked_exact']:.3f}, "
            f"char similarity {v['reranked_char_similarity']:.3f}; the transducer's first "
            f"candidate exact {v['candidates_top1']:.3f}, the answer among its candidates "
            f"{v['ceiling']:.3f}"
        )


if __name__ == "__main__":
    main()
