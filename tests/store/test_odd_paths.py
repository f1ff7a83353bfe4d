"""Regression (issue 16, defect 1): the store's path was pasted into a SQLite URI, so a folder
name holding `#`, `?` or `%` opened another file (`run#1` and `run#2` shared `./run`), a `?`
lost the read-only mode, and `%2e%2e` was decoded to `..`."""

import os

import pytest

from rashomon.record import Article
from rashomon.store.sqlite import NotADossierError, Store, sqlite_uri


def _article(text: str = "قال المتحدث إن الاجتماع انتهى", name: str = "a") -> Article:
    a = Article.from_raw(text, f"in/{name}.txt")
    a.text = a.raw
    return a


ODD_NAMES = [
    "run#1",
    "what?mode=rwc",
    "100%",
    "%2e%2e",
    "two words",
    "[x]",
    "a&b=c",
    "مقالات׳ שלום",
]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_store_uri_keeps_odd_folder_names(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "in" / name
    with Store(folder / "d.sqlite", write=True) as s:
        s.upsert_article(_article())
    # the store is where it was asked to be, and nothing was created beside the folders
    assert (folder / "d.sqlite").is_file()
    assert sorted(os.listdir(tmp_path)) == ["in"]
    assert sorted(os.listdir(tmp_path / "in")) == sorted({name.split("/")[0]})
    with Store(folder / "d.sqlite") as ro:
        assert ro.count_articles() == 1


def test_store_uri_two_hash_folders_stay_apart(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with Store(tmp_path / "run#1" / "d.sqlite", write=True) as s:
        s.upsert_article(_article())
    with Store(tmp_path / "run#2" / "d.sqlite", write=True) as s:
        assert s.count_articles() == 0
    assert not (tmp_path / "run").exists()


def test_store_uri_percent_dots_cannot_reach_the_parent(tmp_path):
    # a store one level up, and a folder named %2e%2e without one: opening the folder's
    # store must not open the parent's
    with Store(tmp_path / "d.sqlite", write=True) as s:
        s.upsert_article(_article())
    sub = tmp_path / "root" / "%2e%2e"
    sub.mkdir(parents=True)
    with pytest.raises(FileNotFoundError):
        Store(sub / "d.sqlite")
    (sub / "d.sqlite").write_bytes(b"")  # an empty file: an empty database, not the parent
    with pytest.raises(NotADossierError, match="holds no dossier"):
        Store(sub / "d.sqlite")


def test_store_uri_question_mark_folder_is_read_only(tmp_path):
    folder = tmp_path / "x?mode=rwc"
    with Store(folder / "d.sqlite", write=True) as s:
        s.upsert_article(_article())
    with Store(folder / "d.sqlite") as ro, pytest.raises(Exception, match="readonly"):
        ro.conn.execute("DELETE FROM articles")


def test_readonly_store_creates_no_side_files(tmp_path):
    with Store(tmp_path / "d.sqlite", write=True) as s:
        s.upsert_article(_article())
    before = sorted(os.listdir(tmp_path))
    with Store(tmp_path / "d.sqlite") as ro:
        assert ro.count_articles() == 1
    assert sorted(os.listdir(tmp_path)) == before
    assert not (tmp_path / "d.sqlite-wal").exists() and not (tmp_path / "d.sqlite-shm").exists()


def test_readonly_store_sees_an_active_writer(tmp_path):
    with Store(tmp_path / "d.sqlite", write=True) as w:
        w.upsert_article(_article())
        with Store(tmp_path / "d.sqlite") as ro:
            assert ro.count_articles() == 1


def test_a_reader_open_while_a_writer_runs_sees_whole_commits_not_torn_pages(tmp_path):
    # A closed store is left in rollback-journal mode: a reader opens it `mode=ro`, under
    # SQLite's locks. (Opened `immutable`, a reader that raced a writer read changed pages as
    # if they had not changed: wrong counts, silently.)
    path = tmp_path / "d.sqlite"
    with Store(path, write=True) as s:
        s.upsert_article(_article())
    assert path.read_bytes()[18] == 1  # the header's journal mode: rollback, not WAL
    with Store(path) as ro:
        assert "immutable" not in sqlite_uri(path, write=False)
        assert ro.count_articles() == 1
        with Store(path, write=True) as w:  # a writer starts while the reader is open
            for i in range(50):
                w.upsert_article(_article(f"another article number {i}", f"b{i}"))
        assert ro.count_articles() == 51  # the reader's next query sees the whole commit
    assert not (tmp_path / "d.sqlite-wal").exists() and not (tmp_path / "d.sqlite-shm").exists()
