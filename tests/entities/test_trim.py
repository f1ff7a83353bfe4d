"""The post-tagging filter (entities.trim): words at a mention's edge that border names, judged
by how the annotated news uses them; hand-written phrases, not seed text."""

from rashomon.entities import rules, tagdata, trim


def _trim(text: str, lang: str, i: int, j: int, typ: str = "organisation") -> list[str]:
    doc = tagdata.sentence_doc(text, lang)
    gaz = {(c.i, c.j): c.rule for c in rules.gazetteer(doc)}
    out = trim.trim(doc, [(i, j, typ, 0.9)], gaz)
    return [" ".join(t.text for t in doc.toks[a:b]) + f"/{t}" for a, b, t, _p in out]


def test_a_titles_tail_is_cut_and_the_place_left_is_a_place():
    # رئیس‌جمهوری written with a space: جمهوری completes رئیس, it names nothing
    assert _trim("رئیس جمهوری فرانسه گفت", "fa", 1, 3) == ["فرانسه/place"]


def test_an_adjective_or_generic_noun_before_a_place_is_cut():
    assert _trim("وزیر پیشین فرانسه گفت", "fa", 1, 3) == ["فرانسه/place"]
    assert _trim("وزیر حمل و نقل فرانسه گفت", "fa", 1, 5) == ["فرانسه/place"]
    # the indefinite ending (tanween) of a common noun: never part of a name
    assert _trim("يعد انتصارًا لباريس", "ar", 1, 3) == ["لباريس/place"]


def test_a_head_noun_that_the_data_has_inside_names_stays():
    # University of Tehran is not Tehran: دانشگاه is inside a mention 63 times of 95
    assert _trim("او در دانشگاه تهران درس خواند", "fa", 2, 4) == ["دانشگاه تهران/organisation"]
    # a first name that is also a word stays with the person (only titles are cut)
    assert _trim("قال علي حسن", "ar", 1, 3, "person") == ["علي حسن/person"]


def test_a_cue_rules_one_word_adjective_is_no_name():
    doc = tagdata.sentence_doc("سامانه‌های راداری و موشکی ایران", "fa")
    assert trim.is_adjective(doc, 1) and not trim.is_adjective(doc, 4)
