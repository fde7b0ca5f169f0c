"""Mailing mode (SPEC §9, §17 check 19): only consenting recipients with a valid, unique address.

A client is excluded, with the first reason that applies:

- ``withdrawn``: the latest consent event for the channel is a withdrawal;
- ``no_consent``: there was never a consent event for the channel;
- ``no_address``: no e-mail / no phone at all;
- ``invalid``: addresses exist but none is usable (an e-mail marked invalid; for SMS a number that is
  not a mobile one: Russian numbers must be +79…, others are checked with libphonenumber);
- ``duplicate``: every usable address was already given to an earlier row.

Overriding the consent checks needs ``confirmed=True`` and is written to the audit. The addresses come
from one query (exporting.rows); this module holds only the rules.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import phonenumbers

REASONS = ("withdrawn", "no_consent", "no_address", "invalid", "duplicate")
REASON_TITLES = {
    "withdrawn": ("согласие отозвано", "consent withdrawn"),
    "no_consent": ("нет согласия", "no consent"),
    "no_address": ("нет адреса", "no address"),
    "invalid": ("адрес неверен", "invalid address"),
    "duplicate": ("адрес повторяется", "duplicate address"),
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)  # slots: a mailing preview of 1 M clients holds 700,000 of them
class Excluded:
    client_id: int
    name: str
    reason: str


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


def usable_from(channel: str, found: Sequence[Sequence[Any]]) -> tuple[list[str], bool]:
    """(usable addresses in priority order, whether the client had any address at all) from the
    client's address rows: (address, valid) for e-mail, (e164, raw, extension, kind) for SMS."""
    if channel == "email":
        present = [(address, valid) for address, valid in found if address]
        return [a for a, valid in present if valid and _EMAIL.match(a)], bool(present)
    numbers = [(e164, ext, kind) for e164, raw, ext, kind in found if e164 or raw]
    usable = [e164 for e164, ext, kind in numbers if e164 and not ext and kind != "fax" and is_mobile(e164)]
    return list(dict.fromkeys(usable)), bool(numbers)


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
