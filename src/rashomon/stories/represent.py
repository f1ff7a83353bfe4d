"""What the story stages look at in an article: its head (title + lead) for the embedding,
and cheap, language-light features (numbers, dates, name-like tokens, rare tokens).

Everything is computed from `Article.text` through the matching key, so script variants
(Arabic/Persian letters, digit scripts, case) never split a feature in two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rashomon.cleaning.normalize import matching_key
from rashomon.record import Article

# A line of at least this many characters reads as prose, not as page furniture (menus, share
# buttons, bylines, "0 comments"): scraped pages put several such short lines before the lead.
_PROSE_LINE = 60
# Titles longer than this are not titles (a reader that put the whole article on one line).
_MAX_TITLE = 250

_WORD = re.compile(r"\w+", re.UNICODE)
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_MONTH_DAY_NOISE = {str(i) for i in range(0, 32)}


def head_text(article: Article, lead_chars: int) -> str:
    """Title + lead: the title line (when it is one) and the first prose lines, at most
    `lead_chars` characters, cut at a word boundary. This is the text that is embedded."""
    text = article.text.strip()
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    parts: list[str] = []
    title = (article.title or "").strip()
    if title and len(title) <= _MAX_TITLE and len(lines) > 1:
        parts.append(title)
    budget = lead_chars - sum(len(p) + 1 for p in parts)
    for ln in lines:
        if budget <= 0:
            break
        if parts and ln == parts[0]:
            continue
        if len(ln) < _PROSE_LINE and len(lines) > 1:
            continue
        piece = ln[:budget]
        parts.append(piece)
        budget -= len(piece) + 1
    if len(parts) <= (1 if title and parts and parts[0] == title else 0):
        # no prose line at all (short notes, lists): fall back to the text itself
        parts.append(text[:lead_chars])
    head = "\n".join(parts)[:lead_chars]
    if len(head) == lead_chars and " " in head[-40:]:
        head = head[: head.rfind(" ")]
    return head


@dataclass(slots=True)
class Profile:
    """Cheap features of one article, all on the matching key."""

    tokens: set[str] = field(default_factory=set)  # word types of 3+ characters
    numbers: set[str] = field(default_factory=set)  # numbers other than 0-31 (too common)
    years: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)  # capitalised Latin words not sentence-initial
    entities: set[str] = field(default_factory=set)  # linked entity ids / mention keys


def profile(article: Article, max_chars: int = 4000) -> Profile:
    """Features from the first `max_chars` characters (the part a reader compares first)."""
    text = article.text[:max_chars]
    key = matching_key(text)
    p = Profile()
    for w in _WORD.findall(key):
        if len(w) >= 3 and not w.isdigit():
            p.tokens.add(w)
    for m in _NUMBER.finditer(key):
        n = m.group().replace(",", ".")
        if _YEAR.match(n):
            p.years.add(n)
        elif n not in _MONTH_DAY_NOISE:
            p.numbers.add(n)
    # Name-like tokens: capitalised Latin words that do not open a sentence. They carry across
    # Latin-script languages unchanged (Malkin, Pittsburgh, Remdesivir) and cost nothing.
    for m in re.finditer(r"(?<=[^\s.!?:\"'«„“]\s)([A-ZÀ-ÞŁŚŻŹĆŃ][\w'-]{2,})", text):
        p.names.add(matching_key(m.group(1)))
    for mention in article.mentions:
        ident = mention.entity or mention.key
        if ident:
            p.entities.add(ident)
    return p
