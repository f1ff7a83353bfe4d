"""Claims alignment and discrepancy detection against a hand-annotated gold set.

    python eval/claims.py --gold eval/gold/claims/seeds.json --articles ../shared/seeds
    python eval/claims.py --gold eval/gold/claims/semeval.json --data ../shared/data

Builds a dossier of the articles with the default pipeline (or reads `--dossier DIR` built
before), maps every gold reference (file, raw offset, anchor words) to the statement holding
the anchor, and prints:
- statement alignment: pairwise precision / recall / F1 over pairs of gold statements from
  different articles (same gold group = positive; same claim in the dossier = predicted);
- discrepancy detection per kind: recall (gold findings matched by a predicted one of the same
  kind whose statements cover one side each) and precision (predicted findings of that kind
  matching some gold finding; everything else counts as a false positive).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "eval"))

import scoring  # noqa: E402

KINDS = (
    "contradiction",
    "numeric_mismatch",
    "date_mismatch",
    "qualifier_dropped",
    "attribution_shift",
    "distortion",
)


def build_store(articles: Path, out: Path):
    from rashomon.build import STORE_NAME, build
    from rashomon.store.sqlite import Store

    if not (out / STORE_NAME).exists():
        build([str(articles)], out)
    return Store(out / STORE_NAME)


def resolve(store, ref: dict) -> str | None:
    """The id of the statement that holds the gold anchor (None when no statement does)."""
    for a in store.iter_articles():
        if Path(a.source).name != ref["file"]:
            continue
        hits, i = [], a.text.find(ref["anchor"])
        while i >= 0:
            hits.append(i)
            i = a.text.find(ref["anchor"], i + 1)
        if not hits:
            return None
        pos = min(hits, key=lambda h: abs(h - ref["offset"]))
        for st in a.statements:
            if st.start <= pos < st.end:
                return st.id
        return None
    return None


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    return scoring.prf(tp, tp + fp, tp, tp + fn)


def materialize(spec: dict, data: Path, out: Path) -> Path:
    """Write the article pairs a gold set names out of a CSV of the shared data (never copied
    into the repository) as <pair_id>_1.txt / <pair_id>_2.txt."""
    csv.field_size_limit(1 << 30)
    out.mkdir(parents=True, exist_ok=True)
    want = set(spec["pair_ids"])
    with open(data / spec["csv"], encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["pair_id"] in want:
                (out / f"{row['pair_id']}_1.txt").write_text(row["text1"], "utf-8")
                (out / f"{row['pair_id']}_2.txt").write_text(row["text2"], "utf-8")
                want.discard(row["pair_id"])
    if want:
        raise SystemExit(f"{data / spec['csv']}: pair(s) not found: {', '.join(sorted(want))}")
    return out


def evaluate(
    gold_path: Path,
    articles: Path | None = None,
    dossier: Path | None = None,
    data: Path | None = None,
) -> dict:
    gold = json.loads(gold_path.read_text("utf-8"))
    tmp = tempfile.TemporaryDirectory(prefix="rashomon-claims-eval-")
    if "materialize" in gold:
        articles = materialize(
            gold["materialize"], data or ROOT.parent / "shared/data", Path(tmp.name) / "articles"
        )
    if dossier is None:
        dossier = Path(tmp.name) / "dossier"
    store = build_store(articles, dossier)
    align, unresolved = alignment_scores(store, gold["groups"])
    predicted = predicted_discrepancies(store)
    gold_d = []
    for g in gold["discrepancies"]:
        a = {resolve(store, ref) for ref in g["a"]} - {None}
        b = {resolve(store, ref) for ref in g["b"]} - {None}
        gold_d.append({"kind": g["kind"], "a": a, "b": b, "note": g.get("note", "")})
    store.close()
    tmp.cleanup()
    return {
        "alignment": align,
        "unresolved": unresolved,
        **discrepancy_scores(predicted, gold_d),
    }


def alignment_scores(store, groups: dict[str, list]) -> tuple[dict, list]:
    """Pairwise P/R/F1 of the claims over gold statement pairs from different articles, and
    the gold references that fall outside every statement."""
    article_of = {r["id"]: r["article"] for r in store.rows("SELECT id, article FROM statements")}
    claim_of = {
        r["statement"]: r["claim"]
        for r in store.rows("SELECT statement, claim FROM claim_statements")
    }
    unresolved = []
    gold_group: dict[str, str] = {}
    for name, refs in groups.items():
        for ref in refs:
            sid = resolve(store, ref)
            if sid is None:
                unresolved.append(ref)
            else:
                gold_group[sid] = name
    tp = fp = fn = 0
    for x, y in combinations(sorted(gold_group), 2):
        if article_of[x] == article_of[y]:
            continue
        same_gold = gold_group[x] == gold_group[y]
        same_pred = claim_of.get(x) is not None and claim_of.get(x) == claim_of.get(y)
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    align = dict(zip(("precision", "recall", "f1"), prf(tp, fp, fn), strict=True))
    align.update(tp=tp, fp=fp, fn=fn)
    return align, unresolved


def predicted_discrepancies(store) -> list[dict]:
    """The dossier's discrepancies, each with the ids of the statements it spans."""
    predicted = []
    for r in store.rows("SELECT kind, statements, confidence, explanation FROM discrepancies"):
        spans = json.loads(r["statements"])
        ids = set()
        for sp in spans:
            ids |= {
                row["id"]
                for row in store.rows(
                    'SELECT id FROM statements WHERE article = ? AND start = ? AND "end" = ?',
                    (sp["article"], sp["start"], sp["end"]),
                )
            }
        predicted.append(
            {
                "kind": r["kind"],
                "ids": ids,
                "confidence": r["confidence"],
                "explanation": r["explanation"],
            }
        )
    return predicted


