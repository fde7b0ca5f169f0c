"""The .csv writer: UTF-8 with BOM and ";" by default, so Russian Excel opens it right away.

Dates as DD.MM.YYYY, money with a decimal comma when the delimiter is ";" (Russian Excel's list
separator goes with the decimal comma), yes/no as words. Text cells that could start a formula get a
leading apostrophe; a canonical E.164 phone in a phone column is left as is (see safety).
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
from clientbook.core.exporting.columns import Column
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


@functools.lru_cache(maxsize=65536)
def _date_text(value: dt.date) -> str:
    """Cached: strftime was a sixth of a 100,000-client full-card export, over a few thousand distinct days."""
    return value.strftime("%d.%m.%Y")


def write_csv(path: Path, columns: Sequence[Column], rows: Iterable[list[Any]], *, lang: str,
              encoding: str = "utf-8-sig", delimiter: str = ";",
              tick: Callable[[], None] | None = None) -> int:
    if encoding not in ENCODINGS:
        raise KnownError("choice_invalid", value=encoding)
    if delimiter not in DELIMITERS:
        raise KnownError("export_delimiter")
    decimal_comma = delimiter == ";"
    yes, no = ("да", "нет") if lang == "ru" else ("yes", "no")
    kinds = [c.kind for c in columns]

    def cell(kind: str, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return yes if value else no
        if isinstance(value, dt.date):
            return _date_text(value)
        if isinstance(value, Decimal | float):
            text = f"{value:.2f}" if isinstance(value, Decimal) else f"{value:g}"
            return text.replace(".", ",") if decimal_comma else text
        if isinstance(value, int):
            return str(value)
        text = str(value)
        if kind == "phone" and is_safe_phone(text):
            return text
        return neutralize_csv(text)

    def fast(kind: str) -> Callable[[Any], str]:
        """cell() for one column kind, with the type that kind nearly always holds tried first."""
        if kind == "date":
            return lambda v: _date_text(v) if v.__class__ is dt.date else cell(kind, v)
        if kind == "number":
            return lambda v: str(v) if v.__class__ is int else cell(kind, v)
        if kind == "bool":
            return lambda v: (yes if v else no) if v.__class__ is bool else cell(kind, v)
        if kind == "phone":
            return lambda v: v if v.__class__ is str and is_safe_phone(v) else cell(kind, v)
        return lambda v: cell(kind, v)

    # Text columns hold mostly harmless strings, which the csv module writes as they are (None as ""):
    # only a cell starting like a formula, or not a string at all, goes through cell().
    plain = [i for i, kind in enumerate(kinds) if kind in ("text", "email")]
    typed = [(i, fast(kind)) for i, kind in enumerate(kinds) if kind not in ("text", "email")]
    width = len(kinds)
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
                row = list(row)
                for i in plain:
                    value = row[i]
                    if value is not None and (value.__class__ is not str or value[:1] in FORMULA_START):
                        row[i] = cell(kinds[i], value)
                for i, formatted in typed:
                    value = row[i]
                    row[i] = "" if value is None else formatted(value)
                writerow(row)
                count += 1
                if tick:
                    tick()
        except UnicodeEncodeError as exc:
            raise KnownError("export_encoding", char=exc.object[exc.start:exc.end], encoding=encoding) from exc
        fh.flush()
    return count
