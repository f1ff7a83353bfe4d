"""Rules that match on the folded matching key, reported as exact display offsets.

Every extractor here writes its cue lists in natural spelling (أ, ی, ک, harakat, ZWNJ) and
matches them against `matching_key(text)`, where script variants, diacritics, tatweel, ZWNJ and
digit scripts are folded (Persian ۲۱ and Arabic ٢١ both read 21). `Folded.span` maps a match in
the key back to `text[start:end]` in the display text, so offsets stay exact.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import regex

from rashomon import lang
from rashomon.cleaning.normalize import matching_key, matching_key_map

# A word character on either side ends a cue; Arabic clitics are allowed in front explicitly.
WORD = r"[\p{L}\p{M}\p{N}_]"
NOT_BEFORE = rf"(?<!{WORD})"
NOT_AFTER = rf"(?!{WORD})"


class Trigger:
    """A cheap pre-check before costly rules: does the text hold any of these words (their
    first word, for phrases)? Most sentences hold none, and a set lookup per word is far cheaper
    than a regex alternation of hundreds of cue words."""

    def __init__(self, words: Iterable[str], *, digits: bool = False) -> None:
        self.first = {_TOKEN.findall(fold(w))[0] for w in words if _TOKEN.findall(fold(w))}
        self.digits = digits

    def hit(self, f: Folded) -> bool:
        if self.digits and any(ch.isdigit() for ch in f.key):
            return True
        return not self.first.isdisjoint(f.words)


def fold(text: str) -> str:
    """The matching key of a cue (the same folding as the text it is matched against)."""
    return matching_key(text)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of folded cue words, longest first (so "شنبه" never wins over
    "یکشنبه"), spaces matching any run of spaces."""
    folded = sorted({fold(w) for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in folded)


def compile_words(words: Iterable[str], *, prefix: str = "", suffix: str = "") -> regex.Pattern:
    """Whole-word matcher for folded cue words, with an optional clitic `prefix` group."""
    return regex.compile(rf"{NOT_BEFORE}{prefix}(?:{alternation(words)}){suffix}{NOT_AFTER}")


_AR = lang.table("morphology.glue", "ar")
# Arabic clitics a cue may carry glued in front, longest first.
_CLITICS = tuple(
    _AR[k] for k in ("and_the", "with_the", "so_the", "to_the", "the", "and", "so", "with", "to")
)
_TOKEN = re.compile(r"[^\s\-–—,،.;؛:!?؟()\[\]\"'«»“”/]+")


class Folded:
    """A text and its matching key, with the map from key positions to display offsets."""

    __slots__ = ("text", "key", "index", "offset", "_words")

    def __init__(self, text: str, offset: int = 0) -> None:
        self.text = text
        self.key, self.index = matching_key_map(text)
        self.offset = offset
        self._words: set[str] | None = None

    @property
    def words(self) -> set[str]:
        """The key's words, each also without its Arabic clitics (و، ف، ب، ل، ال)."""
        if self._words is None:
            words = set()
            for w in _TOKEN.findall(self.key):
                words.add(w)
                for c in _CLITICS:
                    if w.startswith(c) and len(w) > len(c) + 1:
                        words.add(w[len(c) :])
            self._words = words
        return self._words

    def local(self, kstart: int, kend: int) -> tuple[int, int]:
        """Display offsets (relative to `text`) of key[kstart:kend]."""
        if kend <= kstart:
            pos = self.index[kstart] if kstart < len(self.index) else len(self.text)
            return pos, pos
        end = self.index[kend - 1] + 1
        # keep the combining marks (harakat, tanwin) that close the last letter: "احتمالاً"
        while end < len(self.text) and unicodedata.category(self.text[end]) == "Mn":
            end += 1
        return self.index[kstart], end

    def span(self, kstart: int, kend: int) -> tuple[int, int, str]:
        """Absolute offsets (shifted by `offset`) and the exact display text of key[kstart:kend]."""
        s, e = self.local(kstart, kend)
        return s + self.offset, e + self.offset, self.text[s:e]
