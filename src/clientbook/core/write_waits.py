"""How long a write waits for another thread's write: as long as it takes, except on a thread that
was told to be impatient.

A vault has one writer at a time (`Vault.transaction` holds its write lock), and a long operation
holds it throughout: an import or the wizard's check of a file for its whole length (6 s at 100,000
rows, minutes at 1,000,000), a backup or a restore point while it copies. The desktop's GUI thread
saving a card, ticking off a task or tagging clients meanwhile waited that long with the window
frozen. The desktop marks its GUI thread impatient (`be_impatient`): a write begun there waits at
most that long, then raises `VaultBusy` (one message; nothing is written, and what the user typed
stays on screen to save again). Workers, the command line and tests keep waiting as before.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from clientbook.core.errors import VaultBusy

_patience: dict[int, float] = {}  # thread ident → seconds a write there waits for another's


def be_impatient(thread: threading.Thread, seconds: float | None) -> None:
    """Writes begun on `thread` wait at most `seconds` for another thread's write; None: as long as
    it takes (the default of every thread)."""
    if thread.ident is None:
        raise ValueError("the thread has not started")
    if seconds is None:
        _patience.pop(thread.ident, None)
    else:
        _patience[thread.ident] = seconds


def patience() -> float | None:
    """This thread's patience (None: it waits as long as it takes)."""
    return _patience.get(threading.get_ident())


@contextlib.contextmanager
def holding(lock: threading.RLock, vault_name: str) -> Iterator[None]:
    """Hold a vault's write lock for the body, waiting for it as this thread's patience allows."""
    wait = patience()
    if wait is None:
        lock.acquire()
    elif not lock.acquire(timeout=wait):
        raise VaultBusy(name=vault_name)
    try:
        yield
    finally:
        lock.release()
