from datetime import date

from rashomon.claims.extract import ExtractStatements
from rashomon.claims.reference_dates import BASIS, EstimateReferenceDates, story_reference_date
from rashomon.config import Config
from rashomon.language.segment import Segment
from rashomon.record import Article
from rashomon.store.sqlite import Store


def _article(text, published, language="ar"):
    a = Article.from_raw(text, f"{text[:8]}.txt", text=text, language=language, published=published)
    return ExtractStatements().process(Segment().process(a))


def _dates(store, article_id):
    return [
        (d.text, d.value, d.basis)
        for s in store.load_article(article_id).statements
        for d in s.dates
    ]


def test_story_reference_date_is_the_median_and_refuses_a_loose_story():
    assert story_reference_date([date(2025, 11, 1), date(2025, 11, 3), date(2025, 11, 2)]) == date(
        2025, 11, 2
    )
    assert story_reference_date([date(2025, 11, 1), date(2025, 12, 20)]) is None
    assert story_reference_date([]) is None


def test_undated_article_resolves_relative_dates_against_its_story(tmp_path):
    dated = [
        _article("هبطت الطائرة في كاراكاس يوم الأحد الماضي.", date(2025, 11, 2)),
        _article("وصلت طائرة روسية إلى كاراكاس.", date(2025, 11, 1)),
    ]
    undated = _article(
        "وقال المتحدث إن الطائرة وصلت الأحد الماضي، وصادق البرلمان في 21 أكتوبر الماضي.", None
    )
    alone = _article("وقع الحادث الأحد الماضي.", None)
    with Store(tmp_path / "d.sqlite", write=True) as store:
        for a in (*dated, undated, alone):
            store.upsert_article(a)
        assert _dates(store, undated.id) == []  # nothing to resolve against yet
        with store.atomic() as c:
            c.executemany(
                "INSERT INTO story_articles(article, story) VALUES (?, ?)",
                [(a.id, "s1") for a in (*dated, undated)] + [(alone.id, "s2")],
            )
        for _ in range(2):  # idempotent
            EstimateReferenceDates().update(store, [], Config())
            assert _dates(store, undated.id) == [
                ("الأحد الماضي", "2025-10-26", BASIS),
                ("21 أكتوبر الماضي", "2025-10-21", BASIS),
            ]
        # the dated articles keep their own dates; the one alone in its story stays unresolved
        assert _dates(store, dated[0].id) == [("يوم الأحد الماضي", "2025-10-26", None)]
        assert _dates(store, alone.id) == []
        estimate = store.load_article(undated.id).extras["claims.reference_date"]
        assert estimate["value"] == "2025-11-02"  # of two dates, the later
        assert sorted(estimate["from"]) == sorted(a.id for a in dated)
        assert store.load_article(undated.id).published is None
        text = store.load_article(undated.id).text
        for s in store.load_article(undated.id).statements:
            for d in s.dates:
                assert text[d.start : d.end] == d.text
