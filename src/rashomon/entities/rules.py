"""Mention rules over one tokenised article. Each returns candidates (token range, type, score).

Candidates overlap freely here; `detect.resolve_overlaps` keeps the best. Scores are rough
confidences: a gazetteer hit or a cue next to a name-like run is strong, a capitalised run
alone is weaker, a word that is only rare is weakest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rashomon.entities.cues import LATIN_CONNECTORS, any_cue, is_cue
from rashomon.entities.doc import Doc
from rashomon.entities.gazetteer import MAX_NAME_TOKENS

# A model code: letters, a dash, digits, optional letters/digits (Il-76, Su-30MK2, F-35, S-400,
# إيل-76) or letters glued to digits in capitals (MiG29 is rare; T90, J20).
MODEL_CODE = re.compile(r"^(?:[^\W\d_]{1,6}[-‑‐−–]\d+[^\W_]*|[A-Z]{1,3}\d{1,4}[A-Z]{0,3})$")
MAX_RUN = 4  # tokens in a person/outlet name found by a cue


@dataclass(slots=True)
class Cand:
    i: int  # first token
    j: int  # one past the last token
    type: str
    score: float
    rule: str


def span_key(doc: Doc, c: Cand) -> str:
    return " ".join(t.key for t in doc.toks[c.i : c.j])


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
                and toks[i].base[-1:] in ("ي", "ة", "ه")
                and (doc.is_demonym(i))
            ):
                continue  # روسية, الأمريكي: an adjective, not the place (Persian روسیه is)
            if eid and toks[i].definite and key not in doc.gaz.articled:
                continue  # المشهد "the scene" is not مشهد Mashhad; القاهرة keeps its article
            if (
                eid
                and doc.lang == "ar"
                and not toks[i].definite
                and key in doc.gaz.articled
                and key not in doc.gaz.bare
            ):
                continue  # "وجيزة" (and brief) is not الجيزة Giza
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
        and (t.text[:1] in "بلك" and not t.definite)
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
            while b < i and (b == 0 or toks[b].brk) and _common_latin(doc, b):
                b += 1
            if b < i:
                out.append(Cand(b, i, "person", 0.6, "speech-before"))
    return out


def _common_latin(doc: Doc, i: int) -> bool:
    """A capitalised Latin word that is an ordinary word: common (Zipf >= 3.8, a function
    word, a cue), or written in lowercase elsewhere in the article."""
    t = doc.toks[i]
    if t.key in doc.stop or doc.freq(i) >= 3.8 or any_cue(t.key):
        return True
    if doc.lower_keys is None:
        doc.lower_keys = frozenset(
            x.key for x in doc.toks if x.script == "latin" and x.text[:1].islower()
        )
    return t.key in doc.lower_keys


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
            or (k < len(toks) and k - i <= 2 and toks[k].key in {"من", "از", "of", "the"})
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
                or (typ == "outlet" and end > k and _weak(doc, end))  # واشنطن بوست
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


def model_codes(doc: Doc) -> list[Cand]:
    """Equipment by its model code, with the maker's name before it (Ilyushin Il-76)."""
    out = []
    toks = doc.toks
    for i, t in enumerate(toks):
        if not MODEL_CODE.match(t.text) or not any(c.isdigit() for c in t.text):
            continue
        if re.match(r"^\d", t.text) or re.search(r"\d[-‑‐−–]\d", t.text):
            continue  # dates and numbers, not codes
        b = i
        while b > 0 and i - b < 2 and not toks[b].brk and doc.name_like(b - 1):
            if any_cue(toks[b - 1].key):
                break
            b -= 1
        out.append(Cand(b, i + 1, "equipment", 0.8, "model-code"))
    return out


def ships(doc: Doc) -> list[Cand]:
    out = []
    toks = doc.toks
    for i, t in enumerate(toks):
        if t.text.isupper() and is_cue(t.key, "SHIP_PREFIX") and i + 1 < len(toks):
            j = i + 1
            while j < len(toks) and j - i <= 4 and not toks[j].brk and toks[j].cap:
                j += 1
            if j > i + 1:
                out.append(Cand(i, j, "equipment", 0.85, "ship"))
    return out


