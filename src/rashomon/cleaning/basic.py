"""The first cleaning stage: line endings, stray control characters, blank-line runs, trailing spaces.

It builds `Article.text` from `Article.raw` and records what it drops. Boilerplate removal and
metadata come in their own stages, which re-derive the same line list with `clean_lines` so
that every line they remove can name its line number in `raw`.
"""

from __future__ import annotations

import re

from rashomon.pipeline.base import ArticleStage
from rashomon.record import Article, Removed

# C0/C1 controls, and invisible characters that are never text: BOM/ZWNBSP inside a line,
# the object replacement character. ZWNJ/ZWJ are kept (Persian, Indic scripts need them).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffc]")


def clean_lines(raw: str) -> tuple[list[tuple[int, str]], list[Removed]]:
    """The non-blank lines of `raw` as (raw line number, stripped text), and what was dropped."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    lines: list[tuple[int, str]] = []
    removed: list[Removed] = []
    for n, line in enumerate(raw.split("\n")):
        stripped = _CONTROL.sub("", line).strip()
        if not stripped:
            if line.strip():
                removed.append(Removed(text=line, reason="control characters only", line=n))
            continue
        if stripped != _CONTROL.sub("", line).strip() or _CONTROL.search(line):
            removed.append(Removed(text=line, reason="control characters", line=n))
        lines.append((n, stripped))
    return lines, removed


class BasicClean(ArticleStage):
    name = "clean.basic"

    def process(self, article: Article) -> Article:
        lines, removed = clean_lines(article.raw)
        article.removed.extend(removed)
        article.text = "\n".join(text for _, text in lines)
        return article
