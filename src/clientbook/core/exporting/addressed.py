"""Mailing mode and one row per address in .xlsx / .csv without loading a record per client.

Loading 100,000 ClientRecord objects to pick the recipients of an e-mail mailing took longer than the
whole target time of a .csv export and held ~280 MB. Here two queries over the ids TEMP table do it:

1. per client, in export order: its name, its latest consent state for the channel
   (consents.latest_consent_subquery) and — only when that state lets it through — its addresses for
   the channel as one JSON array. Python picks the addresses with the very code the record path uses
   (mailing.usable_from and mailing.decide: validity, consent, duplicates in export order) and keeps
   only the chosen addresses per client and the excluded with their reasons.
2. the excluded leave the ids table, and the column values of the rest come from the query of the
   one-row-per-client export (exporting.flat); each chosen address makes one row, shown in the
   columns that take an address (e-mail, phone).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from clientbook.core.consents import latest_consent_subquery
from clientbook.core.exporting import flat
from clientbook.core.exporting.columns import EMAIL_ORDER, PHONE_ORDER, Column, phone_text
from clientbook.core.exporting.mailing import Excluded, decide, usable_from
from clientbook.core.exporting.records import IDS_TABLE, EmailRow, PhoneRow, drop_ids, fill_ids

FETCH = 2000
_EMAILS_JSON = (f"(SELECT json_group_array(json_array(m.address, m.valid) ORDER BY {EMAIL_ORDER}) "
                f"FROM emails m WHERE m.client_id = c.id)")
_PHONES_JSON = (f"(SELECT json_group_array(json_array(p.e164, p.raw, p.extension, p.kind) ORDER BY {PHONE_ORDER}) "
                f"FROM phones p WHERE p.client_id = c.id)")


@dataclass
class Chosen:
    """Who gets rows and with which addresses ([None]: one row without an address), and who is left out."""

    addresses: dict[int, list[str | None]] = field(default_factory=dict)
    excluded: list[Excluded] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(len(a) for a in self.addresses.values())


@contextlib.contextmanager
def addressed_rows(session: Session, ids: Select[tuple[int]] | Sequence[int], columns: Sequence[Column],
                   channel: str, *, mailing: bool, per_address: bool,
                   check_consent: bool) -> Iterator[tuple[Chosen, Iterator[list[Any]]]]:
    """(the choice, the value rows in column order and export order) while the block runs.

    `mailing`: only the usable addresses of consenting clients (consent checked unless `check_consent` is
    False), each address once; otherwise every address of the channel, and one row without an address
    for a client that has none.
    """
    fill_ids(session, ids)
    cursor = session.connection().connection.cursor()
    try:
        chosen = choose(session, cursor, channel, mailing=mailing, per_address=per_address,
                        check_consent=check_consent)
        cursor.execute(f"DELETE FROM {IDS_TABLE} WHERE id NOT IN (SELECT value FROM json_each(?))",
                       (json.dumps(list(chosen.addresses)),))
        yield chosen, _expand(flat.values(cursor, columns, first="c.id"), chosen.addresses,
                              [i for i, c in enumerate(columns) if c.takes_address])
    finally:
        cursor.close()
        drop_ids(session)


def choose(session: Session, cursor: Any, channel: str, *, mailing: bool, per_address: bool,
           check_consent: bool) -> Chosen:
    """The addresses of every client in the ids table, decided in export order (see the module docstring)."""
    details = _EMAILS_JSON if channel == "email" else _PHONES_JSON
    if mailing and check_consent:
        latest = latest_consent_subquery("email" if channel == "email" else "sms")
        consent_sql = select(latest.c.client_id, latest.c.status).compile(
            dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True})
        cursor.execute(f"SELECT c.id, c.display_name, k.status, CASE WHEN k.status = 'granted' THEN {details} END "
                       f"FROM {IDS_TABLE} e JOIN clients c ON c.id = e.id "
                       f"LEFT JOIN ({consent_sql}) k ON k.client_id = c.id ORDER BY e.pos")
    else:
        cursor.execute(f"SELECT c.id, c.display_name, NULL, {details} FROM {IDS_TABLE} e "
                       f"JOIN clients c ON c.id = e.id ORDER BY e.pos")
    result = Chosen()
    used: set[str] = set()
    while chunk := cursor.fetchmany(FETCH):
        for client_id, name, state, found in chunk:
            emails, phones = _address_rows(channel, found)
            if not mailing:
                every = ([e.address for e in emails] if channel == "email"
                         else [phone_text(p.e164, p.raw, p.extension) for p in phones])
                result.addresses[client_id] = list(every) or [None]
                continue
            addresses, had_any = usable_from(channel, emails, phones)
            reason, picked = decide(state, addresses, had_any, used, per_address=per_address,
                                    check_consent=check_consent)
            if reason is not None:
                result.excluded.append(Excluded(client_id, str(name or ""), reason))
            else:
                result.addresses[client_id] = list(picked)
    return result


def _address_rows(channel: str, found: str | None) -> tuple[list[EmailRow], list[PhoneRow]]:
    """The JSON array of the details query as the rows records.load_records would give."""
    if not found:
        return [], []
    if channel == "email":
        return [EmailRow(address, bool(valid), None) for address, valid in json.loads(found)], []
    return [], [PhoneRow(e164, raw or "", ext, kind or "mobile", None) for e164, raw, ext, kind in json.loads(found)]


def _expand(rows: Iterator[list[Any]], addresses: dict[int, list[str | None]],
            address_columns: list[int]) -> Iterator[list[Any]]:
    for row in rows:
        values = row[1:]
        for address in addresses[row[0]]:
            line = list(values)
            if address is not None:
                for i in address_columns:
                    line[i] = address
            yield line
