"""The automatic work around an open vault (SPEC §11, §17 check 3): a big file's page check, then the
daily backup, both on workers; the backup on close, with a progress dialog.

Apart from the main window so that the window only shows what this reports (the status line, a
warning, the damaged-file message), and so that the one rule that matters when locking lives in one
place: `stop()` returns only when no worker reads the file any more, so the vault may close.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from clientbook.core.errors import KnownError, VaultDamaged
from clientbook.core.vault import Vault
from clientbook.ui.unlock import known_text
from clientbook.ui.workers import Task, error_text, run_with_progress, start

log = logging.getLogger(__name__)

BACKUP_WAIT_S = 300  # a daily backup of a big base takes this long at most before the vault may close
PAGE_CHECK_WAIT_S = 30  # a cancelled page check stops after its current chunk


class BackupScheduler(QObject):
    """Starts the page check and the daily backup for one vault at a time; `stop()` before closing it."""

    backed_up = Signal()  # a backup finished: the status line re-reads the manifest
    failed = Signal(str)  # the automatic backup failed: what to show in the status bar
    damaged = Signal(str)  # the page check found damage: the message for the user

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = True  # off in benchmarks and the self-test, which measure or make their own
        self.vault: Vault | None = None
        self.page_check: Task | None = None
        self.backup_task: Task | None = None

    def start(self, vault: Vault) -> None:
        """A big vault opens without its page check (seconds of reading): run it on a worker now,
        and make the daily backup only from a file found intact."""
        self.vault = vault
        if not vault.pages_unverified:
            self._start_daily_backup()
            return
        task = Task(vault.verify_pages)
        task.signals.finished.connect(lambda ok: self._pages_checked(vault, ok), Qt.ConnectionType.QueuedConnection)
        task.signals.failed.connect(lambda _exc: self._pages_checked(vault, False), Qt.ConnectionType.QueuedConnection)
        self.page_check = start(task)

    def stop(self) -> None:
        """Cancel the page check and the daily backup and wait for them: both read the file. A daily
        backup running when the vault locks is cancelled (no file left; the next unlock makes it)
        instead of waited for: at 1,000,000 clients it takes ~35 s, and the lock waited for it on the
        GUI thread."""
        self.vault = None
        if self.page_check is not None:
            self.page_check.cancel()
            self.page_check.done.wait(PAGE_CHECK_WAIT_S)
            self.page_check = None
        if self.backup_task is not None:
            self.backup_task.cancel()  # its copy and its check ask between chunks
        self._wait_for_backup()

    def back_up_on_close(self, parent: QWidget, vault: Vault) -> None:
        """The base is closed for good (quit, another file): back it up if it changed, visibly."""
        if not self.enabled:
            return
        if self.backup_task is not None:  # the daily one: what this one copies covers it
            self.backup_task.cancel()
        self._wait_for_backup()
        from clientbook.core import backup  # deferred: start-up time (ui.main_window's docstring)

        try:
            run_with_progress(parent, self.tr("Backing up before closing…"),
                              lambda progress, should_cancel: backup.backup_on_close(vault, progress=progress),
                              cancellable=False)
        except KnownError as exc:  # the window is closing: a message box, not the status line
            QMessageBox.warning(parent, self.tr("Backup"), known_text(exc))

    def _pages_checked(self, vault: Vault, ok: object) -> None:
        if vault is not self.vault or ok is None:  # locked or replaced meanwhile, or cancelled
            return
        self.page_check = None
        if ok:
            self._start_daily_backup()
        else:
            self.damaged.emit(known_text(VaultDamaged(name=vault.path.name)))

    def _start_daily_backup(self) -> None:
        """At first use each day; the list is usable meanwhile."""
        vault = self.vault
        if not self.enabled or vault is None:
            return
        self._wait_for_backup()
        from clientbook.core import backup  # deferred: start-up time (ui.main_window's docstring)

        task = Task(lambda progress, should_cancel: backup.ensure_daily_backup(
            vault, progress=progress, should_cancel=should_cancel))
        task.signals.finished.connect(lambda _r: self.backed_up.emit(), Qt.ConnectionType.QueuedConnection)
        task.signals.failed.connect(self._backup_failed, Qt.ConnectionType.QueuedConnection)
        self.backup_task = start(task)

    def _wait_for_backup(self) -> None:
        if self.backup_task is not None:
            self.backup_task.done.wait(BACKUP_WAIT_S)
            self.backup_task = None

    def _backup_failed(self, exc: object) -> None:
        if self.vault is None or (isinstance(exc, KnownError) and exc.message.code == "backup_cancelled"):
            return  # locked, or cancelled for the closing backup: nothing failed
        self.failed.emit(error_text(exc, self.tr("The automatic backup failed."), what="automatic backup"))
