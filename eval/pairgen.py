"""Sentence pairs with known labels, generated from corpus sentences (`../shared/data/corpus`).

Each base sentence (8-40 words, Arabic, Persian or English) yields pairs whose labels follow
from the change:

- contradict: `number` (a count multiplied or divided, kind numeric_mismatch), `date` (the day of
  a dated event moved), `negate` (an auxiliary/verb negated: "was" -> "was not", "کرد" -> "نکرد",
  "يتوقع" -> "لا يتوقع"), `swap` (two rare words, names or places, exchanged: role swap),
  `substitute` (a rare word replaced by a rare word of another article);
- agree, when possible: `hedge_drop` (the hedge cue cut out, kind qualifier_dropped), else
  `shorten` (the sentence cut at a clause mark: the shorter version is implied by the longer);
- agree, for a quarter of the articles: `copy` (the same sentence: two outlets printing it);
- unrelated, for 60% of the sentences: `sibling` (another sentence of the same article: same
  topic, another assertion).

The split is by article (a hash of its text): 70% train, 15% tune, 15% test. Nothing is fitted on
the test part. Deterministic: a fixed seed and a fixed article order.

    python eval/pairgen.py --out /work/scratch/compare/pairs.csv
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rashomon.claims import lexical  # noqa: E402
from rashomon.claims.extract import analyse_sentence  # noqa: E402
from rashomon.language.segment import split_sentences  # noqa: E402

CORPUS = ROOT.parent / "shared" / "data" / "corpus"
SOURCES = {
    "ar": ("saudinewsnet-ar.jsonl.gz", 450),
    "fa": ("farsnews-fa.jsonl.gz", 450),
    "en": ("semeval-dev-multi.jsonl.gz", 300),
}
SEED = 14

_EN_AUX = regex.compile(r"\b(is|are|was|were|has|have|had|will|can|could|would|should)\b")
_FA_VERB_END = regex.compile(
    r"(?<!\S)(است|کرد|کردند|شد|شدند|داد|دادند|گفت|دارد|دارند|بود|بودند|خواهد|کند|کنند|شود|"
    r"می[\u200c ]?\S+)(?=[\s.،؛]*$)"
)
_AR_PRESENT = regex.compile(r"(?<!\S)(ي[\p{Arabic}]{3,})(?!\S)")
_DIGITS = regex.compile(r"(?<![\d.,٫٬/])(\d{1,6})(?![\d.,٫٬/])")
_CLAUSE = regex.compile(r"[،,؛;]\s")


def split_of(key: str) -> str:
    h = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % 100
    return "train" if h < 70 else ("tune" if h < 85 else "test")


def base_sentences(lang: str, path: Path, n_articles: int) -> Iterator[tuple[str, list[str]]]:
    """(article key, its usable sentences) for the first `n_articles` articles (hash order)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    rows = [r for r in rows if r.get("language") == lang and r.get("maintext")]
    rows.sort(key=lambda r: hashlib.sha256(r["maintext"][:500].encode()).hexdigest())
    for r in rows[:n_articles]:
        text = r["maintext"]
        sents = []
        for s, e in split_sentences(text):
            t = " ".join(text[s:e].split())
            if 8 <= len(t.split()) <= 40 and not regex.search(r"https?:|@|\|", t):
                sents.append(t)
        if len(sents) >= 2:
            yield hashlib.sha256(text[:500].encode()).hexdigest()[:12], sents


def _rare_tokens(text: str, lang: str) -> list[regex.Match]:
    out = []
    for m in regex.finditer(r"[\p{L}][\p{L}\p{M}\u200c]{2,}", text):
        w = m.group()
        if lang == "en" and not w[0].isupper():
            continue
        if (
            lexical.zipf(lexical.stem(w.lower(), lang), lang) < 2.8
            and lexical.zipf(w.lower(), lang) < 2.8
        ):
            out.append(m)
    return out


def negate(text: str, lang: str) -> str | None:
    if lang == "en":
        m = _EN_AUX.search(text)
        if not m or regex.match(r"\s+not\b|n't", text[m.end() :]):
            return None  # no auxiliary, or already negated
        return text[: m.end()] + " not" + text[m.end() :]
    if lang == "fa":
        m = _FA_VERB_END.search(text)
        if not m:
            return None
        v = m.group(1)
        neg = "نیست" if v == "است" else ("ن" + v.replace("می ", "می\u200c"))
        return text[: m.start(1)] + neg + text[m.end(1) :]
    if lang == "ar":
        m = _AR_PRESENT.search(text)
        return text[: m.start(1)] + "لا " + text[m.start(1) :] if m else None
    return None


