"""The settings page where the user defines their own card fields (SPEC §2): type, required,
choices, sensitive, client or contact person, and their order on the card; and which built-in fields
(ИНН, birthdays) are sensitive (#15.4). Marking is the owner's: it seals or opens stored values and
rebuilds the search index, on a worker.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clientbook.core import customfields, sensitive
from clientbook.core import models as m
from clientbook.core.errors import KnownError, ValidationError
from clientbook.core.messages import join_sentences
from clientbook.core.vault import Vault
from clientbook.ui.card import labels
from clientbook.ui.card.fields import ErrorLabel, button
from clientbook.ui.card.lazy_tab import hint_label, make_tree
from clientbook.ui.workers import Task, error_text, start

_ID = Qt.ItemDataRole.UserRole


class CustomFieldsPage(QWidget):
    changed = Signal()
    DEFAULT_SIZE = (960, 620)

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.setWindowTitle(self.tr("Custom fields — Clientbook"))
        self.field_id: int | None = None
        self.tree = make_tree([self.tr("Field"), self.tr("Type"), self.tr("For"), self.tr("Required"),
                               self.tr("Sensitive"), self.tr("Choices")], 5)
        self.empty = hint_label(self.tr("No custom fields yet. Add one below."))
        self.form = QGroupBox(self.tr("New field"))
        self.label = QLineEdit()
        self.label.setPlaceholderText(self.tr("e.g. Clothes size"))
        self.type = QComboBox()
        for code, text in labels.field_types().items():
            self.type.addItem(text, code)
        self.applies = QComboBox()
        for code, text in labels.applies_to().items():
            self.applies.addItem(text, code)
        self.choices = QPlainTextEdit()
        self.choices.setPlaceholderText(self.tr("One choice per line"))
        self.choices.setFixedHeight(80)
        self.required = QCheckBox(self.tr("must be filled in"))
        self.sensitive = QCheckBox(self.tr("sensitive (health, beliefs, passport…): encrypted, for allowed users only"))
        with vault.session() as session:
            self.may_mark = sensitive.may_mark(session)
            marked = sensitive.marked_builtins(session)
        owner_only = "" if self.may_mark else self.tr("Only the vault's owner can mark fields as sensitive.")
        self.sensitive.setEnabled(self.may_mark)
        self.sensitive.setToolTip(owner_only)
        self.builtins = QGroupBox(self.tr("Sensitive built-in fields"))
        self.builtin_boxes = {"inn": QCheckBox(self.tr("INN")), "birthday": QCheckBox(self.tr("Birthdays"))}
        self.builtins_note = QLabel(self.tr("Hidden from users not allowed to see sensitive data everywhere."))
        self.builtins_note.setWordWrap(True)
        self.builtins_error = ErrorLabel()
        self.builtins_done = True
        self._builtin_task: Task | None = None
        builtin_row = QHBoxLayout()
        for name, box in self.builtin_boxes.items():
            box.setChecked(name in marked)
            box.setEnabled(self.may_mark)
            box.setToolTip(owner_only)
            box.toggled.connect(lambda _on: self.mark_builtins())
            builtin_row.addWidget(box)
        builtin_row.addStretch(1)
        builtins_layout = QVBoxLayout(self.builtins)
        builtins_layout.addLayout(builtin_row)
        builtins_layout.addWidget(self.builtins_note)
        builtins_layout.addWidget(self.builtins_error)
        self.label_error = ErrorLabel()
        self.choices_error = ErrorLabel()
        self.save_button = button(self.tr("Add field"))
        self.new_button = button(self.tr("New field"))
        self.up_button = button(self.tr("Move up"))
        self.down_button = button(self.tr("Move down"))
        self.archive_button = button(self.tr("Remove from cards"))
        self.archive_button.setToolTip(self.tr("The field is hidden; values already entered are kept"))
        form = QFormLayout(self.form)
        label_box = QVBoxLayout()
        label_box.addWidget(self.label)
        label_box.addWidget(self.label_error)
        form.addRow(self.tr("Name") + " *", label_box)
        form.addRow(self.tr("Type"), self.type)
        form.addRow(self.tr("For"), self.applies)
        choices_box = QVBoxLayout()
        choices_box.addWidget(self.choices)
        choices_box.addWidget(self.choices_error)
        self.choices_caption = QLabel(self.tr("Choices"))
        form.addRow(self.choices_caption, choices_box)
        form.addRow("", self.required)
        form.addRow("", self.sensitive)
        form_buttons = QHBoxLayout()
        form_buttons.addWidget(self.save_button)
        form_buttons.addWidget(self.new_button)
        form_buttons.addStretch(1)
        form.addRow("", form_buttons)
        order = QHBoxLayout()
        order.addWidget(self.up_button)
        order.addWidget(self.down_button)
        order.addWidget(self.archive_button)
        order.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addLayout(order)
        layout.addWidget(self.form)
        layout.addWidget(self.builtins)
        self.type.currentIndexChanged.connect(lambda _i: self._type_changed())
        self.tree.currentItemChanged.connect(lambda *_a: self._selected())
        self.save_button.clicked.connect(self.save_field)
        self.new_button.clicked.connect(self.start_new)
        self.up_button.clicked.connect(lambda: self.move_field(-1))
        self.down_button.clicked.connect(lambda: self.move_field(1))
        self.archive_button.clicked.connect(self.archive)
        self.reload()
        self.start_new()

    def _definitions(self) -> list[m.CustomField]:
        with self.vault.session() as session:
            result = customfields.fields(session, "client") + customfields.fields(session, "contact")
            session.expunge_all()
        return result

    def reload(self, select_id: int | None = None) -> None:
        types, targets = labels.field_types(), labels.applies_to()
        self.tree.blockSignals(True)
        self.tree.clear()
        for definition in self._definitions():
            item = QTreeWidgetItem([definition.label, types.get(definition.type, definition.type),
                                    targets.get(definition.applies_to, definition.applies_to),
                                    labels.yes_no(definition.required), labels.yes_no(definition.sensitive),
                                    "; ".join(str(c) for c in definition.choices or [])])
            item.setData(0, _ID, definition.id)
            self.tree.addTopLevelItem(item)
            if definition.id == select_id:
                self.tree.setCurrentItem(item)
        self.tree.blockSignals(False)
        self.empty.setVisible(self.tree.topLevelItemCount() == 0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        selected = self.tree.currentItem() is not None
        for widget in (self.up_button, self.down_button, self.archive_button):
            widget.setEnabled(selected)

    def _type_changed(self) -> None:
        with_choices = self.type.currentData() in ("choice", "multi")
        self.choices.setVisible(with_choices)
        self.choices_caption.setVisible(with_choices)
        if not with_choices:
            self.choices_error.clear_message()

    def start_new(self) -> None:
        self.field_id = None
        self.tree.setCurrentIndex(QModelIndex())
        self.form.setTitle(self.tr("New field"))
        self.save_button.setText(self.tr("Add field"))
        self.label.clear()
        self.type.setEnabled(True)
        self.applies.setEnabled(True)
        self.type.setCurrentIndex(0)
        self.applies.setCurrentIndex(0)
        self.choices.clear()
        self.required.setChecked(False)
        self.sensitive.setChecked(False)
        self.label_error.clear_message()
        self.choices_error.clear_message()
        self._type_changed()

    def _selected(self) -> None:
        self._update_buttons()
        item = self.tree.currentItem()
        if item is None:
            return
        field_id = int(item.data(0, _ID))
        definition = next((d for d in self._definitions() if d.id == field_id), None)
        if definition is None:
            return
        self.field_id = field_id
        self.form.setTitle(self.tr("Edit field"))
        self.save_button.setText(self.tr("Save field"))
        self.label.setText(definition.label)
        self.type.setCurrentIndex(max(self.type.findData(definition.type), 0))
        self.applies.setCurrentIndex(max(self.applies.findData(definition.applies_to), 0))
        self.type.setEnabled(False)  # values already stored are typed; a type change would orphan them
        self.applies.setEnabled(False)
        self.choices.setPlainText("\n".join(str(c) for c in definition.choices or []))
        self.required.setChecked(definition.required)
        self.sensitive.setChecked(definition.sensitive)
        self.was_sensitive = definition.sensitive
        self.label_error.clear_message()
        self.choices_error.clear_message()

    def save_field(self) -> None:
        self.label_error.clear_message()
        self.choices_error.clear_message()
        label = self.label.text().strip()
        kind = self.type.currentData()
        choices = [line.strip() for line in self.choices.toPlainText().splitlines() if line.strip()]
        if not label:
            self.label_error.show_message(self.tr("Enter the field's name."))
            return
        if kind in ("choice", "multi") and not choices:
            self.choices_error.show_message(self.tr("Enter at least one choice."))
            return
        field_id, required, marked = self.field_id, self.required.isChecked(), self.sensitive.isChecked()
        applies, vault = self.applies.currentData(), self.vault

        def work() -> int:
            with vault.transaction() as session:
                if field_id is None:
                    definition = customfields.define_field(
                        session, label, kind, choices=choices or None, required=required,
                        sensitive=marked, applies_to=applies)
                else:
                    definition = customfields.update_field(
                        session, field_id, label=label, choices=choices or None, required=required,
                        sensitive=marked)
                return definition.id

        if field_id is not None and marked != getattr(self, "was_sensitive", marked):
            # every stored value of the field is sealed or opened: a worker's job
            self.save_button.setEnabled(False)
            task = Task(work, pass_callbacks=False)
            task.signals.finished.connect(self._saved, Qt.ConnectionType.QueuedConnection)
            task.signals.failed.connect(self._save_failed, Qt.ConnectionType.QueuedConnection)
            self._save_task = start(task)
            return
        try:
            saved_id = work()
        except (ValidationError, KnownError) as exc:
            self._save_failed(exc)
            return
        self._saved(saved_id)

    def _saved(self, saved_id: int) -> None:
        self.save_button.setEnabled(True)
        self.reload(saved_id)
        self.changed.emit()

    def _save_failed(self, exc: object) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            text = join_sentences(message.text(labels.language()) for message in exc.errors.values())
        else:
            text = error_text(exc, self.tr("The field could not be saved."), what="custom field save")
        self.label_error.show_message(text)

    def mark_builtins(self) -> None:
        """Save which built-ins are sensitive (the search index is rebuilt: a worker's job)."""
        names = [name for name, box in self.builtin_boxes.items() if box.isChecked()]
        vault = self.vault
        self.builtins_error.clear_message()
        self.builtins_done = False

        def work() -> None:
            with vault.transaction() as session:
                sensitive.set_marked_builtins(session, names)

        def failed(exc: object) -> None:
            self.builtins_error.show_message(error_text(exc, self.tr("The setting could not be saved."),
                                                        what="sensitive built-ins"))
            self.builtins_done = True

        def finished(_result: object) -> None:
            self.builtins_done = True
            self.changed.emit()

        task = Task(work, pass_callbacks=False)
        task.signals.finished.connect(finished, Qt.ConnectionType.QueuedConnection)
        task.signals.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
        self._builtin_task = start(task)

    def move_field(self, step: int) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        field_id = int(item.data(0, _ID))
        with self.vault.transaction() as session:
            if not customfields.move_field(session, field_id, step):
                return
        self.reload(field_id)
        self.changed.emit()

    def archive(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        with self.vault.transaction() as session:
            customfields.update_field(session, int(item.data(0, _ID)), archived=True)
        self.reload()
        self.start_new()
        self.changed.emit()
