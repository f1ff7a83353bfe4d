"""Page-furniture vocabulary: the words of a news site's *interface*, in many languages.

These are UI words only (buttons, widget labels, section markers), never article content:
a line is furniture when such words make up most of it and it does not read as a sentence,
so "Share" alone goes, while a sentence that mentions sharing stays. Written in the
languages of the development data (ar, fa, en, de, es, fr, it, pl, ru, tr, zh) plus ur, in
each language pack's `interface.toml` (`rashomon/lang/<iso>/`); a page's furniture is matched
against all languages at once. Everything is compared on the matching key (normalize.py), so
spelling variants of Arabic/Persian letters need not be listed twice.
"""

from __future__ import annotations

import functools
import re

from rashomon import lang
from rashomon.cleaning.normalize import matching_key

_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u9fff]")


class Phrases:
    """A vocabulary as token n-grams of the matching key, matched token by token.

    Matching is on word tokens, so punctuation does not matter ("e-mail" = "e mail",
    "/انتهى/" = "انتهى"), and a phrase also matches with its words run together, because
    the key drops ZWNJ ("انتهای‌پیام" keys as one word). CJK phrases, written without
    spaces, match as substrings. A set lookup per n-gram is far cheaper than one regex
    with hundreds of alternatives.
    """

    def __init__(self, phrases: list[str]) -> None:
        self.grams: dict[int, set[str]] = {}
        self.cjk: list[str] = []
        for p in phrases:
            key = matching_key(p)
            if _CJK.search(key):
                self.cjk.append("".join(key.split()))
                continue
            toks = _WORD.findall(key)
            if not toks:
                continue
            self.grams.setdefault(len(toks), set()).add(" ".join(toks))
            self.grams.setdefault(1, set()).add("".join(toks))
        self.longest = max(self.grams, default=0)

    def spans(self, key: str) -> list[tuple[int, int]]:
        """(start, end) offsets in `key` of the phrases found, longest first, no overlaps."""
        toks = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(key)]
        out: list[tuple[int, int]] = []
        i = 0
        while i < len(toks):
            for n in range(min(self.longest, len(toks) - i), 0, -1):
                grams = self.grams.get(n)
                if grams and " ".join(t[0] for t in toks[i : i + n]) in grams:
                    out.append((toks[i][1], toks[i + n - 1][2]))
                    i += n
                    break
            else:
                i += 1
        for phrase in self.cjk:
            start = key.find(phrase)
            while start >= 0:
                out.append((start, start + len(phrase)))
                start = key.find(phrase, start + len(phrase))
        return out


@functools.cache
def phrases(name: str) -> Phrases:
    """The vocabulary `name` ("UI", or a union such as "SOCIAL+UI") ready for matching: the
    lists `interface.<name>` of every language pack, merged."""
    return Phrases([w for part in name.split("+") for w in lang.words(f"interface.{part.lower()}")])


@functools.lru_cache(maxsize=1)
def neutral_words() -> frozenset[str]:
    return frozenset(matching_key(w) for w in lang.words("interface.neutral"))


@functools.lru_cache(maxsize=1)
def continuation_words() -> frozenset[str]:
    return frozenset(matching_key(w) for w in lang.words("interface.continuation"))
