"""Cap an article's length: an over-long article is cut, and the cut is kept in `removed[]`.

Why cut rather than refuse: a scraped page that runs on (a forum thread glued under the story, a
whole archive page) still starts with the article, so its head is worth keeping; refusing would
lose it. The cut text is recorded (nothing is lost) and the build summary names the article.
Why here: after cleaning (which may remove most of a page) and before segmentation and every
later stage, whose cost grows with the text (the matching key alone takes ~0.8 s per million
characters on one core).

The cut lands on the last paragraph break, else the last whitespace, in the final 10% before the
limit, so no word is split; if there is none it lands exactly on the limit.
"""

from __future__ import annotations

import logging

from rashomon.pipeline.base import ArticleStage
from rashomon.record import Article, Removed

log = logging.getLogger(__name__)

# extras key: number of characters kept when the article was cut.
LIMIT_EXTRA = "limits.cut_at"


def cut_point(text: str, limit: int) -> int:
    """Where to cut `text` so at most `limit` characters stay (the whole text if it fits)."""
    if len(text) <= limit:
        return len(text)
    floor = limit - limit // 10
    para = text.rfind("\n", floor, limit + 1)
    if para > 0:
        return para
    for i in range(limit, max(floor, 1) - 1, -1):
        if text[i].isspace():
            return i
    return limit


class LimitLength(ArticleStage):
    name = "limits.length"

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars

    def process(self, article: Article) -> Article:
        if len(article.text) <= self.max_chars:
            return article
        at = cut_point(article.text, self.max_chars)
        total = len(article.text)
        article.removed.append(
            Removed(
                text=article.text[at:],
                reason=(
                    f"article over [limits] max_article_chars ({total:,} > {self.max_chars:,} "
                    f"characters): cut after character {at:,}"
                ),
            )
        )
        article.text = article.text[:at].rstrip()
        article.extras[LIMIT_EXTRA] = len(article.text)
        log.warning(
            "%s: %s characters, over [limits] max_article_chars = %s; kept the first %s",
            article.source,
            f"{total:,}",
            f"{self.max_chars:,}",
            f"{len(article.text):,}",
        )
        return article
