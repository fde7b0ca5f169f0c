"""First run and unlocking: create a vault, unlock it, and say plainly why it did not open.

Known errors (wrong password, open elsewhere, damaged, too new) are shown inline in the user's
language from the core's message catalogue; the file is never touched by a failed attempt.

A vault where several people work (#15) asks who is unlocking: the user names come from the
keyslot file beside the vault, readable while it is locked (core.users.names_before_unlock); the
last user to unlock it on this computer is chosen first. Too many wrong passwords make the core
refuse for a while ("login_throttled"), said in the same place as a wrong password.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clientbook.core import keyslots, keystore, opening, passwords
from clientbook.core.errors import KeyringUnavailable, KnownError, VaultLocked, WrongPassword
from clientbook.core.vault import Vault
from clientbook.ui import preferences
from clientbook.ui.i18n import current_ui_language
from clientbook.ui.workers import error_text

log = logging.getLogger(__name__)

ERROR_STYLE = "color: #b00020;"
LAST_USER = "vault/last_user"  # {vault path: the user who last unlocked it here}


def known_text(exc: KnownError) -> str:
    return exc.text(current_ui_language())


def _last_users() -> dict[str, str]:
    """{vault path: who last unlocked it here}, kept as JSON (QSettings' maps differ per platform)."""
    try:
        data = json.loads(str(preferences.get(LAST_USER) or "{}"))
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


class _WaitCursor:
    """Key derivation takes a noticeable moment (PBKDF2, 256,000 rounds): show that we are busy."""

    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()


def _remember_or_explain(vault: Vault) -> str | None:
    """Remember the key; on a keyring that cannot be used, the reason (shown once) instead."""
    try:
        vault.remember_key()
    except KeyringUnavailable as exc:
        return known_text(exc)
    return None


class CreateVaultDialog(QDialog):
    """First run, and File ▸ New: where, a password typed twice, and whether to remember it."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault: Vault | None = None
        self.keyring_note: str | None = None
        self.setMinimumWidth(480)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.path_edit = QLineEdit(str(path))
        self.browse = QPushButton()
        self.browse.clicked.connect(self._choose_path)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.strength = QLabel()
        self.remember = QCheckBox()
        self.remember_note = QLabel()
        self.remember_note.setWordWrap(True)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._create)
        self.buttons.rejected.connect(self.reject)
        self.password.textChanged.connect(self._update_strength)

        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse)
        self.form = QFormLayout()
        self.form_labels = [QLabel() for _ in range(4)]
        self.form.addRow(self.form_labels[0], path_row)
        for label, field in zip(self.form_labels[1:], (self.password, self.repeat, self.strength), strict=True):
            self.form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.remember)
        layout.addWidget(self.remember_note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if not keystore.is_available():
            self.remember.setEnabled(False)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Create a client base"))
        self.intro.setText(self.tr(
            "Your clients are kept in one encrypted file. Choose a password: without it the file "
            "cannot be opened, and it cannot be recovered if forgotten."))
        self.browse.setText(self.tr("Browse…"))
        for label, text in zip(self.form_labels, (self.tr("File:"), self.tr("Password:"), self.tr("Repeat password:"),
                                                  self.tr("Strength:")), strict=True):
            label.setText(text)
        self.remember.setText(self.tr("Remember the password on this computer"))
        self.remember_note.setText(
            "" if self.remember.isEnabled() else known_text(KeyringUnavailable("keyring_unavailable")))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self._update_strength()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def _update_strength(self) -> None:
        labels = [self.tr("too short (at least %n characters)", "", passwords.MIN_LENGTH), self.tr("weak"),
                  self.tr("fair"), self.tr("strong")]
        level = passwords.strength(self.password.text())
        self.strength.setText(labels[level] if self.password.text() else "")
        colours = ["#b00020", "#b26a00", "#5d7f00", "#1b7f3b"]
        self.strength.setStyleSheet(f"color: {colours[level]};")

    def _choose_path(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("New client base"), self.path_edit.text(),
                                                self.tr("Clientbook files (*.db)"))
        if chosen:
            self.path_edit.setText(chosen)

    def _create(self) -> None:
        self.error.clear()
        password = self.password.text()
        if not self.path_edit.text().strip():
            self.error.setText(self.tr("Choose where to keep the file."))
            return
        try:
            passwords.check_new(password)
        except KnownError as exc:
            self.error.setText(known_text(exc))
            return
        if password != self.repeat.text():
            self.error.setText(self.tr("The two passwords differ. Type the same password twice."))
            return
        try:
            with _WaitCursor():
                self.vault = opening.create_vault(Path(self.path_edit.text().strip()), password)
        except KnownError as exc:
            self.error.setText(known_text(exc))
            return
        except OSError as exc:
            self.error.setText(self.tr("The file cannot be created there: %1").replace("%1", exc.strerror or ""))
            return
        if self.remember.isChecked():
            self.keyring_note = _remember_or_explain(self.vault)
        self.accept()


class UnlockPage(QWidget):
    """The lock screen in the main window: shown at start and after Ctrl+L or auto-lock."""

    unlock_requested = Signal(str, bool)  # the password, "remember it": ui.lock_controller opens the vault
    open_other = Signal()
    create_new = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setPointSize(font.pointSize() + 6)
        self.title.setFont(font)
        self.file_label = QLabel()
        self.file_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.file_label.setWordWrap(True)
        self.user_box = QComboBox()  # who unlocks a vault of several users (hidden otherwise)
        self.user_box.setMinimumContentsLength(16)
        self.user_box.hide()
        self.user_box.currentIndexChanged.connect(lambda _i: self._user_changed())
        self.names: list[str] = []
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.try_unlock)
        self.remember = QCheckBox()
        self.remember_note = QLabel()  # why "Remember" is greyed out: a tooltip alone is never seen
        self.remember_note.setWordWrap(True)
        self.remember_note.setStyleSheet("color: palette(mid)")
        self.unlock_button = QPushButton()
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.busy = QProgressBar()  # moving while the key is derived and the file opened on a worker
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(6)
        self.busy.hide()
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.open_button = QPushButton()
        self.open_button.setFlat(True)
        self.open_button.clicked.connect(self.open_other)
        self.new_button = QPushButton()
        self.new_button.setFlat(True)
        self.new_button.clicked.connect(self.create_new)

        box = QWidget()
        box.setMaximumWidth(420)
        inner = QVBoxLayout(box)
        inner.addWidget(self.title)
        inner.addWidget(self.file_label)
        inner.addSpacing(12)
        inner.addWidget(self.user_box)
        inner.addWidget(self.password)
        inner.addWidget(self.remember)
        inner.addWidget(self.remember_note)
        inner.addWidget(self.unlock_button)
        inner.addWidget(self.busy)
        inner.addWidget(self.error)
        links = QHBoxLayout()
        links.addWidget(self.open_button)
        links.addWidget(self.new_button)
        inner.addLayout(links)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.can_remember = keystore.is_available()
        self.remember.setEnabled(self.can_remember)
        self.retranslateUi()

    @property
    def first_run(self) -> bool:
        """No file yet: the page welcomes and offers to create one instead of asking a password."""
        return self.path is not None and not self.path.exists()

    def retranslateUi(self) -> None:
        first = self.first_run
        self.title.setText(self.tr("Welcome to Clientbook") if first else self.tr("Clientbook is locked"))
        for widget in (self.password, self.remember, self.unlock_button):
            widget.setVisible(not first)
        several = bool(self.names) and not first
        self.user_box.setVisible(several)
        self.remember.setVisible(not first and not several)  # each user types their own password
        self.user_box.setToolTip(self.tr("Who is unlocking: each user has their own password"))
        self.new_button.setFlat(not first)
        self.password.setPlaceholderText(self.tr("Password of %1").replace("%1", self.user_box.currentText())
                                         if several else self.tr("Password"))
        self.remember.setText(self.tr("Remember the password on this computer"))
        why = "" if self.remember.isEnabled() else known_text(KeyringUnavailable("keyring_unavailable"))
        self.remember.setToolTip(why)
        self.remember_note.setText(why)
        self.remember_note.setVisible(bool(why) and not first and not several)
        self.unlock_button.setText(self.tr("Unlock"))
        self.open_button.setText(self.tr("Open a file…") if self.first_run else self.tr("Open another file…"))
        self.new_button.setText(self.tr("Create a new base…"))
        self._show_path()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def set_path(self, path: Path) -> None:
        self.path = path
        self.error.clear()
        self.password.clear()
        self._fill_users()
        self.retranslateUi()

    def _fill_users(self) -> None:
        """The vault's users (a small file beside it), the last one to unlock it here first."""
        try:
            # keyslots.names is what users.names_before_unlock returns, without loading the database
            # modules (core.users imports SQLAlchemy) before the lock screen is painted
            self.names = keyslots.names(self.path) if self.path is not None and self.path.exists() else []
        except (OSError, ValueError, KnownError):  # an unreadable keyslot file: unlocking says why
            log.warning("the user names of the vault could not be read")
            self.names = []
        self.user_box.blockSignals(True)
        self.user_box.clear()
        for name in self.names:
            self.user_box.addItem(name, name)
        last = _last_users().get(str(self.path)) if self.names else None
        self.user_box.setCurrentIndex(max(0, self.user_box.findData(last)))
        self.user_box.blockSignals(False)

    def _user_changed(self) -> None:
        self.error.clear()
        self.password.clear()
        self.retranslateUi()
        self.password.setFocus()

    def chosen_user(self) -> str | None:
        """The user unlocking (None: a vault of one password)."""
        return self.user_box.currentData() if self.names else None

    def unlocked_as(self, name: str | None) -> None:
        """Remember who unlocked this vault on this computer (a name, never a password)."""
        if not name or not self.names or self.path is None:
            return
        remembered = _last_users()
        remembered[str(self.path)] = name
        preferences.put(LAST_USER, json.dumps(remembered, ensure_ascii=False))

    def _show_path(self) -> None:
        if self.first_run:
            self.file_label.setText(self.tr("Your clients will be kept in one encrypted file on this computer. "
                                            "Create it to begin, or open a file you already have."))
        else:
            self.file_label.setText(self.tr("File: %1").replace("%1", str(self.path)) if self.path else "")

    def show_error(self, text: str) -> None:
        self.error.setText(text)

    def try_unlock(self) -> None:
        """Ask for the vault to be opened with the typed password (the controller does it on a worker)."""
        self.error.clear()
        if self.path is None or self.busy.isVisible():  # Enter pressed again while opening
            return
        if not self.password.text():
            self.error.setText(self.tr("Type the password."))
            return
        self.unlock_requested.emit(self.password.text(), self.remember.isChecked())

    def set_busy(self, busy: bool) -> None:
        """While opening: a moving bar, and nothing to press that would start something else."""
        self.busy.setVisible(busy)
        for widget in (self.user_box, self.password, self.remember, self.unlock_button, self.open_button,
                       self.new_button):
            widget.setEnabled(not busy and (widget is not self.remember or self.can_remember))
        if busy:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        else:
            QGuiApplication.restoreOverrideCursor()
            if self.password.isVisible():
                self.password.setFocus()

    def show_failure(self, exc: BaseException) -> None:
        """Why the vault did not open, in the user's words; the screen stays as it was."""
        if isinstance(exc, WrongPassword):
            self.error.setText(known_text(exc))
            self.password.selectAll()
            self.password.setFocus()
        elif isinstance(exc, VaultLocked):
            self.error.setText(known_text(exc) + "\n" + self.tr(
                "Close Clientbook in the other window first, then try again."))
        else:  # known failures in their own words (core.failures); a bug's name only goes to the log
            self.error.setText(error_text(
                exc, self.tr("The file could not be opened because of an error in Clientbook."), what="unlock"))


class ChangePasswordDialog(QDialog):
    """File ▸ Change password: the current one, then the new one twice (`PRAGMA rekey`)."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.current = QLineEdit()
        self.new = QLineEdit()
        self.repeat = QLineEdit()
        for edit in (self.current, self.new, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._change)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout(self)
        self.form_labels = [QLabel() for _ in range(3)]
        for label, field in zip(self.form_labels, (self.current, self.new, self.repeat), strict=True):
            self.form.addRow(label, field)
        self.form.addRow(self.error)
        self.form.addRow(self.buttons)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Change password"))
        for label, text in zip(self.form_labels, (self.tr("Current password:"), self.tr("New password:"),
                                                  self.tr("Repeat new password:")), strict=True):
            label.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def _change(self) -> None:
        self.error.clear()
        if self.vault.user.name in keyslots.names(self.vault.path):  # a vault of several users
            self._change_own()
            return
        try:  # the current password, the policy, not the same as before (clientbook.core.passwords)
            with _WaitCursor():
                passwords.check_change(self.vault, self.new.text(), current=self.current.text())
        except KnownError as exc:
            self.error.setText(known_text(exc))
            return
        if self.new.text() != self.repeat.text():
            self.error.setText(self.tr("The two passwords differ. Type the same password twice."))
            return
        try:
            with _WaitCursor():
                self.vault.change_password(self.new.text())
        except KnownError as exc:
            self.error.setText(known_text(exc))
            return
        self.accept()

    def _change_own(self) -> None:
        """In a vault of several users: this user's own keyslot (the owner's also re-keys the file)."""
        if self.new.text() != self.repeat.text():
            self.error.setText(self.tr("The two passwords differ. Type the same password twice."))
            return
        from clientbook.core import users

        try:
            with _WaitCursor():
                users.set_password(self.vault, self.vault.user.name, self.new.text(), current=self.current.text())
        except KnownError as exc:
            self.error.setText(known_text(exc))
            return
        self.accept()
