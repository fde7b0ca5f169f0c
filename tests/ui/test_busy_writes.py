"""While another thread writes the vault (the import wizard's import, a backup), the window does not
wait for it: saving a card says the vault is busy and keeps what was typed; a button whose slot
lets the message out (Today's Done) shows it in one message box; both work once the writer is done.
Driven through the real widgets on a real encrypted vault."""

from __future__ import annotations

import datetime as dt
import sys
import threading
from collections.abc import Iterator

import pytest
from card_helpers import add_client
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import text
from test_today_panel import loaded, select

from clientbook.core import write_waits
from clientbook.core.clients import get_client
from clientbook.core.vault import Vault
from clientbook.ui import busy_writes
from clientbook.ui.card import ClientCard
from clientbook.ui.today_panel import TodayPanel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def desktop(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """busy_writes as the desktop installs it; message boxes recorded instead of shown."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, message, *a, **k: shown.append(message))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    busy_writes.install()
    try:
        yield shown
    finally:
        write_waits.be_impatient(threading.main_thread(), None)


class Writer:
    """Another thread inside a write transaction until `done()`."""

    def __init__(self, vault: Vault) -> None:
        self._inside, self._release = threading.Event(), threading.Event()

        def hold() -> None:
            with vault.transaction() as session:
                session.execute(text("UPDATE clients SET source = 'импорт'"))
                self._inside.set()
                self._release.wait(60)

        self._thread = threading.Thread(target=hold)
        self._thread.start()
        assert self._inside.wait(30)

    def done(self) -> None:
        self._release.set()
        self._thread.join()


def test_saving_a_card_while_another_thread_writes_says_busy_and_keeps_the_edit(qtbot, vault, desktop) -> None:  # type: ignore[no-untyped-def]
    client_id = add_client(vault, city="Тверь")
    card = ClientCard(vault, client_id)
    qtbot.addWidget(card)
    card.show()
    card.main.city.setText("Казань")
    writer = Writer(vault)
    try:
        assert card.save() is False
    finally:
        writer.done()
    assert len(desktop) == 1 and "busy" in desktop[0] and vault.path.name in desktop[0]
    assert card.main.city.text() == "Казань" and card.is_dirty()  # what was typed is still there
    with vault.session() as session:
        assert get_client(session, client_id).city == "Тверь"
    assert card.save() is True  # the writer is done: the same edit is saved
    with vault.session() as session:
        assert get_client(session, client_id).city == "Казань"
    assert len(desktop) == 1


@pytest.mark.qt_no_exception_capture  # the desktop's own hook must see it, not pytest-qt's
def test_a_slot_that_lets_the_message_out_shows_it_once(qtbot, vault, desktop) -> None:  # type: ignore[no-untyped-def]
    add_client(vault, next_contact_date=dt.date.today() - dt.timedelta(days=2))
    panel = TodayPanel(vault)
    qtbot.addWidget(panel)
    loaded(qtbot, panel)
    select(panel, "Contact the client")
    writer = Writer(vault)
    try:
        qtbot.mouseClick(panel.done_button, Qt.MouseButton.LeftButton)  # the slot raises VaultBusy
    finally:
        writer.done()
    assert len(desktop) == 1 and "busy" in desktop[0]
    with vault.session() as session:
        assert session.scalar(text("SELECT next_contact_date FROM clients")) is not None  # not cleared
    qtbot.mouseClick(panel.done_button, Qt.MouseButton.LeftButton)
    loaded(qtbot, panel)
    with vault.session() as session:
        assert session.scalar(text("SELECT next_contact_date FROM clients")) is None
    assert len(desktop) == 1


@pytest.mark.qt_no_exception_capture
def test_only_busy_is_shown_and_one_box_at_a_time(qtbot, vault, desktop, capsys) -> None:  # type: ignore[no-untyped-def]
    """Another KnownError a slot lets out (a vault locked under a late answer) goes on to the console
    as before; a slot failing busy while the box is open (its event loop runs) opens no second box."""
    from PySide6.QtWidgets import QPushButton

    from clientbook.core.errors import VaultBusy, VaultLocked

    def raise_(exc: Exception) -> None:
        raise exc

    locked, busy, inner = QPushButton(), QPushButton(), QPushButton()
    for button in (locked, busy, inner):
        qtbot.addWidget(button)
    locked.clicked.connect(lambda: raise_(VaultLocked(name="v.db")))
    inner.clicked.connect(lambda: raise_(VaultBusy(name="v.db")))
    busy.clicked.connect(lambda: raise_(VaultBusy(name="v.db")))
    qtbot.mouseClick(locked, Qt.MouseButton.LeftButton)
    assert desktop == [] and "VaultLocked" in capsys.readouterr().err

    def warning(_parent, _title, message, *a, **k):  # type: ignore[no-untyped-def]
        desktop.append(message)
        qtbot.mouseClick(inner, Qt.MouseButton.LeftButton)  # while "the box" is open

    QMessageBox.warning = warning  # type: ignore[method-assign]  (the fixture's monkeypatch restores it)
    qtbot.mouseClick(busy, Qt.MouseButton.LeftButton)
    assert len(desktop) == 1 and "busy" in desktop[0]
    assert "VaultBusy" in capsys.readouterr().err  # the inner one: printed, not a second box
