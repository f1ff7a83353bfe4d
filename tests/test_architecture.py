"""The store is the only module that speaks SQL (issue 12): no module of `rashomon` outside
`store/` holds an SQL statement, runs one or opens an SQLite file itself."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "rashomon"
# A string literal that starts (after whitespace) with one of these keywords, in capitals as
# SQL is written here ("Update the store only" in a help text is not SQL).
SQL = re.compile(r"\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA|BEGIN)\b")
CURSOR_CALLS = {"execute", "executemany", "executescript"}


def sql_uses(path: Path) -> list[str]:
    """`path:line: what` for each SQL literal, cursor call or `sqlite3.connect` in the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        what = None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if SQL.match(node.value):
                what = repr(node.value.strip()[:40])
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            attr = node.func.attr
            if attr in CURSOR_CALLS:
                what = f".{attr}("
            elif (
                attr == "connect"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "sqlite3"
            ):
                what = "sqlite3.connect("
        if what is not None:
            found.append(f"{path}:{node.lineno}: {what}")
    return found


def test_no_sql_outside_the_store() -> None:
    outside = [p for p in sorted(SRC.rglob("*.py")) if p.relative_to(SRC).parts[0] != "store"]
    assert len(outside) > 50  # the walk sees the package
    found = [hit for p in outside for hit in sql_uses(p)]
    assert found == [], "\n".join(found)


def test_the_scan_finds_each_kind_of_sql(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text(
        "import sqlite3\n"
        "HELP = 'Update the store only'\n"
        "Q = '''\n  SELECT id FROM t'''\n"
        "conn = sqlite3.connect(':memory:')\n"
        "conn.executemany(q, rows)\n"
        "F = f'DELETE FROM {t}'\n",
        encoding="utf-8",
    )
    hits = sql_uses(path)
    assert [h.split(":", 2)[1] for h in hits] == ["3", "5", "6", "7"], hits
