"""The user-level cache of transliterated Latin names: a name is transliterated once per version.

An Arabic-script name that neither the gazetteer, a Latin mention nor the ANETAC lookup names
goes through the transliteration model (`translit`: several CPU-ms a word), and `entities.link`
names every entity again on each build: a build into another folder, with another corpus-step
setting, or an `add` that relinks a group would transliterate the same names again. Their
answers are kept in `names.sqlite` in the user cache folder (`models.cache.cache_dir()`, next
to the vectors and the stages' results).

Key: SHA-256 of the code fingerprint (`pipeline.stagecache.code_fingerprint`: every file of the
package, its data and the installed distributions, so another transducer, reranker or
wordfreq is a new key), the neural transliterator's setting, and the job `latin.latin_name`
answers from (the name, its gazetteer name, its Latin mentions and all its spellings, in a
fixed order). Value: the answer's text, source and confidence, or none. `latin_name` is a pure
function of the job, so a hit is the answer a run would give.

It keeps at most `MAX_ROWS` names (the names used longest ago dropped first).
`RASHOMON_CACHE_DIR=off` turns it off with every cache, `RASHOMON_STAGE_CACHE=off` with the
stage and dossier caches (the test suite: a test that patches the code must see it run). Like
every cache here it only saves time: a file that cannot be opened, read or written is skipped
with a warning.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from rashomon.entities.latin import LatinName

log = logging.getLogger(__name__)

FILE_NAME = "names.sqlite"
MAX_ROWS = 500_000  # ~100 MB; the names used longest ago are dropped first
_MISS = object()


def enabled() -> bool:
    from rashomon.models.cache import OFF, vector_cache_enabled

    stage = os.environ.get("RASHOMON_STAGE_CACHE", "").strip().lower()
    return vector_cache_enabled() and stage not in OFF


def version() -> str:
    """The code fingerprint (computed once per process) and the transliterator's setting."""
    from rashomon.entities import translit
    from rashomon.pipeline.stagecache import code_fingerprint

    v = f"{code_fingerprint()} translit-nn {translit.neural_enabled()}"
    return hashlib.sha256(v.encode()).hexdigest()


def job_key(ver: str, job: tuple[str, str | None, Counter, Counter]) -> str:
    name, gazetteer_latin, latin_mentions, spellings = job
    payload = json.dumps(
        [ver, name, gazetteer_latin, sorted(latin_mentions.items()), sorted(spellings.items())],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class NameCache:
    """`get(keys)` / `put(answers)` on one file (`store/namefile.py`); every failure of the
    file is a warning, and the names are transliterated again."""

    def __init__(self, path: str | Path, timeout: float = 30.0) -> None:
        from rashomon.store.namefile import NameFile

        self.path = Path(path)
        self.file: NameFile | None = None
        try:
            self.file = NameFile(self.path, timeout)
        except (sqlite3.Error, OSError) as exc:
            log.warning("name cache %s unusable (%s): names are transliterated again", path, exc)

    def get(self, keys: list[str]) -> dict[str, LatinName | None]:
        """The cached answers of these keys (a key not cached, or unreadable, is absent)."""
        if self.file is None or not keys:
            return {}
        try:
            values = self.file.get(keys)
        except sqlite3.Error as exc:
            log.warning("name cache %s unreadable (%s)", self.path, exc)
            return {}
        out: dict[str, LatinName | None] = {}
        for key, value in values.items():
            found = _decode(value)
            if found is not _MISS:
                out[key] = found  # type: ignore[assignment]
        return out

    def put(self, answers: dict[str, LatinName | None], used: Iterable[str] = ()) -> None:
        """Keep these answers, mark the `used` keys (hits) as used now, and keep the file under
        `MAX_ROWS` names."""
        if self.file is None or not (answers or used):
            return
        rows = [(key, _encode(found)) for key, found in answers.items()]
        try:
            self.file.put(rows, list(used), time.time(), MAX_ROWS)
        except sqlite3.Error as exc:
            log.warning("name cache %s not written (%s)", self.path, exc)

    def close(self) -> None:
        if self.file is not None:
            try:
                self.file.close()
            except sqlite3.Error:
                pass
        self.file = None


def _encode(found: LatinName | None) -> str:
    if found is None:
        return "null"
    return json.dumps([found.text, found.source, found.confidence], ensure_ascii=False)


def _decode(value: str) -> LatinName | None | object:
    """The cached answer, or `_MISS` for a value this code cannot read."""
    try:
        data = json.loads(value)
        if data is None:
            return None
        text, source, confidence = data
        if isinstance(text, str) and isinstance(source, str):
            return LatinName(text, source, float(confidence))
    except (ValueError, TypeError):
        pass
    return _MISS


def open_cache() -> NameCache | None:
    """The user's name cache, or None when caches are off."""
    if not enabled():
        return None
    from rashomon.models.cache import cache_dir

    return NameCache(cache_dir() / FILE_NAME)
