"""The Backups page (SPEC §11): list, back up now, verify, restore, copy one client back, settings.

Integration with the main window (it owns the other views):
- `about_to_restore(Path)` is emitted on the GUI thread just before the vault is closed for a
  restore: drop every model/session that uses the vault, stop workers.
- `vault_reopened(object)` carries the newly opened `Vault` after a successful restore; the page has
  already switched to it, the main window must switch too and reload its views. The old `Vault`
  object is closed by then.
- `backups_changed()` after any backup/verify/prune, so the status bar can call `status_text()`.
Long work (backup, verify, restore) runs on a `QThreadPool` worker with progress; the page is
disabled meanwhile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clientbook.core import backup, restore
from clientbook.core.errors import KnownError
from clientbook.core.sizes import human_size
from clientbook.core.vault import Vault
from clientbook.ui.card.labels import long_datetime
from clientbook.ui.i18n import current_ui_language
from clientbook.ui.workers import error_text, is_known

CONTEXT = "BackupsPage"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def kind_label(label: str) -> str:
    """The user's word for a backup's kind (a restore point shows what it was made before)."""
    names = {
        "daily": _tr("Daily"), "manual": _tr("Manual"), "close": _tr("On close"),
        "import": _tr("Before import"), "merge": _tr("Before merge"), "bulk_edit": _tr("Before bulk edit"),
        "delete": _tr("Before deletion"), "restore": _tr("Before restore"), "migration": _tr("Before upgrade"),
        "normalize": _tr("Before clean-up"), "erase": _tr("Before erasure"), "manual_point": _tr("Restore point"),
    }
    return names.get(label, label)


def format_when(moment: dt.datetime) -> str:
    return long_datetime(moment)


def status_text(vault: Vault, now: dt.datetime | None = None) -> tuple[str, bool]:
    """The status bar text "Last verified backup: …" and whether it is a warning (none in 7 days)."""
    status = backup.backup_status(vault, now=now)
    if status.last_verified is None:
        return _tr("No verified backup yet"), True
    text = _tr("Last verified backup: %1").replace("%1", format_when(status.last_verified))
    if status.stale:
        text += " — " + _tr("none in the last 7 days")
    return text, status.stale


class _JobSignals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    """Core work on a pool thread; result and errors come back as signals."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.signals = _JobSignals()

    def run(self) -> None:
        try:
            result = self.fn(lambda done, total: self.signals.progress.emit(int(done), int(total)))
        except BaseException as exc:  # every error must reach the GUI thread
            self.signals.failed.emit(exc)
            return
        self.signals.finished.emit(result)


