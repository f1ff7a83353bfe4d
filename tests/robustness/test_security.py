"""Hostile text from the input files to the report and the web app, end to end.

The report and app tests (tests/report, tests/serve) feed hand-made hostile dossiers to the
renderers; these tests start one step earlier, from files a crawler could bring: the payloads
go through the readers, cleaning and every stage, into the store, the report and the app.
Every payload carries the marker `xss-probe`: it must never come out as markup (an element or
an attribute), and no link may take a `javascript:`/`data:`/`vbscript:` URL from an input.
"""

from __future__ import annotations

import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.robustness.harness import run_build

PAYLOADS = [
    '<xss-probe onerror="alert(1)">',
    '"><xss-probe a="1">',
    "'><xss-probe>",
    "</script><xss-probe>",
    "</style><xss-probe>",
    "</title><xss-probe>",
    "</textarea><xss-probe>",
    "<!--<xss-probe>-->",
    "<![CDATA[<xss-probe>]]>",
    '<img src=x onerror="xss-probe()">',
    "<svg/onload=xss-probe()>",
    '<a href="javascript:xss-probe()">x</a>',
    "{{xss-probe}} ${xss-probe} `xss-probe`",
    "\u202e<xss-probe>\u202c",
]
BAD_URLS = [
    "javascript:alert('xss-probe')",
    " JaVaScRiPt:alert('xss-probe')",
    "java\tscript:alert('xss-probe')",
    "data:text/html,<xss-probe>",
    "vbscript:msgbox('xss-probe')",
]
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}
_BAD_SCHEMES = ("javascript:", "data:", "vbscript:")


