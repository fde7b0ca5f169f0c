"""A small hand-built vault whose segment answers are known by construction (shared by segment and export tests).

TODAY is fixed so date conditions give the same answer every day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from clientbook.core import clients, consents, customfields, history
from clientbook.core.clients import ClientInput, PhoneInput

TODAY = dt.date(2025, 6, 15)


@dataclass
class Known:
    ivanov: int
    sidorova: int
    romashka: int
    archived: int
    elkina: int

    @property
    def active(self) -> set[int]:
        return {self.ivanov, self.sidorova, self.romashka, self.elkina}


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(18, 30))


def build(vault) -> Known:  # type: ignore[no-untyped-def]
    with vault.transaction() as s:
        customfields.define_field(s, "Размер", "number", key="size")
        customfields.define_field(s, "Любимый цвет", "text", key="color")
        ivanov = clients.create_client(s, ClientInput(
            last_name="Иванов", first_name="Пётр", middle_name="Сергеевич", city="Москва", status="active",
            temperature="hot", tags=["VIP", "Опт"], phones=[PhoneInput("8 916 123-45-67")], emails=["ivan@example.ru"],
            birthday="20.06.1980", custom={"size": "42", "color": "Ёлочный зелёный"},
            notes="=HYPERLINK(\"http://evil.example\",\"click\")")).id
        sidorova = clients.create_client(s, ClientInput(
            last_name="Сидорова", first_name="Анна", city="Тверь", status="lead", temperature="warm", tags=["vip"],
            emails=["anna@example.ru"], birthday="29.02", next_contact_date="20.06.2025")).id
        romashka = clients.create_client(s, ClientInput(
            kind="company", company_name="ООО Ромашка", city="москва", status="former", temperature="cold",
            phones=[PhoneInput("+7 495 123-45-67", kind="work")], debtor=True)).id
        archived = clients.create_client(s, ClientInput(last_name="Архивный", first_name="Олег", city="Москва",
                                                        emails=["old@example.ru"])).id
        elkina = clients.create_client(s, ClientInput(last_name="Ёлкина", city="Казань", birthday="31.12.1990")).id
        clients.set_archived(s, [archived], True)
        history.add_purchase(s, ivanov, dt.date(2025, 6, 1), "1000")
        history.add_purchase(s, ivanov, dt.date(2025, 5, 1), "500")
        history.add_purchase(s, sidorova, dt.date(2024, 1, 10), "10 000", paid=False, due_date=dt.date(2024, 2, 1))
        history.add_purchase(s, archived, dt.date(2025, 6, 1), "99999")
        history.add_interaction(s, ivanov, "call", occurred_at=at(dt.date(2025, 6, 10)))
        history.add_interaction(s, romashka, "meeting", occurred_at=at(dt.date(2024, 1, 1)))
        consents.record_consent(s, ivanov, "email", True, at=at(dt.date(2025, 1, 1)))
        consents.record_consent(s, sidorova, "email", True, at=at(dt.date(2025, 1, 1)))
        consents.record_consent(s, sidorova, "email", False, at=at(dt.date(2025, 3, 1)))
        consents.record_consent(s, romashka, "sms", True, at=at(dt.date(2025, 1, 1)))
    return Known(ivanov, sidorova, romashka, archived, elkina)

