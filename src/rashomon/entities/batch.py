"""Statistics over a set of tokenised articles: names that recur.

* `propagate`: a name found by a cue in one place is a mention wherever it recurs (and a
  person's last name alone is that person: "فلاديمير بوتين" ... "بوتين");
* `recurrent`: an Arabic-script word rare in its language (wordfreq) and name-shaped (n-gram
  name model), seen in two articles or in an Arabic and a Persian one, is a name;
* `recurrent_within`, `extend_recurring`: the same inside one article (a rare name repeated;
  a common word that keeps preceding a name is part of it: رمضان قاديروف).

The stage runs them within one article; the corpus step runs them across the whole store.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from rashomon.entities import common, namemodel
from rashomon.entities.cues import any_cue
from rashomon.entities.doc import Doc
from rashomon.entities.keys import skeleton
from rashomon.entities.rules import Cand, span_key

# A person's last name alone spreads when rarer than this (Zipf 4.6, ~40 per million words),
# and a one-word name spreads only onto a word rarer than this in the article's language.
LAST_NAME_ZIPF = 4.6
# True: a one-word name also spreads onto a common word of the article's language (the rule
# before 7 December; to measure it).
SPREAD_INTO_WORDS = False
# Recurrence: rarer than ~1 per million words (Zipf 3) and name-shaped.
RARE_ZIPF = 3.0
NAME_SCORE = 0.3


# Rules whose finds are names worth spreading to other occurrences (not gazetteer hits, which
# match everywhere anyway, nor organisation phrases built from common words).
_SPREAD_RULES = (
    "title",
    "speech",
    "cue-quoted",
    "cue-outlet",
    "cue-equipment",
    "cue-event",
    "cue-org-name",
    "model-code",
    "ship",
    "capitalised",
    "foreign-script",
    "recurrent",
    "propagated",
    "tagger",
)


def _spreadable(doc: Doc, c: Cand) -> bool:
    """A find that is a name, not a common word: some token name-shaped, none a function
    word, and a one-word name rarer than Zipf 4.5 ("أمس" yesterday never spreads)."""
    if not c.rule.startswith(_SPREAD_RULES) and "+recurring" not in c.rule:
        return False
    if c.rule.endswith(common.MARK):
        return False  # common words (entities.common)
    idx = range(c.i, c.j)
    if any(doc.is_stop(k) for k in idx):
        return False
    if c.j - c.i == 1 and (doc.freq(c.i) >= 4.5 or doc.toks[c.i].definite):
        return doc.toks[c.i].script == "latin" and doc.toks[c.i].cap and doc.freq(c.i) < 4.5
    return any(doc.name_like(k) for k in idx)


def typed_contributions(doc: Doc, cs: list[Cand]) -> list[tuple[str, str]]:
    """The (key, type) votes one article's finds give to `propagate`, in order: a find by a
    cue, and a person's last name alone when it could not be an ordinary word."""
    out: list[tuple[str, str]] = []
    for c in cs:
        if c.type == "other" or c.score < 0.55 or not _spreadable(doc, c):
            continue
        out.append((span_key(doc, c), c.type))
        # A person's last name alone: only when it could not be an ordinary word.
        if (
            c.type == "person"
            and c.j - c.i >= 2
            and doc.name_like(c.j - 1)
            and doc.freq(c.j - 1) < LAST_NAME_ZIPF
        ):
            out.append((doc.toks[c.j - 1].key, "person"))
    return out


def chosen_types(typed: dict[str, Counter]) -> dict[str, str]:
    """The type each propagated key gets: the most voted (the first voted among equals)."""
    return {k: votes.most_common(1)[0][0] for k, votes in typed.items()}


def longest_by_first(chosen: dict[str, str]) -> dict[str, int]:
    """First token -> most tokens of a typed name starting with it."""
    longest: dict[str, int] = {}
    for k in chosen:
        parts = k.split(" ")
        longest[parts[0]] = max(longest.get(parts[0], 0), len(parts))
    return longest


def propagate(docs: dict[str, Doc], cands: dict[str, list[Cand]]) -> None:
    """Every occurrence in the batch of a name found by a cue is a mention of the same type."""
    typed: dict[str, Counter] = defaultdict(Counter)
    for aid, cs in cands.items():
        for key, typ in typed_contributions(docs[aid], cs):
            typed[key][typ] += 1
    if typed:
        chosen = chosen_types(typed)
        propagate_typed(docs, cands, chosen, longest_by_first(chosen))


