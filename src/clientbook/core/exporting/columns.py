"""Export columns and presets (SPEC §9): e-mail mailing, SMS mailing, full card."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from clientbook.core.exporting.records import ClientRecord
from clientbook.core.validation import format_date

# A value getter gets the record and the address of this row (per-address export) or None.
Getter = Callable[[ClientRecord, str | None], Any]


@dataclass(frozen=True)
class Column:
    key: str
    ru: str
    en: str
    kind: str  # text, phone, email, date, number, money, bool
    width: int
    get: Getter

    def header(self, lang: str) -> str:
        return self.ru if lang == "ru" else self.en


def phone_text(e164: str | None, raw: str, extension: str | None) -> str:
    number = e164 or raw
    return f"{number} доб. {extension}" if extension and number else number


def primary_phone(record: ClientRecord) -> str | None:
    for phone in record.phones:
        if phone.e164 or phone.raw:
            return phone_text(phone.e164, phone.raw, phone.extension)
    return None


def primary_email(record: ClientRecord) -> str | None:
    valid = [e.address for e in record.emails if e.valid]
    return valid[0] if valid else (record.emails[0].address if record.emails else None)


def birthday(record: ClientRecord, _addr: str | None) -> dt.date | str | None:
    """A real date when the year is known, else "15.03" (a date without a year cannot be a date cell)."""
    f = record.fields
    day, month, year = f.get("birth_day"), f.get("birth_month"), f.get("birth_year")
    if not day or not month:
        return None
    if year:
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            return format_date(int(day), int(month), int(year))
    return f"{int(day):02d}.{int(month):02d}"


def _field(name: str) -> Getter:
    return lambda r, _a: r.fields.get(name)


def _address_or(getter: Callable[[ClientRecord], Any]) -> Getter:
    return lambda r, a: a if a is not None else getter(r)


_BASE: list[Column] = [
    Column("id", "№", "ID", "number", 8, lambda r, _a: r.id),
    Column("display_name", "Клиент", "Client", "text", 32, _field("display_name")),
    Column("last_name", "Фамилия", "Last name", "text", 18, _field("last_name")),
    Column("first_name", "Имя", "First name", "text", 14, _field("first_name")),
    Column("middle_name", "Отчество", "Middle name", "text", 18, _field("middle_name")),
    Column("company_name", "Компания", "Company", "text", 28, _field("company_name")),
    Column("kind", "Тип", "Kind", "text", 10, _field("kind")),
    Column("inn", "ИНН", "INN", "text", 14, _field("inn")),
    Column("position", "Должность", "Position", "text", 20, _field("position")),
    Column("email", "Эл. почта", "E-mail", "email", 30, _address_or(primary_email)),
    Column("phone", "Телефон", "Phone", "phone", 18, _address_or(primary_phone)),
    Column("emails", "Все адреса эл. почты", "All e-mails", "text", 36,
           lambda r, _a: "; ".join(e.address for e in r.emails) or None),
    Column("phones", "Все телефоны", "All phones", "phone", 36,
           lambda r, _a: "; ".join(phone_text(p.e164, p.raw, p.extension) for p in r.phones) or None),
    Column("city", "Город", "City", "text", 16, _field("city")),
    Column("region", "Регион", "Region", "text", 18, _field("region")),
    Column("address", "Адрес", "Address", "text", 36, _field("address")),
    Column("country", "Страна", "Country", "text", 8, _field("country")),
    Column("birthday", "День рождения", "Birthday", "date", 14, birthday),
    Column("gender", "Пол", "Gender", "text", 6, _field("gender")),
    Column("status", "Статус", "Status", "text", 10, _field("status")),
    Column("temperature", "Температура", "Temperature", "text", 12, _field("temperature")),
    Column("behaviour", "Тип поведения", "Behaviour", "text", 14, _field("behaviour")),
    Column("debtor", "Должник", "Debtor", "bool", 9, _field("debtor")),
    Column("tags", "Метки", "Tags", "text", 24, lambda r, _a: "; ".join(r.tags) or None),
    Column("source", "Источник", "Source", "text", 16, _field("source")),
    Column("family_status", "Семейное положение", "Family status", "text", 16, _field("family_status")),
    Column("family_note", "Семья, дети", "Family note", "text", 24, _field("family_note")),
    Column("interests", "Интересы", "Interests", "text", 28, _field("interests")),
    Column("purchases", "Покупок", "Purchases", "number", 10, lambda r, _a: r.purchases),
    Column("revenue", "Сумма покупок", "Revenue", "money", 14, lambda r, _a: r.revenue),
    Column("last_purchase", "Последняя покупка", "Last purchase", "date", 14, lambda r, _a: r.last_purchase),
    Column("next_contact_date", "Следующий контакт", "Next contact", "date", 14, _field("next_contact_date")),
    Column("created_at", "Создан", "Created", "date", 12, _field("created_at")),
    Column("notes", "Заметки", "Notes", "text", 40, _field("notes")),
]
COLUMNS: dict[str, Column] = {c.key: c for c in _BASE}

PRESETS: dict[str, tuple[str, ...]] = {
    "email": ("display_name", "last_name", "first_name", "middle_name", "email", "city"),
    "sms": ("display_name", "first_name", "middle_name", "phone", "city"),
    "full": tuple(c.key for c in _BASE),
}
PRESET_CHANNEL = {"email": "email", "sms": "sms", "full": "email"}


def custom_column(key: str, label: str, ftype: str) -> Column:
    kind = {"number": "number", "date": "date", "bool": "bool"}.get(ftype, "text")
    return Column(f"custom:{key}", label, label, kind, 18, lambda r, _a: r.custom.get(key))


def plain_value(value: Any) -> Any:
    """Decimals stay exact; everything else as is."""
    return value if not isinstance(value, Decimal) else value.quantize(Decimal("0.01"))
