"""The Today panel: what is due, overdue, and whose birthday is coming; done and snooze."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from card_helpers import add_client, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from clientbook.core import history
from clientbook.core.clients import ContactInput
from clientbook.ui.card import ClientCard
from clientbook.ui.today_panel import COL_WHAT, TodayPanel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def loaded(qtbot, panel: TodayPanel) -> TodayPanel:
    """Wait until the read on the worker is on screen (a state, not a time)."""
    qtbot.waitUntil(lambda: panel.is_loaded, timeout=10_000)
    return panel


def texts(panel: TodayPanel) -> list[str]:
    return panel.model.lines()


def select(panel: TodayPanel, needle: str) -> None:
    model = panel.model
    for group_row in range(model.rowCount()):
        parent = model.index(group_row, 0)
        for row in range(model.rowCount(parent)):
            index = model.index(row, COL_WHAT, parent)
            if needle in str(index.data()):
                panel.tree.setCurrentIndex(index)
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
    loaded(qtbot, panel)
    assert "Отправить КП | Иванов Пётр" in " ".join(texts(panel))
    opened: list[int] = []
    panel.open_client.connect(opened.append)
    select(panel, "Отправить КП")
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert opened == [client_id]
    qtbot.mouseClick(panel.done_button, Qt.MouseButton.LeftButton)
    loaded(qtbot, panel)
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
    loaded(qtbot, panel)
    lines = texts(panel)
    assert lines[0] == "Overdue — 1"
    assert "| Contact the client |" in lines[1] and lines[1].endswith("| Иванов Пётр")
    first = panel.model.index(0, COL_WHAT, panel.model.index(0, 0))
    assert "Contact the client — overdue by 2 day" in first.data(Qt.ItemDataRole.ToolTipRole)
    assert first.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#c62828"
    assert any("Birthday | Смирнова Ольга" in line for line in lines)
    assert any("Birthday of Кузнецов Олег | Смирнова Ольга" in line for line in lines)
    select(panel, "Contact the client")
    assert panel.done_button.isEnabled()
    panel.snooze(7)
    loaded(qtbot, panel)
    lines = texts(panel)
    assert "Overdue — 1" not in lines and not any("overdue" in line for line in lines)
    week = lines.index("This week — 1")  # snoozed for a week: due in seven days, no longer overdue
    assert "Contact the client | Иванов Пётр" in lines[week + 1]
    select(panel, "Birthday of")
    assert not panel.done_button.isEnabled()  # a birthday is not a task


def test_switching_language_retranslates_the_open_panel(qtbot, vault, qapp):  # type: ignore[no-untyped-def]
    from clientbook.ui.i18n import install_translators

    add_client(vault, next_contact_date=dt.date.today())
    panel = TodayPanel(vault)
    qtbot.addWidget(panel)
    loaded(qtbot, panel)
    assert panel.heading.text() == "Today"
    try:
        install_translators(qapp, "ru")
        qtbot.waitUntil(lambda: panel.heading.text() == "Сегодня")
        loaded(qtbot, panel)
        assert "Связаться с клиентом" in " ".join(texts(panel))
    finally:
        install_translators(qapp, "en")
    qtbot.waitUntil(lambda: panel.heading.text() == "Today")


ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("size", [(1100, 760), (1600, 1000)])
def test_today_in_the_main_window_is_readable(qtbot, qapp, vault, lang, size):  # type: ignore[no-untyped-def]
    """Docked beside the list: the date column narrow, "What" and the client readable, the buttons
    whole, at both window sizes and in both languages (screenshots in test-artifacts/)."""
    from clientbook.ui.i18n import install_translators
    from clientbook.ui.main_window import MainWindow

    today = dt.date.today()
    client_id = add_client(vault, last_name="Константинопольская", first_name="Александра",
                           next_contact_date=today - dt.timedelta(days=12))
    with vault.transaction() as session:
        history.add_reminder(session, "Отправить коммерческое предложение по оптовым поставкам", today,
                             client_id=client_id)
    install_translators(qapp, lang)
    try:
        window = MainWindow(vault.path)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        window.adopt_vault(vault)
        qtbot.waitUntil(lambda: window.today_dock is not None and window.today_dock.widget().is_loaded,
                        timeout=10_000)
        panel = window.today_dock.widget()
        qtbot.waitUntil(lambda: panel.tree.isVisible())
        ARTIFACTS.mkdir(exist_ok=True)
        window.grab().save(str(ARTIFACTS / f"today_{lang}_{size[0]}x{size[1]}.png"))
        tree, metrics = panel.tree, panel.tree.fontMetrics()
        date_width, what_width, client_width = (tree.columnWidth(c) for c in range(3))
        sample_date = panel.model.date_text(today)
        assert tree.indentation() + metrics.horizontalAdvance(sample_date) < date_width < what_width  # fits
        assert what_width >= metrics.horizontalAdvance("x" * 18)  # a few words of "What", not 4 letters
        assert client_width >= metrics.horizontalAdvance("x" * 12)
        assert date_width + what_width + client_width <= tree.viewport().width() + 1  # the client on screen
        for button in (panel.open_button, panel.done_button, panel.snooze_button):
            assert button.width() >= button.sizeHint().width()  # the caption is not clipped
            right = button.mapTo(panel, button.rect().topRight()).x()
            assert 0 <= right <= panel.width()
    finally:
        window.lock()
        install_translators(qapp, "en")


def test_a_long_group_shows_its_first_lines_and_show_all_reads_the_rest(qtbot, vault):  # type: ignore[no-untyped-def]
    today = dt.date.today()
    for i in range(5):
        add_client(vault, last_name=f"Должников{i}", phones=[], next_contact_date=today - dt.timedelta(days=i + 1))
    panel = TodayPanel(vault, limit=3)
    qtbot.addWidget(panel)
    panel.resize(700, 400)
    panel.show()
    loaded(qtbot, panel)
    lines = texts(panel)
    assert lines[0] == "Overdue — 5"
    assert len(lines) == 5 and lines[-1] == "Show all 5…"  # caption, 3 lines, the link
    assert "Должников4" in lines[1]  # the oldest first
    model = panel.model
    link = model.index(3, COL_WHAT, model.index(0, 0))
    rect = panel.tree.visualRect(link)
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    loaded(qtbot, panel)
    lines = texts(panel)
    assert lines[0] == "Overdue — 5" and len(lines) == 6 and not any(line.startswith("Show all") for line in lines)


def test_the_panel_says_it_is_loading_until_its_first_answer(qtbot, vault):  # type: ignore[no-untyped-def]
    client_id = add_client(vault)
    with vault.transaction() as session:
        history.add_reminder(session, "Позвонить", dt.date.today(), client_id=client_id)
    panel = TodayPanel(vault)
    qtbot.addWidget(panel)
    panel.show()
    assert not panel.is_loaded  # read on a worker: not a blank tree meanwhile
    assert panel.empty.isVisible() and panel.empty.text() == "Loading…" and not panel.tree.isVisible()
    loaded(qtbot, panel)
    assert panel.tree.isVisible() and not panel.empty.isVisible()
    assert any("Позвонить" in line for line in texts(panel))
