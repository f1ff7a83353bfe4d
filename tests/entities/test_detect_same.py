"""The fast detection path (word-type caches in `Doc` and `tagger.features`, rules run once
per document) gives exactly what the straightforward one gave: the reference below is the code
as it was before the caches (issue 13), kept here to compare with on real sentences."""

import gzip
import json
import unicodedata
from collections import Counter

import pytest

from rashomon.cleaning.normalize import matching_key
from rashomon.entities import detect, namemodel, names, rules, tagdata, tagger
from rashomon.entities.cues import any_cue, cue_set, is_cue
from rashomon.entities.doc import _AR, _SPACE_AND_QUOTES, Doc, Tok
from rashomon.entities.gazetteer import load
from rashomon.entities.keys import (
    base_key,
    fold,
    light,
    script_of,
    strip_variants,
    tokenize,
)


# -- the reference ----------------------------------------------------------------------------
def ref_light(text: str) -> str:
    return "".join(c for c in text if c != "ـ" and unicodedata.category(c) not in ("Mn", "Cf"))


def ref_any_cue(key: str) -> str | None:
    for name, typ in (
        ("PERSON", "person"),
        ("OUTLET", "outlet"),
        ("ORGANISATION", "organisation"),
        ("EQUIPMENT", "equipment"),
        ("EVENT", "event"),
    ):
        if key in cue_set(name):
            return typ
    return None


def ref_best(gaz, key: str) -> str | None:
    ids = gaz.lookup(key)
    if not ids:
        return None
    rank = {"country": 0, "region": 1, "facility": 2, "capital": 3, "state": 4, "city": 5}

    def kind(i: str) -> str:
        k = gaz.entries[i]["kind"]
        return "capital" if k == "city" and i in gaz.capital_of else k

    return min(ids, key=lambda i: (rank.get(kind(i), 9), -gaz.entries[i].get("pop", 0), i))


class RefDoc(Doc):
    """`Doc` without its caches: every token resolved, every fact computed, when asked."""

    def __init__(self, text, lang, gaz, batch_counts, spans=None) -> None:
        self.text = text
        self.lang = lang
        self.gaz = gaz
        self.stop = tagger_stop(lang)
        self.toks = []
        self.lower_keys = None
        prev_end = 0
        for s, e in tokenize(text):
            surface = text[s:e]
            word = self._resolve(ref_light(surface), batch_counts)
            base = base_key(word)
            gap = text[prev_end:s]
            self.toks.append(
                Tok(
                    start=s,
                    end=e,
                    text=surface,
                    key=fold(base),
                    base=base,
                    word=word,
                    definite=lang == "ar"
                    and len(base) + 2 <= len(matching_key(surface))
                    and _AR["the"]
                    in matching_key(surface)[: len(matching_key(surface)) - len(base)],
                    script=script_of(surface),
                    cap=surface[:1].isupper(),
                    brk=bool(gap.strip(_SPACE_AND_QUOTES)) or "\n" in gap or prev_end == 0,
                    gap=gap,
                )
            )
            prev_end = e

    def _resolve(self, word, batch_counts):
        variants = strip_variants(word, self.lang)
        if not variants:
            return word

        def score(cand, stripped):
            b = base_key(cand)
            s = self._zipf(cand) + 0.7 * min(batch_counts.get(b, 0), 5)
            e = ref_best(self.gaz, b)
            if (
                (e and self.gaz.entries[e]["kind"] != "city")
                or ref_any_cue(fold(b))
                or is_cue(fold(b), "SPEECH")
            ):
                s += 4.0
            elif e:
                s += 1.5
            return s - (0.8 if stripped else 0.0)

        best, best_s = word, score(word, False)
        for v in variants:
            s = score(v, True)
            if s > best_s:
                best, best_s = v, s
        return best

    def found(self, rule):
        return rule(self)

    def freq(self, i):
        return self._freq(i)

    def is_demonym(self, i):
        return self._is_demonym(i)

    def name_like(self, i, loose=False):
        return self._name_like(i, loose)


