"""Exports validate: JSON against the schema, JSON-LD parses (rdflib), GraphML loads (networkx),
CSV has one row per claim and one column per source."""

from __future__ import annotations

import csv
import io
import json
import re

import networkx as nx
import pytest
from typer.testing import CliRunner

from rashomon.cli import app
from rashomon.dossier import validate_dossier
from rashomon.export import FORMATS, export_store, render
from tests.report.synthetic import DISCREPANCIES, build_store

runner = CliRunner()


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("exports")
    ids = build_store(d / "dossier.sqlite", hostile=True)
    return d, ids


def test_json_is_the_valid_contract(store_dir):
    d, ids = store_dir
    dossier = json.loads(export_store(d, "json"))
    validate_dossier(dossier)
    assert {a["id"] for a in dossier["articles"]} == set(ids.values())


def test_jsonld_parses_with_schema_org_and_prov(store_dir):
    rdflib = pytest.importorskip("rdflib")
    d, ids = store_dir
    g = rdflib.Graph().parse(data=export_store(d, "jsonld"), format="json-ld")
    assert len(g) > 100
    SDO = rdflib.Namespace("https://schema.org/")
    PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
    art = lambda key: rdflib.URIRef(f"urn:rashomon:article:{ids[key]}")  # noqa: E731
    # claims and where they appear
    claims = set(g.subjects(rdflib.RDF.type, SDO.Claim))
    assert len(claims) == 4
    appearances = list(g.objects(rdflib.URIRef("urn:rashomon:claim:c-capacity"), SDO.appearance))
    assert len(appearances) == 4
    parts = {g.value(a, SDO.isPartOf) for a in appearances}
    assert parts == {art("en"), art("ar1"), art("fa"), art("ar2")}
    # discrepancies are reviews of their claims
    reviews = set(g.subjects(rdflib.RDF.type, SDO.ClaimReview))
    assert len(reviews) == len(DISCREPANCIES)
    mw = rdflib.URIRef("urn:rashomon:discrepancy:d-mw")
    assert g.value(mw, SDO.itemReviewed) == rdflib.URIRef("urn:rashomon:claim:c-capacity")
    # provenance: the Persian article was derived from the Arabic one, which quotes the English one
    assert (art("fa"), PROV.wasDerivedFrom, art("ar1")) in g
    assert (art("ar1"), PROV.wasQuotedFrom, art("en")) in g
    # offsets survive as integers and cut the article text
    s = appearances[0]
    text = str(g.value(g.value(s, SDO.isPartOf), SDO.text))
    start = g.value(s, rdflib.URIRef("https://github.com/rashomon/rashomon/ns#start")).toPython()
    end = g.value(s, rdflib.URIRef("https://github.com/rashomon/rashomon/ns#end")).toPython()
    assert text[start:end] == str(g.value(s, SDO.text))


def test_graphml_loads_with_networkx(store_dir):
    d, ids = store_dir
    g = nx.read_graphml(io.StringIO(export_store(d, "graphml")))
    kinds = nx.get_node_attributes(g, "kind")
    assert sum(k == "entity" for k in kinds.values()) == 8
    assert sum(k == "article" for k in kinds.values()) == 5
    assert g.nodes["e-haddad"]["latin"] == "Karim Haddad"
    edges = {(a, b, data["kind"]) for a, b, data in g.edges(data=True)}
    assert (ids["ar1"], ids["fa"], "reuse") in edges
    assert (ids["ar1"], ids["en"], "cites") in edges  # the cited name is the English outlet
    assert ("e-haddad", "e-dam", "announced") in edges  # entity relation from the store
    assert any(k == "co-occurrence" for _a, _b, k in edges)


def test_csv_is_claims_by_sources(store_dir):
    d, ids = store_dir
    text = export_store(d, "csv")
    assert text.startswith("\ufeff")  # regression (issue 16): Excel garbled Arabic without it
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["claim", "label", "sources", "discrepancies"]
    assert len(header) == 4 + len(ids) and len(body) == 4
    capacity = next(r for r in body if r[0] == "c-capacity")
    by_col = {h.rsplit(" ", 1)[-1]: v for h, v in zip(header[4:], capacity[4:], strict=True)}
    assert by_col[ids["en"]].startswith("says @")
    assert by_col[ids["ar2"]].startswith("contradicts @")
    assert by_col[ids["x"]] == "silent"
    cost = next(r for r in body if r[0] == "c-cost")
    assert cost[4 + list(ids).index("en")].startswith("hedges @")


def test_csv_neutralises_formulas():
    from rashomon.export.csvfile import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _cell("plain") == "plain"


def test_render_rejects_unknown_format():
    with pytest.raises(ValueError, match="unknown export format"):
        render({}, "pdf")


def _stable(fmt, text):
    """The text without the export time (meta.created), which differs from call to call."""
    if fmt == "html":  # the footer and generator say when the page was made
        return re.sub(r" on \d{4}-\d\d-\d\dT[\d:+]+", "", text.strip())
    if fmt != "json":
        return text.strip()
    d = json.loads(text)
    d["meta"].pop("created")
    return d


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_cli_export_to_file_and_stdout(store_dir, tmp_path, fmt):
    d, _ids = store_dir
    out = tmp_path / f"x.{fmt}"
    r = runner.invoke(app, ["export", str(d), "--format", fmt, "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert _stable(fmt, out.read_text("utf-8")) == _stable(fmt, export_store(d, fmt))
    r = runner.invoke(app, ["export", str(d), "-f", fmt])
    assert r.exit_code == 0 and _stable(fmt, r.stdout) == _stable(fmt, out.read_text("utf-8"))


def test_cli_export_errors(tmp_path):
    r = runner.invoke(app, ["export", str(tmp_path), "--format", "pdf"])
    assert r.exit_code == 2 and "unknown format" in r.output
    r = runner.invoke(app, ["export", str(tmp_path / "missing")])
    assert r.exit_code == 1 and "no dossier store" in r.output


def test_seeds_exports_validate(seeds_dir, tmp_path):
    from rashomon.build import build

    build([str(seeds_dir)], tmp_path)
    validate_dossier(json.loads(export_store(tmp_path, "json")))
    nx.read_graphml(io.StringIO(export_store(tmp_path, "graphml")))
    rdflib = pytest.importorskip("rdflib")
    g = rdflib.Graph().parse(data=export_store(tmp_path, "jsonld"), format="json-ld")
    assert (
        len(set(g.subjects(rdflib.RDF.type, rdflib.URIRef("https://schema.org/NewsArticle")))) == 5
    )
