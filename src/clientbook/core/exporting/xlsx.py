"""The .xlsx writer: the sheet's XML streamed straight into the zip, one row in memory at a time.

Styled bold header on a fill, first row frozen, autofilter over the data, widths from the header and
the first rows, real date cells (DD.MM.YYYY), money as numbers with two decimals, numbers as numbers,
yes/no as booleans, phones and every other text as text cells. Cells that could start a formula are
text cells with the quote-prefix style (see clientbook.core.exporting.safety); nothing is ever written
as a formula: a cell is an inline string, a number or a boolean, and the writer has no other kind.

Why not a spreadsheet library: XlsxWriter (constant_memory) spent ~8 µs of Python per cell — 20 of the
24 s of CPU of a full export of 100,000 clients — and openpyxl more. A sheet of values is a small,
fixed part of the format (ECMA-376 SpreadsheetML: inline strings, numbers, booleans, five cell
styles), so each column gets one function that returns its cell's XML text, a row is one join, and
the part is compressed as it is written (zlib level 1: the file is a transfer, not an archive). The
escaping is XlsxWriter's (``&<>``, control characters as ``_xHHHH_``, a literal ``_xHHHH_`` guarded),
and nothing is written to any temporary file: the plaintext goes only where the user chose.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from clientbook.core.exporting.columns import Column
from clientbook.core.exporting.safety import TRIGGERS, is_safe_phone

SAMPLE_ROWS = 200
MAX_WIDTH = 60
MAX_TEXT = 32767  # Excel's limit for one cell's text
DATE_FORMAT = "DD.MM.YYYY"
MONEY_FORMAT_ID = 4  # the built-in "#,##0.00"
COMPRESS_LEVEL = 1
FLUSH_ROWS = 500
_FORMULA_START = frozenset(TRIGGERS)
_EPOCH = dt.date(1899, 12, 31)  # day 0 of Excel's 1900 date system
# cell styles (cellXfs below, in order)
HEADER, DATE, MONEY, QUOTED = 1, 2, 3, 4
CellXml = Callable[[str, Any], str]

_ESCAPED_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_NEEDS_WORK = re.compile(r"[&<>_\x00-\x08\x0b-\x1f\ufffe\uffff]")
# anything that makes a text cell more than <t>text</t>: escaping, a formula start, edge whitespace
_PLAIN = re.compile(r"^[=+\-@\s]|[&<>_\x00-\x08\x0b-\x1f\ufffe\uffff]|\s$")


def write_xlsx(path: Path, columns: Sequence[Column], rows: Iterable[list[Any]], *, lang: str,
               sheet_title: str = "Clients", tick: Callable[[], None] | None = None) -> int:
    """Write rows (values in column order) to `path`; returns the number of data rows."""
    iterator = iter(rows)
    sample: list[list[Any]] = []
    for row in iterator:
        sample.append(row)
        if len(sample) >= SAMPLE_ROWS:
            break
    title = _sheet_title(sheet_title)
    width = len(columns)
    letters = [_column_letters(i) for i in range(max(width, 1))]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as book:
        for name, part in _FIXED_PARTS.items():
            book.writestr(name, part)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            widths = "".join(f'<col min="{i + 1}" max="{i + 1}" width="{_excel_width(_width(c, lang, [r[i] for r in sample]))}"'
                             f' customWidth="1"/>' for i, c in enumerate(columns))
            header = "".join(f'<c r="{letters[i]}1" s="{HEADER}" t="inlineStr"><is><t{_space(h)}>{_escape(h)}</t></is></c>'
                             for i, c in enumerate(columns) for h in (c.header(lang)[:MAX_TEXT],))
            fh.write((f"{_XML}<worksheet {_NS}><sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\">"
                      f'<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                      f'<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
                      f'<sheetFormatPr defaultRowHeight="15"/>{f"<cols>{widths}</cols>" if widths else ""}'
                      f'<sheetData><row r="1">{header}</row>').encode())
            cells = [_cell_xml(column.kind) for column in columns]
            row_letters = letters[:width]
            count = 0
            pending: list[str] = []
            for count, row in enumerate(_chain(sample, iterator), start=2):
                if len(row) != width:
                    raise ValueError(f"row of {len(row)} values for {width} columns")
                number = str(count)
                pending.append(f'<row r="{number}">')
                pending.extend([cell(letter + number, value) for cell, letter, value in
                                zip(cells, row_letters, row, strict=True)
                                if value is not None and value != ""])
                pending.append("</row>")
                if len(pending) > FLUSH_ROWS * 8:
                    fh.write("".join(pending).encode())
                    pending = []
                if tick:
                    tick()
            rows_written = max(0, count - 1)
            pending.append(f'</sheetData><autoFilter ref="A1:{letters[max(0, width - 1)]}{rows_written + 1}"/>'
                           '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
                           "</worksheet>")
            fh.write("".join(pending).encode())
        quoted = _escape("'" + title.replace("'", "''") + "'")
        book.writestr("xl/workbook.xml", (
            f'{_XML}<workbook {_NS}><bookViews><workbookView/></bookViews><sheets>'
            f'<sheet name="{_escape_attribute(title)}" sheetId="1" r:id="rId1"/></sheets><definedNames>'
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
            f"{quoted}!$A$1:${letters[max(0, width - 1)]}${rows_written + 1}</definedName>"
            f"</definedNames></workbook>"))
    return rows_written


def _chain(first: list[list[Any]], rest: Iterable[list[Any]]) -> Iterable[list[Any]]:
    yield from first
    yield from rest


# ---- cells ------------------------------------------------------------------------------------
def _escape(text: str) -> str:
    """XML text as Excel writes it: &<> escaped, control characters as _xHHHH_ (a literal _xHHHH_ in the
    text guarded as _x005F_xHHHH_), so every string reads back exactly."""
    if not _NEEDS_WORK.search(text):
        return text
    if "_x" in text:
        text = _ESCAPED_ESCAPE.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda found: f"_x{ord(found.group()):04X}_", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attribute(text: str) -> str:
    return _escape(text).replace('"', "&quot;")


def _space(text: str) -> str:
    """Leading or trailing whitespace is kept only when the element says so."""
    return ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""


def _text(ref: str, value: str) -> str:
    # text, never a formula; one that could start a formula also gets Excel's hidden apostrophe
    # (quote prefix), so it stays text when the cell is edited
    if _PLAIN.search(value) is None and len(value) <= MAX_TEXT:  # most cells: nothing to escape or mark
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    if len(value) > MAX_TEXT:
        value = value[:MAX_TEXT]
    style = f' s="{QUOTED}"' if value[:1] in _FORMULA_START else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{_space(value)}>{_escape(value)}</t></is></c>'


def _phone(ref: str, value: str) -> str:
    if value[:1] == "+" and is_safe_phone(value):  # "+7…" cannot be a formula: no apostrophe
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    return _text(ref, value)


def _number(ref: str, value: int | float, style: str = "") -> str:
    if type(value) is int:
        return f'<c r="{ref}"{style}><v>{value}</v></c>'
    if not math.isfinite(value):  # a sheet has no infinity: shown as the text it is
        return _text(ref, str(value))
    return f'<c r="{ref}"{style}><v>{value:.16G}</v></c>'


def _date(ref: str, value: dt.date) -> str:
    day = value.date() if isinstance(value, dt.datetime) else value
    serial = (day - _EPOCH).days
    if serial > 59:  # Excel counts a 29 February 1900 that never was (as XlsxWriter writes it)
        serial += 1
    return f'<c r="{ref}" s="{DATE}"><v>{serial}</v></c>'


def _bool(ref: str, value: bool) -> str:
    return f'<c r="{ref}" t="b"><v>{1 if value else 0}</v></c>'


def _any(kind: str) -> CellXml:
    money = f' s="{MONEY}"'

    def other(ref: str, value: Any) -> str:
        cls = value.__class__
        if cls is str:
            return _phone(ref, value) if kind == "phone" else _text(ref, value)
        if cls is bool:
            return _bool(ref, value)
        if isinstance(value, Decimal):
            return _number(ref, float(value), money)
        if isinstance(value, int | float):
            return _number(ref, value)
        if isinstance(value, dt.date):
            return _date(ref, value)
        return _text(ref, str(value))

    return other


def _cell_xml(kind: str) -> CellXml:
    """The cell writer of one column: the type its kind nearly always holds first, any other value by type."""
    other = _any(kind)
    money = f' s="{MONEY}"'
    if kind in ("text", "email"):
        def text(ref: str, value: Any) -> str:
            if value.__class__ is not str:
                return other(ref, value)
            if _PLAIN.search(value) is None and len(value) <= MAX_TEXT:
                return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
            return _text(ref, value)
        return text
    if kind == "phone":
        return lambda r, v: _phone(r, v) if v.__class__ is str else other(r, v)
    if kind == "date":
        return lambda r, v: _date(r, v) if v.__class__ is dt.date else other(r, v)
    if kind == "number":
        return lambda r, v: f'<c r="{r}"><v>{v}</v></c>' if v.__class__ is int else other(r, v)
    if kind == "money":
        return lambda r, v: _number(r, float(v), money) if v.__class__ is Decimal else other(r, v)
    if kind == "bool":
        return lambda r, v: _bool(r, v) if v.__class__ is bool else other(r, v)
    return other


# ---- layout -----------------------------------------------------------------------------------
def _width(column: Column, lang: str, values: list[Any]) -> float:
    longest = len(column.header(lang)) + 3
    for value in values:
        if isinstance(value, dt.date):
            longest = max(longest, 11)
        elif value is not None:
            longest = max(longest, min(len(str(value)), MAX_WIDTH))
    return float(min(MAX_WIDTH, max(column.width if not values else 8, longest + 1)))


def _excel_width(characters: float) -> str:
    """A width in characters as Excel stores it (Calibri 11: 7-pixel digits plus 5 pixels of padding)."""
    pixels = int(characters * 7 + 0.5) + 5
    return f"{pixels / 7:.16G}"


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _sheet_title(title: str) -> str:
    """Excel's rules for a sheet name: at most 31 characters, none of []:*?/\\."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", title).strip().strip("'")[:31]
    return cleaned or "Sheet1"


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_FIXED_PARTS = {
    "[Content_Types].xml": (
        f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'),
    "_rels/.rels": (
        f'{_XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/_rels/workbook.xml.rels": (
        f'{_XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'),
    # cellXfs: 0 default, 1 header (bold white on blue, a darker line under it), 2 date, 3 money, 4 quote prefix
    "xl/styles.xml": (
        f'{_XML}<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<numFmts count="1"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/><family val="2"/></font></fonts>'
        '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
        '<fill><patternFill patternType="solid"><fgColor rgb="FF305496"/><bgColor indexed="64"/></patternFill></fill>'
        '</fills><borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
        '<border><left/><right/><top/><bottom style="thin"><color rgb="FF1F3864"/></bottom><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1"'
        ' applyAlignment="1"><alignment vertical="center"/></xf>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        f'<xf numFmtId="{MONEY_FORMAT_ID}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'),
}
