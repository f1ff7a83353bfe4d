"""The ANETAC name lookup's spellings (`entities.names.build`)."""

from __future__ import annotations

from rashomon.entities import names


def _rows(*pairs: tuple[str, str, str]) -> list[tuple[str, str, str, bool]]:
    return [(cls, en, ar, False) for cls, en, ar in pairs]


def test_a_bare_name_is_not_spelt_with_the_article_of_its_articled_form():
    # the key drops the article, so «حسن» shared «الحسن»'s "Alhassan"; the bare part is kept
    # where ANETAC spells it elsewhere and English uses it more than the whole
    table = names.build(_rows(("PERSON", "Alhassan", "الحسن"), ("PERSON", "Hassan", "حسان")))
    assert table[names._key("حسن")][0] == "Hassan"
    assert table[names._key("الحسن")][0] == "Hassan"  # one key: the same spelling


def test_a_name_whose_al_is_no_article_keeps_its_spelling():
    rows = _rows(
        ("LOCATION", "Alberta", "البرتا"),  # "berta": English uses Alberta more
        ("PERSON", "Berta", "بيرتا"),
        ("PERSON", "Alateef", "اللطيف"),  # a sun letter took the l: the rest is not the name
        ("PERSON", "Ateef", "عتيف"),
        ("PERSON", "Alzaabi", "الزعبي"),  # "Zaabi" is not a spelling ANETAC knows
    )
    table = names.build(rows)
    assert table[names._key("البرتا")][0] == "Alberta"
    assert table[names._key("اللطيف")][0] == "Alateef"
    assert table[names._key("الزعبي")][0] == "Alzaabi"


def test_ties_keep_the_alphabetical_last_and_counts_decide():
    rows = _rows(("PERSON", "Mamud", "محمود"), ("PERSON", "Mahmoud", "محمود"))
    assert names.build(rows)[names._key("محمود")][0] == "Mamud"
    rows += _rows(("PERSON", "Almahmoud", "المحمود"))  # its bare part counts for Mahmoud
    assert names.build(rows)[names._key("محمود")][0] == "Mahmoud"


def test_the_shipped_lookup_names_common_arab_names():
    for arabic, latin in [("حسن", "Hassan"), ("محمود", "Mahmoud"), ("منصور", "Mansour")]:
        assert names.lookup(names._key(arabic))[0] == latin
