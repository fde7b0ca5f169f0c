"""The act of destruction of personal data (152-ФЗ art. 21; the form of RKN order No. 179 of 28.10.2022).

What the order asks the act to hold: the operator, who destroyed the data, whose data (the subject's
name), the categories destroyed, the information system, the method, the ground, the date, and —
for automated processing — the extract from the event log. Written after an erase as .xlsx and as a
printable HTML page with signature lines, in Russian or English. The subject's name exists only in
this file and in memory: the vault no longer holds it.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

from clientbook.core.exporting.safety import atomic_target, is_dangerous
from clientbook.core.privacy.erase import EraseResult

TEXT: dict[str, dict[str, str]] = {
    "ru": {
        "title": "Акт об уничтожении персональных данных",
        "number": "Номер акта", "operator": "Оператор (наименование, адрес)",
        "system": "Информационная система", "subject": "Субъект персональных данных",
        "when": "Дата и время уничтожения", "who": "Уничтожение выполнил(а)", "ground": "Основание",
        "method": "Способ уничтожения", "destroyed": "Уничтоженные персональные данные",
        "category": "Категория", "count": "Количество записей",
        "anonymised": "Покупки обезличены (сохранены дата и сумма без субъекта)",
        "redacted": "Записи журнала изменений очищены (хэши цепочки сохранены)",
        "backups": "Резервные копии, ещё содержащие данные, и срок их удаления",
        "backup": "Копия", "leaves": "Удаляется не позднее", "none": "нет",
        "log": "Выгрузка из журнала регистрации событий",
        "log_cols": "№|Время (UTC)|Пользователь|Действие|Объект|Поле|Хэш",
        "sign": "Подписи лиц, уничтоживших персональные данные",
        "sign_line": "должность ____________  подпись ____________  Ф. И. О. ____________________",
        "method_text": "Удаление записей из зашифрованной базы данных с перезаписью освобождённых страниц "
                       "(secure_delete, VACUUM), перестроение поискового индекса, очистка журнала изменений",
        "withdrawal": "Отзыв субъектом согласия на обработку (ч. 5 ст. 21 152-ФЗ)",
        "request": "Требование субъекта персональных данных (ч. 1 ст. 21 152-ФЗ)",
        "end_of_purpose": "Достижение цели обработки (ч. 4 ст. 21 152-ФЗ)",
        "clients": "Карточка клиента", "phones": "Телефоны", "emails": "Адреса эл. почты",
        "contact_persons": "Контактные лица", "interactions": "История взаимодействий", "purchases": "Покупки",
        "reminders": "Напоминания", "consents": "Согласия", "custom_values": "Дополнительные поля",
        "client_tags": "Метки",
    },
    "en": {
        "title": "Act of destruction of personal data",
        "number": "Act number", "operator": "Operator (name, address)",
        "system": "Information system", "subject": "Data subject",
        "when": "Date and time of destruction", "who": "Destroyed by", "ground": "Ground",
        "method": "Method of destruction", "destroyed": "Personal data destroyed",
        "category": "Category", "count": "Rows",
        "anonymised": "Purchases anonymised (date and amount kept without the subject)",
        "redacted": "Change-log entries redacted (chain hashes kept)",
        "backups": "Backups still holding the data, and when they are deleted",
        "backup": "Backup", "leaves": "Deleted by", "none": "none",
        "log": "Extract from the event log",
        "log_cols": "No.|Time (UTC)|User|Action|Object|Field|Hash",
        "sign": "Signatures of the persons who destroyed the personal data",
        "sign_line": "position ____________  signature ____________  full name ____________________",
        "method_text": "Deletion of the rows from the encrypted database with freed pages overwritten "
                       "(secure_delete, VACUUM), search index rebuilt, change log redacted",
        "withdrawal": "Consent to processing withdrawn by the subject (152-FZ art. 21 part 5)",
        "request": "Request of the data subject (152-FZ art. 21 part 1)",
        "end_of_purpose": "Purpose of processing achieved (152-FZ art. 21 part 4)",
        "clients": "Client card", "phones": "Phones", "emails": "E-mail addresses",
        "contact_persons": "Contact persons", "interactions": "Interaction history", "purchases": "Purchases",
        "reminders": "Reminders", "consents": "Consents", "custom_values": "Custom fields", "client_tags": "Tags",
    },
}


def _t(lang: str) -> dict[str, str]:
    return TEXT["ru" if lang == "ru" else "en"]


def contents(result: EraseResult, *, vault_name: str, lang: str) -> dict[str, Any]:
    """The act as plain data, shared by both writers (and checked by the tests)."""
    t = _t(lang)
    local = result.at.replace(tzinfo=dt.UTC).astimezone()
    fields = [
        (t["number"], result.erasure_id),
        (t["operator"], ""),
        (t["system"], f"Clientbook, {vault_name}"),
        (t["subject"], result.subject),
        (t["when"], f"{local:%Y-%m-%d %H:%M:%S %z} ({result.at:%Y-%m-%d %H:%M:%S} UTC)"),
        (t["who"], result.actor),
        (t["ground"], t[result.ground]),
        (t["method"], t["method_text"]),
    ]
    destroyed = [(t.get(name, name), count) for name, count in result.counts.items() if count]
    destroyed += [(t["anonymised"], result.anonymised_purchases), (t["redacted"], result.redacted_entries)]
    backups = [(b["file"], b.get("leaves_by") or "") for b in result.holding]
    log = [(e["id"], str(e["at"])[:19], e["actor"] or "", e["action"], e["entity"], e["field"] or "",
            str(e["hash"])[:16]) for e in result.log_extract]
    return {"title": t["title"], "fields": fields, "destroyed": destroyed, "backups": backups, "log": log}


def _cell(sheet: Any, value: Any) -> Any:
    from openpyxl.cell.cell import Cell

    cell = Cell(sheet, value=value)
    if isinstance(value, str) and is_dangerous(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def write_xlsx(result: EraseResult, target: Path, *, vault_name: str, lang: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    t, act = _t(lang), contents(result, vault_name=vault_name, lang=lang)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Акт" if lang == "ru" else "Act"
    sheet.append([act["title"]])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    for label, value in act["fields"]:
        sheet.append([_cell(sheet, label), _cell(sheet, value)])
    sheet.append([])
    sheet.append([t["destroyed"]])
    sheet.append([t["category"], t["count"]])
    for label, count in act["destroyed"]:
        sheet.append([label, count])
    sheet.append([])
    sheet.append([t["backups"]])
    sheet.append([t["backup"], t["leaves"]])
    for row in act["backups"] or [(t["none"], "")]:
        sheet.append(list(row))
    sheet.append([])
    sheet.append([t["sign"]])
    sheet.append([t["sign_line"]])
    sheet.append([t["sign_line"]])
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 70
    log = book.create_sheet("Журнал" if lang == "ru" else "Event log")
    log.append(t["log_cols"].split("|"))
    for row in act["log"]:
        log.append([_cell(log, v) for v in row])
    with atomic_target(target) as temp:
        book.save(temp)


def write_html(result: EraseResult, target: Path, *, vault_name: str, lang: str) -> None:
    """A printable page (File ▸ Print in any browser), self-contained, no scripts or outside links."""
    t, act = _t(lang), contents(result, vault_name=vault_name, lang=lang)
    e = html.escape

    def table(header: list[str], rows: list[tuple[Any, ...]]) -> str:
        head = "".join(f"<th>{e(h)}</th>" for h in header)
        body = "".join("<tr>" + "".join(f"<td>{e(str(v))}</td>" for v in row) + "</tr>" for row in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    fields = "".join(f"<tr><th>{e(k)}</th><td>{e(str(v)) or '&nbsp;' * 40}</td></tr>" for k, v in act["fields"])
    page = f"""<!DOCTYPE html>
