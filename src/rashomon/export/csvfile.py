"""CSV: one row per claim, one column per source (article), the source's stance in each cell.

Stances (`says`, `hedges`, `contradicts`, `silent`) are those of the report
(`rashomon.report.views.matrix`, the claims matrix the report shows), so the table and the page agree.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from rashomon.corpus import DossierRecords
from rashomon.report.views import label_of, matrix

BOM = "\ufeff"


def _cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula (=, +, -, @ first) is quoted with a '."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(dossier: DossierRecords) -> str:
    arts = [a.info for a in dossier.articles]
    out = io.StringIO()
    # A byte-order mark first: Excel reads a CSV without one in the machine's legacy code page,
    # which garbled every Arabic and Persian header and cell.
    out.write(BOM)
    w = csv.writer(out, lineterminator="\n")
    w.writerow(
        ["claim", "label", "sources", "discrepancies"]
        + [_cell(f"{label_of(a)} [{a.language or '?'}] {a.id}") for a in arts]
    )
    for row in matrix(dossier.claims, dossier.discrepancies):
        c = row["claim"]
        cells = []
        for a in arts:
            cell = row["cells"].get(a.id)
            if cell is None:
                cells.append("silent")
                continue
            spans = ";".join(f"{s.statement.start}-{s.statement.end}" for s in cell["statements"])
            cells.append(f"{cell['stance']} @{spans}")
        w.writerow(
            [
                _cell(c.id),
                _cell(c.label or c.statements[0].statement.text),
                len(row["cells"]),
                " ".join(row["discrepancies"]),
            ]
            + cells
        )
    return out.getvalue()
