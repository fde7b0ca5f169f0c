"""The Today panel (SPEC §4): overdue and due reminders and next-contact dates, birthdays of clients
and contact persons in the next 7 days; done and snooze on each line, double-click opens the client.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from clientbook.core import history
from clientbook.core.history import TodayItem
from clientbook.core.vault import Vault
from clientbook.ui.card import labels
from clientbook.ui.card.fields import button
from clientbook.ui.card.lazy_tab import hint_label

_ITEM = Qt.ItemDataRole.UserRole


class TodayPanel(QWidget):
    open_client = Signal(int)

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.items: list[TodayItem] = []
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.tree = QTreeWidget()
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.empty = hint_label("")
        self.done_button = button("")
        self.snooze_button = button("")
        snooze_menu = QMenu(self)
        self.snooze_actions = [(days, snooze_menu.addAction("", partial(self.snooze, days))) for days in (1, 3, 7)]
        self.snooze_button.setMenu(snooze_menu)
        self.open_button = button("")
        self.retranslateUi()
        actions = QHBoxLayout()
        actions.addWidget(self.done_button)
        actions.addWidget(self.snooze_button)
        actions.addStretch(1)
        actions.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addLayout(actions)
        self.tree.itemActivated.connect(lambda item, _c: self._open(item))
        self.tree.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.done_button.clicked.connect(self.done)
        self.open_button.clicked.connect(lambda: self._open(self.tree.currentItem()))
        self.refresh()

    def retranslateUi(self) -> None:
        """Captions in the current language (again after the user switches language)."""
        self.heading.setText(self.tr("Today"))
        self.tree.setHeaderLabels([self.tr("Date"), self.tr("What"), self.tr("Client")])
        self.tree.setToolTip(self.tr("Double-click a line to open the client"))
        self.empty.setText(self.tr("Nothing due today. No birthdays this week."))
        self.done_button.setText(self.tr("Done"))
        self.done_button.setToolTip(self.tr("Mark the task done or clear the next contact date"))
        self.snooze_button.setText(self.tr("Snooze"))
        texts = {1: self.tr("Until tomorrow"), 3: self.tr("For 3 days"), 7: self.tr("For a week")}
        for days, action in self.snooze_actions:
            action.setText(texts[days])
        self.open_button.setText(self.tr("Open client"))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
            if not self.vault.closed:  # after a lock the window is only waiting to be thrown away
                self.refresh()

    def describe(self, item: TodayItem, on: dt.date) -> str:
        if item.kind == "reminder":
            text = item.title
        elif item.kind == "next_contact":
            text = self.tr("Contact the client")
        elif item.kind == "birthday":
            text = self.tr("Birthday")
        else:
            text = self.tr("Birthday of %1").replace("%1", item.title)
        if item.overdue:
            days = (on - item.date).days
            text += " — " + self.tr("overdue by %n day(s)", "", days)
        return text

    def refresh(self) -> None:
        """Re-read the list (the main window calls this after edits and at midnight)."""
        on = dt.date.today()
        with self.vault.session() as session:
            self.items = history.today(session, on)
        self.tree.clear()
        groups = (
            (self.tr("Overdue"), [i for i in self.items if i.overdue]),
            (self.tr("Due today"), [i for i in self.items if not i.overdue and i.kind in ("reminder", "next_contact")]),
            (self.tr("Birthdays in the next 7 days"),
             sorted((i for i in self.items if i.kind in ("birthday", "contact_birthday")), key=lambda i: i.date)),
        )
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for caption, members in groups:
            if not members:
                continue
            header = QTreeWidgetItem([caption, "", ""])
            header.setFirstColumnSpanned(True)
            header.setFont(0, bold)
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(header)
            for entry in members:
                row = QTreeWidgetItem([labels.long_date(entry.date), self.describe(entry, on), entry.client_name])
                row.setData(0, _ITEM, self.items.index(entry))
                if entry.overdue:
                    for column in range(3):
                        row.setForeground(column, QBrush(QColor("#c62828")))
                self.tree.addTopLevelItem(row)
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        self.empty.setVisible(not self.items)
        self.tree.setVisible(bool(self.items))
        self._update_buttons()

    def current_item(self) -> TodayItem | None:
        row = self.tree.currentItem()
        index = row.data(0, _ITEM) if row is not None else None
        return self.items[int(index)] if index is not None else None

    def _update_buttons(self) -> None:
        item = self.current_item()
        actionable = item is not None and item.kind in ("reminder", "next_contact")
        self.done_button.setEnabled(actionable)
        self.snooze_button.setEnabled(actionable)
        self.open_button.setEnabled(item is not None and item.client_id is not None)

    def done(self) -> None:
        item = self.current_item()
        if item is None:
            return
        with self.vault.transaction() as session:
            if item.kind == "reminder" and item.reminder_id is not None:
                history.complete_reminder(session, item.reminder_id)
            elif item.kind == "next_contact" and item.client_id is not None:
                history.clear_next_contact(session, item.client_id)
        self.refresh()

    def snooze(self, days: int) -> None:
        item = self.current_item()
        if item is None:
            return
        with self.vault.transaction() as session:
            if item.kind == "reminder" and item.reminder_id is not None:
                history.snooze_reminder(session, item.reminder_id, days)
            elif item.kind == "next_contact" and item.client_id is not None:
                history.snooze_next_contact(session, item.client_id, days)
        self.refresh()

    def _open(self, row: QTreeWidgetItem | None) -> None:
        index = row.data(0, _ITEM) if row is not None else None
        if index is None:
            return
        client_id = self.items[int(index)].client_id
        if client_id is not None:
            self.open_client.emit(client_id)
