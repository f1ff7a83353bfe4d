"""Mention detection on small hand-written sentences in three scripts (not seed text)."""

from rashomon.entities.detect import DetectMentions
from rashomon.language.segment import Segment
from rashomon.pipeline.base import run_stages
from rashomon.record import Article


def _detect(*texts: str, lang: str | None = None) -> list[Article]:
    arts = []
    for i, t in enumerate(texts):
        a = Article.from_raw(t, f"t{i}.txt", text=t, language=lang)
        arts.append(a)
    return list(run_stages([Segment(), DetectMentions()], arts))


def _found(a: Article) -> dict[str, str]:
    for m in a.mentions:
        assert a.text[m.start : m.end] == m.text
    return {m.text: m.type for m in a.mentions}


def test_arabic_places_with_clitics_keep_surface_offsets():
    (a,) = _detect("وصل الوفد إلى برلين ثم سافر وزير الخارجية إلى باريس وبرلين ولندن.", lang="ar")
    found = _found(a)
    assert found.get("وبرلين") == "place"
    assert found.get("ولندن") == "place"
    keys = {m.text: m.key for m in a.mentions}
    assert keys["وبرلين"] == keys["برلين"]


def test_arabic_person_after_title_and_outlet_after_cue():
    (a,) = _detect(
        'وقالت المستشارة الألمانية أنجيلا ميركل لصحيفة "لوموند" إن الاتفاق مهم. '
        "وأضافت ميركل أن برلين تدعم الحل.",
        lang="ar",
    )
    found = _found(a)
    assert found.get("أنجيلا ميركل") == "person"
    assert found.get("ميركل") == "person"  # the last name alone, propagated
    assert found.get("لوموند") == "outlet"


def test_persian_person_before_title_and_equipment_code():
    (a,) = _detect(
        "آنگلا مرکل، صدراعظم آلمان، گفت که یک فروند هواپیمای ایرباس A-400 به برلین رسید.",
        lang="fa",
    )
    found = _found(a)
    assert found.get("آنگلا مرکل") == "person"
    assert any(t == "equipment" and "A-400" in s for s, t in found.items())
    assert found.get("برلین") == "place"


def test_english_capitalised_names_and_types():
    (a,) = _detect(
        "German Chancellor Angela Merkel told the Washington Post that the Paris Agreement "
        "stands. The Ministry of Defence said an F-35 landed in Paris.",
        lang="en",
    )
    found = _found(a)
    assert found.get("Angela Merkel") == "person"
    assert found.get("Washington Post") == "outlet"
    assert found.get("Paris Agreement") == "event"
    assert found.get("Ministry of Defence") == "organisation"
    assert found.get("F-35") == "equipment"
    assert found.get("Paris") == "place"


def test_bad_article_does_not_break_the_batch():
    good = Article.from_raw("سافر الوزير إلى باريس.", "g.txt", text="سافر الوزير إلى باريس.")
    empty = Article.from_raw("", "e.txt", text="")
    out = list(DetectMentions().run([empty, good]))
    assert out[0].mentions == []
    assert any(m.text == "باريس" for m in out[1].mentions)


def test_languages_wordfreq_cannot_tokenise_do_not_fail():
    """Regression: wordfreq needs jieba for Chinese; detection must not fail on zh text."""
    (a,) = _detect("北京 是 中国 的 首都。 Beijing is the capital.", lang="zh")
    assert not a.errors
    assert any(m.text == "Beijing" for m in a.mentions)


def test_a_latin_name_does_not_spread_to_its_lowercase_word():
    # the WHO found in one article (an acronym, say by the tagger) spreads to the WHO in
    # another, never to the pronoun "who"
    from rashomon.entities.batch import propagate_typed
    from rashomon.entities.propagate import _doc

    doc = _doc("Officials who met the WHO team said the WHO would help.", "en")
    cands: dict = {"a": []}
    propagate_typed({"a": doc}, cands, {"who": "organisation"}, {"who": 1})
    spans = [doc.toks[c.i].text for c in cands["a"]]
    assert spans == ["WHO", "WHO"]


def test_nationality_adjectives_are_no_entities_and_persian_washington_is_a_place():
    (a,) = _detect(
        "تاجران ایرانی و شرکت‌های چینی و آلمانی در واشنگتن با مقامات آمریکایی دیدار کردند.",
        lang="fa",
    )
    found = _found(a)
    for adjective in ("ایرانی", "چینی", "آلمانی", "آمریکایی"):
        assert adjective not in found
    assert found.get("واشنگتن") == "place"
    (m,) = [m for m in a.mentions if m.text == "واشنگتن"]
    assert m.extras.get("gazetteer")


def test_a_quoted_name_after_an_outlet_noun_wins_over_the_place_in_it():
    (a,) = _detect('روزنامه "نیویورک تایمز" روز دوشنبه از تهران گزارش داد.', lang="fa")
    found = _found(a)
    assert found.get("نیویورک تایمز") == "outlet"
    assert "نیویورک" not in found


