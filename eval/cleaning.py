"""Score the cleaning stages against a hand-annotated gold set; print the scores.

    python eval/cleaning.py [--gold eval/gold/cleaning/gold.json] [--seeds ../shared/seeds]
                            [--data ../shared/data] [--json] [--verbose]

The gold set (see its "about" field) labels every line of the sample articles and of a few
corpus records: furniture (must leave `text` and appear in `removed[]`), duplicates (the second
copy of a pasted-twice block), optional lines, and body (everything else: must stay). It also
gives the expected publication date, outlet, language, headline line and truncation flag.

All documents run through the default per-article stages as one batch (as `build` would),
through the plain-text path: the cleaning rules see only text, as with scraped pages.

Scores:
  furniture_recall   gold furniture lines removed / gold furniture lines
  duplicate_recall   gold duplicate lines removed / gold duplicate lines
  removal_precision  removed lines that are furniture, duplicates, optional or labels / removed
  body_kept          gold body lines still in `text` / gold body lines (a lost line is a defect)
  date_accuracy      documents whose date (or its absence) is right / documents with a date key
  outlet_accuracy    documents whose outlet matches one accepted name / documents with outlets
  language_accuracy  article language right / documents
  truncated_accuracy truncation flag right / documents
  title_accuracy     headline line right / documents with a title key
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rashomon.cleaning.normalize import matching_key  # noqa: E402
from rashomon.config import Config  # noqa: E402
from rashomon.pipeline.base import run_stages  # noqa: E402
from rashomon.pipeline.default import article_stages  # noqa: E402
from rashomon.record import Article  # noqa: E402

IGNORED_REASONS = ("control characters",)


@dataclass
class Doc:
    id: str
    lines: list[str]  # the document, one line a raw line
    labels: list[str]  # per line: body, furniture, duplicate, optional, blank
    gold: dict
    prefixes: dict[int, str] = field(default_factory=dict)  # 0-based line -> label text


def _record(data: Path, name: str, number: int) -> dict:
    with gzip.open(data / "corpus" / name, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            if i == number:
                return json.loads(line)
    raise SystemExit(f"{name} has no record {number}")


def build_doc(g: dict, seeds: Path, data: Path) -> Doc:
    furniture = set(g.get("furniture", []))
    dups = set(g.get("duplicates", []))
    optional = set(g.get("optional", []))
    if "seed" in g:
        lines = (seeds / g["seed"]).read_text("utf-8").split("\n")
        labels = []
        for n, text in enumerate(lines, start=1):
            if not text.strip():
                labels.append("blank")
            elif n in furniture:
                labels.append("furniture")
            elif n in dups:
                labels.append("duplicate")
            elif n in optional:
                labels.append("optional")
            else:
                labels.append("body")
        prefixes = {int(k) - 1: v for k, v in g.get("prefix", {}).items()}
        return Doc(g["id"], lines, labels, g, prefixes)
    rec = _record(data, g["corpus"], g["record"])
    orig = ([rec["title"].strip()] if rec.get("title") else []) + [
        ln.strip() for ln in (rec.get("maintext") or "").split("\n") if ln.strip()
    ]
    items: list[tuple[str, str]] = []  # (text, label)
    drop = set(g.get("drop", []))
    inserts: dict[int, list[str]] = {}
    for after, text in g.get("insert", []):
        inserts.setdefault(after, []).append(text)
    copies: dict[int, list[tuple[int, int]]] = {}
    for after, a, b in g.get("duplicate", []):
        copies.setdefault(after, []).append((a, b))

    def label(n: int) -> str:
        if n in furniture:
            return "furniture"
        if n in dups:
            return "duplicate"
        if n in optional:
            return "optional"
        return "body"

    for text in inserts.get(0, []):
        items.append((text, "furniture"))
    for n, text in enumerate(orig, start=1):
        if n not in drop:
            items.append((text, label(n)))
        for text2 in inserts.get(n, []):
            items.append((text2, "furniture"))
        for a, b in copies.get(n, []):
            items.extend((orig[k - 1], "duplicate") for k in range(a, b + 1))
    return Doc(g["id"], [t for t, _ in items], [lab for _, lab in items], g)


def _outlet_ok(found: str | None, accepted: list[str]) -> bool:
    if not found:
        return False
    fk = " ".join(matching_key(found).split())
    return any(fk == " ".join(matching_key(a).split()) for a in accepted)


def _score_lines(doc: Doc, art: Article, c: dict[str, int], problems: list[str]) -> None:
    """Count each labelled line of `doc` against what cleaning removed from `art`."""
    removed_lines: dict[int, list[str]] = {}
    for r in art.removed:
        if r.line is None or any(r.reason.startswith(x) for x in IGNORED_REASONS):
            continue
        removed_lines.setdefault(r.line, []).append(r.text)
    kept = set(art.text.split("\n"))
    for i, lab in enumerate(doc.labels):
        text = doc.lines[i].strip()
        gone = i in removed_lines
        if lab == "furniture":
            c["furn"] += 1
            c["furn_hit"] += gone
            if not gone:
                problems.append(f"{doc.id} line {i + 1}: furniture kept: {text[:60]!r}")
        elif lab == "duplicate":
            c["dup"] += 1
            c["dup_hit"] += gone
            if not gone:
                problems.append(f"{doc.id} line {i + 1}: duplicate kept")
        elif lab == "body":
            c["body"] += 1
            expect = text
            if i in doc.prefixes:
                expect = text.replace(doc.prefixes[i], "", 1).strip()
            ok = expect in kept
            c["body_kept"] += ok
            if not ok:
                problems.append(f"{doc.id} line {i + 1}: BODY LOST: {text[:60]!r}")
        if gone:
            c["removed"] += 1
            ok = lab in ("furniture", "duplicate", "optional") or i in doc.prefixes
            c["removed_ok"] += ok
            if not ok:
                problems.append(f"{doc.id} line {i + 1}: removed body: {text[:60]!r}")


def _score_fields(doc: Doc, art: Article, c: dict[str, int], problems: list[str]) -> None:
    """Count the metadata of `art` (date, outlet, language, truncation, title) against gold."""
    g = doc.gold
    if "date" in g:
        c["date"] += 1
        got = art.published.isoformat() if art.published else None
        c["date_ok"] += got == g["date"]
        if got != g["date"]:
            problems.append(f"{doc.id}: date {got} != {g['date']}")
    if g.get("outlet") is not None or "outlet" in g:
        c["outlet"] += 1
        ok = _outlet_ok(art.outlet, g["outlet"]) if g["outlet"] else art.outlet is None
        c["outlet_ok"] += ok
        if not ok:
            problems.append(f"{doc.id}: outlet {art.outlet!r} not in {g['outlet']}")
    c["lang"] += 1
    c["lang_ok"] += art.language == g["language"]
    if art.language != g["language"]:
        problems.append(f"{doc.id}: language {art.language} != {g['language']}")
    c["trunc"] += 1
    c["trunc_ok"] += art.truncated == g.get("truncated", False)
    if art.truncated != g.get("truncated", False):
        problems.append(f"{doc.id}: truncated {art.truncated}")
    if "title" in g:
        c["title"] += 1
        want = doc.lines[g["title"] - 1].strip() if g["title"] else None
        c["title_ok"] += art.title == want
        if art.title != want:
            problems.append(f"{doc.id}: title {art.title!r}")


def evaluate(gold_path: Path, seeds: Path, data: Path, verbose: bool = False) -> dict:
    gold = json.loads(gold_path.read_text("utf-8"))
    docs = [build_doc(g, seeds, data) for g in gold["documents"]]
    articles = [Article.from_raw("\n".join(d.lines), f"gold:{d.id}") for d in docs]
    out = list(run_stages(article_stages(Config()), articles))
    c = dict.fromkeys(
        "furn furn_hit dup dup_hit removed removed_ok body body_kept date date_ok outlet "
        "outlet_ok lang lang_ok trunc trunc_ok title title_ok".split(),
        0,
    )
    problems: list[str] = []
    for doc, art in zip(docs, out, strict=True):
        _score_lines(doc, art, c, problems)
        _score_fields(doc, art, c, problems)

    def ratio(a: str, b: str) -> float:
        return round(c[a] / c[b], 4) if c[b] else 1.0

    scores = {
        "documents": len(docs),
        "furniture_lines": c["furn"],
        "furniture_recall": ratio("furn_hit", "furn"),
        "duplicate_recall": ratio("dup_hit", "dup"),
        "removal_precision": ratio("removed_ok", "removed"),
        "body_lines": c["body"],
        "body_kept": ratio("body_kept", "body"),
        "body_lost": c["body"] - c["body_kept"],
        "date_accuracy": ratio("date_ok", "date"),
        "outlet_accuracy": ratio("outlet_ok", "outlet"),
        "language_accuracy": ratio("lang_ok", "lang"),
        "truncated_accuracy": ratio("trunc_ok", "trunc"),
        "title_accuracy": ratio("title_ok", "title"),
        "problems": problems,
    }
    return scores


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, default=ROOT / "eval/gold/cleaning/gold.json")
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared/seeds")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared/data")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--verbose", action="store_true", help="list every miss")
    args = ap.parse_args(argv)
    scores = evaluate(args.gold, args.seeds, args.data)
    if args.json:
        print(json.dumps(scores, ensure_ascii=False, indent=1))
        return 0
    for k, v in scores.items():
        if k != "problems":
            print(f"{k:20} {v}")
    if args.verbose or scores["body_lost"]:
        for p in scores["problems"]:
            print("  -", p)
    else:
        print(f"{len(scores['problems'])} misses (--verbose lists them)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
