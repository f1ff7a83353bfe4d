"""Writing the entity tables that ship in `data/`: gzip-compressed JSON, byte-identical on a
rebuild from the same input (keys sorted, no timestamp in the gzip header)."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any


def save_json(obj: Any, path: Path) -> None:
    """Write `obj` as compact JSON (UTF-8, keys sorted) to the gzip file `path`."""
    with (
        open(path, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz,
        io.TextIOWrapper(gz, encoding="utf-8") as fh,
    ):  # mtime=0: byte-identical rebuilds
        json.dump(obj, fh, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