def propagate_typed(
    docs: dict[str, Doc],
    cands: dict[str, list[Cand]],
    chosen: dict[str, str],
    longest: dict[str, int],
) -> None:
    """Add a "propagated" find wherever a typed key recurs (the longest one at each token); a
    one-word key in Arabic script only where the word is no common word of the article's
    language (Zipf < `LAST_NAME_ZIPF`): a name spread from another language's articles is
    often a word here (the surname of Senegal's Macky Sall, «سال», is Persian for "year";
    «منذ», a rare word in Persian, is Arabic for "since")."""
    for aid, doc in docs.items():
        toks = doc.toks
        for i in range(len(toks)):
            if toks[i].script == "latin" and not toks[i].cap:
                continue  # a Latin name written lowercase is a word: "who" is not the WHO
            for n in range(min(longest.get(toks[i].key, 0), len(toks) - i), 0, -1):
                if any(not toks[k].joined for k in range(i + 1, i + n)):
                    continue
                if (
                    n == 1
                    and not SPREAD_INTO_WORDS
                    and toks[i].script == "arabic"  # Latin and Cyrillic names have capitals
                    and doc.freq(i) >= LAST_NAME_ZIPF
                ):
                    continue
                key = " ".join(t.key for t in toks[i : i + n])
                typ = chosen.get(key)
                if typ is not None:
                    cands[aid].append(Cand(i, i + n, typ, 0.7, "propagated"))
                    break


def rare_tokens(doc: Doc) -> list[tuple[int, str]]:
    """(token index, skeleton) of the Arabic-script words that are rare in their language and
    name-shaped: the words `recurrent` counts across articles."""
    out = []
    for i, t in enumerate(doc.toks):
        if t.script != "arabic" or len(t.key) < 4 or not doc.name_like(i):
            continue
        if doc.freq(i) >= RARE_ZIPF or namemodel.score(t.key) < NAME_SCORE:
            continue
        sk = skeleton(t.key)
        if len(sk) < 3:
            continue
        out.append((i, sk))
    return out


def recurrent(docs: dict[str, Doc], cands: dict[str, list[Cand]]) -> None:
    """Rare, name-shaped words that recur across articles (or across Arabic and Persian)."""
    seen: dict[str, set[str]] = defaultdict(set)  # skeleton -> article ids
    langs: dict[str, set[str]] = defaultdict(set)
    where: list[tuple[str, int, str]] = []
    for aid, doc in docs.items():
        for i, sk in rare_tokens(doc):
            seen[sk].add(aid)
            langs[sk].add(doc.lang)
            where.append((aid, i, sk))
    for aid, i, sk in where:
        if len(seen[sk]) >= 2 or len(langs[sk]) >= 2:
            cands[aid].append(Cand(i, i + 1, "other", 0.5, "recurrent-rare"))


def recurrent_within(docs: dict[str, Doc], cands: dict[str, list[Cand]]) -> None:
    """A rare, name-shaped Arabic-script word repeated in one article is that article's subject
    (Zipf < 2.5: under ~0.3 per million words; name model > NAME_SCORE)."""
    for aid, doc in docs.items():
        counts: Counter = Counter()
        for i, t in enumerate(doc.toks):
            if t.script == "arabic" and len(t.key) >= 4 and doc.name_like(i):
                if doc.freq(i) < 2.5 and namemodel.score(t.key) >= NAME_SCORE:
                    counts[t.key] += 1
        for i, t in enumerate(doc.toks):
            if counts.get(t.key, 0) >= 2:
                cands[aid].append(Cand(i, i + 1, "other", 0.55, "recurrent-within"))


def extend_recurring(docs: dict[str, Doc], cands: dict[str, list[Cand]]) -> None:
    """A one-word name whose preceding word recurs with it is a two-word name ("رمضان
    قاديروف" four times: رمضان is a common word, but not before this name)."""
    bigrams: Counter = Counter()
    for doc in docs.values():
        for i in range(1, len(doc.toks)):
            if doc.toks[i].joined:
                bigrams[(doc.toks[i - 1].key, doc.toks[i].key)] += 1
    for aid, doc in docs.items():
        toks = doc.toks
        for c in list(cands[aid]):
            if c.j - c.i != 1 or c.i == 0 or c.type not in ("person", "other"):
                continue
            p = c.i - 1
            prev = toks[p]
            if not toks[c.i].joined or doc.is_stop(p) or any_cue(prev.key) or prev.definite:
                continue
            if prev.script != toks[c.i].script or doc.is_demonym(p) or doc.gaz.best(prev.base):
                continue
            if bigrams[(prev.key, toks[c.i].key)] >= 2 and doc.name_like(p, loose=True):
                cands[aid].append(Cand(p, c.j, c.type, c.score, c.rule + "+recurring-bigram"))
