"""How big SQLite's page cache may grow for one bulk load (a big import, a demo base), by the machine.

A load of a million cards into a 256 MB cache evicts the pages it wrote, and rebuilding each of the
clients' deferred indexes afterwards re-reads and re-decrypts the whole table again (measured on
this project's 1,000,000-row import, three pairs of runs: 1 GB instead of 256 MB took 157 → 149 s
on average, the index rebuild and merge 47 → 40 s). The cache is plaintext in memory only (never on disk) and is given back
when the load ends, but it is the user's memory: it grows with the load, never past an eighth of
the machine's physical memory, and never past 1 GiB.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from collections.abc import Iterator

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

FLOOR_KIB = 256 * 1024  # what every bulk load had before: kept for small loads and unknown machines
CEILING_KIB = 1024 * 1024
KIB_PER_ROW = 1  # a card with its phones, e-mails, audit entry and search row: about 1 KiB of pages
SHARE_OF_MEMORY = 8  # at most 1/8 of physical memory


def physical_memory() -> int | None:
    """The machine's physical memory in bytes, or None when the system does not say."""
    if sys.platform == "win32":
        return _windows_memory()
    try:
        return int(os.sysconf("SC_PAGE_SIZE")) * int(os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):
        return None


def _windows_memory() -> int | None:
    class MemoryStatus(ctypes.Structure):
        _fields_ = [("length", ctypes.c_ulong), ("load", ctypes.c_ulong), ("total", ctypes.c_ulonglong),
                    ("available", ctypes.c_ulonglong), ("total_page", ctypes.c_ulonglong),
                    ("available_page", ctypes.c_ulonglong), ("total_virtual", ctypes.c_ulonglong),
                    ("available_virtual", ctypes.c_ulonglong), ("available_extended", ctypes.c_ulonglong)]

    status = MemoryStatus()
    status.length = ctypes.sizeof(MemoryStatus)
    try:
        ok = ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status))  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return None
    return int(status.total) if ok else None


def cache_kib(rows: int, memory: int | None) -> int:
    """The page cache (KiB) for a load of `rows` cards on a machine of `memory` bytes
    (`physical_memory()`; None, unknown: the floor)."""
    if memory is None:
        return FLOOR_KIB
    return max(FLOOR_KIB, min(rows * KIB_PER_ROW, CEILING_KIB, memory // 1024 // SHARE_OF_MEMORY))


def for_load(rows: int) -> int:
    """`cache_kib` on this machine."""
    return cache_kib(rows, physical_memory())


@contextlib.contextmanager
def sized(conn: Connection, rows: int) -> Iterator[None]:
    """`conn`'s page cache for a load of `rows` while the body runs, then what it was, whether the load
    succeeded, failed or was cancelled: the pooled connection must not keep a bulk load's cache."""
    previous = int(conn.exec_driver_sql("PRAGMA cache_size").scalar() or -2000)
    conn.exec_driver_sql(f"PRAGMA cache_size = -{for_load(rows)}")
    try:
        yield
    finally:
        with contextlib.suppress(DBAPIError):  # never hide the load's own error
            conn.exec_driver_sql(f"PRAGMA cache_size = {previous}")
