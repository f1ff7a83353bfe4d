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

Where the neural model's file is there (`entities.neural`: a BiLSTM-CRF over each token's own
features, trained by `scripts/train_ner_neural.py`), `tag` reads each sentence with it, runs
the CRF over the article as well, averages the two models' marginals (`MIX`) and takes the
best IOB-legal labels of the mixture; without the file, the CRF alone tags as before. Where
ONNX Runtime is installed (the `fast` extra), the neural model is the one that also reads each
token's state at e5's sixth layer (`neural.context`, `ner-ctx-{lang}.npz`), unless
`RASHOMON_NER_CONTEXT` is off: three draws of it (`neural.DRAWS`), their marginals averaged,
and no CRF beside them (`CONTEXT_MIX`).
"""

from __future__ import annotations

import gzip
import logging
import os
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import numpy as np

from rashomon.entities import crfnp, namemodel, names, neural, rules
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
_NONE4 = (None, None, None, None)


def _word(
    doc: Doc, i: int, cache: dict, keep: frozenset | None = None
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
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
    seen = _kept(keep).seen(ctx, cls)
    own = tuple(own) if keep is None else tuple([x for x in own if x in keep])
    if len(cache) >= _CACHE_MAX:
        cache.clear()
    cache[ck] = (own, seen)
    return own, seen


def _rule_marks(doc: Doc) -> list[list[str] | tuple[()]]:
    """Per token, what the rules propose there: rule, type and B/I position."""
    marks: list = [()] * len(doc.toks)  # a list only where a rule proposes something
    for rule in _RULES:
        for c in doc.found(rule):
            name = c.rule.split(":", 1)[0]
            for k in range(c.i, c.j):
                if not marks[k]:
                    marks[k] = []
                marks[k].append(f"r={name}:{c.type}:{'B' if k == c.i else 'I'}")
    return marks


class _Kept:
    """`keep` ready for `features`: whether each constant feature is kept, and the word pairs
    of the kept bigram features (a set of pairs is cheaper to ask than building each
    feature's string). With no `keep`, everything is kept."""

    def __init__(self, keep: frozenset | None) -> None:
        self.keep = keep

        def kept(x: str) -> bool:
            return keep is None or x in keep

        self.bias = kept("bias")
        self.brk = kept("brk")
        self.quoted = kept("quoted")
        self.brk_next = kept("brk+1")
        self.pads = tuple(p if kept(p) else None for p in _PADS)
        self._seen: dict[str, tuple] = {}  # feature -> `seen`'s four forms of it (or None)
        # a word key -> the kept forms of its "w=" feature seen from -2, -1, +1, +2: the one
        # feature of `seen` new with each word, most of them kept in no form
        self._words: dict[str, tuple] = {}
        prefixes = {f"{-d}": k for k, d in enumerate(_OFFSETS)}
        for x in keep or ():
            p, _, rest = x.partition(":")
            if p in prefixes and rest.startswith("w="):
                forms = list(self._words.get(rest[2:], _NONE4))
                forms[prefixes[p]] = x
                self._words[rest[2:]] = tuple(forms)
        self.pairs: dict[str, set] = {}
        for prefix in ("w-1|w=", "w|w+1="):
            self.pairs[prefix] = (
                {tuple(x[len(prefix) :].split("|", 1)) for x in keep if x.startswith(prefix)}
                if keep is not None
                else set()
            )

    def seen(self, ctx: list[str], cls: list[str]) -> tuple[tuple[str, ...], ...]:
        """A word's features as its neighbours at -2, -1, +1, +2 see them, prefixed with -d
        (its word classes only from the next token either side), kept ones only."""
        memo = self._seen
        far = [memo.get(x) or self._forms(x) for x in ctx]
        near = far + [memo.get(x) or self._forms(x) for x in cls]
        return (  # tuples of strings: the garbage collector stops scanning them
            tuple([h[0] for h in far if h[0] is not None]),
            tuple([h[1] for h in near if h[1] is not None]),
            tuple([h[2] for h in near if h[2] is not None]),
            tuple([h[3] for h in far if h[3] is not None]),
        )

    def _forms(self, x: str) -> tuple[str | None, ...]:
        """The four prefixed forms of feature `x` (None: not kept)."""
        if self.keep is not None and x.startswith("w="):
            return self._words.get(x[2:], _NONE4)
        out = tuple(self._if_kept(f"{-d}:{x}") for d in _OFFSETS)
        if not x.startswith("w="):  # a word's own key: seen with that word only
            self._seen[x] = out
        return out

    def _if_kept(self, x: str) -> str | None:
        return x if self.keep is None or x in self.keep else None

    def pair(self, prefix: str, a: str, b: str) -> str | None:
        """The bigram feature `prefix + a|b`, if kept."""
        if self.keep is None:
            return prefix + a + "|" + b
        if (a, b) in self.pairs[prefix] or "|" in a:  # a key with "|" (none so far): ask
            x = prefix + a + "|" + b
            return x if x in self.keep else None
        return None

    def marks(self, marks: list[str], prefix: str = "") -> list[str]:
        if self.keep is None:
            return [prefix + m for m in marks]
        return [x for m in marks if (x := prefix + m) in self.keep]


@lru_cache(maxsize=8)
def _kept(keep: frozenset | None) -> _Kept:
    return _Kept(keep)


def features(doc: Doc, cache: dict | None = None, keep: frozenset | None = None) -> list[list[str]]:
    """One list of string features per token of `doc`; the features of a word are kept
    between calls in `cache`. With `keep` (the features a model weighs), the others are left
    out: the same labels, less for the tagger to look up."""
    cache = {} if cache is None else cache
    toks = doc.toks
    n = len(toks)
    if not n:
        return []
    kept = _kept(keep)
    lang = doc.lang
    words = []
    for i, t in enumerate(toks):
        w = cache.get((lang, t.text, t.word, t.definite))
        words.append(w if w is not None else _word(doc, i, cache, keep))
    marks = _rule_marks(doc)
    own_marks = [kept.marks(m) if m else m for m in marks]
    # the marks of token j as its neighbours see them: from j + 1 (offset -1), from j - 1 (+1)
    before = [kept.marks(m, "-1:") if m else m for m in marks]
    after = [kept.marks(m, "1:") if m else m for m in marks]
    keys = [t.key for t in toks]
    own = [w[0] for w in words]
    seen = [w[1] for w in words]
    none: tuple = ()
    bias, brk, quoted, brk_next = kept.bias, kept.brk, kept.quoted, kept.brk_next
    pad0, pad1, pad2, pad3 = kept.pads
    # the bigram features: asked of a set of word pairs, unless a key holds the separator
    fast_pairs = keep is not None and not any("|" in k for k in keys)
    prev_pairs, next_pairs = kept.pairs["w-1|w="], kept.pairs["w|w+1="]
    # each token's features in the order `features` always gave them: its own, those its
    # neighbours at -2, -1, +1, +2 show it, then the rest (`extra` in the training data)
    out = []
    for i in range(n):
        t = toks[i]
        f = [
            *own[i],
            *(seen[i - 2][3] if i >= 2 else none),
            *(seen[i - 1][2] if i >= 1 else none),
            *(seen[i + 1][1] if i + 1 < n else none),
            *(seen[i + 2][0] if i + 2 < n else none),
        ]
        if bias:
            f.append("bias")
        if own_marks[i]:
            f += own_marks[i]
        if brk and t.brk:
            f.append("brk")
        if quoted and t.quoted:
            f.append("quoted")
        if brk_next and i + 1 < n and not toks[i + 1].joined:
            f.append("brk+1")
        if i < 2 and pad0 is not None:
            f.append(pad0)
        if i >= 1:
            if before[i - 1]:
                f += before[i - 1]
        elif pad1 is not None:
            f.append(pad1)
        if i + 1 < n:
            if after[i + 1]:
                f += after[i + 1]
        elif pad2 is not None:
            f.append(pad2)
        if i + 2 >= n and pad3 is not None:
            f.append(pad3)
        if i > 0 and (not fast_pairs or (keys[i - 1], keys[i]) in prev_pairs):
            x = kept.pair("w-1|w=", keys[i - 1], keys[i])
            if x is not None:
                f.append(x)
        if i + 1 < n and (not fast_pairs or (keys[i], keys[i + 1]) in next_pairs):
            x = kept.pair("w|w+1=", keys[i], keys[i + 1])
            if x is not None:
                f.append(x)
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
    return frozenset(_crf_weights(lang).index), {}  # `weighed_features`, the weights kept


@lru_cache(maxsize=4)
def _crf_weights(lang: str) -> crfnp.Weights:
    """The weights of the CRF of `lang` (which must be there), for `crfnp`."""
    return crfnp.read(_tagger(lang))


def weighed_features(crf) -> frozenset[str]:
    """The attributes of a `pycrfsuite.Tagger`'s state features (the keys
    `info().state_features` gives), read from its model dump (`crfnp.read`)."""
    return frozenset(crfnp.read(crf).index)


# Off: the CRF even where the neural model's file is there (to measure one against the other).
NEURAL = True
NN_ENV = "RASHOMON_NER_NN"
# The neural model's weight in the mixture of the two taggers' marginals (`tag_neural`); 1.0:
# the neural model alone (labels decoded from its marginals, the CRF not run).
MIX = 0.5
# The same for the models that read e5's states (`neural.Model.ctx_w`), which are stronger.
# With one draw the CRF helped (the pipeline's exact F1, Persian / Arabic, first draw: 0.5
# 0.628 / 0.742, 0.6 0.636 / 0.742, 0.7 0.635 / 0.743, 0.8 0.634 / 0.741); the three shipped
# draws averaged (`neural.DRAWS`) already smooth what the CRF smoothed (the tagger alone, dev:
# 0.6 0.665 / 0.751, 0.8 0.669 / 0.753, 1.0 0.669 / 0.751; the pipeline 0.8 0.641 / 0.749, 1.0
# 0.640 / 0.749), so the CRF is not run beside them (1.0: its features and forward-backward
# cost about as much as one more draw)
CONTEXT_MIX = 1.0


def _mix(m: neural.Model) -> float:
    return CONTEXT_MIX if m.ctx_w is not None else MIX


def neural_enabled() -> bool:
    """Whether the neural tagger joins the CRF: on by default, off with `RASHOMON_NER_NN` = 0
    / off (or `NEURAL` False). Off, detection costs about 20 CPU-ms an article less and dev F1
    falls back to the CRF's (benchmarks/README.md 0p; README, Entities)."""
    env = os.environ.get(NN_ENV, "").strip().lower()
    return NEURAL and env not in {"0", "off", "false", "no"}


CONTEXT_ENV = "RASHOMON_NER_CONTEXT"


def context_enabled() -> bool:
    """Whether the neural tagger also reads e5's token states (`neural.context`, the
    `ner-ctx-*.npz` models): on where ONNX Runtime is installed (the `fast` extra), off with
    `RASHOMON_NER_CONTEXT` = 0 / off (the plain neural model then: detection takes about a
    quarter of the CPU, dev F1 falls back; README, Entities)."""
    env = os.environ.get(CONTEXT_ENV, "").strip().lower()
    return env not in {"0", "off", "false", "no"} and neural.context_available()


def neural_setting() -> str:
    """The tagger's setting as the stage and dossier caches key it: off, plain or context."""
    if not neural_enabled():
        return "off"
    return "context" if context_enabled() else "plain"


def _neural(lang: str) -> neural.Model | None:
    if lang not in LANGS or not neural_enabled():
        return None
    if context_enabled():
        m = neural.model(lang, True)
        if m is not None and neural.context_ready(m.ctx_layer):
            return m
    return neural.model(lang)


def _with_context(m: neural.Model, items: list[tuple[Doc, list[np.ndarray], list]]) -> list:
    """The token inputs of each (document, inputs of each draw, sentences) with the context
    share of a model that reads e5's token states (`neural.context`, one call for all the
    sentences, read once for every draw); the inputs unchanged for a model that does not."""
    if m.ctx_w is None:
        return [xs for _doc, xs, _parts in items]
    sents = [[t.text for t in doc.toks[i:j]] for doc, _x, parts in items for i, j in parts]
    states = neural.context(m.ctx_layer, sents)
    out = []
    k = 0
    for _doc, xs, parts in items:
        st = np.concatenate(states[k : k + len(parts)])
        out.append(
            [neural.with_context(d, x, st) for d, x in zip(neural.draws(m), xs, strict=True)]
        )
        k += len(parts)
    return out


def _probabilities(m: neural.Model, xs: list[list[np.ndarray]]) -> list[np.ndarray]:
    """`neural.probabilities` of each sentence, averaged over the model's draws: `xs` holds
    each draw's token inputs of the sentences."""
    probs = [neural.probabilities(d, x) for d, x in zip(neural.draws(m), xs, strict=True)]
    if len(probs) == 1:
        return probs[0]
    return [sum(ps) / len(ps) for ps in zip(*probs, strict=True)]


def _neural_keep(lang: str) -> tuple[frozenset, dict]:
    """(the features the neural model of `lang` (each of its draws) reads or the CRF weighs
    where it is mixed in: one pass of `features` serves both; the word cache of that set), for
    the model the tagger uses now (`_neural`: the setting can change in a process)."""
    m = _neural(lang)
    return _keep_of(lang, "off" if m is None else "context" if m.ctx_w is not None else "plain")


@lru_cache(maxsize=8)
def _keep_of(lang: str, model: str) -> tuple[frozenset, dict]:
    m = _neural(lang)
    keep = frozenset().union(*(d.keep for d in neural.draws(m))) if m is not None else frozenset()
    if _tagger(lang) is not None and (m is None or _mix(m) < 1):
        keep = keep | _weighed(lang)[0]
    return keep, {}


def available(lang: str) -> bool:
    return lang in LANGS and (_neural(lang) is not None or _tagger(lang) is not None)


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
    confidence is the lowest marginal probability of the span's labels. The neural model
    (`entities.neural`) where its file is there, else the CRF."""
    m = _neural(doc.lang)
    if m is not None:
        return tag_neural(m, doc, *_neural_keep(doc.lang))
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


_CONTEXT = ("-2:", "-1:", "1:", "2:", "w-1|w=", "w|w+1=")


def own_features(feats: list[str]) -> list[str]:
    """A token's own features (`features` less what its neighbours show it and the word
    pairs): what the neural model reads, the LSTM reading the neighbours."""
    return [x for x in feats if not x.startswith(_CONTEXT)]


_INPUTS_MAX = 60_000  # word types whose summed embedding a process keeps (~0.3 kB each)


def neural_inputs(
    m: neural.Model, doc: Doc, cache: dict, keep: frozenset, marks: list | None = None
) -> np.ndarray:
    """The neural model's token inputs (n, E) of `doc`: `neural.embed` of each token's own
    features (`features` without what its neighbours show it), the word's own part (with its
    word pieces' share where the model reads them, `neural.subword`, looked up at once for the
    article's new word types) summed once per word type and kept, the token's part (bias, the
    rules' marks, breaks) added. The same as `neural.embed` over `features`' own features
    (`tests/entities/test_ner_neural.py`). `marks`: `_rule_marks(doc)`, if already made."""
    vocab, emb = m.vocab, m.emb
    kept = m.inputs
    if len(kept) >= _INPUTS_MAX:
        kept.clear()
    if marks is None:
        marks = _rule_marks(doc)
    toks = doc.toks
    n = len(toks)
    words = []
    extra, owner = [], []  # the token's part: feature ids, and the token each belongs to
    bias = vocab.get("bias")
    brk, quoted, brk_next = (vocab.get(name) for name in ("brk", "quoted", "brk+1"))
    new: dict = {}  # the word types not kept yet -> their inputs (word pieces added below)
    named: set = set()
    backoff = m.sub_backoff
    for i, t in enumerate(toks):
        ck = (doc.lang, t.text, t.word, t.definite)
        v = kept.get(ck)
        if v is None:
            v = new.get(ck)
        if v is None:
            w = cache.get(ck) or _word(doc, i, cache, keep)
            ids = [k for f in w[0] if (k := vocab.get(f)) is not None]
            v = new[ck] = emb[ids].sum(axis=0) if ids else np.zeros(emb.shape[1], np.float32)
            if backoff is not None and backoff[ids].any():
                named.add(ck)  # a word the model knows: no word pieces (`Model.sub_backoff`)
        words.append(v)
        ids = [k for f in marks[i] if (k := vocab.get(f)) is not None]
        if bias is not None:
            ids.append(bias)
        if t.brk and brk is not None:
            ids.append(brk)
        if t.quoted and quoted is not None:
            ids.append(quoted)
        if i + 1 < n and not toks[i + 1].joined and brk_next is not None:
            ids.append(brk_next)
        extra += ids
        owner += [i] * len(ids)
    if new and m.sub_w is not None:  # the new types' word pieces (`neural.subword`), at once
        todo = [ck for ck in new if ck not in named]
        sub = neural.subword([ck[1] for ck in todo]) @ m.sub_w.T
        for ck, s in zip(todo, sub, strict=True):
            new[ck] += s  # the array `words` holds
    kept.update(new)
    x = np.stack(words)
    if extra:
        np.add.at(x, owner, emb[extra])
    return x


def crf_scores(w: crfnp.Weights, doc: Doc, cache: dict, keep: frozenset, marks: list) -> np.ndarray:
    """The CRF's state scores (n, L) of `doc`'s tokens: the summed weights of the features
    `features` gives each token (`crfnp`: a word type's own features and its features as each
    neighbour sees it, summed once per type; then the token's own: the rules' marks and its
    neighbours', breaks, the article's edges, word pairs). `marks`: `_rule_marks(doc)`."""
    toks = doc.toks
    n = len(toks)
    lang = doc.lang
    words = w.words
    cks = [(lang, t.text, t.word, t.definite) for t in toks]
    new = {}  # the word types not summed yet -> (own features, features as seen)
    for i, ck in enumerate(cks):
        if ck not in words and ck not in new:
            new[ck] = cache.get(ck) or _word(doc, i, cache, keep)
    if new:
        w.add_words(new)
    em = np.stack([words[ck][0] for ck in cks])
    s = np.stack([words[ck][1] for ck in cks])
    em[2:] += s[:-2, 3]
    em[1:] += s[:-1, 2]
    em[:-1] += s[1:, 1]
    em[:-2] += s[2:, 0]
    index, state = w.index, w.state
    rows: list[int] = []
    owner: list[int] = []

    def add(i: int, x: str) -> None:
        k = index.get(x)
        if k is not None:
            rows.append(k)
            owner.append(i)

    bias = index.get("bias")
    if bias is not None:
        em += state[bias]
    for i, m in enumerate(marks):
        for x in m:
            add(i, x)
            if i + 1 < n:
                add(i + 1, "-1:" + x)
            if i:
                add(i - 1, "1:" + x)
    pad0, pad1, pad2, pad3 = _PADS
    for i in range(min(2, n)):
        add(i, pad0)
    add(0, pad1)
    add(n - 1, pad2)
    for i in range(max(0, n - 2), n):
        add(i, pad3)
    prev_pairs, next_pairs = (w.pairs[p] for p in crfnp.PAIR_PREFIXES)
    keys = [t.key for t in toks]
    for i, t in enumerate(toks):
        if t.brk:
            add(i, "brk")
        if t.quoted:
            add(i, "quoted")
        if i + 1 < n:
            if not toks[i + 1].joined:
                add(i, "brk+1")
            a, b = keys[i], keys[i + 1]
            if "|" in a or "|" in b:  # a key holding the separator: asked by name
                add(i + 1, "w-1|w=" + a + "|" + b)
                add(i, "w|w+1=" + a + "|" + b)
                continue
            k = prev_pairs.get((a, b))
            if k is not None:
                rows.append(k)
                owner.append(i + 1)
            k = next_pairs.get((a, b))
            if k is not None:
                rows.append(k)
                owner.append(i)
    if rows:
        np.add.at(em, owner, state[rows])
    return em


# A token the CRF gives O at least this marginal: its other labels count 0 in the mixture (they
# share at most 1 - SURE_O; crfsuite, which computed the marginals before `crfnp`, answered one
# label at one token a call, and about one token in ten was asked all of them)
SURE_O = 0.995


def _crf_share(w: crfnp.Weights, marg: np.ndarray, labels: tuple[str, ...]) -> np.ndarray:
    """The CRF's marginals (n, L of `w`) in the order of `labels`; where O is sure
    (`SURE_O`), O's alone, the rest 0; a label the CRF lacks 0."""
    out = np.zeros((len(marg), len(labels)))
    col = {y: k for k, y in enumerate(w.labels)}
    for k, y in enumerate(labels):
        if y in col:
            out[:, k] = marg[:, col[y]]
    o = labels.index("O")
    sure = out[:, o] >= SURE_O
    out[sure] = 0.0
    out[sure, o] = marg[sure, col["O"]]
    return out


def tag_neural(
    m: neural.Model, doc: Doc, keep: frozenset, cache: dict
) -> list[tuple[int, int, str, float]]:
    """`tag` with the neural model: each sentence of the article (`neural.chunks`) read as one
    sequence, the same features as the CRF's own, the same cut at punctuation. The marginals
    of the model's draws are averaged (`neural.DRAWS`); with `MIX` < 1 and the CRF's model
    there, the CRF's are mixed in (weight `MIX`, or `CONTEXT_MIX` for a model that reads e5's
    states, on the neural model's) and the best IOB-legal labels taken from the mixture."""
    if not doc.toks:
        return []
    crf, xs, parts = _neural_inputs(m, doc, keep, cache)
    xs = _with_context(m, [(doc, xs, parts)])[0]
    probs = _probabilities(m, [[x[i:j] for i, j in parts] for x in xs])
    if crf is not None:
        crf = crfnp.marginals(_crf_weights(doc.lang), [crf])[0]
    return _neural_spans(m, doc, crf, parts, probs)


def _neural_inputs(m: neural.Model, doc: Doc, keep: frozenset, cache: dict) -> tuple:
    """(the CRF's state scores or None, the token inputs of each draw of the neural model,
    the sentences' token ranges) of a document with tokens."""
    # both models' inputs from the same word cache and the same rules' marks
    marks = _rule_marks(doc)
    crf = None
    if _mix(m) < 1 and _tagger(doc.lang) is not None:
        crf = crf_scores(_crf_weights(doc.lang), doc, cache, keep, marks)
    xs = [neural_inputs(d, doc, cache, keep, marks) for d in neural.draws(m)]
    return crf, xs, neural.chunks(doc)


def _neural_spans(
    m: neural.Model, doc: Doc, crf: np.ndarray | None, parts: list, sent_probs: list[np.ndarray]
) -> list[tuple[int, int, str, float]]:
    """`tag_neural`'s mentions from the neural model's marginals of each sentence and, if
    given, the CRF's marginals of the article (n, L of the CRF)."""
    probs = np.concatenate(sent_probs)
    if crf is not None:
        mix = _mix(m)
        probs = mix * probs + (1 - mix) * _crf_share(_crf_weights(doc.lang), crf, m.labels)
    paths = neural.decode(m.labels, [probs[i:j] for i, j in parts])
    best = [y for path in paths for y in path]
    labels = [m.labels[y] for y in best]
    chosen = probs[np.arange(len(best)), best]
    return [
        (i, j, typ, round(float(chosen[i:j].min()), 3))
        for i, j, typ in _split_at_punctuation(doc, spans(labels))
    ]


# Sentences the neural model reads in one pass when several articles are tagged together
# (`tag_many`): taken in order of length, so a pass pads little, and its arrays stay small
# (~30 MB at 120 tokens)
MANY_BATCH = 64


def tag_many(docs: list[Doc]) -> list[list[tuple[int, int, str, float]]]:
    """`tag` of each of several documents, the neural model reading all their sentences
    together (`MANY_BATCH` at a time, by length): its LSTM and forward-backward step through
    a batch's tokens at once, so the steps' fixed cost is paid once for many articles. The
    same mentions as `tag` one document at a time (`tests/entities/test_ner_neural.py`)."""
    out: list = [None] * len(docs)
    prepared: dict[int, tuple] = {}
    # (doc, sentence, inputs of each draw), by language
    by_lang: dict[str, list] = defaultdict(list)
    inputs: dict[int, list[np.ndarray]] = {}  # each draw's token inputs of a document
    for k, doc in enumerate(docs):
        m = _neural(doc.lang)
        if m is None or not doc.toks:
            out[k] = tag(doc)
            continue
        crf, x, parts = _neural_inputs(m, doc, *_neural_keep(doc.lang))
        prepared[k] = (m, crf, parts)
        inputs[k] = x
    for lang in {docs[k].lang for k in prepared}:  # the context of a language's articles at once
        mine = [k for k in prepared if docs[k].lang == lang]
        m = _neural(lang)
        assert m is not None
        xs = _with_context(m, [(docs[k], inputs[k], prepared[k][2]) for k in mine])
        for k, x in zip(mine, xs, strict=True):
            by_lang[lang] += [
                (k, q, [d[i:j] for d in x]) for q, (i, j) in enumerate(prepared[k][2])
            ]
    # the CRF's marginals of every article of a language, forward-backward run on several at once
    crf_docs = [k for k, (_m, crf, _p) in prepared.items() if crf is not None]
    for lang in {docs[k].lang for k in crf_docs}:
        mine = [k for k in crf_docs if docs[k].lang == lang]
        marg = crfnp.marginals(_crf_weights(lang), [prepared[k][1] for k in mine])
        for k, mg in zip(mine, marg, strict=True):
            prepared[k] = (prepared[k][0], mg, prepared[k][2])
    probs: dict[tuple[int, int], np.ndarray] = {}
    for lang, items in by_lang.items():
        m = _neural(lang)
        items.sort(key=lambda it: len(it[2][0]))
        for a in range(0, len(items), MANY_BATCH):
            group = items[a : a + MANY_BATCH]
            per_draw = [list(x) for x in zip(*(it[2] for it in group), strict=True)]
            for (k, q, _x), p in zip(group, _probabilities(m, per_draw), strict=True):
                probs[k, q] = p
    for k, (m, crf, parts) in prepared.items():
        out[k] = _neural_spans(m, docs[k], crf, parts, [probs[k, q] for q in range(len(parts))])
    return out
