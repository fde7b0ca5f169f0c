"""Export columns and presets (SPEC §9): e-mail mailing, SMS mailing, full card.

Every column has two equivalent definitions: ``get`` reads a loaded ClientRecord (mailing mode, one
row per address, vCard), and ``sql`` + ``convert`` compute the same value in the one query of a plain
one-row-per-client export (clientbook.core.exporting.flat), so 100,000 clients never pass through
Python objects. ``sql`` is an expression over ``c`` (clients) and ``st`` (client_stats, LEFT JOINed);
a test checks that both give the same cells.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from clientbook.core.exporting.records import ClientRecord, as_date, custom_value
from clientbook.core.validation import format_date

# A value getter gets the record and the address of this row (per-address export) or None.
Getter = Callable[[ClientRecord, str | None], Any]
Converter = Callable[[Any], Any]


@dataclass(frozen=True)
class Column:
    key: str
    ru: str
    en: str
    kind: str  # text, phone, email, date, number, money, bool
    width: int
    get: Getter
    sql: str = "NULL"  # the same value in SQL (see the module docstring)
    convert: Converter | None = None  # the SQL value to what `get` returns; None: as it comes
    takes_address: bool = False  # shows the row's address when there is one (mailing, one row per address)

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


@functools.lru_cache(maxsize=65536)
def birthday_from_key(key: int | None) -> dt.date | str | None:
    """birthday() from ``year * 10000 + month * 100 + day`` (year 0 when unknown), as the flat query gives it.

    Cached: a few tens of thousands of distinct keys, and a record built per row was a tenth of a .csv export."""
    if not key:
        return None
    year, rest = divmod(int(key), 10000)
    month, day = divmod(rest, 100)
    return birthday(ClientRecord(0, {"birth_day": day, "birth_month": month, "birth_year": year or None}), None)


def _field(name: str) -> Getter:
    return lambda r, _a: r.fields.get(name)


def _as_bool(value: Any) -> bool:
    return bool(value)


def _money(minor: Any) -> Decimal:
    return (Decimal(int(minor or 0)) / 100).quantize(Decimal("0.01"))


def _int(value: Any) -> int:
    return int(value or 0)


# The same orders as records.load_records: the card's own numbers / addresses first, then contacts'.
PHONE_ORDER = "p.contact_id IS NOT NULL, p.contact_id, p.is_primary DESC, p.position, p.id"
EMAIL_ORDER = "m.contact_id IS NOT NULL, m.contact_id, m.is_primary DESC, m.position, m.id"
_PHONE_TEXT = ("coalesce(nullif(p.e164, ''), coalesce(p.raw, '')) || CASE WHEN coalesce(p.extension, '') != '' "
               "AND coalesce(nullif(p.e164, ''), coalesce(p.raw, '')) != '' THEN ' доб. ' || p.extension ELSE '' END")
SQL_PRIMARY_PHONE = (f"(SELECT {_PHONE_TEXT} FROM phones p WHERE p.client_id = c.id "
                     f"AND (coalesce(p.e164, '') != '' OR coalesce(p.raw, '') != '') ORDER BY {PHONE_ORDER} LIMIT 1)")
SQL_ALL_PHONES = (f"(SELECT nullif(group_concat({_PHONE_TEXT}, '; ' ORDER BY {PHONE_ORDER}), '') "
                  f"FROM phones p WHERE p.client_id = c.id)")
SQL_PRIMARY_EMAIL = (f"(SELECT m.address FROM emails m WHERE m.client_id = c.id "
                     f"ORDER BY coalesce(m.valid, 0) = 0, {EMAIL_ORDER} LIMIT 1)")
SQL_ALL_EMAILS = (f"(SELECT nullif(group_concat(m.address, '; ' ORDER BY {EMAIL_ORDER}), '') "
                  f"FROM emails m WHERE m.client_id = c.id)")
SQL_TAGS = ("(SELECT nullif(group_concat(t.name, '; ' ORDER BY t.key), '') FROM client_tags ct "
            "JOIN tags t ON t.id = ct.tag_id WHERE ct.client_id = c.id)")
SQL_BIRTHDAY_KEY = ("CASE WHEN c.birth_day > 0 AND c.birth_month > 0 "
                    "THEN coalesce(c.birth_year, 0) * 10000 + c.birth_month * 100 + c.birth_day END")


def _text(key: str, ru: str, en: str, width: int) -> Column:
    return Column(key, ru, en, "text", width, _field(key), sql=f"c.{key}")


def _address_or(getter: Callable[[ClientRecord], Any]) -> Getter:
    return lambda r, a: a if a is not None else getter(r)


_BASE: list[Column] = [
    Column("id", "№", "ID", "number", 8, lambda r, _a: r.id, sql="c.id"),
    _text("display_name", "Клиент", "Client", 32),
    _text("last_name", "Фамилия", "Last name", 18),
    _text("first_name", "Имя", "First name", 14),
    _text("middle_name", "Отчество", "Middle name", 18),
    _text("company_name", "Компания", "Company", 28),
    _text("kind", "Тип", "Kind", 10),
    _text("inn", "ИНН", "INN", 14),
    _text("position", "Должность", "Position", 20),
    Column("email", "Эл. почта", "E-mail", "email", 30, _address_or(primary_email), sql=SQL_PRIMARY_EMAIL,
           takes_address=True),
    Column("phone", "Телефон", "Phone", "phone", 18, _address_or(primary_phone), sql=SQL_PRIMARY_PHONE,
           takes_address=True),
    Column("emails", "Все адреса эл. почты", "All e-mails", "text", 36,
           lambda r, _a: "; ".join(e.address for e in r.emails) or None, sql=SQL_ALL_EMAILS),
    Column("phones", "Все телефоны", "All phones", "phone", 36,
           lambda r, _a: "; ".join(phone_text(p.e164, p.raw, p.extension) for p in r.phones) or None,
           sql=SQL_ALL_PHONES),
    _text("city", "Город", "City", 16),
    _text("region", "Регион", "Region", 18),
    _text("address", "Адрес", "Address", 36),
    _text("country", "Страна", "Country", 8),
    Column("birthday", "День рождения", "Birthday", "date", 14, birthday, sql=SQL_BIRTHDAY_KEY,
           convert=birthday_from_key),
    _text("gender", "Пол", "Gender", 6),
    _text("status", "Статус", "Status", 10),
    _text("temperature", "Температура", "Temperature", 12),
    _text("behaviour", "Тип поведения", "Behaviour", 14),
    Column("debtor", "Должник", "Debtor", "bool", 9, _field("debtor"), sql="c.debtor", convert=_as_bool),
    Column("tags", "Метки", "Tags", "text", 24, lambda r, _a: "; ".join(r.tags) or None, sql=SQL_TAGS),
    _text("source", "Источник", "Source", 16),
    _text("family_status", "Семейное положение", "Family status", 16),
    _text("family_note", "Семья, дети", "Family note", 24),
    _text("interests", "Интересы", "Interests", 28),
    Column("purchases", "Покупок", "Purchases", "number", 10, lambda r, _a: r.purchases,
           sql="st.purchase_count", convert=_int),
    Column("revenue", "Сумма покупок", "Revenue", "money", 14, lambda r, _a: r.revenue,
           sql="st.purchase_total", convert=_money),
    Column("last_purchase", "Последняя покупка", "Last purchase", "date", 14, lambda r, _a: r.last_purchase,
           sql="st.last_purchase", convert=as_date),
    Column("next_contact_date", "Следующий контакт", "Next contact", "date", 14, _field("next_contact_date"),
           sql="c.next_contact_date", convert=as_date),
    Column("created_at", "Создан", "Created", "date", 12, _field("created_at"), sql="c.created_at", convert=as_date),
    _text("notes", "Заметки", "Notes", 40),
]
COLUMNS: dict[str, Column] = {c.key: c for c in _BASE}

PRESETS: dict[str, tuple[str, ...]] = {
    "email": ("display_name", "last_name", "first_name", "middle_name", "email", "city"),
    "sms": ("display_name", "first_name", "middle_name", "phone", "city"),
    "full": tuple(c.key for c in _BASE),
}
PRESET_CHANNEL = {"email": "email", "sms": "sms", "full": "email"}


def custom_column(key: str, label: str, ftype: str, field_id: int | None = None) -> Column:
    kind = {"number": "number", "date": "date", "bool": "bool"}.get(ftype, "text")
    stored = {"number": "value_number", "date": "value_date"}.get(ftype, "value_text")
    sql = (f"(SELECT v.{stored} FROM custom_values v WHERE v.client_id = c.id AND v.contact_id IS NULL "
           f"AND v.field_id = {int(field_id)})") if field_id is not None else "NULL"

    def convert(value: Any) -> Any:
        return custom_value(ftype, value if stored == "value_text" else None,
                            value if stored == "value_number" else None, value if stored == "value_date" else None)

    return Column(f"custom:{key}", label, label, kind, 18, lambda r, _a: r.custom.get(key), sql=sql, convert=convert)


def plain_value(value: Any) -> Any:
    """Decimals stay exact; everything else as is."""
    return value if not isinstance(value, Decimal) else value.quantize(Decimal("0.01"))
