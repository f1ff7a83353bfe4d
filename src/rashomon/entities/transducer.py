"""A learned letter transducer from Arabic script to Latin: the candidates of `translit`.

Training (from ANETAC's one-word pairs, `scripts/build_translit_rerank.py`):

1. Alignment. Each Arabic letter spells a Latin segment of 0 to `MAXSEG` letters (ش -> sh,
   م -> ma with the vowel it leaves unwritten, ا -> "" or a, ة -> a or ah). The segment
   probabilities per letter are fitted by EM over all monotone alignments of the pairs
   (forward-backward), then each pair takes its likeliest alignment (Viterbi).
2. A segment model with context: P(segment | the letter, the two before it, the one after it
   (^ and $ at the word's edges: word position), the last Latin letter written), interpolated
   (Witten-Bell) down to P(segment | letter). So و after a consonant at the end is "o" or
   "ou", ال at the start "al" or "el", ة at the end "a", a hamza seat "" or "a", and vowels
   the Arabic leaves out come with the consonant they follow, learned from the data.
3. A Latin letter model: a 4-gram over the English spellings (Witten-Bell), weighed by
   `LM_WEIGHT` against the segment model (tuned on the development split).

Generation is a beam search over the letters (`candidates`): at each letter the segments the
letter took in training, scored by both models; spellings reached by several segmentations
keep their best score. Contexts seen fewer than twice are pruned; the model file
(`data/translit-seg.json.gz`) is read once, lazily.
"""

from __future__ import annotations

import gzip
import json
import math
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

from rashomon.entities.datafile import save_json
from rashomon.lang import script

DATA = Path(__file__).parent / "data" / "translit-seg.json.gz"
MAXSEG = 4  # Latin letters one Arabic letter may spell
EM_ITERS = 5
MIN_COUNT = 2  # a context (beyond the letter alone) kept in the model
LM_ORDER = 4
LM_WEIGHT = 0.4  # the Latin letter model's log-probability weight (dev: 0 .. 0.7)
MIN_STEP = 0.0  # a segment less likely than this share of the likeliest is not tried
SPREAD = 6.0  # a partial spelling this far (log10) below the best is given up
_TATWEEL = "\u0640"
WLM_MAX = 300_000


def norm(word: str) -> str:
    """The Arabic letters of `word`: no harakat, tatweel or other script; Persian yeh and
    keheh as the Arabic letters (ANETAC's); an alef's hamza seat, alef maksura and ta marbuta,
    which ANETAC never writes, as the letters it writes (`script.name_list_fold`: without it
    أحمد gave "amed", موسى "mus" and أسامة nothing); hamza on waw and yeh kept (the model
    learns them)."""
    w = "".join(c for c in word if c != _TATWEEL and unicodedata.category(c) not in ("Mn", "Cf"))
    w = script.name_list_fold(script.to_arabic(w))
    return "".join(c for c in w if "\u0621" <= c <= "\u06ff")


def _em(pairs: list[tuple[str, str]]) -> dict[str, dict[str, float]]:
    """P(segment | letter) by EM over all monotone alignments."""
    p: dict[str, dict[str, float]] = {}
    for _ in range(EM_ITERS):
        counts: dict[str, Counter] = defaultdict(Counter)
        for a, e in pairs:
            n, m = len(a), len(e)
            probs = [p.get(ch) for ch in a]

            def q(i: int, s: str, probs=probs) -> float:
                d = probs[i]
                return 1.0 if d is None else d.get(s, 1e-6)

            fw = [[0.0] * (m + 1) for _ in range(n + 1)]
            fw[0][0] = 1.0
            for i in range(n):
                for j in range(m + 1):
                    v = fw[i][j]
                    if v:
                        for k in range(min(MAXSEG, m - j) + 1):
                            fw[i + 1][j + k] += v * q(i, e[j : j + k])
            z = fw[n][m]
            if not z:
                continue
            bw = [[0.0] * (m + 1) for _ in range(n + 1)]
            bw[n][m] = 1.0
            for i in range(n - 1, -1, -1):
                for j in range(m + 1):
                    s = 0.0
                    for k in range(min(MAXSEG, m - j) + 1):
                        b = bw[i + 1][j + k]
                        if b:
                            x = q(i, e[j : j + k]) * b
                            s += x
                            if fw[i][j]:
                                counts[a[i]][e[j : j + k]] += fw[i][j] * x / z
                    bw[i][j] = s
        p = {}
        for ch, c in sorted(counts.items()):
            tot = sum(c.values())
            p[ch] = {s: v / tot for s, v in sorted(c.items()) if v / tot > 1e-4}
    return p


