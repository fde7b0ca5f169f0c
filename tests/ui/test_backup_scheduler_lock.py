"""Locking while the day's first backup is being made cancels it instead of waiting for it on the GUI
thread (~35 s at 1,000,000 clients): no backup file and no temporary copy are left, and the next
unlock makes it. The real scheduler, backup code and encrypted vault; the copy is held until it is
told to stop (or for 10 s, when nothing tells it)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from card_helpers import add_client

from clientbook.core import backup
from clientbook.core.vault import Vault
from clientbook.ui.backup_scheduler import BackupScheduler
from clientbook.ui.workers import Task


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".json")) if folder.is_dir() else []


def test_a_lock_cancels_the_daily_backup_and_leaves_nothing(qtbot, vault: Vault, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    copying = threading.Event()
    real_copy = backup.copy_file

    def held_copy(source, target, should_cancel=None):  # type: ignore[no-untyped-def]
        copying.set()
        stop = should_cancel or (lambda: False)
        deadline = time.monotonic() + 10
        while not stop() and time.monotonic() < deadline:
            time.sleep(0.01)
        return real_copy(source, target, should_cancel)

    monkeypatch.setattr(backup, "copy_file", held_copy)
    scheduler = BackupScheduler()
    scheduler.start(vault)
    task = scheduler.backup_task
    assert isinstance(task, Task)
    assert copying.wait(30)
    scheduler.stop()  # what the lock does before it closes the vault
    assert task.done.is_set()
    assert backup.list_backups(vault) == []
    folder = backup.load_settings(vault).main_folder(vault.path)
    assert _files(folder) == []  # no half-made copy either

    monkeypatch.setattr(backup, "copy_file", real_copy)
    scheduler.start(vault)  # the next unlock
    assert scheduler.backup_task is not None
    assert scheduler.backup_task.done.wait(60)
    made = backup.list_backups(vault)
    assert [b.kind for b in made] == ["daily"] and all(b.verified for b in made)
    scheduler.stop()


def test_quitting_cancels_the_daily_backup_for_the_closing_one_and_says_nothing_failed(qtbot, vault: Vault,  # type: ignore[no-untyped-def]
                                                                                      monkeypatch) -> None:
    from PySide6.QtWidgets import QApplication, QWidget

    copying = threading.Event()
    real_copy = backup.copy_file

    def held_once(source, target, should_cancel=None):  # type: ignore[no-untyped-def]
        if not copying.is_set():  # the daily backup's copy: held until told to stop
            copying.set()
            deadline = time.monotonic() + 10
            while not (should_cancel and should_cancel()) and time.monotonic() < deadline:
                time.sleep(0.01)
        return real_copy(source, target, should_cancel)

    add_client(vault)  # a change since the last backup (none yet): quitting makes a closing one
    monkeypatch.setattr(backup, "copy_file", held_once)
    scheduler = BackupScheduler()
    failed: list[str] = []
    scheduler.failed.connect(failed.append)
    scheduler.start(vault)
    assert copying.wait(30)
    parent = QWidget()
    qtbot.addWidget(parent)
    scheduler.back_up_on_close(parent, vault)  # quit: the closing backup, with its progress window
    QApplication.processEvents()  # the cancelled daily backup's answer arrives
    scheduler.stop()
    assert failed == []
    assert [b.kind for b in backup.list_backups(vault)] == ["close"]
