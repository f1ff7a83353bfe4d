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

from rashomon import lang
from rashomon.claims.extract.folded import NOT_AFTER, NOT_BEFORE, Folded, alternation, fold
from rashomon.lang import script


def _words(name: str) -> tuple[str, ...]:
    """Attribution cue list `name` of every language pack (lang/<iso>/attribution.toml)."""
    return lang.words(f"attribution.{name}")


def _folded(name: str) -> set[str]:
    return {fold(w) for w in _words(name)}


CITING = _folded("citing")
_ANAPHORA = _folded("anaphora")
_STOP = _folded("stop")
# Persian participles close a phrase but belong to it: "اسناد درز کرده" (leaked documents)
_STOP_AFTER = _folded("stop_after")
_DEMONSTRATIVE = _folded("demonstrative")
_EN_CONNECT = set(lang.words("attribution.connect", "en"))
# Arabic SVO: a subject at the start of the sentence, then a reporting verb and أن/إن
# ("لكن خبراء روس يؤكدون أن", "الدبلوماسيون الأوروبيون، قالوا إن").
_THAT = alternation(_words("complementizers"))
_AR = lang.table("morphology.glue", "ar")
_CL = rf"(?:{_AR['and']}|{_AR['so']})?"  # conjunction clitics in front of a cue
_SVO_AR_RE = regex.compile(
    rf"{NOT_BEFORE}[،,]?\s*{_CL}(?P<cue>{alternation(_words('svo'))}){NOT_AFTER}"
    rf"\s+(?:{_THAT}|:)"
)
_EN_NOUNS = set(lang.words("attribution.nouns", "en"))
# adverbs and auxiliaries between a subject and its verb: "X also said", "X has said"
_EN_SKIP = set(lang.words("attribution.skip", "en"))
_TRIM = "\"'«»“”‘’()[]،,:؛;.!?؟ \u200c"
_PUNCT_STOP = regex.compile(r"[،,:؛;.!?؟()\[\]]")
_WORDS = regex.compile(r"\S+")

_PREP_RE = regex.compile(
    rf"{NOT_BEFORE}{_CL}(?P<cue>{alternation(_words('prep'))})"
    rf"(?:{NOT_AFTER}|(?<={_AR['to']}))\s*"
)
# Arabic VSO: the reporting verb opens its clause (text start, after punctuation, a clitic و/ف,
# or كما/ثم); "أنظمة كشف" (detection systems) and "في نقل" (transport) are nouns, not reports.
_VFIRST_RE = regex.compile(
    rf"(?:^|(?<=[،,.:;؛\"«(]\s*)|(?<=\s)(?=[{_AR['and']}{_AR['so']}])"
    rf"|(?<=(?:{alternation(_words('verb_first_openers'))})\s+))"
    rf"{_CL}(?P<cue>{alternation(_words('verb_first'))}){NOT_AFTER}\s*"
)
_FOUND_VERB = alternation(_words("found_in_verbs"))
_FA_FOUND_IN = regex.compile(
    rf"(?:^|(?<=[\s،,]))(?P<cue>{alternation(_words('found_in'))})\s+"
    rf"(?=(?:\S+\s+){{0,3}}?(?:{_FOUND_VERB})(?:\s|$))"
)
_VLAST_RE = regex.compile(rf"{NOT_BEFORE}(?P<cue>{alternation(_words('verb_last'))}){NOT_AFTER}")
_OBTAINED_RE = regex.compile(
    rf"{NOT_BEFORE}(?:{lang.table('morphology.glue', 'fa')['that']}\s+)?(?P<cue>{alternation(_words('obtained'))}){NOT_AFTER}\s*"
)
_INNER_AN = regex.compile(rf"\s*(?P<cue>{alternation(_words('inner_citing'))})\s+")


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


_OPEN_QUOTES = "\"«“‘'"
_CLOSE_QUOTE = regex.compile(r"[\"»”’']")
# A quoted name ("روزنامه «نیویورک تایمز»") closes within this many words; a quotation runs longer.
_QUOTED_NAME_WORDS = 4


def _opens_quotation(key: str, pos: int) -> bool:
    """Whether the quote mark at `pos` opens a quotation rather than a quoted name."""
    close = _CLOSE_QUOTE.search(key, pos + 1)
    inside = key[pos + 1 : close.start()] if close else key[pos + 1 :]
    return close is None or len(inside.split()) > _QUOTED_NAME_WORDS or "\n" in inside


