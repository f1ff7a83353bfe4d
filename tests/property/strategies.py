"""Hypothesis strategies for hostile news text, and the settings every property test uses.

Text is built from pieces that break parsers in practice: words in several scripts, sentence
ends of several scripts, abbreviations and decimals, line endings of every kind, bidi controls,
zero-width and format characters, combining marks, tatweel, digits of several scripts, control
characters, NUL, markup and entities, emoji, plus arbitrary code points.

`derandomize=True`: the examples are a fixed function of the test (seeded), so CI is
reproducible; `database=None` leaves no `.hypothesis/` folder behind; bounded `max_examples`
keeps the whole property set around a minute on 2 cores.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

PIECES = [
    # words
    "the", "Minister", "said", "Caracas", "U.S.", "Dr.", "3.5", "1,000", "e.g.",
    "قال", "الوزير", "إنّ", "مادورو", "ـــ", "وزیر", "گفت", "می‌شود", "ی", "ك", "ک", "٣٤", "۱۲",
    "Москва", "сказал", "東京", "は", "ß", "İ", "ﬁ", "Å", "ǅ", "ϐ", "ᾼ", "ﷺ", "①", "²",
    # sentence ends and punctuation
    ". ", "! ", "? ", "؟ ", "۔ ", "… ", "...", "«", "»", "“", "”", '"', "'", "(", ")", "،", "؛",
    # whitespace and line ends
    " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\u00a0", "\u2028", "\u2029", "\u3000", "\x0b",
    "\x0c", "\x85",
    # bidi, zero-width, format
    "\u202e", "\u202b", "\u202c", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c", "\u200b",
    "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",
    # combining marks, controls, odd code points
    "\u064b", "\u0651", "\u0301", "\u0307", "\x00", "\x07", "\x1b[31m", "\x7f", "\x9b", "\ufffd",
    "\ufffc", "\U0001f600", "\U0001f1fa\U0001f1f8",
    # markup and entities
    "<p>", "</p>", "<script>alert(1)</script>", "&amp;", "&lt;", "&#x202e;", "<!--", "]]>",
]

_piece = st.one_of(
    st.sampled_from(PIECES),
    st.sampled_from(PIECES),
    st.text(max_size=4),  # any code point but surrogates
)

hostile_text = st.lists(_piece, max_size=60).map("".join)
nonempty_text = st.lists(_piece, min_size=1, max_size=60).map("".join).filter(
    lambda t: t.strip() != ""
)


def bounded(n: int) -> settings:
    return settings(
        max_examples=n,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
