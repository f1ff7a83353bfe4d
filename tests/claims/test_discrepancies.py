"""Each discrepancy check on hand-built statements: fires on the pattern, stays quiet otherwise."""

from __future__ import annotations

from rashomon.claims.align import Item
from rashomon.claims.discrepancies import (
    attribution_shift,
    date_mismatch,
    distortion,
    numeric_mismatch,
)
from rashomon.record import DateRef, Quantity, Statement

NAMES = {"a": "Outlet A", "b": "Outlet B"}


def _item(art: str, text: str, idx: int, lang: str = "en", **kw) -> Item:
    st = Statement(id=f"{art}{idx}", start=0, end=len(text), text=text, **kw)
    return Item(statement=st, article=art, language=lang, index=idx)


def _q(text: str, value: float, unit: str, whole: str, qualifier=None) -> Quantity:
    start = whole.index(text)
    return Quantity(
        value=value, text=text, start=start, end=start + len(text), unit=unit, qualifier=qualifier
    )


def test_numeric_mismatch_quotes_both_values():
    ta, tb = "The fleet has 14 missile sets", "The fleet has 20 missile sets"
    a = _item("a", ta, 0, quantities=[_q("14 missile sets", 14, "set", ta)])
    b = _item("b", tb, 1, quantities=[_q("20 missile sets", 20, "set", tb)])
    d = numeric_mismatch(a, b, NAMES)
    assert d is not None and d.kind == "numeric_mismatch"
    assert "14" in d.explanation and "20" in d.explanation
    assert [s["text"] for s in d.spans] == [ta, tb]


def test_numeric_rounding_is_not_a_mismatch():
    ta, tb = "Output is 1,000 barrels", "Output is 1,020 barrels"
    a = _item("a", ta, 0, quantities=[_q("1,000 barrels", 1000, "barrel", ta)])
    b = _item("b", tb, 1, quantities=[_q("1,020 barrels", 1020, "barrel", tb)])
    assert numeric_mismatch(a, b, NAMES) is None


def test_date_mismatch_same_precision_only():
    a = _item(
        "a",
        "It opened on 3 July",
        0,
        dates=[DateRef(value="2025-07-03", text="3 July", start=13, end=19)],
    )
    b = _item(
        "b",
        "It opened on 5 July",
        1,
        dates=[DateRef(value="2025-07-05", text="5 July", start=13, end=19)],
    )
    c = _item(
        "b",
        "It opened in 2025",
        2,
        dates=[DateRef(value="2025", text="2025", start=13, end=17, precision="year")],
    )
    assert date_mismatch(a, b, NAMES).kind == "date_mismatch"
    assert date_mismatch(a, c, NAMES) is None


def test_attribution_shift_needs_two_different_sources():
    a = _item("a", "Prices will rise", 0, attribution=["Reuters"])
    b = _item("b", "Prices will rise", 1, attribution=["the central bank governor"])
    c = _item("b", "Prices will rise", 2, attribution=["Reuters news agency"])
    d = _item("b", "Prices will rise", 3)
    assert attribution_shift(a, b, NAMES).kind == "attribution_shift"
    assert attribution_shift(a, c, NAMES) is None
    assert attribution_shift(a, d, NAMES) is None


def test_distortion_detects_a_range_moved_to_another_item():
    ta = "Tehran shipped jamming devices, drones and radar detectors with a range of 1000 km"
    tb = "Tehran shipped jamming devices, radar detectors and drones with a range of 1000 km"
    a = _item("a", ta, 0, quantities=[_q("1000 km", 1000, "km", ta)])
    b = _item("b", tb, 1, quantities=[_q("1000 km", 1000, "km", tb)])
    d = distortion(a, b, NAMES)
    assert d is not None and d.kind == "distortion"
    assert "1000 km" in d.explanation
    same = _item("b", ta, 2, quantities=[_q("1000 km", 1000, "km", ta)])
    assert distortion(a, same, NAMES) is None