def _forward_phrase(
    f: Folded, pos: int, max_words: int, english: bool, limit: int | None = None
) -> tuple[int, int] | None:
    """The source phrase starting at key position `pos`: up to a stop word, punctuation,
    `max_words` words or key position `limit`. Key offsets or None."""
    start = end = None
    count = 0
    pos = _skip_lead(f.key, pos)
    for m in _WORDS.finditer(f.key, pos, len(f.key) if limit is None else limit):
        if m.start() > pos and f.key[pos : m.start()].count("\n"):
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
        if start is not None and tok[0] in _OPEN_QUOTES and _opens_quotation(f.key, m.start()):
            break  # «قال اللواء X بهذه المناسبة "باسم ...»: the quotation is not the source
        if core in _STOP and start is not None:
            break
        if core in _STOP and core not in _DEMONSTRATIVE:
            return None
        if (
            english
            and count
            and not (
                f.text[f.local(m.start(), m.end())[0]].isupper()
                or core in _EN_CONNECT
                or core in _EN_NOUNS
            )
        ):
            break
        if start is None:
            start = m.start() + (len(tok) - len(tok.lstrip(_TRIM)))
        count += 1
        # a token that ends with punctuation closes the phrase after it
        stripped_end = m.start() + len(tok.rstrip(_TRIM))
        end = stripped_end
        if (
            _PUNCT_STOP.search(tok[len(tok.rstrip(_TRIM)) :])
            or count >= max_words
            or core in _STOP_AFTER
        ):
            break
    if start is None or end is None or end <= start:
        return None
    return start, end


# Discourse words before a subject; their spaces are optional ("خاطرنشان می‌شود").
_LEAD = regex.compile(
    r"(?:(?:"
    + "|".join(
        regex.escape(w).replace(r"\ ", r"\s*")
        for w in sorted({fold(w) for w in _words("lead")}, key=len, reverse=True)
    )
    + r")[\s،,]+)+"
)


def _skip_lead(key: str, pos: int = 0) -> int:
    """Skip discourse words that open a sentence ("اما", "but") before its subject."""
    m = _LEAD.match(key, pos)
    return m.end() if m else pos


def _backward_phrase(
    f: Folded, pos: int, max_words: int, english: bool, floor: int = 0
) -> tuple[int, int] | None:
    """The subject phrase ending just before key position `pos` (SVO / SOV)."""
    toks = [m for m in _WORDS.finditer(f.key, floor, pos)]
    if english:
        while toks and toks[-1][0] in _EN_SKIP:
            toks.pop()
    picked: list[regex.Match] = []
    for m in reversed(toks):
        tok = m[0]
        core = tok.strip(_TRIM)
        if not core or (_PUNCT_STOP.search(tok[len(tok.rstrip(_TRIM)) :]) and picked):
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


_HEADS = _folded("heads")


def _source(f: Folded, span: tuple[int, int], cue_m: regex.Match, kind: str) -> Source:
    # "وفقاً لموقع X": the clitic ل belongs to the cue, not to the source
    first = f.key[span[0] : span[1]].split(" ", 1)[0]
    if first.startswith(_AR["to"]) and first[1:] in _HEADS:
        span = (span[0] + 1, span[1])
    a, b, surface = f.span(*span)
    name = surface.strip(_TRIM)
    name = regex.sub(r"[\"«»“”]", "", name).strip()
    cue = f.span(cue_m.start("cue"), cue_m.end("cue"))[2]
    key = regex.sub(r"\s+", " ", f.key[span[0] : span[1]]).strip(_TRIM)
    if kind != "citing" and key in _ANAPHORA:
        kind = "anaphora"
    return Source(
        name=name, start=a, end=b, text=surface, cue=cue, kind=kind, position=cue_m.start()
    )


def find_sources(
    text: str, *, language: str | None = None, offset: int = 0, folded: Folded | None = None
) -> tuple[list[Source], bool]:
    """Sources cited in one sentence, in chain order (outermost first), and whether the
    sentence continues an earlier report without naming its source ("وأضاف", "he added")."""
    f = folded or Folded(text, offset)
    english = (language or "en") not in ("ar", "fa", "ur", "ps")
    finder = _Finder(f, english)
    finder.prepositions()
    arabic = language == "ar" or (language is None and not script.PERSIAN_ONLY.search(f.key))
    if arabic:
        finder.verb_first()
    finder.verb_last()
    if arabic and not finder.found:
        finder.arabic_svo()
    if language in (None, "fa"):
        finder.found_in()
    finder.obtained_by()
    found = finder.found
    found.sort(key=lambda s: s.position)
    # "documents obtained by X": X is the outer source of the documents
    for i, s in enumerate(list(found)):
        if s.kind == "obtained" and i > 0:
            found.insert(i - 1, found.pop(i))
    return found, finder.continues


