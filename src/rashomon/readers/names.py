"""Input names as they are shown and stored: printable, one line, valid UTF-8.

A file name is bytes on Linux. One that is not valid UTF-8 reaches Python with lone surrogates
(PEP 383), which SQLite, JSON and the terminal all refuse: it crashed the whole batch before this
existed. A name may also hold a newline (forging a line of the log) or a bidi override (showing
`exe.txt` as `txt.exe`). The shown name escapes all of those, visibly, so the user can still
find the file; the real path is only used to open it.
"""

from __future__ import annotations

import unicodedata

# Bidi embeddings, overrides, isolates and marks: invisible, and they reorder what follows.
_BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)


def display_name(name: str) -> str:
    """`name` with undecodable bytes, control characters and bidi controls escaped (idempotent
    on names that need no escaping)."""
    if name.isprintable() and not _BIDI_CONTROLS.intersection(name):
        return name
    out = []
    for ch in name:
        if "\udc80" <= ch <= "\udcff":  # an undecodable byte of the name (PEP 383)
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        elif ch in _BIDI_CONTROLS or unicodedata.category(ch) in ("Cc", "Cs"):
            out.append(ch.encode("unicode_escape", "backslashreplace").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)
