"""One row per client straight from one SQL query: the fast path of a plain .xlsx / .csv export.

Loading 100,000 ClientRecord objects (phones, e-mails, tags as Python lists) and then asking each
column for its value cost more than the whole target time of a .csv export. Here each column is an
SQL expression (columns.Column.sql) evaluated while SQLite walks the clients in storage order (the
ids go into the same TEMP table records.load_records uses, keyed by client id), and SQLite sorts the
finished rows into export order. Python only converts the few typed columns (dates, money, yes/no).

Mailing mode and one row per address use the same query over the clients they keep (see
exporting.addressed); vCard still goes through records.load_records.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

from clientbook.core.exporting.columns import Column, Converter
from clientbook.core.exporting.records import IDS_TABLE, drop_ids, fill_ids

FETCH = 2000


@contextlib.contextmanager
def flat_rows(session: Session, ids: Select[tuple[int]] | Sequence[int],
              columns: Sequence[Column]) -> Iterator[tuple[int, Iterator[list[Any]]]]:
    """(number of clients, their value rows in column order and export order) while the block runs.

    Export order: a segment by name, a selection as given (see records.fill_ids).
    """
    total = fill_ids(session, ids)
    cursor = session.connection().connection.cursor()
    try:
        yield total, values(cursor, columns)
    finally:
        cursor.close()
        drop_ids(session)


def values(cursor: Any, columns: Sequence[Column], first: str = "") -> Iterator[list[Any]]:
    """The value rows of the clients in the ids TEMP table, in export order; `first`: an SQL expression put
    before the columns (e.g. "c.id")."""
    expressions = ", ".join([first] * bool(first) + [c.sql for c in columns]) or "NULL"
    cursor.execute(f"SELECT {expressions} FROM {IDS_TABLE} e JOIN clients c ON c.id = e.id "
                   f"LEFT JOIN client_stats st ON st.client_id = c.id ORDER BY e.pos")
    shift = 1 if first else 0
    return _rows(cursor, [(i + shift, c.convert) for i, c in enumerate(columns) if c.convert is not None])


def _rows(cursor: Any, converters: list[tuple[int, Converter]]) -> Iterator[list[Any]]:
    while True:
        chunk = cursor.fetchmany(FETCH)
        if not chunk:
            return
        for raw in chunk:
            row = list(raw)
            for i, convert in converters:
                row[i] = convert(row[i])
            yield row
