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
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy.orm import Session

from clientbook.core import settings
from clientbook.core.importing.fields import EXTRA, SKIP, Target, is_valid_target, targets_for
from clientbook.core.importing.headers import header_key
from clientbook.core.importing.normalize import is_empty
from clientbook.core.importing.values import Profile, looks_unnamed, profile
from clientbook.core.textnorm import fold

FUZZY_CUTOFF = 86
SETTING_PREFIX = "import.mapping."


@dataclass
class ColumnMapping:
    """Column index → target key; `custom_labels` names new custom fields ("custom:<label>")."""

    targets: dict[int, str] = field(default_factory=dict)
    suggested: dict[int, tuple[str, float, str]] = field(default_factory=dict)  # target, confidence, why

    def put(self, column: int, target: str, confidence: float, why: str) -> None:
        self.targets[column] = target
        self.suggested[column] = (target, round(confidence, 2), why)

    def confidence(self, column: int, target: str | None = None) -> float:
        """How sure the suggestion for this column is; a field the user chose (or remembered) is 1.0."""
        target = target or self.targets.get(column)
        suggested = self.suggested.get(column)
        return suggested[1] if suggested and suggested[0] == target else USER

    def why(self, column: int, target: str | None = None) -> str:
        target = target or self.targets.get(column)
        suggested = self.suggested.get(column)
        return suggested[2] if suggested and suggested[0] == target else "user"

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
# How sure a suggestion is (0..1): the header word alone, the values alone, or both agreeing.
EXACT, AGREED, USER = 0.95, 1.0, 1.0
WORD_PART, SUBSTRING = 0.7, 0.55
BY_VALUES = {"email": 0.85, "phone": 0.85, "date": 0.6, "names": 0.6, "yesno": 0.6, "code": 0.55}
KEPT = 0.55  # an unknown column kept in the notes: nothing is lost, nothing is claimed
UNNAMED = 0.3  # a name column whose values are digits or codes
HIGH, MEDIUM = 0.8, 0.55
NAME_TARGETS = ("full_name", "last_name", "first_name", "company_name")
_ID_TAIL = re.compile(r"(?:\bid|\bкод|\bcode|\bnumber|\bномер|\bno|\bnr|№)$")


def level(confidence: float) -> str:
    """"high", "medium" or "low", as the wizard and the dry run show it."""
    return "high" if confidence >= HIGH else "medium" if confidence >= MEDIUM else "low"


@dataclass(frozen=True)
class HeaderMatch:
    key: str
    confidence: float
    how: str  # header, header_fuzzy, header_part


def _key(header: str) -> str:
    return header_key(header)


def _exact(header: str, targets: tuple[Target, ...]) -> str | None:
    key = _key(header)
    return next((t.key for t in targets if key and key in t.synonyms), None)


@lru_cache(maxsize=256)
def _choices(targets: tuple[Target, ...]) -> tuple[dict[str, str], list[str]]:
    choices = {syn: t.key for t in targets for syn in t.synonyms if len(syn) >= 4}
    return choices, list(choices)