class _Finder:
    """The sources of one sentence, pattern after pattern: a phrase already taken by one
    source is not taken again."""

    def __init__(self, f: Folded, english: bool) -> None:
        self.f = f
        self.english = english
        self.found: list[Source] = []
        self.taken: list[tuple[int, int]] = []
        self.continues = False
        self.obtained = [m.start() for m in _OBTAINED_RE.finditer(f.key)]

    def free(self, s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in self.taken)

    def limit_after(self, pos: int) -> int | None:
        return min((p for p in self.obtained if p > pos), default=None)

    def add(
        self, ph: tuple[int, int], m: regex.Match, kind: str, position: int | None = None
    ) -> None:
        self.found.append(_source(self.f, ph, m, kind))
        if position is not None:
            self.found[-1].position = position
        self.taken.append(ph)

    def prepositions(self) -> None:
        """ "according to X", "X, citing Y"."""
        f, english = self.f, self.english
        for m in _PREP_RE.finditer(f.key):
            ph = _forward_phrase(
                f, m.end(), 4 if english else 5, english, self.limit_after(m.end())
            )
            if ph and self.free(*ph):
                cue = regex.sub(r"\s+", " ", m["cue"])
                self.add(ph, m, "citing" if cue in CITING else "prep")
                if cue in CITING:  # "the Post, citing US documents": the Post is the outer source
                    back = _backward_phrase(f, m.start(), 4, english)
                    if (
                        back
                        and self.free(*back)
                        and f.key[back[1] : m.start()].strip() in (",", "،")
                    ):
                        self.add(back, m, "prep", m.start() - 1)

    def verb_first(self) -> None:
        """Arabic verb-first reports: the verb, then its subject (and "from Y", an inner source)."""
        f = self.f
        for m in _VFIRST_RE.finditer(f.key):
            rest = f.key[m.end() : m.end() + 4]
            if regex.match(rf"(?:{_THAT}|:|،|,|[\"“«'])", rest) or m.end() >= len(f.key):
                # "وأضاف أن": the subject is the last source
                self.continues = self.continues or m.start() < 12
                continue
            ph = _forward_phrase(f, m.end(), 5, False, self.limit_after(m.end()))
            if ph and self.free(*ph):
                self.add(ph, m, "verb")
                inner = _INNER_AN.match(f.key, ph[1])
                if inner:  # "نقلت X عن Y": Y is the inner source
                    ph2 = _forward_phrase(f, inner.end(), 5, False)
                    if ph2 and self.free(*ph2):
                        self.add(ph2, inner, "citing", inner.start())

    def verb_last(self) -> None:
        """ "X said", '"...", said X'; in Persian (SOV) the sentence-initial noun phrase."""
        f = self.f
        for m in _VLAST_RE.finditer(f.key):
            if self.english:
                ph = _backward_phrase(f, m.start(), 5, True)
                if ph is None:  # '"...", said Peskov': subject after the verb
                    after = _forward_phrase(f, m.end(), 4, True)
                    if after and f.key[max(0, m.start() - 3) : m.start()].strip()[-1:] in (
                        ",",
                        '"',
                        "”",
                    ):
                        ph = after
            else:
                # Persian SOV: the subject is the sentence-initial noun phrase, unless the
                # sentence already names its source before the verb ("طبق این اسناد، او گفت")
                if any(s.position < m.start() for s in self.found):
                    continue
                ph = _forward_phrase(f, _skip_lead(f.key), 4, False, m.start())
            if ph is None:
                continue
            key = f.key[ph[0] : ph[1]].strip(_TRIM)
            if key in _ANAPHORA and ph[0] < 4:
                self.continues = True
                continue
            if self.free(*ph):
                self.add(ph, m, "verb", ph[0])

    def arabic_svo(self) -> None:
        """An Arabic sentence with no source yet: the subject first, then the verb."""
        for m in _SVO_AR_RE.finditer(self.f.key):
            ph = _forward_phrase(self.f, 0, 4, False, m.start())
            if ph and self.free(*ph):
                self.add(ph, m, "verb", ph[0])
                break

    def found_in(self) -> None:
        """ "در این اسناد آمده است": it says in these documents."""
        f = self.f
        for m in _FA_FOUND_IN.finditer(f.key):
            end = regex.compile(rf"\s+(?:{_FOUND_VERB})").search(f.key, m.end())
            ph = _forward_phrase(f, m.end(), 4, False, end.start() if end else None)
            if ph and self.free(*ph):
                self.add(ph, m, "prep")

    def obtained_by(self) -> None:
        """ "documents obtained by X"."""
        for m in _OBTAINED_RE.finditer(self.f.key):
            ph = _forward_phrase(self.f, m.end(), 4, self.english)
            if ph and self.free(*ph):
                self.add(ph, m, "obtained")


__all__ = ["Source", "find_sources"]
