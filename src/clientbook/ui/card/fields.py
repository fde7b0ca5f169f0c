"""Small editing widgets the card is built from: inline error labels, date pickers that may be
empty or lack a year, and editable lists of phones and e-mails.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from clientbook.core.clients import PhoneInput
from clientbook.core.validation import PartialDate, format_phone
from clientbook.ui.card import labels

_NO_DATE = QDate(1899, 12, 31)  # below any real date: the picker shows its "not set" text for it


def button(text: str, parent: QWidget | None = None) -> QPushButton:
    """A push button that Enter in a line edit does not press (QDialog's autoDefault would)."""
    result = QPushButton(text, parent)
    result.setAutoDefault(False)
    return result


class ErrorLabel(QLabel):
    """The inline message under a field; hidden while the field is fine."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet("color: #c62828;")
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.show()

    def clear_message(self) -> None:
        self.clear()
        self.hide()


def add_field_row(form: QFormLayout, caption: str, widget: QWidget, tip: str | None = None
                  ) -> tuple[QLabel, QWidget, ErrorLabel]:
    """A form row whose field has its error label right under it: (caption, holder, error label).

    The holder is what a row hides or shows; the card's main tab and its contacts build every row so.
    """
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(1)
    layout.addWidget(widget)
    error = ErrorLabel(holder)
    layout.addWidget(error)
    label = QLabel(caption)
    if tip:
        label.setToolTip(tip)
    form.addRow(label, holder)
    return label, holder, error


def scrolling_page(owner: QWidget, *parts: QLayout | QWidget) -> None:
    """Lay `parts` out top to bottom in a scroll area filling `owner`: a card tab scrolls, not the window."""
    body = QWidget()
    body_layout = QVBoxLayout(body)
    for part in parts:
        if isinstance(part, QLayout):
            body_layout.addLayout(part)
        else:
            body_layout.addWidget(part)
    body_layout.addStretch(1)
    scroll = QScrollArea(owner)
    scroll.setWidgetResizable(True)
    scroll.setWidget(body)
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)


class _CalendarOpensToday(QObject):
    """An empty picker would open its calendar at the sentinel date (1899); open it at today instead."""

    def __init__(self, edit: QDateEdit) -> None:
        super().__init__(edit)
        self._edit = edit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self._edit.date() == _NO_DATE:
            today = QDate.currentDate()
            calendar = self._edit.calendarWidget()
            calendar.setCurrentPage(today.year(), today.month())
        return False


class OptionalDateEdit(QWidget):
    """A date picker (calendar popup) that can also be empty; shows "1 апреля 1985"."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, with_year: bool = True) -> None:
        super().__init__(parent)
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setLocale(labels.qlocale())
        self.edit.calendarWidget().setLocale(labels.qlocale())
        self.edit.setMinimumDate(_NO_DATE)
        self.edit.setMaximumDate(QDate(2200, 12, 31))
        self.edit.setSpecialValueText(self.tr("not set"))
        self.edit.setDate(_NO_DATE)
        self.edit.setMinimumWidth(170)
        self.edit.calendarWidget().installEventFilter(_CalendarOpensToday(self.edit))
        self.clear_button = QToolButton(self)
        self.clear_button.setText("✕")
        self.clear_button.setToolTip(self.tr("Clear the date"))
        self.clear_button.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.clear_button)
        layout.addStretch(1)
        self.set_with_year(with_year)
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())

    def set_with_year(self, with_year: bool) -> None:
        self.edit.setDisplayFormat("d MMMM yyyy" if with_year else "d MMMM")

    def date(self) -> dt.date | None:
        value = self.edit.date()
        return None if value == _NO_DATE else labels.from_qdate(value)

    def set_date(self, value: dt.date | None) -> None:
        self.edit.setDate(_NO_DATE if value is None else labels.to_qdate(value))

    def clear(self) -> None:
        self.edit.setDate(_NO_DATE)


class PartialDateEdit(QWidget):
    """A birthday: a date picker plus "year unknown", because many clients tell only day and month."""

    changed = Signal()
    _LEAP = 2000  # a leap year holds 29 February when the real year is unknown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picker = OptionalDateEdit(self)
        self.no_year = QCheckBox(self.tr("year unknown"), self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.picker)
        layout.addWidget(self.no_year)
        layout.addStretch(1)
        self.no_year.toggled.connect(self._year_toggled)
        self.picker.changed.connect(self.changed)

    def _year_toggled(self, unknown: bool) -> None:
        self.picker.set_with_year(not unknown)
        self.changed.emit()

    def value(self) -> PartialDate | None:
        date = self.picker.date()
        if date is None:
            return None
        return PartialDate(date.day, date.month, None if self.no_year.isChecked() else date.year)

    def set_value(self, value: PartialDate | None) -> None:
        if value is None:
            self.picker.clear()
            self.no_year.setChecked(False)
            return
        self.picker.set_date(dt.date(value.year or self._LEAP, value.month, value.day))
        self.no_year.setChecked(value.year is None)


class _Row:
    def __init__(self, widget: QWidget, edit: QLineEdit, error: ErrorLabel) -> None:
        self.widget = widget
        self.edit = edit
        self.error = error


