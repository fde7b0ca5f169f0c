"""Base of the card's record tabs (History, Purchases, Reminders, Consents, Changes).

They query only when first shown, so opening a card costs one `get_client` and the tabs the user
never looks at cost nothing (SPEC §15: open card ≤ 100 ms).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QWidget

from clientbook.core.vault import Vault


def make_tree(headers: list[str], stretch: int) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setColumnCount(len(headers))
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(True)
    tree.setSelectionMode(QTreeWidget.SelectionMode.SingleSelection)
    header = tree.header()
    header.setStretchLastSection(False)
    for column in range(len(headers)):
        mode = QHeaderView.ResizeMode.Stretch if column == stretch else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(column, mode)
    return tree


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet("color: palette(mid); padding: 12px;")
    label.setWordWrap(True)
    return label


class LazyTab(QWidget):
    """Loads its rows on first show and again after `invalidate()`."""

    data_changed = Signal()

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.client_id: int | None = None
        self._stale = True

    def set_client(self, client_id: int | None) -> None:
        self.client_id = client_id
        self.invalidate()

    def invalidate(self) -> None:
        self._stale = True
        if self.isVisible():
            self.ensure_loaded()

    def ensure_loaded(self) -> None:
        if self._stale:
            self._stale = False
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_loaded()

    def reload(self) -> None:
        raise NotImplementedError
