"""The Contact persons tab: several people per client, each with phones, e-mails, role, birthday,
decision maker, preferred channel and one primary. One editor per person in a stack, so switching
between people never loses what was typed.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from clientbook.core.clients import ContactInput
from clientbook.ui.card import labels
from clientbook.ui.card.fields import (
    EmailListEdit,
    ErrorLabel,
    PartialDateEdit,
    PhoneListEdit,
    add_field_row,
    button,
    scrolling_page,
)
from clientbook.ui.card.main_tab import choice_box, set_choice

_KEY = re.compile(r"^contacts\[(\d+)\]\.(.+)$")
_INDEXED = re.compile(r"^(phones|emails)\[(\d+)\]$")


class ContactEditor(QWidget):
    """The form of one contact person."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contact_id: int | None = None
        self.errors: dict[str, ErrorLabel] = {}
        self.last_name = QLineEdit()
        self.first_name = QLineEdit()
        self.middle_name = QLineEdit()
        self.role = QComboBox()
        self.role.setEditable(True)
        self.role.addItem("", None)
        for code, text in labels.roles().items():
            self.role.addItem(text, code)
        self.phones = PhoneListEdit()
        self.emails = EmailListEdit()
        self.birthday = PartialDateEdit()
        self.decision_maker = QCheckBox(self.tr("makes the decisions"))
        self.channel = choice_box(labels.channels())
        self.primary = QCheckBox(self.tr("main contact of this client"))
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(60)
        form = QFormLayout()
        self._row(form, self.tr("Last name") + " *", self.last_name, "last_name")
        self._row(form, self.tr("First name"), self.first_name, "first_name")
        self._row(form, self.tr("Middle name"), self.middle_name, "middle_name")
        self._row(form, self.tr("Role"), self.role, "role")
        self._row(form, self.tr("Phones"), self.phones, "phones")
        self._row(form, self.tr("E-mails"), self.emails, "emails")
        self._row(form, self.tr("Birthday"), self.birthday, "birthday")
        self._row(form, self.tr("Decision maker"), self.decision_maker, "decision_maker")
        self._row(form, self.tr("Preferred channel"), self.channel, "preferred_channel")
        self._row(form, self.tr("Primary"), self.primary, "primary")
        self._row(form, self.tr("Notes"), self.notes, "notes")
        scrolling_page(self, form)
        for edit in (self.last_name, self.first_name, self.middle_name):
            edit.textChanged.connect(lambda _t: self.changed.emit())
        self.role.currentTextChanged.connect(lambda _t: self.changed.emit())
        self.channel.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.decision_maker.toggled.connect(lambda _c: self.changed.emit())
        self.primary.toggled.connect(lambda _c: self.changed.emit())
        self.notes.textChanged.connect(self.changed)
        for signal in (self.phones.changed, self.emails.changed, self.birthday.changed):
            signal.connect(self.changed)

    def _row(self, form: QFormLayout, caption: str, widget: QWidget, key: str) -> None:
        self.errors[key] = add_field_row(form, caption, widget)[2]

    def load(self, contact: ContactInput, phones: list[tuple[str, str | None, str, bool]], region: str) -> None:
        self.contact_id = contact.id
        self.last_name.setText(contact.last_name or "")
        self.first_name.setText(contact.first_name or "")
        self.middle_name.setText(contact.middle_name or "")
        role_index = self.role.findData(contact.role)
        if role_index >= 0:
            self.role.setCurrentIndex(role_index)
        else:
            self.role.setEditText(contact.role or "")
        self.phones.set_phones(phones, region)
        self.emails.set_values(list(contact.emails))
        birthday = contact.birthday
        self.birthday.set_value(birthday if not isinstance(birthday, str) else None)
        self.decision_maker.setChecked(contact.decision_maker)
        set_choice(self.channel, contact.preferred_channel)
        self.primary.setChecked(contact.primary)
        self.notes.setPlainText(contact.notes or "")
        if not contact.phones:
            self.phones.add_row()
        if not contact.emails:
            self.emails.add_row()

    def role_value(self) -> str | None:
        text = self.role.currentText().strip()
        index = self.role.findText(text)
        if index >= 0:
            return self.role.itemData(index)
        return text or None

    def collect(self) -> ContactInput:
        return ContactInput(
            id=self.contact_id, last_name=self.last_name.text(), first_name=self.first_name.text(),
            middle_name=self.middle_name.text(), role=self.role_value(), birthday=self.birthday.value(),
            decision_maker=self.decision_maker.isChecked(), preferred_channel=self.channel.currentData(),
            notes=self.notes.toPlainText(), primary=self.primary.isChecked(),
            phones=list(self.phones.values()), emails=self.emails.values())

    def caption(self) -> str:
        name = " ".join(p for p in (self.last_name.text().strip(), self.first_name.text().strip(),
                                    self.middle_name.text().strip()) if p) or self.tr("(no name)")
        role = self.role.currentText().strip()
        text = f"{name} — {role}" if role else name
        return ("★ " if self.primary.isChecked() else "") + text

    def show_errors(self, errors: dict[str, str]) -> None:
        phones: dict[int, str] = {}
        emails: dict[int, str] = {}
        for key, text in errors.items():
            match = _INDEXED.match(key)
            if match:
                (phones if match.group(1) == "phones" else emails)[int(match.group(2))] = text
        for key, label in self.errors.items():
            if key in errors:
                label.show_message(errors[key])
            else:
                label.clear_message()
        self.phones.show_errors(phones)
        self.emails.show_errors(emails)