def tagger_stop(lang):
    from rashomon.entities.doc import stopwords

    return stopwords(lang)


_OFFSETS = (-2, -1, 1, 2)


def ref_word(doc, i, cache, keep=None):
    t = doc.toks[i]
    ck = (doc.lang, t.text, t.word, t.definite)
    hit = cache.get(ck)
    if hit is not None:
        return hit
    k = t.key
    lt = ref_light(t.text)
    shape = t.script[:3] + ("C" if t.cap else "") + ("D" if any(c.isdigit() for c in k) else "")
    zf = tagger._bucket(doc.freq(i), 1.0, 0, 7)
    nm = tagger._bucket(namemodel.score(k), 0.25, -1.0, 1.0)
    cue = ref_any_cue(k) or ("speech" if is_cue(k, "SPEECH") else "")
    e = ref_best(doc.gaz, t.base)
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
    cls = tagger._classes(doc.lang, t.text, k)
    lex = tagger.autolex(doc.lang).get(k)
    if lex:
        cls.append("auto=" + lex)
    own += flags + cls
    ctx += flags
    seen = tuple([f"{-d}:{x}" for x in (ctx + cls if d in (-1, 1) else ctx)] for d in _OFFSETS)
    if keep is not None:
        own = [x for x in own if x in keep]
        seen = tuple([x for x in s if x in keep] for s in seen)
    cache[ck] = (own, seen)
    return own, seen


def ref_rule_marks(doc):
    marks = [[] for _ in doc.toks]
    for rule in (rules.gazetteer, rules.titles, rules.speech, rules.headed, rules.foreign_script):
        for c in rule(doc):
            name = c.rule.split(":", 1)[0]
            for k in range(c.i, c.j):
                marks[k].append(f"r={name}:{c.type}:{'B' if k == c.i else 'I'}")
    return marks


def ref_features(doc, cache=None, keep=None):
    cache = {}  # its own: the fast path's cache holds another form
    toks = doc.toks
    n = len(toks)
    words = [ref_word(doc, i, cache, keep) for i in range(n)]
    marks = ref_rule_marks(doc)
    out = []
    for i in range(n):
        t = toks[i]
        extra = ["bias"] + marks[i]
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
                f += words[j][1][3 - k]
                if d in (-1, 1) and marks[j]:
                    extra += [f"{d}:{m}" for m in marks[j]]
            else:
                extra.append(f"{d}:pad")
        if i > 0:
            extra.append("w-1|w=" + toks[i - 1].key + "|" + t.key)
        if i + 1 < n:
            extra.append("w|w+1=" + t.key + "|" + toks[i + 1].key)
        f += extra if keep is None else [x for x in extra if x in keep]
        out.append(f)
    return out


# -- real text ----------------------------------------------------------------------------------
def _sentences(shared_data, lang: str, n: int) -> list[str]:
    path = shared_data / "ner" / tagdata.CORPORA[lang]
    if not path.exists():
        pytest.skip(f"{path} not found")
    sents = tagdata.read(path)
    step = max(1, len(sents) // n)
    return [s.text for s in sents[::step][:n]]


def _articles(shared_data, name: str, lang: str, first: int, n: int):
    from rashomon.language.segment import Segment
    from rashomon.pipeline.base import run_stages
    from rashomon.record import Article

    path = shared_data / "corpus" / name
    if not path.exists():
        pytest.skip(f"{path} not found")
    arts = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            if k >= first + n:
                break
            if k >= first:
                text = json.loads(line).get("maintext") or ""
                arts.append(Article.from_raw(text, f"{lang}{k}", text=text, language=lang))
    return list(run_stages([Segment()], arts))


def _texts(shared_data):
    out = [(t, lang) for lang in ("ar", "fa") for t in _sentences(shared_data, lang, 250)]
    for name, lang in (("saudinewsnet-ar.jsonl.gz", "ar"), ("farsnews-fa.jsonl.gz", "fa")):
        out += [(a.text, lang) for a in _articles(shared_data, name, lang, 3000, 10)]
    return out


# -- the checks ---------------------------------------------------------------------------------
def test_light_any_cue_and_best_match_the_reference():
    text = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF)
    assert light(text) == ref_light(text)
    assert light("بِسْمِ اللّٰهِ ـــ") == "بسم الله "
    keys = {
        k
        for name in ("PERSON", "OUTLET", "ORGANISATION", "EQUIPMENT", "EVENT", "SPEECH")
        for k in cue_set(name)
    }
    assert keys and all(any_cue(k) == ref_any_cue(k) for k in keys | {"", "x", "مسکو"})
    gaz = load()
    assert all(gaz.best(k) == ref_best(gaz, k) for k in list(gaz.names)[::7])
    assert gaz.best(next(iter(gaz.names))) is not None and gaz.best("no such name") is None


