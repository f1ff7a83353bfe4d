"""A tokenised article with the lexical facts the mention rules ask about.

Per token: its span, its key (clitics resolved), script, capitalisation, whether punctuation
separates it from the previous token, its frequency in the language (wordfreq Zipf) and how
name-like it looks (the n-gram name model). Clitic readings are resolved with the gazetteer,
word frequencies and the batch: "بروسيا" reads as ب + روسيا because روسيا is a known word,
"بوتين" stays whole because "وتين" is not.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import wordfreq

from rashomon import lang as packs
from rashomon.cleaning.normalize import matching_key
from rashomon.entities import namemodel
from rashomon.entities.cues import any_cue, is_cue
from rashomon.entities.gazetteer import Gazetteer
from rashomon.entities.keys import (
    base_key,
    fold,
    light,
    script_of,
    strip_variants,
    token_key,
    tokenize,
)
from rashomon.lang import script

_PERSIAN_LETTERS = re.compile(rf"[{script.PERSIAN_ONLY_LETTERS}]|{script.PERSIAN_YEH}")
_AR = packs.table("morphology.glue", "ar")
_NISBA = packs.words("morphology.nisba_endings", "ar")
_QUOTES = set("\"«»“”„'‘’")
_SPACE_AND_QUOTES = " \t\u00a0\u200c\"«»“”„'‘’"
_OPEN_QUOTE = set("\"«“„'‘(")
_CLOSE_QUOTE = set("\"»”'’)")


@dataclass(slots=True)
class Tok:
    start: int
    end: int
    text: str
    key: str  # token key (script-folded), clitics resolved
    base: str  # the same before the cross-script folds: what the gazetteer is keyed on
    word: str  # the surface without clitics, harakat or letter folds: what wordfreq knows
    definite: bool  # carries the Arabic article (after any clitic): an adjective or common noun
    script: str
    cap: bool
    brk: bool  # punctuation (not space or quotes) between the previous token and this one
    gap: str  # the text between the previous token and this one

    quoted: bool = False  # a quotation mark between the previous token and this one
    joined: bool = False  # nothing but spaces before this token: a name may continue

    def __post_init__(self) -> None:
        self.quoted = not _QUOTES.isdisjoint(self.gap)
        self.joined = not self.brk and not self.quoted


def guess_language(text: str, language: str | None) -> str:
    if language:
        return language
    if script_of(text[:2000]) == "arabic":
        return "fa" if _PERSIAN_LETTERS.search(text[:2000]) else "ar"
    return "en"


@lru_cache(maxsize=64)
def _freqs(lang: str) -> dict[str, float]:
    """wordfreq's frequency table for a language, loaded once: a dict lookup is ~1000x faster
    than `zipf_frequency`, which re-tokenises its argument on every call."""
    try:
        return wordfreq.get_frequency_dict(lang)
    except (LookupError, ImportError):  # a language wordfreq lacks
        return {}


@lru_cache(maxsize=200_000)
def zipf(word: str, lang: str) -> float:
    """Zipf frequency (log10 of occurrences per billion words) of one word, 0 if unknown."""
    f = _freqs(lang).get(word.lower())
    return round(math.log10(f) + 9, 2) if f else 0.0


@lru_cache(maxsize=64)
def stopwords(lang: str, n: int = 150) -> frozenset[str]:
    """The language's most frequent words (wordfreq): never a name, never inside one."""
    try:
        words = wordfreq.top_n_list(lang, n)
    except (LookupError, ImportError):
        words = []
    return frozenset(token_key(w) for w in words)


# Per (language, surface) and per (language, surface, reading): what a token's facts follow
# from, computed once per word type rather than once per token (a news article repeats most
# of its words, and a corpus most of its vocabulary). Bounded: cleared when full (~1.2 kB a
# word type: 60,000 types, ~70 MB; 300 Arabic and Persian news articles show 28,000).
_MEMO_MAX = 60_000
# The facts of a word type, filled when asked: `freq`, `is_demonym`, `name_like`. A dict of
# numbers and booleans, which the garbage collector does not scan.
_FREQ, _DEMONYM, _NAME, _LOOSE = range(4)


