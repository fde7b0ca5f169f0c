"""A big write's WAL checkpoint, made after the user has the result instead of inside its commit.

SQLite checkpoints on the commit that leaves more than `wal_autocheckpoint` pages (1000) in the WAL:
the commit of a 100,000-row import then also copies its ~220 MB of pages into the vault file, a
fifth to a third of that commit (0.2–0.8 s here) while the user waits for the import's answer.
`defer(session)` turns that off for the session's connection; when the connection goes back to the
pool (committed, rolled back or failed) the setting is restored, and after a commit `start()` runs
a passive checkpoint on a thread of its own: readers and writers do not wait for it. The pages are
safe before it runs: the commit is durable in the WAL (synchronous = FULL), which every connection
reads. Locking the vault waits for it, then makes its own full checkpoint as always.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

AUTOCHECKPOINT_PAGES = 1000  # SQLite's own default, which every other connection keeps


class LateCheckpoints:
    """One per vault: the connections whose checkpoint is deferred, and the threads that make it."""

    def __init__(self, engine: Engine, connect: Callable[[], Any],
                 run_beside: Callable[[Callable[[], None], str], threading.Thread]) -> None:
        self._connect = connect
        self._run_beside = run_beside  # the vault's: locking waits for the thread
        self._deferred: set[int] = set()  # id() of DBAPI connections with autocheckpoint off
        self._threads: list[threading.Thread] = []
        self._guard = threading.Lock()
        event.listen(engine, "checkin", self._restore)

    def defer(self, session: Session) -> None:
        """No checkpoint in the commit of `session`'s transaction (call `start` once it is committed)."""
        dbapi = session.connection().connection.dbapi_connection
        assert dbapi is not None
        dbapi.execute("PRAGMA wal_autocheckpoint = 0")
        with self._guard:
            self._deferred.add(id(dbapi))

    def _restore(self, dbapi: Any, _record: Any) -> None:
        with self._guard:
            if dbapi is None or id(dbapi) not in self._deferred:
                return
            self._deferred.discard(id(dbapi))
        try:
            dbapi.execute(f"PRAGMA wal_autocheckpoint = {AUTOCHECKPOINT_PAGES}")
        except Exception as exc:  # a broken connection: the pool drops it, and a new one has the default
            log.warning("autocheckpoint not restored: %s", type(exc).__name__)

    def start(self) -> None:
        """Copy the committed WAL pages into the vault file on a thread of its own."""
        with self._guard:
            self._threads = [t for t in self._threads if t.is_alive()]
            self._threads.append(self._run_beside(self._checkpoint, "clientbook-wal-checkpoint"))

    def _checkpoint(self) -> None:
        try:
            conn = self._connect()
            try:
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            finally:
                conn.close()
        except Exception as exc:  # the next commit's own checkpoint, or the lock's, does it instead
            log.warning("late WAL checkpoint failed: %s", type(exc).__name__)

    def wait(self) -> None:
        """Until every started checkpoint is done (a backup is about to copy the file)."""
        with self._guard:
            threads, self._threads = self._threads, []
        for thread in threads:
            thread.join()
