"""Boilerplate removal for already-extracted plain text: line-level rules and a batch statistic.

Scraped pages keep their furniture inside the text: share bars, comment counters, reading-time
widgets, "follow us" prompts, photo captions and credits, "related"/"read more" blocks, date
lines, datelines, and the same paragraphs pasted twice. This stage removes them line by line
and records every removed line in `Article.removed` with its reason and raw line number, so a
user can see and undo it. Body text comes first: every rule except the caption rule spares a
line that reads as running text (`LineInfo.body_like`), because losing a body sentence is
worse than keeping a widget label.

Rules, in the order they apply:
1. reading-time widgets, date lines, photo captions and credits, copyright lines,
   social/app prompts, interface lines (UI words make up most of a short unpunctuated line);
2. datelines ("Dubai - Outlet") in the header, "read also: ..." links, and lines naming the
   outlet (learned from step 1's furniture) that do not read as text ("free internet with X");
3. repeated paragraphs and blocks inside one article (the first copy kept);
4. a related/comments/tags marker after the last body paragraph, and every line after it;
5. lines recurring in many articles of the batch (a statistic over the chunk: `run` sees it).
A date label glued to the first line ("date 2025-11-01 The minister...") is cut off that line.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

from rashomon import lang
from rashomon.cleaning import vocab
from rashomon.cleaning.basic import clean_lines
from rashomon.cleaning.dates import find_date
from rashomon.cleaning.lines import LineInfo, coverage, has, line_info
from rashomon.cleaning.normalize import matching_key
from rashomon.pipeline.base import ArticleStage
from rashomon.record import Article, Removed

log = logging.getLogger(__name__)

# Reasons, as stored in removed[] (metadata.py reads some of them back).
READING_TIME = "reading-time widget"
DATE_LINE = "date line"
DATE_PREFIX = "date label before the first line"
SOCIAL = "social-media or app prompt"
CAPTION = "photo caption or credit"
COPYRIGHT = "copyright line"
UI_LINE = "interface line (share, print, comments, labels)"
DATELINE = "dateline (place - outlet)"
READ_ALSO = "link to another article"
PROMO = "outlet self-promotion"
TAIL = "related/comments block at the end"
RECURRING = "line recurring across articles of the batch"
DUP_LINE = "line repeated right after itself"
DUP_BLOCK = "repeated block (first copy kept)"
DUP_PARA = "repeated paragraph (first copy kept)"

# A line ending "- REUTERS", "| AFP/Getty", "(Photo: X)": a caption with its credit.
_CREDIT_TAIL = re.compile(r"\s[-–—|/]\s*[A-Z][A-Z.&/ ]{1,30}\s*$")
_RIGHTS_RESERVED = "|".join(
    re.escape(w) for w in sorted(lang.words("interface.rights_reserved"), key=len, reverse=True)
)
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|copyright|" + _RIGHTS_RESERVED, re.IGNORECASE)
_RIGHTS = re.compile(r"©|" + _RIGHTS_RESERVED, re.IGNORECASE)
_DATE_LABEL = re.compile(
    r"^\W*(?:"
    + "|".join(
        re.escape(w) for w in sorted(lang.words("interface.date_label"), key=len, reverse=True)
    )
    + r")\s*[:：-]?\s*$",
    re.IGNORECASE,
)
_DATELINE = re.compile(r"^([^\W\d][\w.' ]{1,30}?)\s*[-–—ـ]+\s*([^\W\d][\w.' ]{1,40})$")
_READ_ALSO = re.compile(r"^\s*(.{2,30}?)\s*[:：]\s*\S")


class Boilerplate(ArticleStage):
    """Removes page furniture from `Article.text`; needs `BasicClean` before it."""

    name = "clean.boilerplate"

    def __init__(self, recurring_min_articles: int = 3, max_furniture_words: int = 12) -> None:
        self.recurring_min_articles = recurring_min_articles
        self.max_furniture_words = max_furniture_words
        self._recurring: dict[str, int] = {}

    # -- the chunk: a statistic over all its articles, then each article --------------------
    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        chunk = list(articles)
        self._recurring = self.recurring_lines(chunk)
        try:
            yield from super().run(chunk)
        finally:
            self._recurring = {}

    def recurring_lines(self, chunk: list[Article]) -> dict[str, int]:
        """Keys of short lines found in at least `recurring_min_articles` articles of the chunk.

        Each article counts once per line; the first line (the headline) is not counted, and
        neither are lines that read as text, since outlets copying one wire story share whole
        sentences that are body, not furniture.
        """
        if self.recurring_min_articles < 2 or len(chunk) < self.recurring_min_articles:
            return {}
        seen: dict[str, set[int]] = defaultdict(set)
        for i, article in enumerate(chunk):
            lines, _ = clean_lines(article.raw)
            for _, text in lines[1:]:
                if len(text.split()) > self.max_furniture_words:
                    continue
                info = line_info(text)
                if info.body_like or info.words > self.max_furniture_words:
                    continue
                seen[" ".join(info.key.split())].add(i)
        return {k: len(v) for k, v in seen.items() if len(v) >= self.recurring_min_articles}

    # -- one article ------------------------------------------------------------------------
    def process(self, article: Article) -> Article:
        lines, _ = clean_lines(article.raw)
        if "\n".join(t for _, t in lines) != article.text:
            # Text was changed after BasicClean: work on its lines, without raw line numbers.
            lines = [(-1, t) for t in article.text.split("\n") if t.strip()]
        texts = [t for _, t in lines]
        infos = [line_info(t) for t in texts]
        reasons: list[str | None] = [self._first_pass(info) for info in infos]

        self._dates_in_body(infos, reasons)
        self._header(infos, reasons)
        outlets = self._outlet_names(article, infos, reasons)
        self._second_pass(infos, reasons, outlets)
        self._repeats(infos, reasons)  # before the tail: a pasted-twice block is not body
        self._tail(infos, reasons)
        self._recurring_pass(infos, reasons)

        first_kept = next((i for i, r in enumerate(reasons) if r is None), None)
        if first_kept is not None and first_kept < 3:
            cut = self._date_prefix(texts[first_kept])
            if cut:
                prefix, rest = texts[first_kept][:cut], texts[first_kept][cut:]
                article.removed.append(
                    Removed(text=prefix.strip(), reason=DATE_PREFIX, line=_n(lines[first_kept]))
                )
                texts[first_kept] = rest.strip()

        kept: list[str] = []
        for (n, _), text, reason in zip(lines, texts, reasons, strict=True):
            if reason is None:
                kept.append(text)
            else:
                article.removed.append(
                    Removed(text=text, reason=reason, line=n if n >= 0 else None)
                )
        article.removed.sort(key=lambda r: (r.line is None, r.line or 0))
        article.text = "\n".join(kept)
        return article

    # -- rules ------------------------------------------------------------------------------
    def _first_pass(self, info: LineInfo) -> str | None:
        short = info.words <= self.max_furniture_words
        if short and not info.body_like and has(info, "READING_TIME"):
            return READING_TIME
        if info.words <= 10 and not info.body_like and self._is_date_line(info):
            return DATE_LINE
        copyright_line = info.words <= 25 and _COPYRIGHT.search(info.text)
        if info.body_like:
            # "© 2020 X. All rights reserved." ends like a sentence; a sentence that only
            # mentions copyright does not carry the sign or the formula.
            if copyright_line and _RIGHTS.search(info.text):
                return COPYRIGHT
            return CAPTION if _is_photo_label(info) else None
        if _is_caption(info):
            return CAPTION
        if copyright_line:
            return COPYRIGHT
        if (
            short
            and has(info, "SOCIAL")
            and (
                has(info, "PROMPT")
                or "|" in info.text
                # nothing but network names and UI words, and not a sentence ("Bale." = "Yes.")
                or (coverage(info, "SOCIAL+UI") >= 1.0 and not info.ends_sentence)
            )
        ):
            return SOCIAL
        if short and not info.ends_sentence and coverage(info, "UI") > 0.5:
            return UI_LINE
        return None

    @staticmethod
    def _is_date_line(info: LineInfo) -> bool:
        found = find_date(info.text)
        if not found:
            return False
        _, s, e = found
        rest = info.text[:s] + " " + info.text[e:]
        # What is left may be a label, a weekday, a time: a few short tokens, no sentence.
        words = [w for w in re.findall(r"\w+", rest) if not w.isdigit()]
        return len(words) <= 4

    @staticmethod
    def _date_prefix(text: str) -> int:
        """Length of a "date 2025-11-01 " label glued before body text, or 0."""
        found = find_date(text[:60])
        if not found:
            return 0
        _, s, e = found
        if not _DATE_LABEL.match(text[:s]):
            return 0
        if len(text[e:].split()) < 5:
            return 0  # a date line, not a prefix; the date-line rule handles it
        return e

    @staticmethod
    def _dates_in_body(infos: list[LineInfo], reasons: list[str | None]) -> None:
        """A date line is furniture in the header or after the body; between body
        paragraphs (past the first lines, or several of them) it is content: a schedule,
        a dated list."""
        body = [i for i, info in enumerate(infos) if info.body_like and reasons[i] is None]
        if not body:
            return
        first, last = body[0], body[-1]
        mid = [i for i, r in enumerate(reasons) if r == DATE_LINE and first < i < last]
        for i in mid:
            # One date line just after the lead is still a header; several are a list.
            if len(mid) >= 2 or i > 6:
                reasons[i] = None

    def _header(self, infos: list[LineInfo], reasons: list[str | None]) -> None:
        """Datelines ("Dubai - Outlet") between the headline and the first body paragraph."""
        for i, info in enumerate(infos[:8]):
            if info.body_like:
                break
            if i == 0 or reasons[i] is not None or info.words > 6:
                continue
            if _DATELINE.match(info.text) and not info.ends_sentence:
                reasons[i] = DATELINE

    def _outlet_names(
        self, article: Article, infos: list[LineInfo], reasons: list[str | None]
    ) -> list[list[str]]:
        """Token lists of the outlet names this article's furniture reveals (for rule 2)."""
        from rashomon.cleaning.metadata import outlet_from_line

        names: list[str] = [article.outlet] if article.outlet else []
        for info, reason in zip(infos, reasons, strict=True):
            if reason in (SOCIAL, COPYRIGHT, DATELINE):
                name = outlet_from_line(info.text, reason)
                if name:
                    names.append(name)
        return [matching_key(n).split() for n in names if n]

    def _second_pass(
        self, infos: list[LineInfo], reasons: list[str | None], outlets: list[list[str]]
    ) -> None:
        for i, info in enumerate(infos):
            if reasons[i] is not None or info.body_like or info.ends_sentence:
                continue
            if info.words > self.max_furniture_words:
                continue
            m = _READ_ALSO.match(info.text)
            if m and coverage(line_info(m.group(1)), "BLOCK_MARKERS") >= 1.0:
                reasons[i] = READ_ALSO
                continue
            if i > 0 and any(_contains_name(info.key.split(), name) for name in outlets):
                reasons[i] = PROMO

    def _tail(self, infos: list[LineInfo], reasons: list[str | None]) -> None:
        """A related/comments marker after the last body paragraph, and what follows it."""
        last_body = max(
            (i for i, info in enumerate(infos) if info.body_like and reasons[i] is None),
            default=-1,
        )
        for i in range(last_body + 1, len(infos)):
            info = infos[i]
            if reasons[i] in (UI_LINE, None) and coverage(info, "BLOCK_MARKERS") > 0.5:
                for j in range(i, len(infos)):
                    if reasons[j] is None or j == i:
                        reasons[j] = TAIL
                return

    def _recurring_pass(self, infos: list[LineInfo], reasons: list[str | None]) -> None:
        if not self._recurring:
            return
        for i, info in enumerate(infos):
            if i == 0 or reasons[i] is not None or info.body_like:
                continue
            count = self._recurring.get(" ".join(info.key.split()))
            if count:
                reasons[i] = f"{RECURRING} ({count} articles)"

    @staticmethod
    def _repeats(infos: list[LineInfo], reasons: list[str | None]) -> None:
        """Paragraphs pasted twice: adjacent copies, runs of copies, long single copies."""
        seen: set[str] = set()
        dup: dict[int, bool] = {}
        prev_key: str | None = None
        order = [i for i, r in enumerate(reasons) if r is None]
        for i in order:
            key = " ".join(infos[i].key.split())
            if key == prev_key:
                reasons[i] = DUP_LINE
                continue
            dup[i] = key in seen
            seen.add(key)
            prev_key = key
        run: list[int] = []

        def close(run: list[int]) -> None:
            # A run of copies is furniture when it holds a paragraph: short items repeated
            # together (two recipes, two top-10 lists) are content.
            if len(run) >= 2 and any(infos[k].words >= 12 for k in run):
                for k in run:
                    reasons[k] = DUP_BLOCK
            elif run and infos[run[0]].words >= 12:
                reasons[run[0]] = DUP_PARA

        for i in order:
            if reasons[i] is not None:
                continue
            if dup.get(i):
                run.append(i)
            else:
                close(run)
                run = []
        close(run)


