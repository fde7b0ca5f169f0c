"""The subject report (SPEC §13; 152-ФЗ art. 14, GDPR art. 15): everything stored about one person.

The card, its phones and e-mails, contact persons with theirs, tags, history, purchases, reminders,
consents with their evidence, custom fields (sensitive ones only when the caller may see them), the
imports and merges in the person's past, the audit entries about them, and the backups that hold
them. Written as JSON or .xlsx (one sheet per section) by the user's explicit export, owner-only
and atomically, and the export itself is audited without personal data.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from clientbook.core import audit
from clientbook.core import sensitive as sensitive_data
from clientbook.core.errors import KnownError
from clientbook.core.exporting.safety import atomic_target, is_dangerous
from clientbook.core.messages import Message, register
from clientbook.core.privacy import holding
from clientbook.core.privacy.scope import merge_batches, person_ids
from clientbook.core.rights import require

FORMATS = ("xlsx", "json")

SECTIONS: dict[str, tuple[str, str]] = {
    "card": ("Карточка", "Card"),
    "phones": ("Телефоны", "Phones"),
    "emails": ("Эл. почта", "E-mails"),
    "contacts": ("Контактные лица", "Contact persons"),
    "tags": ("Метки", "Tags"),
    "custom_fields": ("Доп. поля", "Custom fields"),
    "history": ("История", "History"),
    "purchases": ("Покупки", "Purchases"),
    "reminders": ("Напоминания", "Reminders"),
    "consents": ("Согласия", "Consents"),
    "imports": ("Импорты", "Imports"),
    "merges": ("Объединения", "Merges"),
    "audit": ("Журнал изменений", "Change log"),
    "backups": ("Резервные копии", "Backups"),
}

register({
    "privacy_format_unknown": {
        "ru": "Формат «{value}» не поддерживается: укажите xlsx или json.",
        "en": "The format “{value}” is not supported: use xlsx or json.",
    },
    "privacy_report_written": {
        "ru": "Отчёт о персональных данных сохранён: {path} ({items} записей).",
        "en": "The personal data report was saved: {path} ({items} items).",
    },
})


def _rows(conn: Connection, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in conn.execute(text(sql), params or {})]


def _in(ids: list[int]) -> str:
    return ",".join(str(int(i)) for i in ids)


def _open_sensitive(sections: dict[str, list[dict[str, Any]]], access: sensitive_data.Access | None) -> None:
    for row in sections["custom_fields"]:
        field_id, ftype, sealed = row.pop("field_id"), row.pop("type"), row.pop("sealed")
        if sealed is not None:
            plain = sensitive_data.unseal_text(access, field_id, sealed, row["field"]) if access else None
            opened = sensitive_data.plain_columns(ftype, plain) if plain is not None else (sensitive_data.HIDDEN,
                                                                                          None, None)
            row["value_text"], row["value_number"], row["value_date"] = opened
    if access is None:
        return
    for name in access.hidden_builtins:
        for row in sections["card"] + sections["contacts"]:
            for column in sensitive_data.BUILTIN_COLUMNS[name]:
                if row.get(column) is not None:
                    row[column] = sensitive_data.HIDDEN


def gather(conn: Connection, client_id: int, *, include_sensitive: bool = True,
           backups_folder_rows: list[dict[str, Any]] | None = None,
           access: sensitive_data.Access | None = None) -> dict[str, Any]:
    """The report as plain data: {"client_id", "generated_at", "sections": {name: [row dicts]}}.

    `access` (core.sensitive) is the user's: sealed values are opened for one who may see them; for
    one who may not, sensitive fields are left out and hidden built-ins shown as hidden (#15.4)."""
    ids = person_ids(conn, client_id)
    who = _in(ids)
    if access is not None and not access.allowed:
        include_sensitive = False
    sensitive = "" if include_sensitive else "AND f.sensitive = 0"
    sections: dict[str, list[dict[str, Any]]] = {
        "card": _rows(conn, "SELECT * FROM clients WHERE id = :id", {"id": client_id}),
        "phones": _rows(conn, f"SELECT * FROM phones WHERE client_id IN ({who}) AND contact_id IS NULL ORDER BY id"),
        "emails": _rows(conn, f"SELECT * FROM emails WHERE client_id IN ({who}) AND contact_id IS NULL ORDER BY id"),
        "contacts": _rows(conn, f"SELECT * FROM contact_persons WHERE client_id IN ({who}) ORDER BY id"),
        "tags": _rows(conn, f"SELECT t.name FROM client_tags ct JOIN tags t ON t.id = ct.tag_id "
                            f"WHERE ct.client_id IN ({who}) ORDER BY t.name"),
        "custom_fields": _rows(conn, f"SELECT f.id AS field_id, f.type, f.label AS field, f.sensitive, v.contact_id, "
                                     f"v.value_text, v.value_number, v.value_date, v.sealed FROM custom_values v "
                                     f"JOIN custom_fields f ON f.id = v.field_id WHERE v.client_id IN ({who}) "
                                     f"{sensitive} ORDER BY f.\"order\", v.id"),
        "history": _rows(conn, f"SELECT * FROM interactions WHERE client_id IN ({who}) ORDER BY occurred_at, id"),
        "purchases": _rows(conn, f"SELECT * FROM purchases WHERE client_id IN ({who}) ORDER BY date, id"),
        "reminders": _rows(conn, f"SELECT * FROM reminders WHERE client_id IN ({who}) ORDER BY due_date, id"),
        "consents": _rows(conn, f"SELECT * FROM consents WHERE client_id IN ({who}) ORDER BY at, id"),
    }
    _open_sensitive(sections, access)
    # contact persons' own phones and e-mails sit beside the card's, marked by contact_id
    contact_ids = [c["id"] for c in sections["contacts"]]
    if contact_ids:
        cids = _in(contact_ids)
        for contact in sections["contacts"]:
            contact["phones"] = "; ".join(r["raw"] or r["e164"] or "" for r in _rows(
                conn, f"SELECT raw, e164 FROM phones WHERE contact_id = {int(contact['id'])} ORDER BY position"))
            contact["emails"] = "; ".join(r["address"] for r in _rows(
                conn, f"SELECT address FROM emails WHERE contact_id = {int(contact['id'])} ORDER BY position"))
        del cids
    batch_ids = sorted({r["import_batch_id"] for name in ("card", "history", "purchases", "consents")
                        for r in sections[name] if r.get("import_batch_id")} | {
        r[0] for r in conn.execute(text(f"SELECT DISTINCT batch_id FROM audit WHERE client_id IN ({who}) "
                                        "AND batch_id IS NOT NULL"))})
    batches = _rows(conn, f"SELECT id, kind, label, actor, started_at, finished_at, status FROM batches "
                          f"WHERE id IN ({_in(batch_ids) or 0}) ORDER BY id")
    merges = set(merge_batches(conn, ids))
    sections["imports"] = [b for b in batches if b["kind"] == "import"]
    sections["merges"] = [b for b in _rows(conn, f"SELECT id, kind, label, actor, started_at, finished_at, status "
                                                 f"FROM batches WHERE id IN ({_in(sorted(merges)) or 0}) ORDER BY id")]
    sections["audit"] = _rows(conn, f"SELECT id, at, actor, action, entity, entity_id, field, old, new, batch_id, "
                                    f"redacted_at FROM audit WHERE client_id IN ({who}) ORDER BY id")
    if access is not None:
        sensitive_data.mask_audit_rows(conn, sections["audit"], access)
    sections["backups"] = backups_folder_rows or []
    return {"format": 1, "client_id": client_id, "merged_ids": ids[1:],
            "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "sections": sections}


def count_items(report: dict[str, Any]) -> int:
    return sum(len(rows) for rows in report["sections"].values())


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def write_json(report: dict[str, Any], target: Path, lang: str) -> None:
    titled = {**report, "titles": {k: v[0 if lang == "ru" else 1] for k, v in SECTIONS.items()}}
    payload = json.dumps(titled, ensure_ascii=False, indent=1, default=_plain).encode("utf-8")
    with atomic_target(target) as temp:
        temp.write_bytes(payload)


def write_xlsx(report: dict[str, Any], target: Path, lang: str) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell

    book = Workbook()
    first = True
    for key, rows in report["sections"].items():
        title = SECTIONS[key][0 if lang == "ru" else 1]
        sheet = book.active if first else book.create_sheet()
        assert sheet is not None
        first = False
        sheet.title = title[:31]
        columns: list[str] = []
        for row in rows:
            columns += [c for c in row if c not in columns]
        sheet.append(columns or [Message("privacy_none").text(lang)])
        for row in rows:
            cells = []
            for column in columns:
                value = _plain(row.get(column))
                cell = Cell(sheet, value=value)
                if isinstance(value, str) and is_dangerous(value):
                    cell.data_type = "s"
                    cell.quotePrefix = True
                cells.append(cell)
            sheet.append(cells)
    with atomic_target(target) as temp:
        book.save(temp)


register({"privacy_none": {"ru": "(нет данных)", "en": "(nothing stored)"}})


def export_report(vault: Any, client_id: int, target: Path, fmt: str, *, lang: str,
                  include_sensitive: bool = True) -> int:
    """Write the report of one person and audit that it was written; returns the number of items."""
    require(vault, "export")
    if fmt not in FORMATS:
        raise KnownError("privacy_format_unknown", value=fmt)
    with vault.session() as session:
        access = sensitive_data.access_of(session)
    with vault.engine.connect() as conn:
        created = conn.execute(text("SELECT created_at FROM clients WHERE id = :id"), {"id": client_id}).scalar()
        report = gather(conn, client_id, include_sensitive=include_sensitive, access=access)
    report["sections"]["backups"] = holding.backups_holding(vault, since=created)
    (write_xlsx if fmt == "xlsx" else write_json)(report, Path(target), lang)
    with vault.transaction() as session:
        audit.record(session, [{"action": "export", "entity": "privacy_report", "entity_id": client_id,
                                "client_id": client_id, "field": fmt,
                                "new": {"file": Path(target).name, "items": count_items(report)}}],
                     actor=vault.actor)
    return count_items(report)
