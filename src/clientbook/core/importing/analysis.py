"""Looking at a file before importing: which sheet, where the header is, what each column is."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clientbook.core import models as m
from clientbook.core.importing.doubts import Doubt, find_doubts
from clientbook.core.importing.fields import EXTRA, HISTORY_TARGETS, PURCHASE_TARGETS, SKIP
from clientbook.core.importing.guards import fail
from clientbook.core.importing.mapping import (
    ColumnMapping,
    _by_header,
    column_letter,
    level,
    remembered,
    suggest,
)
from clientbook.core.importing.matching import CODE_FIELD_KEY
from clientbook.core.importing.normalize import DateOrder, id_text, is_empty
from clientbook.core.importing.readers import KeptSheet, Source, open_source
from clientbook.core.importing.table import SCAN_ROWS, Layout, _width, detect_layout, table_rows

DATE_SAMPLE_ROWS = 5000
MAX_COLUMNS = 1000  # a client list has tens of columns; Excel allows 16,384
PREVIEW_ROWS = 200
DATE_TARGETS = {"birthday", "date", "due_date", "next_step_date"}


@dataclass
class Analysis:
    path: Path
    source: Source
    sheets: list[str]
    sheet: str
    layout: Layout
    sample: list[tuple[int, list[Any]]]  # (sheet row number, cells) of the first data rows
    mapping: ColumnMapping
    mapping_remembered: bool
    kind: str
    row_count: int
    date_orders: dict[int, DateOrder] = field(default_factory=dict)

    @property
    def headers(self) -> list[str]:
        return self.layout.headers

    @property
    def date1904(self) -> bool:
        return self.source.kind.date1904

    def decide_dates(self, forced: str | None = None) -> None:
        """Day/month order per date column, from up to 5,000 of its values (or as the user forced)."""
        self.date_orders = {}
        for index, target in self.mapping.targets.items():
            if target in DATE_TARGETS:
                if forced:
                    self.date_orders[index] = DateOrder(forced)
                else:
                    values = (row[index] for _, row in self._date_sample() if index < len(row))
                    self.date_orders[index] = DateOrder.decide(values)

    def _date_sample(self) -> list[tuple[int, list[Any]]]:
        if not hasattr(self, "_dates"):
            rows = table_rows(self.source.rows(self.sheet), self.layout)
            self._dates = list(itertools.islice(rows, DATE_SAMPLE_ROWS))
        return self._dates

    def doubts(self, mapping: ColumnMapping | None = None) -> list[Doubt]:
        """Doubtful columns of `mapping` (default: the suggested one), judged on the preview rows."""
        return find_doubts(self.headers, [r for _, r in self.sample], mapping or self.mapping, self.kind,
                           None if mapping is None or mapping is self.mapping else self.mapping)

    def columns(self, mapping: ColumnMapping | None = None,
                problems: dict[str, int] | None = None) -> list[dict[str, Any]]:
        """Per column: header, the field chosen, its confidence and why, problems counted by an import."""
        mapping = mapping or self.mapping
        scores = self.mapping
        out = []
        for i, header in enumerate(self.headers):
            target = mapping.targets.get(i, SKIP)
            confidence = scores.confidence(i, target)
            out.append({"column": column_letter(i), "header": header, "field": target,
                        "confidence": confidence, "level": level(confidence),
                        "why": scores.why(i, target),
                        **({"problems": (problems or {}).get(header, 0)} if problems is not None else {})})
        return out

    def close(self) -> None:
        self.source.close()


def _sheet_score(rows: list[list[Any]], kind: str) -> float:
    layout = detect_layout(rows)
    data = max(0, len(rows) - layout.data_start)
    if layout.header_row is None:
        return data * 0.1
    hits = [_by_header(h, PURCHASE_TARGETS) for h in layout.headers]
    purchase_like = "date" in hits and "amount" in hits
    history_hits = {_by_header(h, HISTORY_TARGETS) for h in layout.headers}
    history_like = "date" in history_hits and bool(history_hits & {"kind", "subject", "text", "outcome", "rating"}) \
        and not purchase_like
    looks_like = "purchases" if purchase_like else "history" if history_like else "clients"
    bonus = 3 if kind == looks_like or (kind == "clients" and not purchase_like) else 1
    return (sum(1 for h in hits if h) + 1) * bonus * min(data, 100)


def analyze(path: str | Path, *, session: Session | None = None, kind: str = "clients",
            sheet: str | None = None, header_row: int | None | str = "auto",
            mapping: ColumnMapping | None = None, date_order: str | None = None,
            encoding: str | None = None, kept: KeptSheet | None = None) -> Analysis:
    """Open and read the start of the file; `header_row` is a 0-based row index, None or "auto";
    `encoding` overrides the detected text encoding (or an old .xls's code page); `kept` (readers)."""
    source = open_source(path, encoding, kept)
    try:
        sheets = source.sheets
        if sheet is None:
            scored = [(_sheet_score(list(itertools.islice(source.rows(s), SCAN_ROWS + 100)), kind), -i, s)
                      for i, s in enumerate(sheets[:20])]
            sheet = max(scored)[2] if scored else sheets[0]
        elif sheet not in sheets:
            raise fail("import_no_sheet", Path(path), sheet=sheet)
        head = list(itertools.islice(source.rows(sheet), SCAN_ROWS + PREVIEW_ROWS))
        if not any(any(v not in (None, "") for v in r) for r in head):
            raise fail("import_empty", Path(path))
        widest = max((_width(r) for r in head[:SCAN_ROWS]), default=0)
        if widest > MAX_COLUMNS:  # mapping 100,000 "columns" would take minutes for nothing
            raise fail("import_too_wide", Path(path), columns=widest, limit=MAX_COLUMNS)
        layout = detect_layout(head, header_row)
        sample = list(itertools.islice(table_rows(iter(head), layout), PREVIEW_ROWS))
        if not sample:
            raise fail("import_empty", Path(path))
        was_remembered = False
        if mapping is None and session is not None:
            mapping = remembered(session, layout.headers, kind)
            was_remembered = mapping is not None
        if mapping is None:
            mapping = suggest(layout.headers, [r for _, r in sample], kind)
            if session is not None:
                _known_codes(session, mapping, [r for _, r in sample])
        result = Analysis(Path(path), source, sheets, sheet, layout, sample, mapping, was_remembered, kind,
                          max(source.row_count(sheet) - layout.data_start, len(sample)))
        result.decide_dates(date_order)
        return result
    except BaseException:
        source.close()
        raise


KNOWN_CODES = 0.9  # most values are codes of clients already in the base


def _known_codes(session: Session, mapping: ColumnMapping, rows: list[list[Any]]) -> None:
    """A column whose values are the codes of clients already in the base is the client code
    ("numbers that match codes of already imported clients"), when no column is the code yet."""
    if "client_code" in mapping.targets.values():
        return
    field_id = session.scalar(select(m.CustomField.id).where(m.CustomField.key == CODE_FIELD_KEY))
    if field_id is None:
        return
    for i, target in sorted(mapping.targets.items()):
        if target not in (SKIP, EXTRA, "full_name", "last_name", "first_name", "company_name", "notes"):
            continue
        values = {id_text(row[i]) for row in rows if i < len(row) and not is_empty(row[i])}
        if len(values) < 3:
            continue
        known = set(session.scalars(select(m.CustomValue.value_text).where(
            m.CustomValue.field_id == field_id, m.CustomValue.value_text.in_(list(values)[:500]))))
        if len(known) >= 0.8 * min(len(values), 500):
            mapping.put(i, "client_code", KNOWN_CODES, "values_known_codes")
            return


def mapped_anything(mapping: ColumnMapping) -> bool:
    return any(t != SKIP for t in mapping.targets.values())
