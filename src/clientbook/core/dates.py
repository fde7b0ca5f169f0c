"""Dates as people type them, read by one parser with one two-digit-year rule.

The card, the CLI, segment values and the importer all read "01.04.85", "1985-04-01" or
"1 апреля 1985" here, so the same text never means two different days in two places. Callers
add their own limits (a birthday is not in the future) and their own way to report a problem.
"""

from __future__ import annotations

import datetime as dt
import re

# A numeric date, day/month/year in either order or ISO year first; a time after it is ignored.
NUMERIC_DATE = re.compile(r"^(\d{1,4})[./\-](\d{1,2})[./\-](\d{1,4})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?$", re.IGNORECASE)
_SHORT_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})$")  # day and month, no year
_NO_YEAR_ISO = re.compile(r"^--(\d{2})-(\d{2})$")  # vCard / ISO 8601 date without a year
_TEXT_DATE = re.compile(r"^(\d{1,2})\s+([a-zа-я]+)\.?,?\s+(\d{4})(?:\s*г\.?)?$")
_TEXT_DATE_EN = re.compile(r"^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_MONTHS = {
    **{m: i + 1 for i, m in enumerate(("янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт",
                                       "ноя", "дек"))},
    "май": 5, "march": 3,
    **{m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                       "nov", "dec"))},
}
EARLIEST_YEAR = 1800
LATEST_YEAR = 2200


class UnreadableDateError(ValueError):
    """The text is no date; `code` is the message code to show ("date_invalid", "import_date_ambiguous")."""

    def __init__(self, code: str = "date_invalid") -> None:
        super().__init__(code)
        self.code = code


def full_year(two_digits: int, today: dt.date | None = None) -> int:
    """The latest year ending in these digits that is not after this year ("85" → 1985; in 2026 "26" → 2026
    and "27" → 1927): birthdays, purchases and history lie in the past, so "85" is never 2085."""
    this_year = (today or dt.date.today()).year
    year = this_year - this_year % 100 + two_digits
    return year if year <= this_year else year - 100


def parse_day_month_year(text: str, order: str | None = "dmy", *, allow_no_year: bool = False,
                         today: dt.date | None = None) -> tuple[int, int, int | None]:
    """(day, month, year-or-None) of a typed date; raises UnreadableDateError.

    `order` is how the writer puts day and month ("dmy", as in Russia; "mdy"; None: decide from the
    value, ambiguous when both parts are 12 or less). A year-less date ("01.04", "--04-01") is read
    only with `allow_no_year`. The day must exist (29 February only in a leap year or without one).
    """
    text = text.strip().lower()
    if m := NUMERIC_DATE.match(text):
        a, b, c = m.group(1), m.group(2), m.group(3)
        if len(a) == 4:
            return _checked(int(c), int(b), int(a))
        x, y, year = int(a), int(b), int(c)
        if len(c) == 2:
            year = full_year(year, today)
        if order == "dmy":
            return _checked(x, y, year)
        if order == "mdy":
            return _checked(y, x, year)
        if x > 12 >= y or x == y:
            return _checked(x, y, year)
        if y > 12 >= x:
            return _checked(y, x, year)
        raise UnreadableDateError("import_date_ambiguous")
    if allow_no_year:
        if m := _SHORT_DATE.match(text):
            day, month = (int(m.group(2)), int(m.group(1))) if order == "mdy" else (int(m.group(1)), int(m.group(2)))
            return _checked(day, month, None)
        if m := _NO_YEAR_ISO.match(text):
            return _checked(int(m.group(2)), int(m.group(1)), None)
    if m := _TEXT_DATE.match(text):
        return _checked(int(m.group(1)), _month(m.group(2)), int(m.group(3)))
    if m := _TEXT_DATE_EN.match(text):
        return _checked(int(m.group(2)), _month(m.group(1)), int(m.group(3)))
    raise UnreadableDateError()


def _month(word: str) -> int:
    for prefix, number in _MONTHS.items():
        if word.startswith(prefix[:3]) and (len(prefix) <= 3 or word.startswith(prefix)):
            return number
    raise UnreadableDateError()


def _checked(day: int, month: int, year: int | None) -> tuple[int, int, int | None]:
    try:
        dt.date(year or 2000, month, day)  # 2000 is a leap year: 29 February without a year is fine
    except ValueError as exc:
        raise UnreadableDateError() from exc
    if year is not None and not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise UnreadableDateError()
    return day, month, year
