"""Number words joined into one number, and counts named by what they count (claims/extract/counts)."""

from __future__ import annotations

import pytest

from rashomon.claims.extract.quantities import find_quantities


def _q(text: str) -> list[tuple]:
    return [(q.value, q.unit, q.qualifier, q.text) for q in find_quantities(text, offset=3)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # the regression: "أربعة وعشرين ساعة" was read as 20 hours (and a stray 4)
        ("خلال أربعة وعشرين ساعة", [(24.0, "hour", None, "أربعة وعشرين ساعة")]),
        ("خمسة عشر جنديا", [(15.0, "soldier", None, "خمسة عشر جنديا")]),
        ("در این حادثه بیست و چهار نفر کشته شدند", [(24.0, "dead", None, "بیست و چهار نفر")]),
        ("صد و بیست و پنج نفر", [(125.0, "person", None, "صد و بیست و پنج نفر")]),
        ("twenty-four people were killed", [(24.0, "dead", None, "twenty-four people")]),
        ("Fifteen firefighters", [(15.0, "firefighter", None, "Fifteen")]),
        ("vingt-quatre morts", [(24.0, "dead", None, "vingt-quatre")]),
        ("quatre-vingts blessés", [(80.0, "injured", None, "quatre-vingts")]),
        ("two three", [(2.0, None, None, "two"), (3.0, None, None, "three")]),
    ],
)
def test_number_words_join(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ارتفع عدد القتلى إلى 24 قتيلا و40 جريحا", [(24.0, "dead"), (40.0, "injured")]),
        ("مقتل 24 شخصا وإصابة 30 آخرين", [(24.0, "dead"), (30.0, "injured")]),
        ("۲۴ کشته و ۱۵ زخمی", [(24.0, "dead"), (15.0, "injured")]),
        ("شمار کشته‌شدگان به ۸۷ رسید", [(87.0, "dead")]),
        ("at least 30 killed, up to 40 injured", [(30.0, "dead"), (40.0, "injured")]),
        ("police arrested 12 people", [(12.0, "arrested")]),
        ("the toll rose to 87.", [(87.0, "dead")]),
        # a bare number followed by a noun is not the count the verb is about
        ("killed in 3 attacks", [(3.0, None)]),
    ],
)
def test_counts_are_named(text, expected):
    assert [(v, u) for v, u, _, _ in _q(text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("between 10 and 15 dead", (10.0, 15.0, "dead")),
        ("بين 10 و15 قتيلا", (10.0, 15.0, "dead")),
        ("بین 10 تا 15 نفر کشته شدند", (10.0, 15.0, "dead")),
        ("entre dix et quinze morts", (10.0, 15.0, "dead")),
        ("he said 5 to 10 people were hurt", (5.0, 10.0, "injured")),
    ],
)
def test_ranges_are_one_quantity(text, expected):
    (q,) = find_quantities(text)
    assert (q.value, q.upper, q.unit) == expected


def test_a_figure_inside_a_range_is_no_mismatch():
    from rashomon.claims.align import Item
    from rashomon.claims.discrepancies import numeric_mismatch
    from rashomon.record import Statement

    def item(art, text, idx):
        st = Statement(id=art, start=0, end=len(text), text=text, quantities=find_quantities(text))
        return Item(statement=st, article=art, language="en", index=idx)

    names = {"a": "A", "b": "B"}
    a = item("a", "between 10 and 15 dead", 0)
    assert numeric_mismatch(a, item("b", "12 dead", 1), names) is None
    assert numeric_mismatch(a, item("b", "40 dead", 1), names).kind == "numeric_mismatch"


def _r(text: str) -> list[tuple]:
    return [(q.value, q.upper, q.unit) for q in find_quantities(text, offset=3)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # digits joined by a dash make a range when the second is the greater
        ("قتل ما بين 10-15 شخصا", [(10.0, 15.0, "dead")]),
        ("killed 10–15 people", [(10.0, 15.0, "dead")]),
        ("sold 1,000-2,000 tons", [(1000.0, 2000.0, "ton")]),
        # the upper bound's multiplier holds for both ends
        ("خسارت ۱۰-۱۵ میلیون دلار", [(1e7, 1.5e7, "USD")]),
        ("between 2 and 3 million dollars", [(2e6, 3e6, "USD")]),
        # a score or a code: the number after the dash is no quantity of its own
        ("the score was 3-1", [(3.0, None, None)]),
        # a model designation stays out, digits and all
        ("an Airbus A321-200 and an F-16", []),
    ],
)
def test_dashed_ranges(text, expected):
    assert _r(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("۵۰۰ تن گندم وارد شد", [(500.0, None, "ton")]),
        ("صادرات نفت به ۳ میلیون تن رسید", [(3e6, None, "ton")]),
        # "تن" counts people after a partitive or before what happened to them
        ("۵ تن از معترضان کشته شدند", [(5.0, None, "dead")]),
        ("۱۲ تن کشته و ۳۰ تن زخمی شدند", [(12.0, None, "dead"), (30.0, None, "injured")]),
    ],
)
def test_persian_tan_counts_people_or_tons(text, expected):
    assert _r(text) == expected


def test_the_arabic_pound_is_a_currency_and_sterling_stays_apart():
    assert _r("بلغ السعر 100 جنيه") == [(100.0, None, "pound")]
    assert _r("تكلف 5 ملايين جنيه إسترليني") == [(5e6, None, "GBP")]
