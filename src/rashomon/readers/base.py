"""Expanding input paths and dispatching each file to the reader for its format.

Contract: `read_inputs` yields `Article`s and reports every input it could not read through
`on_failure(ReadFailure)`, naming the file and the reason. It never raises for bad input, so
the rest of the batch goes on.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rashomon.config import LimitsConfig
from rashomon.record import Article

log = logging.getLogger(__name__)


class ReadError(Exception):
    """An input that cannot be read; the message says why and, where possible, what to do."""


@dataclass(slots=True, frozen=True)
class ReadFailure:
    source: str
    reason: str


def expand_paths(
    paths: Iterable[str],
    on_failure: Callable[[ReadFailure], None],
    on_hidden: Callable[[str], None] | None = None,
) -> Iterator[str]:
    """Files as given, folders walked in sorted order (deterministic), missing paths reported.

    `-` (stdin) passes through. Symlink loops and unreadable folders are reported, not raised.
    Hidden files and folders (names starting with ".") inside a folder are not read; each is
    passed to `on_hidden` (and logged), so the caller can say so. A hidden file named as an
    input is read.
    """
    for given in paths:
        if given == "-":
            yield given
            continue
        p = Path(given)
        if not p.exists():
            why = "broken or looping symbolic link" if p.is_symlink() else "no such file or folder"
            on_failure(ReadFailure(given, why))
            continue
        if p.is_dir():
            yield from _walk(p, on_failure, on_hidden)
        else:
            yield given


def _walk(
    root: Path,
    on_failure: Callable[[ReadFailure], None],
    on_hidden: Callable[[str], None] | None = None,
) -> Iterator[str]:
    seen: set[tuple[int, int]] = set()

    def onerror(exc: OSError) -> None:
        on_failure(ReadFailure(str(exc.filename or root), f"cannot list folder: {exc.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=True):
        try:
            st = os.stat(dirpath)
        except OSError as exc:
            on_failure(ReadFailure(dirpath, f"cannot open folder: {exc.strerror}"))
            dirnames[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:  # a symlink loop: visit each real folder once
            on_failure(ReadFailure(dirpath, "symlink loop: folder already visited, skipped"))
            dirnames[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        for name in sorted(n for n in [*dirnames, *filenames] if n.startswith(".")):
            log.info("hidden %s not read", os.path.join(dirpath, name))
            if on_hidden:
                on_hidden(os.path.join(dirpath, name))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield os.path.join(dirpath, name)


def read_bytes(source: str, limits: LimitsConfig) -> bytes:
    import sys

    if source == "-":
        data = sys.stdin.buffer.read(limits.max_file_bytes + 1)
    else:
        # Open without blocking and check what was opened (race-free): a FIFO in a folder of
        # articles would otherwise hang the whole batch, and /dev/zero would be read to the limit.
        try:
            fd = os.open(source, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except OSError as exc:
            raise ReadError(f"cannot read: {exc.strerror}") from exc
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise ReadError(f"not a regular file ({_file_kind(st.st_mode)}); skipped")
            if st.st_size > limits.max_file_bytes:
                raise ReadError(
                    f"file is {st.st_size:,} bytes, over the limit of {limits.max_file_bytes:,}; "
                    "raise [limits] max_file_bytes in the configuration to read it"
                )
            try:
                data = fh.read(limits.max_file_bytes + 1)
            except OSError as exc:
                raise ReadError(f"cannot read: {exc.strerror}") from exc
    if len(data) > limits.max_file_bytes:
        raise ReadError(f"input is over the limit of {limits.max_file_bytes:,} bytes")
    return data


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a plain file"


def read_inputs(
    paths: Iterable[str],
    limits: LimitsConfig,
    on_failure: Callable[[ReadFailure], None],
) -> Iterator[Article]:
    """Yield the articles in the given files and folders, reporting what cannot be read."""
    from rashomon.readers.detect import read_file

    for source in expand_paths(paths, on_failure):
        try:
            data = read_bytes(source, limits)
            articles = read_file(source, data, limits, on_failure)
        except ReadError as exc:
            on_failure(ReadFailure(source, str(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - a reader bug must not cost the batch
            log.exception("reader crashed on %s", source)
            on_failure(ReadFailure(source, f"reader error: {type(exc).__name__}: {exc}"))
            continue
        if not articles:
            on_failure(ReadFailure(source, "no article found in this input"))
        yield from articles
