"""Editors for the user's own fields, one per field type (SPEC §2: text, number, date, choice,
multi-choice, yes/no). Values go to `ClientInput.custom[key]` as the core's `coerce_custom` accepts them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from clientbook.core import models as m
from clientbook.ui.card.fields import OptionalDateEdit


class CustomEditor(QWidget):
    """A wrapper so the card treats every custom field alike: value(), set_value(), changed."""

    changed = Signal()

    def __init__(self, definition: m.CustomField, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = definition.key
        self.type = definition.type
        self.choices = [str(c) for c in (definition.choices or [])]
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.inner: QWidget
        self.hidden = False
        if self.type == "date":
            picker = OptionalDateEdit(self)
            picker.changed.connect(self.changed)
            self.inner = picker
        elif self.type == "choice":
            combo = QComboBox(self)
            combo.addItem("", None)
            for choice in self.choices:
                combo.addItem(choice, choice)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
            self.inner = combo
        elif self.type == "multi":
            box = QListWidget(self)
            for choice in self.choices:
                item = QListWidgetItem(choice, box)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
            box.setMaximumHeight(max(60, min(140, 22 * len(self.choices) + 6)))
            box.itemChanged.connect(lambda _i: self.changed.emit())
            self.inner = box
        elif self.type == "bool":
            check = QCheckBox(QCoreApplication.translate("CustomEditor", "yes"), self)
            check.setTristate(False)
            check.toggled.connect(lambda _c: self.changed.emit())
            self.inner = check
        else:
            edit = QLineEdit(self)
            if self.type == "number":
                edit.setPlaceholderText("0")
            if definition.sensitive:
                edit.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
            edit.textChanged.connect(lambda _t: self.changed.emit())
            self.inner = edit
        layout.addWidget(self.inner, 1)

    def set_hidden(self, hidden: bool, why: str) -> None:
        """A sensitive value this user may not see: nothing shown, nothing to type into."""
        self.hidden = hidden
        self.inner.setEnabled(not hidden)
        self.inner.setToolTip(why if hidden else "")
        if isinstance(self.inner, QLineEdit):
            self.inner.setPlaceholderText(why if hidden else ("0" if self.type == "number" else ""))

    def value(self) -> Any:
        inner = self.inner
        if isinstance(inner, OptionalDateEdit):
            return inner.date()
        if isinstance(inner, QComboBox):
            return inner.currentData()
        if isinstance(inner, QListWidget):
            return [inner.item(i).text() for i in range(inner.count())
                    if inner.item(i).checkState() == Qt.CheckState.Checked]
        if isinstance(inner, QCheckBox):
            return inner.isChecked()
        assert isinstance(inner, QLineEdit)
        return inner.text().strip() or None

    def set_value(self, value: Any) -> None:
        inner = self.inner
        if isinstance(inner, OptionalDateEdit):
            inner.set_date(value if isinstance(value, dt.date) else None)
        elif isinstance(inner, QComboBox):
            index = inner.findData(value)
            if index < 0 and value is not None:  # a value from before the choices changed stays visible
                inner.addItem(str(value), value)
                index = inner.count() - 1
            inner.setCurrentIndex(max(index, 0))
        elif isinstance(inner, QListWidget):
            chosen = set(value or [])
            for i in range(inner.count()):
                item = inner.item(i)
                item.setCheckState(Qt.CheckState.Checked if item.text() in chosen else Qt.CheckState.Unchecked)
        elif isinstance(inner, QCheckBox):
            inner.setChecked(bool(value))
        else:
            assert isinstance(inner, QLineEdit)
            if value is None:
                inner.setText("")
            elif isinstance(value, float):
                inner.setText(f"{value:g}")
            else:
                inner.setText(str(value))
