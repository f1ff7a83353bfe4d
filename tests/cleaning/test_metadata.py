from datetime import date

import pytest

from rashomon.cleaning import boilerplate as bp
from rashomon.cleaning.basic import BasicClean
from rashomon.cleaning.boilerplate import Boilerplate
from rashomon.cleaning.dates import find_date
from rashomon.cleaning.metadata import (
    ExtractMetadata,
    outlet_from_domain,
    outlet_from_line,
    starts_mid_sentence,
)
from rashomon.record import Article

TODAY = date(2026, 1, 1)


@pytest.mark.parametrize(
    ("text", "expected", "span"),
    [
        ("Update: 2025-11-02", date(2025, 11, 2), "2025-11-02"),
        ("تاریخ انتشار: ۱۴۰۴/۰۸/۱۱", date(2025, 11, 2), "۱۴۰۴/۰۸/۱۱"),  # Jalali, Persian digits
        ("۱۱ آبان ۱۴۰۴", date(2025, 11, 2), "۱۱ آبان ۱۴۰۴"),  # Jalali month name
        ("الأحد 2 نوفمبر 2025", date(2025, 11, 2), "2 نوفمبر 2025"),
        ("٢ تشرين الثاني ٢٠٢٥", date(2025, 11, 2), "٢ تشرين الثاني ٢٠٢٥"),  # Levantine names
        ("10 جمادى الأولى 1447 هـ", date(2025, 11, 1), "10 جمادى الأولى 1447"),  # Hijri
        ("November 2, 2025", date(2025, 11, 2), "November 2, 2025"),
        ("2. November 2025", date(2025, 11, 2), "2. November 2025"),
        ("31 декабря 2019 г.", date(2019, 12, 31), "31 декабря 2019"),
        ("发布时间：2020年01月14日 09:30", date(2020, 1, 14), "2020年01月14日"),
        ("25.05.2020", date(2020, 5, 25), "25.05.2020"),
    ],
)
def test_find_date(text, expected, span):
    found = find_date(text, today=TODAY)
    assert found is not None
    d, s, e = found
    assert d == expected
    assert text[s:e] == span


@pytest.mark.parametrize("text", ["in 2023 they met", "3.5 million", "1385", "2099-01-01"])
def test_no_date(text):
    assert find_date(text, today=TODAY) is None


@pytest.mark.parametrize(
    ("line", "reason", "outlet"),
    [
        ("خبرگزاری نمونه را در اینستاگرام دنبال کنید", bp.SOCIAL, "خبرگزاری نمونه"),
        ("Example Daily | Facebook", bp.SOCIAL, "Example Daily"),
        ("Follow Example Daily on Twitter", bp.SOCIAL, "Example Daily"),
        ("دبي-الخبر", bp.DATELINE, "الخبر"),
        ("© 2024 Example Times. All rights reserved.", bp.COPYRIGHT, "Example Times"),
        ("جميع الحقوق محفوظة © 2024 صحيفة المثال", bp.COPYRIGHT, "صحيفة المثال"),
        ("المثال 0 تعليق ارسل طباعة", bp.UI_LINE, "المثال"),
        ("مشاركة طباعة", bp.UI_LINE, None),
    ],
)
def test_outlet_from_line(line, reason, outlet):
    assert outlet_from_line(line, reason) == outlet


def test_outlet_from_domain():
    assert outlet_from_domain("https://www.example.co.uk/news/1") == "example.co.uk"
    assert outlet_from_domain("m.example.com") == "example.com"
    assert outlet_from_domain(None) is None


