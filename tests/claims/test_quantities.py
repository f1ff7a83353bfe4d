import pytest

from rashomon.claims.extract.quantities import find_quantities


def _q(text):
    return [(q.value, q.unit, q.qualifier, q.text) for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Arabic: a multiplier word alone is the number; "يصل إلى" is "up to"
        ("صواريخ بمدى يصل إلى ألف كيلومتر", [(1000.0, "km", "up to", "يصل إلى ألف كيلومتر")]),
        ("أكثر من 3,000 برميل يوميا", [(3000.0, "barrel", "more than", "أكثر من 3,000 برميل")]),
        ("نحو ٢٥ مليون دولار", [(25e6, "USD", "about", "نحو ٢٥ مليون دولار")]),
        ("عشرة آلاف جندي", [(10000.0, "soldier", None, "عشرة آلاف جندي")]),
        # Persian: Persian digits, هزار, بیش از, Persian decimal slash
        ("بیش از ۲۵۰ هزار نفر", [(250000.0, "person", "more than", "بیش از ۲۵۰ هزار نفر")]),
        ("تورم به ۲/۵ درصد رسید", [(2.5, "percent", None, "۲/۵ درصد")]),
        ("حدود ۱۰۰۰ کیلومتری", [(1000.0, "km", "about", "حدود ۱۰۰۰ کیلومتری")]),
        # English: currency symbol + short multiplier, percent, thousand separators
        (
            "about $5bn, 20% of 1,200 km",
            [
                (5e9, "USD", "about", "about $5bn"),
                (20.0, "percent", None, "20%"),
                (1200.0, "km", None, "1,200 km"),
            ],
        ),
        ("at least two ships", [(2.0, None, "at least", "at least two")]),
    ],
)
def test_quantities(text, expected):
    assert _q(text) == expected


def test_model_designations_are_not_quantities():
    assert _q("a Tu-160 and an F-16 landed") == []


def test_until_is_not_up_to_without_a_unit():
    # "حتى" is "until/even" unless it bounds a measured amount
    assert _q("وصل حتى الآن 5") == [(5.0, None, None, "5")]


def test_dates_exclude_their_numbers():
    assert _q("في عام 2023 وصل 7") == [(2023.0, None, None, "2023"), (7.0, None, None, "7")]
    q = find_quantities("في عام 2023 وصل 7", exclude=[(3, 11)])
    assert [x.value for x in q] == [7.0]


def test_spans_with_offset():
    text = "قرابة ٣ ملايين برميل"
    (q,) = find_quantities(text, offset=100)
    assert (q.start, q.end) == (100, 100 + len(text))
    assert q.value == 3e6 and q.unit == "barrel" and q.qualifier == "about"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at about 3.15pm", []),  # a time of day
        ("at 10:30 today", []),
        (
            "الـ173 مليونا بأقل من دولارين",
            [(173e6, None, None, "173 مليونا"), (2.0, "USD", "less than", "أقل من دولارين")],
        ),  # dual
        (
            "59 میلیارد و 469 میلیون و 780 هزار ریال",
            [(59469780000.0, "rial", None, "59 میلیارد و 469 میلیون و 780 هزار ریال")],
        ),
        ("یک میلیون و 600 هزار تن", [(1600000.0, "ton", None, "یک میلیون و 600 هزار تن")]),
        ("7900 عامل", [(7900.0, None, None, "7900")]),  # عامل (worker) is not عام (year)
        ("2,4 مليار يورو", [(2.4e9, "EUR", None, "2,4 مليار يورو")]),  # decimal comma
    ],
)
def test_compounds_duals_and_non_quantities(text, expected):
    assert _q(text) == expected
