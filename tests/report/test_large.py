"""Outputs of large dossiers: dossier.json streamed from the store (the same JSON as
`build_dossier`, valid), a report.html that stays bounded and says what it leaves out, and the
per-story export that shows the rest."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rashomon.build import write_outputs
from rashomon.cli import app
from rashomon.config import Config
from rashomon.dossier import build_dossier, validate_dossier, write_dossier
from rashomon.report.html import render_report
from rashomon.report.scope import report_from_store, scope_of
from rashomon.store.sqlite import Store
from tests.report.many import HOSTILE_LABEL, build_many
from tests.report.synthetic import build_store

runner = CliRunner()


def _limits() -> Config:
    config = Config()
    config.report.full_articles = 20
    config.report.detail_articles = 30
    config.report.max_stories = 10
    config.report.max_matrix_claims = 12
    return config


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Path, dict[str, list[str]]]]:
    """Dossier folders of 120 and 480 articles: size -> (folder, story -> article ids)."""
    out = {}
    for n in (120, 480):
        d = tmp_path_factory.mktemp(f"many{n}")
        out[n] = (d, build_many(d / "dossier.sqlite", n))
    return out


def _no_created(d: dict) -> dict:
    d["meta"].pop("created")
    return d


def _streamed(store: Store, **kw) -> dict:
    buf = io.StringIO()
    write_dossier(store, buf, **kw)
    return json.loads(buf.getvalue())


def _text_no_created(text: str) -> str:
    return re.sub(r'"created": "[^"]*"', "", text)


def test_streamed_json_is_build_dossiers_json_byte_for_byte_and_validates(tmp_path, many):
    build_store(tmp_path / "dossier.sqlite", hostile=True)
    for path in (tmp_path / "dossier.sqlite", many[120][0] / "dossier.sqlite"):
        with Store(path) as store:
            buf = io.StringIO()
            write_dossier(store, buf)
            built = build_dossier(store)
        streamed = json.loads(buf.getvalue())
        validate_dossier(streamed)
        assert _text_no_created(buf.getvalue()) == _text_no_created(
            json.dumps(built, ensure_ascii=False, indent=1)
        )
        assert streamed["articles"] and streamed["claims"] and streamed["discrepancies"]


def test_streamed_json_of_one_story_keeps_only_what_points_into_it(many):
    folder, stories = many[120]
    story, ids = next(iter(stories.items()))
    with Store(folder / "dossier.sqlite") as store:
        part = _streamed(store, only=set(ids))
        built = build_dossier(store, only=set(ids))
    validate_dossier(part)  # every span points into a kept article
    assert _no_created(part) == _no_created(built)
    assert [a["id"] for a in part["articles"]] == ids
    assert [s["id"] for s in part["stories"]] == [story]
    assert len(part["discrepancies"]) == 1
    assert part["timeline"] and all(t["claims"] for t in part["timeline"])
    assert {r["a"] for r in part["provenance"]["reuse"]} <= set(ids)


def test_small_dossier_gets_the_full_report(tmp_path):
    build_store(tmp_path / "dossier.sqlite")
    with Store(tmp_path / "dossier.sqlite") as store:
        assert scope_of(store, Config()) is None
        page = report_from_store(store)
        full = render_report(build_dossier(store), relations=store.relations())
    strip = re.compile(r"\d{4}-\d\d-\d\dT[\d:+]+")
    assert strip.sub("", page) == strip.sub("", full)
    assert "part of a large dossier" not in page


def test_large_report_is_bounded_and_says_what_it_leaves_out(many):
    pages = {}
    for n, (folder, stories) in many.items():
        with Store(folder / "dossier.sqlite") as store:
            scope = scope_of(store, _limits())
            pages[n] = report_from_store(store, _limits())
        assert scope is not None and scope.articles == n
        page = pages[n]
        assert "This report shows part of a large dossier" in page
        # exactly the detail budget of articles in full, whole largest stories first
        assert page.count('<article class="art"') == 30 == len(scope.shown)
        largest = next(iter(stories))
        assert set(stories[largest]) <= set(scope.shown)
        assert f"<b>{n - 30:,}</b> of {n:,} articles" in page
        assert f"of {len(stories):,} stories" in page
        assert "--story STORY_ID" in page and "rashomon serve" in page
        # the stories list: the largest `max_stories`, with their ids, and how many are not listed
        assert (
            page.count('<tr class="shown"><td><code>story-')
            + page.count('<tr class="left-out"><td><code>story-')
            == 10
        )
        assert f"{len(stories) - 10:,} smaller stories are not listed" in page
        # the matrix keeps at most max_matrix_claims rows, and says so
        assert len(re.findall(r'<tr id="claim-', page)) <= 12
        assert "claims of the articles shown in full" in page
        # untrusted labels stay escaped in the new parts (title, stories table)
        assert HOSTILE_LABEL not in page and "window.__pwned=7" in page.replace("&lt;", "<")
    # 4x the articles, (nearly) the same page: bounded, not growing with the dossier
    assert len(pages[480]) < 1.1 * len(pages[120])


def test_write_outputs_streams_json_and_bounds_the_report(many, tmp_path):
    folder, _stories = many[480]
    with Store(folder / "dossier.sqlite") as store:
        write_outputs(store, tmp_path, _limits())
        built = build_dossier(store, _limits())
    dossier = json.loads((tmp_path / "dossier.json").read_text("utf-8"))
    validate_dossier(dossier)
    assert len(dossier["articles"]) == 480
    assert _no_created(dossier) == _no_created(built)
    assert "part of a large dossier" in (tmp_path / "report.html").read_text("utf-8")
    assert not list(tmp_path.glob("*.tmp"))


def test_export_one_story_as_html_and_json(many, tmp_path):
    folder, stories = many[480]
    story = list(stories)[-1]
    out = tmp_path / "story.html"
    r = runner.invoke(
        app, ["export", str(folder), "--format", "html", "--story", story, "--out", str(out)]
    )
    assert r.exit_code == 0, r.output
    page = out.read_text("utf-8")
    assert page.count('<article class="art"') == len(stories[story])
    assert "part of a large dossier" not in page
    r = runner.invoke(app, ["export", str(folder), "-f", "json", "-s", story])
    assert r.exit_code == 0, r.output
    part = json.loads(r.stdout)
    validate_dossier(part)
    assert [a["id"] for a in part["articles"]] == stories[story]
    r = runner.invoke(app, ["export", str(folder), "-f", "html", "--story", "no-such-story"])
    assert r.exit_code == 1 and "no story 'no-such-story'" in r.output


def test_report_of_a_story_larger_than_a_full_report_bounds_its_matrix(many):
    folder, stories = many[120]
    story, ids = next(iter(stories.items()))  # the largest: 9 articles
    config = _limits()
    config.report.full_articles, config.report.max_matrix_claims = 5, 2
    with Store(folder / "dossier.sqlite") as store:
        page = report_from_store(store, config, story=story)
        small = report_from_store(store, _limits(), story=story)
    assert page.count('<article class="art"') == len(ids) == small.count('<article class="art"')
    assert "part of a large dossier" not in page
    assert len(re.findall(r'<tr id="claim-', page)) == 2
    assert "This matrix shows 2 of the" in page and "against 2 of the 9 articles" in page
    assert len(re.findall(r'<tr id="claim-', small)) > 2 and "This matrix shows" not in small


def test_large_dossier_without_stories_shows_its_first_articles(tmp_path):
    path = tmp_path / "dossier.sqlite"
    build_many(path, 60)
    with Store(path, write=True) as store, store.atomic() as c:
        c.execute("DELETE FROM story_articles")
        c.execute("DELETE FROM stories")
    with Store(path) as store:
        scope = scope_of(store, _limits())
        page = report_from_store(store, _limits())
        first = store.article_ids()[:30]
    assert scope is not None and scope.shown == first and scope.shown_stories == []
    assert "No stories in this dossier" in page
    assert "every other section shows only the first articles" in page
    assert page.count('<article class="art"') == 30


def test_report_section_in_config():
    config = Config.from_dict({"report": {"full_articles": 50, "detail_articles": 40}})
    assert (config.report.full_articles, config.report.detail_articles) == (50, 40)
    with pytest.raises(ValueError, match="report.full_articles must be int"):
        Config.from_dict({"report": {"full_articles": "many"}})


@pytest.mark.browser
def test_bounded_report_runs_in_chromium(many, tmp_path, artifacts):
    """The bounded page opens offline without errors and a claim cell still jumps to its
    statement in an article shown in full."""
    from tests.report.browser import browser, open_page

    folder, _stories = many[480]
    path = tmp_path / "report.html"
    with Store(folder / "dossier.sqlite") as store:
        path.write_text(report_from_store(store, _limits()), "utf-8")
    with browser() as b:
        w = open_page(b, path)
        assert w.console_errors == [] and w.dialogs == []
        assert w.requests == [path.resolve().as_uri()]
        assert w.page.locator("#scope").is_visible()
        cell = w.page.locator("table.matrix td.stance a.stmt").first
        aid = cell.get_attribute("data-jump").split(":")[0]
        cell.click()
        w.page.wait_for_timeout(300)
        assert w.page.evaluate(
            "aid => document.getElementById('art-' + aid).querySelectorAll('.hl').length", aid
        )
        w.page.screenshot(path=str(artifacts / "report-large-top.png"))


def test_web_app_links_the_stories_of_a_large_dossier_to_their_reports(many, tmp_path):
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    import shutil

    from fastapi.testclient import TestClient

    from rashomon.serve.app import create_app

    folder, stories = many[480]
    (tmp_path / "big").mkdir()
    shutil.copy(folder / "dossier.sqlite", tmp_path / "big" / "dossier.sqlite")
    client = TestClient(create_app(tmp_path), base_url="http://localhost")
    page = client.get("/d/big/").text
    assert "part of a large dossier" in page
    story = next(iter(stories))
    assert f'<a href="story/{story}"' in page and "click one to open its report" in page
    r = client.get(f"/d/big/story/{story}")
    assert r.status_code == 200
    assert r.text.count('<article class="art"') == len(stories[story])
    assert client.get("/d/big/story/no-such-story").status_code == 404
