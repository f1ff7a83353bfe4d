"""Arabic-script -> Latin transliteration of names, learned from ANETAC.

ANETAC (Hadj Ameur et al., arXiv:1907.03110) pairs 79,923 English and Arabic names. Training
aligns each pair by its consonants: when the Arabic and the English word have the same
sequence of consonant classes (keys.skeleton's classes), the i-th Arabic consonant letter
produced the i-th English consonant cluster, and the Arabic vowel letters between two
consonants (ا و ي, or none) produced the English vowels between them. Counting these gives,
per Arabic consonant, the English spellings it takes (ف -> f / v), and per vowel group and
position, the vowels it takes (none between consonants -> "a", final و -> "o"). Generation
picks the most frequent of each. The table is small (`data/translit.json.gz`, built by
`scripts/build_entities_data.py`) and nothing reads ANETAC at run time. Accuracy on the
held-out tenth of ANETAC is printed by `eval/entities.py`.

The table's likeliest spelling is the baseline. The name path spells a word by a learned
letter transducer (`entities.transducer`: EM-aligned letter -> Latin segments with context,
a Latin letter model, beam search) that proposes `BEAM` candidates, and a reranker
(`features`, `rerank`; `scripts/build_translit_rerank.py` builds both) that picks one.
"""

from __future__ import annotations

import gzip
import json
import math
import os
import re
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

from rashomon.cleaning.normalize import matching_key
from rashomon.entities.datafile import save_json
from rashomon.entities.keys import (
    _AR_CLASS,
    _LATIN_CLASS,
    _LOOSE,
    ARABIC_SCRIPT,
    drop_article,
    light,
)
from rashomon.lang import script

DATA = Path(__file__).parent / "data" / "translit.json.gz"
RERANK = Path(__file__).parent / "data" / "translit-rerank.json.gz"
BEAM = 64  # candidates the reranker chooses among
_AR_VOWELS = set(script.VOWEL_LETTERS)
_LATIN_DIGRAPHS = ("sh", "ch", "kh", "th", "ph", "gh", "zh", "dh")
_LATIN_VOWELS = set("aeiouy")
_PERSIAN = script.PERSIAN_LATIN  # letters ANETAC's Arabic never uses
# A spelling seen in English text (any word wordfreq lists: Zipf >= 1) wins over a likelier
# one that is not; each Zipf point weighs half a power of ten of likelihood. Chosen on held-out
# ANETAC person names outside the lookup (eval/names.py): exact 16% -> 29%.
ATTESTED_ZIPF = 1.0
KNOWN_WEIGHT = 0.5
# The attested rule's pick overrides the reranker when English uses it this often (Zipf 4.5:
# ~30 a million words): on the development split it costs 0.3 points of exact (names there
# are rare, news names are often famous).
FAMOUS_ZIPF = 4.5


def _prep(word: str) -> str:
    w = light(word)
    return matching_key(drop_article(w) if len(w) > 4 else w)


def _ar_units(word: str) -> list[tuple[str, str]]:
    """("C", letter) and ("V", vowel letters) units, alternating, starting and ending with V."""
    units: list[tuple[str, str]] = [("V", "")]
    for ch in _prep(word):
        if ch in _AR_VOWELS or _AR_CLASS.get(ch, "x") == "":
            if units[-1][0] == "V":
                units[-1] = ("V", units[-1][1] + ch)
            else:
                units.append(("V", ch))
        elif ch in _AR_CLASS:
            if units[-1][0] == "C":
                units.append(("V", ""))
            units.append(("C", ch))
    if units[-1][0] == "C":
        units.append(("V", ""))
    return units


def _latin_units(word: str) -> list[tuple[str, str]]:
    units: list[tuple[str, str]] = [("V", "")]
    i = 0
    while i < len(word):
        two = word[i : i + 2]
        if two in _LATIN_DIGRAPHS:
            seg, i = two, i + 2
        else:
            seg, i = word[i], i + 1
        if seg in _LATIN_VOWELS or seg == "w":
            if units[-1][0] == "V":
                units[-1] = ("V", units[-1][1] + seg)
            else:
                units.append(("V", seg))
        elif units[-1][0] == "C" and units[-1][1] == seg:  # doubled letter: one consonant
            units[-1] = ("C", seg + seg)
        else:
            if units[-1][0] == "C":
                units.append(("V", ""))
            units.append(("C", seg))
    if units[-1][0] == "C":
        units.append(("V", ""))
    return units


