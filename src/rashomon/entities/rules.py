"""Mention rules over one tokenised article. Each returns candidates (token range, type, score).

Candidates overlap freely here; `detect.resolve_overlaps` keeps the best. Scores are rough
confidences: a gazetteer hit or a cue next to a name-like run is strong, a capitalised run
alone is weaker, a word that is only rare is weakest.
"""

from __future__ import annotations

from rashomon import lang
from rashomon.entities.cand import Cand, common_latin, span_key
from rashomon.entities.cues import any_cue, is_cue
from rashomon.entities.doc import Doc
from rashomon.entities.gazetteer import MAX_NAME_TOKENS
from rashomon.entities.latin_rules import (
    MODEL_CODE,
    capitalised,
    foreign_script,
    model_codes,
    ships,
)

MAX_RUN = 4  # tokens in a person/outlet name found by a cue
_AR = lang.table("morphology.glue", "ar")
_AR_ADJ_END = lang.words("morphology.adjective_final_letters", "ar")
_AR_PREPOSITIONS = _AR["with"] + _AR["to"] + _AR["like"]  # clitics glued to a name
# words that may stand between a model cue and its name ("of", "the")
_OF_THE = {_AR["of"], lang.table("morphology.glue", "fa")["of"], "of", "the"}


def _run_forward(doc: Doc, i: int, limit: int = MAX_RUN) -> int:
    """End of the run of name-like tokens starting at i, not crossing punctuation."""
    j = i
    toks = doc.toks
    while (
        j < len(toks)
        and j - i < limit
        and doc.name_like(j, loose=j == i)
        and (j == i or not toks[j].brk)
    ):
        j += 1
    return j


def _weak(doc: Doc, j: int) -> bool:
    """A word that may open a name after a title although it is common ("شي جين بينغ",
    "جيمس ستوري"): not a function word, cue, adjective or definite noun."""
    t = doc.toks[j]
    return (
        t.script == "arabic"
        and not doc.is_stop(j)
        and not any_cue(t.key)
        and not t.definite
        and not doc.is_demonym(j)
        and doc.freq(j) < 5.0
    )


def _run_after_title(doc: Doc, i: int) -> int:
    """End of the name that starts at i after a title: a name-like run, or up to two weaker
    words when a name-like word follows them in the same run."""
    end = _run_forward(doc, i)
    if end > i:
        return end
    toks = doc.toks
    j = i
    while j < len(toks) and j - i < 2 and _weak(doc, j) and (j == i or toks[j].joined):
        j += 1
        if j < len(toks) and toks[j].joined and doc.name_like(j):
            return _run_forward(doc, j, MAX_RUN - (j - i))
    return i


def _run_backward(doc: Doc, j: int, limit: int = MAX_RUN) -> int:
    """Start of the run of name-like tokens ending just before j (a name before ", title")."""
    i = j
    while (
        i > 0
        and j - i < limit
        and doc.name_like(i - 1, loose=i == j)
        and (i == j or not doc.toks[i].brk)
    ):
        i -= 1
    return i


def _article_fits(doc: Doc, i: int, key: str) -> bool:
    """Is the gazetteer's name `key`, at token i, written as the place is: المشهد "the scene"
    is not مشهد Mashhad (القاهرة keeps its article), "وجيزة" (and brief) is not الجيزة Giza."""
    t = doc.toks[i]
    if t.definite and key not in doc.gaz.articled:
        return False
    return not (
        doc.lang == "ar" and not t.definite and key in doc.gaz.articled and key not in doc.gaz.bare
    )


def quiet_place(doc: Doc, i: int, j: int) -> str | None:
    """The gazetteer entry of tokens i..j, a span the tagger typed a place, among the city
    names the gazetteer keeps quiet for being frequent words too (جنيف, بوسطن, قم: no rule
    finds them), or None."""
    toks = doc.toks
    if j - i > MAX_NAME_TOKENS or any(not toks[k].joined for k in range(i + 1, j)):
        return None
    key = " ".join(t.base for t in toks[i:j])
    eid = doc.gaz.quiet_best(key)
    return eid if eid and _article_fits(doc, i, key) else None


def gazetteer(doc: Doc) -> list[Cand]:
    out = []
    toks = doc.toks
    for i in range(len(toks)):
        if toks[i].script == "latin" and not toks[i].cap:
            continue
        longest = min(MAX_NAME_TOKENS, len(toks) - i, doc.gaz.max_tokens(toks[i].base))
        for n in range(longest, 0, -1):
            if any(not toks[k].joined for k in range(i + 1, i + n)):
                continue
            key = " ".join(t.base for t in toks[i : i + n])
            eid = doc.gaz.best(key)
            if (
                eid
                and n == 1
                and doc.lang == "ar"
                and toks[i].base[-1:] in _AR_ADJ_END
                and (doc.is_demonym(i))
            ):
                continue  # روسية, الأمريكي: an adjective, not the place (Persian روسیه is)
            if eid and not _article_fits(doc, i, key):
                continue
            if eid:
                # city names are more often also people's or common names than countries'
                city = doc.gaz.entries[eid]["kind"] == "city"
                typ = doc.gaz.type_of(eid)  # a place, or a seat of government (facility)
                out.append(Cand(i, i + n, typ, 0.8 if city else 0.9, "gazetteer:" + eid))
                break
    return out


