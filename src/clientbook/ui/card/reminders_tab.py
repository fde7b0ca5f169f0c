"""The card's Reminders tab: this client's tasks with due dates; add one, mark one done."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTreeWidgetItem, QVBoxLayout, QWidget

from clientbook.core import history
from clientbook.core.errors import KnownError
from clientbook.core.vault import Vault
from clientbook.ui.card import labels
from clientbook.ui.card.fields import ErrorLabel, OptionalDateEdit, button
from clientbook.ui.card.lazy_tab import LazyTab, hint_label, make_tree


class RemindersTab(LazyTab):
    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.tree = make_tree([self.tr("Due"), self.tr("Task"), self.tr("Done")], 1)
        self.empty = hint_label(self.tr("No reminders."))
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("Call back, send the offer…"))
        self.due = OptionalDateEdit()
        self.due.set_date(dt.date.today() + dt.timedelta(days=1))
        self.add_button = button(self.tr("Add reminder"))
        self.done_button = button(self.tr("Mark done"))
        self.error = ErrorLabel()
        self.save_first = QLabel(self.tr("Save the card first to add reminders."))
        add = QHBoxLayout()
        add.addWidget(self.title, 1)
        add.addWidget(self.due)
        add.addWidget(self.add_button)
        actions = QHBoxLayout()
        actions.addWidget(self.done_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(add)
        layout.addWidget(self.error)
        layout.addWidget(self.save_first)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addLayout(actions)
        self.add_button.clicked.connect(self.add_reminder)
        self.title.returnPressed.connect(self.add_reminder)
        self.done_button.clicked.connect(self.mark_done)
        self.tree.currentItemChanged.connect(lambda *_a: self._update_buttons())

    def _update_buttons(self) -> None:
        item = self.tree.currentItem()
        self.done_button.setEnabled(item is not None and item.data(0, Qt.ItemDataRole.UserRole + 1) is False)

    def reload(self) -> None:
        self.tree.clear()
        saved = self.client_id is not None
        for widget in (self.title, self.due, self.add_button):
            widget.setEnabled(saved)
        self.save_first.setVisible(not saved)
        if self.client_id is not None:
            today = dt.date.today()
            with self.vault.session() as session:
                for reminder in history.client_reminders(session, self.client_id):
                    done = reminder.done_at is not None
                    item = QTreeWidgetItem([labels.long_date(reminder.due_date), reminder.title,
                                            labels.long_datetime(reminder.done_at) if done else ""])
                    item.setData(0, Qt.ItemDataRole.UserRole, reminder.id)
                    item.setData(0, Qt.ItemDataRole.UserRole + 1, done)
                    if not done and reminder.due_date <= today:
                        for column in range(3):
                            item.setForeground(column, QBrush(QColor("#c62828")))
                    self.tree.addTopLevelItem(item)
        self.empty.setVisible(self.tree.topLevelItemCount() == 0)
        self._update_buttons()

    def add_reminder(self) -> None:
        if self.client_id is None:
            return
        due = self.due.date()
        if not self.title.text().strip():
            self.error.show_message(self.tr("Write what to do."))
            return
        if due is None:
            self.error.show_message(self.tr("Choose the date."))
            return
        try:
            with self.vault.transaction() as session:
                history.add_reminder(session, self.title.text(), due, client_id=self.client_id)
        except KnownError as exc:
            self.error.show_message(exc.text(labels.language()))
            return
        self.error.clear_message()
        self.title.clear()
        self.reload()
        self.data_changed.emit()

    def mark_done(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        with self.vault.transaction() as session:
            history.complete_reminder(session, int(item.data(0, Qt.ItemDataRole.UserRole)))
        self.reload()
        self.data_changed.emit()