class ListEdit(QWidget):
    """An editable list of one-line values with a remove button each and an inline error each."""

    changed = Signal()

    def __init__(self, add_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[_Row] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.add_button = button(add_text, self)
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        footer = QHBoxLayout()
        footer.addWidget(self.add_button)
        footer.addStretch(1)
        self._layout.addLayout(footer)

    def _build_row(self, row_layout: QHBoxLayout) -> QLineEdit:
        raise NotImplementedError

    def add_row(self, text: str = "", focus: bool = False) -> QLineEdit:
        holder = QWidget(self)
        outer = QVBoxLayout(holder)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        line = QHBoxLayout()
        edit = self._build_row(line)
        edit.setText(text)
        edit.setCursorPosition(0)  # a long value shows its start ("+7 495 …"), not its end
        edit.textChanged.connect(lambda _t: self.changed.emit())
        remove = QToolButton(holder)
        remove.setText("✕")
        remove.setToolTip(QCoreApplication.translate("ListEdit", "Remove"))
        line.addWidget(remove)
        outer.addLayout(line)
        error = ErrorLabel(holder)
        outer.addWidget(error)
        row = _Row(holder, edit, error)
        self.rows.append(row)
        self._layout.insertWidget(len(self.rows) - 1, holder)
        holder.show()  # the layout would only show it from the event loop, after a test has looked
        remove.clicked.connect(lambda: self.remove_row(row))
        if focus:
            edit.setFocus()
        self.changed.emit()
        return edit

    def remove_row(self, row: _Row) -> None:
        self.rows.remove(row)
        row.widget.setParent(None)
        row.widget.deleteLater()
        self.changed.emit()

    def clear_rows(self) -> None:
        for row in list(self.rows):
            self.rows.remove(row)
            row.widget.setParent(None)
            row.widget.deleteLater()

    def texts(self) -> list[str]:
        return [row.edit.text() for row in self.rows]

    def show_errors(self, errors: dict[int, str]) -> None:
        for index, row in enumerate(self.rows):
            if index in errors:
                row.error.show_message(errors[index])
            else:
                row.error.clear_message()

    def first_error_edit(self) -> QLineEdit | None:
        for row in self.rows:
            if row.error.isVisibleTo(self):
                return row.edit
        return None


class EmailListEdit(ListEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("ListEdit", "Add e-mail"), parent)

    def _build_row(self, row_layout: QHBoxLayout) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText("name@example.ru")
        row_layout.addWidget(edit, 1)
        return edit

    def set_values(self, addresses: list[str]) -> None:
        self.clear_rows()
        for address in addresses:
            self.add_row(address)

    def values(self) -> list[str]:
        return self.texts()


class PhoneLine(QLineEdit):
    """A phone's text box that also knows its kind selector and primary mark."""

    def __init__(self, parent: QWidget, kind_box: QComboBox, primary_button: QRadioButton) -> None:
        super().__init__(parent)
        self.kind_box = kind_box
        self.primary_button = primary_button


class PhoneListEdit(ListEdit):
    """Phones with kind and a primary mark; stored numbers are shown formatted ("+7 916 123-45-67")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self._group = QButtonGroup()
        super().__init__(QCoreApplication.translate("ListEdit", "Add phone"), parent)
        self._group.setParent(self)
        self._group.setExclusive(True)

    def _build_row(self, row_layout: QHBoxLayout) -> QLineEdit:
        kind = QComboBox(self)
        for code, text in labels.phone_kinds().items():
            kind.addItem(text, code)
        primary = QRadioButton(QCoreApplication.translate("ListEdit", "primary"), self)
        self._group.addButton(primary)
        if not self._group.checkedButton():
            primary.setChecked(True)
        edit = PhoneLine(self, kind, primary)
        edit.setPlaceholderText("+7 900 000-00-00")
        # Wide enough for a whole "+7 495 380-94-35": the half column of a company card cut the "+".
        edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("+7 000 000-00-00") + 16)
        kind.currentIndexChanged.connect(lambda _i: self.changed.emit())
        primary.toggled.connect(lambda _c: self.changed.emit())
        row_layout.addWidget(edit, 1)
        row_layout.addWidget(kind)
        row_layout.addWidget(primary)
        return edit

    def remove_row(self, row: _Row) -> None:
        line = self._line(row)
        self._group.removeButton(line.primary_button)
        was_primary = line.primary_button.isChecked()
        super().remove_row(row)
        if was_primary and self.rows:
            self._line(self.rows[0]).primary_button.setChecked(True)

    def clear_rows(self) -> None:
        for row in self.rows:
            self._group.removeButton(self._line(row).primary_button)
        super().clear_rows()

    def _line(self, row: _Row) -> PhoneLine:
        assert isinstance(row.edit, PhoneLine)
        return row.edit

    def set_phones(self, phones: list[tuple[str, str | None, str, bool]], region: str) -> None:
        """(e164, extension, kind, primary) rows from the stored card."""
        self.clear_rows()
        for e164, extension, kind, primary in phones:
            self.add_row(format_phone(e164, region or "RU", extension))
            edit = self._line(self.rows[-1])
            index = edit.kind_box.findData(kind)
            edit.kind_box.setCurrentIndex(max(index, 0))
            if primary:
                edit.primary_button.setChecked(True)

    def values(self) -> list[PhoneInput]:
        result = []
        for row in self.rows:
            edit = self._line(row)
            result.append(PhoneInput(edit.text(), edit.kind_box.currentData() or "mobile",
                                     edit.primary_button.isChecked()))
        return result