def _ar_class(ch: str) -> str:
    return _AR_CLASS.get(ch, "").translate(_LOOSE)


def _latin_class(seg: str) -> str:
    digraph = {
        "sh": "S",
        "ch": "S",
        "kh": "K",
        "th": "D",
        "ph": "B",
        "gh": "K",
        "zh": "K",
        "dh": "D",
    }
    if seg in digraph:
        return digraph[seg]
    return _LATIN_CLASS.get(seg[0], "").translate(_LOOSE)


def _position(k: int, n: int) -> str:
    return "I" if k == 0 else "F" if k == n - 1 else "M"


def align(ar: str, en: str) -> list[tuple[str, str]] | None:
    """(Arabic unit, English string) pairs when the consonant classes line up, else None."""
    au = _ar_units(ar)
    eu = _latin_units(en.lower())
    if len(au) != len(eu):
        return None
    out = []
    for k, ((ka, a), (ke, e)) in enumerate(zip(au, eu, strict=True)):
        if ka != ke:
            return None
        if ka == "C":
            if _ar_class(a) != _latin_class(e):
                return None
            out.append((a, e))
        else:
            out.append((f"{_position(k, len(au))}:{a}", e))
    return out


def train(pairs: list[tuple[str, str]]) -> dict[str, dict[str, int]]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for ar, en in pairs:
        al = align(ar, en)
        if al:
            for a, e in al:
                counts[a][e] += 1
    return {a: dict(c.most_common(5)) for a, c in sorted(counts.items())}


def word_pairs(
    anetac_rows: list[tuple[str, str, str, bool]], held_out: bool
) -> list[tuple[str, str]]:
    """Single-word (Arabic, English) pairs from ANETAC rows of one split."""
    out = []
    for _cls, en, ar, ho in anetac_rows:
        if ho != held_out:
            continue
        ens, ars = en.split(), ar.split()
        if len(ens) == len(ars):
            out += [(a, e) for a, e in zip(ars, ens, strict=True) if e.isalpha()]
    return out


def save(table: dict, out_dir: Path) -> None:
    save_json(table, out_dir / "translit.json.gz")


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, int]]:
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def _options(units: list[tuple[str, str]], table: dict) -> list[dict[str, int]]:
    out = []
    for k, (kind, a) in enumerate(units):
        key = a if kind == "C" else f"{_position(k, len(units))}:{a}"
        opts = table.get(key) or ({_PERSIAN[a]: 1} if a in _PERSIAN else None)
        if not opts and kind == "V":
            opts = table.get(f"M:{a}", {"": 1})
        if opts:
            out.append(opts)
    return out


def word_to_latin(word: str, table: dict[str, dict[str, int]] | None = None) -> str:
    """The most frequent spelling of each unit, in order."""
    table = table if table is not None else _table()
    opts = _options(_ar_units(word), table)
    return "".join(max(o.items(), key=lambda kv: (kv[1], kv[0]))[0] for o in opts)


def candidates(
    word: str, table: dict | None = None, beam: int = 64, model=None, within=None
) -> list[tuple[str, float]]:
    """Spellings of `word` with their log10 score, best first: from the letter transducer
    (`model`, else the shipped one, `entities.transducer`), or from the unit table when
    `table` is given or no transducer is built. `within`: see `Transducer.candidates` (a
    caller that keeps only the candidates of that word list)."""
    if table is None:
        if model is None:
            from rashomon.entities import transducer

            model = transducer.shipped()
        if model is not None:
            return model.candidates(word, beam, within)
    table = table if table is not None else _table()
    cands: list[tuple[str, float]] = [("", 0.0)]
    for o in _options(_ar_units(word), table):
        total = sum(o.values())
        step = [(e, math.log10(n / total)) for e, n in o.items()]
        cands = sorted(
            ((c + e, lp + q) for c, lp in cands for e, q in step), key=lambda x: (-x[1], x[0])
        )[:beam]
    return cands


