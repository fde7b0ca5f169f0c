"""The .xlsx writer: openpyxl in write-only mode, so 100,000 rows stream instead of sitting in memory.

Styled bold header on a fill, first row frozen, autofilter over the data, widths from the header and
the first rows, real date cells (DD.MM.YYYY), money as numbers with two decimals, phones and every other
text as text cells. Cells that could start a formula are text cells with the quote-prefix style (see
clientbook.core.exporting.safety).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet import _writer as _writer_module
from openpyxl.worksheet._writer import WorksheetWriter

from clientbook.core.exporting.columns import Column
from clientbook.core.exporting.safety import is_dangerous, is_safe_phone, private_scratch

SAMPLE_ROWS = 200
MAX_WIDTH = 60
DATE_FORMAT = "DD.MM.YYYY"
MONEY_FORMAT = "#,##0.00"


def write_xlsx(path: Path, columns: Sequence[Column], rows: Iterable[list[Any]], *, lang: str,
               sheet_title: str = "Clients", tick: Callable[[], None] | None = None) -> int:
    """Write rows (values in column order) to `path`; returns the number of data rows."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title[:31])
    iterator = iter(rows)
    sample: list[list[Any]] = []
    for row in iterator:
        sample.append(row)
        if len(sample) >= SAMPLE_ROWS:
            break
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = _width(column, lang, [r[index - 1] for r in sample])
    ws.freeze_panes = "A2"
    with private_scratch(path) as scratch:
        # openpyxl streams the sheet to a temp file; ours is owner-only, beside the target, always removed
        _writer_module.ALL_TEMP_FILES.append(str(scratch))  # openpyxl's cleanup() expects it listed
        try:
            return _write_sheet(wb, ws, path, scratch, columns, _chain(sample, iterator), lang, tick)
        finally:
            if str(scratch) in _writer_module.ALL_TEMP_FILES:
                _writer_module.ALL_TEMP_FILES.remove(str(scratch))


def _write_sheet(wb: Workbook, ws: Any, path: Path, scratch: Path, columns: Sequence[Column],
                 rows: Iterable[list[Any]], lang: str, tick: Callable[[], None] | None) -> int:
    ws._writer = WorksheetWriter(ws, out=str(scratch))
    ws._writer.write_top()
    ws.append(_header(ws, columns, lang))
    makers = [_cell_maker(ws, column) for column in columns]
    count = 0
    for row in rows:
        ws.append([make(value) for make, value in zip(makers, row, strict=True)])
        count += 1
        if tick:
            tick()
    last = get_column_letter(max(1, len(columns)))
    ws.auto_filter.ref = f"A1:{last}{count + 1}"
    wb.save(str(path))
    return count


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


def _header(ws: Any, columns: Sequence[Column], lang: str) -> list[WriteOnlyCell]:
    font = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="305496")
    border = Border(bottom=Side(style="thin", color="1F3864"))
    cells = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=column.header(lang))
        cell.data_type = "s"
        cell.font, cell.fill, cell.border = font, fill, border
        cell.alignment = Alignment(vertical="center", wrap_text=False)
        cells.append(cell)
    return cells


def _cell_maker(ws: Any, column: Column) -> Callable[[Any], Any]:
    """How one column's values become cells; plain values when no style is needed (fast path)."""

    def text_cell(value: str) -> Any:
        if not is_dangerous(value) or (column.kind == "phone" and is_safe_phone(value)):
            return value  # a plain string cell; "+7…" in a phone column stays a text cell
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"  # text, never a formula
        cell.quotePrefix = True  # Excel's hidden apostrophe: stays text even when the cell is edited
        return cell

    def make(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, str):
            return text_cell(value) if value else None
        if isinstance(value, bool):
            return value
        if isinstance(value, dt.date):
            cell = WriteOnlyCell(ws, value=value if not isinstance(value, dt.datetime) else value.date())
            cell.number_format = DATE_FORMAT
            return cell
        if isinstance(value, Decimal):
            cell = WriteOnlyCell(ws, value=float(value))
            cell.number_format = MONEY_FORMAT
            return cell
        return value

    return make
