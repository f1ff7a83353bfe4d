"""A small neural transliterator (Arabic script -> Latin), run in numpy.

A character-level encoder-decoder: the Arabic letters (`prep`) are embedded and read by a
bidirectional GRU; a GRU decoder writes the Latin letters one at a time, attending to the
encoder's states (bilinear attention, the last context fed back as input) and predicting each
letter from its state and the context. It is trained with torch by
`scripts/train_translit_seq2seq.py` on ANETAC's one-word training pairs (never the held-out
tenth) and shipped as float16 weights (`data/translit-s2s.npz`, licence in
`data/NER-LICENSE.md`); this module needs only numpy and loads them lazily, once.

`beam(word, k)` gives the `k` likeliest spellings with their log-probabilities (natural log);
`score(word, spellings)` the log-probability of given spellings (teacher forcing, all at
once), which the transliteration reranker weighs (`translit.best_spelling`).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from rashomon.entities.transducer import norm
from rashomon.lang import script

DATA = Path(__file__).parent / "data" / "translit-s2s.npz"
DATA_R = Path(__file__).parent / "data" / "translit-s2s-r.npz"  # writes from the end
PAD, EOS, UNK = 0, 1, 2  # input: PAD, EOS (unused), UNK; output: PAD, EOS / BOS
MAX_LEN = 30  # Latin letters written at most


def prep(word: str) -> str:
    """The Arabic letters of `word` as the model reads them: `transducer.norm` (hamza on alef,
    alef maksura and ta marbuta written plainly), hamza below the alef as the alef too, and a
    letter ANETAC's Arabic never writes (پ چ ژ گ) as its Arabic stand-in."""
    return script.cross_fold(norm(word), loose=True).translate(script.ANETAC_PLAIN)


