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

from rashomon.entities import common, coord, metonym, names, rules, tagger, trim
from rashomon.entities.batch import extend_recurring, propagate, recurrent_within
from rashomon.entities.cues import any_cue, is_cue
from rashomon.entities.doc import Doc, guess_language
from rashomon.entities.gazetteer import load
from rashomon.entities.keys import base_key, tokenize
from rashomon.entities.rules import Cand, span_key
from rashomon.pipeline.base import ArticleStage
from rashomon.record import Article, Mention

log = logging.getLogger(__name__)

# Articles the stage reads at once (`DetectMentions.run`): their sentences go through the
# neural tagger together
BATCH = 16

TYPES = (
    "person",
    "organisation",
    "place",
    "outlet",
    "facility",
    "equipment",
    "event",
    "other",
)


class DetectMentions(ArticleStage):
    name = "entities.detect"

    def __init__(
        self, *, batch_stats: bool = True, min_confidence: float = 0.5, use_tagger: bool = True
    ) -> None:
        self.batch_stats = batch_stats
        self.min_confidence = min_confidence
        self.use_tagger = use_tagger

    def process(self, article: Article) -> Article:
        return self._finish(article, self._doc(article), None)

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        """`process` of each article, `BATCH` at a time: the trained tagger reads a batch's
        sentences together (`tagger.tag_many`: the same mentions, less time a sentence). A
        failure stays the article's own: if the batch's tagging fails, each article is tagged
        alone."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= BATCH:
                yield from self._run_batch(batch)
                batch = []
        yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Article]) -> Iterator[Article]:
        docs: list[Doc | None] = []
        for article in batch:
            try:
                docs.append(self._doc(article))
            except Exception as exc:  # noqa: BLE001 - isolate one article's failure
                self.failed(article, exc)
                docs.append(None)
        tagged: list = [None] * len(batch)
        todo = [
            k
            for k, doc in enumerate(docs)
            if doc is not None and self.use_tagger and tagger.available(doc.lang)
        ]
        if len(todo) > 1:
            try:
                for k, spans in zip(todo, tagger.tag_many([docs[k] for k in todo]), strict=True):
                    tagged[k] = spans
            except Exception as exc:  # noqa: BLE001 - each article is tagged alone below
                log.debug("tagging %d articles together failed (%s): one at a time", len(todo), exc)
        for article, doc, spans in zip(batch, docs, tagged, strict=True):
            if doc is None:
                yield article
                continue
            try:
                yield self._finish(article, doc, spans)
            except Exception as exc:  # noqa: BLE001 - isolate one article's failure
                self.failed(article, exc)
                yield article

    @staticmethod
    def _doc(article: Article) -> Doc:
        text = article.text or ""
        spans = tokenize(text)
        counts = Counter(base_key(text[s:e]) for s, e in spans)
        return Doc(text, guess_language(text, article.language), load(), counts, spans)

    def _finish(self, article: Article, doc: Doc, tagged: list | None) -> Article:
        """The article's mentions from its document and, when given, the tagger's spans."""
        if self.use_tagger and tagger.available(doc.lang):
            found = _tagged(doc, tagged)
        else:
            found = self._rules(article, doc)
        cands = {article.id: found}
        if self.batch_stats:
            # Statistics within the article; across articles they run in the corpus step
            # (entities.propagate), so a batch gives the same result however it is cut.
            docs = {article.id: doc}
            recurrent_within(docs, cands)
            extend_recurring(docs, cands)
            propagate(docs, cands)
        common.mark(doc, cands[article.id])  # common words: no entity (entities.common)
        article.mentions = _to_mentions(article, doc, cands[article.id], self.min_confidence)
        metonym.mark(doc, article.mentions)
        return article

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


# Rules for what the corpora do not tag (outlets, equipment, events in Arabic; model codes,
# ships): their finds of those types fill gaps the tagger leaves, or retype its span. Titles,
# speech verbs and the gazetteer are features of the tagger; adding their finds lowered F1.
_GAP_RULES = (rules.headed, rules.model_codes, rules.ships, rules.foreign_script)
_RETYPE = {"outlet", "equipment", "event"}
# A country the tagger typed an organisation stays a place (off: the tagger's contextual type, as
# ArmanPersoNER tags a country that acts, «همکاری‌های ایران و روسیه»; eval/ner.py measures both).
COUNTRY_PLACE = True
# A span the tagger types a person keeps no gazetteer anchor (off: to measure it). On 600 real
# articles 31 such mentions: 22 persons (Cameron, Richardson, Amos...), 9 places.
PERSON_OVER_GAZETTEER = True
# The rules' span that is a gazetteer hit takes its type unless a title is before it (off: to
# measure it).
GAZETTEER_TYPE = True
# A span the tagger typed a place is anchored on a city the gazetteer keeps quiet for being a
# frequent word too (`Gazetteer.quiet`; off: to measure it).
QUIET_PLACES = True
TRIM = True  # entities.trim on the tagger's spans (off: to measure it)


def _tagged(doc: Doc, tagged: list | None = None) -> list[Cand]:
    """Arabic and Persian: the trained tagger's mentions (`tagged`: `tagger.tag(doc)` when
    not given; a place keeps the gazetteer entry of the same span, for linking), and the
    rules' finds where the tagger found nothing."""
    gaz = {(c.i, c.j): c.rule for c in doc.found(rules.gazetteer)}
    found = []
    owner: dict[int, int] = {}  # token -> index in found
    spans = _one_type_per_name(doc, tagger.tag(doc) if tagged is None else tagged)
    if TRIM:
        spans = trim.trim(doc, spans, gaz)  # border words at a mention's edges (entities.trim)
    spans = coord.split(doc, spans)  # two names joined by "and" (entities.coord)
    for i, j, typ, p in spans:
        if j - i == 1 and (i, j) not in gaz and doc.is_demonym(i):
            # «آمریکایی», «ایرانی»: an adjective of a place names no entity (ArmanPersoNER
            # tags them organisations, ANERcorp leaves them out)
            continue
        if (
            typ == "organisation"
            and j - i == 2
            and (i + 1, j) in gaz
            and is_cue(doc.toks[i].key, "GOVERNMENT")
        ):
            i, typ = i + 1, "place"  # "دولت پکن": the government noun and the place it names
        rule = gaz.get((i, j), "tagger")
        if rule == "tagger" and typ == "place" and j - i == 1 and doc.is_demonym(i):
            # «أعلنت السعودية»: a word both a state and its adjective, which the gazetteer
            # rule leaves out; the tagger read the place, so it is anchored on the state
            entry = doc.gaz.best(doc.toks[i].base)
            if entry and doc.gaz.entries[entry]["kind"] == "country":
                rule = "gazetteer:" + entry
        if rule == "tagger" and typ == "place" and QUIET_PLACES:
            entry = rules.quiet_place(doc, i, j)
            if entry:
                rule = "gazetteer:" + entry  # «جنيف», «قم»: a city name that is a word too
        if typ == "person" and PERSON_OVER_GAZETTEER and not _seat(doc, rule):
            # a person named like a place («ريتشاردسون» Richardson, «كاميرون» Cameron, «دوغلاس»):
            # the tagger's reading wins, no gazetteer anchor makes the person a place entity;
            # a seat of government (the language packs' buildings: the Kremlin, the White
            # House) names no one, so it keeps its entry and type when the tagger reads a
            # person in «رهبر کرملین» (the Kremlin's leader) or «کرملین ... خودداری کرده»
            rule = "tagger"
        if rule != "tagger":
            typ = gazetteer_type(doc, rule[10:], typ)
        for k in range(i, j):
            owner[k] = len(found)
        found.append(Cand(i, j, typ, round(0.5 + 0.5 * p, 3), rule))
    drop: set[int] = set()
    for rule_fn in _GAP_RULES:
        for c in doc.found(rule_fn):
            if c.type not in _RETYPE:
                continue
            c = Cand(c.i, c.j, c.type, c.score, c.rule)  # `found` shares its candidates
            hits = {owner[k] for k in range(c.i, c.j) if k in owner} - drop
            if c.rule == "cue-quoted" or all(c.i <= found[h].i and found[h].j <= c.j for h in hits):
                # صحيفة نيويورك تايمز: the cue's whole name, not the place in it; a name in
                # quotes after the cue wins over tagger spans across its quotes
                drop |= hits
                found.append(c)
            elif len(hits) == 1:
                t = found[next(iter(hits))]
                if t.type in ("organisation", "other") and t.i <= c.i and c.j <= t.j:
                    t.type = c.type  # صحيفة "لوموند": an organisation to ANERcorp, an outlet here
    kept = [c for k, c in enumerate(found) if k not in drop]
    if TRIM:  # a cue rule's one-word find that borders names («سامانه‌های موشکی»): no name
        kept = [
            c
            for c in kept
            if c.rule == "tagger"
            or c.rule.startswith("gazetteer:")
            or c.j - c.i > 1
            or not (trim.is_border(doc, c.i) or trim.is_adjective(doc, c.i))
        ]
    return kept


