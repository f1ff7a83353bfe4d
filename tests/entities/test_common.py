"""Common words are no entities (entities.common), two names joined by "and" are two mentions
(entities.coord); hand-written phrases, not seed text."""

import json

from rashomon.entities import common, coord, tagdata
from rashomon.entities.rules import Cand


def _doc(text: str, lang: str):
    return tagdata.sentence_doc(text, lang)


def test_a_currency_or_coordinated_common_nouns_are_common():
    doc = _doc("ارتفع سعر اليورو مقابل الدولار أمس", "ar")
    assert common.is_common(doc, 4, 5)  # الدولار: "dollar", a common noun
    doc = _doc("أنظمة صواريخ وطائرات حديثة", "ar")
    assert common.is_common(doc, 1, 3)  # "missiles and aircraft"


def test_a_name_that_is_also_a_word_is_not_common():
    # a place the gazetteer knows, and a capitalised gloss (a name), are names
    assert not common.is_common(_doc("زار الرئيس القاهرة أمس", "ar"), 2, 3)
    assert not common.is_common(_doc("وصل إلى الولايات المتحدة أمس", "ar"), 2, 4)
    # a cue frames it: a title before, a speech verb after
    doc = _doc("قال الرئيس جمال إن", "ar")
    assert common.framed_by_cue(doc, 2, 3)
    # a name of several common words that is no coordination (an event, a body) is judged
    # a name: «الحرب العالمية الثانية»
    assert not common.is_common(_doc("بعد الحرب العالمية الثانية مباشرة", "ar"), 1, 4)


def test_marked_mentions_keep_their_span_and_make_no_entity():
    doc = _doc("ارتفع سعر الدولار أمس", "ar")
    cs = [Cand(2, 3, "other", 0.9, "tagger"), Cand(2, 3, "person", 0.9, "tagger")]
    common.mark(doc, cs)
    # only the judged types are marked: a person named with words stays
    assert [c.rule for c in cs] == ["tagger" + common.MARK, "tagger"]
    row = {"extras": json.dumps({"rule": cs[0].rule})}
    assert common.flagged(row) and not common.flagged({"extras": '{"rule": "tagger"}'})


def _split(text: str, lang: str, typ: str = "person") -> list[str]:
    doc = _doc(text, lang)
    out = coord.split(doc, [(0, len(doc.toks), typ, 0.9)])
    return [" ".join(t.text for t in doc.toks[i:j]) for i, j, _t, _p in out]


def test_two_persons_joined_by_and_are_split():
    assert _split("حسن روحاني ومحمد جواد ظريف", "ar") == ["حسن روحاني", "محمد جواد ظريف"]
    assert _split("حسن روحانی و محمد جواد ظریف", "fa") == ["حسن روحانی", "محمد جواد ظریف"]
    # "and His Highness" after a name: no second name, the word goes
    assert _split("محمد بن راشد وسمو", "ar") == ["محمد بن راشد"]


def test_a_name_that_begins_with_the_letter_waw_stays_whole():
    assert _split("أوبرا وينفري", "ar") == ["أوبرا وينفري"]
    assert _split("جورج واشنطن", "ar") == ["جورج واشنطن"]
    assert _split("نصر وليد", "ar") == ["نصر وليد"]
    # organisation names hold the conjunction; two places joined by it are two
    assert _split("وزارت فرهنگ و ارشاد اسلامی", "fa", "organisation") == [
        "وزارت فرهنگ و ارشاد اسلامی"
    ]
    assert _split("فرنسا وألمانيا", "ar", "place") == ["فرنسا", "ألمانيا"]


CURRENCY = [
    ("ar", "قال وزير المالية إن قيمة الصفقة بلغت عشرة ملايين دولار في موسكو."),
    ("ar", "وأضاف الوزير أن الحكومة دفعت خمسة ملايين دولار لشركة روسية في موسكو."),
]


def test_a_common_word_mention_is_kept_but_makes_no_entity(tmp_path):
    from rashomon.config import Config
    from rashomon.entities.detect import DetectMentions
    from rashomon.entities.link import LinkEntities
    from rashomon.language.segment import Segment
    from rashomon.pipeline.base import run_stages
    from rashomon.record import Article
    from rashomon.store.sqlite import Store

    arts = [
        Article.from_raw(t, f"{lang}{i}.txt", text=t, language=lang)
        for i, (lang, t) in enumerate(CURRENCY)
    ]
    arts = list(run_stages([Segment(), DetectMentions()], arts))
    marked = [m for a in arts for m in a.mentions if m.rule.endswith(common.MARK)]
    assert [m.text for m in marked] == ["دولار", "دولار"]

    def build(name, batches):
        store = Store(tmp_path / name, write=True)
        for batch in batches:
            for a in batch:
                store.upsert_article(a)
            LinkEntities().update(store, [a.id for a in batch], Config())
        return store

    full = build("full.sqlite", [arts])
    assert full.rows("SELECT entity FROM mentions WHERE text = 'دولار'") == [
        {"entity": None},
        {"entity": None},
    ]
    assert all(e.name != "دولار" for e in full.iter_entities())
    assert any(e.name == "موسكو" for e in full.iter_entities())  # the rest is linked as before
    inc = build("inc.sqlite", [[a] for a in arts])

    def snapshot(s):
        return (
            s.rows("SELECT id, name, type, latin, extras FROM entities ORDER BY id"),
            s.rows('SELECT article, seq, start, "end", entity FROM mentions ORDER BY article, seq'),
            s.rows("SELECT a, b, kind, weight FROM entity_relations ORDER BY a, b, kind"),
        )

    assert snapshot(inc) == snapshot(full)


