"""Planted conflicts: are they found, and how many findings are false?

    python eval/planted.py [--per-kind 5] [--keep DIR]

Each case is a pair of articles: a real one from ../shared/data/corpus (Arabic, Persian,
English) and a second "outlet's" version of it, which keeps two sentences in three (so the two
are not copies) and changes one sentence:
- `number`: a count multiplied or divided (same day: a numeric_mismatch is expected);
- `toll`: a toll sentence written here, with another figure two days later in the second
  version (a numeric_update with both dates is expected);
- `negation`: the sentence negated (eval/pairgen.negate);
- `swap`: two names or rare words of the sentence exchanged (eval/pairgen.swap).
A planted change counts as found when a discrepancy quotes the changed sentence of the second
version and the original of the first. Every other discrepancy is false. Targets (issue 14):
>= 90% found, <= 1 false discrepancy per 10 articles.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "eval"))

import pairgen  # noqa: E402

SEED = 14
KINDS = ("number", "toll", "negation", "swap")
EXPECTED = {
    "number": {"numeric_mismatch"},
    "toll": {"numeric_update"},
    "negation": {"contradiction"},
    "swap": {"contradiction", "distortion"},
}
# Toll sentences written for this evaluation: (first report, later report) with {n} figures.
TOLLS = {
    "ar": [
        (
            "وأعلنت السلطات مقتل {n} أشخاص في انفجار وقع صباح اليوم.",
            "وارتفعت حصيلة قتلى الانفجار إلى {n} قتيلا بحسب السلطات.",
        ),
        (
            "وقال الدفاع المدني إن الحريق أسفر عن إصابة {n} شخصا.",
            "وأكد الدفاع المدني أن عدد المصابين في الحريق بلغ {n} شخصا.",
        ),
    ],
    "fa": [
        ("در این انفجار {n} نفر کشته شدند.", "شمار کشته‌شدگان این انفجار به {n} نفر رسید."),
        ("بر اثر این حادثه {n} نفر زخمی شدند.", "تعداد زخمی‌های این حادثه به {n} نفر رسید."),
    ],
    "en": [
        (
            "Officials said {n} people were killed in the blast.",
            "The death toll from the blast rose to {n}, officials said.",
        ),
        (
            "Police said {n} people were arrested after the protest.",
            "Police said {n} people had been arrested after the protest.",
        ),
    ],
}


def _plant(kind: str, sents: list[str], lang: str, rng: random.Random):
    """(index of the sentence in A, A's sentence, B's sentence) or None."""
    if kind == "toll":
        first, later = TOLLS[lang][rng.randrange(len(TOLLS[lang]))]
        n = rng.randrange(5, 40)
        return 1, first.format(n=n), later.format(n=n + rng.randrange(3, 30))
    for i, s in enumerate(sents[1:], start=1):
        if kind == "number":
            t = pairgen.change_number(s, rng)
        elif kind == "negation":
            t = pairgen.negate(s, lang)
        else:
            t = pairgen.swap(s, lang)
        if t and t != s:
            return i, s, t
    return None


def cases(per_kind: int) -> list[dict]:
    rng = random.Random(SEED)
    pools = {
        lang: list(pairgen.base_sentences(lang, pairgen.CORPUS / f, 400))
        for lang, (f, _) in pairgen.SOURCES.items()
    }
    # articles of the test split of eval/pairgen.py's own split, so no tuning saw them
    pools = {
        lang: [(k, s) for k, s in arts if pairgen.split_of(k) == "test" and len(s) >= 6]
        for lang, arts in pools.items()
    }
    out, used = [], set()
    for kind in KINDS:
        n = 0
        langs = list(pools)
        for k in range(10 * per_kind):
            if n >= per_kind:
                break
            lang = langs[k % len(langs)]
            key, sents = pools[lang][k // len(langs)]
            if key in used:
                continue
            p = _plant(kind, sents, lang, rng)
            if p is None:
                continue
            i, orig, changed = p
            a = sents[:i] + [orig] + sents[i:] if kind == "toll" else list(sents)
            b = [s for x, s in enumerate(a) if x % 3 != 2 or x == i]
            b[b.index(orig)] = changed
            used.add(key)
            n += 1
            out.append(
                {
                    "kind": kind,
                    "lang": lang,
                    "key": key,
                    "a": a,
                    "b": b,
                    "orig": orig,
                    "changed": changed,
                }
            )
    return out


def write_articles(cs: list[dict], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for c in cs:
            later = "2015-07-12" if c["kind"] == "toll" else "2015-07-10"
            for side, outlet, day in (
                ("a", "first.example", "2015-07-10"),
                ("b", "second.example", later),
            ):
                rec = {
                    "title": None,
                    "maintext": " ".join(c[side]),
                    "date_publish": day,
                    "source_domain": outlet,
                    "url": f"https://{outlet}/{c['key']}",
                    "language": c["lang"],
                }
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def _norm(t: str) -> str:
    return " ".join(t.split())


def score(cs: list[dict], dossier: dict) -> dict:
    # the JSONL source names each article by its line: line 2k+1 is case k's first version
    side_of = {}
    for a in dossier["articles"]:
        line = int(a["source"].rsplit("#L", 1)[1]) - 1
        side_of[a["id"]] = (line // 2, "ab"[line % 2])
    found: dict[int, str] = {}
    false = []
    for d in dossier.get("discrepancies", []):
        sides = [(side_of.get(s["article"], (-1, "")), _norm(s["text"])) for s in d["statements"]]
        cases_hit = {n for (n, _), _ in sides}
        hit = None
        if len(cases_hit) == 1 and (n := next(iter(cases_hit))) >= 0:
            c = cs[n]
            in_a = any(side == "a" and t in _norm(c["orig"]) for (_, side), t in sides)
            in_b = any(side == "b" and t in _norm(c["changed"]) for (_, side), t in sides)
            hit = n if in_a and in_b else None
        if hit is None:
            false.append(d)
        elif hit not in found or d["kind"] in EXPECTED[cs[hit]["kind"]]:
            found[hit] = d["kind"]
    per = Counter(c["kind"] for c in cs)
    got = Counter(cs[n]["kind"] for n in found)
    right_kind = sum(1 for n, k in found.items() if k in EXPECTED[cs[n]["kind"]])
    return {
        "cases": len(cs),
        "articles": 2 * len(cs),
        "found": len(found),
        "found_rate": len(found) / max(1, len(cs)),
        "right_kind": right_kind,
        "per_kind": {k: f"{got[k]}/{per[k]}" for k in KINDS},
        "false": len(false),
        "false_per_10_articles": 10 * len(false) / max(1, 2 * len(cs)),
        "false_examples": [(d["kind"], d["explanation"][:160]) for d in false[:8]],
        "missed": [
            (c["kind"], c["lang"], c["changed"][:100]) for n, c in enumerate(cs) if n not in found
        ],
    }


def evaluate(per_kind: int = 5, keep: Path | None = None) -> dict:
    from rashomon.build import JSON_NAME, build

    cs = cases(per_kind)
    with tempfile.TemporaryDirectory(prefix="rashomon-planted-") as tmp:
        out = keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        src = out / "planted.jsonl"
        write_articles(cs, src)
        build([str(src)], out / "dossier")
        dossier = json.loads((out / "dossier" / JSON_NAME).read_text("utf-8"))
    return score(cs, dossier)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-kind", type=int, default=5)
    ap.add_argument("--keep", type=Path, default=None, help="keep the articles and dossier here")
    args = ap.parse_args()
    s = evaluate(args.per_kind, args.keep)
    print(
        f"planted conflicts: {s['found']}/{s['cases']} found ({s['found_rate']:.0%}), "
        f"{s['right_kind']} with the expected kind; per kind {s['per_kind']}"
    )
    print(
        f"false discrepancies: {s['false']} in {s['articles']} articles "
        f"({s['false_per_10_articles']:.2f} per 10 articles)"
    )
    for k, e in s["false_examples"]:
        print(f"  false {k}: {e}")
    for k, lang, t in s["missed"]:
        print(f"  missed {k} ({lang}): {t}")


if __name__ == "__main__":
    main()
