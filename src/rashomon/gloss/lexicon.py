"""The bilingual word list behind the structured gloss: Arabic and Persian words to English.

Two sources: the language pack's hand-written core of frequent news words
(`lang/<iso>/gloss.toml`, table `core`), and `data/cldr.tsv`, built by
`scripts/build_gloss_lexicon.py` from Unicode CLDR (country, language, month, weekday, currency
and unit names, through babel). A word in both keeps the core's sense. Words are matched on their matching key (the same folds
as search: alef, yeh and kaf variants, diacritics, tatweel, ZWNJ) and, when the whole word is
not listed, after stripping the clitics and suffixes below: "والعسكرية" is "military", "لأردوغان"
"to Erdogan". Entries of several words ("الولايات المتحدة") are matched first, longest first.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rashomon import lang as packs
from rashomon.cleaning.normalize import matching_key

MAX_WORDS = 4  # the longest entry, in words
# Prefixes (conjunctions, prepositions, the article) and suffixes (pronouns, plural and feminine
# endings), longest first, from each pack's gloss.toml (a language without its own lists strips
# nothing). Stripping stops at a stem of 2 letters: a shorter one is no word. Words are looked up
# by their matching key (Persian ی and ک folded to ي and ك): so are the affixes.
_PREFIXES = {
    iso: tuple(matching_key(a) for a in packs.get(iso).words("gloss.prefixes"))
    for iso in packs.isos()
    if packs.get(iso).words("gloss.prefixes")
}
_SUFFIXES = {
    iso: tuple(matching_key(a) for a in packs.get(iso).words("gloss.suffixes"))
    for iso in packs.isos()
    if packs.get(iso).words("gloss.suffixes")
}
_PREFIX_GLOSS = packs.table("gloss.prefix_gloss", "ar")
# The Arabic article alone and fused with a clitic (ال, وال, بال, فال, لل), longest first.
ARTICLES = tuple(
    sorted(
        {
            matching_key(v)
            for k, v in packs.table("morphology.glue", "ar").items()
            if k in ("the", "to_the", "and_the", "with_the", "so_the")
        },
        key=len,
        reverse=True,
    )
)
_FEMININE = packs.table("morphology.glue", "ar")["feminine"]


@dataclass(slots=True, frozen=True)
class Entry:
    english: str
    origin: str  # cldr | core

    @property
    def common(self) -> bool:
        """A gloss naming no proper noun: no word of it capitalised ("dollar", "on"; "to
        Israel", CLDR's "Caribbean" are names)."""
        return not any(w[:1].isupper() for w in self.english.split())


class Lexicon:
    """Word -> English for one language; `lookup` tries the word, then its stems."""

    def __init__(self, language: str, entries: dict[str, Entry]) -> None:
        self.language = language
        self.entries = entries
        self._seen: dict[str, Entry | None] = {}  # lookups so far (news repeats its words)

    def __len__(self) -> int:
        return len(self.entries)

    def phrase(self, words: list[str]) -> tuple[int, Entry | None]:
        """The longest entry that starts `words` (matching keys): (its length in words, entry)."""
        for n in range(min(MAX_WORDS, len(words)), 1, -1):
            hit = self.entries.get(" ".join(words[:n]))
            if hit is not None:
                return n, hit
        return 1, self.lookup(words[0]) if words else None

    def lookup(self, word: str) -> Entry | None:
        """The entry of one word (its matching key), directly or after stripping affixes."""
        if word not in self._seen:
            if len(self._seen) >= 200_000:  # bounded: a long-running `serve` stays small
                self._seen.clear()
            self._seen[word] = self._lookup(word)
        return self._seen[word]

    def own(self, word: str) -> Entry | None:
        """The entry of the word itself (its matching key), or of it after the Arabic article
        and the clitics fused with it; no other stemming (which reads names as clitics around
        a function word: «ليون», Lyon, as "to me")."""
        hit = self.entries.get(word)
        if hit is None and self.language == "ar":
            for art in ARTICLES:
                if word.startswith(art) and len(word) - len(art) >= 3:
                    return self.entries.get(word[len(art) :])
        return hit

    def _lookup(self, word: str) -> Entry | None:
        if word in self.entries:
            return self.entries[word]
        for pre in ("", *_PREFIXES.get(self.language, ())):
            if pre and not word.startswith(pre):
                continue
            stem = word[len(pre) :]
            for suf in ("", *_SUFFIXES.get(self.language, ())):
                if suf and not stem.endswith(suf):
                    continue
                core = stem[: len(stem) - len(suf)]
                if len(core) < 2 or (not pre and not suf):
                    continue
                hit = self.entries.get(core) or (
                    self.entries.get(core + _FEMININE) if self.language == "ar" else None
                )
                if hit is not None:
                    lead = _PREFIX_GLOSS.get(pre)
                    return Entry(f"{lead} {hit.english}" if lead else hit.english, hit.origin)
        return None


@lru_cache(maxsize=8)
def lexicon(language: str | None) -> Lexicon | None:
    """The lexicon of `language` ('ar', 'fa'), loaded once; None where there is none."""
    lang = (language or "").split("-")[0]
    rows = [(w, g, "core") for w, g in packs.get(lang).table("gloss.core").items()]
    text = resources.files("rashomon.gloss").joinpath("data", "cldr.tsv").read_text("utf-8")
    rows += [
        (r[1], r[2], "cldr")
        for r in csv.reader(text.splitlines(), delimiter="\t")
        if len(r) == 3 and r[0] == lang
    ]
    entries: dict[str, Entry] = {}
    for word, english, origin in rows:
        key = matching_key(word).strip()
        if key and key not in entries:
            entries[key] = Entry(str(english), origin)
    return Lexicon(lang, entries) if entries else None
