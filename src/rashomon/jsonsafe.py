"""JSON that every parser accepts: no `NaN`, `Infinity` or `-Infinity`.

Python's `json.dumps` writes non-finite floats as bare `NaN`/`Infinity`, which is not JSON:
browsers and strict parsers refuse the whole file (a 309-digit number with a unit once became
`"value": Infinity` in dossier.json). `dumps` writes with `allow_nan=False`; a value holding a
non-finite float is written with that float as `null`, and a warning names where it was.
"""

from __future__ import annotations

import json
import logging
import math
from typing import Any

log = logging.getLogger(__name__)


def finite(value: Any) -> Any:
    """`value` with every non-finite float (in dicts, lists and tuples) replaced by None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value


def dumps(value: Any, **kwargs: Any) -> str:
    """`json.dumps(value, **kwargs)`, always valid JSON (non-finite floats become null)."""
    try:
        return json.dumps(value, allow_nan=False, **kwargs)
    except ValueError:  # the only ValueError allow_nan=False adds (circular refs are one too)
        log.warning("a non-finite number was written as null: %.200r", value)
        return json.dumps(finite(value), allow_nan=False, **kwargs)