@lru_cache(maxsize=50_000)
def known_spelling(word: str, min_zipf: float = ATTESTED_ZIPF) -> str | None:
    """The spelling of `word` that English text uses (Zipf `min_zipf` or more), if one of its
    likely spellings is a word of English (wordfreq): ميركل -> merkel, لندن -> london."""

    if len(_prep(word)) < 3:
        return None  # شي: two letters have too many English readings (she)
    # the beam stops once no partial spelling starts such a word: the same answer, sooner
    return _known(candidates(word, within=_english(min_zipf)), min_zipf)


@lru_cache(maxsize=4)
def _english(min_zipf: float):
    """The English words `_known` can pick (Zipf `min_zipf` or more, as `doc.zipf` reads
    them), as a `transducer.prefix_index`."""
    import wordfreq

    from rashomon.entities.transducer import prefix_index

    bands = wordfreq.get_frequency_list("en")  # the list doc.zipf's table is made from
    return prefix_index(
        w
        for i, band in enumerate(bands)
        if round(math.log10(wordfreq.cB_to_freq(-i)) + 9, 2) >= min_zipf
        for w in band
    )


def _known(cands: list, min_zipf: float = ATTESTED_ZIPF) -> str | None:
    from rashomon.entities.doc import zipf

    best, best_s = None, -99.0
    for c, lp in cands:
        f = zipf(c, "en")
        if f >= min_zipf and lp + KNOWN_WEIGHT * f > best_s:
            best, best_s = c, lp + KNOWN_WEIGHT * f
    return best


def features(word: str, cands: list[tuple[str, float]]) -> list[dict]:
    """What the reranker weighs of each candidate spelling of `word`: its log-probability under
    the unit table and its rank, how often English text uses it (wordfreq Zipf), its length
    against the Arabic word's, its first two and last one or two letters, and its letter
    trigrams (a learned English letter model).

    Not weighed: whether the spelling already spells a name of the ANETAC lookup. ANETAC lists
    each English name once, so there a spelling the lookup holds is never the answer for
    another word, and a reranker fitted on it learns to ban such spellings: the spellings of
    the commonest names (علي "Oli" for Ali, عمر "Aamer", أحمد "Akhmad"). On names as the news
    write them it is the other way round (`eval/ner.py`: the gazetteer's one-word names)."""
    from rashomon.entities.doc import zipf

    out = []
    lp0 = cands[0][1] if cands else 0.0
    nar = max(1, len(_prep(word)))
    for r, (c, lp) in enumerate(cands):
        z = zipf(c, "en")
        f = {
            "lp": lp,
            "gap": lp - lp0,
            "top": float(r == 0),
            "logrank": math.log(1 + r),
            "zipf": z,
            "z1": float(z >= 1),
            "z3": float(z >= 3),
            "len": len(c) / nar,
            "e1:" + c[-1:]: 1.0,
            "e2:" + c[-2:]: 1.0,
            "b2:" + c[:2]: 1.0,
        }
        w = f"^{c}$"
        for i in range(len(w) - 2):
            k = "g3:" + w[i : i + 3]
            f[k] = f.get(k, 0.0) + 1.0
        out.append(f)
    return out


@lru_cache(maxsize=1)
def _reranker() -> dict[str, float] | None:
    """The reranker's weights, or None when its file is not built."""
    if not RERANK.exists():
        return None
    with gzip.open(RERANK, "rt", encoding="utf-8") as fh:
        return json.load(fh)["weights"]


def rerank(word: str, cands: list[tuple[str, float]], weights: dict[str, float]) -> str:
    """The candidate the linear reranker scores highest (the first of equals)."""
    best, best_s = cands[0][0], -math.inf
    for (c, _lp), f in zip(cands, features(word, cands), strict=True):
        s = sum(weights.get(k, 0.0) * v for k, v in f.items())
        if s > best_s:
            best, best_s = c, s
    return best