def _sig(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def gru(gi: np.ndarray, h: np.ndarray, w_hh: np.ndarray, b_hh: np.ndarray) -> np.ndarray:
    """One GRU step (torch's equations and gate order r, z, n) for a batch: `gi` the input's
    part (B, 3H, biases included), h (B, H)."""
    gh = h @ w_hh + b_hh
    n = h.shape[1]
    r = _sig(gi[:, :n] + gh[:, :n])
    z = _sig(gi[:, n : 2 * n] + gh[:, n : 2 * n])
    c = np.tanh(gi[:, 2 * n :] + r * gh[:, 2 * n :])
    return (1.0 - z) * c + z * h


class Model:
    """Weights (a dict of float32 arrays) and the two alphabets."""

    def __init__(
        self, w: dict[str, np.ndarray], src: str, tgt: str, meta: dict | None = None
    ) -> None:
        self.w = w
        self.meta = meta or {}  # how it was built; "combine": `translit.NN_FEATURES`' weights
        # "reverse": the model writes spellings from their last letter (its own views of a
        # name's ending); `beam` and `score` still take and give them in reading order
        self.reverse = bool(self.meta.get("reverse"))
        self.src = {ch: i + 3 for i, ch in enumerate(src)}
        self.tgt = ["", ""] + list(tgt)  # 0 PAD, 1 EOS / BOS
        self.tgt_id = {ch: i for i, ch in enumerate(self.tgt) if i > 1}
        # matrices laid out for `x @ m`, and the parts of a step that depend only on the
        # previous letter, computed once: a step then multiplies only the decoder's state
        e = w["emb_out"].shape[1]
        d = w["init.w"].shape[0]
        t = {k: np.ascontiguousarray(v.T) for k, v in w.items() if k.endswith(("w_ih", "w_hh"))}
        self.t = t
        self.emb_ih = w["emb_out"] @ t["dec.w_ih"][:e] + w["dec.b_ih"]
        self.ctx_ih = np.ascontiguousarray(t["dec.w_ih"][e:])
        self.comb_h = np.ascontiguousarray(w["comb.w"][:, :d].T)
        self.comb_c = np.ascontiguousarray(w["comb.w"][:, d:].T)
        self.out = np.ascontiguousarray(w["out.w"].T)

    def encode(self, word: str) -> np.ndarray | None:
        """The encoder's states (T, 2H) of one word, None when it has no Arabic letters."""
        ids = [self.src.get(ch, UNK) for ch in prep(word)]
        if not ids:
            return None
        w, t = self.w, self.t
        x = w["emb_in"][ids]
        hs = t["enc.f.w_hh"].shape[0]
        states = []
        for p, order in (("enc.f.", range(len(ids))), ("enc.b.", reversed(range(len(ids))))):
            gi = x @ t[p + "w_ih"] + w[p + "b_ih"]
            h = np.zeros((1, hs), dtype=np.float32)
            out = [None] * len(ids)
            for k in order:
                h = gru(gi[k : k + 1], h, t[p + "w_hh"], w[p + "b_hh"])
                out[k] = h[0]
            states.append(np.array(out))
        return np.concatenate(states, axis=1)

    def start(self, enc: np.ndarray, n: int) -> tuple:
        """The per-word parts of a step and the decoder's first state and attention, `n` times."""
        w = self.w
        word = (enc @ w["att.w"], enc @ self.ctx_ih, enc @ self.comb_c)
        h = np.tanh(enc.mean(0) @ w["init.w"].T + w["init.b"])
        return word, np.tile(h, (n, 1)), np.zeros((n, enc.shape[0]), dtype=np.float32)

    def step(self, word: tuple, prev: np.ndarray, h: np.ndarray, att: np.ndarray):
        """One decoder step for a batch: (log-probabilities of the next letter, state,
        attention). The context fed back, `att @ enc`, enters through `word`'s products."""
        keys, enc_ih, enc_comb = word
        w = self.w
        h = gru(self.emb_ih[prev] + att @ enc_ih, h, self.t["dec.w_hh"], w["dec.b_hh"])
        s = h @ keys.T  # (B, T): bilinear attention
        s = np.exp(s - s.max(1, keepdims=True))
        att = s / s.sum(1, keepdims=True)
        o = np.tanh(h @ self.comb_h + att @ enc_comb + w["comb.b"])
        logits = o @ self.out + w["out.b"]
        logits = logits - logits.max(1, keepdims=True)
        return logits - np.log(np.exp(logits).sum(1, keepdims=True)), h, att

    def beam(self, word: str, k: int = 8) -> list[tuple[str, float]]:
        """Up to `k` spellings of `word` with their log-probability, likeliest first."""
        enc = self.encode(word)
        if enc is None:
            return []
        wd, h, att = self.start(enc, 1)
        hyps: list[tuple[float, list[int]]] = [(0.0, [])]
        done: list[tuple[str, float]] = []
        for _ in range(MAX_LEN):
            prev = np.array([s[-1] if s else EOS for _lp, s in hyps])
            lp, h, att = self.step(wd, prev, h, att)
            scores = np.array([x for x, _s in hyps])[:, None] + lp
            scores[:, PAD] = -np.inf
            flat = np.argsort(-scores, axis=None, kind="stable")[: 2 * k]
            nxt, rows = [], []
            for f in flat:
                r, c = divmod(int(f), scores.shape[1])
                if c == EOS:
                    if hyps[r][1]:
                        done.append(("".join(self.tgt[i] for i in hyps[r][1]), float(scores[r, c])))
                else:
                    nxt.append((float(scores[r, c]), hyps[r][1] + [c]))
                    rows.append(r)
                if len(nxt) == k:
                    break
            best_done = max((x for _s, x in done), default=-np.inf)
            if len(done) >= k and (not nxt or nxt[0][0] < best_done):
                break
            if not nxt:
                break
            hyps, h, att = nxt, h[rows], att[rows]
        if self.reverse:
            done = [(x[::-1], lp) for x, lp in done]
        return sorted(done, key=lambda t: (-t[1], t[0]))[:k]

    def score(self, word: str, spellings: list[str]) -> list[float]:
        """Log-probability of each spelling (-inf for one with a letter the model never
        writes), all decoded at once."""
        enc = self.encode(word)
        if self.reverse:
            spellings = [x[::-1] for x in spellings]
        out = [-np.inf] * len(spellings)
        ok = [i for i, s in enumerate(spellings) if s and all(ch in self.tgt_id for ch in s)]
        if enc is None or not ok:
            return out
        seqs = [[self.tgt_id[ch] for ch in spellings[i]] + [EOS] for i in ok]
        n, m = len(seqs), max(len(s) for s in seqs)
        tgt = np.full((n, m), PAD)
        for i, s in enumerate(seqs):
            tgt[i, : len(s)] = s
        wd, h, att = self.start(enc, n)
        prev = np.full(n, EOS)
        total = np.zeros(n)
        for t in range(m):
            lp, h, att = self.step(wd, prev, h, att)
            live = tgt[:, t] != PAD
            total += np.where(live, lp[np.arange(n), tgt[:, t]], 0.0)
            prev = np.where(live, tgt[:, t], EOS)
        for j, i in enumerate(ok):
            out[i] = float(total[j])
        return out


def load(path: Path) -> Model:
    with np.load(path) as z:
        w = {k: z[k].astype(np.float32) for k in z.files if k != "meta"}
        meta = json.loads(bytes(z["meta"]).decode("utf-8"))
    return Model(w, meta["src"], meta["tgt"], meta)


@lru_cache(maxsize=1)
def shipped() -> tuple[Model, ...]:
    """The shipped models (left to right, then from the end), those whose file is built."""
    if not DATA.exists():
        return ()
    return tuple(load(p) for p in (DATA, DATA_R) if p.exists())
