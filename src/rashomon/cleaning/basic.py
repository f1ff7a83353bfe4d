"""The first cleaning stage: line endings, stray control characters, blank-line runs, trailing spaces.

It builds `Article.text` from `Article.raw` and records what it drops. Boilerplate removal and
metadata come in their own stages.
"""

from __future__ import annotations

import re

from rashomon.pipeline.base import ArticleStage
from rashomon.record import Article, Removed

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class BasicClean(ArticleStage):
    name = "clean.basic"

    def process(self, article: Article) -> Article:
        raw = article.raw.replace("\r\n", "\n").replace("\r", "\n")
        lines: list[str] = []
        for n, line in enumerate(raw.split("\n")):
            stripped = _CONTROL.sub("", line).strip()
            if not stripped:
                continue
            if stripped != line.strip():
                article.removed.append(Removed(text=line, reason="control characters", line=n))
            lines.append(stripped)
        article.text = "\n".join(lines)
        if article.title is None and lines:
            article.title = lines[0]
        return article
