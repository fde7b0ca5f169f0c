"""Secondary indexes of the tables an import fills, dropped for a big import and re-created after it.

Building an index once over sorted keys costs several times less than updating it row by row: at
100,000 new clients into an empty base, the thirteen indexes of `clients` were a fifth of the import.
An index is deferred only where the import is large next to what the table holds already (rebuilding
re-reads the whole table), and never one that starts with `client_id`: the writer reads a card's
phones, e-mails and custom values by it while the import runs (`_update`, `search.reindex`).

The statements come from sqlite_master, so the schema ends exactly as it was, and everything runs in
the import's transaction: a failure, a cancel or a dry run rolls the DROPs back with the rows.
(`demo.fill_vault` does the same for its own tables.)

When the cards themselves are bulk-loaded, the search index stops merging its segments during the
load and is merged once at the end ('optimize'): at 1,000,000 rows the merges during the load cost
12 s and the one merge 7 s, and the index ends as one segment (the fastest to search).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import Connection

from clientbook.core import bulk_cache

# Tables an import of clients, purchases or history inserts into, with the rows it adds per file row.
FILLED_TABLES = ("clients", "audit", "phones", "emails", "custom_values", "consents", "client_tags",
                 "purchases", "interactions")
DEFER_FROM = 5_000  # below this the rebuild's fixed cost is not worth it
KEPT_LEADING_COLUMN = "client_id"
SEARCH_INDEX = "client_fts"
DEFAULT_AUTOMERGE = 4  # FTS5's own default


def _set_search_index(conn: Connection, option: str, value: int) -> None:
    conn.exec_driver_sql(f"INSERT INTO {SEARCH_INDEX}({SEARCH_INDEX}, rank) VALUES (?, ?)", (option, value))


def deferrable(conn: Connection, rows: int) -> list[tuple[str, str]]:
    """(name, sql) of the indexes worth building after an import of `rows` file rows: those of tables
    holding no more rows than the import brings (rowid max as a cheap upper bound of the count)."""
    if rows < DEFER_FROM:
        return []
    found = []
    for table in FILLED_TABLES:
        held = int(conn.exec_driver_sql(f"SELECT coalesce(max(rowid), 0) FROM {table}").scalar() or 0)
        if held > rows:
            continue
        for name, sql in conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name = ?",
                (table,)):
            first = conn.exec_driver_sql("SELECT name FROM pragma_index_info(?) WHERE seqno = 0", (name,)).scalar()
            if first != KEPT_LEADING_COLUMN:
                found.append((str(name), str(sql)))
    return found


@contextlib.contextmanager
def built_after(conn: Connection, rows: int, *, rebuild: bool = True) -> Iterator[None]:
    """Drop the deferrable indexes, run the body, re-create them (only when the body succeeds: on an
    error the transaction's rollback brings them back). A dry run passes `rebuild=False`: its
    transaction is rolled back anyway, and the rebuild was a tenth of the wizard's check of a file."""
    saved = deferrable(conn, rows)
    if not saved:
        yield
        return
    with bulk_cache.sized(conn, rows):
        cards = any(conn.exec_driver_sql("SELECT tbl_name FROM sqlite_master WHERE name = ?", (name,)).scalar()
                    == "clients" for name, _sql in saved)
        merging = conn.exec_driver_sql(f"SELECT v FROM {SEARCH_INDEX}_config WHERE k = 'automerge'").scalar()
        for name, _sql in saved:
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
        if cards:
            _set_search_index(conn, "automerge", 0)
        yield
        for _name, sql in saved if rebuild else ():
            conn.exec_driver_sql(sql)
        if cards:
            _set_search_index(conn, "automerge", DEFAULT_AUTOMERGE if merging is None else int(merging))
            if rebuild:
                conn.exec_driver_sql(f"INSERT INTO {SEARCH_INDEX}({SEARCH_INDEX}) VALUES ('optimize')")
