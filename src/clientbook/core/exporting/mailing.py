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

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import phonenumbers
from sqlalchemy import select
from sqlalchemy.orm import Session

from clientbook.core.consents import latest_consent_subquery
from clientbook.core.exporting.records import ClientRecord, EmailRow, PhoneRow

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


@functools.lru_cache(maxsize=4096)
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
    return usable_from(channel, record.emails, record.phones)


def usable_from(channel: str, emails: Sequence[EmailRow], phones: Sequence[PhoneRow]) -> tuple[list[str], bool]:
    """usable_addresses() from the address rows alone: the record path and the SQL path (exporting.addressed)
    share it, so both choose the same addresses."""
    if channel == "email":
        present = [e for e in emails if e.address]
        return [e.address for e in present if e.valid and _EMAIL.match(e.address)], bool(present)
    numbers = [p for p in phones if p.e164 or p.raw]
    usable = [p.e164 for p in numbers if p.e164 and not p.extension and p.kind not in ("fax",) and is_mobile(p.e164)]
    return list(dict.fromkeys(u for u in usable if u)), bool(numbers)


def decide(state: str | None, addresses: list[str], had_any: bool, used: set[str], *, per_address: bool,
           check_consent: bool) -> tuple[str | None, list[str]]:
    """(reason the client is excluded or None, the addresses of its rows); `used` collects the casefolded
    addresses already given to earlier rows, so the order of the calls is the export order."""
    if check_consent and state != "granted":
        return ("withdrawn" if state == "withdrawn" else "no_consent"), []
    if not addresses:
        return ("invalid" if had_any else "no_address"), []
    fresh = [a for a in addresses if a.casefold() not in used]
    if not fresh:
        return "duplicate", []
    chosen = fresh if per_address else fresh[:1]
    used.update(a.casefold() for a in chosen)
    return None, chosen


def select_recipients(session: Session, records: list[ClientRecord], channel: str, *, per_address: bool,
                      check_consent: bool = True) -> MailingSelection:
    states = consent_states(session, channel, [r.id for r in records]) if check_consent else {}
    selection = MailingSelection([])
    used: set[str] = set()
    for record in records:
        addresses, had_any = usable_addresses(record, channel)
        reason, chosen = decide(states.get(record.id), addresses, had_any, used, per_address=per_address,
                                check_consent=check_consent)
        if reason is not None:
            selection.excluded.append(Excluded(record.id, str(record.fields.get("display_name") or ""), reason))
        selection.rows.extend((record, address) for address in chosen)
    return selection
