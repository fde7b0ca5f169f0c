"""Export columns and presets (SPEC §9): e-mail mailing, SMS mailing, full card.

Each column is an SQL expression over ``c`` (clients) and ``st`` (client_stats, LEFT JOINed), evaluated
in the one query of every export (exporting.rows), plus an optional ``convert`` that turns the SQL value
into the cell's type (a date, money as Decimal, yes/no). 100,000 clients never pass through Python
objects. The coded columns (kind, status, ...) say their words in SQL too (``Column.expression``), so
labelling costs nothing per row.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from clientbook.core.code_labels import CODE_LABELS
from clientbook.core.validation import format_date

Converter = Callable[[Any], Any]


@dataclass(frozen=True)
class Column:
    key: str
    ru: str
    en: str
    kind: str  # text, phone, email, date, number, money, bool
    width: int
    sql: str = "NULL"  # the value in SQL (see the module docstring)
    convert: Converter | None = None  # the SQL value to the cell's value; None: as it comes
    takes_address: bool = False  # shows the row's address when there is one (mailing, one row per address)

    def header(self, lang: str) -> str:
        return self.ru if lang == "ru" else self.en

    def expression(self, lang: str, codes: bool) -> str:
        """The SQL of the cell: a stored code in the user's words unless `codes` (a file to re-import)."""
        words = CODE_LABELS.get(self.key)
        if codes or not words:
            return self.sql
        index = 0 if lang == "ru" else 1
        cases = " ".join(f"WHEN {_quote(code)} THEN {_quote(pair[index])}" for code, pair in words.items())
        return f"CASE {self.sql} {cases} ELSE {self.sql} END"


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def phone_text(e164: str | None, raw: str, extension: str | None) -> str:
    number = e164 or raw
    return f"{number} доб. {extension}" if extension and number else number


def as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value if not isinstance(value, dt.datetime) else value.date()
    return _iso_date(str(value)[:10])


@functools.lru_cache(maxsize=65536)
def _iso_date(text_value: str) -> dt.date | None:
    """Cached: an export of 100,000 clients reads a few thousand distinct days 300,000 times."""
    try:
        return dt.date.fromisoformat(text_value)
    except ValueError:
        return None


@functools.lru_cache(maxsize=65536)
def birthday_from_key(key: int | None) -> dt.date | str | None:
    """The birthday cell from ``year * 10000 + month * 100 + day`` (year 0 when unknown): a real date when
    the year is known, else "15.03" (a date without a year cannot be a date cell); an impossible date
    an import left stays text. Cached: a few tens of thousands of distinct keys."""
    if not key:
        return None
    year, rest = divmod(int(key), 10000)
    month, day = divmod(rest, 100)
    if not day or not month:
        return None
    if year:
        try:
            return dt.date(year, month, day)
        except ValueError:
            return format_date(day, month, year)
    return f"{day:02d}.{month:02d}"


def custom_value(ftype: str, vtext: str | None, vnum: float | None, vdate: Any) -> Any:
    if ftype == "number":
        return vnum
    if ftype == "date":
        return as_date(vdate)
    if ftype == "bool":
        return vtext == "true" if vtext else None
    if ftype == "multi" and vtext:
        try:
            return "; ".join(str(v) for v in json.loads(vtext))
        except ValueError:
            return vtext
    return vtext


def as_bool(value: Any) -> bool:
    return bool(value)


def money(minor: Any) -> Decimal:
    """Money is stored in minor units (kopecks)."""
    return (Decimal(int(minor or 0)) / 100).quantize(Decimal("0.01"))


def as_count(value: Any) -> int:
    return int(value or 0)


@dataclass(frozen=True)
class Cells:
    """How one writer wants the columns' values: each cell's SQL, and what Python still does to it
    (None: the SQL value is the cell). The .xlsx and vCard writers take typed values (Cells.typed);
    the .csv writer takes text, most of it made in SQL (csvfile.text_cells)."""

    sql: list[str]
    convert: list[Converter | None]

    @classmethod
    def typed(cls, columns: list[Column], lang: str, codes: bool) -> Cells:
        return cls([c.expression(lang, codes) for c in columns], [c.convert for c in columns])