class ContactsTab(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editors: list[ContactEditor] = []
        self._region = "RU"
        self.list = QListWidget()
        self.list.setMinimumWidth(220)
        self.stack = QStackedWidget()
        self.empty_hint = QLabel(self.tr("No contact persons yet. Press “Add contact person”."))
        self.empty_hint.setWordWrap(True)
        self.stack.addWidget(self.empty_hint)
        self.add_button = button(self.tr("Add contact person"))
        self.remove_button = button(self.tr("Remove"))
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        left.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addWidget(self.stack, 1)
        self.list.currentRowChanged.connect(self._select)
        self.add_button.clicked.connect(self.add_contact)
        self.remove_button.clicked.connect(self.remove_current)
        self._update_buttons()

    def _select(self, row: int) -> None:
        self.stack.setCurrentWidget(self.editors[row] if 0 <= row < len(self.editors) else self.empty_hint)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.list.currentRow() >= 0)

    def _refresh_captions(self) -> None:
        for row, editor in enumerate(self.editors):
            item = self.list.item(row)
            if item is not None:
                item.setText(editor.caption())

    def _editor_changed(self, editor: ContactEditor) -> None:
        if editor.primary.isChecked():  # one primary per client
            for other in self.editors:
                if other is not editor and other.primary.isChecked():
                    other.primary.blockSignals(True)
                    other.primary.setChecked(False)
                    other.primary.blockSignals(False)
        self._refresh_captions()
        self.changed.emit()

    def add_contact(self, contact: ContactInput | None = None,
                    phones: list[tuple[str, str | None, str, bool]] | None = None) -> ContactEditor:
        editor = ContactEditor()
        editor.load(contact or ContactInput(primary=not self.editors), phones or [], self._region)
        editor.changed.connect(lambda: self._editor_changed(editor))
        self.editors.append(editor)
        self.stack.addWidget(editor)
        self.list.addItem(editor.caption())
        if contact is None:
            self.list.setCurrentRow(len(self.editors) - 1)
            editor.last_name.setFocus()
            self.changed.emit()
        return editor

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        editor = self.editors.pop(row)
        self.list.takeItem(row)
        self.stack.removeWidget(editor)
        editor.deleteLater()
        self._select(self.list.currentRow())
        self.changed.emit()

    def load(self, contacts: list[ContactInput], phones: dict[int, list[tuple[str, str | None, str, bool]]],
             region: str) -> None:
        self._region = region or "RU"
        self.list.clear()
        for editor in self.editors:
            self.stack.removeWidget(editor)
            editor.deleteLater()
        self.editors = []
        for contact in contacts:
            self.add_contact(contact, phones.get(contact.id or 0, []))
        self.list.setCurrentRow(0 if self.editors else -1)
        self._select(self.list.currentRow())

    def collect(self) -> list[ContactInput]:
        return [editor.collect() for editor in self.editors]

    def show_errors(self, errors: dict[str, str]) -> set[str]:
        per_contact: dict[int, dict[str, str]] = {}
        shown = set()
        for key, text in errors.items():
            match = _KEY.match(key)
            if match:
                per_contact.setdefault(int(match.group(1)), {})[match.group(2)] = text
                shown.add(key)
        for index, editor in enumerate(self.editors):
            editor.show_errors(per_contact.get(index, {}))
            item = self.list.item(index)
            item.setForeground(QBrush(QColor("#c62828")) if index in per_contact else QBrush())
        if per_contact:
            self.list.setCurrentRow(min(per_contact))
        return shown

    def error_label(self, key: str) -> ErrorLabel | None:
        match = _KEY.match(key)
        if not match or int(match.group(1)) >= len(self.editors):
            return None
        editor = self.editors[int(match.group(1))]
        sub = match.group(2)
        indexed = _INDEXED.match(sub)
        if indexed:
            rows = (editor.phones if indexed.group(1) == "phones" else editor.emails).rows
            index = int(indexed.group(2))
            return rows[index].error if index < len(rows) else None
        return editor.errors.get(sub)