class _Memo:
    """The word-type caches of the `Doc`s built over one gazetteer (the facts read it)."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.surfaces: dict[tuple[str, str], tuple] = {}
        self.facts: dict[tuple[str, str, str], dict] = {}

    def trim(self) -> None:
        if len(self.surfaces) >= _MEMO_MAX:
            self.surfaces.clear()
        if len(self.facts) >= _MEMO_MAX:
            self.facts.clear()


_memo: list[_Memo] = []


def _memo_for(gaz: Gazetteer) -> _Memo:
    if not _memo or _memo[0].gaz is not gaz:
        _memo[:] = [_Memo(gaz)]
    return _memo[0]


class Doc:
    def __init__(
        self,
        text: str,
        lang: str,
        gaz: Gazetteer,
        batch_counts: Counter,
        spans: list[tuple[int, int]] | None = None,
    ) -> None:
        """`spans`: the `tokenize(text)` spans when the caller has them already."""
        self.text = text
        self.lang = lang
        self.gaz = gaz
        self.stop = stopwords(lang)
        self.toks: list[Tok] = []
        self.lower_keys: frozenset[str] | None = None  # Latin words seen in lowercase (rules)
        memo = _memo_for(gaz)
        memo.trim()
        self._facts: list[dict] = []  # per token: its word type's facts (`_FREQ`...)
        self._found: dict = {}  # `found`
        surfaces = memo.surfaces
        facts = memo.facts
        prev_end = 0
        for s, e in tokenize(text) if spans is None else spans:
            surface = text[s:e]
            entry = surfaces.get((lang, surface))
            if entry is None:
                entry = self._surface(surface)
                surfaces[(lang, surface)] = entry
            light_word, readings, script_name, cap, forms = entry
            word = light_word if readings is None else self._pick(readings, batch_counts)
            form = forms.get(word)
            if form is None:
                form = forms[word] = self._form(surface, word)
            key, base, definite = form
            gap = text[prev_end:s]
            self.toks.append(
                Tok(
                    start=s,
                    end=e,
                    text=surface,
                    key=key,
                    base=base,
                    word=word,
                    definite=definite,
                    script=script_name,
                    cap=cap,
                    brk=bool(gap.strip(_SPACE_AND_QUOTES)) or "\n" in gap or prev_end == 0,
                    gap=gap,
                )
            )
            fk = (lang, surface, word)
            f = facts.get(fk)
            if f is None:
                f = facts[fk] = {}
            self._facts.append(f)
            prev_end = e

    def _surface(self, surface: str) -> tuple:
        """(light form, its readings for `_pick` or None when it has one, script,
        capitalised, {reading: `_form`}) of a surface word."""
        word = light(surface)
        variants = strip_variants(word, self.lang)
        readings = None
        if variants:
            readings = ((word, *self._static_score(word), False),)
            readings += tuple((v, *self._static_score(v), True) for v in variants)
        return word, readings, script_of(surface), surface[:1].isupper(), {}

    def _form(self, surface: str, word: str) -> tuple[str, str, bool]:
        """(key, base, definite) of the token `surface` read as `word`."""
        base = base_key(word)
        mk = matching_key(surface)
        definite = (
            self.lang == "ar"
            and len(base) + 2 <= len(mk)
            and _AR["the"] in mk[: len(mk) - len(base)]
        )
        return fold(base), base, definite

    def _static_score(self, cand: str) -> tuple[str, float, float]:
        """(base key, Zipf, bonus) of a reading: the parts of its score (`_pick`) that do not
        depend on the batch."""
        b = base_key(cand)
        e = self.gaz.best(b)
        if (
            (e and self.gaz.entries[e]["kind"] != "city")
            or any_cue(fold(b))
            or is_cue(fold(b), "SPEECH")
        ):
            bonus = 4.0
        elif e:
            bonus = 1.5  # a city: many are also ordinary words once a clitic is cut (لكسر)
        else:
            bonus = 0.0
        return b, self._zipf(cand), bonus

    @staticmethod
    def _pick(readings: tuple, batch_counts: Counter) -> str:
        """The reading of a word most likely meant, without the clitics it most likely
        carries: its Zipf, plus its count in the batch, plus a bonus for a known place or a
        cue word; the whole word when unsure."""
        best, best_s = None, None
        for cand, b, z, bonus, stripped in readings:
            s = z + 0.7 * min(batch_counts.get(b, 0), 5)
            if bonus:
                s += bonus
            s = s - (0.8 if stripped else 0.0)  # prefer the whole word when unsure
            if best is None or s > best_s:
                best, best_s = cand, s
        return best

    def found(self, rule) -> list:
        """`rule(self)`, run once per document: the tagger's features and the gaps it leaves
        ask for the same rules. The candidates are shared: copy one before changing it."""
        out = self._found.get(rule)
        if out is None:
            out = self._found[rule] = rule(self)
        return out

    # -- lexical facts -------------------------------------------------------------------------
    def _zipf(self, word: str) -> float:
        if self.lang == "fa":  # wordfreq keeps Persian yeh/keheh; scraped text mixes them
            word = script.to_persian(word)
        f = zipf(word, self.lang)
        if self.lang == "ar" and len(word) >= 3 and not word.startswith(_AR["the"]):
            f = max(
                f, zipf(_AR["the"] + word, self.lang)
            )  # wordfreq counts the article-bearing form
        return f

    def freq(self, i: int) -> float:
        facts = self._facts[i]
        f = facts.get(_FREQ)
        if f is None:
            f = facts[_FREQ] = self._freq(i)
        return f

    def _freq(self, i: int) -> float:
        t = self.toks[i]
        f = self._zipf(t.word)
        if self.lang == "fa" and "\u200c" in t.text:  # wordfreq keeps Persian ZWNJ compounds
            f = max(f, zipf(script.to_persian(t.text), "fa"))
        return f

    def latin_freq(self, i: int) -> float:
        return zipf(self.toks[i].text.lower(), "en")

    def is_stop(self, i: int) -> bool:
        t = self.toks[i]
        return t.key in self.stop or t.base in self.stop or t.key.isdigit()

    def is_demonym(self, i: int) -> bool:
        """An adjective of a place: CLDR language names, or a place name + a nisba ending
        (روسي / فنزويلي / آمریکایی / ایرانی, Venezuelan / American)."""
        facts = self._facts[i]
        d = facts.get(_DEMONYM)
        if d is None:
            d = facts[_DEMONYM] = self._is_demonym(i)
        return d

    def _is_demonym(self, i: int) -> bool:
        t = self.toks[i]
        if self.gaz.demonym(t.base):
            return True
        b = t.base
        stems: list[str] = []
        if t.script == "arabic":
            for suf in _NISBA:
                if b.endswith(suf) and len(b) - len(suf) >= 3:
                    stem = b[: -len(suf)]
                    stems += [stem, stem + _AR["alef"]]
        elif t.script == "latin":
            for suf in ("ian", "an", "n", "ese", "i", "ish"):
                if b.endswith(suf) and len(b) - len(suf) >= 3:
                    stem = b[: -len(suf)]
                    stems += [stem, stem + "a", stem + "ia"]
        # Only countries, regions and states make demonyms: "استوری" is not "of Astor".
        return any(
            (e := self.gaz.best(st)) and self.gaz.entries[e]["kind"] != "city" for st in stems
        )

    def name_like(self, i: int, loose: bool = False) -> bool:
        """Could this token be part of a proper name (not a cue, function word or adjective)?

        Arabic script has no capitals: a word qualifies when it is name-shaped (n-gram model
        score) and not too common, or simply rare. `loose` is for the first word right after a
        title, where a name is expected: famous names are common words (ترامب Zipf 4.4).
        """
        facts = self._facts[i]
        slot = _LOOSE if loose else _NAME
        v = facts.get(slot)
        if v is None:
            v = facts[slot] = self._name_like(i, loose)
        return v

    def _name_like(self, i: int, loose: bool) -> bool:
        t = self.toks[i]
        if self.is_stop(i) or any_cue(t.key) or len(t.key) < 2:
            return False
        if t.script in ("latin", "cyrillic"):
            return t.cap or any(c.isdigit() for c in t.text)
        if t.script != "arabic":
            return False
        if t.definite or self.is_demonym(i):
            return False  # Arabic names of people rarely take the article; adjectives do
        f = self.freq(i)
        sc = namemodel.score(t.key)
        if loose:
            return (f < 4.6 and sc > -0.3) or (f < 4.0 and sc > -0.6) or f < 3.0
        # Zipf 4.55 is calibrated on the dev gold: أوباما (4.51) is in, پیشین "former" (4.58)
        # out. Famous foreign names are common words in news Arabic and Persian.
        return (f < 4.55 and sc > 0.1) or (f < 3.5 and sc > -0.1) or f < 3.0

    def opens_quote(self, i: int) -> bool:
        return any(c in _OPEN_QUOTE for c in self.toks[i].gap)

    def closes_quote_after(self, i: int) -> bool:
        nxt = self.toks[i + 1].gap if i + 1 < len(self.toks) else self.text[self.toks[i].end :][:3]
        return any(c in _CLOSE_QUOTE for c in nxt)
