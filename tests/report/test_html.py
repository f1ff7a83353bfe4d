"""report.html without a browser: structure, escaping, the policy, the embedded data."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

from rashomon.dossier import validate_dossier
from rashomon.report.html import render_report, script_json
from rashomon.report.sections import SECTIONS


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_data(self, data):
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def _parse(page: str) -> _Collect:
    p = _Collect()
    p.feed(page)
    return p


def test_fixture_is_a_valid_dossier(synthetic):
    dossier, _ids = synthetic
    validate_dossier(dossier)
    for key in ("stories", "entities", "claims", "discrepancies", "timeline"):
        assert dossier[key], key
    assert dossier["provenance"]["cited_sources"] and dossier["provenance"]["reuse"]
    assert {a["language"] for a in dossier["articles"]} == {"ar", "fa", "en"}


def test_sections_in_order_and_every_discrepancy_rendered(synthetic):
    dossier, _ids = synthetic
    page = render_report(dossier)
    assert page.startswith("<!doctype html>")
    positions = [page.index(f'<section id="{sid}"') for sid, _ in SECTIONS]
    assert positions == sorted(positions)
    for d in dossier["discrepancies"]:
        assert f'id="disc-{d["id"]}"' in page
    assert "Numbers differ" in page and "Contradiction" in page and "Hedge dropped" in page
    # languages and entity names a newcomer can read
    assert "Arabic" in page and "Persian" in page and "Karim Haddad" in page


def test_no_network_and_only_hashed_scripts_run(synthetic):
    page = render_report(synthetic[0])
    parsed = _parse(page)
    policy = next(a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv"))
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    hashes = set(re.findall(r"'sha256-([^']+)'", policy))
    code = [text for attrs, text in parsed.scripts if attrs.get("type") != "application/json"]
    assert len(code) == 3
    for text in code:
        assert base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() in hashes
    # nothing is loaded from anywhere: no src, no stylesheet link
    for tag, attrs in parsed.tags:
        assert "src" not in attrs, (tag, attrs)
        assert not (tag == "link" and attrs.get("rel") == "stylesheet")


def test_embedded_json_cannot_close_its_script():
    value = {"t": "</script><script>alert(1)</script> & <!-- \u2028"}
    text = script_json(value)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == value


def test_untrusted_text_is_escaped_everywhere(hostile):
    dossier, ids = hostile
    page = render_report(dossier)
    parsed = _parse(page)
    # the only scripts are ours: the hostile article's markup never became a tag
    assert len(parsed.scripts) == 4
    assert not any(t == "img" for t, _ in parsed.tags)
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "&amp;amp;" in page  # the literal "&amp;" of the source text, shown as typed
    assert not any((a.get("href") or "").lower().startswith("javascript") for _t, a in parsed.tags)
    assert "\u202e" not in page.split('id="rashomon-data"')[0]  # shown as a visible mark instead
    assert "[U+202E]" in page
    data = json.loads(parsed.scripts[0][1])
    assert data["entities"]["e-x"]["name"] == "<script>window.__pwned=6</script>"


def test_each_statement_is_a_run_of_segments(synthetic):
    """The segments of a statement's span, concatenated, are exactly its text."""
    dossier, _ids = synthetic
    page = render_report(dossier)
    segs = re.findall(r'<span class="g[^"]*" data-s="(\d+)" data-e="(\d+)"', page)
    assert segs
    texts = {a["id"]: a["text"] for a in dossier["articles"]}
    for claim in dossier["claims"]:
        for s in claim["statements"]:
            assert f'data-st="{s["id"]}' in page or f" {s['id']}" in page
            assert texts[s["article"]][s["start"] : s["end"]] == s["text"]


def test_rtl_paragraphs_get_rtl_direction(synthetic):
    page = render_report(synthetic[0])
    assert re.search(r'<p dir="rtl" lang="ar"', page)
    assert re.search(r'<p dir="rtl" lang="fa"', page)
    assert re.search(r'<p dir="ltr" lang="en"', page)


def test_empty_dossier_renders(synthetic):
    dossier = dict(synthetic[0])
    dossier.update(
        stories=[],
        entities=[],
        claims=[],
        discrepancies=[],
        timeline=[],
        provenance={"cited_sources": [], "reuse": [], "original": None},
    )
    page = render_report(dossier)
    assert "No discrepancies in this dossier" in page and "No claims in this dossier" in page


def test_seeds_report_renders(seeds_dossier):
    page = render_report(seeds_dossier)
    for a in seeds_dossier["articles"]:
        assert f'id="art-{a["id"]}"' in page
    assert page.count('<p dir="rtl"') >= len(seeds_dossier["articles"])


def test_original_source_outside_the_dossier(synthetic):
    """The provenance step may name a source no article of the dossier is (a report the
    articles retell): the brief names it, with who cites it and where."""
    dossier, ids = synthetic
    cite = dossier["provenance"]["cited_sources"][0]
    dossier = {
        **dossier,
        "provenance": {
            **dossier["provenance"],
            "original": {
                "name": "Harbour Gazette",
                "names": ["Harbour Gazette"],
                "basis": "most cited source outside the batch",
                "explanation": "2 of 4 articles cite Harbour Gazette",
                "confidence": 0.7,
                "cited_by": [ids["ar1"], ids["fa"]],
                "evidence": [{k: cite[k] for k in ("article", "start", "end", "text", "name")}],
                "earliest_article": {"article": ids["en"]},
            },
        },
    }
    page = render_report(dossier)
    brief = page.split('<section id="brief"')[1].split("</section>")[0]
    assert "Harbour Gazette" in brief and "not among the articles" in brief
    assert "2 of 4 articles cite" in brief and "confidence 70%" in brief
    assert f'data-jump="{cite["article"]}:{cite["start"]}:{cite["end"]}"' in brief
    assert "Earliest article in the dossier" in brief


def test_an_undated_article_shows_its_story_estimate_as_an_estimate(synthetic):
    dossier, _ = synthetic
    dossier = json.loads(json.dumps(dossier))
    article = dossier["articles"][0]
    article["published"] = None
    article["published_estimate"] = {"value": "2031-04-05", "basis": "median", "from": []}
    tl = {
        "date": "2031-03-30",
        "precision": "day",
        "label": "x",
        "claims": [],
        "statements": [
            {
                "id": "s",
                "article": article["id"],
                "start": 0,
                "end": 1,
                "text": article["text"][:1],
                "date_basis": "story estimate",
            }
        ],
    }
    dossier["timeline"] = [tl]
    validate_dossier(dossier)
    page = render_report(dossier)
    assert "date unknown (its story&#x27;s articles: ~2031-04-05)" in page
    assert "(date estimated)" in page


def test_discrepancy_across_claims_is_headed_by_its_first_statement(synthetic):
    dossier = json.loads(json.dumps(synthetic[0]))
    d = dossier["discrepancies"][0]
    d["claim"] = None
    page = render_report(dossier)
    block = page[page.index(f'id="disc-{d["id"]}"') :]
    header = block[: block.index("</header>")]
    first = " ".join(d["statements"][0]["text"].split())[:40]
    assert "claim-ref" in header and first in header