class BackupsPage(QWidget):
    about_to_restore = Signal(Path)
    vault_reopened = Signal(object)
    backups_changed = Signal()

    COLUMNS = ("when", "kind", "size", "clients", "state")
    DEFAULT_SIZE = (900, 560)

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self._jobs: list[_Job] = []
        self._records: list[backup.BackupRecord] = []
        self._folder = Path()
        self.setWindowTitle(self.tr("Backups — Clientbook"))
        self._build()
        self.refresh()

    # ---- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Kind"), self.tr("Size"),
                                              self.tr("Clients"), self.tr("State")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.backup_button = QPushButton(self.tr("Back up now"), self)
        self.verify_button = QPushButton(self.tr("Verify"), self)
        self.restore_button = QPushButton(self.tr("Restore…"), self)
        self.copy_button = QPushButton(self.tr("Copy a client back…"), self)
        self.prune_button = QPushButton(self.tr("Delete old backups…"), self)
        self.backup_button.clicked.connect(self.back_up_now)
        self.verify_button.clicked.connect(self.verify_selected)
        self.restore_button.clicked.connect(self.restore_selected)
        self.copy_button.clicked.connect(self.copy_client_selected)
        self.prune_button.clicked.connect(self.prune)
        buttons = QHBoxLayout()
        for b in (self.backup_button, self.verify_button, self.restore_button, self.copy_button, self.prune_button):
            buttons.addWidget(b)
        buttons.addStretch(1)

        self.status_label = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setVisible(False)

        settings_box = QGroupBox(self.tr("Settings"), self)
        form = QFormLayout(settings_box)
        self.folder_edit = QLineEdit(settings_box)
        self.folder_edit.setPlaceholderText(self.tr("“backups” beside the vault"))
        self.second_edit = QLineEdit(settings_box)
        self.second_edit.setPlaceholderText(self.tr("none (e.g. a USB disk or a synced folder)"))
        form.addRow(self.tr("Backup folder"), self._with_browse(self.folder_edit))
        form.addRow(self.tr("Second folder"), self._with_browse(self.second_edit))
        self.keep_spins: dict[str, QSpinBox] = {}
        for key, label in (("keep_last", self.tr("Keep the last")), ("keep_daily", self.tr("Daily backups to keep")),
                           ("keep_weekly", self.tr("Weekly backups to keep")),
                           ("keep_monthly", self.tr("Monthly backups to keep")),
                           ("keep_restore_days", self.tr("Keep restore points, days")),
                           ("keep_erased_days", self.tr("Keep backups holding erased people, days"))):
            spin = QSpinBox(settings_box)
            spin.setRange(0, 1000)
            self.keep_spins[key] = spin
            form.addRow(label, spin)
        self.save_settings_button = QPushButton(self.tr("Save settings"), settings_box)
        self.save_settings_button.clicked.connect(self.save_settings)
        form.addRow("", self.save_settings_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.progress)
        layout.addWidget(settings_box)

    def _with_browse(self, edit: QLineEdit) -> QWidget:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        browse = QPushButton(self.tr("Browse…"), box)
        browse.clicked.connect(lambda: self._browse(edit))
        row.addWidget(browse)
        return box

    def _browse(self, edit: QLineEdit) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder"), edit.text())
        if chosen:
            edit.setText(chosen)

    # ---- data --------------------------------------------------------------------------------
    def refresh(self) -> None:
        settings = backup.load_settings(self.vault)
        self._folder = settings.main_folder(self.vault.path)
        self._records = backup.records(self._folder, self.vault.id)
        self.table.setRowCount(len(self._records))
        locale = QLocale()
        for row, rec in enumerate(self._records):
            exists = (self._folder / rec.file).exists()
            state = (self.tr("verified") if rec.verified else self.tr("DAMAGED")) if exists else self.tr("missing")
            cells = (format_when(rec.when), kind_label(rec.label), human_size(rec.size, current_ui_language()),
                     locale.toString(rec.clients), state)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(rec.file)
                if col == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        self.folder_edit.setText(settings.folder or "")
        self.second_edit.setText(settings.second_folder or "")
        for key, spin in self.keep_spins.items():
            spin.setValue(int(getattr(settings, key)))
        text, warn = status_text(self.vault)
        self.status_label.setText(text)
        self.status_label.setStyleSheet("color: #b00020; font-weight: bold;" if warn else "")
        self._update_buttons()

    def selected_record(self) -> backup.BackupRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self._records[rows[0].row()] if rows else None

    def selected_path(self) -> Path | None:
        rec = self.selected_record()
        return self._folder / rec.file if rec else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _update_buttons(self) -> None:
        busy = bool(self._jobs)
        for b in (self.backup_button, self.prune_button, self.save_settings_button):
            b.setEnabled(not busy)
        rec_ok = not busy and self.selected_record() is not None
        for b in (self.verify_button, self.restore_button, self.copy_button):
            b.setEnabled(rec_ok)

    # ---- running work ------------------------------------------------------------------------
    def _run(self, fn: Callable[..., Any], done: Callable[[Any], None],
             failed: Callable[[BaseException], None] | None = None) -> None:
        job = _Job(fn)
        self._jobs.append(job)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.table.setEnabled(False)

        def finish() -> None:
            self._jobs.remove(job)
            self.progress.setVisible(False)
            self.table.setEnabled(True)
            self._update_buttons()

        def on_done(result: Any) -> None:
            finish()
            done(result)

        def on_failed(exc: BaseException) -> None:
            finish()
            (failed or self._show_error)(exc)

        job.signals.progress.connect(self._on_progress)
        job.signals.finished.connect(on_done)
        job.signals.failed.connect(on_failed)
        self._update_buttons()
        QThreadPool.globalInstance().start(job)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _show_error(self, exc: BaseException) -> None:
        if not is_known(exc):
            raise exc  # a bug: the crash handler reports it
        QMessageBox.warning(self, self.tr("Backups"), error_text(exc, ""))

    def busy(self) -> bool:
        return bool(self._jobs)

    # ---- actions -----------------------------------------------------------------------------
    def back_up_now(self) -> None:
        vault = self.vault

        def done(result: backup.BackupResult) -> None:
            self.refresh()
            self.backups_changed.emit()
            if result.warnings:
                QMessageBox.warning(self, self.tr("Backups"), "\n".join(w.text() for w in result.warnings))

        self._run(lambda progress: backup.make_backup(vault, "manual", progress=progress), done)

    def verify_selected(self) -> None:
        path = self.selected_path()
        if path is None:
            return
        key = self.vault.raw_key

        def done(result: backup.VerifyResult) -> None:
            self.refresh()
            self.backups_changed.emit()
            if result.ok:
                QMessageBox.information(self, self.tr("Backups"), self.tr("The backup is intact."))
            elif result.message is not None and result.message.code == "backup_password_needed":
                password = self._ask_password(result.message.text())
                if password:
                    self._run(lambda _p: backup.verify_backup(path, backup.key_for_backup(path, key, password)), done)
            else:
                assert result.message is not None
                QMessageBox.critical(self, self.tr("Backups"), result.message.text())

        self._run(lambda _progress: backup.verify_backup(path, key), done)

    def _ask_password(self, why: str) -> str | None:
        password, ok = QInputDialog.getText(self, self.tr("Backup password"), why, QLineEdit.EchoMode.Password)
        return password if ok and password else None

    def restore_selected(self) -> None:
        rec, path = self.selected_record(), self.selected_path()
        if rec is None or path is None:
            return
        question = self.tr("Replace all current data with the backup of %1 (%2 clients)?\n\n"
                           "The current state is saved as a restore point first.")
        question = question.replace("%1", format_when(rec.when)).replace("%2", QLocale().toString(rec.clients))
        answer = QMessageBox.question(self, self.tr("Restore"), question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._restore(path, None)

    def _restore(self, path: Path, password: str | None) -> None:
        """Verify the backup (asking for its own password if needed), then restore it, off the GUI thread."""
        vault = self.vault

        def key_failed(exc: BaseException) -> None:
            if isinstance(exc, KnownError) and exc.message.code == "backup_password_needed":
                asked = self._ask_password(exc.text())
                if asked:
                    self._restore(path, asked)
                return
            self.refresh()
            self._show_error(exc)

        self._run(lambda _p: restore.usable_key(path, vault.raw_key, password),
                  lambda _key: self._replace(path, password), key_failed)

    def _replace(self, path: Path, password: str | None) -> None:
        vault = self.vault
        key = vault.raw_key  # the closed vault drops its key: kept here to reopen it if the replace fails
        self.about_to_restore.emit(path)

        def work(_progress: Any) -> Vault:
            result = restore.restore_vault(vault, path, password)
            return restore.reopen_and_record(vault.path, result.raw_key, path.name)

        def done(new_vault: Vault) -> None:
            self.vault = new_vault
            self.refresh()
            self.vault_reopened.emit(new_vault)
            QMessageBox.information(self, self.tr("Restore"), self.tr("The backup was restored."))

        def failed(exc: BaseException) -> None:
            if vault.closed:  # closed for the replacement, which failed: reopen the untouched file
                try:
                    self.vault = Vault.open(vault.path, raw_key=key)
                    self.vault_reopened.emit(self.vault)
                except KnownError:
                    pass
            self._show_error(exc)

        self._run(work, done, failed)

    def copy_client_selected(self) -> None:
        path = self.selected_path()
        if path is None:
            return
        text, ok = QInputDialog.getText(self, self.tr("Copy a client back"),
                                        self.tr("Name (or part of it) of the client in the backup:"))
        if not ok:
            return
        try:
            key = restore.usable_key(path, self.vault.raw_key)
            found = restore.backup_clients(path, key, text.strip(), limit=50)
        except KnownError as exc:
            self._show_error(exc)
            return
        if not found:
            QMessageBox.information(self, self.tr("Copy a client back"), self.tr("No such client in the backup."))
            return
        labels = [f"{name}  (#{cid})" for cid, name in found]
        choice, ok = QInputDialog.getItem(self, self.tr("Copy a client back"), self.tr("Client:"), labels, 0, False)
        if not ok:
            return
        client_id = found[labels.index(choice)][0]
        vault = self.vault

        def done(_new_id: int) -> None:  # a restore point was made first: it is in the list now
            self.refresh()
            self.backups_changed.emit()
            QMessageBox.information(self, self.tr("Copy a client back"),
                                    self.tr("The client was copied into the vault."))

        self._run(lambda _p: restore.copy_client_back(vault, path, client_id, verified_key=key), done)

    def prune(self) -> None:
        settings = backup.load_settings(self.vault)
        policy = backup.policy_of(settings)
        dry = backup.prune_folder(self._folder, self.vault.id, policy, dry_run=True)
        if not dry.removed_files:
            QMessageBox.information(self, self.tr("Backups"), self.tr("No backup is due for deletion."))
            return
        answer = QMessageBox.question(
            self, self.tr("Delete old backups"),
            self.tr("These backups will be deleted:") + "\n" + "\n".join(dry.removed_files),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            backup.prune_folder(self._folder, self.vault.id, policy)
            self.refresh()
            self.backups_changed.emit()

    def save_settings(self) -> None:
        current = backup.load_settings(self.vault)
        current.folder = self.folder_edit.text().strip() or None
        current.second_folder = self.second_edit.text().strip() or None
        for key, spin in self.keep_spins.items():
            setattr(current, key, spin.value())
        try:
            backup.save_settings(self.vault, current)
        except KnownError as exc:
            self._show_error(exc)
            return
        self.refresh()
