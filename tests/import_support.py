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


def write_ods(path: Path, rows: list[list[Any]], *, title: str = "Лист1") -> Path:
    """A minimal OpenDocument spreadsheet (what LibreOffice saves), text and number cells."""
    import zipfile
    from xml.sax.saxutils import escape

    def cell(value: Any) -> str:
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, int | float):
            return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>")
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(title)}">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def write_table(path: Path, rows: list[list[Any]]) -> Path:
    """The same rows as .xlsx, .ods or .csv (by the suffix), the formats users bring."""
    if path.suffix == ".xlsx":
        return write_xlsx(path, rows)
    if path.suffix == ".ods":
        return write_ods(path, rows)
    text = "\n".join(";".join("" if v is None else str(v) for v in row) for row in rows) + "\n"
    return write_csv(path, text)