@lru_cache(maxsize=8192)
def match_header(header: str, targets: tuple[Target, ...]) -> HeaderMatch | None:
    """The field a header names: exactly, nearly (typos, rapidfuzz), or by a synonym inside it.
    Cached: the same headers are looked at by the sheet choice, the header search and the mapping."""
    key = _key(header)
    if not key:
        return None
    exact = _exact(header, targets)
    if exact:
        return HeaderMatch(exact, EXACT, "header")
    choices, words_list = _choices(targets)
    best = process.extractOne(key, words_list, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    if best:
        return HeaderMatch(choices[best[0]], 0.6 + (best[1] - FUZZY_CUTOFF) / (100 - FUZZY_CUTOFF) * 0.25,
                           "header_fuzzy")
    if _ID_TAIL.search(key) or _ID_TAIL.search(fold(header)):
        return None  # "Product ID" is an id of something else, not the product itself
    # "Телефон мобильный (основной)" contains a whole synonym: take the longest one contained
    padded = f" {key} "
    words = [(len(syn), t) for syn, t in choices.items() if len(syn) >= 4 and f" {syn} " in padded]
    if words:
        return HeaderMatch(max(words)[1], WORD_PART, "header_part")
    contained = [(len(syn), t) for syn, t in choices.items() if len(syn) >= 5 and syn in key]
    return HeaderMatch(max(contained)[1], SUBSTRING, "header_part") if contained else None


def _by_header(header: str, targets: tuple[Target, ...]) -> str | None:
    found = match_header(header, targets)
    return found.key if found else None


def sniff(values: Sequence[Any]) -> str | None:
    """"email" or "phone" when the values clearly are (≥ 80 % of the non-empty ones)."""
    kind = profile(values).kind
    return kind if kind in ("email", "phone") else None


# header targets the values may overrule (a header word is a weak hint for these)
_SOFT = ("notes", "address", "client_code", "full_name", "first_name", "last_name", "middle_name", "company_name",
         "position", "source", "tags", "flag", "city", "region")
_NAMEISH = ("full_name", "first_name", "last_name", "middle_name", "company_name", "position", "city", "source",
            "notes", "tags", "address", "region")


def _decide(match: HeaderMatch | None, prof: Profile, kind: str, headless: bool) -> tuple[str | None, float, str]:
    """(target or None, confidence, why) for one column, before conflicts between columns."""
    by_header = match.key if match else None
    conf, how = (match.confidence, match.how) if match else (0.0, "unknown")
    values = prof.kind if prof.clear else None
    if values in ("email", "phone"):
        if by_header is None or by_header in _SOFT or (values == "email" and by_header.startswith("phone")):
            return values, BY_VALUES[values], f"values_{values}"
        if by_header == values or by_header.startswith(values):
            return by_header, AGREED, how
    if values == "yesno" and (by_header is None or by_header in _NAMEISH or by_header == "flag"):
        return "flag", (AGREED if by_header in ("flag", "tags") else BY_VALUES["yesno"]), "values_yesno"
    if values == "code" and (by_header is None or by_header in NAME_TARGETS or by_header == "middle_name"):
        if by_header is None and not headless:
            return None, KEPT, "unknown"
        return "client_code", (BY_VALUES["code"] if by_header != "client_code" else AGREED), "values_code"
    if values == "date" and (by_header is None or by_header in _NAMEISH):
        if kind in ("purchases", "history"):
            return "date", BY_VALUES["date"], "values_date"
        return (("birthday", 0.5, "values_date") if headless else (None, KEPT, "values_date"))
    if values in ("number",) and by_header in _NAMEISH:
        return None, KEPT, "values_number"
    if by_header == "first_name" and values == "names" and kind == "clients":
        return "full_name", 0.85, "values_names"  # the header says a name, the values say a whole one
    if by_header is None and headless and values == "names":
        return "full_name", BY_VALUES["names"], "values_names"
    if by_header is not None:
        agrees = (by_header in ("birthday", "date", "due_date", "next_step_date") and values == "date") or \
                 (by_header in ("client_code", "inn") and values == "code")
        return by_header, AGREED if agrees and conf >= EXACT else conf, how
    return None, KEPT, how


def suggest(headers: Sequence[str], sample: Sequence[Sequence[Any]], kind: str = "clients") -> ColumnMapping:
    """A mapping a user would accept most of the time; unknown columns go to notes, not to the bin.
    Every column gets a confidence and the reason for its field (shown by the wizard and the CLI)."""
    targets = targets_for(kind)
    multi = {t.key for t in targets if t.multi}
    matches = {i: match_header(h, targets) for i, h in enumerate(headers)}
    exact = {i: (mt.key if mt and mt.how == "header" else None) for i, mt in matches.items()}
    used: set[str] = {t for t in exact.values() if t and t not in multi}
    unknown = EXTRA if kind == "clients" else SKIP
    result = ColumnMapping()
    columns = [[row[i] if i < len(row) else None for row in sample] for i in range(len(headers))]
    profiles = [profile(c) for c in columns]
    decided: dict[int, tuple[str | None, float, str]] = {}
    for i, header in enumerate(headers):
        headless = not header.strip() or bool(re.fullmatch(r"[A-Z]{1,3}", header))  # no header row
        decided[i] = _decide(matches[i], profiles[i], kind, headless)
    if kind == "clients" and "last_name" in {d[0] for d in decided.values()}:
        for i, (target, _conf, how) in decided.items():  # "Имя" beside "Фамилия" holding "Иван Петрович"
            if target == "full_name" and how == "values_names" and exact[i] == "first_name":
                decided[i] = ("first_name", EXACT, "header")
    if kind == "clients" and "client_code" in used:
        for i, (target, conf, how) in decided.items():  # the code column is known: other codes are notes
            if target == "client_code" and exact[i] != "client_code" and how == "values_code" and conf < EXACT:
                decided[i] = (None, KEPT, how)
    first_exact: dict[str, int] = {}
    for i, key in exact.items():  # "State" and "Region" both name the region: the first one wins
        if key and key not in multi and decided[i][0] == key:
            first_exact.setdefault(key, i)
    used = set(first_exact)
    for i in range(len(headers)):
        target, conf, how = decided[i]
        if target is not None and target in used and target not in multi and first_exact.get(target) != i:
            target, conf = None, KEPT
        if target is None:
            filled = any(not is_empty(v) for v in columns[i])
            target, conf, how = (unknown, KEPT, how) if filled else (SKIP, USER, "empty")
        if target in NAME_TARGETS and looks_unnamed(columns[i]):
            conf, how = min(conf, UNNAMED), "values_unnamed"
        used.add(target)
        result.put(i, target, conf, how)
    _prefer_name_parts(result)
    _only_date_column(result, profiles, kind)
    return result


def _prefer_name_parts(result: ColumnMapping) -> None:
    """With separate last/first name columns, a "Name" column is not a second full name."""
    if {"last_name", "first_name"} <= set(result.targets.values()):
        for i, t in list(result.targets.items()):
            if t == "full_name":
                result.put(i, EXTRA, KEPT, "name_parts")


def _only_date_column(result: ColumnMapping, profiles: Sequence[Profile], kind: str) -> None:
    """Purchases and history need a date: the one column of dates is it ("Ship Date", "Начало оказания")."""
    if kind not in ("purchases", "history") or "date" in result.targets.values():
        return
    dates = [i for i, p in enumerate(profiles) if p.clear and p.kind == "date"
             and result.targets.get(i) in (SKIP, EXTRA, None, "notes", "text", "subject")]
    if len(dates) >= 1:
        result.put(dates[0], "date", BY_VALUES["date"] if len(dates) == 1 else 0.45, "values_date")


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
