"""A trained mention tagger for Arabic and Persian: a linear-chain CRF over the lexical facts.

The features of a token are the facts the rules already read (`doc.Doc`): its clitic-free key,
prefixes and suffixes, the clitic it carried, the Arabic article, script and shape, wordfreq
rarity, the ANETAC name model's score, cue words (titles, speech verbs, outlet and
organisation nouns), gazetteer hits; the same for the two words either side; and what the
per-sentence rules propose there (a title's person, a gazetteer place, a cue's outlet), so the
model learns how far to trust each rule in each language; word classes learned from unlabelled
news (`clusters`) and, for Arabic, what a first-pass tagger made of each word across that news
(`autolex`).

Models are trained by `scripts/train_ner.py` on ANERcorp (Arabic; free for research,
Benajiba et al. 2007) and ArmanPersoNER (Persian; academic research use only, Poostchi et al.
2016), one file per language in `data/` (licence notes in `data/NER-LICENSE.md`); they load on
first use and run offline (python-crfsuite).
"""

from __future__ import annotations

import gzip
import logging
from functools import lru_cache
from pathlib import Path

from rashomon.entities import namemodel, names, rules
from rashomon.entities.cues import any_cue, is_cue
from rashomon.entities.doc import Doc
from rashomon.entities.keys import light, token_key

log = logging.getLogger(__name__)

DATA = Path(__file__).parent / "data"
LANGS = ("ar", "fa")
_RULES = (rules.gazetteer, rules.titles, rules.speech, rules.headed, rules.foreign_script)


def model_path(lang: str) -> Path:
    return DATA / f"ner-{lang}.crfsuite"


