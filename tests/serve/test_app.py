"""The web app with FastAPI's TestClient: browsing, Arabic/Persian-aware search, errors,
read-only access, no path traversal, escaping."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
from fastapi.testclient import TestClient  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from rashomon.serve.app import create_app, list_dossiers  # noqa: E402
from rashomon.serve.search import QueryError, fts_query, search, terms_of  # noqa: E402
from tests.report.synthetic import build_store  # noqa: E402


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    root = tmp_path_factory.mktemp("dossiers")
    (root / "dam").mkdir()
    (root / "evil").mkdir()
    (root / "empty-folder").mkdir()
    ids = build_store(root / "dam" / "dossier.sqlite")
    evil = build_store(root / "evil" / "dossier.sqlite", hostile=True)
    secret = tmp_path_factory.mktemp("outside")
    build_store(secret / "dossier.sqlite")
    return root, ids, evil, secret


@pytest.fixture(scope="module")
def client(root):
    return TestClient(create_app(root[0]), base_url="http://127.0.0.1")


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_index_lists_the_dossiers(client, root):
    assert list(list_dossiers(root[0])) == ["dam", "evil"]
    r = client.get("/")
    assert r.status_code == 200 and 'href="/d/dam/"' in r.text and 'href="/d/evil/"' in r.text
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert [d["name"] for d in client.get("/api/dossiers").json()] == ["dam", "evil"]


def test_a_dossier_still_being_created_is_not_listed_and_answers_503(tmp_path):
    # a build takes its lock before it creates the schema: a folder caught in between holds an
    # empty database, which the index skips and its pages answer with one clear line
    build_store(tmp_path / "done" / "dossier.sqlite")
    (tmp_path / "busy").mkdir()
    sqlite3.connect(tmp_path / "busy" / "dossier.sqlite").close()
    client = TestClient(create_app(tmp_path), base_url="http://127.0.0.1")
    assert client.get("/").status_code == 200
    assert [d["name"] for d in client.get("/api/dossiers").json()] == ["done"]
    r = client.get("/d/busy/")
    assert r.status_code == 503 and "holds no dossier yet" in r.text
    assert "Traceback" not in r.text and "no such table" not in r.text
    assert client.get("/d/done/").status_code == 200


def test_report_and_exports(client):
    r = client.get("/d/dam/")
    assert (
        r.status_code == 200
        and "What doesn&#x27;t add up" in r.text
        or "What doesn't add up" in r.text
    )
    assert 'http-equiv="Content-Security-Policy"' in r.text
    r = client.get("/d/dam/export/graphml")
    assert r.status_code == 200 and r.text.startswith("<?xml")
    assert client.get("/d/dam/export/pdf").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/d/..%2F..%2Fetc/",
        "/d/%2Fetc/",
        "/d/empty-folder/",
        "/d/outside/",
        "/d/dam%00/",
        "/d/..%2Foutside/export/json",
    ],
)
def test_no_path_traversal(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert "dossier" not in r.text or "no dossier named" in r.text or r.status_code == 404


def test_search_across_scripts_and_spellings(client, root):
    _root, ids, _evil, _secret = root

    def found(q):
        r = client.get("/api/search", params={"q": q, "d": "dam"})
        assert r.status_code == 200, r.text
        return {x["article"] for x in r.json()["results"]}, r.json()["results"]

    # Persian spelling (ی, ک) finds the Arabic one (ي, ك) and the Persian article
    arts, _ = found("کریم")
    assert arts == {ids["ar1"], ids["fa"], ids["ar2"]}
    # diacritics in the query are ignored
    assert found("كَرِيم")[0] == arts
    # Persian digits find ASCII digits and the other way round
    assert found("۲۰۲۷")[0] == {ids["en"], ids["ar1"], ids["fa"], ids["ar2"]}
    # a two-letter word (too short for the trigram index) is found by a scan
    assert found("سد")[0] == {ids["ar1"], ids["fa"], ids["ar2"]}
    # a word inside a longer written form (Arabic conjunction attached: وبلغت)
    assert ids["ar1"] in found("بلغت")[0]
    # all words must match (plain mode), in any order
    assert found("engineers Siemens")[0] == {ids["en"]}
    # an entity's Latin name also finds it as the articles write it (البصرة, بصره), with the
    # other words still required (ar1 and fa write Siemens in Latin letters; ar2 names neither)
    assert found("Siemens Basra")[0] == {ids["en"], ids["ar1"], ids["fa"]}
    # hits are exact display spans and statements that hold them are listed
    _arts, results = found("Gulf Development")
    en = next(x for x in results if x["article"] == ids["en"])
    assert [h["text"] for h in en["hits"]] == ["Gulf", "Development"]
    assert en["statements"][0]["claim"] == "c-cost"


def test_fts_syntax_is_supported_and_errors_are_400(client, root):
    _root, ids, _evil, _secret = root
    r = client.get("/api/search", params={"q": '"Gulf Development" OR کریم', "d": "dam"})
    assert r.status_code == 200 and len(r.json()["results"]) == 4
    for bad in ['"unterminated', "NEAR(", "Siemens AND", "(Basra"]:
        r = client.get("/api/search", params={"q": bad})
        assert r.status_code == 400, bad
        assert "cannot read the query" in r.json()["error"]
    r = client.get("/search", params={"q": '"unterminated'})
    assert (
        r.status_code == 400
        and "cannot read the query" in r.text
        and "<h1>Error 400</h1>" in r.text
    )
    r = client.get("/api/search", params={"q": '"سد" OR Siemens'})
    assert r.status_code == 400 and "fewer than 3 letters" in r.json()["error"]
    assert client.get("/api/search", params={"q": "x", "d": "nope"}).status_code == 404


def test_query_normalisation():
    assert fts_query("کریم  حداد") == '"كريم" "حداد"'
    assert fts_query('"كَرِيم" OR Siemens*') == '"كريم" OR siemens*'
    assert terms_of('"a phrase" OR word*') == ["a", "phrase", "word"]
    with pytest.raises(QueryError):
        fts_query("   ")


def test_results_are_escaped(client, root):
    r = client.get("/search", params={"q": "pwned", "d": "evil"})
    assert r.status_code == 200
    body = r.text.split("</form>", 1)[1]
    assert "<script" not in body and "<img" not in body
    assert "&lt;script&gt;" in body
    r = client.get("/search", params={"q": "<script>alert(1)</script>"})
    assert "<script>alert" not in r.text


def test_the_app_never_writes(root):
    root_dir, *_ = root
    store = root_dir / "dam" / "dossier.sqlite"
    before = _digest(store)
    c = TestClient(create_app(root_dir), base_url="http://localhost")
    for path in ["/", "/d/dam/", "/d/dam/export/json", "/search?q=Siemens", "/api/search?q=سد"]:
        assert c.get(path).status_code == 200
    assert _digest(store) == before
    # the store is opened read-only: a write through its connection fails
    from rashomon.store.sqlite import Store

    with Store(store) as s, pytest.raises(sqlite3.OperationalError, match="readonly"):
        s.conn.execute("DELETE FROM articles")


def test_search_works_on_a_store_without_the_index(tmp_path):
    (tmp_path / "old").mkdir()
    ids = build_store(tmp_path / "old" / "dossier.sqlite")
    con = sqlite3.connect(tmp_path / "old" / "dossier.sqlite")
    for name in ("articles_fts_insert", "articles_fts_delete", "articles_fts_update"):
        con.execute(f"DROP TRIGGER {name}")
    con.execute("DROP TABLE articles_fts")
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    r = TestClient(create_app(tmp_path), base_url="http://localhost").get(
        "/api/search", params={"q": "کریم"}
    )
    assert r.status_code == 200
    assert {x["article"] for x in r.json()["results"]} == {ids["ar1"], ids["fa"], ids["ar2"]}


def test_search_returns_typed_records(root):
    from rashomon.store.search import StatementMatch
    from rashomon.store.sqlite import Store

    root_dir, ids, _evil, _secret = root
    with Store(root_dir / "dam" / "dossier.sqlite") as s:
        results = search(s, "Gulf Development")
    en = next(r for r in results if r.article == ids["en"])
    assert [h.text for h in en.hits] == ["Gulf", "Development"]
    st = en.statements[0]
    assert isinstance(st, StatementMatch) and st.claim == "c-cost"
    assert isinstance(st.hedged, bool)
    assert any(st.start < h.end and h.start < st.end for h in en.hits)
    # the JSON API serves the same records
    assert en.to_dict()["statements"][0] == st.to_dict()


def test_index_stays_in_sync_with_upserts(tmp_path):
    from rashomon.serve.search import search
    from rashomon.store.sqlite import Store

    ids = build_store(tmp_path / "dossier.sqlite")
    with Store(tmp_path / "dossier.sqlite", write=True) as s:
        a = s.load_article(ids["en"])
        a.text = a.text.replace("Siemens", "Alstom")
        s.upsert_article(a)
        assert [r.article for r in search(s, "Alstom")] == [ids["en"]]
        assert ids["en"] not in [r.article for r in search(s, "Siemens")]
        s.conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")


def test_cli_serve_binds_loopback_by_default(monkeypatch, root):
    import uvicorn

    from rashomon.cli import app

    calls = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.update(kw))
    r = CliRunner().invoke(app, ["serve", str(root[0])])
    assert r.exit_code == 0, r.output
    assert calls["host"] == "127.0.0.1"
    r = CliRunner().invoke(app, ["serve", str(root[0] / "missing")])
    assert r.exit_code == 2 and "not a folder" in r.output


def test_latin_names_find_the_seeds_arabic_and_persian_articles(seeds_built):
    """ "Maduro" finds what مادورو finds (the entity's Latin name, exact or sound-alike)."""
    from rashomon.store.sqlite import Store

    with Store(seeds_built / "dossier.sqlite") as store:
        native = {r.article for r in search(store, "مادورو")}
        assert native
        assert {r.article for r in search(store, "Maduro")} >= native
        assert search(store, "Putin") and search(store, "Lavrov")
        assert search(store, "Washington Post")