def test_toll_changed_on_a_later_day_is_an_update_with_both_dates():
    from datetime import date

    ta, tb = "At least 24 people were killed", "The death toll rose to 31"
    a = _item("a", ta, 0, quantities=[_q("24 people", 24, "dead", ta, "at least")])
    b = _item("b", tb, 1, quantities=[_q("31", 31, "dead", tb)])
    later = {"a": date(2025, 3, 2), "b": date(2025, 3, 4)}
    d = numeric_mismatch(b, a, NAMES, later)
    assert d is not None and d.kind == "numeric_update"
    assert d.extras["dates"] == ["2025-03-02", "2025-03-04"]  # earlier figure first
    assert d.extras["values"] == [24, 31]
    same_day = {"a": date(2025, 3, 2), "b": date(2025, 3, 2)}
    d = numeric_mismatch(a, b, NAMES, same_day)
    assert d is not None and d.kind == "numeric_mismatch"


def test_classifier_reads_a_negation_and_never_identical_versions():
    from rashomon.claims.discrepancies.classified import classified_contradictions
    from rashomon.models.embeddings import EmbeddingCache, default_embedder

    texts = [
        "The Penguins have gone 16-4-2 in home games this season.",
        "The Penguins have gone 16-4-2 in home games this season.",
        "The ministry said the new bridge over the river is safe for heavy trucks.",
        "The ministry said the new bridge over the river is not safe for heavy trucks.",
    ]
    items = [_item("ab"[k % 2], t, k) for k, t in enumerate(texts)]
    vectors = EmbeddingCache(default_embedder(), None).embed(texts)
    names = {"a": "Outlet A", "b": "Outlet B"}
    found = classified_contradictions(items, [(0, 1), (2, 3)], vectors, names, set())
    assert [(d.kind, d.members) for d in found] == [("contradiction", [2, 3])]


def test_the_classifier_reads_the_cross_encoder_through_the_vector_cache(tmp_path, monkeypatch):
    """The fine-tuned cross-encoder's readings the discrepancy steps blend in are cached like
    vectors: a second pass over the same pairs (a rebuild, another folder) runs no model."""
    from rashomon.claims.compare import cross_top_logits
    from rashomon.claims.discrepancies.classified import classified_contradictions
    from rashomon.models.cross_top import CrossTop
    from rashomon.models.embeddings import EmbeddingCache, default_embedder
    from rashomon.store.sqlite import Store

    monkeypatch.delenv("RASHOMON_CROSS_TOP", raising=False)
    texts = [
        "The ministry said the new bridge over the river is safe for heavy trucks.",
        "The ministry said the new bridge over the river is not safe for heavy trucks.",
    ]
    items = [_item("ab"[k], t, k) for k, t in enumerate(texts)]
    store = Store(tmp_path / "vectors.sqlite", write=True)
    cache = EmbeddingCache(default_embedder(), store, None)
    vectors = cache.embed(texts)
    names = {"a": "Outlet A", "b": "Outlet B"}
    asked: list[list[tuple[str, str]]] = []

    def top(pairs):
        asked.append(list(pairs))
        return cross_top_logits(pairs, cache)

    first = classified_contradictions(items, [(0, 1)], vectors, names, set(), top=top)
    assert asked == [[(texts[0], texts[1])]]
    assert [(d.kind, d.members) for d in first] == [("contradiction", [0, 1])]

    def no_model(self, pairs):
        raise AssertionError(f"the cross-encoder ran again for {pairs}")

    monkeypatch.setattr(CrossTop, "logits", no_model)
    again = classified_contradictions(items, [(0, 1)], vectors, names, set(), top=top)
    assert [(d.kind, d.members, d.confidence) for d in again] == [
        (d.kind, d.members, d.confidence) for d in first
    ]
    store.close()


def test_role_swap_is_found_by_the_words_alone():
    from rashomon.claims.discrepancies.classified import swapped_names

    assert swapped_names("Egypt beat Tunisia in Cairo", "Tunisia beat Egypt in Cairo", "en") == (
        "Egypt",
        "Tunisia",
    )
    assert swapped_names("Egypt beat Tunisia in Cairo", "Egypt beat Tunisia in Cairo", "en") is None
    # two common words trading places is word order, not a role swap
    assert swapped_names("prices rose and wages fell", "wages rose and prices fell", "en") is None


def _hedged(text: str, cue: str) -> list[dict]:
    start = text.index(cue)
    return [{"kind": "hedge", "text": cue, "start": start, "end": start + len(cue)}]


