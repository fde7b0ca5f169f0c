"""The .xlsx writer: XlsxWriter in ``constant_memory`` mode, one row in memory at a time.

Styled bold header on a fill, first row frozen, autofilter over the data, widths from the header and
the first rows, real date cells (DD.MM.YYYY), money as numbers with two decimals, numbers as numbers,
yes/no as booleans, phones and every other text as text cells. Cells that could start a formula are
text cells with the quote-prefix style (see clientbook.core.exporting.safety); nothing is ever written
as a formula (every text goes through ``write_string``, never the guessing ``write``).

XlsxWriter is made for streaming writes and keeps its row data and the package's parts in temporary
files; they go into an owner-only folder beside the target (``tmpdir``), like the export's own temp
file, so the plaintext stays where the user chose to write it, and the folder is removed whatever
happens (XlsxWriter leaves its part files behind when the disk fills up). Each column gets its writer once, by its kind, so a cell
costs one type check and one XlsxWriter call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from clientbook.core.exporting.columns import Column
from clientbook.core.exporting.safety import TRIGGERS, is_safe_phone, private_folder

SAMPLE_ROWS = 200
MAX_WIDTH = 60
DATE_FORMAT = "DD.MM.YYYY"
MONEY_FORMAT = "#,##0.00"
_FORMULA_START = frozenset(TRIGGERS)
CellWriter = Callable[[int, int, Any], Any]


def write_xlsx(path: Path, columns: Sequence[Column], rows: Iterable[list[Any]], *, lang: str,
               sheet_title: str = "Clients", tick: Callable[[], None] | None = None) -> int:
    """Write rows (values in column order) to `path`; returns the number of data rows."""
    iterator = iter(rows)
    sample: list[list[Any]] = []
    for row in iterator:
        sample.append(row)
        if len(sample) >= SAMPLE_ROWS:
            break
    with private_folder(Path(path)) as scratch:
        return _write(path, scratch, columns, sample, iterator, lang=lang, sheet_title=sheet_title, tick=tick)


def _write(path: Path, scratch: Path, columns: Sequence[Column], sample: list[list[Any]],
           rest: Iterable[list[Any]], *, lang: str, sheet_title: str, tick: Callable[[], None] | None) -> int:
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "tmpdir": str(scratch)})
    sheet = workbook.add_worksheet(sheet_title[:31])
    header = workbook.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#305496", "pattern": 1,
                                  "bottom": 1, "bottom_color": "#1F3864", "valign": "vcenter"})
    styles = _Styles(workbook.add_format({"num_format": DATE_FORMAT}), workbook.add_format({"num_format": MONEY_FORMAT}),
                     workbook.add_format({"quote_prefix": True}))
    for index, column in enumerate(columns):
        sheet.set_column(index, index, _width(column, lang, [r[index] for r in sample]))
        sheet.write_string(0, index, column.header(lang), header)
    sheet.freeze_panes(1, 0)
    writers = [_writer(sheet, styles, column.kind) for column in columns]
    width = len(columns)
    count = 0
    for count, row in enumerate(_chain(sample, rest), start=1):
        if len(row) != width:
            raise ValueError(f"row of {len(row)} values for {width} columns")
        for index, value in enumerate(row):
            if value is not None and value != "":
                writers[index](count, index, value)
        if tick:
            tick()
    sheet.autofilter(0, 0, count, max(0, width - 1))
    try:
        workbook.close()
    except FileCreateError as exc:  # XlsxWriter wraps the OSError (a full disk, a read-only folder)
        raise (exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else exc) from None
    return count


class _Styles:
    def __init__(self, date: Format, money: Format, quoted: Format) -> None:
        self.date, self.money, self.quoted = date, money, quoted


def _chain(first: list[list[Any]], rest: Iterable[list[Any]]) -> Iterable[list[Any]]:
    yield from first
    yield from rest


def _width(column: Column, lang: str, values: list[Any]) -> float:
    longest = len(column.header(lang)) + 3
    for value in values:
        if isinstance(value, dt.date):
            longest = max(longest, 11)
        elif value is not None:
            longest = max(longest, min(len(str(value)), MAX_WIDTH))
    return float(min(MAX_WIDTH, max(column.width if not values else 8, longest + 1)))


def _writer(sheet: Worksheet, styles: _Styles, kind: str) -> CellWriter:
    """The cell writer of one column: the type its kind nearly always holds first, any other value by type."""
    write_string, write_number = sheet.write_string, sheet.write_number
    write_date, write_bool = sheet.write_datetime, sheet.write_boolean
    quoted = styles.quoted

    def text(row: int, col: int, value: str) -> Any:
        # text, never a formula; one that could start a formula also gets Excel's hidden apostrophe
        # (quote prefix), so it stays text when the cell is edited
        if value[:1] in _FORMULA_START:
            return write_string(row, col, value, quoted)
        return write_string(row, col, value)

    def phone(row: int, col: int, value: str) -> Any:
        if value[:1] == "+" and is_safe_phone(value):  # "+7…" cannot be a formula: no apostrophe
            return write_string(row, col, value)
        return text(row, col, value)

    def other(row: int, col: int, value: Any) -> Any:
        cls = value.__class__
        if cls is str:
            return phone(row, col, value) if kind == "phone" else text(row, col, value)
        if cls is bool:
            return write_bool(row, col, value)
        if isinstance(value, Decimal):
            return write_number(row, col, float(value), styles.money)
        if isinstance(value, int | float):
            return write_number(row, col, value)
        if isinstance(value, dt.date):
            day = value.date() if isinstance(value, dt.datetime) else value
            return write_date(row, col, day, styles.date)
        return text(row, col, str(value))

    if kind in ("text", "email"):
        return lambda r, c, v: text(r, c, v) if v.__class__ is str else other(r, c, v)
    if kind == "phone":
        return lambda r, c, v: phone(r, c, v) if v.__class__ is str else other(r, c, v)
    if kind == "date":
        return lambda r, c, v: write_date(r, c, v, styles.date) if v.__class__ is dt.date else other(r, c, v)
    if kind == "number":
        return lambda r, c, v: write_number(r, c, v) if v.__class__ is int else other(r, c, v)
    if kind == "money":
        return lambda r, c, v: write_number(r, c, float(v), styles.money) if v.__class__ is Decimal else other(r, c, v)
    if kind == "bool":
        return lambda r, c, v: write_bool(r, c, v) if v.__class__ is bool else other(r, c, v)
    return other