def _viterbi(a: str, e: str, p: dict) -> list[str] | None:
    n, m = len(a), len(e)
    best: list[list[tuple[float, int]]] = [[(-math.inf, -1)] * (m + 1) for _ in range(n + 1)]
    best[0][0] = (0.0, -1)
    for i in range(n):
        pa = p.get(a[i], {})
        for j in range(m + 1):
            v = best[i][j][0]
            if v == -math.inf:
                continue
            for k in range(min(MAXSEG, m - j) + 1):
                q = pa.get(e[j : j + k])
                if q and v + math.log(q) > best[i + 1][j + k][0]:
                    best[i + 1][j + k] = (v + math.log(q), j)
    if best[n][m][0] == -math.inf:
        return None
    segs, j = [], m
    for i in range(n, 0, -1):
        pj = best[i][j][1]
        segs.append(e[pj:j])
        j = pj
    return segs[::-1]


def contexts(a: str, i: int, last: str) -> tuple[str, ...]:
    """The contexts of letter i, longest first; `last`: the last Latin letter written."""
    p = a[i - 1] if i > 0 else "^"
    p2 = a[i - 2] if i > 1 else "^"
    n = a[i + 1] if i + 1 < len(a) else "$"
    return (f"{p2}{p}{a[i]}{n}|{last}", f"{p}{a[i]}{n}|{last}", f"{p}{a[i]}{n}", f"{a[i]}{n}", a[i])


def _wb(counts: dict[str, Counter], keep) -> dict[str, list]:
    """{context: [total, distinct outcomes, {outcome: count}]} of the contexts `keep` allows."""
    out = {}
    for c, ct in sorted(counts.items()):
        tot = sum(ct.values())
        if not keep(c):
            ct = Counter({s: v for s, v in ct.items() if v >= MIN_COUNT})
            if not ct:
                continue
        out[c] = [tot, len(ct), dict(sorted(ct.items()))]
    return out


def train(pairs: list[tuple[str, str]]) -> dict:
    """The model (JSON-able) from (Arabic word, English word) pairs."""
    pairs = sorted({(norm(a), e.lower()) for a, e in pairs})
    pairs = [(a, e) for a, e in pairs if a and e.isascii() and e.isalpha()]
    p = _em([(a, e) for a, e in pairs if len(e) <= MAXSEG * len(a)])
    seg: dict[str, Counter] = defaultdict(Counter)
    opts: dict[str, Counter] = defaultdict(Counter)
    lm: dict[str, Counter] = defaultdict(Counter)
    for a, e in pairs:
        segs = _viterbi(a, e, p)
        if segs is None:
            continue
        out = ""
        for i, s in enumerate(segs):
            for c in contexts(a, i, out[-1:] or "^"):
                seg[c][s] += 1
            opts[a[i]][s] += 1
            out += s
        w = "^" * (LM_ORDER - 1) + e + "$"
        for k in range(LM_ORDER - 1, len(w)):
            for o in range(LM_ORDER):
                lm[w[k - o : k]][w[k]] += 1
    return {
        "seg": _wb(seg, lambda c: "|" not in c and len(c) <= 2),
        "opts": {
            ch: [s for s, v in sorted(c.items(), key=lambda x: (-x[1], x[0])) if v >= MIN_COUNT]
            for ch, c in sorted(opts.items())
        },
        "lm": _wb(lm, lambda h: len(h) < LM_ORDER - 1),
        "lm_weight": LM_WEIGHT,
    }


