"""Mention detection: the `DetectMentions` stage fills `Article.mentions`.

Per article, rules propose candidates (gazetteer places, names after titles or speech verbs,
names after cue nouns, model codes, capitalised runs, Latin words inside Arabic/Persian text).
Then, over the chunk of articles the stage sees at once, two batch statistics add what one
article alone cannot show:

* propagation: a name found by a cue in one place is a mention wherever it recurs in the batch
  (and a person's last name alone is that person: "فلاديمير بوتين" ... "بوتين");
* recurrence: an Arabic-script word that is rare in its language (wordfreq) and name-shaped
  (n-gram name model), seen in two articles, or in an Arabic and a Persian one, is a name.

Overlaps are resolved by score, then length. Every mention keeps its surface form and exact
offsets; `key` is the clitic-free, script-folded form used for matching.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

from rashomon.entities import namemodel, rules
from rashomon.entities.cues import any_cue
from rashomon.entities.doc import Doc, guess_language
from rashomon.entities.gazetteer import load
from rashomon.entities.keys import base_key, skeleton, tokenize
from rashomon.entities.rules import Cand
from rashomon.pipeline.base import ArticleStage
from rashomon.record import Article, Mention

log = logging.getLogger(__name__)

TYPES = ("person", "organisation", "place", "outlet", "equipment", "event", "other")
# Recurrence: rarer than ~1 per million words (Zipf 3) and name-shaped.
RARE_ZIPF = 3.0
NAME_SCORE = 0.3


class DetectMentions(ArticleStage):
    name = "entities.detect"

    def __init__(self, *, batch_stats: bool = True, min_confidence: float = 0.5) -> None:
        self.batch_stats = batch_stats
        self.min_confidence = min_confidence

    def process(self, article: Article) -> Article:
        return next(iter(self.run([article])))

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        chunk = list(articles)
        gaz = load()
        counts: Counter = Counter()
        for a in chunk:
            counts.update(base_key(a.text[s:e]) for s, e in tokenize(a.text or ""))
        docs: dict[str, Doc] = {}
        cands: dict[str, list[Cand]] = {}
        for a in chunk:
            try:
                doc = Doc(a.text or "", guess_language(a.text or "", a.language), gaz, counts)
                found = self._rules(a, doc)
                docs[a.id], cands[a.id] = doc, found
            except Exception as exc:  # noqa: BLE001 - one article's failure stays its own
                log.warning("entities.detect failed on %s: %s", a.source, exc)
                a.errors.append(f"{self.name}: {type(exc).__name__}: {exc}")
        if self.batch_stats and docs:
            _propagate(docs, cands)
            _recurrent(docs, cands)
        for a in chunk:
            if a.id in docs:
                a.mentions = _to_mentions(a, docs[a.id], cands[a.id], self.min_confidence)
            yield a

    @staticmethod
    def _rules(article: Article, doc: Doc) -> list[Cand]:
        starts = {article.sentences[k].start for k in range(len(article.sentences))}
        starts |= {p.start for p in article.paragraphs}
        found: list[Cand] = []
        found += rules.gazetteer(doc)
        found += rules.titles(doc)
        found += rules.speech(doc)
        found += rules.headed(doc)
        found += rules.model_codes(doc)
        found += rules.ships(doc)
        found += rules.capitalised(doc, starts)
        found += rules.foreign_script(doc)
        return found


def _span_key(doc: Doc, c: Cand) -> str:
    return " ".join(t.key for t in doc.toks[c.i : c.j])


def _propagate(docs: dict[str, Doc], cands: dict[str, list[Cand]]) -> None:
    """Every occurrence in the batch of a name found by a cue is a mention of the same type."""
    typed: dict[str, Counter] = defaultdict(Counter)
    for aid, cs in cands.items():
        doc = docs[aid]
        for c in cs:
            if c.type == "other" or c.score < 0.55 or c.rule.startswith("gazetteer"):
                continue
            key = _span_key(doc, c)
            typed[key][c.type] += 1
            last = doc.toks[c.j - 1]
            # A person's last name alone: only when it could not be an ordinary word.
            if (
                c.type == "person"
                and c.j - c.i >= 2
                and doc.name_like(c.j - 1)
                and doc.freq(c.j - 1) < 4.6
            ):
                typed[last.key]["person"] += 1
    if not typed:
        return
    max_n = max(k.count(" ") + 1 for k in typed)
    for aid, doc in docs.items():
        toks = doc.toks
        for i in range(len(toks)):
            for n in range(min(max_n, len(toks) - i), 0, -1):
                if any(toks[k].brk for k in range(i + 1, i + n)):
                    continue
                key = " ".join(t.key for t in toks[i : i + n])
                if key in typed:
                    typ = typed[key].most_common(1)[0][0]
                    cands[aid].append(Cand(i, i + n, typ, 0.7, "propagated"))
                    break


def _recurrent(docs: dict[str, Doc], cands: dict[str, list[Cand]]) -> None:
    """Rare, name-shaped words that recur across articles (or across Arabic and Persian)."""
    seen: dict[str, set[str]] = defaultdict(set)  # skeleton -> article ids
    langs: dict[str, set[str]] = defaultdict(set)
    where: list[tuple[str, int, str]] = []
    for aid, doc in docs.items():
        for i, t in enumerate(doc.toks):
            if t.script != "arabic" or len(t.key) < 4 or not doc.name_like(i):
                continue
            if doc.freq(i) >= RARE_ZIPF or namemodel.score(t.key) < NAME_SCORE:
                continue
            sk = skeleton(t.key)
            if len(sk) < 3:
                continue
            seen[sk].add(aid)
            langs[sk].add(doc.lang)
            where.append((aid, i, sk))
    for aid, i, sk in where:
        if len(seen[sk]) >= 2 or len(langs[sk]) >= 2:
            cands[aid].append(Cand(i, i + 1, "other", 0.5, "recurrent-rare"))


def _type_vote(doc: Doc, group: list[Cand]) -> str:
    votes: Counter = Counter()
    for c in group:
        if c.type != "other":
            votes[c.type] += c.score
    return votes.most_common(1)[0][0] if votes else "other"


def resolve_overlaps(doc: Doc, cs: list[Cand]) -> list[tuple[Cand, str]]:
    """Keep the best of overlapping candidates; the type is voted by those sharing the span."""
    by_span: dict[tuple[int, int], list[Cand]] = defaultdict(list)
    for c in cs:
        if c.j > c.i:
            by_span[(c.i, c.j)].append(c)
    ranked = sorted(
        by_span.items(),
        key=lambda kv: (
            -(max(c.score for c in kv[1]) + 0.05 * min(len(kv[1]) - 1, 3)),
            -(kv[0][1] - kv[0][0]),
            kv[0][0],
        ),
    )
    taken = [False] * len(doc.toks)
    kept = []
    for (i, j), group in ranked:
        if any(taken[i:j]):
            continue
        for k in range(i, j):
            taken[k] = True
        best = max(group, key=lambda c: c.score)
        typ = _type_vote(doc, group)
        # A cue word alone is not a name.
        if j - i == 1 and any_cue(doc.toks[i].key):
            continue
        kept.append((Cand(i, j, typ, best.score, best.rule), typ))
    kept.sort(key=lambda x: x[0].i)
    return kept


def _to_mentions(article: Article, doc: Doc, cs: list[Cand], min_conf: float) -> list[Mention]:
    out = []
    for c, typ in resolve_overlaps(doc, cs):
        if c.score < min_conf:
            continue
        start, end = doc.toks[c.i].start, doc.toks[c.j - 1].end
        extras = {"rule": c.rule}
        if c.rule.startswith("gazetteer:"):
            extras["gazetteer"] = c.rule.split(":", 1)[1]
        out.append(
            Mention(
                start=start,
                end=end,
                text=article.text[start:end],
                type=typ,
                key=_span_key(doc, c),
                confidence=round(c.score, 3),
                extras=extras,
            )
        )
    return out
