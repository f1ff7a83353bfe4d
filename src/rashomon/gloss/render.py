"""The structured English rendering of a statement, a label or an explanation.

Built only from what Rashomon already knows about the words, never guessed:
- entity mentions become their Latin names ("ميركل" -> "Merkel");
- negation and denial cues become NOT / DENIES, hedges "possibly" (`claims.extract.polarity`);
- dates become their resolved ISO value, quantities their value and unit;
- other words are looked up in the bilingual lexicon (`gloss.lexicon`; a particle with no
  English word, such as the Persian object marker, renders as nothing); Latin-script words and
  digits are kept as written; a run of words with no gloss is shown as "…" (never invented).

A statement's rendering is framed by who says it and how:
`Lavrov says — NOT — Venezuela request military aid from Moscow [outlet]`. The words keep the
original's order (Arabic is verb-first), without tense, number or syntax: it says who, what
kind of claim and which content words, not the sentence. Text in another script that must stay
(an outlet with no Latin name) is wrapped in Unicode isolates (FSI ... PDI) so it lays out as
one unit inside the English line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from rashomon import lang as packs
from rashomon.claims.extract.folded import Folded
from rashomon.claims.extract.polarity import find_hedges, find_polarity_cues
from rashomon.cleaning.normalize import matching_key
from rashomon.gloss.lexicon import lexicon
from rashomon.lang import script

FSI, PDI = "\u2068", "\u2069"
GAP = "…"
_WORD = re.compile(r"[^\W\d_][\w\u200c\u0610-\u061a\u064b-\u065f\u0670]*|\d[\d.,٫٬]*")
_CUE_WORDS = {"negation": "NOT", "denial": "DENIES", "hedge": "possibly"}
_FA_LETTERS = set(script.PERSIAN_ONLY_LETTERS + script.PERSIAN_FORMS + script.PERSIAN_EZAFE)
_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u0640]")  # harakat, tatweel


def _surface(text: str) -> str:
    """A word as written, without vowel marks: the letters `matching_key` folds (ى/ي, ة/ه,
    the hamza seats) stay apart, so «على» ("on") is not «علي» (Ali)."""
    return _MARKS.sub("", unicodedata.normalize("NFC", text)).strip()


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def isolate(text: str) -> str:
    """`text` as one bidi unit inside an English line (when it holds right-to-left letters)."""
    return f"{FSI}{text}{PDI}" if has_rtl(text) else text


def guess_language(text: str) -> str:
    """'fa', 'ar' or 'en' from the letters alone (for labels of no known article)."""
    if not has_rtl(text):
        return "en"
    return "fa" if any(ch in _FA_LETTERS for ch in text) else "ar"


@dataclass(slots=True, kw_only=True)
class Gloss:
    """An English rendering and how it was made (`method`, the `parts` it used, and how many
    of the original's words it could render)."""

    text: str
    method: str  # "structured", "original" (already English) or "mt:<model>"
    parts: list[str] = field(default_factory=list)
    words: int = 0
    glossed: int = 0
    structured: str | None = None  # the structured rendering, kept beside a translation

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Gloss:
        """A gloss read back from its `to_dict()` (a dossier.json's `gloss`)."""
        words = d.get("words") or {}
        return cls(
            text=d["text"],
            method=d["method"],
            parts=list(d.get("parts") or []),
            words=words.get("total", 0),
            glossed=words.get("glossed", 0),
            structured=d.get("structured"),
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "method": self.method,
            "parts": self.parts,
            "words": {"total": self.words, "glossed": self.glossed},
        }
        if self.structured is not None:
            out["structured"] = self.structured
        return out


# Arabic and Persian put a relational adjective after its noun ("المساعدات العسكرية الأمريكية",
# "کمک نظامی": aid military American); English puts it before ("American military aid"). Such an
# adjective is a nisba: its key ends in ي / ية / يين / يون (Persian ی folds to ي), and its English
# gloss reads as an adjective. Both must hold: Persian nouns end in ی too (زندگی "life").
_NISBA = packs.words("gloss.adjective_endings", "ar")
_ADJECTIVE_EN = re.compile(r"(?:al|ic|ary|an|ese|ish|ive|ous|ern)$")


def _adjective(key: str, english: str) -> bool:
    return " " not in english and key.endswith(_NISBA) and _ADJECTIVE_EN.search(english) is not None


_LEADS = tuple(f"{w} " for w in ("to the", "by the", "to", "by", "like"))


def _adjectives_first(out: list[str], kinds: list[str]) -> list[str]:
    """Each noun followed by a run of such adjectives comes after them, the adjectives in
    reverse order: "aid military American" -> "American military aid"."""
    res: list[str] = []
    i = 0
    while i < len(out):
        j = i + 1
        if kinds[i] == "noun":
            while j < len(out) and kinds[j] == "adj":
                j += 1
        if j > i + 1:
            # a preposition glued to the noun stays in front: "to the American government"
            lead = next((p for p in _LEADS if out[i].startswith(p)), "")
            res.extend([lead + " ".join(reversed(out[i + 1 : j])), out[i][len(lead) :]])
        else:
            res.append(out[i])
        i = j
    return res


@dataclass(slots=True)
class Mark:
    start: int
    end: int
    kind: str  # entity | date | quantity | negation | denial | hedge
    text: str  # the English rendering


def _quantity(q: dict[str, Any]) -> str:
    value = q["value"]
    num = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
    return " ".join(x for x in (q.get("qualifier"), num, q.get("unit")) if x)


class Renderer:
    """Renders spans of text in one dossier: entity mentions by article, names by key."""

    def __init__(self, entities: list[dict[str, Any]]) -> None:
        self.mentions: dict[str, list[tuple[int, int, str]]] = {}
        self.names: dict[str, str] = {}  # matching key of a name as written -> Latin name
        self.surfaces: set[str] = set()  # the names as written (`_surface`)
        for ent in entities:
            latin = ent.get("latin") or ""
            if not latin or has_rtl(latin):
                continue
            self.names.setdefault(matching_key(ent["name"]).strip(), latin)
            self.surfaces.add(_surface(ent["name"]))
            for m in ent.get("mentions", []):
                self.mentions.setdefault(m["article"], []).append((m["start"], m["end"], latin))
                self.names.setdefault(matching_key(m["text"]).strip(), latin)
                self.surfaces.add(_surface(m["text"]))
        for spans in self.mentions.values():
            spans.sort()

    def latin_name(self, text: str) -> str | None:
        """The Latin name of an entity written `text` (exactly, after folding), if known."""
        return self.names.get(matching_key(text).strip())

    def marks(self, span: dict[str, Any], language: str | None) -> list[Mark]:
        """What is known about the words of `span` (absolute offsets), first come first kept."""
        start, end, text = span["start"], span["end"], span["text"]
        found = [
            Mark(a, b, "entity", latin)
            for a, b, latin in self.mentions.get(span.get("article", ""), [])
            if start <= a and b <= end
        ]
        found += [
            Mark(d["start"], d["end"], "date", d["value"])
            for d in span.get("dates", [])
            if "start" in d
        ]
        found += [
            Mark(q["start"], q["end"], "quantity", _quantity(q))
            for q in span.get("quantities", [])
            if "start" in q
        ]
        if language != "en":
            folded = Folded(text, start)  # the matching key once, for both cue finders
            cues = find_polarity_cues(text, language=language, offset=start, folded=folded)
            cues += find_hedges(text, language=language, offset=start, folded=folded)
            found += [Mark(c.start, c.end, c.kind, _CUE_WORDS[c.kind]) for c in cues]
        kept: list[Mark] = []
        for m in found:
            if not any(m.start < k.end and k.start < m.end for k in kept):
                kept.append(m)
        return sorted(kept, key=lambda m: m.start)

    def words(self, text: str, offset: int, language: str | None, marks: list[Mark]) -> Gloss:
        """The word-by-word rendering of `text` (at `offset` in its article)."""
        lex = lexicon(language)
        tokens = [(m.start() + offset, m.end() + offset, m.group(0)) for m in _WORD.finditer(text)]
        all_keys = [matching_key(t[2]).strip() for t in tokens]
        out: list[str] = []
        kinds: list[str] = []  # per rendered word: "noun" (lexicon), "adj" (see _adjective), ""
        parts: set[str] = set()
        glossed = 0
        i, mi = 0, 0
        while i < len(tokens):
            a, b, word = tokens[i]
            while mi < len(marks) and marks[mi].end <= a:
                mi += 1
            mark = marks[mi] if mi < len(marks) and marks[mi].start < b else None
            if mark is not None:
                j = i
                while j < len(tokens) and tokens[j][0] < mark.end:
                    j += 1
                out.append(mark.text)
                kinds.append("")
                parts.add(mark.kind)
                glossed += j - i
                i, mi = j, mi + 1
                continue
            if not has_rtl(word):  # Latin words as written; digits of any script as ASCII
                out.append(matching_key(word).strip() if word[0].isdigit() else word)
                kinds.append("")
                glossed += 1
                i += 1
                continue
            keys = all_keys[i : i + 4]
            n, latin = self._name_at(keys)
            if latin and n == 1 and self._common_word(lex, keys[0], word):
                latin = None  # «على» ("on") folds to the key of the name «علي»: the word wins
            if latin:
                out.append(latin)
                kinds.append("noun")
                parts.add("entity")
                glossed += n
                i += n
                continue
            n, entry = 1, None
            if lex is not None:
                n, entry = lex.phrase(keys)
            if entry is not None:
                if entry.english:  # "" is a particle with no English word: nothing to show
                    out.append(entry.english)
                    kinds.append("adj" if n == 1 and _adjective(keys[0], entry.english) else "noun")
                parts.add(f"lexicon:{entry.origin}")
                glossed += n
                i += n
                continue
            if not out or out[-1] != GAP:
                out.append(GAP)
                kinds.append("")
            i += 1
        return Gloss(
            text=" ".join(_adjectives_first(out, kinds)),
            method="structured",
            parts=sorted(parts),
            words=len(tokens),
            glossed=glossed,
        )

    def _common_word(self, lex: Any, key: str, word: str) -> bool:
        """Is a word outside any mention, whose folded key is a name's, a word of the lexicon
        (a particle, or a lowercase English gloss: no proper noun), as it stands (no affix
        stripped), written otherwise than every mention of that name? Then it is the word, not
        the name: the names are matched on the folded key, which merges letters a word and a
        name differ by."""
        if lex is None or _surface(word) in self.surfaces:
            return False
        entry = lex.entries.get(key)
        return entry is not None and entry.common

    def _name_at(self, keys: list[str]) -> tuple[int, str | None]:
        """The longest entity name (as written somewhere in the dossier) starting `keys`."""
        for n in range(len(keys), 0, -1):
            latin = self.names.get(" ".join(keys[:n]))
            if latin:
                return n, latin
        return 1, None

    def phrase(self, text: str, language: str | None) -> str:
        """A short name or phrase (an attribution, an outlet): its Latin name, else its words
        glossed, else the original isolated."""
        latin = self.latin_name(text)
        if latin:
            return latin
        if not has_rtl(text):
            return text
        g = self.words(text, 0, language, [])
        return g.text if g.words and g.glossed == g.words else isolate(text)