def _is_descriptor(doc: Doc, j: int) -> bool:
    t = doc.toks[j]
    return (
        any_cue(t.key) is not None
        or doc.is_demonym(j)
        or doc.gaz.best(t.base) is not None
        or t.definite
        or (
            t.script == "arabic"
            and doc.lang != "ar"
            and doc.freq(j) >= 4.0
            and not doc.name_like(j)
        )
        or (t.script == "latin" and not t.cap)
    )


def _skip_descriptors(doc: Doc, i: int, limit: int = 6) -> int:
    """Skip the words between a title and the name: demonyms, places, portfolios, other titles.

    "الرئيس الروسي فلاديمير بوتين", "وزير النقل الفنزويلي رامون ...", "Russian Foreign Minister
    Sergei Lavrov". Stops at punctuation and at function words.
    """
    toks = doc.toks
    j = i
    while j < len(toks) and j - i < limit and not toks[j].brk:
        if is_cue(toks[j].key, "SPEECH"):
            break  # "President X said on Friday": the title's sentence goes on, no name after
        if _is_descriptor(doc, j):
            j += 1
            continue
        if toks[j].script == "latin":
            break  # "Secretary of State X": English titles take no function words here
        if doc.is_stop(j) or (not doc.name_like(j) and doc.freq(j) >= 4.5):
            # "المتحدث باسم الوزارة", "minister of defence": a function word inside the title
            if j + 1 < len(toks) and not toks[j + 1].brk and _is_descriptor(doc, j + 1):
                j += 2
                continue
            break
        break
    return j


def titles(doc: Doc) -> list[Cand]:
    """Person names next to a title or role: after it ("الرئيس ... X") or before ", title"."""
    out = []
    toks = doc.toks
    for i, t in enumerate(toks):
        if not is_cue(t.key, "PERSON"):
            continue
        start = _skip_descriptors(doc, i + 1)
        end = _run_after_title(doc, start)
        # the name follows the title directly, after quotes, or after an apposition comma
        # ("وزير الخارجية، محمد جواد ظريف"); a name never carries a preposition (للشيشان)
        if (
            end > start
            and (start == i + 1 or not toks[start].brk or toks[start].gap.strip() in (",", "،"))
            and not _has_proclitic(doc, start)
            and not (end - start == 1 and doc.gaz.best(toks[start].base))  # "رهبر مسکو"
        ):
            out.append(Cand(start, end, "person", 0.85, "title-before"))
        # apposition: "X, the minister" / "X، وزير"; Persian and Arabic also without the
        # comma when the title is definite or a Persian ezafe title ("پسکوف سخنگوی ...")
        if (
            "," in t.gap
            or "،" in t.gap
            or (doc.lang in ("ar", "fa") and not t.brk and (doc.lang == "fa" or t.definite))
        ):
            comma = "," in t.gap or "،" in t.gap
            b = _run_backward(doc, i)
            if (
                b < i
                and (comma or doc.name_like(i - 1))
                and not (i - b == 1 and doc.gaz.best(toks[b].base))
            ):
                out.append(Cand(b, i, "person", 0.85, "title-after"))
            elif (
                comma
                and i >= 2
                and toks[i - 1].joined
                and doc.name_like(i - 2)
                and _weak(doc, i - 1)
            ):
                # "دوغلاس فرح، رئيس ...": a name-like first name, a common-word surname
                out.append(Cand(i - 2, i, "person", 0.8, "title-after"))
    return out


def _has_proclitic(doc: Doc, i: int) -> bool:
    t = doc.toks[i]
    return (
        t.script == "arabic"
        and len(t.base) + 1 < len(t.text.replace("\u200c", ""))
        and (t.text[:1] in _AR_PREPOSITIONS and not t.definite)
    )


def speech(doc: Doc) -> list[Cand]:
    """Speakers: "قال X" (verb first), "X said"."""
    out = []
    toks = doc.toks
    for i, t in enumerate(toks):
        if not is_cue(t.key, "SPEECH"):
            continue
        if doc.lang == "ar" and i + 1 < len(toks) and not toks[i + 1].brk:
            end = _run_forward(doc, i + 1, 3)
            if end > i + 1 and all(doc.freq(k) < 4.5 for k in range(i + 1, end)):
                out.append(Cand(i + 1, end, "person", 0.55, "speech-after"))
        if t.script == "latin" and not t.brk:
            b = _run_backward(doc, i, 3)
            # "Investigators said": a capital at the start of a clause is grammar when the
            # word is common, or written in lowercase elsewhere in the article
            while b < i and (b == 0 or toks[b].brk) and common_latin(doc, b):
                b += 1
            if b < i:
                out.append(Cand(b, i, "person", 0.6, "speech-before"))
    return out