def test_a_hedged_figure_stated_flatly_elsewhere_is_a_dropped_qualifier():
    from rashomon.claims.discrepancies.hedges import hedged_numbers_dropped

    ta = "They need radars and almost certainly drones with a range of 1000 km."
    tb = "طائرات مسيّرة يصل مداها إلى 1000 كيلومتر"
    a = _item(
        "a",
        ta,
        0,
        hedged=True,
        hedge_cues=_hedged(ta, "almost certainly"),
        quantities=[_q("1000 km", 1000, "km", ta)],
    )
    b = _item("b", tb, 1, lang="ar", quantities=[_q("1000 كيلومتر", 1000, "km", tb)])
    found = hedged_numbers_dropped([a, b], [(0, 1)], NAMES)
    assert [(d.kind, d.members) for d in found] == [("qualifier_dropped", [0, 1])]
    assert "almost certainly" in found[0].explanation


def test_a_hedge_far_from_the_figure_or_both_hedged_is_no_dropped_qualifier():
    from rashomon.claims.discrepancies.hedges import hedged_numbers_dropped

    # the hedge sits in another clause than the figure: it does not qualify it
    ta = "Talks may resume. The drones fly 1000 km."
    tb = "The drones fly 1000 km."
    a = _item(
        "a",
        ta,
        0,
        hedged=True,
        hedge_cues=_hedged(ta, "may"),
        quantities=[_q("1000 km", 1000, "km", ta)],
    )
    b = _item("b", tb, 1, quantities=[_q("1000 km", 1000, "km", tb)])
    assert hedged_numbers_dropped([a, b], [(0, 1)], NAMES) == []
    # both hedge it: nothing was dropped
    tc = "The drones possibly fly 1000 km."
    c = _item(
        "b",
        tc,
        1,
        hedged=True,
        hedge_cues=_hedged(tc, "possibly"),
        quantities=[_q("1000 km", 1000, "km", tc)],
    )
    ta2 = "The drones probably fly 1000 km."
    a2 = _item(
        "a",
        ta2,
        0,
        hedged=True,
        hedge_cues=_hedged(ta2, "probably"),
        quantities=[_q("1000 km", 1000, "km", ta2)],
    )
    assert hedged_numbers_dropped([a2, c], [(0, 1)], NAMES) == []


def test_a_rule_contradiction_the_classifier_reads_as_unrelated_is_dropped():
    from rashomon.claims.discrepancies import Discrepancy
    from rashomon.claims.discrepancies.classified import veto_unrelated
    from rashomon.models.embeddings import EmbeddingCache, default_embedder

    texts = [
        "The ministry said the new bridge over the river is not safe for heavy trucks.",
        "The ministry said the new bridge over the river is safe for heavy trucks.",
        "The football club signed a young striker from Brazil on Tuesday.",
    ]
    items = [_item("abb"[k], t, k) for k, t in enumerate(texts)]
    vectors = EmbeddingCache(default_embedder(), None).embed(texts)

    def rule(i: int, j: int) -> Discrepancy:
        return Discrepancy("contradiction", [i, j], [], "", 0.7, {"why": "negated phrase"})

    kept = veto_unrelated([rule(1, 0), rule(2, 0)], items, vectors)
    assert [d.members for d in kept] == [[1, 0]]
    assert kept[0].extras["unrelated"] < 0.8


def test_no_contradiction_when_the_other_article_makes_the_same_negation():
    from rashomon.claims import lexical
    from rashomon.claims.discrepancies.contradiction import _negates_too

    other_neg = "Venezuela has not requested military aid, the minister said."
    pos = "The report says Venezuela requested military aid and radars."
    items = [
        _item("b", other_neg, 0, polarity="negative"),
        _item("b", pos, 1),
        _item("c", pos, 2),
    ]
    # the negated phrase of "Venezuela did not request military aid" (verb, then objects)
    phrase = lexical.content_stems("request military aid", "en", stop_zipf=6.0)
    assert _negates_too(phrase, [0, 1], items, {})  # article b denies it too: they agree
    assert not _negates_too(phrase, [2], items, {})  # article c only asserts it
