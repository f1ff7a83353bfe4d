import sqlite3

import pytest

from rashomon.record import Article, DateRef, Mention, Quantity, Removed, Statement
from rashomon.store.migrations import MIGRATIONS
from rashomon.store.sqlite import NotADossierError, Store, StoreLockedError


def _article() -> Article:
    a = Article.from_raw("العنوان\nقال المتحدث إن ۱۰۰۰ كيلومتر", "in/a.txt")
    a.text = "العنوان\nقال المتحدث إن ۱۰۰۰ كيلومتر"
    a.language = "ar"
    a.removed = [Removed(text="شارك", reason="share bar", line=2)]
    a.mentions = [Mention(start=12, end=19, text=a.text[12:19], type="person", key="متحدث")]
    a.statements = [
        Statement(
            id="s1",
            start=8,
            end=len(a.text),
            text=a.text[8:],
            attribution=["المتحدث"],
            quantities=[Quantity(value=1000, unit="km", text="۱۰۰۰ كيلومتر", start=23, end=35)],
            dates=[DateRef(value="2025-11-02", text="x", start=0, end=1)],
        )
    ]
    return a


def test_schema_is_migrated_and_versioned(tmp_path):
    with Store(tmp_path / "d.sqlite", write=True) as s:
        assert s.schema_version == MIGRATIONS[-1][0]
        mode = s.conn.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"


def test_upsert_roundtrip_and_idempotence(tmp_path):
    a = _article()
    with Store(tmp_path / "d.sqlite", write=True) as s:
        s.upsert_article(a)
        s.upsert_article(a)  # again: no duplicates
        assert s.count_articles() == 1
        b = s.load_article(a.id)
    assert b.text == a.text and b.raw == a.raw
    assert b.removed[0].reason == "share bar"
    assert b.mentions[0].text == a.text[12:19]
    assert b.statements[0].quantities[0].value == 1000
    assert b.statements[0].attribution == ["المتحدث"]


def test_readonly_store_refuses_writes(tmp_path):
    with Store(tmp_path / "d.sqlite", write=True) as s:
        s.upsert_article(_article())
    with Store(tmp_path / "d.sqlite") as ro:
        assert ro.count_articles() == 1
        with pytest.raises(sqlite3.OperationalError):
            ro.conn.execute("DELETE FROM articles")


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="rashomon build"):
        Store(tmp_path / "nope.sqlite")


def test_store_without_schema_is_a_clear_error(tmp_path):
    # what a reader sees between a writer taking its lock and creating the schema, or on
    # some other SQLite file: one clear error, never "no such table", and the file untouched
    path = tmp_path / "empty.sqlite"
    sqlite3.connect(path).close()
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    before = other.read_bytes()
    for p in (path, other):
        with pytest.raises(NotADossierError, match="holds no dossier yet"):
            Store(p)
    assert other.read_bytes() == before


def test_second_writer_is_refused(tmp_path):
    with Store(tmp_path / "d.sqlite", write=True):
        with pytest.raises(StoreLockedError, match="another rashomon process"):
            Store(tmp_path / "d.sqlite", write=True)
    # released on close
    Store(tmp_path / "d.sqlite", write=True).close()


def test_atomic_rolls_back(tmp_path):
    with Store(tmp_path / "d.sqlite", write=True) as s:
        with pytest.raises(RuntimeError):
            with s.atomic():
                s.upsert_article(_article())
                raise RuntimeError("boom")
        assert s.count_articles() == 0


def test_vector_cache(tmp_path):
    import numpy as np

    with Store(tmp_path / "d.sqlite", write=True) as s:
        s.put_vectors("m", {"k1": np.arange(4, dtype=np.float32)})
        got = s.get_vectors(["k1", "k2"])
    assert list(got) == ["k1"] and got["k1"].tolist() == [0, 1, 2, 3]


def test_id_lists_are_not_bound_by_sqlite_variable_limit(tmp_path):
    """Reads and writes over a list of ids pass it as one parameter: a build beyond SQLite's
    variable limit (32,766 in a stock build; lowered here to 50) must not fail in them."""
    from rashomon.corpus import Reuse

    a = _article()
    b = Article.from_raw("عنوان آخر\nنص آخر", "in/b.txt")
    b.language = "ar"
    fake = [f"missing-{k}" for k in range(200)]
    with Store(tmp_path / "d.sqlite", write=True) as s:
        s.upsert_article(a)
        s.upsert_article(b)
        s.upsert_reuse([Reuse(a=min(a.id, b.id), b=max(a.id, b.id), kind="copy", score=0.9)])
        s.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 50)
        ids = [a.id, b.id, *fake]
        assert len(s.statement_ids(ids)) == 1
        assert s.linked_mentions(ids) == []
        assert s.count_entities(fake) == 0
        assert s.articles_of_stories(fake) == []
        assert s.cited_of(ids) == []
        assert [(r["kind"], r["score"]) for r in s.top_reuse(ids)] == [("copy", 0.9)]
        s.replace_scope_claims(ids, "scope", [], [], [])
        assert len(s.statement_ids([a.id])) == 1  # statements are not claims: kept