# -- the inflection test (entities.common.morph_common): made-up words and counts -------------


def test_inflection_alternating_article_or_plural_is_common():
    # (bare, with the article): a common noun stands both ways, mostly with the article
    stats = {"سنبور": (30, 70), "كرفاز": (40, 10), "كرفازات": (60, 0), "زيتره": (45, 5)}
    stats["زيترات"] = (10, 20)
    assert common.morph_common("ar", "سنبور", stats)  # 70% with the article
    assert common.morph_common("ar", "كرفاز", stats)  # seldom with it, but a plural in «ات»
    assert common.morph_common("ar", "زيتره", stats)  # ة (folded to ه) -> ات
    # Persian: (bare, plural)
    assert common.morph_common("fa", "گلندار", {"گلندار": (50, 30)})


def test_inflection_of_a_name_is_not_common():
    # a person's name never takes the article; a name with the article always has it
    stats = {"مرتضون": (95, 0), "نيسور": (1, 99), "قليل": (2, 8), "بلسان": (80, 20)}
    assert not common.morph_common("ar", "مرتضون", stats)
    assert not common.morph_common("ar", "نيسور", stats)  # the article always: a name of it
    assert not common.morph_common("ar", "قليل", stats)  # too rare to judge
    assert not common.morph_common("ar", "بلسان", stats)  # 20%: mostly bare, no plural
    assert not common.morph_common("ar", "غير موجود", stats)
    assert not common.morph_common("fa", "هرمزان", {"هرمزان": (100, 0)})
    assert not common.morph_common("en", "sonbor", {"sonbor": (30, 70)})


def test_shipped_inflection_table_judges_a_word_the_lexicon_lacks(monkeypatch):
    # "the spy", "insulin": unknown to the gloss lexicon, inflected as common nouns in the news
    for text, i in (
        ("ألقت الشرطة القبض على الجاسوس أمس", 4),
        ("يحتاج المريض إلى الأنسولين يوميا", 3),
    ):
        doc = _doc(text, "ar")
        monkeypatch.setattr(common, "MORPH", False)
        assert not common.is_common(doc, i, i + 1)
        monkeypatch.setattr(common, "MORPH", True)
        assert common.is_common(doc, i, i + 1)
    # a person's name is no common word, nor marked when typed miscellany
    doc = _doc("زار ترامب المدينة أمس", "ar")
    assert not common.is_common(doc, 1, 2)
    cs = [Cand(1, 2, "other", 0.9, "tagger")]
    common.mark(doc, cs)
    assert cs[0].rule == "tagger"


def test_a_one_word_place_the_lexicon_calls_a_common_noun_makes_no_entity(monkeypatch):
    doc = _doc("غرقت السفينة في البحر قرب الساحل", "ar")
    cs = [Cand(3, 4, "place", 0.9, "tagger")]  # البحر, "the sea", typed a place
    common.mark(doc, cs)
    assert cs[0].rule == "tagger" + common.MARK
    # two words, a gazetteer place, a word found only by stemming clitics off a name (ليون,
    # Lyon, read as "to me") are left to the tagger
    assert not common.common_place(_doc("عبرت السفينة البحر الأحمر أمس", "ar"), 2, 4)
    assert not common.common_place(_doc("زار الرئيس القاهرة أمس", "ar"), 2, 3)
    assert not common.common_place(_doc("وصل الفريق إلى ليون أمس", "ar"), 3, 4)
    monkeypatch.setattr(common, "PLACES", False)
    cs = [Cand(3, 4, "place", 0.9, "tagger")]
    common.mark(doc, cs)
    assert cs[0].rule == "tagger"


def test_a_one_word_organisation_the_lexicon_calls_a_common_noun_makes_no_entity(monkeypatch):
    doc = _doc("وقال البنك في بيان أمس", "ar")  # البنك, "the bank", typed an organisation
    cs = [Cand(1, 2, "organisation", 0.9, "tagger")]
    common.mark(doc, cs)
    assert cs[0].rule == "tagger" + common.MARK
    # a name of two words, or a word the lexicon does not know, stays the tagger's
    assert not common.common_organisation(_doc("وقال البنك الدولي في بيان", "ar"), 1, 3)
    assert not common.common_organisation(_doc("وقالت أرامكو في بيان", "ar"), 1, 2)
    monkeypatch.setattr(common, "ORGS", False)
    cs = [Cand(1, 2, "organisation", 0.9, "tagger")]
    common.mark(doc, cs)
    assert cs[0].rule == "tagger"
