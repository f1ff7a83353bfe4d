"""Exports of a dossier for other tools: the JSON contract, JSON-LD (schema.org ClaimReview
and W3C PROV), GraphML (for Gephi, networkx) and CSV (claims x sources).

`export_store(dir, fmt)` reads `DIR/dossier.sqlite` read-only and returns the text;
`export_to(dir, fmt, fh)` writes it to a file (JSON is streamed from the store, so a dossier
of any size exports in flat memory). `story=ID` restricts any format to one story's articles
and what points into them ("html": the full report of that story). JSON-LD, GraphML and CSV
are made from the dossier's typed records (`corpus.DossierRecords`, read by
`dossier.records`); JSON and HTML are written from the store.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from rashomon import jsonsafe
from rashomon.export.csvfile import to_csv
from rashomon.export.graphml import to_graphml
from rashomon.export.jsonld import to_jsonld

if TYPE_CHECKING:
    from rashomon.corpus import DossierRecords

FORMATS = {
    "json": "dossier.json",
    "jsonld": "dossier.jsonld",
    "graphml": "dossier.graphml",
    "csv": "claims.csv",
    "html": "report.html",
}


def store_path(path: str | Path) -> Path:
    """The store of a dossier folder (or the store file itself)."""
    from rashomon.build import STORE_NAME

    p = Path(path)
    return p / STORE_NAME if p.is_dir() else p


def story_articles(store: Any, story: str) -> set[str]:
    """Ids of the articles of `story`; KeyError naming the story when it has none."""
    ids = store.story_article_ids(story)
    if not ids:
        raise KeyError(
            f"no story {story!r} in this dossier; the story ids are listed in report.html "
            "(The story in brief) and in dossier.json (stories[].id)"
        )
    return ids


def load(path: str | Path, story: str | None = None) -> DossierRecords:
    """The dossier's typed records (with the entity relations between its entities) from a
    dossier folder's store, opened read-only; `story` keeps that story's articles only."""
    from rashomon.dossier import records
    from rashomon.store.sqlite import Store

    with Store(store_path(path)) as store:
        only = story_articles(store, story) if story is not None else None
        return records(store, only)


def render(dossier: DossierRecords, fmt: str) -> str:
    """The dossier's records in format `fmt` ("jsonld", "graphml" or "csv") as text; "json"
    and "html" are written from the store (`export_to`)."""
    if fmt == "jsonld":
        return jsonsafe.dumps(to_jsonld(dossier), ensure_ascii=False, indent=1)
    if fmt == "graphml":
        return to_graphml(dossier)
    if fmt == "csv":
        return to_csv(dossier)
    if fmt in ("json", "html"):
        raise ValueError(f"{fmt} is written from the store: use export_to(path, {fmt!r}, fh)")
    raise ValueError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")


def export_store(path: str | Path, fmt: str, story: str | None = None) -> str:
    buf = io.StringIO()
    export_to(path, fmt, buf, story=story)
    return buf.getvalue()


def export_to(path: str | Path, fmt: str, fh: TextIO, story: str | None = None) -> None:
    """Write the dossier in `path` (a dossier folder or its store) to `fh` in format `fmt`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    if fmt in ("json", "html"):
        from rashomon.build import stored_config
        from rashomon.dossier import write_dossier
        from rashomon.report.scope import report_from_store
        from rashomon.store.sqlite import Store

        config = stored_config(store_path(path))
        with Store(store_path(path)) as store:
            if fmt == "html":
                fh.write(report_from_store(store, config, story=story))
            else:
                only = story_articles(store, story) if story is not None else None
                write_dossier(store, fh, config, only=only)
        return
    fh.write(render(load(path, story), fmt))


__all__ = [
    "FORMATS",
    "export_store",
    "export_to",
    "load",
    "render",
    "to_csv",
    "to_graphml",
    "to_jsonld",
]
