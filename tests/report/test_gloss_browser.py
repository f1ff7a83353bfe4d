"""English renderings, Latin-name filtering, the language switch and mixed-direction lines,
in a real headless Chromium (screenshots in test-artifacts/)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from rashomon.report.html import render_report
from tests.report.browser import browser, need_chromium, open_page

pytestmark = pytest.mark.browser

QUOTE = "سد النور سينتج 800 ميغاواط"
MIXED = f"الوطن اليوم says «{QUOTE}» (negation: لم); Northwind News asserts «the dam opens»"

# Positions, left to right, of the explanation's pieces: each child node's first box.
PIECES = """sel => [...document.querySelector(sel).childNodes].map(n => {
  const r = document.createRange(); r.selectNodeContents(n);
  const b = r.getClientRects()[0];
  return {text: n.textContent, tag: n.nodeName, left: b ? b.left : null, top: b ? b.top : null};
})"""


@pytest.fixture(scope="module")
def chromium():
    need_chromium()
    with browser() as b:
        yield b


def test_mixed_explanation_reads_left_to_right_with_the_quote_intact(
    chromium, synthetic, tmp_path: Path, artifacts: Path
):
    d = copy.deepcopy(synthetic[0])
    d["discrepancies"][0]["explanation"] = MIXED
    path = tmp_path / "report.html"
    path.write_text(render_report(d), "utf-8")
    page = open_page(chromium, path).page
    sel = f"#disc-{d['discrepancies'][0]['id']} p.explanation"
    pieces = [p for p in page.evaluate(PIECES, sel) if p["text"].strip()]
    assert [p["text"].strip() for p in pieces][:4] == [
        "الوطن اليوم",
        "says «",
        QUOTE,
        "» (negation:",
    ]
    assert pieces[0]["tag"] == "BDI" and pieces[2]["tag"] == "BDI"
    on_first_line = [p for p in pieces if p["top"] == pieces[0]["top"]]
    lefts = [p["left"] for p in on_first_line]
    assert lefts == sorted(lefts), pieces  # English order: outlet, "says", the quote, ...
    assert page.evaluate("s => getComputedStyle(document.querySelector(s)).direction", sel) == "ltr"
    page.locator(sel).screenshot(path=str(artifacts / "report-gloss-mixed-explanation.png"))


def test_language_switch_shows_originals_english_or_both(chromium, synthetic, tmp_path: Path):
    path = tmp_path / "report.html"
    path.write_text(render_report(synthetic[0]), "utf-8")
    page = open_page(chromium, path).page
    quote = page.locator("#discrepancies figure.quote:has(.gloss)").first
    gloss, orig = quote.locator(".gloss"), quote.locator("blockquote")
    assert gloss.is_visible() and orig.is_visible()
    page.locator('input[name="lang-view"][value="en"]').check()
    assert gloss.is_visible() and not orig.is_visible()
    page.locator('input[name="lang-view"][value="orig"]').check()
    assert not gloss.is_visible() and orig.is_visible()


def _count(page, query: str) -> int:
    page.fill("#claim-filter", query)
    return page.locator(".matrix tbody tr:not([hidden])").count()


def test_seeds_report_gloss_everywhere_and_latin_names_filter(
    chromium, seeds_dossier, tmp_path: Path, artifacts: Path
):
    path = tmp_path / "report.html"
    path.write_text(render_report(seeds_dossier), "utf-8")
    page = open_page(chromium, path, height=1000).page
    rows = page.locator(".matrix tbody tr")
    assert rows.count() == len(seeds_dossier["claims"])
    assert page.locator(".matrix tbody tr th .gloss").count() == rows.count()
    discs = page.locator("#discrepancies .disc")
    assert page.locator("#discrepancies .disc p.gloss").count() == discs.count() > 0
    native = _count(page, "مادورو")
    assert native > 0
    assert _count(page, "Maduro") >= native
    assert _count(page, "Putin") > 0 and _count(page, "Lavrov") > 0
    page.fill("#claim-filter", "Maduro")
    page.evaluate("document.getElementById('claims').scrollIntoView()")
    page.screenshot(path=str(artifacts / "report-gloss-claims-maduro.png"))
    page.fill("#claim-filter", "")
    page.evaluate("document.getElementById('discrepancies').scrollIntoView()")
    page.screenshot(path=str(artifacts / "report-gloss-discrepancies.png"))
    page.locator('input[name="lang-view"][value="en"]').check()
    page.screenshot(path=str(artifacts / "report-gloss-english-only.png"))


def test_timeline_gives_each_event_its_english_line_and_the_switch_relabels_the_axis(
    chromium, seeds_dossier, tmp_path: Path
):
    path = tmp_path / "report.html"
    path.write_text(render_report(seeds_dossier), "utf-8")
    page = open_page(chromium, path, height=1000).page
    events = page.locator("#timeline ol.tl-list > li")
    assert events.count() == len(seeds_dossier["timeline"]) > 0
    assert page.locator("#timeline ol.tl-list > li .gloss").count() == events.count()
    first = seeds_dossier["timeline"][0]
    axis = page.locator("#timeline-view .vis-item-content span").first
    assert axis.get_attribute("dir") == "auto"  # both views: the original on the axis
    page.locator('input[name="lang-view"][value="en"]').check()
    english = [t for t in page.locator("#timeline-view .vis-item-content span").all_inner_texts()]
    assert any(t.rstrip("…")[:30] in first["gloss"]["text"] for t in english), english
    assert page.locator("#timeline-view .vis-item-content span").first.get_attribute("dir") == "ltr"


def test_statement_panel_shows_the_english_line_and_entity_panel_where_its_name_came_from(
    chromium, seeds_dossier, tmp_path: Path
):
    path = tmp_path / "report.html"
    path.write_text(render_report(seeds_dossier), "utf-8")
    page = open_page(chromium, path, height=1000).page
    page.locator(".matrix tbody tr a.stmt[data-jump]").first.click()
    gloss = page.locator("#panel-body p.gloss")
    assert gloss.count() == 1 and gloss.inner_text().strip()
    assert gloss.get_attribute("dir") == "ltr"
    named = next(x for x in seeds_dossier["entities"] if x.get("latin") and x.get("latin_source"))
    page.evaluate("id => document.querySelector(`[data-entity='${id}']`).click()", named["id"])
    meta = page.locator("#panel-body p.src-meta").all_inner_texts()
    assert any(t.startswith("Latin name from: ") for t in meta), meta
