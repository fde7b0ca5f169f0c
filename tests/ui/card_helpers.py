"""Shared set-up for the card, History and Today tests: a client with a bit of everything."""

from __future__ import annotations

import datetime as dt

from clientbook.core import consents, history
from clientbook.core.clients import ClientInput, ContactInput, create_client
from clientbook.core.vault import Vault


def add_client(vault: Vault, **fields: object) -> int:
    data = ClientInput(**{"last_name": "Иванов", "first_name": "Пётр", "phones": ["8 916 123-45-67"],
                          **fields})  # type: ignore[arg-type]
    with vault.transaction() as session:
        return create_client(session, data).id


def add_rich_client(vault: Vault, custom: dict[str, object] | None = None) -> int:
    """A client as the screenshots show it: contacts, history, purchases, reminders, consents."""
    client_id = add_client(
        vault, middle_name="Сергеевич", company_name="ООО «Ромашка»", emails=["petr@romashka.ru"],
        city="Тверь", birthday="01.04.1985", tags=["VIP", "опт"], status="active", temperature="hot",
        notes="Предпочитает звонки после 15:00", custom=custom or {},
        contacts=[ContactInput(last_name="Сидорова", first_name="Анна", role="accountant", primary=True,
                               phones=["+7 495 123-45-67 доб. 12"], emails=["anna@romashka.ru"]),
                  ContactInput(last_name="Кузнецов", first_name="Олег", role="director", decision_maker=True,
                               birthday="--05-17")])
    with vault.transaction() as session:
        history.add_interaction(session, client_id, "call", text="Обсудили весенний заказ",
                                occurred_at=dt.datetime(2024, 3, 1, 9, 30))
        history.add_interaction(session, client_id, "meeting", subject="Встреча в офисе", text="Подписали договор",
                                occurred_at=dt.datetime(2024, 3, 5, 12, 0))
        history.add_purchase(session, client_id, dt.date(2024, 3, 6), "125 000,50", item="Диван угловой",
                             quantity="2")
        history.add_purchase(session, client_id, dt.date(2024, 4, 2), "9 900", item="Доставка", paid=False,
                             due_date=dt.date(2024, 4, 20))
        history.add_reminder(session, "Перезвонить по доставке", dt.date.today(), client_id=client_id)
        consents.record_consent(session, client_id, "email", True, source="сайт", evidence="форма №12")
        consents.record_consent(session, client_id, "sms", False, source="звонок")
    return client_id


def type_text(widget: object, text: str) -> None:
    """Type like a keyboard does, Cyrillic included (QTest.keyClicks aborts on non-ASCII characters)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))  # type: ignore[arg-type]
