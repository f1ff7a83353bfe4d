"""Cleaning, segmentation and the whole per-article pipeline on hostile text: no stage fails,
nothing is lost or invented silently, every offset cuts the display text, and the store gives
back what it was given."""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import given

from rashomon.cleaning.basic import BasicClean
from rashomon.config import Config
from rashomon.language.segment import split_paragraphs, split_sentences
from rashomon.pipeline.base import run_stages
from rashomon.pipeline.default import article_stages
from rashomon.record import Article
from rashomon.store.sqlite import Store
from tests.property.strategies import bounded, hostile_text, nonempty_text

# The characters BasicClean drops (and records): keep in step with cleaning/basic.py.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffc]")


def _visible(text: str) -> Counter:
    return Counter(c for c in _CONTROL.sub("", text) if not c.isspace())


def _cleaned(raw: str) -> Article:
    return next(run_stages(article_stages(Config())[:3], [Article.from_raw(raw, "p.txt")]))


def test_the_cleaning_stages_are_the_first_three():
    # _cleaned() relies on the order of pipeline/default.py: fail loudly when it changes.
    names = [getattr(s, "name", "") for s in article_stages(Config())]
    assert names[:3] == ["clean.basic", "clean.boilerplate", "clean.metadata"]


@bounded(150)
@given(nonempty_text)
def test_cleaning_loses_and_invents_nothing(raw):
    """Every visible character of raw is in the text or in a removed[] record, once."""
    a = _cleaned(raw)
    assert a.errors == []
    removed = [r.text for r in a.removed if r.reason != "control characters"]
    # "control characters" records hold the whole line whose cleaned form stayed in the text
    assert _visible(raw) == _visible(a.text) + _visible("".join(removed))


@bounded(150)
@given(hostile_text)
def test_basic_clean_text_has_no_blank_lines_or_controls(raw):
    a = BasicClean().process(Article.from_raw(raw, "p.txt"))
    assert not _CONTROL.search(a.text)
    assert all(line.strip() == line and line for line in a.text.split("\n")) or a.text == ""


@bounded(250)
@given(hostile_text)
def test_segmentation_offsets_cut_the_text_and_cover_it(text):
    paras = split_paragraphs(text)
    last = 0
    for s, e in paras:
        assert last <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        last = e
        sents = split_sentences(text, s, e)
        prev = s
        for ss, se in sents:
            assert prev <= ss < se <= e
            assert text[ss:se].strip() == text[ss:se]
            prev = se
        # no visible character of the paragraph falls outside its sentences
        inside = "".join(text[ss:se] for ss, se in sents)
        assert Counter(c for c in inside if not c.isspace()) == Counter(
            c for c in text[s:e] if not c.isspace()
        )


@bounded(60)
@given(nonempty_text)
def test_every_stage_runs_without_error_and_spans_are_valid(raw):
    (a,) = list(run_stages(article_stages(Config()), [Article.from_raw(raw, "p.txt")]))
    assert a.errors == []
    n = len(a.text)
    for p in a.paragraphs:
        assert 0 <= p.start < p.end <= n
    for s in a.sentences:
        assert 0 <= s.start < s.end <= n and 0 <= s.paragraph < len(a.paragraphs)
    for m in a.mentions:
        assert a.text[m.start : m.end] == m.text
    for st in a.statements:
        assert a.text[st.start : st.end] == st.text
        for q in st.quantities:
            assert a.text[q.start : q.end] == q.text
        for d in st.dates:
            assert a.text[d.start : d.end] == d.text


@bounded(60)
@given(hostile_text, hostile_text)
def test_store_gives_back_what_it_was_given(raw, title):
    import tempfile
    from pathlib import Path

    a = Article.from_raw(raw or "x", "dir/<name>'; DROP TABLE articles;--.txt")
    a.text = raw
    a.title = title
    a.extras["prop.value"] = title
    with tempfile.TemporaryDirectory() as d:
        with Store(Path(d) / "s.sqlite", write=True) as store:
            store.upsert_article(a)
            store.upsert_article(a)  # idempotent
            assert store.count_articles() == 1
            b = store.load_article(a.id)
    assert (b.raw, b.text, b.title, b.source, b.extras) == (
        a.raw,
        a.text,
        a.title,
        a.source,
        a.extras,
    )
