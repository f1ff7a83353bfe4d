from datetime import date

import pytest

from rashomon.claims.extract import ExtractStatements
from rashomon.config import Config
from rashomon.language.segment import Segment
from rashomon.provenance.cited import CitedSources, source_kind
from rashomon.provenance.original import OriginalReport, same_source, skeleton
from rashomon.record import Article
from rashomon.store.sqlite import Store


def _article(text, language, outlet, published):
    a = Article.from_raw(
        text, f"{outlet}.txt", text=text, language=language, outlet=outlet, published=published
    )
    return CitedSources().process(ExtractStatements().process(Segment().process(a)))


def _original(tmp_path, arts):
    """Store the articles (with their cited sources), run the original-report step:
    (cited rows, original)."""
    with Store(tmp_path / "p.sqlite", write=True) as store:
        for a in arts:
            store.upsert_article(a)
        ids = [a.id for a in arts]
        OriginalReport().update(store, ids, Config())
        rows = store.rows('SELECT article, name, start, "end", text FROM cited_sources')
        return rows, store.get_meta("provenance.original")


def test_cited_sources_have_exact_spans_and_kinds():
    a = _article(
        "به گزارش خبرگزاری ایسنا، بودجه تصویب شد. به گفته وزیر نفت، تولید بالا رفت.",
        "fa",
        "x",
        date(2025, 1, 1),
    )
    cited = a.cited
    assert [(c.name, c.kind) for c in cited] == [
        ("خبرگزاری ایسنا", "agency"),
        ("وزیر نفت", "official"),
    ]
    for c in cited:
        assert a.text[c.start : c.end] == c.text


def test_skeleton_joins_scripts_and_keeps_others_apart():
    assert same_source(skeleton("صحيفة نيويورك تايمز"), skeleton("روزنامه نیویورک تایمز"))
    assert same_source(skeleton("The Guardian"), skeleton("the guardian newspaper"))
    assert not same_source(skeleton("نيويورك تايمز"), skeleton("لوس أنجلوس تايمز"))
    assert source_kind("صحيفة الغارديان") == "outlet"


def test_original_report_is_the_source_the_others_cite(tmp_path):
    arts = [
        _article(
            "ذكرت صحيفة نيويورك تايمز أن المحادثات فشلت. وقال مسؤول إن الوفد غادر.",
            "ar",
            "site-a",
            date(2025, 3, 2),
        ),
        _article(
            "به گزارش روزنامه نیویورک تایمز، مذاکرات شکست خورد.", "fa", "site-b", date(2025, 3, 1)
        ),
        _article(
            "According to The New York Times, the talks failed.", "en", "site-c", date(2025, 3, 3)
        ),
        _article("The talks failed, officials said.", "en", "site-d", date(2025, 2, 28)),
    ]
    rows, original = _original(tmp_path, arts)
    ids = [a.id for a in arts]
    texts = {a.id: a.text for a in arts}
    assert rows and all(texts[r["article"]][r["start"] : r["end"]] == r["text"] for r in rows)
    assert original["basis"] == "most cited source outside the batch"
    assert same_source(skeleton(original["name"]), skeleton("New York Times"))
    assert sorted(original["cited_by"]) == sorted(ids[:3])
    assert original["kind"] == "outlet"
    assert original["earliest_article"]["article"] == ids[3]
    assert original["confidence"] == 0.66  # 3 of 4 articles, x0.875 for three citing articles


def test_a_cited_source_that_is_in_the_batch_is_not_the_original(tmp_path):
    arts = [
        _article("به گزارش خبرگزاری ایسنا، بودجه تصویب شد.", "fa", "site-a", date(2025, 1, 2)),
        _article("به گزارش خبرگزاری ایسنا، مجلس رای داد.", "fa", "site-b", date(2025, 1, 3)),
        _article("بودجه تصویب شد.", "fa", "خبرگزاری ایسنا", date(2025, 1, 1)),
    ]
    _, original = _original(tmp_path, arts)
    ids = [a.id for a in arts]
    assert original["basis"] == "earliest published article of the story"
    assert original["article"] == ids[2]


def test_seeds_name_the_report_the_others_cite(seeds_dossier):
    original = seeds_dossier["provenance"]["original"]
    # gold: the seeds retell one newspaper's report (anchor: "واشنطن بوست" in 001)
    assert same_source(skeleton(original["name"]), skeleton("واشنطن بوست"))
    assert len(original["cited_by"]) >= 3
    assert seeds_dossier["provenance"]["cited_sources"]


