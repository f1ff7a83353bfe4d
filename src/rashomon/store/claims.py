"""Claims: the `claims`, `claim_statements`, `discrepancies` and `timeline` tables.

Writers: claims.align (claims, their members and discrepancies, one alignment scope at a
time), claims.timeline (the whole timeline).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from itertools import groupby
from typing import TYPE_CHECKING

from rashomon.corpus import (
    Claim,
    ClaimMember,
    ClaimStatement,
    Discrepancy,
    TextSpan,
    TimelineEntry,
)
from rashomon.store.rows import IN_IDS, id_array, split_extras, statement_from_row

if TYPE_CHECKING:
    import sqlite3


def _claim(cid: str, label: str | None, extras_json: str, statements: list) -> Claim:
    typed, x = split_extras(extras_json, ("sources", "single_source", "links"))
    return Claim(id=cid, label=label, statements=statements, **typed, extras=x)


def _claim_statement(r: sqlite3.Row) -> ClaimStatement:
    return ClaimStatement(article=r["article"], statement=statement_from_row(r))


def _discrepancy(r: sqlite3.Row) -> Discrepancy:
    typed, x = split_extras(r["extras"], ("scope",))
    return Discrepancy(
        id=r["id"],
        kind=r["kind"],
        claim=r["claim"],
        statements=[
            TextSpan(article=s["article"], start=s["start"], end=s["end"], text=s["text"])
            for s in json.loads(r["statements"])
        ],
        explanation=r["explanation"],
        confidence=r["confidence"],
        **typed,
        extras=x,
    )


class ClaimTables:
    conn: sqlite3.Connection

    # -- reads -------------------------------------------------------------------------------
    def claim_of(self) -> dict[str, str]:
        """statement id -> claim id, for every statement a claim holds."""
        return dict(self.conn.execute("SELECT statement, claim FROM claim_statements").fetchall())

    def statement_ids(self, article_ids: list[str]) -> list[str]:
        return [
            r[0]
            for r in self.conn.execute(
                f"SELECT id FROM statements WHERE article IN {IN_IDS}",  # noqa: S608
                (id_array(article_ids),),
            )
        ]

    def claim_member_rows(self) -> list[dict]:
        """Every statement a claim holds: {"claim", "article", "seq", "start", "end", "text",
        "language", "aseq" (the article's seq)}."""
        return [
            dict(r)
            for r in self.conn.execute(
                """SELECT cs.claim, s.article, s.seq, s.start, s."end", s.text, a.language,
                          a.seq AS aseq
                   FROM claim_statements cs JOIN statements s ON s.id = cs.statement
                   JOIN articles a ON a.id = s.article"""
            )
        ]

    def statement_counts(self) -> dict[str, int]:
        """article id -> its number of statements."""
        return dict(
            self.conn.execute(
                "SELECT article, COUNT(*) FROM statements GROUP BY article"
            ).fetchall()
        )

    def dated_statements(self) -> Iterator[tuple[str, str, int, int, str, list[dict]]]:
        """(id, article, start, end, text, dates) of every statement with dates, in corpus
        order."""
        for sid, article, start, end, text, dates in self.conn.execute(
            """SELECT s.id, s.article, s.start, s."end", s.text, s.dates
               FROM statements s JOIN articles a ON a.id = s.article
               WHERE s.dates != '[]' ORDER BY a.seq, s.seq"""
        ):
            yield sid, article, start, end, text, json.loads(dates)

    def iter_claims(self, only: Collection[str] | None = None) -> Iterator[Claim]:
        """Claims by id with their statements in corpus order; `only`: statements of these
        articles (a claim left with none is skipped)."""
        children = self.conn.cursor().execute(
            """SELECT cs.claim, s.* FROM claim_statements cs JOIN statements s
               ON s.id = cs.statement JOIN articles a ON a.id = s.article
               ORDER BY cs.claim, a.seq, s.seq"""
        )
        groups = groupby(children, key=lambda r: r["claim"])
        cur = next(groups, None)
        for cid, label, extras in self.conn.cursor().execute(
            "SELECT id, label, extras FROM claims ORDER BY id"
        ):
            # SQLite's BINARY collation orders like Python's str comparison
            while cur is not None and cur[0] < cid:
                cur = next(groups, None)
            rows = list(cur[1]) if cur is not None and cur[0] == cid else []
            statements = [_claim_statement(r) for r in rows if only is None or r["article"] in only]
            if statements:
                yield _claim(cid, label, extras, statements)

    def iter_discrepancies(self, only: Collection[str] | None = None) -> Iterator[Discrepancy]:
        """Discrepancies, most confident first; `only`: those whose statements all come from
        these articles."""
        for r in self.conn.cursor().execute(
            "SELECT * FROM discrepancies ORDER BY confidence DESC, id"
        ):
            d = _discrepancy(r)
            if only is None or all(s.article in only for s in d.statements):
                yield d

    def iter_timeline(self) -> Iterator[TimelineEntry]:
        for r in self.conn.cursor().execute("SELECT * FROM timeline ORDER BY date, seq"):
            typed, x = split_extras(r["extras"], ("ids", "articles", "statements"))
            yield TimelineEntry(
                seq=r["seq"],
                date=r["date"],
                precision=r["precision"],
                label=r["label"],
                claims=json.loads(r["claims"]),
                **typed,
                extras=x,
            )

    def claim_articles(self) -> Iterator[tuple[str, str, str]]:
        """(claim, statement, article) of every statement a claim holds."""
        yield from self.conn.cursor().execute(
            "SELECT cs.claim, s.id, s.article FROM claim_statements cs "
            "JOIN statements s ON s.id = cs.statement"
        )

    # -- writes (claims.align) -----------------------------------------------------------------
    def replace_scope_claims(
        self,
        scope: list[str],
        scope_key: str,
        claims: Iterable[Claim],
        members: Iterable[ClaimMember],
        discrepancies: Iterable[Discrepancy],
    ) -> None:
        """Replace the claims and discrepancies of one alignment scope (its article ids):
        the claims holding a statement of the scope go, so do the discrepancies of those
        claims, of this scope key, or touching an article of the scope."""
        ids = id_array(scope)
        with self.atomic():  # type: ignore[attr-defined]
            c = self.conn
            old = [
                r[0]
                for r in c.execute(
                    f"""SELECT DISTINCT cs.claim FROM claim_statements cs JOIN statements s
                        ON s.id = cs.statement WHERE s.article IN {IN_IDS}""",  # noqa: S608
                    (ids,),
                )
            ]
            for cid in old:
                c.execute("DELETE FROM claim_statements WHERE claim = ?", (cid,))
                c.execute("DELETE FROM claims WHERE id = ?", (cid,))
                c.execute("DELETE FROM discrepancies WHERE claim = ?", (cid,))
            c.execute(
                f"""DELETE FROM discrepancies WHERE json_extract(extras, '$.scope') = ?
                    OR EXISTS (SELECT 1 FROM json_each(discrepancies.statements) j
                               WHERE json_extract(j.value, '$.article') IN {IN_IDS})""",  # noqa: S608
                (scope_key, ids),
            )
            c.executemany(
                "INSERT OR REPLACE INTO claims(id, label, extras) VALUES (?,?,?)",
                [(x.id, x.label, json.dumps(x.details(), ensure_ascii=False)) for x in claims],
            )
            c.executemany(
                "INSERT OR REPLACE INTO claim_statements(statement, claim, score) VALUES (?,?,?)",
                [(m.statement, m.claim, m.score) for m in members],
            )
            c.executemany(
                """INSERT OR REPLACE INTO discrepancies(id, kind, claim, statements, explanation,
                       confidence, extras) VALUES (?,?,?,?,?,?,?)""",
                [
                    (
                        d.id,
                        d.kind,
                        d.claim,
                        json.dumps([s.to_dict() for s in d.statements], ensure_ascii=False),
                        d.explanation,
                        d.confidence,
                        json.dumps(d.details(), ensure_ascii=False),
                    )
                    for d in discrepancies
                ],
            )

    # -- writes (claims.timeline) --------------------------------------------------------------
    def replace_timeline(self, entries: Iterable[TimelineEntry]) -> None:
        with self.atomic():  # type: ignore[attr-defined]
            self.conn.execute("DELETE FROM timeline")
            self.conn.executemany(
                "INSERT INTO timeline(seq, date, precision, label, claims, extras) "
                "VALUES (?,?,?,?,?,?)",
                [
                    (
                        e.seq,
                        e.date,
                        e.precision,
                        e.label,
                        json.dumps(e.claims),
                        json.dumps(e.details(), ensure_ascii=False),
                    )
                    for e in entries
                ],
            )
