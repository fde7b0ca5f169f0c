"""An import's inserts run on a second thread while its own thread reads the next rows (two cores).

SQLite lets go of the GIL while it runs a statement, but `executemany` takes it back for every row
it binds, so a writer thread doing that only convoyed with the reading thread (measured: no gain at
100,000 rows). Each table's rows of a chunk therefore go over as ONE JSON text and one statement
(`INSERT … SELECT value->>0, … FROM jsonb_each(?)`): SQLite parses and inserts the whole chunk, and
updates its indexes and the search index, with the GIL released, for the CPU of an `executemany`.

One chunk is in flight at a time. The import's thread never uses the connection while it is: its
connection is wrapped (`Drained`) so that any use first waits for the writer, and a writer's error
is raised there, inside the import's transaction, which then rolls back as before.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Sequence
from typing import Any


def _as_driver_binds(value: Any) -> str:
    """Dates and times as the driver's default adapters store them (ISO, a space before the time)."""
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


# Values go to SQLite as JSON: text, integers, reals, null and booleans (stored 1/0, as the driver
# binds them), dates as the driver writes them. Anything else (bytes of a sealed value, a Decimal)
# makes the chunk's rows go through the driver instead (`encode` returns None).
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_as_driver_binds)


def insert_sql(table: str, columns: Sequence[str]) -> str:
    """The statement that inserts a JSON array of rows (arrays of values in `columns` order)."""
    values = ", ".join(f"value->>{i}" for i in range(len(columns)))
    return f"INSERT INTO {table} ({', '.join(columns)}) SELECT {values} FROM jsonb_each(?)"


def encode(rows: Sequence[Sequence[Any]]) -> str | None:
    """The rows as one JSON text, or None when a value has no exact JSON form."""
    try:
        return _JSON.encode(rows)
    except (TypeError, ValueError):
        return None


class WriteBehind:
    """Runs a chunk's statements on a thread of its own; `drain()` waits for them (and raises their error)."""

    def __init__(self, dbapi_connection: Any) -> None:
        self._connection = dbapi_connection
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def submit(self, statements: list[tuple[str, str]]) -> None:
        """Run these (sql, json) pairs in order, after those submitted before."""
        self.drain()
        if statements:
            self._thread = threading.Thread(target=self._run, args=(statements,), name="import-writer",
                                            daemon=True)
            self._thread.start()

    def _run(self, statements: list[tuple[str, str]]) -> None:
        try:
            cursor = self._connection.cursor()
            try:
                for sql, payload in statements:
                    cursor.execute(sql, (payload,))
            finally:
                cursor.close()
        except BaseException as exc:  # raised on the import's thread by drain()
            self._error = exc

    def drain(self, *, quiet: bool = False) -> None:
        """Wait for the chunk in flight; raise its error unless `quiet` (the import is failing already)."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        error, self._error = self._error, None
        if error is not None and not quiet:
            raise error


class Drained:
    """The import's connection as its own thread uses it: every use waits for the writer first."""

    def __init__(self, connection: Any, writer: WriteBehind) -> None:
        self._connection = connection
        self._writer = writer

    def __getattr__(self, name: str) -> Any:
        self._writer.drain()
        return getattr(self._connection, name)
