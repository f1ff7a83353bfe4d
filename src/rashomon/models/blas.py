"""One BLAS thread for numpy's small matrix products (the pair heads of `models.cross_top`).

numpy's OpenBLAS starts a thread per core for any product above a small size; for the heads'
products (a few hundred rows by a few hundred columns, thousands of them a call) waking and
synchronising those threads costs more than the product, and on a shared machine the threads'
waiting burns the other core: `benchmarks/compare.py` spent 7.4 CPU-s in the cross-encoder's
head for 300 news-length pairs with OpenBLAS's threads and 0.5 with one (`OPENBLAS_NUM_THREADS=1`),
load 6. The two cores are used instead by running independent batches in two Python threads
(numpy releases the GIL in a product).

OpenBLAS's thread count is process-wide (`openblas_set_num_threads_local` too, in its pthreads
build), so `one_thread()` sets it to 1 while any caller is inside and restores it when the last
one leaves. Where no OpenBLAS is found (another BLAS, another OS) it does nothing.
"""

from __future__ import annotations

import ctypes
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

log = logging.getLogger(__name__)

# (setter, getter) names: numpy's wheels ship OpenBLAS with a `scipy_` prefix and a `64_`
# suffix (64-bit integers); a system OpenBLAS has the plain names.
_NAMES = (
    ("scipy_openblas_set_num_threads64_", "scipy_openblas_get_num_threads64_"),
    ("openblas_set_num_threads64_", "openblas_get_num_threads64_"),
    ("openblas_set_num_threads", "openblas_get_num_threads"),
)

_lock = threading.Lock()
_inside = 0
_saved = 0


@lru_cache(maxsize=1)
def _openblas() -> tuple | None:
    """(set, get) of the OpenBLAS that numpy loaded, or None."""
    import numpy  # noqa: F401  (loads its BLAS)

    try:
        with open("/proc/self/maps", encoding="utf-8") as fh:
            paths = {line.split()[-1] for line in fh if "openblas" in line.lower()}
    except OSError:
        return None
    for path in sorted(paths):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for set_name, get_name in _NAMES:
            if hasattr(lib, set_name) and hasattr(lib, get_name):
                setter, getter = getattr(lib, set_name), getattr(lib, get_name)
                setter.argtypes, setter.restype = [ctypes.c_int], None
                getter.argtypes, getter.restype = [], ctypes.c_int
                return setter, getter
    log.debug("no OpenBLAS found among numpy's libraries: BLAS threads left as they are")
    return None


@contextmanager
def one_thread() -> Iterator[None]:
    """numpy's products run on the calling thread while inside (see the module's note)."""
    global _inside, _saved
    fns = _openblas()
    if fns is None:
        yield
        return
    setter, getter = fns
    with _lock:
        if _inside == 0:
            _saved = getter()
            if _saved != 1:
                setter(1)
        _inside += 1
    try:
        yield
    finally:
        with _lock:
            _inside -= 1
            if _inside == 0 and _saved != 1:
                setter(_saved)
