"""What a column can be imported into; the header words that suggest each field, in six languages,
are data (header_words.json, read by headers.py)."""

from __future__ import annotations

from dataclasses import dataclass

from clientbook.core.importing.headers import synonyms

SKIP = "skip"
EXTRA = "extra"  # kept in the card's notes as "Header: value", so nothing is lost
CUSTOM_PREFIX = "custom:"


@dataclass(frozen=True)
class Target:
    key: str
    ru: str
    en: str
    synonyms: tuple[str, ...]
    multi: bool = False  # several columns may feed it (joined or collected)


def _targets(kind: str, rows: tuple[tuple[str, str, str] | tuple[str, str, str, bool], ...]) -> tuple[Target, ...]:
    return tuple(Target(row[0], row[1], row[2], synonyms(kind, row[0]), len(row) == 4 and bool(row[-1]))
                 for row in rows)


# key, Russian label, English label, several columns may feed it; header words in header_words.json
CLIENT_TARGETS: tuple[Target, ...] = _targets("clients", (
    ("full_name", "ФИО", "Full name"),
    ("last_name", "Фамилия", "Last name"),
    ("first_name", "Имя", "First name"),
    ("middle_name", "Отчество", "Middle name"),
    ("company_name", "Компания", "Company"),
    ("inn", "ИНН", "INN (tax id)"),
    ("position", "Должность", "Position"),
    ("phone", "Телефон", "Phone", True),
    ("phone_work", "Телефон рабочий", "Work phone", True),
    ("phone_home", "Телефон домашний", "Home phone", True),
    ("phone_fax", "Факс", "Fax", True),
    ("email", "E-mail", "E-mail", True),
    ("address", "Адрес", "Address", True),
    ("city", "Город", "City"),
    ("region", "Регион", "Region"),
    ("country", "Страна", "Country"),
    ("birthday", "Дата рождения", "Birthday"),
    ("gender", "Пол", "Gender"),
    ("source", "Источник", "Source"),
    ("notes", "Примечание", "Notes", True),
    ("tags", "Метки", "Tags", True),
    ("flag", "Метка «да/нет» (заголовок столбца)", "Yes/no tag (the column header)", True),
    ("client_code", "Код клиента", "Client code"),
    ("consent_email", "Согласие на рассылку (e-mail)", "E-mail consent"),
    ("consent_sms", "Согласие на SMS", "SMS consent"),
))

PURCHASE_TARGETS: tuple[Target, ...] = _targets("purchases", (
    ("client_code", "Код клиента", "Client code"),
    ("full_name", "Клиент (ФИО)", "Client (full name)"),
    ("company_name", "Компания", "Company"),
    ("phone", "Телефон клиента", "Client phone", True),
    ("email", "E-mail клиента", "Client e-mail", True),
    ("date", "Дата", "Date"),
    ("amount", "Сумма", "Amount"),
    ("item", "Товар / услуга", "Item / service"),
    ("quantity", "Количество", "Quantity"),
    ("order_id", "Номер заказа", "Order number"),
    ("paid", "Оплачено", "Paid"),
    ("due_date", "Срок оплаты", "Due date"),
    ("currency", "Валюта", "Currency"),
    ("city", "Город", "City"),
    ("region", "Регион", "Region"),
    ("country", "Страна", "Country"),
))

HISTORY_TARGETS: tuple[Target, ...] = (
    *PURCHASE_TARGETS[:5],  # the same client keys as purchases: code, name, company, phone, e-mail
    *_targets("history", (
        ("date", "Дата (и время)", "Date (and time)"),
        ("time", "Время", "Time"),
        ("kind", "Тип контакта", "Contact kind"),
        ("direction", "Направление", "Direction"),
        ("subject", "Тема", "Subject"),
        ("text", "Текст / описание", "Text / description", True),
        ("outcome", "Результат", "Outcome"),
        ("rating", "Оценка (1–10)", "Rating (1–10)"),
        ("author", "Сотрудник", "Employee"),
        ("next_step", "Следующий шаг", "Next step"),
        ("next_step_date", "Дата следующего шага", "Next step date"),
    )),
    *PURCHASE_TARGETS[-3:],  # city, region, country: for a card made for a client not in the base
)

FIELD_LABELS = {t.key: {"ru": t.ru, "en": t.en} for t in CLIENT_TARGETS}  # for report lines

ALL_KEYS = {t.key for t in CLIENT_TARGETS + PURCHASE_TARGETS + HISTORY_TARGETS} | {SKIP, EXTRA}
LINKED_KINDS = ("purchases", "history")  # rows linked to clients found by code, phone, e-mail or name


def targets_for(kind: str) -> tuple[Target, ...]:
    return {"purchases": PURCHASE_TARGETS, "history": HISTORY_TARGETS}.get(kind, CLIENT_TARGETS)


def is_valid_target(key: str) -> bool:
    return key in ALL_KEYS or (key.startswith(CUSTOM_PREFIX) and len(key) > len(CUSTOM_PREFIX))