@pytest.mark.parametrize(
    ("line", "cut"),
    [
        ("ووفق الوثائق، فإن الرئيس أعدّ رسالة خاصة إلى نظيره.", True),
        ("وقال المتحدث إن الاجتماع سيعقد غداً في العاصمة.", True),
        ("وزير الخارجية يصل إلى العاصمة في زيارة رسمية.", False),
        ("واشنطن تعلن عن عقوبات جديدة على الشركات.", False),
        ("and then the minister left the building.", True),
        ("dpa Berlin Die Regierung hat am Montag beschlossen.", False),
        ("، وأضاف أن الاجتماع انتهى.", True),
        ("همچنین وزیر گفت که جلسه فردا برگزار می‌شود.", True),
        ("به گزارش خبرگزاری، وزیر گفت که جلسه فردا برگزار می‌شود.", False),
        ("The minister said on Monday that talks would resume.", False),
    ],
)
def test_starts_mid_sentence(line, cut):
    assert starts_mid_sentence(line) is cut


def _meta(raw: str, **fields) -> Article:
    a = Article.from_raw(raw, "x", **fields)
    stages = [BasicClean(), Boilerplate(), ExtractMetadata()]
    for st in stages:
        [a] = list(st.run([a]))
    return a


def test_metadata_from_furniture():
    a = _meta(
        "\n".join(
            [
                "Central bank holds rates",
                "Update: 2025-11-02",
                "The central bank kept its main rate unchanged on Sunday, citing slower inflation.",
                "Analysts had expected the move after three months of falling prices, they said.",
                "Example Daily | Facebook",
            ]
        )
    )
    assert a.title == "Central bank holds rates"
    assert a.published == date(2025, 11, 2)
    assert a.outlet == "Example Daily"
    assert a.truncated is False


def test_reader_metadata_wins_and_domain_is_the_fallback():
    body = "The central bank kept its main rate unchanged on Sunday, citing slower inflation."
    a = _meta(f"Headline\n{body}", outlet="Wire", published=date(2024, 1, 2))
    assert (a.outlet, a.published) == ("Wire", date(2024, 1, 2))
    b = Article.from_raw(f"Headline\n{body}", "y")
    b.extras["reader.url"] = "https://www.example.org/a"
    for st in [BasicClean(), Boilerplate(), ExtractMetadata()]:
        [b] = list(st.run([b]))
    assert b.outlet == "example.org"


def test_no_title_when_the_first_line_is_body():
    a = _meta("ووفق الوثائق، فإن الرئيس أعدّ رسالة خاصة إلى نظيره الروسي قبل أسبوعين من الزيارة.")
    assert a.title is None
    assert a.truncated is True


@pytest.mark.parametrize(
    "line, outlet, published",
    [
        (
            "By Anna Peeters, The Scheldt Courier, 14 March 2025",
            "The Scheldt Courier",
            date(2025, 3, 14),
        ),
        ("By Anna Peeters and Tom Claes | The Scheldt Courier", "The Scheldt Courier", None),
        ("By Anna Peeters, Staff Reporter, March 14, 2025", None, date(2025, 3, 14)),
        (
            "ANTWERP, March 14, 2025 (The Scheldt Courier) - The harbour authority said on Monday "
            "that the pier would open.",
            "The Scheldt Courier",
            date(2025, 3, 14),
        ),
        ("By the end of March 2025, the harbour authority said, the pier would open.", None, None),
    ],
)
def test_english_bylines_and_datelines_in_plain_text(line, outlet, published):
    """Regression (issue 16): English datelines and bylines were not used for outlet and date."""
    from rashomon.cleaning.byline import byline_metadata

    assert byline_metadata(["Harbour pier to open in June", line]) == (outlet, published)


def test_english_byline_sets_outlet_and_date_of_a_text_article():
    from rashomon.config import Config
    from rashomon.pipeline.base import run_stages
    from rashomon.pipeline.default import article_stages

    a = Article.from_raw(
        "Harbour pier to open in June\nBy Anna Peeters, The Scheldt Courier, 14 March 2025\n\n"
        "The harbour authority said on Monday that the new pier would open in June. Officials "
        "said 120 workers had finished the foundations.",
        "pier.txt",
    )
    [a] = list(run_stages(article_stages(Config()), [a]))
    assert (a.outlet, a.published) == ("The Scheldt Courier", date(2025, 3, 14))
