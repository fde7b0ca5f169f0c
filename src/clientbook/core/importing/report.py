"""The import report as an .xlsx the user can keep: totals, then every row that was not simply
created (updated, merged, skipped, rejected, or with problems) with the reasons in words."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy.orm import Session

from clientbook.core import models as m
from clientbook.core.errors import KnownError
from clientbook.core.importing.commit import ImportResult, RowOutcome
from clientbook.core.messages import Message, current_language, join_sentences

STATUS = {
    "created": {"ru": "создан", "en": "created"}, "updated": {"ru": "обновлён", "en": "updated"},
    "merged": {"ru": "объединён со строкой выше", "en": "merged with a row above"},
    "skipped": {"ru": "пропущен", "en": "skipped"}, "rejected": {"ru": "отклонён", "en": "rejected"},
}
HEADINGS = {
    "ru": ("Строка", "Итог", "Клиент", "№ карточки", "Причины"),
    "en": ("Row", "Outcome", "Client", "Card #", "Reasons"),
}
COLUMN_HEADINGS = {"ru": ("Столбец", "Ячеек с замечаниями"), "en": ("Column", "Cells with problems")}
TOTALS = {
    "ru": {"file": "Файл", "sheet": "Лист", "rows": "Прочитано строк", "created": "Создано",
           "updated": "Обновлено", "skipped": "Пропущено", "rejected": "Отклонено", "purchases": "Покупок",
           "interactions": "Записей истории",
           "problems": "Строк с замечаниями", "batch": "Номер импорта"},
    "en": {"file": "File", "sheet": "Sheet", "rows": "Rows read", "created": "Created", "updated": "Updated",
           "skipped": "Skipped", "rejected": "Rejected", "purchases": "Purchases",
           "interactions": "History entries", "problems": "Rows with problems",
           "batch": "Import number"},
}


def result_from_batch(session: Session, batch_id: int) -> ImportResult:
    """The report of an earlier import, rebuilt from its batch record."""
    batch = session.get(m.Batch, batch_id)
    if batch is None or batch.kind != "import":
        raise KnownError("import_batch_unknown", batch=batch_id)
    totals = batch.totals or {}
    result = ImportResult(str(totals.get("file", batch.label or "")), str(totals.get("sheet", "")),
                          str(totals.get("kind", "clients")), False, batch.id)
    for key in ("created", "updated", "skipped", "rejected", "purchases", "interactions", "problems"):
        setattr(result, key, int(totals.get(key, 0)))
    result.rows_read = int(totals.get("rows", 0))
    for row_no, status, name, client_id, reasons in (batch.undo_data or {}).get("report", []):
        result.outcomes.append(RowOutcome(row_no, status, name, client_id,
                                          [Message(code, params) for code, params in reasons]))
    return result


def check_report_path(path: str | Path) -> Path:
    """Before an import writes anything: the report's folder exists and is writable, and the name is
    not a folder (a report that fails after the import tempted users to import again, doubling it)."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise KnownError("import_report_path", name=str(target), detail="is_dir")
    if not folder.is_dir():
        raise KnownError("import_report_path", name=str(target), detail="no_folder")
    if not os.access(folder, os.W_OK | os.X_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise KnownError("import_report_path", name=str(target), detail="read_only")
    return target


def write_report(result: ImportResult, path: str | Path, lang: str | None = None) -> Path:
    """Write atomically (temp file, fsync, rename), owner-only (0600)."""
    lang = lang or current_language()
    target = Path(path)
    wb = Workbook(write_only=True)
    summary = wb.create_sheet("Итоги" if lang == "ru" else "Summary")
    values: dict[str, Any] = {"file": result.file_name, "sheet": result.sheet, **result.totals()}
    for key, label in TOTALS[lang].items():
        summary.append([label, values.get(key)])
    if result.column_problems:  # summed per column, so a whole column of foreign phones is one line
        columns = wb.create_sheet("По столбцам" if lang == "ru" else "By column")
        columns.append(list(COLUMN_HEADINGS[lang]))
        for header, count in sorted(result.column_problems.items(), key=lambda item: -item[1]):
            columns.append([_safe(header), count])
    rows = wb.create_sheet("Строки" if lang == "ru" else "Rows")
    rows.append(list(HEADINGS[lang]))
    for o in result.outcomes:
        rows.append([o.row_no, STATUS.get(o.status, {}).get(lang, o.status), _safe(o.name), o.client_id,
                     _safe(join_sentences(r.text(lang) for r in o.reasons))])
    fd, tmp = tempfile.mkstemp(prefix=".import-report-", suffix=".xlsx", dir=target.parent)
    try:
        os.fchmod(fd, 0o600) if hasattr(os, "fchmod") else None
        with os.fdopen(fd, "wb") as fh:
            wb.save(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _safe(text: str | None) -> str:
    """Cells starting with = + - @ are shown as text, not run as formulas (SPEC §9)."""
    value = text or ""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