def test_a_tagged_country_stays_a_place_but_a_city_named_organisation_stays_one():
    from rashomon.entities import tagdata
    from rashomon.entities.detect import gazetteer_type

    doc = tagdata.sentence_doc("فاز برشلونة على الولايات المتحدة", "ar")
    # a country acting is still the country (linked, marked acting by entities.metonym)
    assert gazetteer_type(doc, "geo:US", "organisation") == "place"
    assert gazetteer_type(doc, "geo:US", "other") == "place"
    # a club named for its city: an organisation in both corpora's convention
    assert gazetteer_type(doc, "geo:g3128760", "organisation") == "organisation"
    assert gazetteer_type(doc, "geo:g3128760", "person") == "person"
    # a seat of government is the building whatever the tagger calls it
    assert gazetteer_type(doc, "fac:Blue House", "organisation") == "facility"


def test_a_cue_word_alone_is_a_name_only_when_the_tagger_says_so():
    from rashomon.entities import tagdata
    from rashomon.entities.detect import resolve_overlaps
    from rashomon.entities.rules import Cand

    doc = tagdata.sentence_doc("وافق الكونغرس على القرار", "ar")
    # ANERcorp tags «الكونغرس» an organisation: the trained tagger's find of it stands
    kept = resolve_overlaps(doc, [Cand(1, 2, "organisation", 0.9, "tagger")])
    assert [(c.i, c.j, t) for c, t in kept] == [(1, 2, "organisation")]
    # a rule's find of the cue noun alone does not
    assert resolve_overlaps(doc, [Cand(1, 2, "organisation", 0.9, "cue-org")]) == []


def test_a_person_named_like_a_place_keeps_no_gazetteer_anchor(monkeypatch):
    from rashomon.entities import detect, rules, tagdata, tagger

    doc = tagdata.sentence_doc("وقالت البروفسورة ريتشاردسون إن الجامعة تغيرت", "ar")
    hit = next(c for c in rules.gazetteer(doc) if c.i == 2)  # a city of the gazetteer
    monkeypatch.setattr(tagger, "tag", lambda d: [(hit.i, hit.j, "person", 0.9)])
    (c,) = detect._tagged(doc)
    assert (c.type, c.rule) == ("person", "tagger")  # a person entity, not the city
    monkeypatch.setattr(detect, "PERSON_OVER_GAZETTEER", False)
    (c,) = detect._tagged(doc)
    assert (c.type, c.rule) == ("person", hit.rule)


def test_a_gazetteer_name_before_a_speech_verb_keeps_its_type_in_english(monkeypatch):
    from rashomon.entities import detect

    text = "The Kremlin said on Friday that Washington warned Moscow about the tests."
    (a,) = _detect(text, lang="en")
    found = _found(a)
    assert found["Kremlin"] == "facility" and found["Washington"] == "place"
    monkeypatch.setattr(detect, "GAZETTEER_TYPE", False)
    (a,) = _detect(text, lang="en")
    assert _found(a)["Kremlin"] == "person"  # what the capitalised-word and speech votes said


def test_a_title_does_not_reach_past_a_speech_verb_to_a_later_word():
    from rashomon.entities import rules, tagdata

    doc = tagdata.sentence_doc("The president said on Friday that talks would resume.", "en")
    assert not [c for c in rules.titles(doc) if doc.toks[c.i].text == "Friday"]
    doc = tagdata.sentence_doc("Russian Foreign Minister Sergei Lavrov said on Monday", "en")
    assert [(doc.toks[c.i].text, c.j - c.i) for c in rules.titles(doc)] == [("Sergei", 2)]


BATCH_TEXTS = [
    ("وقال الرئيس الفلسطيني محمود عباس في رام الله إن الحكومة ستجتمع الأحد.", "ar"),
    ("آنگلا مرکل، صدراعظم آلمان، روز دوشنبه در برلین گفت که مذاکرات ادامه دارد.", "fa"),
    ("وصل وزير الخارجية الروسي سيرغي لافروف إلى القاهرة والتقى نظيره المصري.", "ar"),
    ("German Chancellor Angela Merkel spoke in Paris on Monday.", "en"),
    ("سخنگوی وزارت امور خارجه ایران در تهران گفت: دولت آمریکا مسئول است.", "fa"),
]


def _mentions(arts: list[Article]) -> list[list[tuple]]:
    return [[(m.start, m.end, m.type, m.confidence, m.key) for m in a.mentions] for a in arts]


def _segmented() -> list[Article]:
    arts = [
        Article.from_raw(t, f"b{i}.txt", text=t, language=lang)
        for i, (t, lang) in enumerate(BATCH_TEXTS * 4)  # 20 articles: two batches
    ]
    return list(run_stages([Segment()], arts))


def test_a_batch_tagged_together_gets_the_mentions_of_one_article_at_a_time():
    stage = DetectMentions()
    alone = _mentions([stage.process(a) for a in _segmented()])
    together = _mentions(list(stage.run(iter(_segmented()))))
    assert together == alone
    assert sum(map(len, together)) >= 20 and all(alone[:4])