# The neural transliterators weigh the reranker's NN_KEEP best spellings and add their own
# NN_BEAM likeliest (on the development split, keeping 16 of the 64 and adding 4 each costs
# nothing against 64 and 8, at a third of the time)
NN_KEEP = 16
NN_BEAM = 4
NN_FEATURES = [
    "rr", "rr_gap", "in_td", "zipf", "z1", "len",
    "nn", "nn_gap", "nn_top", "nn_letter", "nnr", "nnr_gap", "nnr_top", "nnr_letter",
]  # fmt: skip
_NN_FLOOR = -50.0  # the log-probability of a spelling with a letter a model never writes


def nn_features(
    word: str,
    cands: list[tuple[str, float]],
    nets: list,
    weights: dict[str, float],
    keep: int | None = NN_KEEP,
) -> tuple[list[str], list[list[float]]]:
    """The spellings the final pick is made among (the `keep` of the transducer's `cands` the
    linear reranker scores highest, then each neural transliterator's `NN_BEAM` likeliest
    not among the transducer's) and each one's `NN_FEATURES`: the
    linear reranker's score (`weights`; a spelling only a network proposes ranks below the
    transducer's last) and its gap to the best, whether the transducer proposed it, and per
    network (`nets`: `seq2seq` models, the one that writes left to right first, then the one
    that writes from the end; features of a missing one are 0) its log-probability, its gap to
    the best, whether it is the network's first and its log-probability a letter (the end
    included); and, weighed again, how often English uses the spelling (wordfreq Zipf, and
    whether at all) and its length against the word's."""
    have = {c for c, _ in cands}
    extra: list[str] = []
    for net in nets:
        for c, _lp in net.beam(word, NN_BEAM):
            if c not in have:
                have.add(c)
                extra.append(c)
    low = cands[-1][1] - 1.0 if cands else 0.0
    allc = list(cands) + [(c, low) for c in extra]
    rr = [sum(weights.get(k, 0.0) * v for k, v in f.items()) for f in features(word, allc)]
    in_td = [float(i < len(cands)) for i in range(len(allc))]
    if keep is not None and len(cands) > keep:  # the reranker's `keep` best and the networks'
        order = sorted(range(len(cands)), key=lambda i: (-rr[i], i))[:keep]
        idx = sorted(order) + list(range(len(cands), len(allc)))
        allc, rr, in_td = [allc[i] for i in idx], [rr[i] for i in idx], [in_td[i] for i in idx]
    from rashomon.entities.doc import zipf

    z = [zipf(c, "en") for c, _ in allc]
    nar = max(1, len(_prep(word)))
    cols = [rr, [r - max(rr) for r in rr], in_td, z, [float(x >= 1) for x in z]]
    cols.append([len(c) / nar for c, _ in allc])
    for j in range(2):
        if j < len(nets):
            lp = [max(_NN_FLOOR, x) for x in nets[j].score(word, [c for c, _ in allc])]
            top = max(lp)
            cols += [lp, [x - top for x in lp], [float(x == top) for x in lp]]
            cols.append([x / (len(c) + 1) for x, (c, _) in zip(lp, allc, strict=True)])
        else:
            cols += [[0.0] * len(allc)] * 4
    return [c for c, _ in allc], [list(r) for r in zip(*cols, strict=True)]


def nn_pick(spellings: list[str], rows: list[list[float]], w: dict[str, float]) -> str:
    """The spelling the combination (`w` over `NN_FEATURES`) scores highest (the first of
    equals)."""
    ws = [w.get(k, 0.0) for k in NN_FEATURES]
    scores = [sum(a * b for a, b in zip(ws, r, strict=True)) for r in rows]
    return spellings[max(range(len(scores)), key=lambda i: (scores[i], -i))]


NN_ENV = "RASHOMON_TRANSLIT_NN"


