from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.claims.extract import ExtractStatements, analyse_sentence, split_clauses, statement_id
from rashomon.cleaning.basic import BasicClean
from rashomon.config import Config
from rashomon.language.detect import DetectLanguage
from rashomon.language.segment import Segment
from rashomon.readers.base import read_inputs
from rashomon.record import Article

PUBLISHED = date(2025, 11, 2)


def _article(text, language, published=PUBLISHED):
    a = Article.from_raw(text, "test", text=text, language=language, published=published)
    return ExtractStatements().process(Segment().process(a))


def _cuts(article):
    for s in article.statements:
        assert article.text[s.start : s.end] == s.text
        for part in [*s.quantities, *s.dates]:
            assert article.text[part.start : part.end] == part.text
        for src in s.sources:
            assert article.text[src["start"] : src["end"]] == src["text"]
        for cue in s.polarity_cues + s.hedge_cues:
            assert article.text[cue["start"] : cue["end"]] == cue["text"]


def test_analyse_sentence_api():
    text = "وقال المتحدث باسم الوزارة الأحد الماضي إن الصواريخ ربما لم تصل إلى مدى 500 كيلومتر."
    s = analyse_sentence(text, language="ar", published=PUBLISHED, offset=10)
    assert (s.start, s.end, s.text) == (10, 10 + len(text), text)
    assert s.attribution == ["المتحدث باسم الوزارة"]
    assert s.polarity == "negative" and s.hedged and s.hedges == ["ربما"]
    assert [(q.value, q.unit) for q in s.quantities] == [(500.0, "km")]
    assert [(d.value, d.text) for d in s.dates] == [("2025-10-26", "الأحد الماضي")]
    assert s.dates[0].start == 10 + text.index("الأحد")


def test_continuation_carries_the_source_in_the_paragraph():
    text = (
        "According to Reuters, the plant closed on Friday.\n"
        "He added that 300 workers lost their jobs.\n"
        "He added that nobody knows."
    )
    a = _article(text, "en")
    assert [s.attribution for s in a.statements] == [["Reuters"], ["Reuters"], ["Reuters"]]
    assert a.statements[1].carried == "continuation"
    _cuts(a)


def test_back_reference_carries_across_paragraphs():
    text = "به گزارش خبرگزاری ایسنا، دولت بودجه را تصویب کرد.\nطبق همین گزارش، مجلس مخالفت کرد."
    a = _article(text, "fa")
    assert [s.attribution for s in a.statements] == [["خبرگزاری ایسنا"], ["خبرگزاری ایسنا"]]
    assert a.statements[1].carried == "anaphora"


def test_clauses_of_a_long_sentence():
    text = (
        "وبحسب البيان، أرسل الوزير رسالة إلى نظيره الفرنسي يطلب فيها تعزيز التعاون الاقتصادي "
        "بين البلدين، وأجرى وزير الطاقة اتصالات مع شركات أوروبية لتنسيق شحنات الغاز الطبيعي "
        "المسال خلال الشهر الجاري"
    )
    spans = split_clauses(text, 0, len(text))
    assert len(spans) == 2
    assert text[spans[1][0] :].startswith("وأجرى")
    a = _article(text, "ar")
    assert [s.attribution for s in a.statements] == [["البيان"], ["البيان"]]
    assert a.statements[1].carried == "sentence"
    assert [d.value for d in a.statements[1].dates] == ["2025-11"]


def test_ids_are_stable_and_distinct():
    text = "قال الوزير إن النمو بلغ 3 في المئة. وأضاف أن التضخم تراجع."
    a, b = _article(text, "ar"), _article(text, "ar")
    assert [s.id for s in a.statements] == [s.id for s in b.statements]
    assert len({s.id for s in a.statements}) == 2
    assert a.statements[0].id == statement_id(a.id, a.statements[0].start, a.statements[0].end)


def test_mentions_name_the_source():
    from rashomon.record import Mention

    text = "به گزارش روزنامه تهران تایمز، قیمت‌ها بالا رفت."
    a = Article.from_raw(text, "t", text=text, language="fa", published=PUBLISHED)
    start = text.index("تهران")
    a.mentions = [
        Mention(start=start, end=start + len("تهران تایمز"), text="تهران تایمز", type="outlet")
    ]
    a = ExtractStatements().process(Segment().process(a))
    assert a.statements[0].attribution == ["تهران تایمز"]


_ALPHABET = st.sampled_from(
    list(
        "ابتثجحخدذرسشصضطظعغفقكلمنهوي ءأإآىةئؤ ًٌٍَُِّْـ،؛؟.٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹پچژگکی\u200c abcXYZ 0123456789%$,.\n"
    )
)
_WORDS = st.sampled_from(
    [
        "قال",
        "بحسب",
        "به گزارش",
        "according to",
        "ألف",
        "هزار",
        "كيلومتر",
        "الأحد الماضي",
        "لم",
        "ربما",
        "نمی‌کند",
        "21 أكتوبر",
        "أكثر من",
        "،",
        ".",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.text(_ALPHABET, max_size=12), _WORDS), max_size=40))
def test_every_span_cuts_its_text_property(parts):
    text = " ".join(parts)
    a = _article(text, None)
    _cuts(a)


def test_every_seed_statement_cuts_its_text(seeds_dir: Path):
    arts = list(read_inputs([str(seeds_dir)], Config().limits, lambda f: None))
    stages = [BasicClean(), Segment(), DetectLanguage(), ExtractStatements()]
    stream = iter(arts)
    for stage in stages:
        stream = stage.run(stream)
    done = list(stream)
    assert len(done) == 5
    for a in done:
        assert not a.errors
        assert len(a.statements) >= 10
        _cuts(a)


def test_corpus_articles_extract_without_errors(shared_data: Path):
    """Regression: a month-day date without a "mark" group crashed a whole article
    (IndexError: no such group) on the SemEval English texts."""
    import gzip
    import json

    done = 0
    for name in ("saudinewsnet-ar", "farsnews-fa", "semeval-dev-multi"):
        with gzip.open(shared_data / "corpus" / f"{name}.jsonl.gz", "rt", encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if i >= 40:
                    break
                d = json.loads(line)
                text = d.get("maintext") or ""
                a = _article(text, d.get("language"), published=date(2020, 1, 15))
                assert not a.errors, (name, i, a.errors)
                _cuts(a)
                done += 1
    assert done == 120


def test_a_mention_inside_a_document_phrase_does_not_rename_it():
    from rashomon.record import Mention

    text = "كشفت وثائق داخلية للحكومة الفرنسية أن الميزانية ستنخفض."
    a = Article.from_raw(text, "t", text=text, language="ar", published=PUBLISHED)
    start = text.index("للحكومة")
    a.mentions = [
        Mention(
            start=start,
            end=start + len("للحكومة الفرنسية"),
            text="للحكومة الفرنسية",
            type="organisation",
        )
    ]
    a = ExtractStatements().process(Segment().process(a))
    assert a.statements[0].attribution == ["وثائق داخلية للحكومة الفرنسية"]


def test_a_person_mention_completes_a_cut_phrase():
    from rashomon.record import Mention

    text = "وقال نائب وزير الخارجية الفرنسي جان بيير دوبون إن المحادثات مستمرة."
    a = Article.from_raw(text, "t", text=text, language="ar", published=PUBLISHED)
    start = text.index("جان")
    a.mentions = [
        Mention(
            start=start, end=start + len("جان بيير دوبون"), text="جان بيير دوبون", type="person"
        )
    ]
    a = ExtractStatements().process(Segment().process(a))
    assert a.statements[0].attribution == ["جان بيير دوبون"]
