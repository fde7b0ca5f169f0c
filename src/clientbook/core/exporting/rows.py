"""The one way an export's rows are made, for every format, and the preview's counts.

1. The scope's ids go into a TEMP table (id, pos): kept in memory (the vault sets ``temp_store =
   MEMORY``, so no plaintext reaches the disk); the id is the rowid, so the detail tables are read in
   storage order, and `pos` is the export order.
2. Mailing mode and one row per address: one query gives per client its latest consent state for
   the channel and, only when that state lets it through, its addresses as a JSON array; Python picks
   the addresses (mailing.decide: validity, consent, duplicates in export order). The excluded leave
   the ids table.
3. One query computes every column in SQL (columns.Column) over the ids table, sorted by `pos`; each
   chosen address makes one row, shown in the columns that take an address.

The ids table drives every read (`CROSS JOIN`, which fixes SQLite's join order): left to itself the
planner walked a covering index of the clients in name order and reached their e-mails and phones
in random order, a page decrypted for nearly each at 1,000,000 clients (the mailing choice 19.5 ->
6.6 s of CPU); in id order the detail rows come in storage order and only the result is sorted.

Every read is a plain DB-API cursor fetched in chunks: SQLite runs with the GIL released, and Python
holds it only for one chunk at a time, so a preview read on a worker never stalls the GUI thread
for long (SQLAlchemy's per-row Result machinery also doubled the time of a 100,000-row export).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column as SqlColumn
from sqlalchemy import Integer, MetaData, Select, Table, func, insert, select, text
from sqlalchemy.orm import Session

from clientbook.core import models as m
from clientbook.core.consents import latest_consent_subquery
from clientbook.core.errors import KnownError
from clientbook.core.exporting.columns import EMAIL_ORDER, PHONE_ORDER, Cells, Column, Converter, phone_text
from clientbook.core.exporting.mailing import REASONS, Excluded, decide, usable_from
from clientbook.core.exporting.spec import ExportSpec, Format

FETCH = 2000
IDS_TABLE = "temp.cb_export_ids"
EMAILS_JSON = (f"(SELECT json_group_array(json_array(m.address, m.valid) ORDER BY {EMAIL_ORDER}) "
               f"FROM emails m WHERE m.client_id = c.id)")
_IDS = Table("cb_export_ids", MetaData(), SqlColumn("id", Integer, primary_key=True), SqlColumn("pos", Integer),
             schema="temp")
PHONES_JSON = (f"(SELECT json_group_array(json_array(p.e164, p.raw, p.extension, p.kind) ORDER BY {PHONE_ORDER}) "
               f"FROM phones p WHERE p.client_id = c.id)")


@dataclass
class Plan:
    """What an export writes: the clients and rows, and who is left out of a mailing and why."""

    clients: int
    rows: int
    excluded: list[Excluded] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        result = dict.fromkeys(REASONS, 0)
        for item in self.excluded:
            result[item.reason] += 1
        return result


@dataclass
class Chosen:
    """Who gets rows and with which addresses ([None]: one row without an address), and who is left out."""

    addresses: dict[int, list[str | None]] = field(default_factory=dict)
    excluded: list[Excluded] = field(default_factory=list)
    counted: list[int] | None = None  # [clients, rows] when only counted (a preview): no addresses kept

    @property
    def clients(self) -> int:
        return self.counted[0] if self.counted is not None else len(self.addresses)

    @property
    def rows(self) -> int:
        return self.counted[1] if self.counted is not None else sum(len(a) for a in self.addresses.values())


def preview(session: Session, spec: ExportSpec, should_cancel: Callable[[], bool] | None = None) -> Plan:
    """The counts of `spec` without writing: a count query for one plain row per client, else the
    address choice alone (one query; no column values are read)."""
    spec.check()
    if spec.channel is None:
        total = spec.scope.count(session)
        return Plan(total, total)
    fill_ids(session, spec.scope.select(session), everyone=spec.scope.everyone)
    cursor = session.connection().connection.cursor()
    try:
        chosen = choose(session, cursor, spec, count_only=True, should_cancel=should_cancel)
    finally:
        cursor.close()
        drop_ids(session)
    return _plan(spec, chosen)


@contextlib.contextmanager
def export_rows(session: Session, spec: ExportSpec, columns: Sequence[Column],
                cells: Cells) -> Iterator[tuple[Plan, Iterator[list[Any]]]]:
    """(the plan, the rows of `cells` in column order and export order) while the block runs."""
    total = fill_ids(session, spec.scope.select(session), everyone=spec.scope.everyone)
    cursor = session.connection().connection.cursor()
    try:
        if spec.channel is None:
            yield Plan(total, total), values(cursor, cells)
            return
        chosen = choose(session, cursor, spec)
        cursor.execute(f"DELETE FROM {IDS_TABLE} WHERE id NOT IN (SELECT value FROM json_each(?))",
                       (json.dumps(list(chosen.addresses)),))
        rows = values(cursor, cells, first="c.id")
        if spec.format == Format.VCF:  # one card per client, with all its addresses
            yield _plan(spec, chosen), (row[1:] for row in rows)
        else:
            takes = [(i, cells.convert[i]) for i, c in enumerate(columns) if c.takes_address]
            yield _plan(spec, chosen), _expand(rows, chosen.addresses, takes)
    finally:
        cursor.close()
        drop_ids(session)


def _plan(spec: ExportSpec, chosen: Chosen) -> Plan:
    clients = chosen.clients
    return Plan(clients, clients if spec.format == Format.VCF else chosen.rows, chosen.excluded)


# Every non-archived client in name order from the (sort_key) index alone, the few archived left out:
# the general form looked every card's row up by id for its sort key and then sorted them all
# (1,000,000 clients: 4.9 -> 1.4 s of CPU; 100,000: 0.40 -> 0.10 s). Named, because SQLite would
# otherwise take the archived index and look each card up the same way.
_EVERYONE = text(f"INSERT INTO {IDS_TABLE} (id, pos) SELECT c.id, row_number() OVER (ORDER BY c.sort_key, c.id) "
                 "FROM clients c INDEXED BY ix_clients_sort_key "
                 f"WHERE c.id NOT IN ({m.ARCHIVED_IDS})")


def fill_ids(session: Session, ids: Select[Any] | Sequence[int], *, everyone: bool = False) -> int:
    """Put the clients to export into the TEMP table (id, pos); returns how many.

    `pos` is the export order: a segment select sorted by name, a list of ids in its own order (the
    first place of an id given twice). A list goes in as one JSON parameter: one statement, not one
    per id.
    """
    drop_ids(session)
    session.execute(text(f"CREATE TEMP TABLE {IDS_TABLE} (id INTEGER PRIMARY KEY, pos INTEGER NOT NULL)"))
    if everyone:  # `ids` is then Scope.select's "every non-archived client"
        session.execute(_EVERYONE)
    elif isinstance(ids, Select):
        wanted = ids.order_by(None).subquery()
        ordered = select(m.Client.id, func.row_number().over(order_by=(m.Client.sort_key, m.Client.id))).where(
            m.Client.id.in_(select(wanted.c[0])))
        session.execute(insert(_IDS).from_select(["id", "pos"], ordered))
    else:
        session.execute(text(f"INSERT OR IGNORE INTO {IDS_TABLE}(id, pos) SELECT value, key FROM json_each(:ids)"),
                        {"ids": json.dumps([int(i) for i in ids])})
    return int(session.scalar(text(f"SELECT count(*) FROM {IDS_TABLE}")) or 0)


def drop_ids(session: Session) -> None:
    session.execute(text(f"DROP TABLE IF EXISTS {IDS_TABLE}"))


def values(cursor: Any, cells: Cells, first: str = "") -> Iterator[list[Any]]:
    """The rows of the clients in the ids table, in export order; `first`: an SQL expression put before
    the cells (e.g. "c.id")."""
    expressions = ", ".join([first] * bool(first) + cells.sql) or "NULL"
    cursor.execute(f"SELECT {expressions} FROM {IDS_TABLE} e CROSS JOIN clients c ON c.id = e.id "
                   f"LEFT JOIN client_stats st ON st.client_id = c.id ORDER BY e.pos")
    shift = 1 if first else 0
    converters = [(i + shift, convert) for i, convert in enumerate(cells.convert) if convert is not None]
    while chunk := cursor.fetchmany(FETCH):
        for raw in chunk:
            row = list(raw)
            for i, convert in converters:
                row[i] = convert(row[i])
            yield row


def choose(session: Session, cursor: Any, spec: ExportSpec, *, count_only: bool = False,
           should_cancel: Callable[[], bool] | None = None) -> Chosen:
    """The addresses of every client in the ids table, decided in export order (see the module docstring).

    `count_only` (a preview) keeps how many clients and rows, not the addresses: at 1,000,000 clients
    the dict of 480,000 address lists was a million objects to build, and freeing it at the end held
    the GIL (and the GUI thread with it) for a quarter of a second."""
    channel = spec.channel
    mailing = spec.mailing is not None
    details = EMAILS_JSON if channel == "email" else PHONES_JSON
    if mailing and spec.check_consent:
        latest = latest_consent_subquery("email" if channel == "email" else "sms")
        consent_sql = select(latest.c.client_id, latest.c.status).compile(
            dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True})
        cursor.execute(f"SELECT c.id, c.display_name, k.status, CASE WHEN k.status = 'granted' THEN {details} END "
                       f"FROM {IDS_TABLE} e CROSS JOIN clients c ON c.id = e.id "
                       f"LEFT JOIN ({consent_sql}) k ON k.client_id = c.id ORDER BY e.pos")
    else:
        cursor.execute(f"SELECT c.id, c.display_name, NULL, {details} FROM {IDS_TABLE} e "
                       f"CROSS JOIN clients c ON c.id = e.id ORDER BY e.pos")
    result = Chosen(counted=[0, 0] if count_only else None)
    used: set[str] = set()
    email = channel == "email"
    while chunk := cursor.fetchmany(FETCH):
        if should_cancel is not None and should_cancel():
            raise KnownError("export_cancelled")
        for client_id, name, state, found in chunk:
            found_rows = json.loads(found) if found else []
            if not mailing:
                every = ([address for address, _valid in found_rows] if email
                         else [phone_text(e164, raw or "", ext) for e164, raw, ext, _kind in found_rows])
                _keep(result, client_id, list(every) or [None])
                continue
            addresses, had_any = usable_from(channel or "email", found_rows)
            reason, picked = decide(state, addresses, had_any, used, per_address=spec.per_address,
                                    check_consent=spec.check_consent)
            if reason is not None:
                result.excluded.append(Excluded(client_id, str(name or ""), reason))
            else:
                _keep(result, client_id, list(picked))
    return result


def _keep(result: Chosen, client_id: int, addresses: list[str | None]) -> None:
    if result.counted is None:
        result.addresses[client_id] = addresses
    else:
        result.counted[0] += 1
        result.counted[1] += len(addresses)


def _expand(rows: Iterator[list[Any]], addresses: dict[int, list[str | None]],
            address_columns: list[tuple[int, Converter | None]]) -> Iterator[list[Any]]:
    """One row per chosen address, shown (as its column shows a value) in the columns that take one."""
    for row in rows:
        values_ = row[1:]
        for address in addresses[row[0]]:
            line = list(values_)
            if address is not None:
                for i, convert in address_columns:
                    line[i] = convert(address) if convert is not None else address
            yield line
