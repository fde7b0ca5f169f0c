"""The Today panel: what is due, overdue, and whose birthday is coming; done and snooze."""

from __future__ import annotations

import datetime as dt

import pytest
from card_helpers import add_client, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from clientbook.core import history
from clientbook.core.clients import ContactInput
from clientbook.ui.card import ClientCard
from clientbook.ui.today_panel import TodayPanel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def texts(panel: TodayPanel) -> list[str]:
    tree = panel.tree
    return [" | ".join(tree.topLevelItem(i).text(c) for c in range(3)).strip(" |")
            for i in range(tree.topLevelItemCount())]


def select(panel: TodayPanel, needle: str) -> None:
    tree = panel.tree
    for i in range(tree.topLevelItemCount()):
        if needle in tree.topLevelItem(i).text(1):
            tree.setCurrentItem(tree.topLevelItem(i))
            return
    raise AssertionError(needle)


def test_reminder_due_today_added_in_the_card_appears_in_today(qtbot, vault, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    client_id = add_client(vault)
    card = ClientCard(vault, client_id)
    qtbot.addWidget(card)
    card.show()
    card.tabs.setCurrentWidget(card.reminders)
    type_text(card.reminders.title, "Отправить КП")
    card.reminders.due.set_date(dt.date.today())
    qtbot.mouseClick(card.reminders.add_button, Qt.MouseButton.LeftButton)
    assert card.reminders.tree.topLevelItem(0).text(1) == "Отправить КП"

    panel = TodayPanel(vault)
    qtbot.addWidget(panel)
    assert "Отправить КП | Иванов Пётр" in " ".join(texts(panel))
    opened: list[int] = []
    panel.open_client.connect(opened.append)
    select(panel, "Отправить КП")
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert opened == [client_id]
    qtbot.mouseClick(panel.done_button, Qt.MouseButton.LeftButton)
    assert "Отправить КП" not in " ".join(texts(panel))
    with vault.session() as session:
        assert history.client_reminders(session, client_id)[0].done_at is not None


def test_overdue_next_contact_snooze_and_birthdays(qtbot, vault):  # type: ignore[no-untyped-def]
    today = dt.date.today()
    soon = today + dt.timedelta(days=3)
    add_client(vault, next_contact_date=today - dt.timedelta(days=2))
    add_client(vault, last_name="Смирнова", first_name="Ольга", phones=[], birthday=f"{soon:%d.%m}",
               contacts=[ContactInput(last_name="Кузнецов", first_name="Олег", birthday=f"{soon:%d.%m}")])
    panel = TodayPanel(vault)
    qtbot.addWidget(panel)
    lines = texts(panel)
    assert lines[0] == "Overdue"
    assert "Contact the client — overdue by 2 day" in lines[1] and lines[1].endswith("| Иванов Пётр")
    assert any("Birthday | Смирнова Ольга" in line for line in lines)
    assert any("Birthday of Кузнецов Олег | Смирнова Ольга" in line for line in lines)
    select(panel, "Contact the client")
    assert panel.done_button.isEnabled()
    panel.snooze(7)
    assert not any("Contact the client" in line for line in texts(panel))
    select(panel, "Birthday of")
    assert not panel.done_button.isEnabled()  # a birthday is not a task


def test_switching_language_retranslates_the_open_panel(qtbot, vault, qapp):  # type: ignore[no-untyped-def]
    from clientbook.ui.i18n import install_translators

    add_client(vault, next_contact_date=dt.date.today())
    panel = TodayPanel(vault)
    qtbot.addWidget(panel)
    assert panel.heading.text() == "Today"
    try:
        install_translators(qapp, "ru")
        qtbot.waitUntil(lambda: panel.heading.text() == "Сегодня")
        assert "Связаться с клиентом" in " ".join(texts(panel))
    finally:
        install_translators(qapp, "en")
    qtbot.waitUntil(lambda: panel.heading.text() == "Today")
