from datetime import date

import pytest

from rashomon.claims.extract.dates import date_bounds, find_dates

SUNDAY_NOV_2 = date(2025, 11, 2)  # a Sunday
WEDNESDAY = date(2024, 3, 13)


def _d(text, published=SUNDAY_NOV_2, language=None):
    return [
        (d.value, d.precision, d.text)
        for d in find_dates(text, published=published, language=language)
    ]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("وصلت الطائرة الأحد الماضي", "ar", [("2025-10-26", "day", "الأحد الماضي")]),
        ("یکشنبه گذشته هواپیما نشست", "fa", [("2025-10-26", "day", "یکشنبه گذشته")]),
        ("It landed last Sunday.", "en", [("2025-10-26", "day", "last Sunday")]),
        ("صادق البرلمان في 21 أكتوبر", "ar", [("2025-10-21", "day", "21 أكتوبر")]),
        ("on 21 October", "en", [("2025-10-21", "day", "21 October")]),
        ("on Friday evening", "en", [("2025-10-31", "day", "on Friday evening")]),
        ("مساء الجمعة", "ar", [("2025-10-31", "day", "مساء الجمعة")]),
        ("this month", "en", [("2025-11", "month", "this month")]),
        ("في منتصف الشهر الجاري", "ar", [("2025-11-15", "mid-month", "منتصف الشهر الجاري")]),
        ("last July", "en", [("2025-07", "month", "last July")]),
        ("about 20 years ago", "en", [("2005", "year", "about 20 years ago")]),
        ("قبل 20 عاما", "ar", [("2005", "year", "قبل 20 عاما")]),
        ("۲۰ سال پیش", "fa", [("2005", "year", "۲۰ سال پیش")]),
        ("الأسبوع الماضي", "ar", [("2025-10-20", "week", "الأسبوع الماضي")]),
        ("عام 2023", "ar", [("2023", "year", "عام 2023")]),
        ("سال ۱۴۰۴", "fa", [("2025", "year", "سال ۱۴۰۴")]),
        ("۱۱ آبان ۱۴۰۴", "fa", [("2025-11-02", "day", "۱۱ آبان ۱۴۰۴")]),
        ("Update: 2025-11-02", "en", [("2025-11-02", "day", "2025-11-02")]),
        ("in May 2024", "en", [("2024-05", "month", "May 2024")]),
    ],
)
def test_dates_resolved_against_publication(text, language, expected):
    assert _d(text, language=language) == expected


def test_each_article_its_own_base():
    # the same words mean different days in articles published on different dates
    assert _d("الأحد الماضي", published=WEDNESDAY) == [("2024-03-10", "day", "الأحد الماضي")]
    assert _d("21 أكتوبر", published=date(2025, 1, 5)) == [("2024-10-21", "day", "21 أكتوبر")]


@pytest.mark.parametrize(
    "text",
    [
        "بمدى ألف كيلومتر و1000 كيلومتر",  # 1000 km is not the year 1000
        "أحد مساعدي الرئيس",  # "أحد" (one of) is not Sunday
        "we may go",  # may is not May
        "paid 2000 dollars",
    ],
)
def test_false_hits_filtered(text):
    assert _d(text) == []


def test_relative_needs_a_publication_date():
    assert _d("الأحد الماضي", published=None) == []
    assert _d("عام 2023", published=None) == [("2023", "year", "عام 2023")]


def test_a_bare_mid_month_before_the_middle_has_come_is_last_months():
    assert _d("زار موسكو منتصف الشهر", published=SUNDAY_NOV_2) == [
        ("2025-10-15", "mid-month", "منتصف الشهر")
    ]
    assert _d("منتصف الشهر", published=date(2025, 11, 18)) == [
        ("2025-11-15", "mid-month", "منتصف الشهر")
    ]


def test_bounds():
    (mid,) = find_dates("mid-month", published=date(2025, 11, 23))
    assert date_bounds(mid) == (date(2025, 11, 11), date(2025, 11, 20))
    (week,) = find_dates("last week", published=SUNDAY_NOV_2)
    assert date_bounds(week) == (date(2025, 10, 20), date(2025, 10, 26))


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Am Dienstag sagte sie, am 23. Dezember 2019 sei alles klar.",
            "de",
            [("2020-01-14", "day", "Am Dienstag"), ("2019-12-23", "day", "am 23. Dezember 2019")],
        ),
        (
            "El jueves, del 23 de diciembre, un hombre de 36 años",
            "es",
            [("2020-01-09", "day", "jueves"), ("2019-12-23", "day", "del 23 de diciembre")],
        ),
        ("12 января министр заявил", "ru", [("2020-01-12", "day", "12 января")]),
        ("2020年1月12日，外交部发言人表示", "zh", [("2020-01-12", "day", "2020年1月12日")]),
        ("1月12日，外交部", "zh", [("2020-01-12", "day", "1月12日")]),
        # dateparser's false hits: "die" (Spanish Tuesday), "mit" (Mittwoch), "62" (1962)
        ("so die mit 62 Jahren", "de", []),
    ],
)
def test_other_languages_through_dateparser(text, language, expected):
    assert _d(text, published=WEDNESDAY_2020, language=language) == expected


WEDNESDAY_2020 = date(2020, 1, 15)


def test_per_day_is_not_today_and_adjacent_expressions_merge():
    assert _d("ثلاث ساعات في اليوم الواحد", language="ar") == []
    assert _d("ارتفع الذهب اليوم الأحد", language="ar") == [("2025-11-02", "day", "اليوم الأحد")]


def test_month_with_year_beats_bare_month():
    assert _d("gains since July 2010", language="en") == [("2010-07", "month", "July 2010")]


def test_next_month_day():
    assert _d("في 6 أغسطس المقبل", published=date(2015, 7, 21), language="ar") == [
        ("2015-08-06", "day", "6 أغسطس المقبل")
    ]