def neural_enabled() -> bool:
    """Whether the neural transliterator joins the pick (`RASHOMON_TRANSLIT_NN` = 1 / on).
    Off by default: on the real 300-article mix (`benchmarks/pipeline.py --mix --sizes 300`,
    cold, load ~1) it took `entities.link` from ~54 to 244 CPU-ms an article, the whole build
    from ~160-190 to 609, for 0.348 -> 0.363 exact on held-out ANETAC person names (0.367 with
    the network trained longer)."""
    return os.environ.get(NN_ENV, "").strip().lower() in {"1", "on", "true", "yes"}


def best_spelling(word: str) -> str:
    """`_best_spelling` with the neural transliterator when `neural_enabled()`."""
    return _best_spelling(word, neural_enabled())


@lru_cache(maxsize=50_000)
def _best_spelling(word: str, neural: bool = False) -> str:
    """The reranked spelling of one Arabic-script word (the likeliest candidate when the
    reranker is not built, or for a word of two letters): ماكرون -> macron. A spelling English uses very often (`FAMOUS_ZIPF`) that
    the attested rule (`known_spelling`) picks is kept: the reranker, fitted on rare names,
    learns to distrust common English words, which news names often are (ترمب: trump, not
    tramp; دولار: dollar)."""
    from rashomon.entities.doc import zipf

    model = _reranker()
    cands = candidates(word, beam=BEAM)
    if not cands:
        return word_to_latin(word)
    if model is None or len(_prep(word)) < 3:
        return cands[0][0]  # شي: two letters have too many English readings (she)
    known = _known(cands)
    if known and zipf(known, "en") >= FAMOUS_ZIPF:
        return known
    from rashomon.entities import seq2seq

    nets = seq2seq.shipped() if neural else ()
    if nets and nets[0].meta.get("combine"):
        return nn_pick(*nn_features(word, cands, nets, model), nets[0].meta["combine"])
    return rerank(word, cands, model)


def attested(word: str, spelling: str) -> bool:
    """Whether English text uses `spelling` (wordfreq Zipf >= ATTESTED_ZIPF), for a word of
    three letters or more (two letters have too many English readings: شي, she)."""
    from rashomon.entities.doc import zipf

    return len(_prep(word)) >= 3 and zipf(spelling, "en") >= ATTESTED_ZIPF


def to_latin(text: str) -> str:
    """Latin spelling of an Arabic-script name (each word capitalised); other text unchanged."""
    words = []
    for w in text.split():
        if ARABIC_SCRIPT.search(w):
            w = re.sub(r"[^\w]", "", w)
            lat = best_spelling(w)
            words.append(lat[:1].upper() + lat[1:])
        else:
            words.append(w)
    return " ".join(x for x in words if x)


def evaluate(table: dict, pairs: list[tuple[str, str]], reranked: bool = False) -> dict:
    """Exact match and mean character similarity (1 - normalised edit distance) on pairs of
    the table's likeliest spelling (the baseline) and, with `reranked`, of the shipped
    reranker's pick (`best_spelling`, among the shipped transducer's candidates), the
    transducer's own first candidate, and how often the answer is among the `BEAM`
    candidates at all (the ceiling of any reranker)."""
    from rashomon.entities.keys import similarity

    if not pairs:
        return {"pairs": 0}
    outs = [(word_to_latin(a, table), e.lower()) for a, e in pairs]
    res = {
        "pairs": len(pairs),
        "exact": round(sum(o == e for o, e in outs) / len(outs), 3),
        "char_similarity": round(sum(similarity(o, e) for o, e in outs) / len(outs), 3),
    }
    if reranked:
        cands = [([c for c, _ in candidates(a, beam=BEAM)], e.lower()) for a, e in pairs]
        res["candidates_top1"] = round(sum(bool(c) and c[0] == e for c, e in cands) / len(cands), 3)
        res["ceiling"] = round(sum(e in c for c, e in cands) / len(cands), 3)
        outs = [(best_spelling(a), e.lower()) for a, e in pairs]
        res["reranked_exact"] = round(sum(o == e for o, e in outs) / len(outs), 3)
        res["reranked_char_similarity"] = round(
            sum(similarity(o, e) for o, e in outs) / len(outs), 3
        )
    return res
