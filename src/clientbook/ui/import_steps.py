"""What the import wizard's pages share: the page ids (the wizard's steps, for `nextId`) and the small
widgets every page builds its messages and tables from.

Apart from the wizard and its pages so that each page module needs only this, never the wizard that
holds the pages (the two imported each other, issue 13).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableWidget

PAGE_FILE, PAGE_SHEET, PAGE_HEADER, PAGE_MAPPING, PAGE_PREVIEW, PAGE_DUPLICATES, PAGE_SUMMARY, PAGE_PROGRESS, \
    PAGE_REPORT = range(9)

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a5a00;"
NOTE_STYLE = "color: #555555;"


def message_label(style: str = ERROR_STYLE) -> QLabel:
    """A word-wrapped, selectable label that stays hidden while it has nothing to say."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(style)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def say(label: QLabel, text: str | None, style: str | None = None) -> None:
    if style is not None:
        label.setStyleSheet(style)
    label.setText(text or "")
    label.setVisible(bool(text))


def read_only_table(columns: int = 0) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(22)
    return table
