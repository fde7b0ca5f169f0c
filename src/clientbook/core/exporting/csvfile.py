"""The .csv writer: UTF-8 with BOM and ";" by default, so Russian Excel opens it right away.

Dates as DD.MM.YYYY, money with a decimal comma when the delimiter is ";" (Russian Excel's list
separator goes with the decimal comma), yes/no as words. Text cells that could start a formula get a
leading apostrophe; a canonical E.164 phone in a phone column is left as is (see safety).

A .csv holds only text, so most cells are made as text in the export's one query (`text_cells`): the
date, money and yes/no forms and the apostrophe before a formula-like text cost SQLite's C code per
cell, not a Python call. What SQL cannot say simply (phones, the columns read by a subquery, custom
fields, birthdays) goes through `cell` in Python.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from clientbook.core.errors import KnownError
from clientbook.core.exporting import columns as cols
from clientbook.core.exporting.columns import Cells, Column, Converter
from clientbook.core.exporting.safety import TRIGGERS, is_safe_phone, neutralize_csv
from clientbook.core.messages import register

register({
    "export_encoding": {
        "ru": "Символ «{char}» нельзя записать в кодировке {encoding}. Выберите UTF-8.",
        "en": "The character “{char}” cannot be written in {encoding}. Choose UTF-8.",
    },
    "export_delimiter": {
        "ru": "Разделитель должен быть одним символом: «;», «,» или табуляцией.",
        "en": "The delimiter must be one character: “;”, “,” or a tab.",
    },
})

ENCODINGS = {"utf-8-sig": "utf-8-sig", "utf-8": "utf-8", "cp1251": "cp1251", "utf-16": "utf-16"}
DELIMITERS = (";", ",", "\t", "|")
FORMULA_START = frozenset(TRIGGERS)
_TRIGGER_SQL = "'=', '+', '-', '@', char(9), char(13), char(10)"
_APOSTROPHE = "''''"  # SQL for the text "'"


@functools.lru_cache(maxsize=65536)
def _date_text(value: dt.date) -> str:
    """Cached: a few thousand distinct days over 100,000 rows."""
    return value.strftime("%d.%m.%Y")


def cell(kind: str, value: Any, *, lang: str, decimal_comma: bool) -> str:
    """The text of one cell of a column of `kind` (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return ("да" if value else "нет") if lang == "ru" else ("yes" if value else "no")
    if isinstance(value, dt.date):
        return _date_text(value.date() if isinstance(value, dt.datetime) else value)
    if isinstance(value, Decimal | float):
        text = f"{value:.2f}" if isinstance(value, Decimal) else f"{value:g}"
        return text.replace(".", ",") if decimal_comma else text
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if kind == "phone" and is_safe_phone(text):
        return text
    return neutralize_csv(text)


def text_cells(columns: Sequence[Column], *, lang: str, codes: bool, delimiter: str) -> Cells:
    """The SQL and the Python step of every cell of a .csv export (see the module docstring)."""
    decimal_comma = delimiter == ";"
    yes, no = ("да", "нет") if lang == "ru" else ("yes", "no")
    sql: list[str] = []
    convert: list[Converter | None] = []
    for column in columns:
        expression = column.expression(lang, codes)
        simple = not column.sql.lstrip().startswith("(")  # a column, not a subquery: cheap to read twice
        native: str | None = None
        if simple and column.kind in ("text", "email") and column.convert is None:
            native = (f"CASE WHEN substr({expression}, 1, 1) IN ({_TRIGGER_SQL}) "
                      f"THEN {_APOSTROPHE} || {expression} ELSE {expression} END")
        elif simple and column.convert is cols.as_date:
            native = f"strftime('%d.%m.%Y', {expression})"
        elif column.convert is cols.money:
            native = f"printf('%.2f', coalesce({expression}, 0) / 100.0)"
            native = f"replace({native}, '.', ',')" if decimal_comma else native
        elif column.convert is cols.as_bool:
            native = f"CASE WHEN {expression} THEN '{yes}' ELSE '{no}' END"
        elif column.convert is cols.as_count:
            native = f"coalesce({expression}, 0)"
        elif column.convert is None and column.kind == "number":
            native = expression
        sql.append(native if native is not None else expression)
        convert.append(None if native is not None else _python_cell(column, lang, decimal_comma))
    return Cells(sql, convert)


def _python_cell(column: Column, lang: str, decimal_comma: bool) -> Converter:
    kind, first = column.kind, column.convert

    def text(value: Any) -> Any:
        if value.__class__ is str and value[:1] not in FORMULA_START:
            return value  # most text: as it is
        return cell(kind, value, lang=lang, decimal_comma=decimal_comma)

    if kind == "phone":
        return lambda v: None if v is None else v if v.__class__ is str and is_safe_phone(v) else text(v)
    if first is None:
        return lambda v: None if v is None else text(v)
    return lambda v: None if v is None else text(first(v))


def write_csv(path: Path, columns: Sequence[Column], rows: Iterable[Sequence[Any]], *, lang: str,
              encoding: str = "utf-8-sig", delimiter: str = ";",
              tick: Callable[[], None] | None = None) -> int:
    """Write the header and the rows of `text_cells` (text or None, in column order)."""
    if encoding not in ENCODINGS:
        raise KnownError("choice_invalid", value=encoding)
    if delimiter not in DELIMITERS:
        raise KnownError("export_delimiter")
    width = len(columns)
    count = 0
    # "utf-8-sig" is the C UTF-8 encoder behind a BOM: Python's utf-8-sig codec encodes every write in
    # Python code (a tenth of a 100,000-client export); the bytes are the same.
    bom = encoding == "utf-8-sig"
    with open(path, "w", encoding="utf-8" if bom else ENCODINGS[encoding], newline="", errors="strict") as fh:
        if bom:
            fh.write("\ufeff")
        writer = csv.writer(fh, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writerow = writer.writerow
        try:
            writerow([neutralize_csv(c.header(lang)) for c in columns])
            for row in rows:
                if len(row) != width:
                    raise ValueError(f"row of {len(row)} values for {width} columns")
                writerow(row)
                count += 1
                if tick:
                    tick()
        except UnicodeEncodeError as exc:
            raise KnownError("export_encoding", char=exc.object[exc.start:exc.end], encoding=encoding) from exc
        fh.flush()
    return count
