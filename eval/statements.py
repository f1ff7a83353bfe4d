"""Evaluate per-sentence statement extraction against hand-annotated gold.

    python eval/statements.py [--gold eval/data/statements_gold.jsonl] [--data ../shared] [-v]

Scores, printed per field and per language:
- attribution: a sentence is right when both gold and prediction name no source, or when one
  predicted source matches one acceptable gold name (same matching key, one containing the
  other, or the same consonant skeleton across scripts);
- quantities: precision / recall / F1 of (value, unit) pairs, and qualifier accuracy on the
  matched ones;
- dates: precision / recall / F1 of (value, precision) pairs, resolved against `published`;
- polarity and hedged: accuracy.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "eval"))

from scoring import prf  # noqa: E402

from rashomon.claims.extract import analyse_sentence  # noqa: E402
from rashomon.cleaning.normalize import matching_key  # noqa: E402
from rashomon.provenance.original import same_source, skeleton  # noqa: E402

DEFAULT_GOLD = ROOT / "eval" / "data" / "statements_gold.jsonl"
DEFAULT_DATA = ROOT.parent / "shared"


def _load_texts(items: list[dict[str, Any]], data: Path) -> dict[tuple[str, int | None], str]:
    texts: dict[tuple[str, int | None], str] = {}
    wanted: dict[str, set[int]] = defaultdict(set)
    for it in items:
        if it["src"].startswith("seeds/"):
            texts[(it["src"], None)] = (data / it["src"]).read_text("utf-8")
        else:
            wanted[it["src"]].add(it["doc"])
    for src, docs in wanted.items():
        path = data / "data" / src
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if i in docs:
                    texts[(src, i)] = json.loads(line).get("maintext") or ""
                if i >= max(docs):
                    break
    return texts


def _name_match(pred: str, gold: str) -> bool:
    p, g = matching_key(pred).strip(" \"'«»“”"), matching_key(gold).strip(" \"'«»“”")
    if not p or not g:
        return False
    return p in g or g in p or same_source(skeleton(pred), skeleton(gold))


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    return prf(tp, n_pred, tp, n_gold, empty=1.0)


def _match_pairs(pred: list[tuple], gold: list[tuple], close) -> list[tuple[tuple, tuple]]:
    used: set[int] = set()
    pairs = []
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and close(p, g):
                used.add(i)
                pairs.append((p, g))
                break
    return pairs


def evaluate(
    gold_path: Path = DEFAULT_GOLD, data: Path = DEFAULT_DATA, verbose: bool = False
) -> dict[str, Any]:
    items = [json.loads(line) for line in gold_path.read_text("utf-8").splitlines() if line.strip()]
    texts = _load_texts(items, data)
    counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for it in items:
        text = texts[(it["src"], it["doc"])][it["start"] : it["end"]]
        if not text.startswith(it["anchor"]):
            raise ValueError(
                f"{it['src']}#{it['doc']} [{it['start']}:{it['end']}] does not start "
                f"with its anchor {it['anchor']!r}: the data changed"
            )
        published = date.fromisoformat(it["published"]) if it["published"] else None
        st = analyse_sentence(text, language=it["language"], published=published)
        found, errs = _compare(it, st)
        for lang in (it["language"], "all"):
            for k, v in found.items():
                counts[lang][k] += v
        if verbose and errs:
            print(f"- {it['src']}#{it['doc']} {it['anchor']!r}: " + "; ".join(errs))
    return {lang: _scores(c) for lang, c in counts.items()}


def _compare(it: dict[str, Any], st: Any) -> tuple[dict[str, float], list[str]]:
    """One gold sentence against its analysis: the counts it adds, and what it got wrong."""
    c: dict[str, float] = {"n": 1}
    errs = []
    # attribution
    gold_a, pred_a = it["attribution"], st.attribution
    ok = (not gold_a and not pred_a) or any(_name_match(p, g) for p in pred_a for g in gold_a)
    c["attr_ok"] = ok
    c["attr_pred"] = bool(pred_a)
    c["attr_gold"] = bool(gold_a)
    c["attr_tp"] = bool(pred_a and gold_a and ok)
    if not ok:
        errs.append(f"attribution {pred_a} != {gold_a}")
    # quantities
    pq = [(q.value, q.unit, q.qualifier) for q in st.quantities]
    gq = [tuple(q) for q in it["quantities"]]
    pairs = _match_pairs(
        pq, gq, lambda p, g: math.isclose(p[0], g[0], rel_tol=1e-6) and p[1] == g[1]
    )
    c["q_tp"] = len(pairs)
    c["q_pred"] = len(pq)
    c["q_gold"] = len(gq)
    c["q_qual_ok"] = sum(p[2] == g[2] for p, g in pairs)
    if len(pairs) != len(pq) or len(pairs) != len(gq):
        errs.append(f"quantities {pq} != {gq}")
    # dates
    pd = [(d.value, d.precision) for d in st.dates]
    gd = [tuple(d) for d in it["dates"]]
    dpairs = _match_pairs(pd, gd, lambda p, g: p == g)
    c["d_tp"] = len(dpairs)
    c["d_pred"] = len(pd)
    c["d_gold"] = len(gd)
    if sorted(pd) != sorted(gd):
        errs.append(f"dates {pd} != {gd}")
    # polarity, hedges
    c["pol_ok"] = st.polarity == it["polarity"]
    c["hedge_ok"] = st.hedged == it["hedged"]
    if st.polarity != it["polarity"]:
        errs.append(f"polarity {st.polarity} != {it['polarity']}")
    if st.hedged != it["hedged"]:
        errs.append(f"hedges {st.hedges} != {it['hedges']}")
    return c, errs


def _scores(c: dict[str, float]) -> dict[str, Any]:
    qp, qr, qf = _prf(int(c["q_tp"]), int(c["q_pred"]), int(c["q_gold"]))
    dp, dr, df = _prf(int(c["d_tp"]), int(c["d_pred"]), int(c["d_gold"]))
    ap, ar_, af = _prf(int(c["attr_tp"]), int(c["attr_pred"]), int(c["attr_gold"]))
    return {
        "sentences": int(c["n"]),
        "attribution_accuracy": c["attr_ok"] / c["n"],
        "attribution_f1": af,
        "quantity_p": qp,
        "quantity_r": qr,
        "quantity_f1": qf,
        "qualifier_accuracy": c["q_qual_ok"] / c["q_tp"] if c["q_tp"] else 1.0,
        "date_p": dp,
        "date_r": dr,
        "date_f1": df,
        "polarity_accuracy": c["pol_ok"] / c["n"],
        "hedge_accuracy": c["hedge_ok"] / c["n"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help="folder holding seeds/ and data/ (default ../shared)",
    )
    ap.add_argument(
        "-v", "--verbose", action="store_true", help="list every sentence with an error"
    )
    args = ap.parse_args()
    scores = evaluate(args.gold, args.data, args.verbose)
    fields = [
        "sentences",
        "attribution_accuracy",
        "attribution_f1",
        "quantity_p",
        "quantity_r",
        "quantity_f1",
        "qualifier_accuracy",
        "date_p",
        "date_r",
        "date_f1",
        "polarity_accuracy",
        "hedge_accuracy",
    ]
    langs = sorted(k for k in scores if k != "all") + ["all"]
    print(f"{'':22}" + "".join(f"{lang:>8}" for lang in langs))
    for f in fields:
        row = [scores[lang][f] for lang in langs]
        print(f"{f:22}" + "".join(f"{v:8d}" if f == "sentences" else f"{v:8.3f}" for v in row))


if __name__ == "__main__":
    main()
