"""Exports of a dossier for other tools: the JSON contract, JSON-LD (schema.org ClaimReview
and W3C PROV), GraphML (for Gephi, networkx) and CSV (claims x sources).

`export_store(dir, fmt)` reads `DIR/dossier.sqlite` read-only and returns the text; the
format functions take the dossier dict and can be used on any dossier.json.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rashomon.export.csvfile import to_csv
from rashomon.export.graphml import to_graphml
from rashomon.export.jsonld import to_jsonld

FORMATS = {
    "json": "dossier.json",
    "jsonld": "dossier.jsonld",
    "graphml": "dossier.graphml",
    "csv": "claims.csv",
}


def store_path(path: str | Path) -> Path:
    """The store of a dossier folder (or the store file itself)."""
    from rashomon.build import STORE_NAME

    p = Path(path)
    return p / STORE_NAME if p.is_dir() else p


def load(path: str | Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(dossier, entity relations) from a dossier folder's store, opened read-only."""
    from rashomon.dossier import build_dossier
    from rashomon.store.sqlite import Store

    with Store(store_path(path)) as store:
        dossier = build_dossier(store)
        relations = store.rows(
            "SELECT a, b, kind, weight FROM entity_relations ORDER BY a, b, kind"
        )
    return dossier, relations


def render(dossier: dict[str, Any], fmt: str, relations: list[dict[str, Any]] | None = None) -> str:
    """The dossier in format `fmt` (one of FORMATS) as text."""
    if fmt == "json":
        from rashomon.dossier import validate_dossier

        validate_dossier(dossier)
        return json.dumps(dossier, ensure_ascii=False, indent=1)
    if fmt == "jsonld":
        return json.dumps(to_jsonld(dossier), ensure_ascii=False, indent=1)
    if fmt == "graphml":
        return to_graphml(dossier, relations or [])
    if fmt == "csv":
        return to_csv(dossier)
    raise ValueError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")


def export_store(path: str | Path, fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    dossier, relations = load(path)
    return render(dossier, fmt, relations)


__all__ = ["FORMATS", "export_store", "load", "render", "to_csv", "to_graphml", "to_jsonld"]