def change_number(text: str, rng: random.Random) -> str | None:
    cands = [m for m in _DIGITS.finditer(text) if not (1900 <= int(m.group()) <= 2100)]
    cands = [m for m in cands if int(m.group()) >= 2]
    if not cands:
        return None
    m = rng.choice(cands)
    v = int(m.group())
    new = v * rng.choice((2, 3, 5)) if rng.random() < 0.6 else max(1, v // rng.choice((2, 3, 4)))
    if new == v:
        new = v + max(3, v // 2)
    return text[: m.start()] + str(new) + text[m.end() :]


def change_date(text: str, lang: str) -> str | None:
    st = analyse_sentence(text, language=lang, published=None)
    for d in st.dates:
        if d.precision != "day":
            continue
        m = regex.search(r"\d{1,2}(?!\d)", d.text)
        if m:
            day = int(m.group())
            new = day + 5 if day <= 20 else day - 9
            s = d.start + m.start()
            return text[:s] + str(new) + text[s + len(m.group()) :]
    return None


def swap(text: str, lang: str) -> str | None:
    rare = _rare_tokens(text, lang)
    for i, a in enumerate(rare):
        for b in rare[i + 1 :]:
            gap = text[a.end() : b.start()]
            if a.group() != b.group() and len(gap.split()) >= 3:
                return text[: a.start()] + b.group() + gap + a.group() + text[b.end() :]
    return None


def substitute(text: str, lang: str, donor: str) -> str | None:
    rare, other = _rare_tokens(text, lang), _rare_tokens(donor, lang)
    other = [m.group() for m in other if m.group() not in text]
    if not rare or not other:
        return None
    m = rare[0]
    return text[: m.start()] + other[0] + text[m.end() :]


def drop_hedge(text: str, lang: str) -> str | None:
    st = analyse_sentence(text, language=lang, published=None)
    cues = st.extras.get("hedge.cues") or []
    if not cues:
        return None
    c = cues[0]
    return " ".join((text[: c["start"]] + " " + text[c["end"] :]).split())


def shorten(text: str) -> str | None:
    for m in _CLAUSE.finditer(text):
        head = text[: m.start()]
        if 6 <= len(head.split()) <= len(text.split()) - 4:
            return head
    return None


def generate(n_scale: float = 1.0) -> list[dict[str, str]]:
    rng = random.Random(SEED)
    out: list[dict[str, str]] = []
    for lang, (fname, n) in SOURCES.items():
        arts = list(base_sentences(lang, CORPUS / fname, int(n * n_scale)))
        for k, (key, sents) in enumerate(arts):
            split = split_of(key)
            donor = arts[(k + 1) % len(arts)][1][0]
            s = sents[rng.randrange(len(sents))]
            row = {"lang": lang, "split": split, "article": key, "s1": s}
            contra = [
                ("number", "numeric_mismatch", lambda s=s: change_number(s, rng)),
                ("date", "date_mismatch", lambda s=s, lang=lang: change_date(s, lang)),
                ("negate", "contradiction", lambda s=s, lang=lang: negate(s, lang)),
                ("swap", "distortion", lambda s=s, lang=lang: swap(s, lang)),
                (
                    "substitute",
                    "contradiction",
                    lambda s=s, lang=lang, donor=donor: substitute(s, lang, donor),
                ),
            ]
            # a number or a date, when the sentence has one, is changed first: these are the
            # conflicts a reader of several sources most needs to see
            rest = contra[2:]
            rng.shuffle(rest)
            contra = contra[:2] + rest
            for name, kind, fn in contra:
                t = fn()
                if t and t != s:
                    out.append(row | {"s2": t, "label": "contradict", "kind": kind, "change": name})
                    break
            t = drop_hedge(s, lang)
            if t:
                out.append(
                    row
                    | {
                        "s2": t,
                        "label": "agree",
                        "kind": "qualifier_dropped",
                        "change": "hedge_drop",
                    }
                )
            elif t := shorten(s):
                out.append(row | {"s2": t, "label": "agree", "kind": "", "change": "shorten"})
            if int(key, 16) % 4 == 0:
                # the same sentence from two outlets: agreement, whatever the encoder says
                out.append(row | {"s2": s, "label": "agree", "kind": "", "change": "copy"})
            if rng.random() < 0.6:
                other = [x for x in sents if x != s]
                out.append(
                    row
                    | {
                        "s2": rng.choice(other),
                        "label": "unrelated",
                        "kind": "",
                        "change": "sibling",
                    }
                )
    return out


FIELDS = ["lang", "split", "article", "change", "label", "kind", "s1", "s2"]


def load(path: Path, split: str | None = None) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if split is None or r["split"] == split]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    rows = generate()
    with open(args.out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, FIELDS)
        w.writeheader()
        for r in rows:
            w.writerow({k: r[k] for k in FIELDS})
    from collections import Counter

    print(len(rows), "pairs", Counter((r["split"], r["label"]) for r in rows))
    print(Counter((r["lang"], r["change"]) for r in rows))


if __name__ == "__main__":
    main()
