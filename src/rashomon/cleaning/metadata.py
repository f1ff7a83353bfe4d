"""Metadata from text: headline, outlet, publication date, and whether the start is cut off.

Runs after `Boilerplate`, and reads what it removed: a date line gives the date, a social,
copyright or dateline line gives the outlet's name. Values already set by a reader (HTML
metadata, JSON fields) win: they come from the page itself, not from a guess.

Outlet, by priority: reader metadata > copyright line > social line ("X | Facebook",
"Follow X on Instagram") > dateline ("Dubai - X") > what is left of a share bar once its
interface words are gone ("X 0 comments print share") > the source domain.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlparse

from rashomon import lang
from rashomon.cleaning import boilerplate as bp
from rashomon.cleaning.byline import byline_metadata
from rashomon.cleaning.dates import find_date
from rashomon.cleaning.lines import leftover, line_info
from rashomon.cleaning.normalize import matching_key
from rashomon.cleaning.vocab import continuation_words
from rashomon.pipeline.base import ArticleStage
from rashomon.record import Article

_PRIORITY = {bp.COPYRIGHT: 0, bp.SOCIAL: 1, bp.DATELINE: 2, bp.UI_LINE: 3}
_MAX_OUTLET_WORDS = 6
_AR_AND = lang.table("morphology.glue", "ar")["and"]


def outlet_from_line(text: str, reason: str) -> str | None:
    """The outlet's name in one furniture line, or None."""
    if reason == bp.DATELINE:
        m = bp._DATELINE.match(text)
        name = m.group(2).strip() if m else ""
    elif reason == bp.COPYRIGHT:
        cleaned = bp._COPYRIGHT.sub(" ", text)
        cleaned = re.sub(r"\b(19|20)\d{2}\b(\s*[-–]\s*(19|20)\d{2})?", " ", cleaned)
        name = leftover(cleaned, ("UI", "SOCIAL"))
        name = re.split(r"[.|]", name)[0].strip()
    elif reason == bp.SOCIAL:
        parts = re.split(r"\s[|•·]\s|\s[-–—]\s", text)
        if len(parts) > 1:  # "X | Facebook": the part with no social or UI words
            rest = [p for p in parts if leftover(p, ("SOCIAL", "PROMPT", "UI")) == p.strip()]
            name = rest[0].strip() if rest else ""
        else:
            name = leftover(text, ("SOCIAL", "PROMPT", "UI"))
    elif reason == bp.UI_LINE:
        name = _share_bar_name(text)
    else:
        return None
    name = name.strip(" -–—|:·•,،.")
    if not name or len(name.split()) > _MAX_OUTLET_WORDS or not re.search(r"[^\W\d]", name):
        return None
    return name


def _share_bar_name(text: str) -> str:
    """The words of a share bar that are not interface words, when they sit at one end."""
    name = leftover(text, ("UI", "SOCIAL", "PROMPT"))
    if not name:
        return ""
    tokens = text.split()
    rest = name.split()
    if tokens[: len(rest)] == rest or tokens[-len(rest) :] == rest:
        return name if len(rest) <= 3 else ""
    return ""


def outlet_from_domain(url_or_domain: str | None) -> str | None:
    if not url_or_domain:
        return None
    host = urlparse(url_or_domain).netloc if "//" in url_or_domain else url_or_domain
    host = host.split("@")[-1].split(":")[0].lower()
    host = re.sub(r"^(www\d?|m|amp|mobile)\.", "", host)
    return host or None


@functools.lru_cache(maxsize=4096)
def _zipf(word: str, lang: str) -> float:
    try:
        from wordfreq import zipf_frequency

        return zipf_frequency(word, lang)
    except Exception:  # noqa: BLE001 - wordfreq data missing for a language: no evidence
        return 0.0


def starts_mid_sentence(line: str) -> bool:
    """The line continues a sentence: lowercase start, leading punctuation, a conjunction."""
    s = line.lstrip("\"'«“‘ ")
    if not s:
        return False
    first = s[0]
    if first.islower() and first.isalpha():
        # "dpa Berlin ...", "afp": short lowercase agency names open wire copy.
        lead = re.match(r"\w+", s)
        word = lead.group() if lead else ""
        if word.islower() and (len(word) >= 4 or matching_key(word) in continuation_words()):
            return True
    if first in ",;:،؛)]}…" or s.startswith(("...", "..")):
        return True
    words = s.split()
    w = matching_key(re.sub(r"[^\w]", "", words[0]))
    if w in continuation_words():
        return True
    # Arabic attaches "and" to the next word: "ووفق" = "and according to". The prefix is
    # a conjunction when the rest is a much more frequent word than the whole.
    if len(w) >= 4 and w[0] == _AR_AND and re.match(r"[\u0600-\u06ff]+$", w):
        rest_z, whole_z = _zipf(w[1:], "ar"), _zipf(w, "ar")
        if rest_z >= 3.5 and rest_z > whole_z + 0.3:
            return True
    return False


def looks_like_headline(text: str) -> bool:
    info = line_info(text)
    if info.words == 0 or info.words > 30:
        return False
    # A headline does not end with a full stop (question and exclamation marks happen).
    return not text.rstrip("\"'»”’) ").endswith((".", ":", "؛", ";", "،", ","))


class ExtractMetadata(ArticleStage):
    name = "clean.metadata"

    def process(self, article: Article) -> Article:
        lines = article.text.split("\n") if article.text else []
        if article.title is None and len(lines) > 1 and looks_like_headline(lines[0]):
            article.title = lines[0]
        if article.outlet is None:
            article.outlet = self._outlet(article)
        if article.published is None:
            for r in article.removed:
                if r.reason in (bp.DATE_LINE, bp.DATE_PREFIX) and (found := find_date(r.text)):
                    article.published = found[0]
                    break
        if article.outlet is None or article.published is None:
            outlet, when = byline_metadata(lines)
            article.outlet = article.outlet or outlet
            article.published = article.published or when
        # The first paragraph that reads as text, among the first three lines: bylines and
        # labels ("von dpa", "article") between headline and body say nothing about a cut.
        start = 1 if article.title is not None and lines and lines[0] == article.title else 0
        first = next((ln for ln in lines[start : start + 3] if line_info(ln).body_like), None)
        if first is not None and starts_mid_sentence(first):
            article.truncated = True
        return article

    @staticmethod
    def _outlet(article: Article) -> str | None:
        best: tuple[int, int, str] | None = None
        for k, r in enumerate(article.removed):
            rank = _PRIORITY.get(r.reason)
            if rank is None:
                continue
            name = outlet_from_line(r.text, r.reason)
            if name and (best is None or (rank, k) < best[:2]):
                best = (rank, k, name)
        if best:
            return best[2]
        return outlet_from_domain(article.extras.get("reader.url"))