def capitalised(doc: Doc, sentence_starts: set[int]) -> list[Cand]:
    """Runs of capitalised words in Latin and Cyrillic script (any language of the text)."""
    out = []
    toks = doc.toks
    cal = doc.gaz.calendar

    def stops_run(k: int) -> bool:
        # titles split a run (US State Dept Secretary | Pompeo); month/day names end it
        return is_cue(toks[k].key, "PERSON") or toks[k].base in cal

    i = 0
    while i < len(toks):
        t = toks[i]
        if t.script not in ("latin", "cyrillic") or not t.cap or stops_run(i):
            i += 1
            continue
        j = i + 1
        while j < len(toks) and toks[j].joined and toks[j].script == t.script and not stops_run(j):
            if toks[j].cap or any(c.isdigit() for c in toks[j].text):
                j += 1
            elif (
                toks[j].text in LATIN_CONNECTORS
                and j + 1 < len(toks)
                and toks[j + 1].cap
                and toks[j + 1].joined
            ):
                j += 2
            else:
                break
        # A sentence-initial capital is grammar, not a name, when the word is common
        # (Zipf 3.8: "Nonetheless" 4.0 goes, "Pompeo" 2.8 stays).
        while (
            i < j
            and (t.start in sentence_starts or t.brk and doc.lang not in ("ar", "fa"))
            and _common_latin(doc, i)
        ):
            i += 1
            if i < j:
                t = toks[i]
        while j > i and (toks[j - 1].key in doc.stop or toks[j - 1].text in LATIN_CONNECTORS):
            j -= 1
        # Leading titles and demonyms are not part of the name ("German Chancellor Angela
        # Merkel"); the title still types the rest through `_latin_type`'s look-behind.
        while j - i > 1 and (is_cue(toks[i].key, "PERSON") or doc.is_demonym(i)):
            i += 1
        if j - i == 1 and doc.is_demonym(i):
            j = i  # "Iranian", "Jordanian": adjectives
        if (
            j < len(toks)
            and is_cue(toks[j].key, "PERSON")
            and all(doc.freq(k) >= 3.8 or doc.is_demonym(k) for k in range(i, j))
        ):
            j = i  # "Foreign" in "Foreign Minister": part of the title
        if j > i and not all(
            any_cue(toks[k].key) or toks[k].text.isupper() and doc.freq(k) >= 4.3
            for k in range(i, j)
        ):
            typ = _latin_type(doc, i, j)
            # A head word (Post, Ministry, Agreement) or a title makes the run a confident
            # name, stronger than a place inside it (Washington Post, Paris Agreement).
            out.append(Cand(i, j, typ, 0.6 if typ == "other" else 0.9, "capitalised"))
        i = max(j, i + 1)
    return out


def _latin_type(doc: Doc, i: int, j: int) -> str:
    toks = doc.toks
    keys = [t.key for t in toks[i:j]]
    if any(is_cue(k, "SHIP_PREFIX") for k in keys[:1]):
        return "equipment"
    if j - i >= 2 and is_cue(keys[-1], "OUTLET_HEAD"):
        return "outlet"
    for typ, cue in (
        ("organisation", "ORGANISATION"),
        ("event", "EVENT"),
        ("equipment", "EQUIPMENT"),
    ):
        if j - i >= 2 and any(is_cue(k, cue) for k in keys):
            return typ
    before = [t.key for t in toks[max(0, i - 3) : i]]
    # a title right before the name (not "Secretary of State")
    if (i > 0 and is_cue(toks[i - 1].key, "PERSON")) or (
        j < len(toks) and is_cue(toks[j].key, "SPEECH")
    ):
        return "person"
    # "the newspaper X", "Reuters news agency X"; not "the daily of Berendrecht", whose "of"
    # names a place the outlet belongs to
    if any(is_cue(k, "OUTLET") for k in before[-2:]) and (i == 0 or toks[i - 1].key != "of"):
        return "outlet"
    return "other"


def foreign_script(doc: Doc) -> list[Cand]:
    """Latin words inside Arabic/Persian text are names or brands (Flightradar24, Reuters)."""
    if doc.lang not in ("ar", "fa"):
        return []
    out = []
    toks = doc.toks
    i = 0
    while i < len(toks):
        if toks[i].script != "latin":
            i += 1
            continue
        j = i + 1
        while j < len(toks) and toks[j].script == "latin" and not toks[j].brk:
            j += 1
        before = toks[i - 1].key if i > 0 else ""
        typ = any_cue(before) or "other"
        common = all(doc.latin_freq(k) >= 4.4 for k in range(i, j))
        if typ == "other" and (not toks[i].cap or (common and not toks[i].text.isupper())):
            i = j
            continue  # "date", "Update", "Comments": page furniture in English, not names
        out.append(Cand(i, j, "person" if typ == "person" else typ, 0.65, "foreign-script"))
        i = j
    return out
