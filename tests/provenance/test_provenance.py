from datetime import date

from rashomon.claims.extract import ExtractStatements
from rashomon.config import Config
from rashomon.language.segment import Segment
from rashomon.provenance.cited import CitedSources, StoreCitedSources, source_kind
from rashomon.provenance.original import OriginalReport, same_source, skeleton
from rashomon.record import Article
from rashomon.store.sqlite import Store


def _article(text, language, outlet, published):
    a = Article.from_raw(text, f"{outlet}.txt", text=text, language=language, outlet=outlet,
                         published=published)
    return CitedSources().process(ExtractStatements().process(Segment().process(a)))


def test_cited_sources_have_exact_spans_and_kinds():
    a = _article("به گزارش خبرگزاری ایسنا، بودجه تصویب شد. به گفته وزیر نفت، تولید بالا رفت.",
                 "fa", "x", date(2025, 1, 1))
    cited = a.extras["provenance.cited"]
    assert [(c["name"], c["kind"]) for c in cited] == [("خبرگزاری ایسنا", "agency"), ("وزیر نفت", "official")]
    for c in cited:
        assert a.text[c["start"]:c["end"]] == c["text"]


def test_skeleton_joins_scripts_and_keeps_others_apart():
    assert same_source(skeleton("صحيفة نيويورك تايمز"), skeleton("روزنامه نیویورک تایمز"))
    assert same_source(skeleton("The Guardian"), skeleton("the guardian newspaper"))
    assert not same_source(skeleton("نيويورك تايمز"), skeleton("لوس أنجلوس تايمز"))
    assert source_kind("صحيفة الغارديان") == "outlet"


def test_original_report_is_the_source_the_others_cite(tmp_path):
    arts = [
        _article("ذكرت صحيفة نيويورك تايمز أن المحادثات فشلت. وقال مسؤول إن الوفد غادر.", "ar",
                 "site-a", date(2025, 3, 2)),
        _article("به گزارش روزنامه نیویورک تایمز، مذاکرات شکست خورد.", "fa", "site-b",
                 date(2025, 3, 1)),
        _article("According to The New York Times, the talks failed.", "en", "site-c",
                 date(2025, 3, 3)),
        _article("The talks failed, officials said.", "en", "site-d", date(2025, 2, 28)),
    ]
    with Store(tmp_path / "p.sqlite", write=True) as store:
        for a in arts:
            store.upsert_article(a)
        ids = [a.id for a in arts]
        StoreCitedSources().update(store, ids, Config())
        OriginalReport().update(store, ids, Config())
        rows = store.rows('SELECT article, name, start, "end", text FROM cited_sources')
        original = store.get_meta("provenance.original")
    texts = {a.id: a.text for a in arts}
    assert rows and all(texts[r["article"]][r["start"]:r["end"]] == r["text"] for r in rows)
    assert original["basis"] == "most cited source outside the batch"
    assert same_source(skeleton(original["name"]), skeleton("New York Times"))
    assert sorted(original["cited_by"]) == sorted(ids[:3])
    assert original["kind"] == "outlet"
    assert original["earliest_article"]["article"] == ids[3]
    assert original["confidence"] == 0.85


def test_a_cited_source_that_is_in_the_batch_is_not_the_original(tmp_path):
    arts = [
        _article("به گزارش خبرگزاری ایسنا، بودجه تصویب شد.", "fa", "site-a", date(2025, 1, 2)),
        _article("به گزارش خبرگزاری ایسنا، مجلس رای داد.", "fa", "site-b", date(2025, 1, 3)),
        _article("بودجه تصویب شد.", "fa", "خبرگزاری ایسنا", date(2025, 1, 1)),
    ]
    with Store(tmp_path / "p.sqlite", write=True) as store:
        for a in arts:
            store.upsert_article(a)
        ids = [a.id for a in arts]
        StoreCitedSources().update(store, ids, Config())
        OriginalReport().update(store, ids, Config())
        original = store.get_meta("provenance.original")
    assert original["basis"] == "earliest published article of the story"
    assert original["article"] == ids[2]


def test_seeds_name_the_report_the_others_cite(seeds_dossier):
    original = seeds_dossier["provenance"]["original"]
    # gold: the seeds retell one newspaper's report (anchor: "واشنطن بوست" in 001)
    assert same_source(skeleton(original["name"]), skeleton("واشنطن بوست"))
    assert len(original["cited_by"]) >= 3
    assert seeds_dossier["provenance"]["cited_sources"]
