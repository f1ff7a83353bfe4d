"""The one Arabic-script fold module."""

from __future__ import annotations

from rashomon.cleaning.normalize import matching_key
from rashomon.lang import script


def test_letter_fold_unifies_persian_and_arabic_spellings() -> None:
    assert matching_key("کریم") == matching_key("كريم") == "كريم"
    assert matching_key("أحمد") == matching_key("احمد")


def test_digits_of_every_script_read_as_ascii() -> None:
    assert script.ascii_digits("۱۴۰۴ / ١٤٤٧ / 2025") == "1404 / 1447 / 2025"
    assert script.fold_letter("۷") == "7"


def test_to_persian_is_the_reverse_for_persian_tools() -> None:
    assert script.to_persian("كتاب يكى") == "کتاب یکی"


def test_cross_fold_maps_persian_only_letters_to_arabic() -> None:
    assert script.cross_fold("پوتین") == "بوتین"
    assert script.cross_fold("ژنو") == "زنو"
    assert script.cross_fold("آراگوا", loose=True) == "آراكوا"
    assert script.cross_fold("جامعة") == "جامعه"
    assert script.has_persian_letters("گفت") and not script.has_persian_letters("قال")
