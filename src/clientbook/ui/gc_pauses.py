"""Garbage-collector settings that keep the window responsive while workers read a big base.

A worker reading 100 k records allocates millions of objects. With CPython's default thresholds the
collector then keeps walking the whole heap, the long-lived objects of Qt, SQLAlchemy and the list
included, while holding the GIL, and the GUI thread stalls: 0.1–1.2 s again and again during the
export preview at 100 k (measured with a heartbeat on the main thread). Freezing what exists once the
app is up (`gc.freeze`: those objects are never walked again) and collecting the young generation
less often left one such stall of eleven in the same measurement (`core/collector.py` says why its
thresholds are what they are; an import uses the same). The collector stays on: cycles made later are
still freed.

The GIL's switch interval goes from 5 ms to 1 ms for the same reason: a paint calls the Python
models a few hundred times, and each call waits for the GIL a worker holds until the worker is told
to let go. With a worker reading in Python, a Today panel repaint took 56 ms of wall time at 5 ms and
41 ms at 1 ms for 20 ms of CPU (PySide6 6.11, 2 cores); the workers lose little, their reads are
mostly in SQLite, which runs without the GIL.
"""

from __future__ import annotations

import gc
import sys
import threading
from typing import Any

from clientbook.core.collector import FREE_SLICE, THRESHOLDS, let_go

SWITCH_INTERVAL_S = 0.001
_enabled = False


def tune_for_the_desktop() -> None:
    """Called once by the desktop app; tests and the CLI keep CPython's defaults."""
    global _enabled
    _enabled = True
    gc.set_threshold(*THRESHOLDS)
    gc.freeze()
    sys.setswitchinterval(SWITCH_INTERVAL_S)


def settle_long_lived() -> None:
    """After unlock: what the open vault holds now lives until the next lock; stop walking it."""
    if _enabled:
        gc.freeze()


def free_in_slices(items: list[Any]) -> None:
    """`collector.let_go` of one list (a mailing preview's 700,000 excluded recipients at 1 M)."""
    let_go(items)


def free_later(items: list[Any]) -> None:
    """`free_in_slices` on a thread of its own, for a list the GUI thread lets go of (a replaced
    answer); the caller must keep no other reference. Small lists are simply dropped."""
    if len(items) >= FREE_SLICE:
        threading.Thread(target=free_in_slices, args=(items,), name="free-later", daemon=True).start()
