from datetime import date

from rashomon.claims.extract import ExtractStatements
from rashomon.claims.timeline import BuildTimeline
from rashomon.config import Config
from rashomon.language.segment import Segment
from rashomon.record import Article
from rashomon.store.sqlite import Store


def _add(store, text, language, published):
    a = Article.from_raw(text, f"{language}.txt", text=text, language=language, published=published)
    a = ExtractStatements().process(Segment().process(a))
    store.upsert_article(a)
    return a


def test_timeline_rows_from_dated_statements(tmp_path):
    with Store(tmp_path / "t.sqlite", write=True) as store:
        a = _add(store, "وصلت الطائرة الأحد الماضي إلى المطار.", "ar", date(2025, 11, 2))
        b = _add(store, "یکشنبه گذشته هواپیما در فرودگاه نشست.", "fa", date(2025, 11, 3))
        c = _add(store, "The plane landed last Sunday at the airport.", "en", date(2025, 11, 9))
        # one claim holds the Arabic statement; the others are not aligned yet
        store.conn.execute("INSERT INTO claims(id, label) VALUES ('c1', 'landing')")
        store.conn.execute(
            "INSERT INTO claim_statements(statement, claim) VALUES (?, 'c1')", (a.statements[0].id,)
        )
        BuildTimeline().update(store, [a.id, b.id, c.id], Config())
        rows = store.rows("SELECT date, precision, claims, extras FROM timeline ORDER BY date")
    import json

    assert [(r["date"], r["precision"]) for r in rows] == [
        ("2025-10-26", "day"),
        ("2025-11-02", "day"),
    ]
    first = rows[0]
    # published on Monday 3 November, "last Sunday" is 2 November, not 26 October
    assert json.loads(first["claims"]) == ["c1"]
    second = json.loads(rows[1]["extras"])
    assert json.loads(rows[1]["claims"]) == [b.statements[0].id, c.statements[0].id]
    assert second["ids"] == {b.statements[0].id: "statement", c.statements[0].id: "statement"}
    assert [s["date_text"] for s in second["statements"]] == ["یکشنبه گذشته", "last Sunday"]
