"""The store: one SQLite file per dossier, WAL mode, numbered migrations, upserts keyed on ids.

Every batch of writes goes through `with store.atomic():`, so a crash leaves the file as it was
before the batch or after it, never between. Only one process writes at a time: `Store(...,
write=True)` takes an exclusive lock on `<file>.lock` and fails at once with a clear message if
another process holds it (readers are never blocked, thanks to WAL).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, fields
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from rashomon import __version__, jsonsafe
from rashomon.cleaning.normalize import matching_key
from rashomon.record import (
    Article,
    DateRef,
    Mention,
    Paragraph,
    Quantity,
    Removed,
    Sentence,
    Statement,
)
from rashomon.store.migrations import MIGRATIONS

log = logging.getLogger(__name__)


class StoreLockedError(RuntimeError):
    """Another process is writing to this store."""


class QueryTimeout(RuntimeError):
    """A query ran past the time limit of `Store.time_limit` and was stopped."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _dumps(value: Any) -> str:
    return jsonsafe.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _sql_statements(sql: str) -> Iterator[str]:
    """The statements of a migration script, one at a time (a trigger body's `;` does not end
    its CREATE TRIGGER: `sqlite3.complete_statement` tells)."""
    buf = ""
    for piece in sql.split(";"):
        buf += piece + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \n\t;"):
                yield buf
            buf = ""
    if buf.strip(" \n\t;"):
        yield buf


def _dateref(d: DateRef) -> dict[str, Any]:
    out = asdict(d)
    if out.get("basis") is None:
        out.pop("basis", None)
    return out


def _flat(obj: Any) -> dict[str, Any]:
    """`asdict` for a dataclass of plain values, without its deep copies (10x faster: an
    article has hundreds of sentences and this runs on the single writer)."""
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


def sqlite_uri(path: Path, *, write: bool) -> str:
    """The `file:` URI that opens `path`, whatever its name holds.

    The path is percent-encoded by `Path.as_uri()`, so `#`, `?`, `%`, spaces and `[` in a
    folder name stay part of the name: pasted raw, `run#1/dossier.sqlite` opened `./run`,
    `x?y` lost its `mode=ro`, and a folder named `%2e%2e` was decoded to `..` by SQLite.
    A reader of a store with no `-wal` file beside it (no writer active: the last writer's
    close removes it) opens it `immutable`, which creates no `-wal`/`-shm` files (`mode=ro`
    alone creates both); with a writer active it opens `mode=ro` and sees its commits.
    """
    uri = path.resolve().as_uri()
    if write:
        return uri
    wal = path.with_name(path.name + "-wal")
    return uri + ("?mode=ro" if wal.exists() else "?mode=ro&immutable=1")


