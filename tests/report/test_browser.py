"""report.html in a real headless Chromium: offline, clickable, right-to-left, inert."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.report.html import render_report
from tests.report.browser import browser, need_chromium, open_page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium():
    need_chromium()
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def synthetic_page(synthetic, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_report(synthetic[0]), "utf-8")
    return path


def _highlighted(page, aid: str) -> str:
    return page.evaluate(
        """aid => Array.from(document.getElementById('art-' + aid).querySelectorAll('.hl'))
                 .map(n => n.textContent).join('')""",
        aid,
    )


def _in_view(page, selector: str) -> bool:
    return page.evaluate(
        """sel => { const r = document.querySelector(sel).getBoundingClientRect();
                    return r.top >= 0 && r.bottom <= window.innerHeight; }""",
        selector,
    )


def test_opens_offline_without_errors(chromium, synthetic, synthetic_page, artifacts):
    w = open_page(chromium, synthetic_page)
    assert w.console_errors == []
    assert w.requests == [synthetic_page.resolve().as_uri()]  # the page itself, nothing else
    # the libraries ran: the graphs and the timeline drew themselves
    assert w.page.evaluate(
        "!!window.rashomonEntityGraph && window.rashomonEntityGraph.nodes().length"
    ) == len(synthetic[0]["entities"])
    assert w.page.locator("#timeline-view .vis-item-content").count() == len(
        synthetic[0]["timeline"]
    )
    assert w.page.locator("#provenance-graph canvas").count() > 0
    w.page.screenshot(path=str(artifacts / "report-synthetic-top.png"))
    w.page.screenshot(path=str(artifacts / "report-synthetic-full.png"), full_page=True)


def test_discrepancy_section_lists_the_dossier(chromium, synthetic, synthetic_page):
    dossier = synthetic[0]
    w = open_page(chromium, synthetic_page)
    cards = w.page.locator("#discrepancies .disc")
    assert cards.count() == len(dossier["discrepancies"])
    ids = [cards.nth(i).get_attribute("id") for i in range(cards.count())]
    assert ids == [f"disc-{d['id']}" for d in dossier["discrepancies"]]
    for i, d in enumerate(dossier["discrepancies"]):
        card = cards.nth(i)
        assert d["explanation"] in card.inner_text()
        assert card.locator(".quote").count() == len(d["statements"])


@pytest.mark.parametrize("side", [0, 1])
def test_click_statement_scrolls_to_its_highlighted_span(chromium, synthetic, synthetic_page, side):
    dossier = synthetic[0]
    d = dossier["discrepancies"][0]
    span = d["statements"][side]
    w = open_page(chromium, synthetic_page)
    w.page.locator(f"#disc-{d['id']} .quote").nth(side).locator("a.stmt").click()
    assert _highlighted(w.page, span["article"]) == span["text"]
    assert _in_view(w.page, f"#art-{span['article']} .hl")
    assert w.page.locator("#panel").is_visible()
    assert w.console_errors == []


def test_arabic_and_persian_are_laid_out_rtl(chromium, synthetic, synthetic_page):
    dossier, ids = synthetic
    w = open_page(chromium, synthetic_page)
    direction = "sel => getComputedStyle(document.querySelector(sel)).direction"
    assert w.page.evaluate(direction, f"#art-{ids['ar1']} .text p") == "rtl"
    assert w.page.evaluate(direction, f"#art-{ids['fa']} .text p") == "rtl"
    assert w.page.evaluate(direction, f"#art-{ids['en']} .text p") == "ltr"
    assert w.page.evaluate(direction, "#discrepancies .quote:nth-child(2) blockquote") == "rtl"
    # right-to-left really lays out right to left: the first word sits right of the last one
    box = w.page.evaluate(
        """sel => { const p = document.querySelector(sel), r = p.getBoundingClientRect();
                    const s = p.querySelector('.g').getBoundingClientRect();
                    return [r.right - s.right, s.left - r.left]; }""",
        f"#art-{ids['ar2']} .text p",
    )
    assert box[0] < box[1]


def test_hash_link_opens_at_the_span(chromium, synthetic, synthetic_page):
    dossier, ids = synthetic
    s = next(c for c in dossier["claims"] if c["id"] == "c-cost")["statements"][1]
    w = open_page(
        chromium,
        synthetic_page.resolve().as_uri() + f"#span={s['article']}:{s['start'] + 2}:{s['end'] - 3}",
    )
    assert _highlighted(w.page, s["article"]) == s["text"][2:-3]  # a partial span is cut exactly


def test_statement_entity_and_filter_interactions(chromium, synthetic, synthetic_page):
    dossier, ids = synthetic
    w = open_page(chromium, synthetic_page)
    page = w.page
    # a cell of the claims table jumps to its statement
    page.locator("#claim-c-cost td.hedges a.stmt").click()
    s = next(c for c in dossier["claims"] if c["id"] == "c-cost")["statements"][0]
    assert _highlighted(page, s["article"]) == s["text"]
    # an entity jumps to its first mention and lists all of them
    page.locator('a[data-entity="e-haddad"]').click()
    first = next(e for e in dossier["entities"] if e["id"] == "e-haddad")["mentions"][0]
    assert _highlighted(page, first["article"]) == first["text"]
    assert page.locator("#panel li").count() == 4
    # clicking a statement in the article text highlights the whole statement
    page.locator(f"#art-{ids['ar2']} .g.st").first.click()
    ar2 = [st for c in dossier["claims"] for st in c["statements"] if st["article"] == ids["ar2"]]
    assert _highlighted(page, ids["ar2"]) in {st["text"] for st in ar2}
    # the claims filter hides what does not match, in any script
    page.fill("#claim-filter", "صندوق")
    assert page.locator(".matrix tbody tr:not([hidden])").count() == 1
    page.fill("#claim-filter", "")
    page.check("#claim-disputed")
    assert page.locator(".matrix tbody tr:not([hidden])").count() == 3
    assert w.console_errors == []


def test_untrusted_article_shows_as_text_and_runs_nothing(chromium, hostile, tmp_path, artifacts):
    dossier, ids = hostile
    path = tmp_path / "hostile.html"
    path.write_text(render_report(dossier), "utf-8")
    w = open_page(chromium, path)
    page = w.page
    assert page.evaluate("window.__pwned") is None
    assert w.dialogs == []
    assert w.console_errors == []
    assert w.requests == [path.resolve().as_uri()]
    text = page.locator(f"#art-{ids['x']} .text").inner_text()
    assert "<script>window.__pwned = 1</script>" in text
    assert "&amp; &lt;b&gt;" in text
    assert "javascript:alert(1)" in text and "[U+202E]" in text
    assert page.locator("img").count() == 0
    assert page.locator('a[href^="javascript"]').count() == 0
    title = page.locator(f"#art-{ids['x']} h3").inner_text()
    assert title == "</script><script>window.__pwned=4</script>"
    # the entity with a hostile name, clicked, fills the panel as text
    page.locator('a[data-entity="e-x"]').click()
    assert "<script>window.__pwned=6</script>" in page.locator("#panel").inner_text()
    assert page.evaluate("window.__pwned") is None
    page.locator(f"#art-{ids['x']}").screenshot(path=str(artifacts / "report-hostile-article.png"))


def test_seeds_report_opens_offline(chromium, seeds_dossier, tmp_path, artifacts):
    path = tmp_path / "report.html"
    path.write_text(render_report(seeds_dossier), "utf-8")
    w = open_page(chromium, path)
    assert w.console_errors == []
    assert w.requests == [path.resolve().as_uri()]
    page = w.page
    assert page.locator("#articles .art").count() == len(seeds_dossier["articles"])
    assert page.locator("#discrepancies .disc").count() == len(seeds_dossier["discrepancies"])
    for a in seeds_dossier["articles"]:
        if a["language"] in ("ar", "fa"):
            d = page.evaluate(
                "sel => getComputedStyle(document.querySelector(sel)).direction",
                f"#art-{a['id']} .text p",
            )
            assert d == "rtl", a["source"]
    page.screenshot(path=str(artifacts / "report-seeds-top.png"))
    page.screenshot(path=str(artifacts / "report-seeds-full.png"), full_page=True)


def test_report_malformed_hash_throws_nothing(chromium, synthetic, synthetic_page):
    """Regression (issue 16, defect 8): `report.html#%E0%A4%A` threw URIError on every hash
    change (decodeURIComponent of a malformed escape)."""
    dossier, ids = synthetic
    w = open_page(chromium, synthetic_page.resolve().as_uri() + "#%E0%A4%A")
    w.page.evaluate("location.hash = '#span=%E0%A4%A:1:2'")
    w.page.evaluate("location.hash = '#%ZZ'")
    w.page.wait_for_timeout(200)
    assert not [e for e in w.console_errors if "URIError" in e or "page error" in e]
    s = next(c for c in dossier["claims"] if c["id"] == "c-cost")["statements"][1]
    w.page.evaluate(f"location.hash = '#span={s['article']}:{s['start']}:{s['end']}'")
    w.page.wait_for_timeout(200)
    assert _highlighted(w.page, s["article"]) == s["text"]  # good hashes still work
