"""The annotated news the mention tagger learns from: reading, splitting and aligning it.

Both corpora (`../shared/data/ner/`) are CoNLL-style: one `token TAG` a line (IOB), a blank
line between sentences. ANERcorp tags PERS, ORG, LOC, MISC (Benajiba et al. 2007); ArmanPersoNER
tags pers, org, loc, fac, pro, event (Poostchi et al. 2016). Both map onto the project's types;
Arman's products (`pro`) are outlets when headed by an outlet noun (روزنامه کیهان), else other.

A sentence becomes the text its tokens make joined by spaces; the project's own tokenizer then
cuts it, exactly as it cuts an article, and each of its tokens takes the tag of the corpus
token it starts in. Gold spans stay in characters, so scoring is honest about a tokenizer that
cuts differently from the annotators.

The development split is the last 15% of each file's sentences (the files run article by
article, so the split falls between articles, give or take one); the tagger never fits on it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rashomon.entities.cues import is_cue
from rashomon.entities.doc import Doc
from rashomon.entities.gazetteer import load as load_gazetteer
from rashomon.entities.keys import base_key, token_key, tokenize

DEV_SHARE = 0.15
CORPORA = {"ar": "anercorp-ar-train.txt", "fa": "arman-fa-train.txt"}
_TAGS = {
    "PERS": "person",
    "ORG": "organisation",
    "LOC": "place",
    "MISC": "other",
    "pers": "person",
    "org": "organisation",
    "loc": "place",
    "fac": "facility",
    "event": "event",
    "pro": "other",
}


@dataclass(slots=True)
class Sentence:
    text: str
    spans: list[tuple[int, int, str]]  # gold (start, end, type) in characters


def _project_type(tag: str, first_token: str) -> str:
    typ = _TAGS.get(tag, "other")
    if tag == "pro" and is_cue(token_key(first_token), "OUTLET"):
        return "outlet"
    return typ


def _sentence(rows: list[tuple[str, str]]) -> Sentence:
    parts, spans, pos = [], [], 0
    open_span: list | None = None
    for tok, tag in rows:
        start, end = pos, pos + len(tok)
        parts.append(tok)
        pos = end + 1
        kind, _, name = tag.partition("-")
        if kind == "I" and open_span is not None and open_span[3] == name:
            open_span[1] = end
            continue
        if open_span is not None:
            spans.append(open_span)
            open_span = None
        if kind in ("B", "I"):
            open_span = [start, end, "", name, tok]
    if open_span is not None:
        spans.append(open_span)
    return Sentence(
        " ".join(parts), [(s, e, _project_type(name, first)) for s, e, _, name, first in spans]
    )


def read(path: Path) -> list[Sentence]:
    """The sentences of one CoNLL file, in file order."""
    out: list[Sentence] = []
    rows: list[tuple[str, str]] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2:
                rows.append((parts[0], parts[-1]))
            elif rows:
                out.append(_sentence(rows))
                rows = []
    if rows:
        out.append(_sentence(rows))
    return out


def split(sentences: list[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """(train, dev): dev is the last DEV_SHARE of the sentences."""
    cut = round(len(sentences) * (1 - DEV_SHARE))
    return sentences[:cut], sentences[cut:]


def load(data_dir: Path, lang: str) -> tuple[list[Sentence], list[Sentence]]:
    path = data_dir / CORPORA[lang]
    if not path.exists():
        raise SystemExit(f"{path} is missing: point --data at the folder with the NER corpora")
    return split(read(path))


def bio_labels(spans: list[tuple[int, int]], gold: list[tuple[int, int, str]]) -> list[str]:
    """IOB labels of token spans from gold character spans (a token takes the span it starts
    in; the first token of each span is B)."""
    labels = []
    g = sorted(gold)
    k = 0
    prev = None
    for s, _e in spans:
        while k < len(g) and g[k][1] <= s:
            k += 1
        if k < len(g) and g[k][0] <= s < g[k][1]:
            labels.append(("I-" if prev == k else "B-") + g[k][2])
            prev = k
        else:
            labels.append("O")
            prev = None
    return labels


def sentence_doc(text: str, lang: str) -> Doc:
    """A sentence tokenised as the detector tokenises an article."""
    counts = Counter(base_key(text[s:e]) for s, e in tokenize(text))
    return Doc(text, lang, load_gazetteer(), counts)