<html lang="{'ru' if lang == 'ru' else 'en'}"><head><meta charset="utf-8"><title>{e(act['title'])}</title>
<style>body{{font-family:serif;margin:2cm;font-size:12pt}}h1{{font-size:16pt;text-align:center}}
table{{border-collapse:collapse;width:100%;margin:0.5em 0 1em}}th,td{{border:1px solid #444;padding:3px 6px;
text-align:left;vertical-align:top}}.sign{{margin-top:2em}}@media print{{body{{margin:1cm}}}}</style></head>
<body><h1>{e(act['title'])}</h1>
<table>{fields}</table>
<h2>{e(t['destroyed'])}</h2>{table([t['category'], t['count']], act['destroyed'])}
<h2>{e(t['backups'])}</h2>{table([t['backup'], t['leaves']], act['backups'] or [(t['none'], '')])}
<h2>{e(t['log'])}</h2>{table(t['log_cols'].split('|'), act['log'])}
<div class="sign"><p>{e(t['sign'])}:</p><p>{e(t['sign_line'])}</p><p>{e(t['sign_line'])}</p></div>
</body></html>
"""
    with atomic_target(target) as temp:
        temp.write_text(page, encoding="utf-8")


def write_act(result: EraseResult, target: Path, *, vault_name: str, lang: str) -> list[Path]:
    """The .xlsx act at `target` (suffix set to .xlsx) and its printable .html beside it."""
    xlsx = Path(target).with_suffix(".xlsx")
    page = xlsx.with_suffix(".html")
    write_xlsx(result, xlsx, vault_name=vault_name, lang=lang)
    write_html(result, page, vault_name=vault_name, lang=lang)
    return [xlsx, page]