@lru_cache(maxsize=4)
def clusters(lang: str) -> dict[str, tuple[str, ...]]:
    """key -> its word classes, coarse to fine (`scripts/build_clusters.py`); empty without the
    file."""
    path = DATA / f"clusters-{lang}.tsv.gz"
    if not path.exists():
        return {}
    out: dict[str, tuple[str, ...]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            out[parts[0]] = tuple(parts[1:])
    return out


# Off while `scripts/train_ner.py` trains the first-pass model the lexicon is tagged with.
AUTOLEX = True


def autolex_path(lang: str) -> Path:
    return DATA / f"ner-autolex-{lang}.tsv.gz"


@lru_cache(maxsize=4)
def autolex(lang: str) -> dict[str, str]:
    """key -> what a first-pass tagger made of the word across unlabelled news
    (`scripts/train_ner.py`): `person:hi` (inside a person's name in 60% or more of its
    occurrences), `:mid` (30%+), `:lo` (10%+) for its commonest type, else `O`; words seen
    three times or more. Empty without the file, or while `AUTOLEX` is off."""
    path = autolex_path(lang)
    if not AUTOLEX or not path.exists():
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return dict(line.rstrip("\n").split("\t", 1) for line in fh)


def _classes(lang: str, surface: str, key: str) -> list[str]:
    """The word-class features of a token: its surface's classes, else its clitic-free key's;
    `cl=none` for a word the unlabelled text never showed often enough."""
    table = clusters(lang)
    if not table:
        return []
    c = table.get(token_key(surface)) or table.get(key)
    if c is None:
        return ["cl=none"]
    return [f"c{k}={x}" for k, x in enumerate(c)]


def _bucket(x: float, step: float, lo: float, hi: float) -> str:
    return str(round(max(lo, min(hi, x)) / step) * step)


_OFFSETS = (-2, -1, 1, 2)
_CACHE_MAX = 300_000
_PADS = tuple(f"{d}:pad" for d in _OFFSETS)


def _word(
    doc: Doc, i: int, cache: dict, keep: frozenset | None = None
) -> tuple[list[str], tuple[list[str], ...]]:
    """(own features, the features each neighbour at -2, -1, +1, +2 sees, prefixed) of token
    i; cached by surface, reading and article (all a word's facts follow from these). With
    `keep`, only the features a model weighs are kept (tagging needs no others)."""
    t = doc.toks[i]
    ck = (doc.lang, t.text, t.word, t.definite)
    hit = cache.get(ck)
    if hit is not None:
        return hit
    k = t.key
    lt = light(t.text)
    shape = t.script[:3] + ("C" if t.cap else "") + ("D" if any(c.isdigit() for c in k) else "")
    zf = _bucket(doc.freq(i), 1.0, 0, 7)
    nm = _bucket(namemodel.score(k), 0.25, -1.0, 1.0)
    cue = any_cue(k) or ("speech" if is_cue(k, "SPEECH") else "")
    e = doc.gaz.best(t.base)
    gaz = doc.gaz.entries[e]["kind"] if e else ""
    own = [
        "w=" + k,
        "lw=" + lt,
        "p2=" + k[:2],
        "p3=" + k[:3],
        "s2=" + k[-2:],
        "s3=" + k[-3:],
        "s4=" + k[-4:],
        "pfx=" + lt[: max(0, len(lt) - len(t.word))],
        "shape=" + shape,
        "len=" + str(min(len(k), 8)),
        "zf=" + zf,
        "nm=" + nm,
        "nmzf=" + nm + "|" + zf,
    ]
    ctx = ["w=" + k, "zf=" + zf, "nm=" + nm, "shape=" + shape]
    flags = []
    if t.definite:
        flags.append("def")
    if cue:
        flags.append("cue=" + cue)
    if gaz:
        flags.append("gaz=" + gaz)
    if doc.is_stop(i):
        flags.append("stop")
    if doc.is_demonym(i):
        flags.append("dem")
    if doc.name_like(i):
        flags.append("namelike")
    anetac = names.name_class(k)
    if anetac:
        flags.append("anetac=" + anetac)
    cls = _classes(doc.lang, t.text, k)
    lex = autolex(doc.lang).get(k)
    if lex:
        cls.append("auto=" + lex)
    own += flags + cls
    ctx += flags
    # Token i seen from a token at offset d: the neighbour's features carry -d; its word
    # classes and lexicon entry only from the next token either side.
    seen = tuple([f"{-d}:{x}" for x in (ctx + cls if d in (-1, 1) else ctx)] for d in _OFFSETS)
    if keep is not None:
        own = [x for x in own if x in keep]
        seen = tuple([x for x in s if x in keep] for s in seen)
    if len(cache) >= _CACHE_MAX:
        cache.clear()
    cache[ck] = (own, seen)
    return own, seen


def _rule_marks(doc: Doc) -> list[list[str]]:
    """Per token, what the rules propose there: rule, type and B/I position."""
    marks: list[list[str]] = [[] for _ in doc.toks]
    for rule in _RULES:
        for c in rule(doc):
            name = c.rule.split(":", 1)[0]
            for k in range(c.i, c.j):
                marks[k].append(f"r={name}:{c.type}:{'B' if k == c.i else 'I'}")
    return marks


def features(doc: Doc, cache: dict | None = None, keep: frozenset | None = None) -> list[list[str]]:
    """One list of string features per token of `doc`; the features of a word are kept
    between calls in `cache`. With `keep` (the features a model weighs), the others are left
    out: the same labels, less for the tagger to look up."""
    cache = {} if cache is None else cache
    toks = doc.toks
    n = len(toks)
    words = [_word(doc, i, cache, keep) for i in range(n)]
    marks = _rule_marks(doc)
    out = []
    for i in range(n):
        t = toks[i]
        extra = ["bias"] + marks[i]  # features not filtered through the word cache
        if t.brk:
            extra.append("brk")
        if t.quoted:
            extra.append("quoted")
        if i + 1 < n and not toks[i + 1].joined:
            extra.append("brk+1")
        f = list(words[i][0])
        for k, d in enumerate(_OFFSETS):
            j = i + d
            if 0 <= j < n:
                # words[j][1] is indexed by the offset at which j sees its neighbour: -d.
                f += words[j][1][3 - k]
                if d in (-1, 1) and marks[j]:
                    extra += [f"{d}:{m}" for m in marks[j]]
            else:
                extra.append(_PADS[k])
        if i > 0:
            extra.append("w-1|w=" + toks[i - 1].key + "|" + t.key)
        if i + 1 < n:
            extra.append("w|w+1=" + t.key + "|" + toks[i + 1].key)
        f += extra if keep is None else [x for x in extra if x in keep]
        out.append(f)
    return out


@lru_cache(maxsize=4)
def _tagger(lang: str):
    import pycrfsuite

    path = model_path(lang)
    if not path.exists():
        return None
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    log.debug("loaded %s", path)
    return tagger


@lru_cache(maxsize=4)
def _weighed(lang: str) -> tuple[frozenset, dict]:
    """(the features the model of `lang` gives a weight, the word cache for tagging)."""
    info = _tagger(lang).info()
    return frozenset(a for a, _label in info.state_features), {}


def available(lang: str) -> bool:
    return lang in LANGS and _tagger(lang) is not None


def spans(labels: list[str]) -> list[tuple[int, int, str]]:
    """(first token, one past the last, type) of each IOB run; a stray I- opens a span."""
    out: list[tuple[int, int, str]] = []
    cur: list | None = None
    for k, lab in enumerate(labels):
        kind, _, typ = lab.partition("-")
        if kind == "I" and cur is not None and cur[2] == typ:
            cur[1] = k + 1
            continue
        if cur is not None:
            out.append(tuple(cur))
            cur = None
        if kind in ("B", "I"):
            cur = [k, k + 1, typ]
    if cur is not None:
        out.append(tuple(cur))
    return out


def _split_at_punctuation(
    doc: Doc, found: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Spans cut where punctuation other than a dot stands between two of their words
    («محمود عباس ( ابومازن», «دينا ، ومدحت صالح»), or a quotation mark not after a cue noun in the span
    («نيسان « أورفان»; «شبکه خبری «...»» stays whole for the outlet rule): the corpora's names
    almost never hold one (none of ANERcorp's 7,508 training spans, abbreviations' dots aside)."""
    out = []
    for i, j, typ in found:
        start = i
        for k in range(i + 1, j):
            t = doc.toks[k]
            if (t.brk and t.gap.strip(" .\u200c")) or (
                t.quoted and not any(any_cue(x.key) for x in doc.toks[start:k])
            ):
                out.append((start, k, typ))
                start = k
        out.append((start, j, typ))
    return out


def tag(doc: Doc) -> list[tuple[int, int, str, float]]:
    """(first token, one past the last, type, confidence) of each mention the model finds;
    confidence is the lowest marginal probability of the span's labels."""
    tagger = _tagger(doc.lang)
    if tagger is None or not doc.toks:
        return []
    keep, cache = _weighed(doc.lang)
    return tag_with(tagger, doc, cache, keep)


def tag_with(
    tagger, doc: Doc, cache: dict, keep: frozenset | None = None
) -> list[tuple[int, int, str, float]]:
    """`tag` with a given `pycrfsuite.Tagger` (`scripts/train_ner.py`'s first pass)."""
    if not doc.toks:
        return []
    labels = tagger.tag(features(doc, cache, keep))
    out = []
    for i, j, typ in _split_at_punctuation(doc, spans(labels)):
        p = min(tagger.marginal(labels[k], k) for k in range(i, j))
        out.append((i, j, typ, round(p, 3)))
    return out
