"""Bulk actions on the selected rows: tag / untag, temperature, status, responsible user, archive (SPEC §6).

Each action is one audited batch (`start_batch(session, "bulk_edit", label)`), preceded by a
restore point when the backup engine is installed, and runs off the GUI thread: a bulk edit of
100,000 rows takes seconds.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QWidget

from clientbook.core import clients, team
from clientbook.core.errors import KnownError
from clientbook.core.vault import Vault
from clientbook.ui.client_list_model import status_labels, temperature_labels
from clientbook.ui.i18n import current_ui_language
from clientbook.ui.workers import run_with_progress


def has_backups() -> bool:
    return importlib.util.find_spec("clientbook.core.backup") is not None


def run_bulk(vault: Vault, label: str, edit: Callable[[Any], int]) -> int:
    """Restore point, then `edit(session)` inside one audited bulk_edit batch; returns rows changed."""
    if has_backups():
        from clientbook.core.restore_points import restore_point_before

        restore_point_before(vault, "bulk_edit")
    with vault.transaction() as session:
        batch = clients.start_batch(session, "bulk_edit", label)
        changed = edit(session)
        clients.finish_batch(session, batch, {"changed": changed})
    return changed


def tag(vault: Vault, ids: list[int], name: str) -> int:
    return run_bulk(vault, f"tag +{name}", lambda s: clients.tag_clients(s, ids, [name]))


def untag(vault: Vault, ids: list[int], name: str) -> int:
    return run_bulk(vault, f"tag -{name}", lambda s: clients.untag_clients(s, ids, [name]))


def set_field(vault: Vault, ids: list[int], name: str, value: str | None) -> int:
    return run_bulk(vault, f"{name}={value}", lambda s: clients.set_field(s, ids, name, value))


def set_responsible(vault: Vault, ids: list[int], name: str | None) -> int:
    return run_bulk(vault, f"responsible={name or ''}", lambda s: team.set_responsible(s, ids, name))


def archive(vault: Vault, ids: list[int], archived: bool = True) -> int:
    return run_bulk(vault, "archive" if archived else "unarchive",
                    lambda s: clients.set_archived(s, ids, archived))


class BulkActions(QObject):
    """The actions for the toolbar and the list's context menu.

    `selected_ids` returns the ids of the selected rows; `done` is emitted after a change so the
    window refreshes the list and the sidebar.
    """

    done = Signal(int)  # rows changed

    def __init__(self, parent: QWidget, vault_of: Callable[[], Vault | None],
                 selected_ids: Callable[[], list[int]]) -> None:
        super().__init__(parent)
        self._parent = parent
        self._vault_of = vault_of
        self._selected = selected_ids
        self.add_tag = QAction(parent)
        self.add_tag.triggered.connect(self.ask_tag)
        self.remove_tag = QAction(parent)
        self.remove_tag.triggered.connect(self.ask_untag)
        self.responsible = QAction(parent)
        self.responsible.triggered.connect(self.ask_responsible)
        self.archive = QAction(parent)
        self.archive.triggered.connect(lambda: self._run(lambda v, ids: archive(v, ids, True)))
        self.unarchive = QAction(parent)
        self.unarchive.triggered.connect(lambda: self._run(lambda v, ids: archive(v, ids, False)))
        self.temperature_menu = QMenu(parent)
        self.status_menu = QMenu(parent)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.add_tag.setText(QCoreApplication.translate("BulkActions", "Add tag…"))
        self.remove_tag.setText(QCoreApplication.translate("BulkActions", "Remove tag…"))
        self.responsible.setText(QCoreApplication.translate("BulkActions", "Set responsible…"))
        self.archive.setText(QCoreApplication.translate("BulkActions", "Archive"))
        self.unarchive.setText(QCoreApplication.translate("BulkActions", "Return from archive"))
        self.temperature_menu.setTitle(QCoreApplication.translate("BulkActions", "Set temperature"))
        self.status_menu.setTitle(QCoreApplication.translate("BulkActions", "Set status"))
        self._fill_choice_menu(self.temperature_menu, "temperature",
                               [*temperature_labels().items(), (None, QCoreApplication.translate("BulkActions", "Not set"))])
        self._fill_choice_menu(self.status_menu, "status", list(status_labels().items()))

    def _fill_choice_menu(self, menu: QMenu, name: str, choices: list[tuple[str | None, str]]) -> None:
        menu.clear()
        for value, title in choices:
            action = menu.addAction(title)
            action.triggered.connect(lambda _=False, v=value: self._run(lambda vault, ids: set_field(vault, ids, name, v)))

    def actions(self) -> list[QAction]:
        return [self.add_tag, self.remove_tag, self.temperature_menu.menuAction(),
                self.status_menu.menuAction(), self.responsible, self.archive, self.unarchive]

    def set_enabled(self, enabled: bool) -> None:
        for action in self.actions():
            action.setEnabled(enabled)

    def add_to_menu(self, menu: QMenu) -> None:
        for action in self.actions():
            menu.addAction(action)

    def _tag_names(self) -> list[str]:
        vault = self._vault_of()
        if vault is None or vault.closed:
            return []
        with vault.session() as session:
            return [name for name, _ in clients.tag_counts(session, include_archived=True)]

    def ask_tag(self) -> None:
        name, ok = QInputDialog.getItem(self._parent, QCoreApplication.translate("BulkActions", "Add tag"), QCoreApplication.translate("BulkActions", "Tag for the selected clients:"),
                                        self._tag_names(), 0, True)
        if ok and name.strip():
            self._run(lambda v, ids: tag(v, ids, name.strip()))

    def ask_untag(self) -> None:
        names = self._tag_names()
        if not names:
            return
        name, ok = QInputDialog.getItem(self._parent, QCoreApplication.translate("BulkActions", "Remove tag"), QCoreApplication.translate("BulkActions", "Tag to remove from the selected clients:"),
                                        names, 0, False)
        if ok and name:
            self._run(lambda v, ids: untag(v, ids, name))

    def ask_responsible(self) -> None:
        """Give the selected clients to one of the vault's users, or to nobody."""
        vault = self._vault_of()
        if vault is None or vault.closed:
            return
        with vault.session() as session:
            people = team.assignable_names(session)
        nobody = QCoreApplication.translate("BulkActions", "nobody")
        name, ok = QInputDialog.getItem(
            self._parent, QCoreApplication.translate("BulkActions", "Set responsible"),
            QCoreApplication.translate("BulkActions", "Responsible for the selected clients:"),
            [*people, nobody], 0, False)
        if ok and name:
            chosen = None if name == nobody else name
            self._run(lambda v, ids: set_responsible(v, ids, chosen))

    def _run(self, work: Callable[[Vault, list[int]], int]) -> None:
        vault, ids = self._vault_of(), self._selected()
        if vault is None or vault.closed or not ids:
            return
        try:
            changed = run_with_progress(self._parent, QCoreApplication.translate("BulkActions", "Changing the selected clients…"),
                                        lambda progress, should_cancel: work(vault, ids), cancellable=False)
        except KnownError as exc:
            QMessageBox.warning(self._parent, QCoreApplication.translate("BulkActions", "Nothing was changed"), exc.text(current_ui_language()))
            return
        self.done.emit(int(changed or 0))
