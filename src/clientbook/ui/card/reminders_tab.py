"""The card's Reminders tab: this client's tasks with due dates and whose they are; add one (for a
user of the vault), mark one done."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QTreeWidgetItem, QVBoxLayout, QWidget

from clientbook.core import history, team
from clientbook.core.errors import KnownError
from clientbook.core.vault import Vault
from clientbook.ui.card import labels
from clientbook.ui.card.fields import ErrorLabel, OptionalDateEdit, button
from clientbook.ui.card.lazy_tab import LazyTab, hint_label, make_tree
from clientbook.ui.rights import guard


class RemindersTab(LazyTab):
    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.tree = make_tree([self.tr("Due"), self.tr("Task"), self.tr("Assignee"), self.tr("Done")], 1)
        self.empty = hint_label(self.tr("No reminders."))
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("Call back, send the offer…"))
        self.due = OptionalDateEdit()
        self.due.set_date(dt.date.today() + dt.timedelta(days=1))
        self.assignee = QComboBox()
        self.assignee.setToolTip(self.tr("The user who does it"))
        self.assignee_label = QLabel(self.tr("Assignee"))
        self.add_button = button(self.tr("Add reminder"))
        self.done_button = button(self.tr("Mark done"))
        self.error = ErrorLabel()
        self.save_first = QLabel(self.tr("Save the card first to add reminders."))
        add = QHBoxLayout()
        add.addWidget(self.title, 1)
        add.addWidget(self.due)
        add.addWidget(self.assignee_label)
        add.addWidget(self.assignee)
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
        guard(self.done_button, self.vault, "edit",
              item is not None and item.data(0, Qt.ItemDataRole.UserRole + 1) is False)

    def reload(self) -> None:
        self.tree.clear()
        saved = self.client_id is not None
        for widget in (self.title, self.due, self.assignee, self.add_button):
            guard(widget, self.vault, "edit", saved)
        self.save_first.setVisible(not saved)
        if self.client_id is not None:
            today = dt.date.today()
            with self.vault.session() as session:
                self._fill_assignees(team.assignable_names(session), team.current_name(session),
                                     team.has_team(session))
                for reminder in history.client_reminders(session, self.client_id):
                    done = reminder.done_at is not None
                    item = QTreeWidgetItem([labels.long_date(reminder.due_date), reminder.title,
                                            reminder.assignee or "—",
                                            labels.long_datetime(reminder.done_at) if done else ""])
                    item.setData(0, Qt.ItemDataRole.UserRole, reminder.id)
                    item.setData(0, Qt.ItemDataRole.UserRole + 1, done)
                    if not done and reminder.due_date <= today:
                        for column in range(4):
                            item.setForeground(column, QBrush(QColor("#c62828")))
                    self.tree.addTopLevelItem(item)
        self.empty.setVisible(self.tree.topLevelItemCount() == 0)
        self._update_buttons()

    def _fill_assignees(self, people: list[str], me: str | None, several: bool) -> None:
        """The vault's users; a new task is the current user's unless they choose someone else (or
        nobody). With one person in the vault there is no one to choose: the box is hidden."""
        chosen = self.assignee.currentData() if self.assignee.count() else me
        self.assignee.clear()
        self.assignee.addItem(self.tr("nobody"), None)
        for name in people:
            self.assignee.addItem(name, name)
        index = self.assignee.findData(chosen if several else None)
        self.assignee.setCurrentIndex(max(index, 0))
        self.assignee.setVisible(several)
        self.assignee_label.setVisible(several)
        self.tree.setColumnHidden(2, not several)

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
                history.add_reminder(session, self.title.text(), due, client_id=self.client_id,
                                     assignee=self.assignee.currentData())
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
