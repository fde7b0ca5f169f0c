"""The .xlsx writer: openpyxl (write-only) makes the workbook, the data rows are streamed as XML.

Styled bold header on a fill, first row frozen, autofilter over the data, widths from the header and
the first rows, real date cells (DD.MM.YYYY), money as numbers with two decimals, phones and every other
text as text cells. Cells that could start a formula are text cells with the quote-prefix style (see
clientbook.core.exporting.safety).

Why not ``ws.append`` for the rows: openpyxl builds a cell object and an XML element per value, about
12 µs a cell even with lxml — 40 s for 100,000 clients × 34 columns. Here openpyxl still writes the
package, the styles, the header row, the frozen pane, widths and the autofilter (a one-row "template"
sheet), and the data rows — plain ``<row><c>`` elements of four kinds (inline string, number, boolean,
styled number for dates and money) — are written as text between its header row and the sheet's tail.
Style ids come from openpyxl's own registry, so the cells point at the styles it writes.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet import _writer as _writer_module
from openpyxl.worksheet._writer import WorksheetWriter

from clientbook.core.exporting.columns import Column
from clientbook.core.exporting.safety import TRIGGERS, is_safe_phone, private_scratch

SAMPLE_ROWS = 200
MAX_WIDTH = 60
DATE_FORMAT = "DD.MM.YYYY"
MONEY_FORMAT = "#,##0.00"
SHEET_DATA_END = "</sheetData>"
# XML special characters, and control characters XML 1.0 cannot hold at all (dropped, as a reader would fail)
_NEEDS_ESCAPE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f]")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FORMULA_START = frozenset(TRIGGERS)


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
    cells = _CellWriter(ws, columns)
    # three owner-only scratch files beside the target, always removed: the rows, openpyxl's one-row
    # template sheet, and the finished sheet that goes into the package
    with private_scratch(path) as rows_file, private_scratch(path) as template, private_scratch(path) as sheet:
        with open(rows_file, "w", encoding="utf-8", newline="") as out:
            count = cells.write_rows(out, _chain(sample, iterator), tick)
        last = get_column_letter(max(1, len(columns)))
        ws.auto_filter.ref = f"A1:{last}{count + 1}"
        ws._writer = WorksheetWriter(ws, out=str(template))
        ws._writer.write_top()
        ws.append(_header(ws, columns, lang))
        ws.close()  # the template: everything but the data rows
        head, tail = template.read_text(encoding="utf-8").split(SHEET_DATA_END, 1)
        with open(sheet, "w", encoding="utf-8", newline="") as out, open(rows_file, encoding="utf-8") as body:
            out.write(head)
            shutil.copyfileobj(body, out, 1 << 20)
            out.write(SHEET_DATA_END + tail)
        ws._writer.out = str(sheet)
        _writer_module.ALL_TEMP_FILES.append(str(sheet))  # openpyxl's cleanup() expects it listed
        try:
            wb.save(str(path))
        finally:
            if str(sheet) in _writer_module.ALL_TEMP_FILES:
                _writer_module.ALL_TEMP_FILES.remove(str(sheet))
    return count


def _chain(first: list[list[Any]], rest: Iterable[list[Any]]) -> Iterator[list[Any]]:
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


def _style_id(ws: Any, value: Any, **style: Any) -> int:
    """The workbook's id of a cell style (registered now, written by openpyxl with the package)."""
    cell = WriteOnlyCell(ws, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return int(cell.style_id)


def _xml_text(text: str) -> str:
    if _NEEDS_ESCAPE.search(text):
        text = _ILLEGAL.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


@functools.lru_cache(maxsize=8192)
def _date_serial(value: dt.date) -> str:
    return str(to_excel(value))


class _CellWriter:
    """Data rows as sheet XML: the same cell types and styles ``ws.append`` would give them."""

    def __init__(self, ws: Any, columns: Sequence[Column]) -> None:
        self.letters = [get_column_letter(i) for i in range(1, len(columns) + 1)]
        self.phone = [c.kind == "phone" for c in columns]
        self.date_style = _style_id(ws, dt.date(2000, 1, 1), number_format=DATE_FORMAT)
        self.money_style = _style_id(ws, 1.0, number_format=MONEY_FORMAT)
        self.text_style = _style_id(ws, "=", quotePrefix=True)

    def write_rows(self, out: IO[str], rows: Iterable[list[Any]], tick: Callable[[], None] | None) -> int:
        width = len(self.letters)
        count = 0
        write = out.write
        for count, row in enumerate(rows, start=1):
            if len(row) != width:
                raise ValueError(f"row of {len(row)} values for {width} columns")
            number = count + 1  # row 1 is the header
            parts = [f'<row r="{number}">']
            for index, value in enumerate(row):
                if value is None or value == "":
                    continue
                parts.append(self._cell(f"{self.letters[index]}{number}", value, self.phone[index]))
            parts.append("</row>")
            write("".join(parts))
            if tick:
                tick()
        return count

    def _cell(self, ref: str, value: Any, phone: bool) -> str:
        cls = value.__class__
        if cls is str:
            return self._text(ref, value, phone)
        if cls is bool:
            return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
        if cls is int or cls is float:
            return f'<c r="{ref}" t="n"><v>{value!r}</v></c>'
        if isinstance(value, dt.date):
            day = value.date() if isinstance(value, dt.datetime) else value
            return f'<c r="{ref}" s="{self.date_style}" t="n"><v>{_date_serial(day)}</v></c>'
        if isinstance(value, Decimal):
            return f'<c r="{ref}" s="{self.money_style}" t="n"><v>{float(value)!r}</v></c>'
        if isinstance(value, int | float):
            return f'<c r="{ref}" t="n"><v>{value!r}</v></c>'
        return self._text(ref, str(value), phone)

    def _text(self, ref: str, value: str, phone: bool) -> str:
        # text, never a formula; one that could start a formula also gets Excel's hidden apostrophe
        # (quotePrefix), so it stays text when the cell is edited — "+7…" in a phone column excepted
        quoted = value[:1] in _FORMULA_START and not (phone and is_safe_phone(value))
        style = f' s="{self.text_style}"' if quoted else ""
        space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
        return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{_xml_text(value)}</t></is></c>'
