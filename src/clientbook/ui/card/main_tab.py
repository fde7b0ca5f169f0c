"""The Main tab: every field of `ClientInput` except the header's, plus the user's custom fields.

Each field has an inline error label under it; `show_errors` takes the core's ValidationError keys
("inn", "phones[1]", "custom.<key>") so a problem appears next to the field that caused it.
"""

from __future__ import annotations

import re
from typing import cast

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from clientbook.core import models as m
from clientbook.core.clients import KIND_FIELDS, PERSON_FIELDS, ClientInput
from clientbook.ui.card import labels
from clientbook.ui.card.custom_editors import CustomEditor
from clientbook.ui.card.fields import (
    EmailListEdit,
    ErrorLabel,
    OptionalDateEdit,
    PartialDateEdit,
    PhoneListEdit,
    add_field_row,
    scrolling_page,
)
from clientbook.ui.countries import CountryBox

_INDEXED = re.compile(r"^(phones|emails)\[(\d+)\]$")


def choice_box(options: dict[str, str], empty: bool = True) -> QComboBox:
    box = QComboBox()
    if empty:
        box.addItem("—", None)
    for code, text in options.items():
        box.addItem(text, code)
    return box


def set_choice(box: QComboBox, value: str | None) -> None:
    box.setCurrentIndex(max(box.findData(value), 0))