def test_tokens_and_word_facts_match_the_reference(shared_data):
    gaz = load()
    n = 0
    for text, lang in _texts(shared_data):
        counts = Counter(base_key(text[s:e]) for s, e in tokenize(text))
        fast, ref = Doc(text, lang, gaz, counts), RefDoc(text, lang, gaz, counts)
        assert fast.toks == ref.toks
        for i in range(len(fast.toks)):
            assert fast.freq(i) == ref.freq(i)
            assert fast.is_demonym(i) == ref.is_demonym(i)
            assert fast.name_like(i) == ref.name_like(i)
            assert fast.name_like(i, loose=True) == ref.name_like(i, loose=True)
        n += len(fast.toks)
    assert n > 10_000


@pytest.mark.parametrize("lang", tagger.LANGS)
def test_features_match_the_reference(shared_data, lang):
    if not tagger.available(lang):
        pytest.skip("no model")
    keep = tagger._weighed(lang)[0]
    gaz = load()
    texts = [t for t, lg in _texts(shared_data) if lg == lang]
    for text in texts:
        counts = Counter(base_key(text[s:e]) for s, e in tokenize(text))
        doc, ref = Doc(text, lang, gaz, counts), RefDoc(text, lang, gaz, counts)
        assert tagger.features(doc, {}) == ref_features(ref)  # training: every feature
        want = ref_features(ref, keep=keep)
        assert tagger.features(doc, tagger._weighed(lang)[1], keep) == want
        assert tagger.features(doc, tagger._weighed(lang)[1], keep) == want  # from the cache


@pytest.mark.parametrize("use_tagger", [True, False])
def test_mentions_match_the_reference(shared_data, monkeypatch, use_tagger):
    """Mentions, with every field, on real sentences and articles: the fast path, then the
    reference (no word-type caches, each rule run where it is asked)."""
    from rashomon.record import Article

    arts = [
        Article.from_raw(text, f"{lang}{k}", text=text, language=lang)
        for k, (text, lang) in enumerate(_texts(shared_data))
    ]
    arts = [a for a in arts if a.text]
    if not use_tagger:
        from rashomon.language.segment import Segment
        from rashomon.pipeline.base import run_stages

        arts = list(run_stages([Segment()], arts))

    def run() -> list:
        stage = detect.DetectMentions(use_tagger=use_tagger)
        out = []
        for a in arts:
            a.mentions = []
            out.append(
                [
                    (m.start, m.end, m.text, m.type, m.key, m.confidence, m.rule, m.extras)
                    for m in stage.process(a).mentions
                ]
            )
        return out

    fast = run()
    monkeypatch.setattr(detect, "Doc", RefDoc)
    monkeypatch.setattr(tagger, "features", ref_features)
    ref = run()
    assert sum(map(len, ref)) > 1000
    for a, x, y in zip(arts, fast, ref, strict=True):
        assert x == y, a.text[:200]


@pytest.mark.parametrize("lang", tagger.LANGS)
def test_weighed_features_are_the_models_state_features(lang):
    if not tagger.available(lang):
        pytest.skip("no model")
    crf = tagger._tagger(lang)
    want = frozenset(a for a, _label in crf.info().state_features)
    assert len(want) > 1000 and tagger.weighed_features(crf) == want