# The card's own numbers / addresses first, then its contact persons'.
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
    return Column(key, ru, en, "text", width, sql=f"c.{key}")


_BASE: list[Column] = [
    Column("id", "№", "ID", "number", 8, sql="c.id"),
    _text("display_name", "Клиент", "Client", 32),
    _text("last_name", "Фамилия", "Last name", 18),
    _text("first_name", "Имя", "First name", 14),
    _text("middle_name", "Отчество", "Middle name", 18),
    _text("company_name", "Компания", "Company", 28),
    _text("kind", "Тип", "Kind", 10),
    _text("inn", "ИНН", "INN", 14),
    _text("position", "Должность", "Position", 20),
    Column("email", "Эл. почта", "E-mail", "email", 30, sql=SQL_PRIMARY_EMAIL,
           takes_address=True),
    Column("phone", "Телефон", "Phone", "phone", 18, sql=SQL_PRIMARY_PHONE,
           takes_address=True),
    Column("emails", "Все адреса эл. почты", "All e-mails", "text", 36, sql=SQL_ALL_EMAILS),
    Column("phones", "Все телефоны", "All phones", "phone", 36, sql=SQL_ALL_PHONES),
    _text("city", "Город", "City", 16),
    _text("region", "Регион", "Region", 18),
    _text("address", "Адрес", "Address", 36),
    _text("country", "Страна", "Country", 8),
    Column("birthday", "День рождения", "Birthday", "date", 14, sql=SQL_BIRTHDAY_KEY,
           convert=birthday_from_key),
    _text("gender", "Пол", "Gender", 6),
    _text("status", "Статус", "Status", 10),
    _text("temperature", "Температура", "Temperature", 12),
    _text("behaviour", "Тип поведения", "Behaviour", 14),
    Column("debtor", "Должник", "Debtor", "bool", 9, sql="c.debtor", convert=as_bool),
    Column("tags", "Метки", "Tags", "text", 24, sql=SQL_TAGS),
    _text("source", "Источник", "Source", 16),
    _text("family_status", "Семейное положение", "Family status", 16),
    _text("family_note", "Семья, дети", "Family note", 24),
    _text("interests", "Интересы", "Interests", 28),
    Column("purchases", "Покупок", "Purchases", "number", 10, sql="st.purchase_count", convert=as_count),
    Column("revenue", "Сумма покупок", "Revenue", "money", 14, sql="st.purchase_total", convert=money),
    Column("last_purchase", "Последняя покупка", "Last purchase", "date", 14, sql="st.last_purchase", convert=as_date),
    Column("next_contact_date", "Следующий контакт", "Next contact", "date", 14, sql="c.next_contact_date", convert=as_date),
    Column("created_at", "Создан", "Created", "date", 12, sql="c.created_at", convert=as_date),
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

    return Column(f"custom:{key}", label, label, kind, 18, sql=sql, convert=convert)



def sealed_column(key: str, label: str, ftype: str, field_id: int, opener: Callable[[bytes], str | None]) -> Column:
    """A sensitive custom field's column for a user who may see it: the sealed blob is read in SQL
    and opened here, row by row (a value stored before the field was sealed reads as it is)."""
    kind = {"number": "number", "date": "date", "bool": "bool"}.get(ftype, "text")
    sql = (f"(SELECT coalesce(v.sealed, v.value_text) FROM custom_values v WHERE v.client_id = c.id "
           f"AND v.contact_id IS NULL AND v.field_id = {int(field_id)})")

    def convert(value: Any) -> Any:
        if value is None:
            return None
        plain = opener(value) if isinstance(value, bytes) else str(value)
        if plain is None:
            return None
        if ftype == "number":
            try:
                return float(plain)
            except ValueError:
                return plain
        return custom_value(ftype, plain, None, plain if ftype == "date" else None)

    return Column(f"custom:{key}", label, label, kind, 18, sql=sql, convert=convert)
