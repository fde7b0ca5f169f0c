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


def rows(window: HistoryWindow, qtbot) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """The rows once the newest reading has arrived (the window reads on a worker)."""
    qtbot.waitUntil(lambda: window.is_loaded)
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
    assert rows(window, qtbot) == [("Иванов Пётр", "Call", "Перезвонил, договорились о встрече")]
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
    assert [r[0] for r in rows(window, qtbot)] == ["Иванов Пётр", "Смирнова Ольга", "Иванов Пётр"]  # newest first

    window.since.set_date(dt.date(2024, 1, 1))
    assert len(rows(window, qtbot)) == 2
    window.until.set_date(dt.date(2024, 6, 1))
    assert rows(window, qtbot) == [("Смирнова Ольга", "Meeting", "Встреча по договору")]
    window.since.clear()
    window.until.clear()
    window.kind.setCurrentIndex(window.kind.findData("call"))
    assert rows(window, qtbot) == [("Иванов Пётр", "Call", "Старый звонок")]
    window.kind.setCurrentIndex(0)
    rows(window, qtbot)  # the author list arrives with the first page
    window.author.setCurrentIndex(window.author.findData("boris"))
    assert len(rows(window, qtbot)) == 2
    window.author.setCurrentIndex(0)
    type_text(window.text, "Счёт")
    qtbot.waitUntil(lambda: window.count.text() == "Entries shown: 1")
    assert rows(window, qtbot) == [("Иванов Пётр", "E-mail", "Счёт — Отправили счёт")]


def test_history_opens_at_once_and_reads_off_the_gui_thread(qtbot, vault, monkeypatch):  # type: ignore[no-untyped-def]
    """The window is shown saying "Loading…" and fills when the worker answers; the query and the author
    list never run on the GUI thread; a newer filter's answer wins over an older one still running."""
    import threading

    from clientbook.ui import history_window as module

    first = add_client(vault)
    with vault.transaction(actor="anna") as session:
        history.add_interaction(session, first, "call", text="Звонок", occurred_at=dt.datetime(2024, 5, 1, 12))
        history.add_interaction(session, first, "meeting", text="Встреча", occurred_at=dt.datetime(2024, 5, 2, 12))
    threads: list[str] = []
    gate = threading.Event()
    real_history, real_authors = history.global_history, history.authors

    def recording_history(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append("history " + threading.current_thread().name)
        gate.wait(10)  # hold the first reading until the test has looked at the "loading" state
        return real_history(*args, **kwargs)

    def recording_authors(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append("authors " + threading.current_thread().name)
        return real_authors(*args, **kwargs)

    monkeypatch.setattr(module.history, "global_history", recording_history)
    monkeypatch.setattr(module.history, "authors", recording_authors)
    window = HistoryWindow(vault)
    qtbot.addWidget(window)
    window.show()
    assert not window.is_loaded and window.count.text() == "Loading…" and window.tree.topLevelItemCount() == 0
    window.kind.setCurrentIndex(window.kind.findData("meeting"))  # supersedes the first reading
    gate.set()
    assert [r[1] for r in rows(window, qtbot)] == ["Meeting"]  # only the newest filter's answer is shown
    assert window.count.text() == "Entries shown: 1"
    called = {entry.split(" ", 1)[0] for entry in threads}
    assert called == {"history", "authors"}
    assert all(entry.split(" ", 1)[1] != threading.main_thread().name for entry in threads)


def test_history_closed_while_reading_drops_the_answer_and_lets_go_of_the_vault(qtbot, vault, monkeypatch):  # type: ignore[no-untyped-def]
    import threading

    from clientbook.ui import history_window as module
    from clientbook.ui import workers

    add_client(vault)
    started, gate = threading.Event(), threading.Event()
    real_history = history.global_history

    def slow_history(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.set()
        gate.wait(10)
        return real_history(*args, **kwargs)

    monkeypatch.setattr(module.history, "global_history", slow_history)
    window = HistoryWindow(vault)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(started.is_set)
    tasks = list(window.reader._tasks)
    gate.set()  # the reading is still on its way when the window closes
    window.close()  # waits for the worker: the main window closes tool windows before it locks
    assert tasks and all(t.done.is_set() for t in tasks)
    vault.close()
    qtbot.waitUntil(lambda: not any(t in workers._live for t in tasks))  # its queued answer was handed in
    assert window.tree.topLevelItemCount() == 0 and not window.is_loaded  # the late answer was dropped


def test_a_long_entry_is_read_whole_in_the_tooltip_of_the_widest_column(qtbot, vault):  # type: ignore[no-untyped-def]
    from clientbook.ui.history_window import COL_WHAT

    client_id = add_client(vault)
    text = "Обсудили условия поставки кофемашин на следующий квартал, скидку за объём и сроки оплаты " * 3
    with vault.transaction() as session:
        history.add_interaction(session, client_id, "meeting", text=text.strip())
    window = HistoryWindow(vault)
    qtbot.addWidget(window)
    window.resize(900, 500)
    window.show()
    rows(window, qtbot)
    item = window.tree.topLevelItem(0)
    assert item.toolTip(COL_WHAT) == item.text(COL_WHAT) and text.strip() in item.text(COL_WHAT)
    widths = [window.tree.columnWidth(c) for c in range(window.tree.columnCount())]
    assert widths[COL_WHAT] == max(widths)  # the text gets the room the other columns leave
