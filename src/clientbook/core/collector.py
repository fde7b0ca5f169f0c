"""CPython's garbage collector set for big reads and imports, for the desktop app and the CLI alike.

An import keeps millions of objects alive (queued rows, the key index of every card). With CPython's
default thresholds (700, 10, 10) the collector walked all of them again and again: 10 % of the CLI
import's CPU time at 100,000 rows, and full walks of the heap that held the GIL for a second. So the
youngest generation is collected after 25,000 new objects, not 700 (see below).

The middle number bounds each pause: a collection of the middle generation walks every object that
survived that many young collections. At 50 (50 × 50,000 = up to 2.5 million objects) that walk held
the GIL for 0.56–0.78 s in the middle of a 1,000,000-row import, and the import wizard's window froze
as long; at 5 the longest was 66–74 ms, at 3 50 ms, for the same total time. The oldest generation
is then looked at only after 10,000 such collections (750 million new objects).

A middle collection walks the youngest generation and up to 3 thresholds of its survivors: at
(50,000, 3) that was up to 200,000 objects, and on a slower day (2026-12-08) those walks held the GIL
104–120 ms on the import wizard's worker checking and importing 1,000,000 rows (`bench_import_wizard.py --stacks`),
past the window's 100 ms. So the youngest threshold is 25,000: each middle walk covers at most
100,000 objects: 44–56 ms the same day, wizard check and import of 1,000,000 rows no slower.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from typing import Any

THRESHOLDS = (25_000, 3, 10_000)
FREE_SLICE = 20_000


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """THRESHOLDS for the body (a caller's larger youngest threshold is kept), then as before."""
    before = gc.get_threshold()
    if before[0]:  # 0: automatic collection is off already
        gc.set_threshold(max(before[0], THRESHOLDS[0]), THRESHOLDS[1], max(before[2], THRESHOLDS[2]))
    try:
        yield
    finally:
        gc.set_threshold(*before)


def let_go(*containers: list[Any] | dict[Any, Any] | set[Any]) -> None:
    """Empty big lists, dicts and sets a slice at a time. Freeing one whole is one C call that holds
    the GIL: a worker letting go of 700,000 excluded recipients of a mailing preview kept the GUI
    thread waiting 0.3 s, and a 1,000,000-row import's key index (a phone, an e-mail and a name per
    card) as long. Between slices (~1 ms each) the interpreter lets the other threads run."""
    for items in containers:
        if isinstance(items, list):
            while items:
                del items[-FREE_SLICE:]
        else:
            take = items.popitem if isinstance(items, dict) else items.pop
            while items:
                for _ in range(min(FREE_SLICE, len(items))):
                    take()
