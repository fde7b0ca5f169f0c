"""The card's History tab (SPEC §4): this client's timeline newest first, a kind filter, quick add.

A private note (#15.3) is marked with a lock: its author reads it (core.history.private_note
unseals it with their own key), everyone else sees "🔒 Private note", who wrote it and when.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from clientbook.core import history
from clientbook.core import models as m
from clientbook.core.errors import KnownError
from clientbook.core.vault import Vault
from clientbook.ui.card import labels
from clientbook.ui.card.fields import ErrorLabel, button
from clientbook.ui.card.lazy_tab import LazyTab, hint_label, make_tree
from clientbook.ui.rights import guard

LOCK = "🔒"


def entry_text(subject: str | None, text: str | None) -> str:
    parts = [p.strip() for p in (subject, text) if p and p.strip()]
    return " — ".join(parts).replace("\n", " ")


def shown_text(session: Session, item: m.Interaction) -> str:
    """What a history line says: the entry's text; a private note's only for its author, with a lock."""
    if not item.private:
        return entry_text(item.subject, item.text)
    note = history.private_note(session, item)
    if note is None:
        return f"{LOCK} " + QCoreApplication.translate("HistoryTab", "Private note")
    return f"{LOCK} " + entry_text(note.subject, note.text)


def private_tip() -> str:
    return QCoreApplication.translate("HistoryTab", "A private note: only its author can read it")


class HistoryTab(LazyTab):
    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.kind_filter = QComboBox()
        self.kind_filter.addItem(self.tr("All kinds"), None)
        for code, text in labels.interaction_kinds().items():
            self.kind_filter.addItem(text, code)
        self.tree = make_tree([self.tr("When"), self.tr("Kind"), self.tr("What"), self.tr("Author")], 2)
        self.empty = hint_label(self.tr("No history yet."))
        self.new_kind = QComboBox()
        for code, text in labels.interaction_kinds().items():
            self.new_kind.addItem(text, code)
        self.new_kind.setCurrentIndex(self.new_kind.findData("call"))
        self.new_text = QLineEdit()
        self.new_text.setPlaceholderText(self.tr("What happened: a call, a meeting, a note…"))
        self.private = QCheckBox(self.tr("Private"))
        self.private.setToolTip(self.tr("Only you will be able to read this note; others see that it exists"))
        self.add_button = button(self.tr("Add to history"))
        self.error = ErrorLabel()
        self.save_first = QLabel(self.tr("Save the card first to add history."))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show:")))
        top.addWidget(self.kind_filter)
        top.addStretch(1)
        add = QHBoxLayout()
        add.addWidget(self.new_kind)
        add.addWidget(self.new_text, 1)
        add.addWidget(self.private)
        add.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addLayout(add)
        layout.addWidget(self.error)
        layout.addWidget(self.save_first)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.add_button.clicked.connect(self.add_entry)
        self.new_text.returnPressed.connect(self.add_entry)

    def reload(self) -> None:
        self.tree.clear()
        saved = self.client_id is not None
        for widget in (self.new_kind, self.new_text, self.private, self.add_button):
            guard(widget, self.vault, "edit", saved)  # a read-only user is told why on the button
        self.save_first.setVisible(not saved)
        if self.client_id is None:
            self.empty.show()
            return
        kind = self.kind_filter.currentData()
        kinds_text = labels.interaction_kinds()
        with self.vault.session() as session:
            rows = history.timeline(session, self.client_id, [kind] if kind else None, viewer=self.vault.actor)
            items = []
            for r in rows:
                item = QTreeWidgetItem([labels.long_datetime(r.occurred_at), kinds_text.get(r.kind, r.kind),
                                        shown_text(session, r), r.author or ""])
                if r.private:
                    item.setToolTip(2, private_tip())
                items.append(item)
        self.tree.addTopLevelItems(items)
        self.empty.setVisible(not items)

    def add_entry(self) -> None:
        if self.client_id is None:
            return
        text = self.new_text.text().strip()
        if not text:
            self.error.show_message(self.tr("Write what happened."))
            self.new_text.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        try:
            with self.vault.transaction() as session:
                history.add_interaction(session, self.client_id, self.new_kind.currentData(), text=text,
                                        private=self.private.isChecked())
        except KnownError as exc:
            self.error.show_message(exc.text(labels.language()))
            return
        self.error.clear_message()
        self.new_text.clear()
        self.private.setChecked(False)
        self.reload()
        self.data_changed.emit()