def _is_caption(info: LineInfo) -> bool:
    # A caption is a description and a credit: at least 3 words before the credit.
    m = _CREDIT_TAIL.search(info.text)
    if m and len(info.text[: m.start()].split()) >= 3:
        if not re.search(r"[.!?؟]\s*[-–—|/]", info.text):
            return True
    m = re.search(r"[-–—|/(]\s*([^-–—|/(]{2,40}?)\)?\s*$", info.text)
    if m and len(info.text[: m.start()].split()) >= 3:
        tail = line_info(m.group(1))
        if tail.content and coverage(tail, "CREDIT") >= 0.5 and tail.words <= 4:
            return True
    return _is_photo_label(info)


def _is_photo_label(info: LineInfo) -> bool:
    """A line that starts with a photo label: "Photo: ...", "صورة: ...", "عکس: ..."."""
    if info.words > 45:
        return False
    head = re.match(r"^\s*[(\[]?([^:：]{2,25})[:：]", info.text)
    if not head:
        return False
    label = line_info(head.group(1))
    return bool(label.content) and coverage(label, "PHOTO_LABEL") >= 1.0


def _contains_name(tokens: list[str], name: list[str]) -> bool:
    """True when `tokens` contain two consecutive tokens of `name` (or all of a 2-token name).

    One shared token is not enough: many outlet names are ordinary words ("The East").
    """
    if len(name) < 2:
        return False
    pairs = {(name[k], name[k + 1]) for k in range(len(name) - 1)}
    return any((tokens[k], tokens[k + 1]) in pairs for k in range(len(tokens) - 1))


def _n(line: tuple[int, str]) -> int | None:
    return line[0] if line[0] >= 0 else None


__all__ = ["Boilerplate", "vocab"]
