"""Column → field mapping: suggested from header words (exact, then fuzzy with rapidfuzz), checked
against the values (a column of phones is a phone column whatever its header says), and remembered
per header signature so the same export maps itself next time.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy.orm import Session

from clientbook.core import settings
from clientbook.core.importing.fields import EXTRA, SKIP, Target, is_valid_target, targets_for
from clientbook.core.importing.normalize import cell_text, is_empty, phone_texts
from clientbook.core.textnorm import digits, fold

FUZZY_CUTOFF = 86
SETTING_PREFIX = "import.mapping."
_EMAILISH = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONEISH = re.compile(r"^\+?[\d\s()\-.]{7,20}(?:\s*(?:x|ext\.?|доб\.?)\s*\d{1,6})?$", re.IGNORECASE)


@dataclass
class ColumnMapping:
    """Column index → target key; `custom_labels` names new custom fields ("custom:<label>")."""

    targets: dict[int, str] = field(default_factory=dict)

    def to_json(self, headers: Sequence[str]) -> dict[str, str]:
        return {headers[i]: t for i, t in sorted(self.targets.items()) if i < len(headers)}

    @classmethod
    def from_json(cls, data: dict[str, str], headers: Sequence[str]) -> ColumnMapping:
        """Keys are header names (or column numbers from 1, or letters A, B…); values are targets."""
        index = {fold(h): i for i, h in enumerate(headers)}
        targets: dict[int, str] = {}
        for key, target in data.items():
            if not is_valid_target(str(target)):
                raise ValueError(f"unknown field {target!r}")
            column = _column_index(str(key), index)
            if column is None:
                raise ValueError(f"no column {key!r}")
            targets[column] = str(target)
        return cls(targets)


def _column_index(key: str, index: dict[str, int]) -> int | None:
    if fold(key) in index:
        return index[fold(key)]
    if key.isdigit():
        return int(key) - 1
    if re.fullmatch(r"[A-Za-z]{1,3}", key):
        n = 0
        for ch in key.upper():
            n = n * 26 + ord(ch) - 64
        return n - 1
    return None


def header_signature(headers: Sequence[str], kind: str) -> str:
    canonical = json.dumps([kind, [fold(h) for h in headers]], ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:40]


def remembered(session: Session, headers: Sequence[str], kind: str) -> ColumnMapping | None:
    data = settings.get(session, SETTING_PREFIX + header_signature(headers, kind))
    if not isinstance(data, dict):
        return None
    targets = {int(k): v for k, v in data.items() if str(k).isdigit() and is_valid_target(str(v))}
    return ColumnMapping(targets) if targets else None


def remember(session: Session, headers: Sequence[str], kind: str, mapping: ColumnMapping) -> None:
    settings.put(session, SETTING_PREFIX + header_signature(headers, kind),
                 {str(i): t for i, t in mapping.targets.items()})


# ---- suggestion --------------------------------------------------------------------------------
def _exact(header: str, targets: Sequence[Target]) -> str | None:
    key = fold(header).strip(" :*№#")
    return next((t.key for t in targets if key and key in t.synonyms), None)


def _by_header(header: str, targets: Sequence[Target]) -> str | None:
    key = fold(header).strip(" :*№#")
    if not key:
        return None
    exact = _exact(header, targets)
    if exact:
        return exact
    choices = {syn: t.key for t in targets for syn in t.synonyms if len(syn) >= 4}
    best = process.extractOne(key, list(choices), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    if best:
        return choices[best[0]]
    if re.search(r"(?:\bid|\bкод|\bnumber|\bномер|№)$", key):
        return None  # "Product ID" is an id of something else, not the product itself
    # "Телефон мобильный (основной)" contains a whole synonym: take the longest one contained
    contained = [(len(syn), t) for syn, t in choices.items() if len(syn) >= 5 and syn in key]
    return max(contained)[1] if contained else None


_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’\-.]*$")


def _looks_like_names(values: Sequence[Any]) -> bool:
    filled = [v for v in values if isinstance(v, str) and not is_empty(v)]
    if len(filled) < 3:
        return False
    good = sum(1 for v in filled if 2 <= len(v.split()) <= 4 and all(_NAME_WORD.match(w) for w in v.split()))
    return good >= 0.8 * len(filled)


def sniff(values: Sequence[Any]) -> str | None:
    """What the values of a column are, when it is clear (≥ 80 % of the non-empty ones)."""
    filled = [v for v in values if not is_empty(v)]
    if len(filled) < 3:
        return None
    emails = sum(1 for v in filled if isinstance(v, str) and _EMAILISH.match(v.strip()))
    phones = 0
    for v in filled:
        texts = phone_texts(v) if isinstance(v, str | float | int) and not isinstance(v, bool) else []
        if texts and all(_PHONEISH.match(t) and 10 <= len(digits(t.split("x")[0])) <= 15 for t in texts):
            phones += 1
    if emails >= 0.8 * len(filled):
        return "email"
    if phones >= 0.8 * len(filled) and sum(isinstance(v, str) for v in filled) >= 0.5 * len(filled):
        return "phone"
    if phones >= 0.8 * len(filled) and all(isinstance(v, float) and 1e9 <= v < 1e13 for v in filled):
        return "phone"  # Excel turned the numbers into floats
    return None


def suggest(headers: Sequence[str], sample: Sequence[Sequence[Any]], kind: str = "clients") -> ColumnMapping:
    """A mapping a user would accept most of the time; unknown columns go to notes, not to the bin."""
    targets = targets_for(kind)
    multi = {t.key for t in targets if t.multi}
    exact = {i: _exact(h, targets) for i, h in enumerate(headers)}
    used: set[str] = {t for t in exact.values() if t and t not in multi}
    unknown = EXTRA if kind == "clients" else SKIP
    result: dict[int, str] = {}
    for i, header in enumerate(headers):
        column = [row[i] if i < len(row) else None for row in sample]
        by_header = exact[i] or _by_header(header, targets)
        by_values = sniff(column)
        target = by_header
        if by_values and (by_header is None or by_header in ("notes", "address", "client_code", "full_name",
                                                               "position", "source")):
            target = by_values
        if by_values == "email" and by_header and by_header.startswith("phone"):
            target = "email"
        headless = not header.strip() or bool(re.fullmatch(r"[A-Z]{1,3}", header))  # no header row
        if target is None and headless and not ({"full_name", "last_name", "first_name"} & used) \
                and _looks_like_names(column):
            target = "full_name"
        if target is None or (target in used and target not in multi and exact[i] != target):
            target = unknown if any(not is_empty(v) for v in column) else SKIP
        used.add(target)
        result[i] = target
    _prefer_name_parts(result)
    return ColumnMapping(result)


def _prefer_name_parts(result: dict[int, str]) -> None:
    """With separate last/first name columns, a "Name" column is not a second full name."""
    if {"last_name", "first_name"} <= set(result.values()):
        for i, t in result.items():
            if t == "full_name":
                result[i] = EXTRA


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def preview_text(value: Any) -> str:
    return cell_text(value)