def _matches(p: dict, g: dict) -> bool:
    return p["kind"] == g["kind"] and bool(p["ids"] & g["a"]) and bool(p["ids"] & g["b"])


def discrepancy_scores(predicted: list[dict], gold_d: list[dict]) -> dict:
    """Per kind and overall: a predicted discrepancy is correct when it spans a statement of
    each side of a gold one of its kind."""
    per_kind = {}
    for kind in KINDS:
        gk = [g for g in gold_d if g["kind"] == kind]
        pk = [p for p in predicted if p["kind"] == kind]
        found = sum(1 for g in gk if any(_matches(p, g) for p in pk))
        correct = sum(1 for p in pk if any(_matches(p, g) for g in gk))
        per_kind[kind] = {
            "gold": len(gk),
            "predicted": len(pk),
            "found": found,
            "correct": correct,
            "precision": correct / len(pk) if pk else None,
            "recall": found / len(gk) if gk else None,
        }
    all_p = len(predicted)
    all_correct = sum(1 for p in predicted if any(_matches(p, g) for g in gold_d))
    all_found = sum(1 for g in gold_d if any(_matches(p, g) for p in predicted))
    return {
        "discrepancies": per_kind,
        "discrepancy_precision": all_correct / all_p if all_p else 0.0,
        "discrepancy_recall": all_found / len(gold_d) if gold_d else None,
        "predicted_discrepancies": [(p["kind"], p["explanation"]) for p in predicted],
        "missed": [g["note"] for g in gold_d if not any(_matches(p, g) for p in predicted)],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=ROOT / "eval/gold/claims/seeds.json")
    ap.add_argument("--articles", type=Path, default=ROOT.parent / "shared/seeds")
    ap.add_argument(
        "--data",
        type=Path,
        default=ROOT.parent / "shared/data",
        help="shared data folder, for gold sets drawn from it (semeval.json)",
    )
    ap.add_argument("--dossier", type=Path, default=None, help="reuse (or create) this dossier dir")
    args = ap.parse_args()
    s = evaluate(args.gold, args.articles, args.dossier, args.data)
    a = s["alignment"]
    print(f"claims gold {args.gold}")
    print(
        f"alignment (pairs of gold statements): P {a['precision']:.3f}  R {a['recall']:.3f}  "
        f"F1 {a['f1']:.3f}  (tp {a['tp']}, fp {a['fp']}, fn {a['fn']})"
    )
    if s["unresolved"]:
        print(f"  {len(s['unresolved'])} gold reference(s) fall outside every statement")
    rec = s["discrepancy_recall"]
    n = len(s["predicted_discrepancies"])
    prec = f"{s['discrepancy_precision']:.3f}" if n else "-"
    print(
        f"discrepancies: {n} reported, precision {prec}  "
        f"recall {'-' if rec is None else f'{rec:.3f}'}"
    )
    for kind, v in s["discrepancies"].items():
        p = "-" if v["precision"] is None else f"{v['precision']:.2f}"
        r = "-" if v["recall"] is None else f"{v['recall']:.2f}"
        print(f"  {kind:<18} gold {v['gold']}  predicted {v['predicted']}  P {p}  R {r}")
    for note in s["missed"]:
        print(f"  missed: {note}")


if __name__ == "__main__":
    main()