def save(model: dict, path: Path = DATA) -> None:
    save_json(model, path)


class Transducer:
    def __init__(self, model: dict) -> None:
        self.seg, self.opts, self.lm = model["seg"], model["opts"], model["lm"]
        self.lm_weight = model.get("lm_weight", LM_WEIGHT)
        # Caches, none of which changes a result: the letter model's log10 P of a letter after
        # 3 letters (at most 28^4 keys), `_steps` by the letter's window (`_steps_at`), and
        # the weighted letter-model score of a segment after a history ({hist: {segment:
        # lm_weight x _lm_seg}}); the last two are bounded (`candidates`).
        self._lm_cache: dict[str, float] = {}
        self._step_cache: dict[tuple, list[tuple[str, float]]] = {}
        self._wlm: dict[str, dict[str, float]] = {}
        self._wlm_size = 0

    def _steps(self, cs: tuple[str, ...], letter: str, latin: str | None) -> list:
        """(segment, log10 P) of the letter's segments in its contexts, likeliest first;
        `latin`: the consonant a Persian-only letter spells in place of its Arabic stand-in's
        (پ for ب: "ba" -> "pa")."""
        chain = [self.seg[c] for c in reversed(cs) if c in self.seg]
        out: dict[str, float] = {}
        for s in self.opts.get(letter, ("",)):
            pr = 1e-4
            for tot, typ, d in chain:
                pr = (d.get(s, 0) + typ * pr) / (tot + typ)
            if latin is not None and latin[0] in "aeiou":
                s = latin + s.lstrip("aeiouy")  # a vowel seat: its letter's segment, that vowel
            elif latin is not None:
                s = latin + s.lstrip("bcdfghjklmnpqrstvwxz")
            out[s] = max(out.get(s, 0.0), pr)
        top = max(out.values(), default=0.0)
        kept = [(s, math.log10(pr)) for s, pr in out.items() if pr >= MIN_STEP * top]
        return sorted(kept, key=lambda t: (-t[1], t[0]))

    def _lm_seg(self, hist: str, s: str) -> float:
        v = 0.0
        for ch in s:
            v += self._char(hist, ch)
            hist = hist[1:] + ch
        return v

    def _char(self, hist: str, ch: str) -> float:
        key = hist + ch
        v = self._lm_cache.get(key)
        if v is None:
            pr = 1 / 30
            for o in range(LM_ORDER):
                e = self.lm.get(hist[len(hist) - o :] if o else "")
                if e is None:
                    break
                tot, typ, d = e
                pr = (d.get(ch, 0) + typ * pr) / (tot + typ)
            v = self._lm_cache[key] = math.log10(pr)
        return v

    def _steps_at(self, a: str, i: int, latin: str | None, last: str) -> list:
        """`_steps` of letter i of `a` after the Latin letter `last`, cached by what they
        depend on: the letter with its neighbours, and `last` and the letter two before only
        where a context holding them is in the model (most are not): words share them."""
        p = a[i - 1] if i > 0 else "^"
        n = a[i + 1] if i + 1 < len(a) else "$"
        c3 = f"{p}{a[i]}{n}"
        c4 = f"{c3}|{last}"
        seg = self.seg
        if c4 in seg:
            p2 = a[i - 2] if i > 1 else "^"
            key = (c3, last, p2 if p2 + c4 in seg else None, latin)
        else:  # the widest context holds the narrower one: not in the model either
            key = (c3, None, None, latin)
        st = self._step_cache.get(key)
        if st is None:
            st = self._step_cache[key] = self._steps(contexts(a, i, last), a[i], latin)
        return st

    def candidates(
        self, word: str, beam: int = 64, within: np.ndarray | None = None
    ) -> list[tuple[str, float]]:
        """Up to `beam` spellings of `word` with their log10 score, best first.

        `within` (`prefix_index`): a caller that keeps only the candidates of a word list
        gets [] as soon as no partial spelling starts a word of it, for then no candidate is
        one of them (every candidate extends a partial spelling of the beam); otherwise the
        same list as without it."""
        a = norm(word)
        if not a:
            return []
        if self._wlm_size > WLM_MAX:
            self._wlm.clear()  # the segments of past words: bounded
            self._wlm_size = 0
        if len(self._step_cache) > 100_000:
            self._step_cache.clear()
        # A letter ANETAC's Arabic never writes (پ چ ژ گ) reads as its Arabic stand-in
        # (lang.script.cross_fold), spelt with its own consonant (script.PERSIAN_LATIN).
        # Likewise a seat that writes a vowel (إ, إي, an initial أو): the alef, spelt with
        # that vowel (script.name_vowels).
        a, vowels = script.name_vowels(a)
        latin = [
            vowels.get(i) or (script.PERSIAN_LATIN.get(ch) if ch not in self.opts else None)
            for i, ch in enumerate(a)
        ]
        a = "".join(
            script.cross_fold(ch, loose=True) if lat else ch
            for ch, lat in zip(a, latin, strict=True)
        )
        pad = "^" * (LM_ORDER - 1)
        w = self.lm_weight
        wlm = self._wlm
        lm_seg = self._lm_seg
        inf = -math.inf
        hyps: list[tuple[float, str]] = [(0.0, "")]
        for i in range(len(a)):
            steps: dict[str, list] = {}
            new: dict[str, float] = {}
            get = new.get
            floor = inf  # expansions below the best so far by more than SPREAD: skipped
            for sc, out in hyps:
                if sc < floor:
                    break  # hyps are sorted: no later one does better
                hist = (pad + out)[-(LM_ORDER - 1) :]
                last = hist[-1]  # out[-1:] or "^"
                st = steps.get(last)
                if st is None:
                    st = steps[last] = self._steps_at(a, i, latin[i], last)
                lmh = wlm.get(hist)
                if lmh is None:
                    lmh = wlm[hist] = {}
                n = len(lmh)
                for s, q in st:
                    x = sc + q
                    if x < floor:
                        break  # steps are sorted, and the letter model only lowers a score
                    wl = lmh.get(s)
                    if wl is None:
                        wl = lmh[s] = w * lm_seg(hist, s)
                    x += wl
                    o = out + s
                    if x > get(o, inf):
                        new[o] = x
                        if x - SPREAD > floor:
                            floor = x - SPREAD
                self._wlm_size += len(lmh) - n
            # best first, ties by spelling: (-score, spelling) sorts natively
            ranked = sorted([(-x, o) for o, x in new.items()])[:beam]
            hyps = [(-nx, o) for nx, o in ranked]
            if within is not None and not starts_any(within, [o for _, o in hyps]):
                return []
        fin = [(o, x + w * self._char((pad + o)[-(LM_ORDER - 1) :], "$")) for x, o in hyps if o]
        return sorted(fin, key=lambda t: (-t[1], t[0]))


def prefix_index(words: Iterable[str], width: int = 16) -> np.ndarray:
    """`words`, lowercased, as a sorted array of UTF-8 strings of at most `width` bytes (a
    longer word is cut: its start still starts it), for `starts_any`."""
    out = np.array(sorted({w.lower().encode() for w in words}), dtype=f"S{width}")
    out.sort()  # cut words may now sort otherwise
    return out


def starts_any(index: np.ndarray, texts: list[str]) -> bool:
    """Whether some word of `index` (`prefix_index`) starts with one of `texts`, lowercased
    (a text cut to the index's width: never a false no)."""
    if not len(index):
        return False
    keys = np.array([t.lower().encode() for t in texts], dtype=index.dtype)
    at = np.minimum(index.searchsorted(keys), len(index) - 1)
    return bool(np.char.startswith(index[at], keys).any())


@lru_cache(maxsize=1)
def shipped() -> Transducer | None:
    """The shipped model, or None when its file is not built."""
    if not DATA.exists():
        return None
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        return Transducer(json.load(fh))
