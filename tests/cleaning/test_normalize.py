from rashomon.cleaning.normalize import matching_key, matching_key_map


def test_arabic_and_persian_variants_fold_together():
    # Persian yeh/keheh vs Arabic yeh/kaf, diacritics, tatweel and ZWNJ
    assert matching_key("روسیه") == matching_key("روسيه")
    assert matching_key("کرملین") == matching_key("كرملين")
    assert matching_key("مُحَمَّد") == matching_key("محمد")
    assert matching_key("عـــربي") == matching_key("عربي")
    assert matching_key("می\u200cخواهم") == matching_key("میخواهم")
    assert matching_key("أحمد") == matching_key("احمد") == matching_key("إحمد")


def test_digits_of_every_script_become_ascii():
    assert matching_key("۱۰۰۰ کیلومتر") == "1000 كيلومتر"
    assert matching_key("١٠٠٠") == "1000"


def test_case_and_compatibility_forms():
    assert matching_key("Maduro ＭＡＤＵＲＯ") == "maduro maduro"


def test_map_points_back_to_display_offsets():
    text = "الـكرملين و۱۲"
    key, idx = matching_key_map(text)
    assert len(key) == len(idx)
    assert key == "الكرملين و12"
    # every key character comes from a display character at or after the previous one
    assert idx == sorted(idx)
    start = key.index("12")
    assert text[idx[start] : idx[start + 1] + 1] == "۱۲"


def test_idempotent():
    for t in ["كَتَبَ", "ﻻ", "Straße", "می‌روم ۳"]:
        assert matching_key(matching_key(t)) == matching_key(t)


def test_persian_zwnj_restoration_unifies_space_zwnj_and_nothing():
    forms = ["رئیس جمهوری", "رئیس\u200cجمهوری", "رئیسجمهوری"]
    assert len({matching_key(f, restore_zwnj=True) for f in forms}) == 1
    assert len({matching_key(f) for f in forms}) == 2  # without it the spaced form differs
    assert matching_key("می شود", restore_zwnj=True) == matching_key("میشود")
    assert matching_key("درخواست های مزبور", restore_zwnj=True) == matching_key("درخواستهای مزبور")


def test_zwnj_restoration_is_idempotent_and_offset_mapped():
    text = "او گفت که این کار انجام می شود و درخواست های آنها رسیده اند."
    key, idx = matching_key_map(text, restore_zwnj=True)
    assert matching_key(key, restore_zwnj=True) == key
    assert len(key) == len(idx) and idx == sorted(idx)
    start = key.index("ميشود")
    assert text[idx[start] : idx[start + 4] + 1] == "می شود"


def test_zwnj_restoration_leaves_latin_alone():
    assert matching_key("New York Times", restore_zwnj=True) == "new york times"
