"""The typed records the exports read (`dossier.records`) and those the report makes from the
dossier dict (`dossier.records_from_dict`) are the same records."""

from __future__ import annotations

from rashomon.dossier import build_dossier, records, records_from_dict
from rashomon.store.sqlite import Store
from tests.report.synthetic import build_store


def _dicts(items):
    return [x.to_dict() for x in items]


def test_records_read_back_from_the_dossier_dict_match_the_store(tmp_path):
    build_store(tmp_path / "dossier.sqlite", hostile=True)
    with Store(tmp_path / "dossier.sqlite") as store:
        typed = records(store)
        back = records_from_dict(build_dossier(store))
    assert [a.info for a in back.articles] == [a.info for a in typed.articles]
    assert [(a.text, a.sentences) for a in back.articles] == [
        (a.text, a.sentences) for a in typed.articles
    ]
    for name in ("entities", "claims", "discrepancies", "cited", "reuse"):
        assert _dicts(getattr(back, name)) == _dicts(getattr(typed, name)), name
    assert [t.to_dict() for t in back.timeline] == [t.to_dict() for t in typed.timeline]
    assert typed.discrepancies and all(s.text for d in typed.discrepancies for s in d.statements)
    # the linker's relations come from the store only
    assert typed.relations and not back.relations
    assert back.original == typed.original


def test_the_dossier_dicts_english_renderings_come_back_typed(tmp_path):
    build_store(tmp_path / "dossier.sqlite", hostile=True)
    with Store(tmp_path / "dossier.sqlite") as store:
        d = build_dossier(store)
    back = records_from_dict(d)
    assert back.claims
    for claim, c in zip(back.claims, d["claims"], strict=True):
        assert (claim.gloss.to_dict() if claim.gloss else None) == c.get("gloss")
        for cs, s in zip(claim.statements, c["statements"], strict=True):
            assert (cs.gloss.to_dict() if cs.gloss else None) == s.get("gloss")
    assert any(cs.gloss for claim in back.claims for cs in claim.statements)