def test_original_report_per_story(tmp_path):
    s1 = [
        _article("به گزارش خبرگزاری ایسنا، بودجه تصویب شد.", "fa", "a", date(2025, 1, 2)),
        _article("به گزارش خبرگزاری ایسنا، مجلس بودجه را تصویب کرد.", "fa", "b", date(2025, 1, 3)),
        _article("According to ISNA news agency, the budget passed.", "en", "c", date(2025, 1, 4)),
    ]
    s2 = [
        _article("According to Reuters, the talks failed.", "en", "d", date(2025, 2, 1)),
        _article("وفقا لوكالة رويترز، فشلت المحادثات.", "ar", "e", date(2025, 2, 2)),
    ]
    with Store(tmp_path / "p.sqlite", write=True) as store:
        for a in s1 + s2:
            store.upsert_article(a)
        for sid, arts in (("budget", s1), ("talks", s2)):
            store.conn.execute("INSERT INTO stories(id) VALUES (?)", (sid,))
            store.conn.executemany(
                "INSERT INTO story_articles(article, story) VALUES (?, ?)",
                [(a.id, sid) for a in arts],
            )
        ids = [a.id for a in s1 + s2]
        OriginalReport().update(store, ids, Config())
        original = store.get_meta("provenance.original")
    assert original["scope"] == "batch"  # the whole batch at the top level, stories below
    assert original["name"] == "خبرگزاری ایسنا"
    # "ISNA news agency" and "خبرگزاری ایسنا" have one consonant skeleton (s-n)
    assert sorted(original["cited_by"]) == sorted(a.id for a in s1)
    talks = original["stories"]["talks"]
    assert talks["basis"] == "most cited source outside the batch"
    assert same_source(skeleton(talks["name"]), skeleton("رويترز"))
    assert sorted(talks["cited_by"]) == sorted(a.id for a in s2)


def test_a_reacting_official_cited_more_often_is_not_the_original_report(tmp_path):
    # four articles quote the ministry's reaction, three retell the newspaper's report: the
    # report is the newspaper's (citing articles x how much the kind of source is a report)
    arts = [
        _article(text, "ar", f"site-{i}", date(2025, 3, 1 + i))
        for i, text in enumerate(
            [
                "ذكرت صحيفة نيويورك تايمز أن المحادثات فشلت. وقالت وزارة الخارجية إن الوفد غادر.",
                "أفادت صحيفة نيويورك تايمز بأن المفاوضات انهارت. وقالت وزارة الخارجية إن الوفد عاد.",
                "نقلت صحيفة نيويورك تايمز أن الجولة فشلت. وأكدت وزارة الخارجية أن الوفد غادر.",
                "قالت وزارة الخارجية إن المحادثات انتهت دون اتفاق.",
            ]
        )
    ]
    _, original = _original(tmp_path, arts)
    by_kind = {c["kind"]: len(c["cited_by"]) for c in original["candidates"]}
    assert by_kind.get("official") == 4 and by_kind.get("outlet") == 3
    assert same_source(skeleton(original["name"]), skeleton("New York Times"))


@pytest.mark.parametrize(
    ("phrase", "mention", "whole"),
    [
        ("واشنگتن پست", "واشنگتن", False),  # a place that modifies the outlet's name
        ("Washington Post", "Washington", False),
        ("رويترز", "رويترز", True),
        ("ISNA news agency", "ISNA", True),  # only generic words after it
        ("وكالة رويترز", "رويترز", True),  # a generic head word before it
    ],
)
def test_a_mention_names_a_cited_phrase_only_whole(phrase, mention, whole):
    from rashomon.provenance.cited import names_whole

    start = phrase.index(mention)
    assert names_whole(phrase, 0, len(phrase), start, start + len(mention)) is whole


def test_a_place_inside_an_outlet_name_does_not_rename_the_cited_source():
    from rashomon.claims.extract.statements import _name_from_mentions
    from rashomon.record import Mention

    text = "به گزارش واشنگتن پست، روسیه کمک کرد."
    start = text.index("واشنگتن")
    source = {"start": start, "end": start + len("واشنگتن پست"), "name": "واشنگتن پست"}
    place = Mention(start=start, end=start + len("واشنگتن"), text="واشنگتن", type="organisation")
    assert _name_from_mentions(source, [place], text) is None
    outlet = Mention(start=start, end=source["end"], text="واشنگتن پست", type="outlet")
    assert _name_from_mentions(source, [place, outlet], text)["name"] == "واشنگتن پست"


def test_source_grouping_equals_trying_every_group_in_order():
    """group_sources prunes the fuzzy skeleton search by shared letter pairs: on random
    near-spellings it must group exactly as trying every earlier group in order does."""
    import random

    from rashomon.provenance import original as og

    def reference(rows):
        groups, by_entity, by_skeleton = [], {}, {}
        for r in rows:
            sk = og.skeleton(r["name"])
            found = by_entity.get(r.get("entity")) if r.get("entity") else None
            if found is None:
                found = by_skeleton.get(sk)
            if found is None:
                found = next(
                    (i for i, g in enumerate(groups) if any(og.same_source(sk, s) for s in g[1])),
                    None,
                )
            if found is None:
                found = len(groups)
                groups.append(([], set()))
            groups[found][0].append(r)
            groups[found][1].add(sk)
            by_skeleton.setdefault(sk, found)
            if r.get("entity"):
                by_entity.setdefault(r["entity"], found)
        return [g[0] for g in groups]

    rng = random.Random(7)
    letters = "bcdfgklmnrst"
    for _ in range(40):
        base = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 12))) for _ in range(8)]
        rows = []
        for k in range(60):
            w = list(rng.choice(base))
            for _ in range(rng.randint(0, 3)):
                op, at = rng.random(), rng.randint(0, max(0, len(w) - 1))
                if op < 0.3 and len(w) > 1:
                    w.pop(at)
                elif op < 0.6:
                    w.insert(at, rng.choice(letters))
                else:
                    w[at] = rng.choice(letters)
            entity = f"e{rng.randint(0, 5)}" if rng.random() < 0.2 else None
            rows.append({"name": "".join(w), "entity": entity, "k": k})
        assert og.group_sources(rows) == reference(rows)
