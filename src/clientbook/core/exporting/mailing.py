"""Mailing mode (SPEC §9, §17 check 19): only consenting recipients with a valid, unique address.

A client is excluded, with the first reason that applies:

- ``withdrawn``: the latest consent event for the channel is a withdrawal;
- ``no_consent``: there was never a consent event for the channel;
- ``no_address``: no e-mail / no phone at all;
- ``invalid``: addresses exist but none is usable (an e-mail marked invalid; for SMS a number that is
  not a mobile one: Russian numbers must be +79…, others are checked with libphonenumber);
- ``duplicate``: every usable address was already given to an earlier row.

Overriding the consent checks needs ``confirmed=True`` and is written to the audit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import phonenumbers
from sqlalchemy import select
from sqlalchemy.orm import Session

from clientbook.core.consents import latest_consent_subquery
from clientbook.core.exporting.records import ClientRecord

CHANNELS = ("email", "sms")
REASONS = ("withdrawn", "no_consent", "no_address", "invalid", "duplicate")
REASON_TITLES = {
    "withdrawn": ("согласие отозвано", "consent withdrawn"),
    "no_consent": ("нет согласия", "no consent"),
    "no_address": ("нет адреса", "no address"),
    "invalid": ("адрес неверен", "invalid address"),
    "duplicate": ("адрес повторяется", "duplicate address"),
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Excluded:
    client_id: int
    name: str
    reason: str


@dataclass
class MailingSelection:
    rows: list[tuple[ClientRecord, str | None]]
    excluded: list[Excluded] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        result = dict.fromkeys(REASONS, 0)
        for item in self.excluded:
            result[item.reason] += 1
        return result


def consent_states(session: Session, channel: str, client_ids: Sequence[int]) -> dict[int, str]:
    """Latest consent status per client for the channel (a client without events is absent)."""
    latest = latest_consent_subquery("email" if channel == "email" else "sms")
    wanted = set(client_ids)
    return {int(cid): str(status) for cid, status in session.execute(select(latest.c.client_id, latest.c.status))
            if cid in wanted}


def is_mobile(e164: str) -> bool:
    if e164.startswith("+7"):
        return e164.startswith("+79") and len(e164) == 12
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(number) in (phonenumbers.PhoneNumberType.MOBILE,
                                                phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def usable_addresses(record: ClientRecord, channel: str) -> tuple[list[str], bool]:
    """(usable addresses in priority order, whether the client had any address at all)."""
    if channel == "email":
        present = [e for e in record.emails if e.address]
        return [e.address for e in present if e.valid and _EMAIL.match(e.address)], bool(present)
    phones = [p for p in record.phones if p.e164 or p.raw]
    usable = [p.e164 for p in phones if p.e164 and not p.extension and p.kind not in ("fax",) and is_mobile(p.e164)]
    return list(dict.fromkeys(u for u in usable if u)), bool(phones)


def select_recipients(session: Session, records: list[ClientRecord], channel: str, *, per_address: bool,
                      check_consent: bool = True) -> MailingSelection:
    states = consent_states(session, channel, [r.id for r in records]) if check_consent else {}
    selection = MailingSelection([])
    used: set[str] = set()
    for record in records:
        name = str(record.fields.get("display_name") or "")
        if check_consent:
            state = states.get(record.id)
            if state != "granted":
                selection.excluded.append(Excluded(record.id, name, "withdrawn" if state == "withdrawn" else "no_consent"))
                continue
        addresses, had_any = usable_addresses(record, channel)
        if not addresses:
            selection.excluded.append(Excluded(record.id, name, "invalid" if had_any else "no_address"))
            continue
        fresh = [a for a in addresses if a.casefold() not in used]
        if not fresh:
            selection.excluded.append(Excluded(record.id, name, "duplicate"))
            continue
        chosen = fresh if per_address else fresh[:1]
        for address in chosen:
            used.add(address.casefold())
            selection.rows.append((record, address))
    return selection
