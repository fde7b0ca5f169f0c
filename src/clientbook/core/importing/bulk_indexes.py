"""Secondary indexes of the tables an import fills: kept up to date, or built after a big import.

The import's writer thread (write_behind) updates the indexes beside the reading thread, on the
second core, so an index costs the import's wall time only where updating it row by row is slow.
That depends on where new rows land in it:
- an index on *clustered* columns only (the import's own batch and moment, few-valued flags and
  kinds, cities, birthdays, the card being written) takes each new row at the end of one of few runs
  of keys, a few hot pages: it stays live (rebuilding it re-read the whole table, a serial tail);
- an index with any other column (names, sort keys, INN, phone numbers, e-mail addresses, dates and
  amounts from the file, custom values) takes rows all over its b-tree: for a big import it is
  dropped and built once after the load, from sorted keys.
Measured on empty bases (2026-12-08, wall; every index deferred as before / none / the scattered
ones): 100 k rows 9.9 / 9.6 / 9.7 s (medians of 6–11 runs; the scattered ones 0.5 s less CPU than
none), 300 k 33.1 s (none) / 32.4 s, 1 M 131.9 / 130.6 / 115.1 s.
An index is deferred only where the import is large next to what the table holds already (rebuilding
re-reads the whole table), and never one that starts with `client_id`: the writer reads a card's
phones, e-mails and custom values by it while the import runs (`_update`, `search.reindex`).

The statements come from sqlite_master, so the schema ends exactly as it was, and everything runs in
the import's transaction: a failure, a cancel or a dry run rolls the DROPs back with the rows.
(`demo.fill_vault`, which has no writer thread, drops every index of its own tables.)

When the cards themselves are bulk-loaded (from DEFER_FROM rows), the search index stops merging its
segments during the load and is merged once at the end ('optimize'): at 1,000,000 rows the merges
during the load cost 12 s and the one merge 7 s, and the index ends as one segment (the fastest to
search); at 100,000 rows 10.2 → 9.9 s (three pairs).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import Connection

from clientbook.core import bulk_cache

# Tables an import of clients, purchases or history inserts into, with the rows it adds per file row.
FILLED_TABLES = ("clients", "audit", "phones", "emails", "custom_values", "consents", "client_tags",
                 "purchases", "interactions")
DEFER_FROM = 5_000  # below this a bulk load (cache, rebuilds, one merge of the search index) is not worth it
KEPT_LEADING_COLUMN = "client_id"
# Columns whose values an import's rows share or write in increasing order (see the docstring).
CLUSTERED_COLUMNS = frozenset({
    "id", "client_id", "contact_id", "tag_id", "import_batch_id", "batch_id", "created_at", "updated_at", "at",
    "actor", "author", "archived", "status", "temperature", "debtor", "kind", "responsible", "valid", "channel",
    "purpose", "city", "birth_month", "birth_day", "next_contact_date"})
SEARCH_INDEX = "client_fts"
DEFAULT_AUTOMERGE = 4  # FTS5's own default


def _set_search_index(conn: Connection, option: str, value: int) -> None:
    conn.exec_driver_sql(f"INSERT INTO {SEARCH_INDEX}({SEARCH_INDEX}, rank) VALUES (?, ?)", (option, value))


def bulk_loaded(conn: Connection, rows: int) -> list[str]:
    """The filled tables an import of `rows` file rows loads in bulk: from DEFER_FROM rows, those
    holding no more rows than the import brings (rowid max as a cheap upper bound of the count)."""
    if rows < DEFER_FROM:
        return []
    return [table for table in FILLED_TABLES
            if int(conn.exec_driver_sql(f"SELECT coalesce(max(rowid), 0) FROM {table}").scalar() or 0) <= rows]


def scattered(columns: list[str | None]) -> bool:
    """Whether new rows land all over an index on `columns` (one outside CLUSTERED_COLUMNS, or an
    expression: None)."""
    return any(column not in CLUSTERED_COLUMNS for column in columns)


def deferrable(conn: Connection, rows: int, tables: list[str] | None = None, *,
               every: bool = False) -> list[tuple[str, str]]:
    """(name, sql) of the indexes worth building after an import of `rows` file rows: the scattered
    ones (`every`: all of them) of the bulk-loaded tables (`tables`, when the caller has them), but
    none led by `client_id`."""
    found = []
    for table in bulk_loaded(conn, rows) if tables is None else tables:
        for name, sql in conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name = ?",
                (table,)):
            columns = [r[0] for r in conn.exec_driver_sql(
                "SELECT name FROM pragma_index_info(?) ORDER BY seqno", (name,))]
            if columns[:1] != [KEPT_LEADING_COLUMN] and (every or scattered(columns)):
                found.append((str(name), str(sql)))
    return found


@contextlib.contextmanager
def built_after(conn: Connection, rows: int, *, rebuild: bool = True) -> Iterator[None]:
    """Load the body in bulk: a bigger cache, the deferrable indexes dropped and re-created after it
    (only when the body succeeds: on an error the transaction's rollback brings them back), the
    search index merged once. A dry run passes `rebuild=False`: its transaction is rolled back
    anyway, so it drops every index it may and rebuilds none (the rebuild was a tenth of the
    wizard's check of a file; keeping the clustered ones live cost it ~0.4 s of CPU at 100 k)."""
    tables = bulk_loaded(conn, rows)
    if not tables:
        yield
        return
    saved = deferrable(conn, rows, tables, every=not rebuild)
    cards = "clients" in tables
    with bulk_cache.sized(conn, rows):
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