def _quoted(doc: Doc, i: int, limit: int = 6) -> int | None:
    """If a quotation opens before token i, the end of the quoted run."""
    if not doc.opens_quote(i):
        return None
    for j in range(i, min(len(doc.toks), i + limit)):
        if j > i and doc.toks[j].brk:
            return None
        if doc.closes_quote_after(j):
            return j + 1
    return None


def headed(doc: Doc) -> list[Cand]:
    """Outlets, organisations, equipment and events named after a cue noun (صحيفة X, وزارة X)."""
    out = []
    toks = doc.toks
    for i, t in enumerate(toks):
        typ = any_cue(t.key)
        if (
            typ is None
            or typ == "person"
            or i + 1 >= len(toks)
            or toks[i + 1].brk
            and not doc.opens_quote(i + 1)
        ):
            continue
        q = _quoted(doc, i + 1)
        if not q and i + 2 < len(toks) and toks[i + 1].joined and not doc.name_like(i + 1):
            q = _quoted(doc, i + 2)  # شبکه خبری «...»: one adjective before the quote
            if q:
                out.append(Cand(i + 2, q, typ, 0.85, "cue-quoted"))
                continue
        if q:
            out.append(Cand(i + 1, q, typ, 0.85, "cue-quoted"))
            continue
        if typ == "organisation":
            if t.script != "latin" and not t.definite and toks[i + 1].joined:
                name_end = _run_forward(doc, i + 1, 3)
                if name_end > i + 1 and not toks[i + 1].definite:
                    # "سازمان سیا", "شركة أرامكو": the organisation's own name follows
                    out.append(Cand(i + 1, name_end, "organisation", 0.8, "cue-org-name"))
                    continue
            end = _org_complement(doc, i)
            if end:
                out.append(Cand(i, end, "organisation", 0.6, "cue-org"))
            continue
        k = i + 1
        while (
            k < len(toks)
            and k - i <= 2
            and is_cue(toks[k].key, "MODEL")
            or (k < len(toks) and k - i <= 2 and toks[k].key in _OF_THE)
        ):
            k += 1
        if k >= len(toks) or toks[k].brk and k > i + 1:
            continue
        if typ == "outlet" and any(toks[m].key == "of" for m in range(i + 1, k)):
            continue  # "the daily of Berendrecht": where the outlet is, not its name
        end = k
        while (
            end < len(toks)
            and end - k < 3
            and (end == k or toks[end].joined)
            and (
                doc.name_like(end)
                or (typ == "outlet" and doc.gaz.best(toks[end].base))
                or (typ == "outlet" and end > k and _weak(doc, end))  # نيويورك تايمز
                or MODEL_CODE.match(toks[end].text)
            )
        ):
            end += 1
        if end - k == 1 and doc.gaz.best(toks[k].base) and typ != "outlet":
            continue  # a place after the cue ("حرب أوكرانيا"): the place is the mention
        if (
            end == k
            and typ == "outlet"
            and k == i + 1
            and toks[k].joined
            and toks[k].script != "latin"
            and not doc.is_stop(k)
            and not doc.is_demonym(k)
            and not any_cue(toks[k].key)
        ):
            end = k + 1  # خبرگزاری فارس: an outlet may be named by a common word
            out.append(Cand(k, end, typ, 0.6, "cue-outlet-word"))
            continue
        if end > k:
            out.append(Cand(k, end, typ, 0.78, "cue-" + typ))
    return out


def _org_complement(doc: Doc, i: int) -> int | None:
    """End of an organisation named by its head noun and complement, or None.

    "وزارة الخارجية الروسية", "وزارت امور خارجه روسیه", "دولت پکن": the complement runs until
    a place or demonym (included) and must contain one, or a name. In Arabic its common words
    carry the article; a bare word ends it (إدارة ترمب ...).
    """
    toks = doc.toks
    if toks[i].script == "latin" or toks[i].definite:
        return None  # capitalised runs handle Latin names; "الوزارة" is a complete phrase
    last_good = None
    j = i + 1
    while j < len(toks) and j - i <= 4 and toks[j].joined and not doc.is_stop(j):
        if doc.is_demonym(j) or doc.gaz.best(toks[j].base):
            return j + 1
        if doc.name_like(j):
            last_good = j + 1
        elif doc.lang == "ar":
            if not toks[j].definite:
                break
            last_good = j + 1  # مجلس الأمن, منظمة الطاقة الذرية: a definite complement
        j += 1
    return last_good


__all__ = [
    "Cand",
    "capitalised",
    "foreign_script",
    "gazetteer",
    "headed",
    "model_codes",
    "speech",
    "span_key",
    "ships",
    "titles",
]