def _seat(doc: Doc, rule: str) -> bool:
    """Is the rule a gazetteer hit on a seat of government (an entry of type facility)?"""
    return rule.startswith("gazetteer:") and doc.gaz.type_of(rule[10:]) == "facility"


def gazetteer_type(doc: Doc, entry: str, typ: str) -> str:
    """The type of a tagger's span that is a gazetteer entry: a country is a place whatever
    the tagger calls it («چین گفت»: the country speaking is still the country, linked to it;
    `metonym` marks it acting), as is a facility (the Kremlin is the building); a city the
    tagger calls an organisation stays one (ANERcorp and ArmanPersoNER tag a club named for its
    city, «برشلونة», «واتفورد», an organisation; a capital acting for its state is one to
    `metonym` too)."""
    own = doc.gaz.type_of(entry)
    if typ == "other" or own == "facility":
        return own
    if typ == "organisation" and doc.gaz.entries[entry]["kind"] == "country" and COUNTRY_PLACE:
        return own
    return typ


def _trailing_word(doc: Doc, k: int, named: Counter) -> bool:
    """Is token k, last of a span, a common word rather than part of the name: a word
    wordfreq knows, no ANETAC name, in no other span of the article?"""
    t = doc.toks[k]
    return named[t.key] == 1 and doc.freq(k) > 0 and not names.name_class(t.key)


