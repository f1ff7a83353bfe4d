"""The report's entity graph draws the relations the entity linker stored (issue 12: it
never received them)."""

from __future__ import annotations

from rashomon.config import Config
from rashomon.dossier import build_dossier
from rashomon.report.scope import report_from_store
from rashomon.report.sections import Context
from rashomon.store.sqlite import Store
from tests.report.synthetic import build_store

EDGE = '{"source":"e-haddad","target":"e-dam","weight":1.0,"kind":"announced"}'


def test_entity_graph_shows_stored_relations(tmp_path):
    build_store(tmp_path / "dossier.sqlite")
    with Store(tmp_path / "dossier.sqlite") as store:
        relations = store.relations()
        assert [(r.a, r.b, r.kind) for r in relations] == [("e-haddad", "e-dam", "announced")]
        dossier = build_dossier(store)
        edges = Context(dossier, relations=relations).script_data()["graph"]["edges"]
        page = report_from_store(store, Config())
    assert {"source": "e-haddad", "target": "e-dam", "weight": 1.0, "kind": "announced"} in edges
    assert EDGE in page
    # without the store's relations (a dossier.json alone) the edge cannot be drawn
    plain = Context(dossier).script_data()["graph"]["edges"]
    assert all(e["kind"] != "announced" for e in plain)
