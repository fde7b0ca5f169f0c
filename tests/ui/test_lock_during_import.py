"""Ctrl+L while the wizard imports: it asks first; locking then cancels the import (nothing written)
or, once every row is read, waits until it is saved (nothing to ask). Either way the vault closes
only after it, with no connection left out, and auto-lock is not held for the rest of the session.
Before, the lock froze the window until the import was done (15 s for 100,000 rows into 100,000
clients) and auto-lock never came again. The real main window, wizard and vault."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select, text

from clientbook.core import models as m
from clientbook.core.importing import commit
from clientbook.core.vault import Vault
from clientbook.ui import workers
from clientbook.ui.import_steps import PAGE_DUPLICATES, PAGE_HEADER, PAGE_MAPPING, PAGE_PREVIEW, PAGE_SUMMARY
from clientbook.ui.main_window import MainWindow
from conftest import PASSWORD
from import_support import write_csv

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
ROWS = 5000  # three chunks: the import is held after the first
PAGES = (PAGE_HEADER, PAGE_MAPPING, PAGE_PREVIEW, PAGE_DUPLICATES, PAGE_SUMMARY)


def _clients(path: Path) -> tuple[int, int]:
    vault = Vault.open(path, PASSWORD)
    try:
        with vault.session() as session:
            return (int(session.scalar(select(func.count(m.Client.id))) or 0),
                    int(session.scalar(text("SELECT count(*) FROM batches WHERE kind = 'import'")) or 0))
    finally:
        vault.close()


def _window_and_wizard(qtbot, vault: Vault, tmp_path: Path, last: int) -> tuple[MainWindow, Any]:  # type: ignore[no-untyped-def]
    """The main window on `vault` and its import wizard on a file of ROWS new clients, at page `last`."""
    lines = ["ФИО;Телефон"] + [f"Клиент{i:05d} Тестовый;+7916{i:07d}" for i in range(ROWS)]
    path = write_csv(tmp_path / "many.csv", "\n".join(lines) + "\n")
    window = MainWindow(vault.path)
    qtbot.addWidget(window)
    window.adopt_vault(vault)
    window.show()
    qtbot.waitUntil(lambda: window.model.is_loaded)
    wizard = window.open_import(path)
    for page in PAGES[:PAGES.index(last) + 1]:
        wizard.next()
        assert wizard.currentId() == page
    return window, wizard


@pytest.mark.parametrize(("when", "answer"), [("reading", "yes"), ("reading", "no"), ("saving", None)])
def test_locking_during_an_import_asks_waits_for_it_and_leaves_nothing_open(qtbot, vault, tmp_path, monkeypatch,  # type: ignore[no-untyped-def]
                                                                             when: str, answer: str | None) -> None:
    window, wizard = _window_and_wizard(qtbot, vault, tmp_path, PAGE_SUMMARY)

    held, go_on = threading.Event(), threading.Event()
    real_flush, real_finish = commit._Writer._flush, commit._Writer._finish  # noqa: SLF001

    def flush(self):  # type: ignore[no-untyped-def]
        real_flush(self)
        if when == "reading" and self.r.rows_read == 0:  # after the first chunk's rows are queued
            held.set()
            go_on.wait(30)

    def finish(self):  # type: ignore[no-untyped-def]
        if when == "saving":  # every row read: no longer cancellable
            held.set()
            go_on.wait(30)
        real_finish(self)

    monkeypatch.setattr(commit._Writer, "_flush", flush)  # noqa: SLF001
    monkeypatch.setattr(commit._Writer, "_finish", finish)  # noqa: SLF001
    asked: list[str] = []

    def question(_parent, _title, message, *a, **k):  # type: ignore[no-untyped-def]
        asked.append(message)
        return QMessageBox.StandardButton.Yes if answer == "yes" else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    wizard.next()  # Import
    assert held.wait(30)
    if when == "saving":  # the page hears "every row read" before the lock comes
        qtbot.waitUntil(wizard.progress_page.saving)
    assert workers.busy()  # auto-lock waits while it runs
    threading.Timer(0.3, go_on.set).start()  # the lock below waits on the GUI thread: let the import go on
    window.lock_now()  # Ctrl+L

    assert len(asked) == (0 if when == "saving" else 1) and all("many.csv" in a for a in asked)
    if answer == "no":  # not locked: the import goes on to its report
        assert not vault.closed
        qtbot.waitUntil(lambda: wizard.import_result is not None, timeout=30_000)
        assert wizard.import_result.created == ROWS and not workers.busy()
        window.lock()
    assert vault.closed and vault.engine.pool.checkedout() == 0
    assert not workers.busy()  # auto-lock works again after the next unlock
    created, batches = _clients(vault.path)
    if answer == "yes":
        assert (created, batches) == (0, 0)  # cancelled: nothing of it in the vault
    else:
        assert (created, batches) == (ROWS, 1)  # saved whole, then the vault closed


def test_locking_from_inside_the_wizards_check_waits_for_it_to_stop_then_locks(qtbot, vault, tmp_path,  # type: ignore[no-untyped-def]
                                                                               monkeypatch) -> None:
    """Ctrl+L while the wizard checks the whole file (its progress dialog's own event loop runs):
    the lock used to close and delete the wizard under that loop — dozens of "already deleted"
    errors, then a crash. Now the check is cancelled, its loop returns, and then the vault locks."""
    from PySide6.QtCore import QTimer

    window, wizard = _window_and_wizard(qtbot, vault, tmp_path, PAGE_PREVIEW)

    held = threading.Event()
    real_flush = commit._Writer._flush  # noqa: SLF001

    def flush(self):  # type: ignore[no-untyped-def]
        real_flush(self)
        held.set()
        deadline = threading.Event()
        for _ in range(1000):  # until told to stop (at most 10 s)
            if self.should_cancel():
                break
            deadline.wait(0.01)

    monkeypatch.setattr(commit._Writer, "_flush", flush)  # noqa: SLF001

    def lock_when_held() -> None:
        if held.is_set():
            window.lock_now()  # runs inside run_with_progress's loop, as Ctrl+L would
        else:
            QTimer.singleShot(10, lock_when_held)

    QTimer.singleShot(0, lock_when_held)
    wizard.next()  # the check: returns once it is cancelled
    qtbot.waitUntil(lambda: vault.closed, timeout=30_000)
    assert vault.engine.pool.checkedout() == 0 and not workers.busy()
    assert window._windows == []  # noqa: SLF001  (the wizard went with the lock)
    assert _clients(vault.path) == (0, 0)
