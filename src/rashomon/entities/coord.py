"""Two names joined by "and" are two mentions: «غلوكسمان وبرنار هنري ليفي», «باتاو وميخيّونيس».

The tagger sometimes runs one person mention over a coordination: the conjunction (the packs'
morphology.glue "and": و, written alone in Persian or glued to the next word in Arabic) and the
second name. A person's name rarely holds a conjunction: in the training parts of ANERcorp, 30
of 1,326 person mentions of several words have a word starting with و after their first, and
nearly all of those are names that begin with the letter (وقاص, وينفري, وايت); ArmanPersoNER's
persons never hold the conjunction alone. So a person mention is cut before a word that is the
conjunction, alone or glued to a word, when

* the glued word is no name itself: not an ANETAC name nor a gazetteer entry, and its
  remainder is more name-shaped than the whole (namemodel) or is a word or name known alone;
* the part before keeps a name-like word.

The part after becomes a mention of its own from its first name-like word (after the
conjunction), if it has one («وسمو» "and His Highness" has none, and goes). Other types are left
alone: organisation and place names hold the conjunction («وزارت فرهنگ و ارشاد اسلامی»,
«البوسنة والهرسك»). Measured on the development splits (eval/ner.py; benchmarks/README.md 0n).
"""

from __future__ import annotations

from functools import cache

from rashomon import lang as packs
from rashomon.entities import namemodel, names
from rashomon.entities.common import glossed_common
from rashomon.entities.doc import Doc, zipf
from rashomon.entities.keys import base_key, light, token_key

ENABLED = True  # off: to measure the split
# The conjunction of each language (the packs' morphology.glue "and").
_AND = frozenset(packs.table("morphology.glue", iso).get("and", "") for iso in packs.isos()) - {""}
_FIRST = frozenset(a[:1] for a in _AND)
MIN_REST = 3  # letters after a glued conjunction: a shorter remainder is no word or name


@cache
def _glues(lang: str) -> frozenset[str]:
    """The conjunctions that language writes glued to the next word (its pack's
    name_proclitics; Persian writes و apart)."""
    return frozenset(a for a in _AND if a in packs.get(lang).words("morphology.name_proclitics"))


def _glued_rest(doc: Doc, k: int) -> str | None:
    """The word after a conjunction glued to token k, when the conjunction is one there: the
    whole word is no known name (ANETAC, gazetteer) and wordfreq finds the remainder more
    often than the whole (وبرنار 1.5 < برنار 3.0; وينفري 2.8 > ينفري 0), or,
    both unknown, the name model finds the remainder more name-shaped."""
    t = doc.toks[k]
    if t.script != "arabic":
        return None
    for a in _glues(doc.lang):
        if not t.text.startswith(a) or len(t.text) - len(a) < MIN_REST:
            continue
        if names.name_class(token_key(t.text)) or doc.gaz.best(base_key(t.text)):
            return None  # «وليد», «واشنطن»: a name that begins with the letter
        rest = t.text[len(a) :]
        whole_f, rest_f = zipf(light(t.text), doc.lang), zipf(light(rest), doc.lang)
        if rest_f > whole_f:
            return rest
        if whole_f == rest_f == 0.0 and namemodel.score(token_key(rest)) > namemodel.score(
            token_key(t.text)
        ):
            return rest
    return None


def _is_and(doc: Doc, k: int) -> bool:
    return doc.toks[k].text in _AND


def _word_of_name(doc: Doc, k: int, text: str | None = None) -> bool:
    """Could token k (or `text`, a glued word's remainder) be a word of a name: no function
    word, no word the gloss lexicon knows as a common one («سمو», highness)?"""
    if doc.is_stop(k) and text is None:
        return False
    return not glossed_common(doc.lang, text or doc.toks[k].text)


def _drop_conjunction(doc: Doc, k: int) -> None:
    """Token k read as the conjunction + a name: the token is the name alone from now on (its
    offsets too), so the mention, its key and the entity's name hold no "and"."""
    rest = _glued_rest(doc, k)
    if rest is None:
        return
    doc.reread(k, len(doc.toks[k].text) - len(rest))


def _place_word(doc: Doc, k: int, text: str | None = None) -> bool:
    b = base_key(text) if text else doc.toks[k].base
    return bool(doc.gaz.best(b)) or (text is None and doc.is_demonym(k))


def _split_places(doc: Doc, i: int, j: int, typ: str, p: float) -> list:
    """A span of another type cut at a conjunction when each side holds a gazetteer place (or
    a place adjective) and the whole is no gazetteer entry: «کره جنوبی و ژاپن», «استقلال
    تهران و فجر سپاسی شیراز»; «بوسنی و هرزگوین» (an entry) and «فرهنگ و ارشاد اسلامی» (no
    place) stay whole."""
    if doc.gaz.best(" ".join(t.base for t in doc.toks[i:j])):
        return [(i, j, typ, p)]
    for k in range(i + 1, j - 1 if _is_and(doc, j - 1) else j):
        rest = None if _is_and(doc, k) else _glued_rest(doc, k)
        if not _is_and(doc, k) and rest is None:
            continue
        first = k + 1 if rest is None else k
        left = any(_place_word(doc, m) for m in range(i, k))
        right = (rest is not None and _place_word(doc, k, rest)) or any(
            _place_word(doc, m) for m in range(k + 1, j)
        )
        if left and right and first < j:
            if rest is not None:
                _drop_conjunction(doc, k)
            return [(i, k, typ, p), (first, j, typ, p)]
        return [(i, j, typ, p)]
    return [(i, j, typ, p)]


def split(doc: Doc, spans: list[tuple[int, int, str, float]]) -> list[tuple[int, int, str, float]]:
    """Person spans cut at a conjunction between two names (see the module docstring)."""
    if not ENABLED:
        return spans
    out = []
    for i, j, typ, p in spans:
        if j - i < 2 or not any(doc.toks[k].text[:1] in _FIRST for k in range(i + 1, j)):
            out.append((i, j, typ, p))  # no word after the first starts like the conjunction
            continue
        if typ != "person":
            out += _split_places(doc, i, j, typ, p)
            continue
        cut = None
        for k in range(i + 1, j):
            if _is_and(doc, k) or _glued_rest(doc, k) is not None:
                cut = k
                break
        if cut is None or not any(_word_of_name(doc, m) for m in range(i, cut)):
            out.append((i, j, typ, p))
            continue
        out.append((i, cut, typ, p))
        # the second name: from the conjunction's own word («وبرنار هنري ليفي») unless it is a
        # common word («وسمو» "and His Highness"), else from the next word of a name, if any
        glued = not _is_and(doc, cut) and _word_of_name(doc, cut, _glued_rest(doc, cut))
        for s in range(cut if glued else cut + 1, j):
            if s == cut:
                _drop_conjunction(doc, s)
            if s == cut or _word_of_name(doc, s):
                out.append((s, j, typ, p))
                break
    return out
