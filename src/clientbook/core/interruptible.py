"""A read on a worker thread that another thread may stop at once.

Locking the vault (or a newer request) must not wait seconds for a cold-cache count to finish.
SQLite's `sqlite3_interrupt` is the one call that is safe from another thread; it makes the running
statement fail with "interrupted". The connection is guarded so it is interrupted only while the
worker reads with it, never after it went back to the pool.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session


class InterruptibleRead:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connection: Any = None

    @contextmanager
    def reading(self, session: Session) -> Iterator[Session]:
        """While the block runs, `interrupt()` from any thread stops the session's statement."""
        with self._lock:
            self._connection = session.connection().connection.dbapi_connection
        try:
            yield session
        finally:
            with self._lock:
                self._connection = None

    def interrupt(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.interrupt()