class Store:
    def __init__(self, path: str | Path, *, write: bool = False, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self._lock_fh = None
        self._in_tx = False
        if write:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._take_lock()
        elif not self.path.exists():
            raise FileNotFoundError(f"no dossier store at {self.path}; run `rashomon build` first")
        self.conn = sqlite3.connect(
            sqlite_uri(self.path, write=write), uri=True, timeout=timeout, isolation_level=None
        )
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        if write:
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.migrate()

    # -- lifecycle -------------------------------------------------------------------------
    def _take_lock(self) -> None:
        lock_path = self.path.with_name(self.path.name + ".lock")
        fh = open(lock_path, "a+")  # noqa: SIM115 - held for the store's lifetime
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            fh.close()
            raise StoreLockedError(
                f"{self.path} is being written by another rashomon process; "
                "wait for it to finish (nothing was changed)"
            ) from exc
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._lock_fh = fh

    def close(self) -> None:
        self.conn.close()
        if self._lock_fh is not None:
            fcntl.flock(self._lock_fh, fcntl.LOCK_UN)
            self._lock_fh.close()
            self._lock_fh = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def time_limit(self, seconds: float) -> Iterator[None]:
        """Queries run inside stop after `seconds` with `QueryTimeout`. A timer thread calls
        `sqlite3_interrupt`: SQLite's progress handler is never called inside FTS5's phrase
        matching, where one 500-character query word once took 74 s."""
        timer = threading.Timer(seconds, self.conn.interrupt)
        timer.daemon = True
        timer.start()
        try:
            yield
        except sqlite3.OperationalError as exc:
            if str(exc) != "interrupted":
                raise
            raise QueryTimeout(f"stopped after {seconds:g} s") from exc
        finally:
            timer.cancel()

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        current = self.schema_version
        for number, sql in MIGRATIONS:
            if number <= current:
                continue
            with self.atomic():
                for statement in _sql_statements(sql):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number}")
            log.info("store %s migrated to schema %d", self.path, number)

    @contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        """A transaction; nested calls join the outer one."""
        if self._in_tx:
            yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._in_tx = True
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._in_tx = False

    # -- runs and meta -----------------------------------------------------------------------
    def begin_run(self, command: str, config: dict[str, Any]) -> int:
        with self.atomic():
            # We hold the write lock, so a run still marked running was killed: say so.
            self.conn.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
            cur = self.conn.execute(
                "INSERT INTO runs(command, started, status, version, config) VALUES (?,?,?,?,?)",
                (command, _now(), "running", __version__, _dumps(config)),
            )
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, status: str) -> None:
        with self.atomic():
            self.conn.execute(
                "UPDATE runs SET finished = ?, status = ? WHERE id = ?", (_now(), status, run_id)
            )

    def last_run(self) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        return dict(row) if row else None

    def set_meta(self, key: str, value: Any) -> None:
        with self.atomic():
            self.conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, _dumps(value)),
            )

    def get_meta(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    # -- articles ----------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
            is not None
        )

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY seq")]

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def upsert_article(self, article: Article, run_id: int | None = None) -> None:
        """Insert or replace an article and all its per-article parts (idempotent by id)."""
        with self.atomic() as c:
            row = c.execute("SELECT seq FROM articles WHERE id = ?", (article.id,)).fetchone()
            seq = (
                row[0]
                if row
                else int(c.execute("SELECT COALESCE(MAX(seq), -1) + 1 FROM articles").fetchone()[0])
            )
            for table in ("removed", "mentions", "statements", "cited_sources"):
                c.execute(f"DELETE FROM {table} WHERE article = ?", (article.id,))  # noqa: S608 - fixed names
            c.execute(
                """INSERT INTO articles(id, source, raw, text, key, language, outlet, title, published,
                       truncated, repairs, paragraphs, sentences, errors, extras, added_run, seq)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                   ON CONFLICT(id) DO UPDATE SET
                       raw=excluded.raw, text=excluded.text, key=excluded.key,
                       language=excluded.language, outlet=excluded.outlet, title=excluded.title,
                       published=excluded.published, truncated=excluded.truncated,
                       repairs=excluded.repairs, paragraphs=excluded.paragraphs,
                       sentences=excluded.sentences, errors=excluded.errors, extras=excluded.extras""",
                (
                    article.id,
                    article.source,
                    article.raw,
                    article.text,
                    matching_key(article.text),
                    article.language,
                    article.outlet,
                    article.title,
                    article.published.isoformat() if article.published else None,
                    int(article.truncated),
                    _dumps(article.repairs),
                    _dumps([_flat(p) for p in article.paragraphs]),
                    _dumps([_flat(s) for s in article.sentences]),
                    _dumps(article.errors),
                    _dumps(article.extras),
                    run_id,
                    seq,
                ),
            )
            c.execute(
                "INSERT OR IGNORE INTO sources(source, article) VALUES (?, ?)",
                (article.source, article.id),
            )
            c.executemany(
                "INSERT INTO removed(article, seq, text, reason, line) VALUES (?,?,?,?,?)",
                [(article.id, i, r.text, r.reason, r.line) for i, r in enumerate(article.removed)],
            )
            c.executemany(
                """INSERT INTO mentions(article, seq, start, "end", text, type, key, entity, confidence, extras)
                   VALUES (?,?,?,?,?,?,?,?,?,?)""",
                [
                    (
                        article.id,
                        i,
                        m.start,
                        m.end,
                        m.text,
                        m.type,
                        m.key,
                        m.entity,
                        m.confidence,
                        _dumps(m.extras),
                    )
                    for i, m in enumerate(article.mentions)
                ],
            )
            c.executemany(
                """INSERT INTO statements(id, article, seq, start, "end", text, attribution, polarity,
                       hedged, hedges, quantities, dates, extras) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                [
                    (
                        s.id,
                        article.id,
                        i,
                        s.start,
                        s.end,
                        s.text,
                        _dumps(s.attribution),
                        s.polarity,
                        int(s.hedged),
                        _dumps(s.hedges),
                        _dumps([asdict(q) for q in s.quantities]),
                        _dumps([_dateref(d) for d in s.dates]),
                        _dumps(s.extras),
                    )
                    for i, s in enumerate(article.statements)
                ],
            )
            c.execute("DELETE FROM failures WHERE source = ?", (article.source,))

    def add_source(self, source: str, article_id: str) -> None:
        """Record that `source` holds the content of the stored article `article_id` (an input
        that duplicates another is kept once, but its name is not lost)."""
        with self.atomic():
            self.conn.execute(
                "INSERT OR IGNORE INTO sources(source, article) VALUES (?, ?)", (source, article_id)
            )
            self.conn.execute("DELETE FROM failures WHERE source = ?", (source,))

    def unfinished_article_ids(self) -> list[str]:
        """Articles stored by a run that did not finish (killed, failed): they may have missed
        the corpus steps, so the next run hands them to the corpus steps again."""
        return [
            r[0]
            for r in self.conn.execute(
                """SELECT id FROM articles WHERE added_run IN
                       (SELECT id FROM runs WHERE status NOT IN ('ok', 'partial', 'running'))
                   ORDER BY seq"""
            )
        ]

    def adopt_articles(self, article_ids: list[str], run_id: int) -> None:
        """Count these articles as added by `run_id` (once its corpus steps have seen them)."""
        with self.atomic():
            self.conn.executemany(
                "UPDATE articles SET added_run = ? WHERE id = ?", [(run_id, i) for i in article_ids]
            )

    def load_article(self, article_id: str) -> Article:
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise KeyError(article_id)
        return self._article_from_row(row)

    def iter_articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        """Articles in insertion order (or in the order of `ids`), one at a time (streaming)."""
        if ids is None:
            for (article_id,) in self.conn.execute(
                "SELECT id FROM articles ORDER BY seq"
            ).fetchall():
                yield self.load_article(article_id)
        else:
            for article_id in ids:
                yield self.load_article(article_id)

    def _article_from_row(self, row: sqlite3.Row) -> Article:
        aid = row["id"]
        c = self.conn
        removed = [
            Removed(text=r["text"], reason=r["reason"], line=r["line"])
            for r in c.execute("SELECT * FROM removed WHERE article = ? ORDER BY seq", (aid,))
        ]
        mentions = [
            Mention(
                start=r["start"],
                end=r["end"],
                text=r["text"],
                type=r["type"],
                key=r["key"],
                entity=r["entity"],
                confidence=r["confidence"],
                extras=json.loads(r["extras"]),
            )
            for r in c.execute("SELECT * FROM mentions WHERE article = ? ORDER BY seq", (aid,))
        ]
        statements = [
            Statement(
                id=r["id"],
                start=r["start"],
                end=r["end"],
                text=r["text"],
                attribution=json.loads(r["attribution"]),
                polarity=r["polarity"],
                hedged=bool(r["hedged"]),
                hedges=json.loads(r["hedges"]),
                quantities=[Quantity(**q) for q in json.loads(r["quantities"])],
                dates=[DateRef(**d) for d in json.loads(r["dates"])],
                extras=json.loads(r["extras"]),
            )
            for r in c.execute("SELECT * FROM statements WHERE article = ? ORDER BY seq", (aid,))
        ]
        return Article(
            id=aid,
            source=row["source"],
            raw=row["raw"],
            text=row["text"],
            language=row["language"],
            outlet=row["outlet"],
            title=row["title"],
            published=date.fromisoformat(row["published"]) if row["published"] else None,
            truncated=bool(row["truncated"]),
            removed=removed,
            repairs=json.loads(row["repairs"]),
            paragraphs=[Paragraph(**p) for p in json.loads(row["paragraphs"])],
            sentences=[Sentence(**s) for s in json.loads(row["sentences"])],
            mentions=mentions,
            statements=statements,
            errors=json.loads(row["errors"]),
            extras=json.loads(row["extras"]),
        )

    # -- failures ------------------------------------------------------------------------------
    def record_failure(self, source: str, reason: str, run_id: int | None = None) -> None:
        with self.atomic():
            self.conn.execute(
                """INSERT INTO failures(source, reason, run, at) VALUES (?,?,?,?)
                   ON CONFLICT(source) DO UPDATE SET reason=excluded.reason, run=excluded.run, at=excluded.at""",
                (source, reason, run_id, _now()),
            )

    def failures(self) -> list[dict[str, Any]]:
        return [
            dict(r)
            for r in self.conn.execute(
                "SELECT source, reason, run, at FROM failures ORDER BY source"
            )
        ]

    # -- embedding cache -----------------------------------------------------------------------
    def get_vectors(self, keys: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for i in range(0, len(keys), 500):
            part = keys[i : i + 500]
            marks = ",".join("?" * len(part))
            for r in self.conn.execute(
                f"SELECT key, vector FROM embeddings WHERE key IN ({marks})", part
            ):  # noqa: S608
                out[r["key"]] = np.frombuffer(r["vector"], dtype=np.float32)
        return out

    def put_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        with self.atomic():
            self.conn.executemany(
                "INSERT OR REPLACE INTO embeddings(key, model, dim, vector) VALUES (?,?,?,?)",
                [
                    (k, model, int(v.shape[0]), np.ascontiguousarray(v, dtype=np.float32).tobytes())
                    for k, v in vectors.items()
                ],
            )

    # -- generic rows for corpus-level results -------------------------------------------------
    def rows(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """Read-only query helper (parameterised; never format user input into `sql`)."""
        return [dict(r) for r in self.conn.execute(sql, tuple(params))]
