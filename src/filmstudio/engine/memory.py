"""Handing freed memory back to the system.

Why: glibc keeps freed heap in its arenas, so a process that dropped a 600 MB model can still
show it as resident; ``malloc_trim(0)`` returns the free pages. Elsewhere this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS)
        return None
    return trim


def trim_heap() -> bool:
    """Return freed heap pages to the system where the C library can; whether it could."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
