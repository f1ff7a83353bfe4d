"""Attribution: who the article says asserts a sentence, as a chain, outermost source first.

Three shapes of reporting cue, in Arabic, Persian and English:
- a preposition before the source: "according to X", "به گزارش X", "به گفته X", "طبق X",
  "بحسب X", "وفق X", "نقلاً عن X", "citing X";
- a reporting verb before its subject (Arabic VSO): "قال X إن", "أكدت X أن", "ذكرت صحيفة X";
- a reporting verb after its subject: "X said", "X گفت", "X اعلام کرد".
Nesting is kept as a chain: "the Post, citing US documents" -> [the Post, US documents];
"documents obtained by X" / "وثائق حصلت عليها X" / "اسنادی که به دست X رسیده" -> [X, documents].
A source phrase that only points back ("this report", "این گزارش", "التقرير", "he") is marked
`anaphora` and resolved by the statements stage to the previous source of the article.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from rashomon.claims.extract.folded import NOT_AFTER, NOT_BEFORE, Folded, alternation, fold

PREP = {
    "ar": ["وفق", "وفقا ل", "وفقاً لـ", "وفقا لما ذكرته", "وفق ما ذكرت", "وفق ما أفادت", "طبقا ل",
           "طبقاً لـ", "بحسب", "حسب", "بحسب ما ذكرت", "بحسب ما أفادت", "بحسب ما نقلت",
           "بحسب ما أوردت", "حسبما ذكرت", "حسبما أفادت", "حسب ما ذكرت", "كما ذكرت", "كما أفادت",
           "على لسان", "نسبة إلى", "جاء في", "وجاء في", "ورد في", "أورد", "استنادا إلى", "استناداً إلى", "نقلا عن", "نقلاً عن",
           "وأفادت", "وذكرت"],
    "fa": ["به گزارش", "به گفته", "به نوشته", "به نقل از", "طبق", "طبق گزارش", "بر اساس",
           "براساس", "بنا بر", "بنابر", "بنابر گزارش", "به ادعای", "از قول", "به اعلام",
           "به استناد", "به روایت", "به اذعان"],
    "en": ["according to", "citing", "quoting", "as reported by", "reported by", "cited by",
           "as quoted by", "in a report by", "sources told"],
}
CITING = {fold(w) for w in ["نقلا عن", "نقلاً عن", "استنادا إلى", "استناداً إلى", "به نقل از",
                            "به استناد", "citing", "quoting", "as quoted by"]}
VERB_FIRST = [  # Arabic reporting verbs, subject after
    "قال", "قالت", "أكد", "أكدت", "ذكر", "ذكرت", "أفاد", "أفادت", "أعلن", "أعلنت", "أوضح",
    "أوضحت", "صرح", "صرحت", "كشف", "كشفت", "نقل", "نقلت", "أشار", "أشارت", "أضاف", "أضافت",
    "نفى", "نفت", "زعم", "زعمت", "اعتبر", "اعتبرت", "رأى", "رأت", "يقول", "تقول", "يرى", "ترى",
    "أورد", "أوردت", "بينت", "أبلغ", "أبلغت", "أكدت", "حذر", "حذرت",
    "تابع", "تابعت", "لفت", "لفتت", "أعرب", "شدد", "شددت", "أفصح", "أوردت", "يؤكد", "تؤكد",
    "يشير", "تشير", "اعترف", "اعترفت", "أقر", "أقرت", "اتهم", "اتهمت", "توقع", "توقعت",
]
VERB_LAST = {  # subject before the verb
    "fa": ["گفت", "گفته است", "گفته بود", "اعلام کرد", "اعلام کرده", "اعلام کرده است",
           "گزارش داد", "گزارش داده", "گزارش داده است", "نوشت", "نوشته است", "افزود",
           "تاکید کرد", "تأکید کرد", "اظهار داشت", "مدعی شد", "خاطرنشان کرد", "تصریح کرد",
           "ادعا کرد", "فاش کرد", "افشا کرد", "تکذیب کرد", "مدعی است", "اظهار کرد",
           "اظهار کرده", "بیان کرد", "عنوان کرد", "یادآور شد", "اضافه کرد", "ادامه داد",
           "توضیح داد", "هشدار داد", "اعلام داشت", "می‌گوید", "می‌گویند", "عنوان می‌کنند",
           "عنوان می‌کند", "معتقد است", "معتقدند", "پیش‌بینی کرد"],
    "en": ["said", "says", "told", "reported", "reports", "stated", "announced", "claimed",
           "denied", "denies", "added", "wrote", "noted", "confirmed", "insisted", "warned",
           "revealed", "disclosed", "alleged", "acknowledged", "admitted", "argued"],
}
OBTAINED = ["حصلت عليها", "حصل عليها", "اطلعت عليها", "اطلع عليها", "نشرتها", "obtained by",
            "seen by", "reviewed by", "published by", "به دست"]
ANAPHORA = [
    "التقرير", "هذا التقرير", "التقرير نفسه", "الصحيفة", "الصحيفة نفسها", "المصدر", "المصدر نفسه",
    "هذه الوثائق", "الوثائق نفسها", "هذه المصادر",
    "این گزارش", "همین گزارش", "گزارش", "این روزنامه", "همین روزنامه", "این منبع", "این اسناد",
    "همین اسناد", "این اسناد", "این رسانه", "وی", "او", "ایشان", "این مقام",
    "the report", "this report", "the newspaper", "the paper", "the documents", "he", "she",
    "they", "it", "the agency", "the outlet", "the same report",
]
_ANAPHORA = {fold(w) for w in ANAPHORA}
_STOP = {fold(w) for w in [
    # Arabic
    "أن", "إن", "ان", "بأن", "لأن", "فإن", "التي", "الذي", "الذين", "اللذين", "في", "على", "عن",
    "إلى", "الى", "حول", "بشأن", "قد", "فقد", "لقد", "أمس", "اليوم", "يوم", "خلال", "مساء",
    "صباح", "بعد", "قبل", "عبر", "حيث", "مع", "إنه", "أنه", "انه", "إنها", "أنها", "بينما",
    "الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "حينها", "كان",
    "كانت", "وكانت", "وكان", "لدى", "أيضا", "أيضاً", "مؤخرا", "مؤخراً", "الماضي", "فيه", "فيها",
    # Persian
    "که", "در", "از", "به", "با", "این", "روز", "تا", "را", "نیز", "هم", "همچنین", "درباره",
    "برای", "پیش", "امروز", "دیروز", "اخیرا", "اخیراً", "ضمن", "طی", "هنگام", "رسیده", "رسید",
    "است", "شده", "کرده", "بود", "داد", "کرد", "گفت", "افزود", "شامگاه", "بامداد", "صبح",
    "عصر", "ظهر", "شب", "لاحقا", "لاحقاً", "حينها",
    # English
    "that", "on", "in", "at", "to", "which", "who", "whose", "as", "said", "says", "told",
    "about", "over", "last", "this", "after", "before", "earlier", "today", "yesterday",
    "when", "while", "because", "if", "with", "by", "from",
]}
_DEMONSTRATIVE = {fold(w) for w in ["این", "همین", "هذا", "هذه", "this"]}
_EN_CONNECT = {"of", "for", "the", "'s", "de", "al", "al-", "and", "&", "us", "u.s."}
# Arabic SVO: a subject at the start of the sentence, then a reporting verb and أن/إن
# ("لكن خبراء روس يؤكدون أن", "الدبلوماسيون الأوروبيون، قالوا إن").
SVO_AR = ["يؤكدون", "يقولون", "يرون", "قالوا", "أكدوا", "أشاروا", "يعتقدون", "يشيرون",
          "اعتبروا", "يؤكد", "تؤكد", "يقول", "تقول", "يرى", "ترى", "قال", "قالت", "أكد", "أكدت",
          "ذكر", "ذكرت", "أعلن", "أعلنت", "أوضح", "أوضحت", "كشف", "كشفت", "أفاد", "أفادت"]
_SVO_AR_RE = regex.compile(
    rf"{NOT_BEFORE}[،,]?\s*(?:و|ف)?(?P<cue>{alternation(SVO_AR)}){NOT_AFTER}\s+(?:ان|بان|إن|:)"
)
_EN_NOUNS = {
    "spokesman", "spokeswoman", "spokesperson", "minister", "ministry", "official", "officials",
    "documents", "document", "report", "newspaper", "agency", "sources", "source", "statement",
    "analysts", "experts", "diplomats", "ambassador", "president", "government", "military",
    "intelligence", "people", "person", "officer", "officers", "aide", "aides", "internal",
    "leaked", "senior", "american", "us", "russian", "media", "outlet", "daily", "television",
    "state", "foreign", "defence", "defense", "secretary", "a", "an", "familiar", "u.s.",
    "director", "executive", "chief", "head", "chairman", "leader", "representative", "former",
    "deputy", "prime", "general", "commander", "poll", "survey", "study", "police", "army",
}
# adverbs and auxiliaries between a subject and its verb: "X also said", "X has said"
_EN_SKIP = {"also", "later", "previously", "then", "further", "earlier", "had", "has", "have",
            "reportedly", "separately", "again", "once"}
_TRIM = "\"'«»“”‘’()[]،,:؛;.!?؟ \u200c"
_PUNCT_STOP = regex.compile(r"[،,:؛;.!?؟()\[\]]")
_WORDS = regex.compile(r"\S+")

_PREP_RE = regex.compile(
    rf"{NOT_BEFORE}(?:و|ف)?(?P<cue>{alternation(w for ws in PREP.values() for w in ws)})"
    rf"(?:{NOT_AFTER}|(?<=ل))\s*"
)
# Arabic VSO: the reporting verb opens its clause (text start, after punctuation, a clitic و/ف,
# or كما/ثم); "أنظمة كشف" (detection systems) and "في نقل" (transport) are nouns, not reports.
_VFIRST_RE = regex.compile(
    rf"(?:^|(?<=[،,.:;؛\"«(]\s*)|(?<=\s)(?=[وف])|(?<=(?:كما|ثم|بينما|فيما)\s+))"
    rf"(?:و|ف)?(?P<cue>{alternation(VERB_FIRST)}){NOT_AFTER}\s*"
)
_FA_FOUND_IN = regex.compile(r"(?:^|(?<=[\s،,]))(?P<cue>در)\s+(?=(?:\S+\s+){0,3}?(?:آمده|امده)(?:\s|$))")
_VLAST_RE = regex.compile(
    rf"{NOT_BEFORE}(?P<cue>{alternation(w for ws in VERB_LAST.values() for w in ws)}){NOT_AFTER}"
)
_OBTAINED_RE = regex.compile(rf"{NOT_BEFORE}(?:که\s+)?(?P<cue>{alternation(OBTAINED)}){NOT_AFTER}\s*")
_INNER_AN = regex.compile(r"\s*(?P<cue>عن)\s+")


@dataclass(slots=True)
class Source:
    """One source phrase found in a sentence (absolute display offsets)."""

    name: str  # the phrase, trimmed of quotes and punctuation
    start: int
    end: int
    text: str  # exact display text article.text[start:end]
    cue: str  # the reporting cue, as written
    kind: str  # prep | citing | verb | obtained | anaphora
    position: int  # where the cue sits, for ordering


def _forward_phrase(f: Folded, pos: int, max_words: int, english: bool,
                    limit: int | None = None) -> tuple[int, int] | None:
    """The source phrase starting at key position `pos`: up to a stop word, punctuation,
    `max_words` words or key position `limit`. Key offsets or None."""
    start = end = None
    count = 0
    pos = _skip_lead(f.key, pos)
    for m in _WORDS.finditer(f.key, pos, len(f.key) if limit is None else limit):
        if m.start() > pos and f.key[pos:m.start()].count("\n"):
            break
        tok = m[0]
        core = tok.strip(_TRIM)
        if not core:
            if start is None:
                continue
            break
        lead_punct = _PUNCT_STOP.match(tok)
        if lead_punct:
            break
        if core in _STOP and start is not None:
            break
        if core in _STOP and core not in _DEMONSTRATIVE:
            return None
        if english and count and not (f.text[f.local(m.start(), m.end())[0]].isupper()
                                      or core in _EN_CONNECT or core in _EN_NOUNS):
            break
        if start is None:
            start = m.start() + (len(tok) - len(tok.lstrip(_TRIM)))
        count += 1
        # a token that ends with punctuation closes the phrase after it
        stripped_end = m.start() + len(tok.rstrip(_TRIM))
        end = stripped_end
        if _PUNCT_STOP.search(tok[len(tok.rstrip(_TRIM)):]) or count >= max_words:
            break
    if start is None or end is None or end <= start:
        return None
    return start, end


_LEAD = regex.compile(
    r"(?:(?:اما|ولي|همچنين|و|لكن|ولكن|حتي|but|and|however|خاطر\s*نشان\s*مي\s*شود|گفتني\s+است|"
    r"لازم\s+به\s+ذكر\s+است|يادآور\s+مي\s*شود)[\s،,]+)+"
)


def _skip_lead(key: str, pos: int = 0) -> int:
    """Skip discourse words that open a sentence ("اما", "but") before its subject."""
    m = _LEAD.match(key, pos)
    return m.end() if m else pos


def _backward_phrase(f: Folded, pos: int, max_words: int, english: bool,
                     floor: int = 0) -> tuple[int, int] | None:
    """The subject phrase ending just before key position `pos` (SVO / SOV)."""
    toks = [m for m in _WORDS.finditer(f.key, floor, pos)]
    if english:
        while toks and toks[-1][0] in _EN_SKIP:
            toks.pop()
    picked: list[regex.Match] = []
    for m in reversed(toks):
        tok = m[0]
        core = tok.strip(_TRIM)
        if not core or (_PUNCT_STOP.search(tok[len(tok.rstrip(_TRIM)):]) and picked):
            break
        if core in _STOP:
            break
        if english:
            first = f.text[f.local(m.start(), m.end())[0]]
            if not (first.isupper() or first in "\"“'" or core in _EN_CONNECT or core in _EN_NOUNS):
                break
        picked.append(m)
        if len(picked) >= max_words:
            break
    while picked and picked[-1][0].strip(_TRIM) in _EN_CONNECT - {"the", "us", "u.s."}:
        picked.pop()  # a phrase does not start with "of"/"and"
    if not picked:
        return None
    first, last = picked[-1], picked[0]
    s = first.start() + (len(first[0]) - len(first[0].lstrip(_TRIM)))
    e = last.start() + len(last[0].rstrip(_TRIM))
    return (s, e) if e > s else None


_HEADS = {fold(w) for w in ["موقع", "صحيفة", "جريدة", "وكالة", "قناة", "شبكة", "وزارة", "وسائل",
                           "مصادر", "مسؤولين", "مسؤول", "مجلة", "مصدر", "بيان", "تقرير"]}


def _source(f: Folded, span: tuple[int, int], cue_m: regex.Match, kind: str) -> Source:
    # "وفقاً لموقع X": the clitic ل belongs to the cue, not to the source
    first = f.key[span[0]:span[1]].split(" ", 1)[0]
    if first.startswith("ل") and first[1:] in _HEADS:
        span = (span[0] + 1, span[1])
    a, b, surface = f.span(*span)
    name = surface.strip(_TRIM)
    name = regex.sub(r"[\"«»“”]", "", name).strip()
    cue = f.span(cue_m.start("cue"), cue_m.end("cue"))[2]
    key = regex.sub(r"\s+", " ", f.key[span[0]:span[1]]).strip(_TRIM)
    if kind != "citing" and key in _ANAPHORA:
        kind = "anaphora"
    return Source(name=name, start=a, end=b, text=surface, cue=cue, kind=kind,
                  position=cue_m.start())


def find_sources(text: str, *, language: str | None = None, offset: int = 0,
                 folded: Folded | None = None) -> tuple[list[Source], bool]:
    """Sources cited in one sentence, in chain order (outermost first), and whether the
    sentence continues an earlier report without naming its source ("وأضاف", "he added")."""
    f = folded or Folded(text, offset)
    english = (language or "en") not in ("ar", "fa", "ur", "ps")
    found: list[Source] = []
    taken: list[tuple[int, int]] = []
    continues = False

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    obtained = [m.start() for m in _OBTAINED_RE.finditer(f.key)]

    def limit_after(pos: int) -> int | None:
        return min((p for p in obtained if p > pos), default=None)

    for m in _PREP_RE.finditer(f.key):
        ph = _forward_phrase(f, m.end(), 4 if english else 5, english, limit_after(m.end()))
        if ph and free(*ph):
            cue = regex.sub(r"\s+", " ", m["cue"])
            found.append(_source(f, ph, m, "citing" if cue in CITING else "prep"))
            taken.append(ph)
            if cue in CITING:  # "the Post, citing US documents": the Post is the outer source
                back = _backward_phrase(f, m.start(), 4, english)
                if back and free(*back) and f.key[back[1]:m.start()].strip() in (",", "،"):
                    found.append(_source(f, back, m, "prep"))
                    found[-1].position = m.start() - 1
                    taken.append(back)
    arabic = language == "ar" or (language is None and not regex.search(r"[پچژگ]", f.key))
    for m in _VFIRST_RE.finditer(f.key) if arabic else ():
        rest = f.key[m.end():m.end() + 4]
        if regex.match(r"(?:ان|إن|بان|:|،|,|[\"“«'])", rest) or m.end() >= len(f.key):
            continues = continues or m.start() < 12  # "وأضاف أن": the subject is the last source
            continue
        ph = _forward_phrase(f, m.end(), 5, False, limit_after(m.end()))
        if ph and free(*ph):
            found.append(_source(f, ph, m, "verb"))
            taken.append(ph)
            inner = _INNER_AN.match(f.key, ph[1])
            if inner:  # "نقلت X عن Y": Y is the inner source
                ph2 = _forward_phrase(f, inner.end(), 5, False)
                if ph2 and free(*ph2):
                    found.append(_source(f, ph2, inner, "citing"))
                    found[-1].position = inner.start()
                    taken.append(ph2)
    for m in _VLAST_RE.finditer(f.key):
        if english:
            ph = _backward_phrase(f, m.start(), 5, True)
            if ph is None:  # '"...", said Peskov': subject after the verb
                after = _forward_phrase(f, m.end(), 4, True)
                if after and f.key[max(0, m.start() - 3):m.start()].strip()[-1:] in (",", '"', "”"):
                    ph = after
        else:
            # Persian SOV: the subject is the sentence-initial noun phrase, unless the
            # sentence already names its source before the verb ("طبق این اسناد، او گفت")
            if any(s.position < m.start() for s in found):
                continue
            ph = _forward_phrase(f, _skip_lead(f.key), 4, False, m.start())
        if ph is None:
            continue
        key = f.key[ph[0]:ph[1]].strip(_TRIM)
        if key in _ANAPHORA and ph[0] < 4:
            continues = True
            continue
        if free(*ph):
            found.append(_source(f, ph, m, "verb"))
            found[-1].position = ph[0]
            taken.append(ph)
    if arabic and not found:
        for m in _SVO_AR_RE.finditer(f.key):
            ph = _forward_phrase(f, 0, 4, False, m.start())
            if ph and free(*ph):
                found.append(_source(f, ph, m, "verb"))
                found[-1].position = ph[0]
                taken.append(ph)
                break
    if language in (None, "fa"):  # "در این اسناد آمده است": it says in these documents
        for m in _FA_FOUND_IN.finditer(f.key):
            end = regex.compile(r"\s+(?:آمده|امده)").search(f.key, m.end())
            ph = _forward_phrase(f, m.end(), 4, False, end.start() if end else None)
            if ph and free(*ph):
                found.append(_source(f, ph, m, "prep"))
                taken.append(ph)
    for m in _OBTAINED_RE.finditer(f.key):
        ph = _forward_phrase(f, m.end(), 4, english)
        if ph and free(*ph):
            found.append(_source(f, ph, m, "obtained"))
            taken.append(ph)
    found.sort(key=lambda s: s.position)
    # "documents obtained by X": X is the outer source of the documents
    for i, s in enumerate(list(found)):
        if s.kind == "obtained" and i > 0:
            found.insert(i - 1, found.pop(i))
    return found, continues


__all__ = ["Source", "find_sources", "PREP", "VERB_FIRST", "VERB_LAST"]
