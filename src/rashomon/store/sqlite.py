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
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from rashomon import __version__, jsonsafe
from rashomon.store.articles import ArticleTables
from rashomon.store.claims import ClaimTables
from rashomon.store.entities import EntityTables
from rashomon.store.meta import MetaTable
from rashomon.store.migrations import MIGRATIONS
from rashomon.store.overview import Overview
from rashomon.store.provenance import ProvenanceTables
from rashomon.store.search import SearchIndex
from rashomon.store.stories import StoryTables
from rashomon.store.translations import GlossRecords

log = logging.getLogger(__name__)


class StoreLockedError(RuntimeError):
    """Another process is writing to this store."""


class NotADossierError(FileNotFoundError):
    """A read-only store whose file holds no dossier schema yet: another process is still
    creating it, or the file is not a rashomon dossier."""


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


def sqlite_uri(path: Path, *, write: bool) -> str:
    """The `file:` URI that opens `path`, whatever its name holds.

    The path is percent-encoded by `Path.as_uri()`, so `#`, `?`, `%`, spaces and `[` in a
    folder name stay part of the name: pasted raw, `run#1/dossier.sqlite` opened `./run`,
    `x?y` lost its `mode=ro`, and a folder named `%2e%2e` was decoded to `..` by SQLite.
    How a reader opens it depends on how the last writer left it. A writer works in WAL mode
    and, closing with no reader attached, switches the store back to a rollback journal
    (`Store.close`): a reader then opens it `mode=ro`, creates no file beside it, and takes
    SQLite's shared lock, so a writer that starts meanwhile waits for the read to end instead
    of changing pages under it. With a writer active (a `-wal` file beside it) a reader opens
    `mode=ro` and sees its commits. Left in WAL mode with no `-wal` file (a writer closed while
    a reader was attached), `mode=ro` would create `-wal`/`-shm` files: it opens `immutable`,
    which is exact while nobody writes (a writer starting during that read is not seen).
    """
    uri = path.resolve().as_uri()
    if write:
        return uri
    wal = path.with_name(path.name + "-wal")
    if wal.exists() or not _wal_header(path):
        return uri + "?mode=ro"
    return uri + "?mode=ro&immutable=1"


def copy_file(src: Path, dst: Path) -> None:
    """A consistent copy of the SQLite file `src` (what its WAL holds included) as `dst`, by
    SQLite's online backup (`pipeline/dossiercache.py` keeps built dossiers this way)."""
    source = sqlite3.connect(src)
    target = sqlite3.connect(dst)
    with target:
        source.backup(target)
    source.close()
    target.close()


def _wal_header(path: Path) -> bool:
    """Whether the database file's header says WAL mode (file format versions 2 at bytes 18
    and 19; 1 is a rollback journal)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(20)
    except OSError:
        return False
    return len(head) == 20 and head[18] == 2


class Store(
    ArticleTables,
    StoryTables,
    EntityTables,
    ClaimTables,
    ProvenanceTables,
    MetaTable,
    Overview,
    SearchIndex,
    GlossRecords,
):
    """The dossier's store. Each table family has one owner module in `rashomon.store`
    (articles, stories, entities, claims, provenance, meta, overview, translations) whose
    typed methods the steps and outputs call; no other module speaks SQL."""

    def __init__(self, path: str | Path, *, write: bool = False, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.text_reads: Counter[str] = Counter()  # article id -> times its text was read
        self._texts: dict[str, str] | None = None  # kept texts (ArticleTables.keep_texts)
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
        elif self.schema_version == 0:
            # the writer takes its lock before it creates the schema: a reader that comes in
            # between (or opens some other SQLite file) gets this, not "no such table"
            self.conn.close()
            raise NotADossierError(
                f"{self.path} holds no dossier yet: another rashomon process may still be "
                "creating it, or it is not a rashomon dossier"
            )

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
        if self._lock_fh is not None:
            # back to a rollback journal (checkpointing the WAL), so that readers open the
            # store without files beside it and under SQLite's locks (see `sqlite_uri`);
            # with a reader attached the switch is refused and the store stays in WAL mode
            with suppress(sqlite3.Error):
                self.conn.execute("PRAGMA journal_mode = DELETE")
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

    def changes(self) -> int:
        """Rows inserted, updated or deleted through this connection so far (a build compares
        two readings to know whether it changed anything)."""
        return self.conn.total_changes

    def restamp_copied_build(self, command: str, config: dict[str, Any]) -> None:
        """A store copied from the user's dossier cache (pipeline/dossiercache.py) becomes
        this run's: its one run record and its failures get this run's time, command and
        configuration, as a fresh build would have written them."""
        now = _now()
        with self.atomic():
            self.conn.execute(
                "UPDATE runs SET command = ?, started = ?, finished = ?, config = ?",
                (command, now, now, _dumps(config)),
            )
            self.conn.execute("UPDATE failures SET at = ?", (now,))

    def finish_run(self, run_id: int, status: str) -> None:
        with self.atomic():
            self.conn.execute(
                "UPDATE runs SET finished = ?, status = ? WHERE id = ?", (_now(), status, run_id)
            )

    def last_run(self) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        return dict(row) if row else None

    def last_good_config(self) -> dict[str, Any] | None:
        """The configuration of the last run that finished (ok or partial), if any."""
        row = self.conn.execute(
            "SELECT config FROM runs WHERE status IN ('ok', 'partial') ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return json.loads(row[0]) if row else None

    def set_meta(self, key: str, value: Any) -> None:
        with self.atomic():
            self.conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, _dumps(value)),
            )

    def get_meta(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

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

    # -- ad-hoc reads ----------------------------------------------------------------------------
    def rows(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """An ad-hoc query for tests and debugging (parameterised; never format user input into
        `sql`). The library reads through the typed methods of the table families."""
        return [dict(r) for r in self.conn.execute(sql, tuple(params))]
