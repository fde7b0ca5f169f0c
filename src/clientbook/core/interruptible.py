"""A read on a worker thread that another thread may stop at once.

Locking the vault, closing a window or a newer request must not wait seconds for a cold-cache
count, or half a minute for a mailing preview of a million clients, to finish. SQLite's
`sqlite3_interrupt` is the one call that is safe from another thread; it makes the running
statement fail with "interrupted" — but it is a no-op between statements, so a stop that falls
just before the next statement started would be lost. A progress handler therefore also checks
the stop flag every PROGRESS_OPCODES virtual-machine steps (~10 ms of SQLite work) and ends that
statement the same way. The connection is guarded so it is interrupted only while the worker reads
with it, never after it went back to the pool.

One instance serves one read, or the reads of one window's life: once `interrupt()` was called it
stays stopped, and every later read through it fails at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the lock screen's worker module imports this before SQLAlchemy is loaded
    from sqlalchemy.orm import Session

PROGRESS_OPCODES = 1_000_000  # the handler takes the GIL: rarely enough not to slow the GUI thread


class InterruptibleRead:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connection: Any = None
        self._stopped = False

    def _should_stop(self) -> int:
        return 1 if self._stopped else 0  # non-zero: SQLite ends the statement ("interrupted")

    @contextmanager
    def reading(self, session: Session) -> Iterator[Session]:
        """While the block runs, `interrupt()` from any thread stops the session's statements."""
        connection = session.connection().connection.dbapi_connection
        assert connection is not None
        with self._lock:
            self._connection = connection
        connection.set_progress_handler(self._should_stop, PROGRESS_OPCODES)
        try:
            yield session
        finally:
            connection.set_progress_handler(None, 0)
            with self._lock:
                self._connection = None

    def interrupt(self) -> None:
        with self._lock:
            self._stopped = True
            if self._connection is not None:
                self._connection.interrupt()
