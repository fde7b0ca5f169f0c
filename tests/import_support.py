"""Helpers for the import tests: small files generated inside the test (never committed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import func, select

from clientbook.core import models as m


def write_xlsx(path: Path, rows: list[list[Any]], *, epoch: Any = None, title: str = "Клиенты") -> Path:
    wb = Workbook()
    if epoch is not None:
        wb.epoch = epoch
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def write_csv(path: Path, text: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def counts(vault: Any) -> dict[str, int]:
    with vault.session() as s:
        return {name: int(s.scalar(select(func.count()).select_from(model)) or 0)
                for name, model in (("clients", m.Client), ("phones", m.Phone), ("emails", m.Email),
                                    ("purchases", m.Purchase), ("batches", m.Batch), ("consents", m.Consent),
                                    ("custom_values", m.CustomValue))}
