"""Polarity (negation and denial) and hedges of a sentence, with the surface cue and its span.

A statement is `negative` when it carries a negation of its verb (لم، لن، لا، ليس; Persian
negative verbs نمی‌/ن+verb; "did not", "never", "no") or a denial (نفى، تکذیب، denied).
Idioms that look negative but are not ("لا سيما" especially, "لا يزال" still, "إلا أن" but,
"not only", "no doubt") are skipped, and a negated denial ("لم ينف", "did not deny") cancels
out. Hedges ("ربما", "قد" + imperfect, "احتمالاً", "reportedly", "may", "almost certainly")
set `hedged`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

import regex

from rashomon import lang
from rashomon.claims.extract.folded import NOT_AFTER, NOT_BEFORE, Folded, alternation, fold
from rashomon.lang import script

_AR = lang.table("morphology.glue", "ar")
_FA = lang.table("morphology.glue", "fa")
_CL = rf"(?:{_AR['and']}|{_AR['so']})?"  # Arabic conjunction clitics in front of a particle
_IMPERFECT = "".join(lang.words("morphology.imperfect_prefixes", "ar"))


def _langs(name: str, language: str | None) -> tuple[str, ...]:
    """The cue words `polarity.<name>` of `language`'s pack (Urdu and Pashto fall back to
    Persian); all of them when the language has none. Per-language lists matter: Arabic "نفت"
    (she denied) is Persian "نفت" (oil)."""
    return lang.words(f"polarity.{name}", language) or lang.words(f"polarity.{name}")


@lru_cache(maxsize=16)
def _patterns(language: str | None) -> tuple[regex.Pattern, regex.Pattern, regex.Pattern]:
    neg = regex.compile(
        rf"{NOT_BEFORE}{_CL}(?P<cue>{alternation(_langs('negators', language))}){NOT_AFTER}"
        rf"|(?P<nt>n't){NOT_AFTER}"
    )
    deny = regex.compile(
        rf"{NOT_BEFORE}{_CL}(?P<cue>{alternation(_langs('denials', language))}){NOT_AFTER}"
    )
    hedge = regex.compile(
        rf"{NOT_BEFORE}{_CL}(?P<cue>{alternation(_langs('hedges', language))}){NOT_AFTER}"
        # "قد" + an imperfect verb (ي ت ن prefixes) is "may"; "قد" + a perfect verb is "has"
        rf"|{NOT_BEFORE}{_CL}(?P<qad>{_AR['may']}\s+[{_IMPERFECT}]\p{{L}}{{2,}})"
    )
    return neg, deny, hedge


_IDIOM_RE = regex.compile(
    rf"{NOT_BEFORE}{_CL}(?:{alternation(lang.words('polarity.not_negation'))}){NOT_AFTER}"
)
_TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}\u200c]*")
_VERB_END = regex.compile(rf"(?:{'|'.join(lang.words('morphology.verb_endings', 'fa'))})$")
_NOT_NEG_VERB = frozenset(lang.words("polarity.not_negated_verbs", "fa"))


# English "not" negates a verb only after an auxiliary ("did not", "will not", "I'm not");
# after a noun it qualifies a participle ("a song not included") and the assertion stands.
_EN_AUX = frozenset(lang.words("polarity.auxiliaries", "en"))
# A negation inside a conditional ("if X does not...") or after a trailing participle of report
# ("، مشيرا إلى أن ...", ", adding that ...") is not the main assertion's.
# Relative and causal clauses too: "الاستفتاء الذي لم...", "a deal which did not...", "إذ".
_CONDITIONAL = regex.compile(
    rf"{NOT_BEFORE}(?:{_AR['and']})?(?:{alternation(lang.words('polarity.conditional'))})(?!\p{{L}})"
)
_TRAILING = regex.compile(
    rf"[،,]\s*(?:{_AR['and']})?(?:{alternation(lang.words('polarity.trailing'))})"
)
_CLAUSE_END = regex.compile(r"[,،;؛:]")
# عدم ("non-", "absence of") negates the assertion only when it opens it ("عدم وجود أي بند");
# elsewhere it builds a noun ("عدم رعایت" non-compliance, "عدم الاستقرار" instability).
_NOMINAL_NEG = {fold(w) for w in lang.words("polarity.nominal_negators")}


@dataclass(slots=True)
class Cue:
    kind: str  # negation | denial | hedge
    text: str  # surface text of the cue
    start: int  # absolute offsets
    end: int


@lru_cache(maxsize=20000)
def _persian_negated_verb(token: str) -> bool:
    """True for a Persian verb with the negative prefix ن/نمی (نکرده, ندارد, نمی‌شود)."""
    t = script.to_persian(token.replace("\u200c", ""))
    if len(t) < 4 or not t.startswith(_FA["not"]) or t in _NOT_NEG_VERB:
        return False
    if t.startswith(_FA["not_continuous"]) and len(t) >= 6:
        return True
    # "نیامد" is ن + آمد
    rest = _FA["alef_madda"] + t[3:] if t.startswith(_FA["not_before_alef"]) else t[1:]
    if not _VERB_END.search(rest):
        return False
    from wordfreq import zipf_frequency

    # The positive form must be a common word (zipf >= 4.5) and clearly commoner than the
    # whole token (by >= 0.45): "نکرده" 5.17 vs "کرده" 6.21 and "نتوانست" 4.23 vs "توانست" 4.72
    # pass; "نورد" (rolling, 3.83 vs "ورد" 4.06) and "نشان" (5.64 vs "شان" 4.91) do not.
    z_rest = zipf_frequency(rest, "fa")
    return z_rest >= 4.5 and z_rest - zipf_frequency(t, "fa") >= 0.45


def find_polarity_cues(
    text: str, *, language: str | None = None, offset: int = 0, folded: Folded | None = None
) -> list[Cue]:
    f = folded or Folded(text, offset)
    idioms = [(m.start(), m.end()) for m in _IDIOM_RE.finditer(f.key)]

    def in_idiom(s: int, e: int) -> bool:
        return any(a <= s and e <= b for a, b in idioms)

    neg_re, deny_re, _ = _patterns(language)
    conditionals = [m.start() for m in _CONDITIONAL.finditer(f.key)]
    trailing = min((m.start() for m in _TRAILING.finditer(f.key)), default=len(f.key))
    clause_ends = [m.end() for m in _CLAUSE_END.finditer(f.key)]

    def secondary(pos: int) -> bool:
        if pos >= trailing:
            return True
        k = bisect.bisect_right(clause_ends, pos)
        clause_start = clause_ends[k - 1] if k else 0
        j = bisect.bisect_left(conditionals, clause_start)
        return j < len(conditionals) and conditionals[j] < pos

    cues: list[tuple[str, int, int]] = []
    for m in neg_re.finditer(f.key):
        g = "nt" if m["nt"] else "cue"
        s, e = m.start(g), m.end(g)
        if in_idiom(s, e) or secondary(s):
            continue
        word = m[g]
        if word == "not":
            prev = f.key[:s].split()[-1:] or [""]
            if prev[0].strip("\"'“”") not in _EN_AUX:
                continue
        if word in _NOMINAL_NEG and len(f.key[:s].split()) > 2:
            continue
        cues.append(("negation", s, e))
    for m in deny_re.finditer(f.key):
        if not secondary(m.start("cue")):
            cues.append(("denial", m.start("cue"), m.end("cue")))
    if language in (None, "fa", "ur", "ps") and script.has_persian_letters(text):
        for m in _TOKEN.finditer(text):
            if _persian_negated_verb(m[0]) and not (m.start() >= trailing):
                cues.append(("negation", -1 - m.start(), -1 - m.end()))  # display offsets, marked
    out: list[Cue] = []
    for kind, s, e in cues:
        if s < 0:  # already display offsets
            ds, de = -1 - s, -1 - e
            out.append(Cue(kind, text[ds:de], ds + f.offset, de + f.offset))
        else:
            a, b, surface = f.span(s, e)
            out.append(Cue(kind, surface, a, b))
    out.sort(key=lambda c: c.start)
    # De-duplicate overlapping cues (a Persian verb can be caught twice)
    dedup: list[Cue] = []
    for c in out:
        if dedup and c.start < dedup[-1].end:
            continue
        dedup.append(c)
    return dedup


def polarity_of(cues: list[Cue]) -> str:
    """`negative` when a negation or a denial is left standing.

    Negative concord counts once ("هیچ ... نکرده", "no one ... never"). A negation right before a
    denial ("لم ينف", "did not deny", within 12 characters) cancels both.
    """
    count = 0
    skip = set()
    for i, c in enumerate(cues):
        if i in skip:
            continue
        nxt = cues[i + 1] if i + 1 < len(cues) else None
        if c.kind == "negation" and nxt and nxt.kind == "denial" and nxt.start - c.end <= 12:
            skip.add(i + 1)
            continue
        count += 1
    return "negative" if count else "positive"


def find_hedges(
    text: str, *, language: str | None = None, offset: int = 0, folded: Folded | None = None
) -> list[Cue]:
    f = folded or Folded(text, offset)
    out = []
    for m in _patterns(language)[2].finditer(f.key):
        g = "qad" if m["qad"] else "cue"
        s, e = m.start(g), m.end(g)
        if m["cue"] == "may" and regex.match(r"\s+\d", f.key[e:]):
            continue  # "May 5": the month
        if m["cue"] == "may" and f.text[f.local(s, e)[0]] == "M" and s > 0:
            continue  # capitalised mid-sentence: the month or a name
        if m["qad"] and language not in (None, "ar"):
            continue
        if m["qad"]:  # keep only "قد" as the cue; the verb is not part of the hedge
            e = s + 2
        a, b, surface = f.span(s, e)
        out.append(Cue("hedge", surface, a, b))
    return out


__all__ = ["Cue", "find_polarity_cues", "polarity_of", "find_hedges", "fold"]
