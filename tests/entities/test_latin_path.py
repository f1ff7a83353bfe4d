"""The Latin-script rules: lowercase common nouns are no persons, "of X" after an outlet noun
is no outlet (hand-written sentences)."""

from rashomon.entities.detect import DetectMentions
from rashomon.language.segment import Segment
from rashomon.pipeline.base import run_stages
from rashomon.record import Article


def _mentions(text):
    (a,) = run_stages([Segment(), DetectMentions()], [Article.from_raw(text, "en.txt", text=text)])
    return {m.text: m.type for m in a.mentions}


def test_a_common_noun_starting_a_sentence_before_said_is_no_person():
    found = _mentions("Inspectors said the dam held. The flood came later, inspectors said.")
    assert "Inspectors" not in found and "inspectors" not in found


def test_a_name_before_said_is_still_a_person():
    assert _mentions("Kowalczyk said the dam held.").get("Kowalczyk") == "person"


def test_the_place_after_an_outlet_noun_and_of_is_no_outlet():
    found = _mentions("The weekly of Zwijndrecht reported the fire on Monday.")
    assert found.get("Zwijndrecht") != "outlet"
    assert _mentions("The newspaper Volkskrant reported it.").get("Volkskrant") == "outlet"
