"""The worker runs core work off the GUI thread, reports progress and really stops on Cancel."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget

from clientbook.ui.workers import CancelledError, run_with_progress


def test_result_comes_back_and_work_ran_off_the_gui_thread(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    gui_thread = threading.get_ident()

    def work(progress, should_cancel):
        for i in range(5):
            progress(i + 1, 5)
        return threading.get_ident()

    worker_thread = run_with_progress(parent, "Working", work)
    assert worker_thread != gui_thread


def test_errors_reach_the_caller(qtbot):
    def work(progress, should_cancel):
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        run_with_progress(None, "Working", work)


def test_cancel_button_stops_the_work(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    steps: list[int] = []

    def work(progress, should_cancel):
        for i in range(1000):
            if should_cancel():
                return "stopped"
            steps.append(i)
            progress(i, 1000)
            time.sleep(0.01)
        return "finished"

    def press_cancel():
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(50, press_cancel)
            return
        dialogs[0].findChild(QPushButton).click()  # the user's click, not the slot

    QTimer.singleShot(500, press_cancel)
    with pytest.raises(CancelledError):
        run_with_progress(parent, "Working", work)
    assert 0 < len(steps) < 1000


def test_a_big_replaced_answer_is_freed_on_another_thread_in_slices(qtbot, monkeypatch):
    """free_later: the GUI thread hands a big list over and a helper thread empties it a slice at a
    time (freed whole, 700,000 preview lines held the GIL for 0.3 s); a small one is just dropped."""
    import threading

    from clientbook.ui import gc_pauses

    seen: list[str] = []
    big = [f"Иванов Иван — нет согласия {i}" for i in range(3 * gc_pauses.FREE_SLICE)]
    original = gc_pauses.free_in_slices

    def watched(items):
        seen.append(threading.current_thread().name)
        original(items)

    monkeypatch.setattr(gc_pauses, "free_in_slices", watched)
    gc_pauses.free_later(big)
    qtbot.waitUntil(lambda: not big)
    small = ["a", "b"]
    gc_pauses.free_later(small)
    assert seen == ["free-later"] and small == ["a", "b"]


def test_latest_reader_read_interrupts_the_sql_of_a_superseded_or_stopped_read(qtbot, vault):
    """LatestReader.read: a newer request, or stop() (a window closing, the vault locking), ends the
    older read's SQL at once (SQLite's interrupt) instead of waiting for it; only the newest answer
    is delivered. The query here would otherwise run for minutes."""
    from sqlalchemy import text

    from clientbook.ui.workers import LatestReader

    endless = text("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                   "SELECT count(*) FROM (SELECT i FROM n LIMIT 20000000000)")
    owner = QWidget()
    qtbot.addWidget(owner)
    reader = LatestReader(owner)
    started = threading.Semaphore(0)
    failures: list[str] = []
    answers: list[object] = []

    def slow(session, _cancel):
        started.release()
        return session.execute(endless).scalar()

    def failed(exc):
        failures.append(str(exc))

    first = reader.read(vault, slow, answers.append, failed)
    assert started.acquire(timeout=10)
    reader.read(vault, lambda session, _cancel: session.execute(text("SELECT 42")).scalar(), answers.append, failed)
    qtbot.waitUntil(lambda: answers == [42], timeout=10_000)
    assert first.done.wait(10)  # the superseded read was interrupted, its failure dropped
    third = reader.read(vault, slow, answers.append, failed)
    assert started.acquire(timeout=10)
    reader.stop()  # returns once the worker let go: its query was interrupted
    assert third.done.is_set() and answers == [42] and failures == []
