"""Limit numpy's OpenBLAS threads around small matrix products.

With several BLAS threads on a busy 2-core machine, the encoder's products spend more time
waking threads than computing: measured on the shared development machine, one thread gives
~25 ms instead of ~250 ms for one message and ~2.3× the batch throughput. `single_thread()` switches numpy's bundled OpenBLAS to one thread for the
duration, and does nothing where that library cannot be found.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

_lock = threading.RLock()


@cache
def _controls() -> tuple[Callable[[int], None], Callable[[], int]] | None:
    libs = Path(np.__file__).resolve().parent.parent / "numpy.libs"
    for path in sorted(libs.glob("libscipy_openblas*.so*")):
        try:
            lib = ctypes.CDLL(str(path))
            setter = lib.scipy_openblas_set_num_threads64_
            getter = lib.scipy_openblas_get_num_threads64_
        except (OSError, AttributeError):
            continue
        return _wrap(setter, getter)
    return None


def _wrap(setter: Any, getter: Any) -> tuple[Callable[[int], None], Callable[[], int]]:
    setter.argtypes = [ctypes.c_int]
    getter.restype = ctypes.c_int
    return (lambda n: setter(n)), (lambda: int(getter()))


@contextmanager
def single_thread() -> Iterator[None]:
    """Run the block with one OpenBLAS thread (no-op when the library is not found)."""
    controls = _controls()
    if controls is None:
        yield
        return
    set_threads, get_threads = controls
    with _lock:
        previous = get_threads()
        set_threads(1)
        try:
            yield
        finally:
            set_threads(previous)
