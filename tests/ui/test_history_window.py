"""The global History window: entries from every client, filters, and opening the client."""

from __future__ import annotations

import datetime as dt

import pytest
from card_helpers import add_client, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from clientbook.core import history
from clientbook.ui.card import ClientCard
from clientbook.ui.history_window import HistoryWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def rows(window: HistoryWindow) -> list[tuple[str, str, str]]:
    tree = window.tree
    return [(tree.topLevelItem(i).text(1), tree.topLevelItem(i).text(2), tree.topLevelItem(i).text(3))
            for i in range(tree.topLevelItemCount())]


def test_entry_added_in_the_card_shows_in_the_card_and_the_history_window(qtbot, vault, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    client_id = add_client(vault)
    card = ClientCard(vault, client_id)
    qtbot.addWidget(card)
    card.show()
    card.tabs.setCurrentWidget(card.history)
    type_text(card.history.new_text, "Перезвонил, договорились о встрече")
    qtbot.mouseClick(card.history.add_button, Qt.MouseButton.LeftButton)
    assert card.history.tree.topLevelItem(0).text(2) == "Перезвонил, договорились о встрече"

    window = HistoryWindow(vault)
    qtbot.addWidget(window)
    window.show()
    assert rows(window) == [("Иванов Пётр", "Call", "Перезвонил, договорились о встрече")]
    opened: list[int] = []
    window.open_client.connect(opened.append)
    tree = window.tree
    rect = tree.visualItemRect(tree.topLevelItem(0))
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [client_id]


def test_filters_by_period_kind_author_and_text(qtbot, vault):  # type: ignore[no-untyped-def]
    first = add_client(vault)
    second = add_client(vault, last_name="Смирнова", first_name="Ольга", phones=["89031234567"])
    with vault.transaction(actor="anna") as session:
        history.add_interaction(session, first, "call", text="Старый звонок", occurred_at=dt.datetime(2023, 5, 1, 12))
    with vault.transaction(actor="boris") as session:
        history.add_interaction(session, second, "meeting", text="Встреча по договору",
                                occurred_at=dt.datetime(2024, 6, 1, 12))
        history.add_interaction(session, first, "email", subject="Счёт", text="Отправили счёт",
                                occurred_at=dt.datetime(2024, 6, 2, 12))
    window = HistoryWindow(vault)
    qtbot.addWidget(window)
    assert [r[0] for r in rows(window)] == ["Иванов Пётр", "Смирнова Ольга", "Иванов Пётр"]  # newest first

    window.since.set_date(dt.date(2024, 1, 1))
    assert len(rows(window)) == 2
    window.until.set_date(dt.date(2024, 6, 1))
    assert rows(window) == [("Смирнова Ольга", "Meeting", "Встреча по договору")]
    window.since.clear()
    window.until.clear()
    window.kind.setCurrentIndex(window.kind.findData("call"))
    assert rows(window) == [("Иванов Пётр", "Call", "Старый звонок")]
    window.kind.setCurrentIndex(0)
    window.author.setCurrentIndex(window.author.findData("boris"))
    assert len(rows(window)) == 2
    window.author.setCurrentIndex(0)
    type_text(window.text, "Счёт")
    qtbot.waitUntil(lambda: len(rows(window)) == 1)
    assert rows(window) == [("Иванов Пётр", "E-mail", "Счёт — Отправили счёт")]
