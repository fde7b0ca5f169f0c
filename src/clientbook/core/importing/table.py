"""Where the table is on a sheet: the header row below any title rows, or no header at all, and
where it ends (blank rows and a stray cell after the table are not data)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from clientbook.core.importing.fields import CLIENT_TARGETS, PURCHASE_TARGETS
from clientbook.core.importing.mapping import _by_header, column_letter, sniff
from clientbook.core.importing.normalize import cell_text, is_empty
from clientbook.core.importing.values import MIN_VALUES, profile

SCAN_ROWS = 30
SAMPLE_ROWS = 200


@dataclass
class Layout:
    header_row: int | None  # 0-based index among the sheet's rows; None = no header
    headers: list[str]
    width: int
    data_start: int  # 0-based index of the first data row


def _filled(row: Sequence[Any]) -> int:
    return sum(1 for v in row if not is_empty(v))


def _width(row: Sequence[Any]) -> int:
    for i in range(len(row) - 1, -1, -1):
        if not is_empty(row[i]):
            return i + 1
    return 0


def _texty(value: Any) -> bool:
    """A header-like cell: words, not an e-mail, phone, date or number."""
    if not isinstance(value, str) or is_empty(value):
        return False
    text = value.strip()
    letters = sum(ch.isalpha() for ch in text)
    return letters >= max(1, sum(ch.isdigit() for ch in text)) and "@" not in text


def _header_words(row: Sequence[Any]) -> int:
    targets = CLIENT_TARGETS + PURCHASE_TARGETS
    return sum(1 for v in row if isinstance(v, str) and not is_empty(v) and _by_header(v, targets))


def detect_layout(rows: Sequence[Sequence[Any]], header_row: int | None | str = "auto") -> Layout:
    """Find the header among the first rows. `header_row`: "auto", an index, or None (no header)."""
    widest = max((_width(r) for r in rows[:SCAN_ROWS]), default=0)
    if header_row is None:
        start = next((i for i, r in enumerate(rows) if _filled(r)), 0)
        return Layout(None, [column_letter(i) for i in range(widest)], widest, start)
    if isinstance(header_row, int):
        row = rows[header_row] if header_row < len(rows) else []
        width = max(_width(row), widest)
        return Layout(header_row, _names(row, width), width, header_row + 1)
    candidates = [i for i, r in enumerate(rows[:SCAN_ROWS]) if _filled(r) >= max(2, widest // 2)]
    if not candidates:
        return Layout(None, [column_letter(i) for i in range(widest)], widest, 0)
    best = None
    for i in candidates[:10]:
        row = rows[i]
        filled = [v for v in row if not is_empty(v)]
        texty = sum(1 for v in filled if _texty(v))
        words = _header_words(row)
        if texty < 0.8 * len(filled):
            continue
        below = [r for r in rows[i + 1:i + 1 + SAMPLE_ROWS] if _filled(r)]
        if not below and best is None and i > candidates[0]:
            continue  # a header has rows under it: the last line of a header-less list is data
        if words == 0 and below and not _looks_different(row, below):
            continue
        if below and _fits_as_data(row, below) >= max(1, words):
            continue  # "Иванов Иван;+7 999…" over rows of names and phones is the first client
        best = i
        break
    if best is None:
        start = candidates[0]
        return Layout(None, [column_letter(i) for i in range(widest)], widest, start)
    width = max(_width(rows[best]), widest)
    return Layout(best, _names(rows[best], width), width, best + 1)


def _looks_different(row: Sequence[Any], below: Sequence[Sequence[Any]]) -> bool:
    """A header of plain words over columns of numbers, dates, phones or e-mails."""
    for i in range(len(row)):
        column = [r[i] if i < len(r) else None for r in below[:50]]
        kinds = [v for v in column if not is_empty(v)]
        if not kinds:
            continue
        typed = sum(1 for v in kinds if isinstance(v, int | float | dt.date) and not isinstance(v, bool))
        if typed >= 0.8 * len(kinds) or sniff(column):
            return True
    return False


FITTING_KINDS = ("names", "phone", "email", "date", "code")


def _fits_as_data(row: Sequence[Any], below: Sequence[Sequence[Any]]) -> int:
    """How many cells of a would-be header are values like the ones under them (a name over names,
    a phone over phones) and not a header word themselves."""
    targets = CLIENT_TARGETS + PURCHASE_TARGETS
    fits = 0
    for i, value in enumerate(row):
        if is_empty(value) or (isinstance(value, str) and _by_header(value, targets)):
            continue
        column = profile([r[i] if i < len(r) else None for r in below[:50]])
        if column.clear and column.kind in FITTING_KINDS and profile([value] * MIN_VALUES).kind == column.kind:
            fits += 1
    return fits


def _names(row: Sequence[Any], width: int) -> list[str]:
    names: list[str] = []
    seen: dict[str, int] = {}
    for i in range(width):
        name = cell_text(row[i]) if i < len(row) else ""
        name = name or column_letter(i)
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        names.append(name)
    return names


def table_rows(rows: Iterator[list[Any]], layout: Layout) -> Iterator[tuple[int, list[Any]]]:
    """(1-based sheet row number, cells) of the data rows: blank rows skipped; after a blank gap, a
    row with a single filled cell in a wider table is a stray note and ends the table."""
    gap = False
    for index, row in enumerate(itertools.islice(rows, layout.data_start, None), start=layout.data_start):
        filled = sum(1 for v in row if v is not None and v != "")  # hot loop: plain test, not is_empty
        if filled == 0:
            gap = True
            continue
        if gap and filled == 1 and layout.width >= 3:
            return
        gap = False
        if len(row) < layout.width:
            row = list(row) + [None] * (layout.width - len(row))
        yield index + 1, row
