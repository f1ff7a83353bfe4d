"""The trained CRF's marginals computed with numpy from its weights, as crfsuite computes them.

`tagger.tag_neural` mixes the CRF's marginals with the neural model's. Asking crfsuite for them
means building every token's features as strings (its own, and those its neighbours at -2,
-1, +1, +2 show it), handing them over, and asking one label at one token a call. A CRF is
linear in its features, so a word type's share of a token's scores is the same wherever the
word stands: its own features' weights, and its features' weights as each neighbour sees
them, are summed once per word type (`Weights.word`), and a token's scores are five of those
sums plus what belongs to the token alone (the rules' marks, breaks, the edges of the article,
the word pairs). Forward-backward then runs over several articles at once (`marginals`).

The weights are read from the model's dump (`pycrfsuite.Tagger.dump`): its labels, its
attributes' state weights and its label-to-label transitions. crfsuite's linear-chain CRF has
no start or end weights. `tests/entities/test_crfnp.py` checks the marginals against
crfsuite's on real sentences.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from rashomon.entities import neural

_WORDS_MAX = 60_000  # word types whose summed weights a process keeps (~0.4 kB each)


@dataclass(slots=True)
class Weights:
    labels: tuple[str, ...]
    index: dict[str, int]  # attribute -> row of `state`
    state: np.ndarray  # (attributes, labels)
    trans: np.ndarray  # (labels, labels): from -> to
    pairs: dict[str, dict[tuple[str, str], int]]  # word pair features, by prefix, -> row
    words: dict = field(default_factory=dict)  # word type -> (own (L,), seen (4, L))

    def rows(self, feats) -> list[int]:
        """The rows of `state` of the features the model weighs."""
        index = self.index
        return [k for x in feats if (k := index.get(x)) is not None]

    def add_words(self, new: dict) -> None:
        """Sum the weights of new word types at once: `new` maps a word type (`ck`) to (its
        own features, its features as the neighbours at -2, -1, +1, +2 see them); each type
        is then kept in `words` as (own (L,), seen (4, L))."""
        if len(self.words) + len(new) > _WORDS_MAX:
            self.words.clear()
        rows: list[int] = []
        seg: list[int] = []
        for k, (own, seen) in enumerate(new.values()):
            for part, feats in enumerate((own, *seen)):
                ids = self.rows(feats)
                rows += ids
                seg += [5 * k + part] * len(ids)
        totals = np.zeros((5 * len(new), len(self.labels)))
        if rows:
            np.add.at(totals, seg, self.state[rows])
        totals = totals.reshape(len(new), 5, len(self.labels))
        for ck, t in zip(new, totals, strict=True):
            self.words[ck] = (t[0], t[1:])


PAIR_PREFIXES = ("w-1|w=", "w|w+1=")


def read(crf) -> Weights:
    """The weights of a `pycrfsuite.Tagger`, from its model dump."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.txt"
        crf.dump(str(path))
        text = path.read_bytes().decode("utf-8")
    labels = tuple(crf.labels())
    col = {y: k for k, y in enumerate(labels)}
    trans = np.zeros((len(labels), len(labels)))
    index: dict[str, int] = {}
    rows: list[tuple[int, int, float]] = []
    section = None
    for line in text.split("\n"):
        if line.endswith(" = {"):
            section = line[: -len(" = {")]
            continue
        if section not in ("TRANSITIONS", "STATE_FEATURES") or not line.startswith("  ("):
            continue
        body = line.split(") ", 1)[1]
        name, _, rest = body.rpartition(" --> ")
        label, _, weight = rest.rpartition(": ")
        if section == "TRANSITIONS":
            trans[col[name], col[label]] = float(weight)
        else:
            rows.append((index.setdefault(name, len(index)), col[label], float(weight)))
    state = np.zeros((len(index), len(labels)))
    for a, y, w in rows:
        state[a, y] = w
    pairs: dict[str, dict[tuple[str, str], int]] = {p: {} for p in PAIR_PREFIXES}
    for name, k in index.items():
        for p in PAIR_PREFIXES:
            if name.startswith(p):
                a, sep, b = name[len(p) :].partition("|")
                if sep:
                    pairs[p][a, b] = k
    return Weights(labels, index, state, trans, pairs)


class _Chain:
    """What `neural.marginals` reads of a model: crfsuite's chain has no start or end
    weights."""

    def __init__(self, w: Weights) -> None:
        n = len(w.labels)
        self.trans = w.trans
        self.start = np.zeros(n)
        self.end = np.zeros(n)


BATCH = 16  # articles whose forward-backward steps run together, taken in order of length


def marginals(w: Weights, scores: list[np.ndarray]) -> list[np.ndarray]:
    """P(label at t) (n, L) of each sequence, given its state scores (n, L)."""
    out: list = [np.zeros((0, len(w.labels)))] * len(scores)
    chain = _Chain(w)
    todo = sorted((k for k, s in enumerate(scores) if len(s)), key=lambda k: len(scores[k]))
    for a in range(0, len(todo), BATCH):
        group = todo[a : a + BATCH]
        lengths = np.array([len(scores[k]) for k in group], dtype=np.int64)
        em = np.zeros((len(group), int(lengths.max()), len(w.labels)))
        for b, k in enumerate(group):
            em[b, : lengths[b]] = scores[k]
        marg = neural.marginals(chain, em, lengths)
        for b, k in enumerate(group):
            out[k] = marg[b, : lengths[b]]
    return out