class _Markup(HTMLParser):
    """Collects what the browser would see as markup (tags, attributes, script bodies)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def markup_problems(html: str) -> list[str]:
    p = _Markup()
    p.feed(html)
    problems = []
    for tag, attrs in p.tags:
        if "xss-probe" in tag or tag in ("svg", "img", "iframe", "object", "embed"):
            problems.append(f"element <{tag}> from input")
        for name, value in attrs:
            value = value or ""
            if "xss-probe" in name or name in ("a", "onerror", "onload"):
                problems.append(f"attribute {name}= on <{tag}> from input")
            if name.startswith("on") and "xss-probe" in value:
                problems.append(f"event handler {name}= carries input")
            squeezed = "".join(c for c in value if c.isprintable() and not c.isspace()).lower()
            if name in _URL_ATTRS and squeezed.startswith(_BAD_SCHEMES):
                problems.append(f"{name}={value!r} on <{tag}>")
    for body in p.scripts:
        # data embedded in a script must not be able to end it or open markup
        if "<xss-probe" in body or "</script" in body.lower():
            problems.append("input markup inside a <script> body")
    return problems


def _hostile_inputs(folder: Path) -> None:
    folder.mkdir(parents=True)
    body = " ".join(PAYLOADS)
    sentences = "The minister said the talks went well. Officials in Caracas agreed."
    (folder / "page.html").write_text(
        "<!doctype html><html><head><meta charset=utf-8>"
        f"<title>{PAYLOADS[1]} headline</title>"
        f'<meta property="og:site_name" content="{PAYLOADS[2]}">'
        f'<link rel="canonical" href="{BAD_URLS[0]}"></head><body><article>'
        f"<h1>Headline &lt;xss-probe&gt; {PAYLOADS[3]}</h1><p>{sentences}</p>"
        f"<p>&lt;xss-probe onerror=alert(1)&gt; {sentences}</p></article></body></html>",
        "utf-8",
    )
    records = [
        {
            "url": url,
            "title": f"{p} title {i}",
            "maintext": f"{sentences} {p} {body} Reuters reported on Monday.",
            "source_domain": p,
            "date_publish": "2025-11-02",
        }
        for i, (url, p) in enumerate(zip(BAD_URLS * 3, PAYLOADS, strict=False))
    ]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records), "utf-8")
    (folder / f"{PAYLOADS[1].replace('/', '_')}.txt").write_text(
        f"{PAYLOADS[0]} {sentences}\n{body}", "utf-8"
    )


@pytest.fixture(scope="module")
def hostile_dossier(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    _hostile_inputs(root / "in")
    out = root / "dossiers" / "evil"
    r = run_build([str(root / "in"), "--out", str(out), "--json"])
    assert r.returncode == 0 and not r.traceback, r.stderr[-3000:]
    return root, out, r


def test_payloads_reach_the_dossier_as_text(hostile_dossier):
    """The test means something: the payloads are really in the articles."""
    root, out, r = hostile_dossier
    d = json.loads((out / "dossier.json").read_text("utf-8"))
    texts = " ".join(a["text"] + " " + (a["title"] or "") for a in d["articles"])
    assert texts.count("xss-probe") >= 10
    assert any("<xss-probe" in (a["title"] or "") for a in d["articles"])


def test_report_renders_input_as_text_only(hostile_dossier):
    root, out, r = hostile_dossier
    html = (out / "report.html").read_text("utf-8")
    assert "xss-probe" in html  # shown (escaped), not dropped
    assert markup_problems(html) == []


def test_the_checker_catches_what_it_should():
    assert markup_problems('<p><xss-probe a="1"></p>')
    assert markup_problems('<a href=" javascript:alert(1)">x</a>')
    assert markup_problems("<script>var d = '</script><xss-probe>';</script>")
    assert markup_problems('<p title="x" onmouseover="xss-probe()">')
    assert not markup_problems("<p>&lt;xss-probe&gt; &quot;javascript:x&quot;</p>")


@pytest.fixture(scope="module")
def client(hostile_dossier):
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from rashomon.serve.app import create_app

    root, out, r = hostile_dossier
    return TestClient(create_app(root / "dossiers"), base_url="http://127.0.0.1")


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.endswith(("-wal", "-shm"))
    }


HOSTILE_QUERIES = [
    *PAYLOADS,
    "'; DROP TABLE articles; --",
    '" OR 1=1 --',
    '") OR 1=1 --',
    "minister' OR '1'='1",
    '"unterminated',
    "NEAR(",
    "AND",
    "OR OR",
    "*",
    "minister*",
    "^",
    "a:b",
    "(((((",
    '"' * 50,
    "\x00",
    "\u202e",
    "كریم\u200c",
]


def test_app_pages_escape_input_and_queries(client, hostile_dossier):
    root, out, r = hostile_dossier
    for path in ("/", "/d/evil/"):
        resp = client.get(path)
        assert resp.status_code == 200
        assert markup_problems(resp.text) == [], path
    for q in HOSTILE_QUERIES:
        resp = client.get("/search", params={"q": q})
        assert resp.status_code in (200, 400), (q, resp.status_code)
        assert markup_problems(resp.text) == [], q
    resp = client.get("/search", params={"q": "minister"})
    assert resp.status_code == 200 and "xss-probe" in resp.text  # results shown, escaped


def test_hostile_queries_and_ids_get_clear_answers_and_change_nothing(client, hostile_dossier):
    root, out, r = hostile_dossier
    before = _digests(out)
    for q in HOSTILE_QUERIES:
        resp = client.get("/api/search", params={"q": q})
        assert resp.status_code in (200, 400), (q, resp.status_code, resp.text[:300])
        body = resp.json()
        if resp.status_code == 400:
            assert body["error"] and "Traceback" not in body["error"]
    for name in ("evil'--", 'evil" OR 1=1', "../evil", "evil/../../in", "%2e%2e", "evil\x00"):
        resp = client.get("/api/search", params={"q": "minister", "d": name})
        assert resp.status_code == 404, name
        resp = client.get(f"/d/{quote(name, safe='')}/")  # NUL, slashes: percent-encoded
        assert resp.status_code in (404, 400), name
    assert _digests(out) == before  # read-only: the store and outputs are untouched
