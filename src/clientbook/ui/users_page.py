"""Settings ▸ Users (#15.8): who works in this vault, with which role; add, change role, reset a
password, remove — the owner's page only (the core refuses anyone else: rights.require "users").

Every change goes through clientbook.core.users on a worker with a progress window: a new user's
keyslot stretches their password with a memory-hard KDF, and removing a user re-encrypts the whole
file under a new key so the removed password opens nothing made after (the dialog says so before).
The first user added turns a one-password vault into one of several users; that needs the owner's
password once, to make the owner's own keyslot.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clientbook.core import passwords, rights, users
from clientbook.core.errors import KnownError
from clientbook.core.vault import Vault
from clientbook.ui.card import labels
from clientbook.ui.i18n import current_ui_language
from clientbook.ui.workers import error_text, run_with_progress

log = logging.getLogger(__name__)
ERROR_STYLE = "color: #b00020;"
COL_NAME, COL_ROLE, COL_RIGHTS, COL_ADDED = range(4)
NAME_ROLE = Qt.ItemDataRole.UserRole

# the permissions an owner may give a manager, in the order the check boxes show them
CHOOSABLE = tuple(p for p in rights.PERMISSIONS if p in rights.MANAGER_CHOOSABLE)


def _tr(text: str) -> str:
    return QCoreApplication.translate("UsersPage", text)


def role_names() -> dict[str, str]:
    return {"owner": _tr("Owner"), "manager": _tr("Manager"), "read_only": _tr("Read-only")}


def permission_names() -> dict[str, str]:
    return {"edit": _tr("Change data"), "export": _tr("Export"), "import": _tr("Import from files"),
            "merge": _tr("Merge duplicates"), "restore": _tr("Restore from a backup"),
            "users": _tr("Manage users"), "see_sensitive": _tr("See sensitive fields")}


def rights_text(role: str, permissions: frozenset[str]) -> str:
    """What a role may do, in words ("everything", "read only" or the manager's list)."""
    if role == "owner":
        return _tr("everything, and manage users")
    if role == "read_only" or not permissions:
        return _tr("read only")
    names = permission_names()
    listed = [names[p] for p in rights.PERMISSIONS if p in permissions]
    return ", ".join([listed[0], *(n[:1].lower() + n[1:] for n in listed[1:])])  # "Change data, export"


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class UserDialog(QDialog):
    """A new user (name, role, password twice, a manager's rights) or another role for one."""

    def __init__(self, parent: QWidget | None = None, *, name: str | None = None, role: str = "manager",
                 permissions: frozenset[str] = rights.DEFAULT_MANAGER, needs_owner_password: bool = False) -> None:
        super().__init__(parent)
        self.adding = name is None
        self.setWindowTitle(self.tr("Add a user") if self.adding else self.tr("Role of %1").replace("%1", name or ""))
        self.setMinimumWidth(460)
        self.name = QLineEdit(name or "")
        self.name.setReadOnly(not self.adding)
        self.name.setMaxLength(users.NAME_MAX)
        self.role = QComboBox()
        names = role_names()
        for code in ("manager", "read_only"):
            self.role.addItem(names[code], code)
        self.role.setCurrentIndex(max(0, self.role.findData(role)))
        self.password = _password_edit()
        self.repeat = _password_edit()
        self.owner_password = _password_edit()
        self.rights = {perm: QCheckBox(permission_names()[perm]) for perm in CHOOSABLE}
        for perm, box in self.rights.items():
            box.setChecked(perm in permissions)
        self.rights_hint = QLabel(self.tr("A read-only user can look at everything they may see and change nothing."))
        self.rights_hint.setWordWrap(True)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Role:"), self.role)
        if self.adding:
            form.addRow(self.tr("Password:"), self.password)
            form.addRow(self.tr("Repeat password:"), self.repeat)
        rights_box = QVBoxLayout()
        for box in self.rights.values():
            rights_box.addWidget(box)
        rights_box.addWidget(self.rights_hint)
        form.addRow(self.tr("May:"), rights_box)
        self.owner_note = QLabel(self.tr(
            "The first user makes this a base of several users: each will unlock it with their own "
            "password. Type your own (the owner's) password to confirm."))
        self.owner_note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if needs_owner_password and self.adding:
            layout.addWidget(self.owner_note)
            owner_form = QFormLayout()
            owner_form.addRow(self.tr("Your password:"), self.owner_password)
            layout.addLayout(owner_form)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Add") if self.adding else self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.check_and_accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.needs_owner_password = needs_owner_password and self.adding
        self.role.currentIndexChanged.connect(lambda _i: self._role_changed())
        self._role_changed()

    def _role_changed(self) -> None:
        manager = self.role.currentData() == "manager"
        for box in self.rights.values():
            box.setVisible(manager)
        self.rights_hint.setVisible(not manager)

    def chosen_permissions(self) -> set[str] | None:
        if self.role.currentData() != "manager":
            return None
        return {perm for perm, box in self.rights.items() if box.isChecked()}

    def check_and_accept(self) -> None:
        """What can be told before the core is asked: a name, the same password twice, the policy."""
        self.error.clear()
        if self.adding:
            if not self.name.text().strip():
                self.error.setText(self.tr("Type the user's name."))
                return
            try:
                passwords.check_new(self.password.text())
            except KnownError as exc:
                self.error.setText(exc.text(current_ui_language()))
                return
            if self.password.text() != self.repeat.text():
                self.error.setText(self.tr("The two passwords differ. Type the same password twice."))
                return
            if self.needs_owner_password and not self.owner_password.text():
                self.error.setText(self.tr("Type your own password to confirm."))
                return
        self.accept()


class PasswordDialog(QDialog):
    """The owner sets a new password for a user who forgot theirs."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New password for %1").replace("%1", name))
        self.setMinimumWidth(420)
        self.password = _password_edit()
        self.repeat = _password_edit()
        note = QLabel(self.tr("%1's private notes stay sealed with the old password: a new one cannot open "
                              "them.").replace("%1", name))
        note.setWordWrap(True)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("New password:"), self.password)
        form.addRow(self.tr("Repeat password:"), self.repeat)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Set password"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.check_and_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def check_and_accept(self) -> None:
        self.error.clear()
        try:
            passwords.check_new(self.password.text())
        except KnownError as exc:
            self.error.setText(exc.text(current_ui_language()))
            return
        if self.password.text() != self.repeat.text():
            self.error.setText(self.tr("The two passwords differ. Type the same password twice."))
            return
        self.accept()


class RemoveDialog(QDialog):
    """Removing re-keys the file: said first, confirmed with the owner's password."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Remove %1").replace("%1", name))
        self.setMinimumWidth(460)
        text = QLabel(self.tr(
            "%1 will no longer be able to unlock this base. The whole file is re-encrypted under a new key, "
            "so the old password opens nothing made from now on; this takes a while on a large base. "
            "A restore point is made first. Their clients and tasks keep their name until you give them "
            "to someone else; their private notes stay sealed for good.").replace("%1", name))
        text.setWordWrap(True)
        self.owner_password = _password_edit()
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        form = QFormLayout()
        form.addRow(self.tr("Your password:"), self.owner_password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.remove_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.remove_button.setText(self.tr("Remove and re-encrypt"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.check_and_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def check_and_accept(self) -> None:
        if not self.owner_password.text():
            self.error.setText(self.tr("Type your own password to confirm."))
            return
        self.accept()


class UsersPage(QWidget):
    """The list of users with what each may do, and the owner's buttons."""

    changed = Signal()  # users added, removed or changed: the main window re-reads what depends on them
    # True before a change that may write the vault into a fresh file (removing a user, the first user
    # added), False after it: the window's background readers (page check, backup, counts) stop first
    rekeying = Signal(bool)

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.infos: dict[str, users.UserInfo] = {}
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        for column, mode in ((COL_NAME, QHeaderView.ResizeMode.ResizeToContents),
                             (COL_ROLE, QHeaderView.ResizeMode.ResizeToContents),
                             (COL_RIGHTS, QHeaderView.ResizeMode.Stretch),
                             (COL_ADDED, QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)
        self.tree.setWordWrap(True)
        self.add_button = QPushButton()
        self.role_button = QPushButton()
        self.password_button = QPushButton()
        self.remove_button = QPushButton()
        for push in (self.add_button, self.role_button, self.password_button, self.remove_button):
            push.setAutoDefault(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        for push in (self.add_button, self.role_button, self.password_button, self.remove_button):
            buttons.addWidget(push)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.add_button.clicked.connect(self.add_user)
        self.role_button.clicked.connect(self.change_role)
        self.password_button.clicked.connect(self.reset_password)
        self.remove_button.clicked.connect(self.remove_user)
        self.tree.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.retranslateUi()
        self.reload()

    def retranslateUi(self) -> None:
        self.heading.setText(self.tr("Users of this base"))
        self.intro.setText(self.tr(
            "Each user unlocks the base with their own password. The owner may do everything; a manager "
            "what you tick; a read-only user only looks. Everything each one changes is recorded under "
            "their name."))
        self.tree.setHeaderLabels([self.tr("Name"), self.tr("Role"), self.tr("May"), self.tr("Added")])
        self.add_button.setText(self.tr("Add user…"))
        self.role_button.setText(self.tr("Change role…"))
        self.password_button.setText(self.tr("Reset password…"))
        self.remove_button.setText(self.tr("Remove…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
            if not self.vault.closed:  # after a lock the page is only waiting to be thrown away
                self.reload()
        super().changeEvent(event)

    # ---- the list ---------------------------------------------------------------------------
    def reload(self) -> None:
        """The users (a handful of rows); a vault of one password shows its owner alone."""
        current = self.current_name()
        with self.vault.session() as session:
            listed = users.list_users(session)
        me = self.vault.user
        if not any(u.name == me.name for u in listed):  # a one-password vault has no users rows yet
            listed.insert(0, users.UserInfo(me.name, me.role, me.permissions, None))  # type: ignore[arg-type]
        self.tree.clear()
        names = role_names()
        lang = labels.language()
        for info in listed:
            added = labels.long_date(info.created_at.date(), lang) if info.created_at else ""
            item = QTreeWidgetItem([info.name, names.get(info.role, info.role),
                                    rights_text(info.role, info.permissions), added])
            item.setData(COL_NAME, NAME_ROLE, info.name)
            item.setData(COL_ROLE, NAME_ROLE, info.role)
            item.setToolTip(COL_RIGHTS, item.text(COL_RIGHTS))
            self.tree.addTopLevelItem(item)
        self.infos = {u.name: u for u in listed}
        self.select(current or me.name)
        self._update_buttons()

    def select(self, name: str | None) -> None:
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item is not None and item.data(COL_NAME, NAME_ROLE) == name:
                self.tree.setCurrentItem(item)
                return

    def current_name(self) -> str | None:
        item = self.tree.currentItem()
        return str(item.data(COL_NAME, NAME_ROLE)) if item is not None else None

    def _update_buttons(self) -> None:
        name = self.current_name()
        info = self.infos.get(name or "")
        is_owner_row = info is not None and info.role == "owner"
        why_owner = self.tr("The owner keeps the owner's role; change your own password with File ▸ Change password.")
        for push in (self.role_button, self.password_button, self.remove_button):
            push.setEnabled(info is not None and not is_owner_row)
            push.setToolTip(why_owner if is_owner_row else "")

    # ---- changes, each on a worker --------------------------------------------------------------
    def run_dialog(self, dialog: QDialog) -> bool:
        """Show a dialog and wait for OK (a separate method so tests can answer it)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _run(self, title: str, work: Callable[[], Any], done: str, *, rekeys: bool = False) -> bool:
        self.status.setStyleSheet("")
        self.status.clear()
        if rekeys:
            self.rekeying.emit(True)
        try:
            run_with_progress(self, title, lambda **_kw: work(), cancellable=False)
        except Exception as exc:
            if rekeys:
                self.rekeying.emit(False)
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(error_text(exc, self.tr("The change could not be made."), what="users"))
            self.reload()
            return False
        if rekeys:
            self.rekeying.emit(False)
        self.reload()
        self.status.setText(done)
        self.changed.emit()
        return True

    def add_user(self) -> bool:
        first = not users.is_multi_user(self.vault.path)
        dialog = UserDialog(self, needs_owner_password=first)
        if not self.run_dialog(dialog):
            return False
        name, password, role = dialog.name.text().strip(), dialog.password.text(), str(dialog.role.currentData())
        perms, owner_password = dialog.chosen_permissions(), dialog.owner_password.text() or None
        vault = self.vault
        ok = self._run(self.tr("Adding %1…").replace("%1", name),
                       lambda: users.add_user(vault, name, password, role, perms, owner_password=owner_password),
                       self.tr("%1 was added: they unlock the base with their own password.").replace("%1", name),
                       rekeys=first)
        if ok:
            self.select(name)
        return ok

    def change_role(self) -> bool:
        name = self.current_name()
        info = self.infos.get(name or "")
        if name is None or info is None:
            return False
        dialog = UserDialog(self, name=name, role=info.role,
                            permissions=info.permissions if info.role == "manager" else rights.DEFAULT_MANAGER)
        if not self.run_dialog(dialog):
            return False
        role, perms = str(dialog.role.currentData()), dialog.chosen_permissions()
        vault = self.vault
        return self._run(self.tr("Changing the role of %1…").replace("%1", name),
                         lambda: users.set_role(vault, name, role, perms),
                         self.tr("The role of %1 was changed.").replace("%1", name))

    def reset_password(self) -> bool:
        name = self.current_name()
        if name is None:
            return False
        dialog = PasswordDialog(name, self)
        if not self.run_dialog(dialog):
            return False
        password, vault = dialog.password.text(), self.vault
        return self._run(self.tr("Setting a new password for %1…").replace("%1", name),
                         lambda: users.set_password(vault, name, password),
                         self.tr("%1 now unlocks the base with the new password.").replace("%1", name))

    def remove_user(self) -> bool:
        name = self.current_name()
        if name is None:
            return False
        dialog = RemoveDialog(name, self)
        if not self.run_dialog(dialog):
            return False
        owner_password, vault = dialog.owner_password.text(), self.vault
        return self._run(self.tr("Removing %1 and re-encrypting the base…").replace("%1", name),
                         lambda: users.remove_user(vault, name, owner_password=owner_password),
                         self.tr("%1 was removed; the base is encrypted under a new key.").replace("%1", name),
                         rekeys=True)