def _one_type_per_name(
    doc: Doc, spans: list[tuple[int, int, str, float]]
) -> list[tuple[int, int, str, float]]:
    """One type per name in an article: the type most confidently given to it, or to a longer
    person name it ends ("رجب طيب أردوغان" ... "أردوغان"); a function word before a name found
    alone elsewhere in the article is not part of it ("أن أردوغان"), nor a word after a name
    found alone twice that is in no other name."""

    def key(i: int, j: int) -> str:
        return " ".join(t.key for t in doc.toks[i:j])

    alone = Counter(key(i, j) for i, j, _t, _p in spans)
    named = Counter(t.key for i, j, _t, _p in spans for t in doc.toks[i:j])
    trimmed = []
    for i, j, typ, p in spans:
        if j - i > 1 and doc.is_stop(i) and key(i + 1, j) in alone:
            i += 1
        if j - i > 1 and alone[key(i, j - 1)] > 1 and _trailing_word(doc, j - 1, named):
            j -= 1  # «أردوغان استقبل»: the verb after a name found alone twice elsewhere
        trimmed.append((i, j, typ, p))
    votes: dict[str, Counter] = defaultdict(Counter)
    for i, j, typ, p in trimmed:
        votes[key(i, j)][typ] += p
        if typ == "person" and j - i > 1:
            votes[doc.toks[j - 1].key][typ] += p
    return [(i, j, votes[key(i, j)].most_common(1)[0][0], p) for i, j, _typ, p in trimmed]


def _type_vote(doc: Doc, group: list[Cand]) -> str:
    """The type of a span: a gazetteer hit's, unless a title names it a person ("President
    Jordan"): a capitalised word before a speech verb is no person when the gazetteer knows it
    ("the Kremlin said", "Washington warned": `metonym` marks it acting); else the candidates'
    votes by score."""
    gaz = [c for c in group if c.rule.startswith("gazetteer:")]
    if gaz and GAZETTEER_TYPE and not any(c.rule.startswith("title-") for c in group):
        return max(gaz, key=lambda c: c.score).type
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
            # score, plus a little for agreeing rules and for length (a two-word name after
            # a title beats a one-word gazetteer hit inside it: دیمیتری پسکوف, not Pskov)
            -(
                max(c.score for c in kv[1])
                + 0.05 * min(len(kv[1]) - 1, 3)
                + 0.04 * min(kv[0][1] - kv[0][0] - 1, 3)
            ),
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
        # A cue word alone is not a name, unless the trained tagger found it (ANERcorp tags
        # «الكونغرس» an organisation, «الله» other).
        if j - i == 1 and best.rule != "tagger" and any_cue(doc.toks[i].key):
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
        extras = {}
        if c.rule.startswith("gazetteer:"):
            extras["gazetteer"] = c.rule.split(":", 1)[1]
        out.append(
            Mention(
                start=start,
                end=end,
                text=article.text[start:end],
                type=typ,
                key=span_key(doc, c),
                confidence=round(c.score, 3),
                rule=c.rule,
                extras=extras,
            )
        )
    return out
