"""An import's inserts run on a second thread while its own thread reads the next rows (two cores).

SQLite lets go of the GIL while it runs a statement, but `executemany` takes it back for every row
it binds, so a writer thread doing that only convoyed with the reading thread (measured: no gain at
100,000 rows). Each table's rows of a chunk therefore go over as ONE JSON text and one statement
(`INSERT … SELECT value->>0, … FROM jsonb_each(?)`): SQLite parses and inserts the whole chunk, and
updates its indexes and the search index, with the GIL released, for the CPU of an `executemany`.

Each statement the writer runs ends by taking the GIL back from the reading thread, which is busy:
at Python's default switch interval (5 ms) that wait was most of the writer's time (a 100,000-row
import's e-mails took 0.85 s to insert, 0.25 s at 1 ms) and the reading thread then waited for the
writer. `quick_handoffs()` shortens the interval for the import (10.1 → 9.3 s at 100,000 rows).

One chunk is in flight at a time. The import's thread never uses the connection while it is: its
connection is wrapped (`Drained`) so that any use first waits for the writer, and a writer's error
is raised there, inside the import's transaction, which then rolls back as before.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import sys
import threading
from collections.abc import Iterator, Sequence
from typing import Any

import orjson

HANDOFF_S = 0.001  # the switch interval while an import writes (0.2 ms gained nothing more)


@contextlib.contextmanager
def quick_handoffs() -> Iterator[None]:
    """Python's switch interval at HANDOFF_S for the body (a caller's shorter one is kept), then as before."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, HANDOFF_S))
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def _as_driver_binds(value: Any) -> str:
    """Dates and times as the driver's default adapters store them (ISO, a space before the time)."""
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


# Values go to SQLite as JSON: text, integers, reals, null and booleans (stored 1/0, as the driver
# binds them), dates as the driver writes them. Anything else (bytes of a sealed value, a Decimal, an
# integer past 64 bits, a time of day) makes the chunk's rows go through the driver instead (`encode`
# returns None). orjson writes a chunk about five times faster than the json module, which was 0.7 s
# of the reading thread at 100,000 rows; it writes NaN and infinities as null, so `statement` sends
# a chunk holding one through the driver too.
_DATES = orjson.OPT_PASSTHROUGH_DATETIME  # dates and times go to _as_driver_binds, not orjson's own form


def insert_sql(table: str, columns: Sequence[str], constant: Sequence[bool] | None = None) -> str:
    """The statement that inserts a JSON array of rows: each an array of the values of the columns
    not marked `constant`, in order; a constant column takes a bound parameter (in column order,
    before the JSON text)."""
    picked, j = [], 0
    for i in range(len(columns)):
        if constant is not None and constant[i]:
            picked.append("?")
        else:
            picked.append(f"value->>{j}")
            j += 1
    return f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(picked)} FROM jsonb_each(?)"


def encode(rows: Sequence[Sequence[Any]]) -> str | None:
    """The rows as one JSON text, or None when a value has no exact JSON form (see above; the caller
    has checked its reals are finite)."""
    try:
        return orjson.dumps(rows, default=_as_driver_binds, option=_DATES).decode()
    except orjson.JSONEncodeError:
        return None


def _finite(values: Sequence[Any]) -> bool:
    return all(math.isfinite(v) for v in values if type(v) is float)


def statement(table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
              ) -> tuple[str, tuple[Any, ...]] | None:
    """(sql, parameters) inserting `rows` in one statement, or None when a value has no JSON form.

    A column with one value of one type in every row (the batch, the moment, "lead", the NULLs of
    columns the file does not fill: about half of an import's values) is bound once, not written,
    parsed and extracted per row; bound, it is stored exactly as the driver stores it."""
    by_column = list(zip(*rows, strict=True))
    constant, varying = [], []
    for values in by_column:
        kinds = set(map(type, values))
        if float in kinds and not _finite(values):
            return None
        same = len(rows) > 1 and len(kinds) == 1 and values.count(values[0]) == len(values)
        constant.append(same)
        if not same:
            varying.append(values)
    payload = encode(list(zip(*varying, strict=True)) if varying else [()] * len(rows))
    if payload is None:
        return None
    bound = tuple(values[0] for values, same in zip(by_column, constant, strict=True) if same)
    return insert_sql(table, columns, constant), (*bound, payload)


class WriteBehind:
    """Runs a chunk's statements on a thread of its own; `drain()` waits for them (and raises their error)."""

    def __init__(self, dbapi_connection: Any) -> None:
        self._connection = dbapi_connection
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def submit(self, statements: list[tuple[str, tuple[Any, ...]]]) -> None:
        """Run these (sql, parameters) in order, after those submitted before."""
        self.drain()
        if statements:
            self._thread = threading.Thread(target=self._run, args=(statements,), name="import-writer",
                                            daemon=True)
            self._thread.start()

    def _run(self, statements: list[tuple[str, tuple[Any, ...]]]) -> None:
        try:
            cursor = self._connection.cursor()
            try:
                for sql, parameters in statements:
                    cursor.execute(sql, parameters)
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
