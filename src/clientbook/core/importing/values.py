"""What the values of a column are, whatever its header says: e-mails, phones, dates, yes/no,
codes, people's names (two to four words), plain numbers.

The importer trusts values over header words for the cases that hurt most: a column of 1/0 under
"ВИП клиент:" is a flag, not the name (cards were named "1.0"); a column of CT01 or 29.0 is a code;
a column of dates is a date whatever its header.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from clientbook.core.importing.normalize import (
    YES_NO_WORDS,
    DateOrder,
    cell_text,
    is_empty,
    phone_texts,
    read_datetime,
)
from clientbook.core.textnorm import digits, fold

CLEAR_SHARE = 0.8  # a kind is "clear" when this share of the non-empty values has it
MIN_VALUES = 3
_YES_NO = YES_NO_WORDS - {"д", "н", "v"}  # single letters are initials in a name column
_EMAILISH = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONEISH = re.compile(r"^\+?[\d\s()\-.]{7,20}(?:\s*(?:x|ext\.?|доб\.?)\s*\d{1,6})?$", re.IGNORECASE)
_CODE = re.compile(r"^[^\W\d_]{0,4}[-_/.#]?\d[\w\-/.#]*$")
_DECIMAL = re.compile(r"^-?\d+[.,]\d*[1-9]\d*$")
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’\-.]*$")


@dataclass(frozen=True)
class Profile:
    kind: str | None  # email, phone, date, yesno, code, names, words, number, text; None = too few values
    share: float  # of the non-empty values that have `kind`
    filled: int
    example: str  # one value as the user typed it, for a warning line

    @property
    def clear(self) -> bool:
        return self.kind is not None and self.share >= CLEAR_SHARE


def _is_phone(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, str | float | int):
        return False
    texts = phone_texts(value)
    return bool(texts) and all(_PHONEISH.match(t) and 10 <= len(digits(t.split("x")[0])) <= 15 for t in texts)


def _is_date(value: Any) -> bool:
    if isinstance(value, dt.date):
        return True
    if not isinstance(value, str) or value.strip().isdigit() or len(value) > 40 or not any(c.isdigit() for c in value):
        return False
    day, _, problem = read_datetime(value, DateOrder(), False)
    return day is not None or (problem is not None and problem.code == "import_date_ambiguous")


def _is_code(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, float):
        return value.is_integer() and abs(value) < 1e15
    text = cell_text(value).strip()
    return 0 < len(text) <= 24 and bool(_CODE.match(text)) and not _DECIMAL.match(text)


def is_yes_no(value: Any) -> bool:
    return isinstance(value, bool) or fold(cell_text(value)).strip(" .") in _YES_NO


def is_name_words(value: Any, low: int = 2, high: int = 4) -> bool:
    if not isinstance(value, str):
        return False
    words = value.split()
    return low <= len(words) <= high and all(_NAME_WORD.match(w) for w in words)


def _share(filled: Sequence[Any], test: Any) -> float:
    return sum(1 for v in filled if test(v)) / len(filled)


def profile(values: Sequence[Any]) -> Profile:
    """The clearest kind of the column's values (checked from the most specific to the loosest)."""
    filled = [v for v in values if not is_empty(v)]
    if len(filled) < MIN_VALUES:
        return Profile(None, 0.0, len(filled), cell_text(filled[0]) if filled else "")
    example = cell_text(filled[0])[:40]
    strings = sum(isinstance(v, str) for v in filled) / len(filled)
    email = _share(filled, lambda v: isinstance(v, str) and bool(_EMAILISH.match(v.strip())))
    if email >= CLEAR_SHARE:
        return Profile("email", email, len(filled), example)
    phone = _share(filled, _is_phone)
    big_floats = all(isinstance(v, float) and 1e9 <= v < 1e13 for v in filled)  # Excel turned them into floats
    if phone >= CLEAR_SHARE and (strings >= 0.5 or big_floats):
        return Profile("phone", phone, len(filled), example)
    distinct = {fold(cell_text(v)) for v in filled}
    yes_no = _share(filled, is_yes_no)
    if yes_no >= 0.95 and len(distinct) <= 2 and len(filled) >= MIN_VALUES:
        return Profile("yesno", yes_no, len(filled), example)
    date = _share(filled, _is_date)
    if date >= CLEAR_SHARE:
        return Profile("date", date, len(filled), example)
    code = _share(filled, _is_code)
    if code >= CLEAR_SHARE:
        return Profile("code", code, len(filled), example)
    number = _share(filled, lambda v: isinstance(v, int | float) and not isinstance(v, bool)
                    or isinstance(v, str) and bool(_DECIMAL.match(v.strip())))
    if number >= CLEAR_SHARE:
        return Profile("number", number, len(filled), example)
    names = _share(filled, is_name_words)
    if names >= CLEAR_SHARE:
        return Profile("names", names, len(filled), example)
    words = _share(filled, lambda v: is_name_words(v, 1, 1))
    if words >= CLEAR_SHARE:
        return Profile("words", words, len(filled), example)
    return Profile("text", 1.0, len(filled), example)


def looks_unnamed(values: Sequence[Any]) -> bool:
    """Cards named from these values would be named by digits, codes, dates or yes/no marks."""
    filled = [v for v in values if not is_empty(v)]
    if not filled:
        return False
    bad = sum(1 for v in filled if not any(ch.isalpha() for ch in cell_text(v)) or _is_code(v) or is_yes_no(v))
    return bad >= 0.5 * len(filled)
