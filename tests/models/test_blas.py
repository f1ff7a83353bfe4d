"""`models.blas.one_thread`: numpy's OpenBLAS on one thread inside, as it was after."""

import threading

import numpy as np
import pytest

from rashomon.models import blas


def test_one_thread_sets_and_restores_the_count():
    fns = blas._openblas()
    if fns is None:
        pytest.skip("numpy's BLAS is not an OpenBLAS found in /proc/self/maps")
    setter, getter = fns
    before = getter()
    setter(2)
    try:
        inside = []
        with blas.one_thread():
            inside.append(getter())
            with blas.one_thread():  # nested: still one, and the outer exit restores
                inside.append(getter())
            inside.append(getter())

            def worker():
                with blas.one_thread():
                    inside.append(getter())

            t = threading.Thread(target=worker)
            t.start()
            t.join()
            inside.append(getter())  # the worker's exit did not restore under us
            a = np.ones((300, 300), dtype=np.float32)
            assert float((a @ a)[0, 0]) == 300.0
        assert inside == [1, 1, 1, 1, 1]
        assert getter() == 2
    finally:
        setter(before)


def test_one_thread_without_openblas_does_nothing(monkeypatch):
    monkeypatch.setattr(blas, "_openblas", lambda: None)
    with blas.one_thread():
        pass
