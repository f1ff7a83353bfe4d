"""Search queries and date finding on anything a user or a page can type: a result or a clear
QueryError (never a 500), and every date span cuts its text."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rashomon.cleaning.dates import find_date
from rashomon.record import Article
from rashomon.store.sqlite import Store
from tests.property.strategies import PIECES, bounded, hostile_text

_SYNTAX = [
    '"',
    "(",
    ")",
    "*",
    "^",
    ":",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(",
    "+",
    "-",
    "'",
    ";",
    "--",
    "\\",
    "%",
    "_",
    "\x00",
    "كریم",
    "minister",
    "2025",
]
query_text = st.lists(
    st.one_of(st.sampled_from(_SYNTAX), st.sampled_from(PIECES), st.text(max_size=3)),
    max_size=12,
).map(" ".join)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "dossier.sqlite"
    with Store(path, write=True) as s:
        for i, text in enumerate(
            [
                "The minister said 2025 was hard.",
                "قال الوزير كريم إن المحادثات جرت",
                "وزیر کریم گفت",
                'Quotes " and (brackets) * ^ : here',
            ]
        ):
            a = Article.from_raw(text, f"s{i}.txt")
            a.text = text
            s.upsert_article(a)
    with Store(path) as ro:  # the app opens stores read-only
        yield ro


@bounded(300)
@given(query=query_text)
def test_any_query_gives_results_or_a_clear_query_error(store, query):
    from rashomon.serve.search import QueryError, search

    try:
        results = search(store, query)
    except QueryError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        return
    for r in results:
        text = store.load_article(r.article).text
        for h in r.hits:
            assert text[h.start : h.end] == h.text


@bounded(300)
@given(
    hostile_text,
    st.sampled_from(
        [
            "2025-11-02",
            "2 November 2025",
            "١١ آبان ١٤٠٤",
            "31/02/2025",
            "9999-99-99",
            "0000-00-00",
            "2025年11月2日",
        ]
    ),
)
def test_find_date_spans_cut_the_text(text, date_text):
    for t in (text, text + " " + date_text + " " + text):
        found = find_date(t, today=date(2026, 1, 1))
        if found:
            d, s, e = found
            assert 0 <= s < e <= len(t)
            assert date(1000, 1, 1) <= d <= date(2026, 1, 1)
