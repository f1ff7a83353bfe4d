"""The matching key: idempotent, and its map always points back into the display text."""

from __future__ import annotations

from hypothesis import example, given

from rashomon.cleaning.normalize import matching_key, matching_key_map
from tests.property.strategies import bounded, hostile_text


@bounded(400)
@given(hostile_text)
@example("İ")  # casefold gives i + U+0307 (a combining mark): dropped only on a second pass
@example("ǅ")
def test_matching_key_is_idempotent(text):
    key = matching_key(text)
    assert matching_key(key) == key


@bounded(300)
@given(hostile_text)
def test_matching_key_map_points_into_the_text(text):
    key, idx = matching_key_map(text)
    assert len(key) == len(idx)
    assert all(0 <= i < len(text) for i in idx)
    assert idx == sorted(idx)  # order is kept: a key span maps to one display span
    assert key == matching_key(text)


def test_matching_key_is_idempotent_on_every_code_point():
    """Exhaustive over single characters (a few seconds): found U+0130 and U+FCF2..U+FE7F."""
    bad = []
    for cp in range(0x110000):
        if 0xD800 <= cp < 0xE000:
            continue
        key = matching_key(chr(cp))
        if matching_key(key) != key:
            bad.append(hex(cp))
    assert bad == []