class MainTab(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors: dict[str, ErrorLabel] = {}
        self.custom_editors: dict[str, CustomEditor] = {}
        self.hidden: set[str] = set()  # "inn", "birthday", "custom.<key>": not shown to this user
        self.last_name = QLineEdit()
        self.first_name = QLineEdit()
        self.middle_name = QLineEdit()
        self.company_name = QLineEdit()
        self.inn = QLineEdit()
        self.inn.setPlaceholderText(self.tr("10 or 12 digits"))
        self.inn.setMaxLength(14)
        self.position_edit = QLineEdit()
        self.phones = PhoneListEdit()
        self.emails = EmailListEdit()
        self.birthday = PartialDateEdit()
        self.gender = choice_box(labels.genders())
        self.address = QLineEdit()
        self.city = QLineEdit()
        self.region = QLineEdit()
        self.country = CountryBox()
        self.source = QLineEdit()
        self.behaviour = choice_box(labels.behaviours())
        self.family_status = QLineEdit()
        self.family_note = QLineEdit()
        self.interests = QPlainTextEdit()
        self.interests.setFixedHeight(56)
        self.debtor = QCheckBox(self.tr("owes us money"))
        self.next_contact = OptionalDateEdit()
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(80)

        self.rows: dict[str, tuple[QFormLayout, QLabel, QWidget]] = {}
        self.kind = "person"
        left = QFormLayout()
        self.left_form = left
        self._row(left, self.tr("Last name") + " *", self.last_name, "last_name",
                  self.tr("A last name, first name or company name is required."))
        self._row(left, self.tr("First name"), self.first_name, "first_name")
        self._row(left, self.tr("Middle name"), self.middle_name, "middle_name")
        self._row(left, self.tr("Company"), self.company_name, "company_name")
        self._row(left, self.tr("INN"), self.inn, "inn")
        self._row(left, self.tr("Position"), self.position_edit, "position")
        self._row(left, self.tr("Phones"), self.phones, "phones")
        self._row(left, self.tr("E-mails"), self.emails, "emails")
        self._row(left, self.tr("Birthday"), self.birthday, "birthday")
        self._row(left, self.tr("Gender"), self.gender, "gender")
        right = QFormLayout()
        self._row(right, self.tr("Address"), self.address, "address")
        self._row(right, self.tr("City"), self.city, "city")
        self._row(right, self.tr("Region"), self.region, "region")
        self._row(right, self.tr("Country"), self.country, "country")
        self._row(right, self.tr("Source"), self.source, "source")
        self._row(right, self.tr("Behaviour"), self.behaviour, "behaviour")
        self._row(right, self.tr("Family status"), self.family_status, "family_status")
        self._row(right, self.tr("Children / family"), self.family_note, "family_note")
        self._row(right, self.tr("Interests"), self.interests, "interests")
        self._row(right, self.tr("Debtor"), self.debtor, "debtor")
        self._row(right, self.tr("Next contact"), self.next_contact, "next_contact_date")
        self._row(right, self.tr("Notes"), self.notes, "notes")

        self.custom_group = QGroupBox(self.tr("Custom fields"))
        self.custom_form = QFormLayout(self.custom_group)
        self.custom_group.hide()

        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(16)
        columns.addLayout(right, 1)
        scrolling_page(self, columns, self.custom_group)

        for edit in (self.last_name, self.first_name, self.middle_name, self.company_name, self.inn,
                     self.position_edit, self.address, self.city, self.region, self.source,
                     self.family_status, self.family_note):
            edit.textChanged.connect(lambda _t: self.changed.emit())
        for text_box in (self.interests, self.notes):
            text_box.textChanged.connect(self.changed)
        for box in (self.gender, self.behaviour, self.country):
            box.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.debtor.toggled.connect(lambda _c: self.changed.emit())
        for signal in (self.phones.changed, self.emails.changed, self.birthday.changed, self.next_contact.changed):
            signal.connect(self.changed)

    def _row(self, form: QFormLayout, caption: str, widget: QWidget, key: str, tip: str | None = None) -> None:
        label, holder, self.errors[key] = add_field_row(form, caption, widget, tip)
        self.rows[key] = (form, label, holder)

    # ---- fields by kind ------------------------------------------------------------------
    def set_kind(self, kind: str) -> None:
        """Show the fields of a person, a company or an ИП (core.clients.KIND_FIELDS says which).

        A company's name comes first and is the required field; a field that does not apply to the
        kind is hidden only while it is empty, so switching the kind never hides a value."""
        self.kind = kind
        form = self.left_form
        _form, label, holder = self.rows["company_name"]
        row, _role = cast("tuple[int, QFormLayout.ItemRole]", form.getWidgetPosition(holder))  # stub: object
        wanted = 0 if kind == "company" else 3
        if row != wanted:
            form.takeRow(row)  # keeps the label and the field widget; they go back in at `wanted`
            form.insertRow(wanted, label, holder)
        label.setText({"company": self.tr("Company name") + " *", "ip": self.tr("Business name")}.get(
            kind, self.tr("Company")))
        label.setToolTip(self.tr("The company name is required.") if kind == "company" else "")
        last_label = self.rows["last_name"][1]
        last_label.setText(self.tr("Last name") + (" *" if kind != "company" else ""))
        shown = KIND_FIELDS.get(kind, KIND_FIELDS["person"])
        for key in PERSON_FIELDS:
            form_of, _label, field_holder = self.rows[key]
            form_of.setRowVisible(field_holder, key in shown or self._has_value(key))

    def _has_value(self, key: str) -> bool:
        widget = {"last_name": self.last_name, "first_name": self.first_name, "middle_name": self.middle_name,
                  "position": self.position_edit, "family_status": self.family_status,
                  "family_note": self.family_note}.get(key)
        if isinstance(widget, QLineEdit):
            return bool(widget.text().strip())
        if key == "birthday":
            return self.birthday.value() is not None
        if key == "gender":
            return self.gender.currentData() is not None
        return False

    # ---- custom fields -------------------------------------------------------------------
    def set_custom_fields(self, definitions: list[m.CustomField]) -> None:
        while self.custom_form.rowCount():
            self.custom_form.removeRow(0)
        self.custom_editors.clear()
        for definition in definitions:
            editor = CustomEditor(definition)
            editor.changed.connect(self.changed)
            caption = definition.label + (" *" if definition.required else "")
            if definition.sensitive:
                caption += " 🔒"
            self.custom_editors[definition.key] = editor
            self._row(self.custom_form, caption, editor, f"custom.{definition.key}",
                      self.tr("Sensitive data: stored encrypted, shown only to users allowed to see it")
                      if definition.sensitive else None)
        self.custom_group.setVisible(bool(definitions))

    # ---- data in and out -----------------------------------------------------------------
    def load(self, data: ClientInput, phones: list[tuple[str, str | None, str, bool]]) -> None:
        self.last_name.setText(data.last_name or "")
        self.first_name.setText(data.first_name or "")
        self.middle_name.setText(data.middle_name or "")
        self.company_name.setText(data.company_name or "")
        self.inn.setText(data.inn or "")
        self.position_edit.setText(data.position or "")
        self.phones.set_phones(phones, data.country or "RU")
        self.emails.set_values(list(data.emails))
        birthday = data.birthday
        self.birthday.set_value(birthday if not isinstance(birthday, str) else None)
        set_choice(self.gender, data.gender)
        self.address.setText(data.address or "")
        self.city.setText(data.city or "")
        self.region.setText(data.region or "")
        self.country.set_code(data.country or "RU")
        self.source.setText(data.source or "")
        set_choice(self.behaviour, data.behaviour)
        self.family_status.setText(data.family_status or "")
        self.family_note.setText(data.family_note or "")
        self.interests.setPlainText(data.interests or "")
        self.debtor.setChecked(bool(data.debtor))
        next_date = data.next_contact_date
        self.next_contact.set_date(next_date if not isinstance(next_date, str) else None)
        self.notes.setPlainText(data.notes or "")
        for key, editor in self.custom_editors.items():
            editor.set_value(data.custom.get(key))
        self._show_hidden(set(data.hidden))
        if not data.phones:
            self.phones.add_row()
        if not data.emails:
            self.emails.add_row()

    def collect(self, data: ClientInput) -> None:
        data.last_name = self.last_name.text()
        data.first_name = self.first_name.text()
        data.middle_name = self.middle_name.text()
        data.company_name = self.company_name.text()
        data.inn = self.inn.text()
        data.position = self.position_edit.text()
        data.phones = list(self.phones.values())
        data.emails = self.emails.values()
        data.birthday = self.birthday.value()
        data.gender = self.gender.currentData()
        data.address = self.address.text()
        data.city = self.city.text()
        data.region = self.region.text()
        data.country = self.country.code() or "RU"
        data.source = self.source.text()
        data.behaviour = self.behaviour.currentData()
        data.family_status = self.family_status.text()
        data.family_note = self.family_note.text()
        data.interests = self.interests.toPlainText()
        data.debtor = self.debtor.isChecked()
        data.next_contact_date = self.next_contact.date()
        data.notes = self.notes.toPlainText()
        data.custom = {key: editor.value() for key, editor in self.custom_editors.items()
                       if f"custom.{key}" not in self.hidden}
        if "inn" in self.hidden:  # left as stored (core keeps what this user may not see)
            data.inn = None
        if "birthday" in self.hidden:
            data.birthday = None

    def _show_hidden(self, hidden: set[str]) -> None:
        """Fields this user may not see (sensitive data, #15.4): empty, read-only, saying why."""
        self.hidden = hidden
        why = self.tr("Hidden: sensitive data you are not allowed to see")
        self.inn.setReadOnly("inn" in hidden)
        self.inn.setPlaceholderText(why if "inn" in hidden else self.tr("10 or 12 digits"))
        self.inn.setToolTip(why if "inn" in hidden else "")
        self.birthday.setEnabled("birthday" not in hidden)
        self.birthday.setToolTip(why if "birthday" in hidden else "")
        for key, editor in self.custom_editors.items():
            editor.set_hidden(f"custom.{key}" in hidden, why)

    def show_errors(self, errors: dict[str, str]) -> set[str]:
        """Show each message next to its field; returns the keys this tab displayed."""
        shown: set[str] = set()
        phone_errors: dict[int, str] = {}
        email_errors: dict[int, str] = {}
        for key, text in errors.items():
            match = _INDEXED.match(key)
            if match:
                (phone_errors if match.group(1) == "phones" else email_errors)[int(match.group(2))] = text
                shown.add(key)
            elif key in self.errors:
                self.errors[key].show_message(text)
                shown.add(key)
        for key, label in self.errors.items():
            if key not in errors:
                label.clear_message()
        self.phones.show_errors(phone_errors)
        self.emails.show_errors(email_errors)
        return shown

    def error_label(self, key: str) -> ErrorLabel | None:
        """The label showing `key`'s message (list rows included), for focus and for tests."""
        match = _INDEXED.match(key)
        if match:
            rows = (self.phones if match.group(1) == "phones" else self.emails).rows
            index = int(match.group(2))
            return rows[index].error if index < len(rows) else None
        return self.errors.get(key)