def test_a_failure_in_a_batch_stays_with_its_article(monkeypatch):
    from rashomon.entities import detect, tagger

    stage = DetectMentions()
    want = _mentions([stage.process(a) for a in _segmented()])

    def broken(docs):
        raise RuntimeError("batch")

    monkeypatch.setattr(tagger, "tag_many", broken)  # every article is tagged alone instead
    assert _mentions(list(stage.run(_segmented()))) == want
    monkeypatch.undo()

    real_doc = detect.DetectMentions._doc

    def doc(article):
        if article.source == "b2.txt":
            raise ValueError("bad article")
        return real_doc(article)

    monkeypatch.setattr(detect.DetectMentions, "_doc", staticmethod(doc))
    out = list(stage.run(_segmented()))
    assert [a.source for a in out] == [f"b{i}.txt" for i in range(20)]
    assert out[2].mentions == [] and "bad article" in out[2].errors[0]
    got = _mentions(out)
    assert got[:2] == want[:2] and got[3:] == want[3:]
    assert all(not a.errors for k, a in enumerate(out) if k != 2)


def test_a_place_the_gazetteer_keeps_quiet_anchors_only_a_tagged_place(monkeypatch):
    from rashomon.entities import detect, rules, tagdata, tagger

    doc = tagdata.sentence_doc("وصل الوفد إلى جنيف صباح الاثنين", "ar")
    k = next(i for i, t in enumerate(doc.toks) if t.text == "جنيف")
    # a frequent word in Arabic, so the gazetteer's rule finds nothing there...
    assert not [c for c in rules.gazetteer(doc) if c.i == k]
    entry = rules.quiet_place(doc, k, k + 1)
    assert entry and doc.gaz.entries[entry]["latin"] == "Geneva"
    # ...but the tagger's place is the city, for its Latin name and cross-script link
    monkeypatch.setattr(tagger, "tag", lambda d: [(k, k + 1, "place", 0.9)])
    (c,) = detect._tagged(doc)
    assert (c.i, c.j, c.type, c.rule) == (k, k + 1, "place", "gazetteer:" + entry)
    # a span typed anything else is no anchor
    monkeypatch.setattr(tagger, "tag", lambda d: [(k, k + 1, "person", 0.9)])
    (c,) = detect._tagged(doc)
    assert c.rule == "tagger"
    monkeypatch.setattr(tagger, "tag", lambda d: [(k, k + 1, "place", 0.9)])
    monkeypatch.setattr(detect, "QUIET_PLACES", False)
    (c,) = detect._tagged(doc)
    assert (c.type, c.rule) == ("place", "tagger")


def test_a_quiet_place_name_keeps_the_article_rules_of_the_gazetteer():
    from rashomon.entities import rules, tagdata

    doc = tagdata.sentence_doc("زار الوفد الجنيف", "ar")  # not the city's written form
    k = len(doc.toks) - 1
    assert rules.quiet_place(doc, k, k + 1) is None


def test_a_one_word_name_spreads_onto_no_common_word_of_the_articles_language(monkeypatch):
    from rashomon.entities import batch, tagdata

    # «سال» is a surname in Arabic news (Macky Sall) and "year" in Persian
    doc = tagdata.sentence_doc("پسکوف گفت این طرح سال آینده اجرا می‌شود", "fa")
    k = next(i for i, t in enumerate(doc.toks) if t.text == "سال")
    name = next(i for i, t in enumerate(doc.toks) if t.text == "پسکوف")
    chosen = {doc.toks[k].key: "person", doc.toks[name].key: "person"}
    found: dict[str, list] = {"a": []}
    batch.propagate_typed({"a": doc}, found, chosen, batch.longest_by_first(chosen))
    assert [(c.i, c.type) for c in found["a"]] == [(name, "person")]  # a rare word still does
    monkeypatch.setattr(batch, "SPREAD_INTO_WORDS", True)
    found = {"a": []}
    batch.propagate_typed({"a": doc}, found, chosen, batch.longest_by_first(chosen))
    assert sorted((c.i, c.type) for c in found["a"]) == [(name, "person"), (k, "person")]


def test_german_nouns_are_no_names_but_names_that_travel_are(monkeypatch):
    from rashomon import lang
    from rashomon.entities import latin_rules

    assert lang.get("de").nouns_capitalised and not lang.get("en").nouns_capitalised
    text = (
        "Die Polizei sagte, der Papst habe im dritten Quartal Rom besucht. "
        "Auch Merkel und Putin schwiegen, die FPÖ nicht."
    )
    (a,) = _detect(text, lang="de")
    found = _found(a)
    assert not {"Polizei", "Papst", "Quartal"} & set(found)
    assert {"Rom", "Merkel", "Putin", "FPÖ"} <= set(found)
    monkeypatch.setattr(latin_rules, "NOUN_CAPITALS", False)
    (a,) = _detect(text, lang="de")
    assert {"Polizei", "Papst"} <= set(_found(a))
