"""The segment builder (SPEC §7): nested AND/OR groups of conditions with a live count while editing.

The editor only produces the JSON definition; clientbook.core.segments validates and counts it, so the
count shown is exactly what the sidebar and the export will use. Counting waits for a short pause in
typing, then runs one SQL query on a worker (an RFM class or the top-revenue share takes ~0.5 s of
CPU at 100,000 clients: on the GUI thread that froze the window on every click); a newer count
supersedes a running one.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyleOptionComboBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from clientbook.core import customfields, segments, sensitive, team
from clientbook.core import segment_types as st
from clientbook.core.errors import KnownError
from clientbook.core.messages import current_language
from clientbook.core.segment_builtins import BUILTINS
from clientbook.core.vault import Vault
from clientbook.ui.workers import LatestReader

COUNT_DELAY_MS = 250


def _kind_label(spec: st.KindSpec) -> str:
    return QCoreApplication.translate(st.KIND_CONTEXT, spec.label)


def _subject_label(subject: st.Subject) -> str:
    return QCoreApplication.translate(st.SUBJECT_CONTEXT, subject.label)


def _op_label(op: Any) -> str:
    text = st.STATE_LABELS.get(op) if isinstance(op, st.ConsentState) else st.OP_LABELS.get(op)
    return QCoreApplication.translate(st.OP_CONTEXT, text or str(op))


def _parse_value(op: str, text: str) -> Any:
    """The typed text as the definition wants it; the core reports anything that does not fit."""
    text = text.strip()
    if op in ("between", "in") or op in ("any", "all", "none"):
        return [part.strip() for part in text.replace(",", ";").split(";") if part.strip()] if op != "between" \
            else [part.strip() for part in text.split(";")]
    if op in ("within_last_days", "within_next_days", "older_than_days", "within_days", "in_month"):
        return int(text) if text.lstrip("-").isdigit() else text
    return text


def _value_text(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


class FitComboBox(QComboBox):
    """A combo as wide as the entry it shows, not as its longest one: a condition row's three combos
    sized to their longest entries ("Лучшие покупатели по выручке", "за последние N дней") did not fit
    beside the value box, and sized to a fixed number of letters they cut the entry shown. The open
    list still widens to its longest entry (QComboBox does that for its popup)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.currentIndexChanged.connect(lambda _i: self.updateGeometry())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        text = QSize(self.fontMetrics().horizontalAdvance(self.currentText() or "M") + 8,
                     self.fontMetrics().height())
        return self.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option, text, self) \
            .expandedTo(QSize(48, super().sizeHint().height()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self.sizeHint()


class ConditionRow(QFrame):
    """One condition: what (kind + field/measure/channel), how (operator), and a value."""

    changed = Signal()
    remove_requested = Signal(QWidget)

    def __init__(self, custom: list[tuple[str, str, str]], condition: dict[str, Any] | None = None,
                 parent: QWidget | None = None, *, segment_names: list[tuple[str, str]] | None = None,
                 people: list[str] | None = None) -> None:
        super().__init__(parent)
        self.custom = custom
        self.segment_names = segment_names or []  # (title, name) of the segments a condition may refer to
        self.people = people or []  # the vault's users, offered as the value of "Responsible"
        self.people_completer = QCompleter(self.people, self)
        self.people_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.kind = FitComboBox()
        self.subject = FitComboBox()
        self.op = FitComboBox()
        self.value = QLineEdit()
        self.value.setMinimumWidth(140)
        self.negate = QCheckBox(self.tr("not"))
        remove = QToolButton()
        remove.setText("✕")
        remove.setToolTip(self.tr("Remove this condition"))
        self.remove_button = remove
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.negate, self.kind, self.subject, self.op):
            layout.addWidget(widget)
        layout.addWidget(self.value, 1)
        layout.addStretch(0)  # takes the room when there is no value box, so ✕ stays at the right
        layout.addWidget(remove)
        for kind, spec in st.KINDS.items():  # every kind the core knows, in its order
            if (kind != st.Kind.CUSTOM or custom) and (kind != st.Kind.SEGMENT or self.segment_names):
                self.kind.addItem(_kind_label(spec), kind.value)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.subject.currentIndexChanged.connect(self._subject_changed)
        self.op.currentIndexChanged.connect(self._op_changed)
        self.value.textChanged.connect(self.changed)
        self.negate.toggled.connect(self.changed)
        remove.clicked.connect(lambda: self.remove_requested.emit(self))
        self._kind_changed()
        if condition:
            self.load(condition)

    # ---- choices per kind ----------------------------------------------------------------------
    def _subjects(self, kind: str) -> list[tuple[str, str]]:
        if kind == st.Kind.CUSTOM:
            return [(label, key) for key, label, _t in self.custom]
        if kind == st.Kind.SEGMENT:
            return list(self.segment_names)
        return [(_subject_label(subject), subject.key) for subject in st.KINDS[st.Kind(kind)].subjects or ()]

    def _ops(self) -> tuple[Any, ...]:
        kind = st.Kind(self.kind.currentData())
        subject = self.subject.currentData()
        if kind == st.Kind.CONSENT:
            return tuple(st.ConsentState)
        if kind == st.Kind.CUSTOM:
            ftype = next((t for k, _l, t in self.custom if k == subject), "text")
            return st.ops_for(st.CUSTOM_TYPES.get(ftype, st.ValueType.TEXT))
        found = st.KINDS[kind].subject(subject)
        return st.ops_for(found.type) if found is not None else ()

    def _refill(self, combo: QComboBox, items: list[tuple[str, str]]) -> None:
        combo.blockSignals(True)
        combo.clear()
        for title, data in items:
            combo.addItem(title, data)
        combo.blockSignals(False)
        combo.updateGeometry()  # its width follows the entry shown (FitComboBox)

    def _kind_changed(self) -> None:
        self._refill(self.subject, self._subjects(str(self.kind.currentData())))
        self._subject_changed()

    def _subject_changed(self) -> None:
        by_user = self.kind.currentData() == st.Kind.FIELD and self.subject.currentData() in st.USER_FIELDS
        # None removes the completer (Qt takes nullptr); the PySide6 stub only knows QCompleter
        self.value.setCompleter(self.people_completer if by_user else None)  # type: ignore[arg-type]
        ops = self._ops()
        self._refill(self.op, [(_op_label(o), o.value) for o in ops])
        self.op.setVisible(bool(ops))
        self._op_changed()

    def _op_changed(self) -> None:
        op = self.op.currentData()
        self.value.setVisible(st.needs_value(st.Kind(self.kind.currentData()), op))
        by_user = self.kind.currentData() == st.Kind.FIELD and self.subject.currentData() in st.USER_FIELDS
        hint = self.tr("e.g. 20") if self.kind.currentData() == "top_revenue" else ""
        if by_user and self.people:
            hint = self.tr("a user's name, e.g. %1").replace("%1", self.people[0])
        self.value.setPlaceholderText(hint)
        self.changed.emit()

    # ---- to and from the definition ----------------------------------------------------------
    def is_complete(self) -> bool:
        """False while a needed value is still empty: the live count skips such a row."""
        return not self.value.isVisibleTo(self) or bool(self.value.text().strip())

    def condition(self) -> dict[str, Any]:
        kind = str(self.kind.currentData())
        subject = self.subject.currentData()
        op = str(self.op.currentData())
        result: dict[str, Any]
        if kind in ("field", "custom"):
            result = {"kind": kind, "field": subject, "op": op}
        elif kind == "tags":
            result = {"kind": "tags", "op": op}
        elif kind in ("purchases", "interactions"):
            result = {"kind": kind, "measure": subject, "op": op}
        elif kind == "consent":
            return {"kind": "consent", "channel": subject, "state": op, **({"not": True} if self.negate.isChecked() else {})}
        elif kind == "birthday":
            result = {"kind": "birthday", "op": op}
        elif kind == "top_revenue":
            text = self.value.text().strip().replace(",", ".").rstrip("%").strip()
            try:
                share: Any = float(text) / 100
            except ValueError:
                share = text  # the core says what is wrong with it
            return {"kind": "top_revenue", "share": share, **({"not": True} if self.negate.isChecked() else {})}
        elif kind == "segment":
            return {"kind": "segment", "name": subject, **({"not": True} if self.negate.isChecked() else {})}
        elif kind == "erase_task":
            return {"kind": "erase_task", **({"not": True} if self.negate.isChecked() else {})}
        else:
            return {"kind": "rfm", "class": subject, **({"not": True} if self.negate.isChecked() else {})}
        if op not in st.NO_VALUE_OPS:
            result["value"] = _parse_value(op, self.value.text())
        if self.negate.isChecked():
            result["not"] = True
        return result

    def load(self, condition: dict[str, Any]) -> None:
        kind = condition.get("kind", "field")
        subject = {"field": condition.get("field"), "custom": condition.get("field"), "tags": "tags",
                   "purchases": condition.get("measure"), "interactions": condition.get("measure"),
                   "consent": condition.get("channel"), "birthday": "birthday", "rfm": condition.get("class"),
                   "top_revenue": "share", "segment": condition.get("name"), "erase_task": "erase_task"}.get(kind)
        op = condition.get("state", "granted") if kind == "consent" else condition.get("op")
        for combo, data in ((self.kind, kind), (self.subject, subject), (self.op, op)):
            index = combo.findData(data)
            if index >= 0:
                combo.setCurrentIndex(index)
        share = condition.get("share")
        self.value.setText(f"{share * 100:g}" if kind == "top_revenue" and isinstance(share, int | float)
                           else _value_text(condition.get("value")))
        self.negate.setChecked(bool(condition.get("not")))


class GroupBox(QFrame):
    """An AND/OR group of conditions and nested groups."""

    changed = Signal()
    remove_requested = Signal(QWidget)

    def __init__(self, custom: list[tuple[str, str, str]], group: dict[str, Any] | None = None, *,
                 depth: int = 0, parent: QWidget | None = None,
                 segment_names: list[tuple[str, str]] | None = None, people: list[str] | None = None) -> None:
        super().__init__(parent)
        self.custom = custom
        self.segment_names = segment_names or []
        self.people = people or []
        self.nesting = depth
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.mode = QComboBox()
        self.mode.addItem(self.tr("All of these (AND)"), "and")
        self.mode.addItem(self.tr("Any of these (OR)"), "or")
        self.negate = QCheckBox(self.tr("not"))
        self.add_condition_button = QPushButton(self.tr("+ Condition"))
        self.add_group_button = QPushButton(self.tr("+ Group"))
        head = QHBoxLayout()
        for widget in (self.negate, self.mode, self.add_condition_button, self.add_group_button):
            head.addWidget(widget)
        head.addStretch(1)
        if depth > 0:
            remove = QToolButton()
            remove.setText("✕")
            remove.setToolTip(self.tr("Remove this group"))
            remove.clicked.connect(lambda: self.remove_requested.emit(self))
            head.addWidget(remove)
        self.items_layout = QVBoxLayout()
        self.items_layout.setContentsMargins(16 if depth else 4, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(self.items_layout)
        if depth == 0:
            layout.addStretch(1)  # rows stay at the top instead of spreading over the scroll area
        self.mode.currentIndexChanged.connect(self.changed)
        self.negate.toggled.connect(self.changed)
        self.add_condition_button.clicked.connect(lambda: self.add_condition())
        self.add_group_button.clicked.connect(lambda: self.add_group())
        self.add_group_button.setEnabled(depth < segments.MAX_DEPTH - 1)
        if group:
            self.load(group)

    def children_widgets(self) -> list[QWidget]:
        return [w for i in range(self.items_layout.count())
                if (item := self.items_layout.itemAt(i)) is not None and (w := item.widget()) is not None]

    def _attach(self, widget: ConditionRow | GroupBox) -> None:
        widget.changed.connect(self.changed)
        widget.remove_requested.connect(self._remove)
        self.items_layout.addWidget(widget)
        self.changed.emit()

    def add_condition(self, condition: dict[str, Any] | None = None) -> ConditionRow:
        row = ConditionRow(self.custom, condition, segment_names=self.segment_names, people=self.people)
        self._attach(row)
        return row

    def add_group(self, group: dict[str, Any] | None = None) -> GroupBox:
        box = GroupBox(self.custom, group or {"group": "or", "items": []}, depth=self.nesting + 1,
                       segment_names=self.segment_names, people=self.people)
        self._attach(box)
        return box

    def _remove(self, widget: QWidget) -> None:
        self.items_layout.removeWidget(widget)
        widget.setParent(None)
        widget.deleteLater()
        self.changed.emit()

    def definition(self, *, complete_only: bool = False) -> dict[str, Any]:
        items = []
        for widget in self.children_widgets():
            if isinstance(widget, GroupBox):
                items.append(widget.definition(complete_only=complete_only))
            elif isinstance(widget, ConditionRow) and (widget.is_complete() or not complete_only):
                items.append(widget.condition())
        result: dict[str, Any] = {"group": self.mode.currentData(), "items": items}
        if self.negate.isChecked():
            result["not"] = True
        return result

    def load(self, group: dict[str, Any]) -> None:
        for widget in self.children_widgets():
            self._remove(widget)
        self.mode.setCurrentIndex(max(0, self.mode.findData(group.get("group", "and"))))
        self.negate.setChecked(bool(group.get("not")))
        for item in group.get("items", []):
            if isinstance(item, dict) and "group" in item:
                self.add_group(item)
            elif isinstance(item, dict):
                self.add_condition(item)


class SegmentBuilder(QDialog):
    """Saved segments on the left; the selected (or new) one's conditions on the right with a live count."""

    changed = Signal()
    show_clients = Signal(object)  # a segment definition, for the main window to filter the list
    DEFAULT_SIZE = (1060, 620)

    def __init__(self, vault: Vault, definition: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.current_id: int | None = None
        self.last_count: int | None = None
        self.last_error: str | None = None
        self.reader = LatestReader(self)
        self.setWindowTitle(self.tr("Segments — Clientbook"))
        lang = current_language()
        with vault.session() as session:
            self.custom = [(f.key, f.label, f.type)
                           for f in sensitive.visible_fields(session, customfields.fields(session))]
            saved_names = [s.name for s in segments.saved_segments(session)]
            people = team.assignable_names(session)
        self.segment_names = [(b.title(lang), key) for key, b in BUILTINS.items()] + [(n, n) for n in saved_names]
        self.saved_list = QListWidget()
        self.empty_hint = QLabel(self.tr("No saved segments yet: build one on the right and press Save."))
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: palette(mid)")
        self.builtin_list = QListWidget()
        for key, builtin in BUILTINS.items():
            item = QListWidgetItem(builtin.title(lang))
            item.setData(256, key)
            item.setToolTip(self.tr("Built-in: open it to see its conditions or to start your own from it."))
            self.builtin_list.addItem(item)
        self.new_button = QPushButton(self.tr("New"))
        self.duplicate_button = QPushButton(self.tr("Duplicate"))
        self.rename_button = QPushButton(self.tr("Rename…"))
        self.delete_button = QPushButton(self.tr("Delete"))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(QLabel(self.tr("Saved segments")))
        left_layout.addWidget(self.saved_list, 1)
        left_layout.addWidget(self.empty_hint)
        buttons = QGridLayout()
        for index, button in enumerate((self.new_button, self.duplicate_button, self.rename_button,
                                        self.delete_button)):
            buttons.addWidget(button, index // 2, index % 2)
        left_layout.addLayout(buttons)
        left_layout.addWidget(QLabel(self.tr("Built-in segments")))
        left_layout.addWidget(self.builtin_list, 2)

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("Segment name"))
        self.root = GroupBox(self.custom, {"group": "and", "items": []}, segment_names=self.segment_names,
                             people=people)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # rows fit the width
        scroll.setWidget(self.root)
        self.count_label = QLabel()
        self.count_label.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save"))
        self.show_button = QPushButton(self.tr("Show clients"))
        close = QPushButton(self.tr("Close"))
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.name_edit)
        right_layout.addWidget(scroll, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        for button in (self.show_button, self.save_button, close):
            bottom.addWidget(button)
        right_layout.addLayout(bottom)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 800])  # the lists are names; the conditions need the width
        QVBoxLayout(self).addWidget(splitter)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(COUNT_DELAY_MS)
        self.timer.timeout.connect(self.update_count)
        self.root.changed.connect(self.timer.start)
        self.saved_list.currentItemChanged.connect(self._selected)
        self.builtin_list.currentItemChanged.connect(self._builtin_selected)
        self.new_button.clicked.connect(self.new_segment)
        self.duplicate_button.clicked.connect(self.duplicate_segment)
        self.rename_button.clicked.connect(self.rename_segment)
        self.delete_button.clicked.connect(self.delete_segment)
        self.save_button.clicked.connect(self.save)
        self.show_button.clicked.connect(lambda: self.show_clients.emit(self.definition()))
        close.clicked.connect(self.accept)
        self.reload_list()
        if definition is not None:
            self.root.load(segments.normalize_definition(definition))
        elif not self.root.children_widgets():
            self.root.add_condition()
        self.update_count()

    # ---- the definition and its count ---------------------------------------------------------
    def definition(self, *, complete_only: bool = False) -> dict[str, Any]:
        return self.root.definition(complete_only=complete_only)

    @property
    def is_loaded(self) -> bool:
        """The count shown is that of the conditions on screen (none is waiting or being counted)."""
        return self.reader.loaded and not self.timer.isActive()

    def update_count(self) -> None:
        """Count now, on a worker (the timer calls this after a pause in editing)."""
        self.timer.stop()
        vault, definition = self.vault, self.definition(complete_only=True)
        incomplete = definition != self.definition()

        self.count_label.setText(self.tr("Counting…"))
        self.count_label.setStyleSheet("")
        # the next edit's count interrupts this one's SQL: only the newest answer is shown
        self.reader.read(vault, lambda session, _cancel: segments.count_segment(session, definition),
                         lambda n: self._counted(n, None, incomplete), lambda exc: self._counted(None, exc, incomplete))

    def _counted(self, count: int | None, exc: BaseException | None, incomplete: bool) -> None:
        if exc is not None and not isinstance(exc, KnownError):
            raise exc  # a bug: the crash handler's business
        if isinstance(exc, KnownError):
            self.last_count, self.last_error = None, exc.text(current_language())
            self.count_label.setText(self.last_error)
            self.count_label.setStyleSheet("color: #b00020")
        else:
            self.last_count, self.last_error = count, None
            self.count_label.setText(self.tr("%n client(s)", "", count or 0))
        if incomplete and self.last_error is None:
            self.count_label.setText(self.count_label.text() + " " + self.tr("(conditions without a value are not counted yet)"))
        self.save_button.setEnabled(self.last_error is None)
        self.show_button.setEnabled(self.last_error is None)

    def done(self, result: int) -> None:
        """Closing (Close, Esc, the main window locking) drops a count still running and waits for
        its worker, so the vault is never closed under its query."""
        self.timer.stop()
        self.reader.stop()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.timer.stop()
        self.reader.stop()
        super().closeEvent(event)

    # ---- saved segments ----------------------------------------------------------------------
    def reload_list(self, select_id: int | None = None) -> None:
        self.saved_list.blockSignals(True)
        self.saved_list.clear()
        with self.vault.session() as session:
            for segment in segments.saved_segments(session):
                item = QListWidgetItem(segment.name)
                item.setData(256, segment.id)
                item.setData(257, copy.deepcopy(segment.definition))
                self.saved_list.addItem(item)
                if segment.id == select_id:
                    self.saved_list.setCurrentItem(item)
        self.saved_list.blockSignals(False)
        self.saved_list.setVisible(self.saved_list.count() > 0)
        self.empty_hint.setVisible(self.saved_list.count() == 0)
        has = select_id is not None
        for button in (self.duplicate_button, self.rename_button, self.delete_button):
            button.setEnabled(has)

    def _selected(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None = None) -> None:
        if item is None:
            return
        self.current_id = int(item.data(256))
        self.name_edit.setText(item.text())
        self.root.load(segments.normalize_definition(item.data(257)))
        for button in (self.duplicate_button, self.rename_button, self.delete_button):
            button.setEnabled(True)
        self.update_count()

    def _builtin_selected(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None = None) -> None:
        """A built-in opens as a new, unsaved segment: it can be looked at, shown, or changed and saved."""
        if item is None:
            return
        builtin = BUILTINS[str(item.data(256))]
        self.current_id = None
        self.saved_list.blockSignals(True)
        self.saved_list.clearSelection()
        self.saved_list.setCurrentRow(-1)
        self.saved_list.blockSignals(False)
        self.name_edit.setText(item.text())
        self.root.load(segments.normalize_definition(copy.deepcopy(builtin.definition)))
        for button in (self.duplicate_button, self.rename_button, self.delete_button):
            button.setEnabled(False)
        self.update_count()

    def select_segment(self, name: str) -> None:
        for i in range(self.saved_list.count()):
            if self.saved_list.item(i).text() == name:
                self.saved_list.setCurrentRow(i)
                return

    def new_segment(self) -> None:
        self.current_id = None
        self.saved_list.clearSelection()
        self.name_edit.clear()
        self.root.load({"group": "and", "items": []})
        self.root.add_condition()
        self.update_count()

    def _fail(self, exc: KnownError) -> None:
        QMessageBox.warning(self, self.tr("Segments"), exc.text(current_language()))

    def save(self) -> bool:
        try:
            with self.vault.transaction() as session:
                if self.current_id is None:
                    segment = segments.save_segment(session, self.name_edit.text(), self.definition())
                else:
                    segment = segments.update_segment(session, self.current_id, self.definition())
                    if segment.name != self.name_edit.text().strip():
                        segments.rename_segment(session, segment.id, self.name_edit.text())
                self.current_id = segment.id
        except KnownError as exc:
            self._fail(exc)
            return False
        self.reload_list(self.current_id)
        self.changed.emit()
        return True

    def duplicate_segment(self) -> None:
        if self.current_id is None:
            return
        try:
            with self.vault.transaction() as session:
                self.current_id = segments.duplicate_segment(session, self.current_id).id
        except KnownError as exc:
            self._fail(exc)
            return
        self.reload_list(self.current_id)
        self._selected(self.saved_list.currentItem())
        self.changed.emit()

    def rename_segment(self, new_name: str | None = None) -> None:
        if self.current_id is None:
            return
        if not isinstance(new_name, str):
            text, ok = QInputDialog.getText(self, self.tr("Rename segment"), self.tr("New name:"),
                                            text=self.name_edit.text())
            if not ok:
                return
            new_name = text
        try:
            with self.vault.transaction() as session:
                segments.rename_segment(session, self.current_id, new_name)
        except KnownError as exc:
            self._fail(exc)
            return
        self.name_edit.setText(new_name.strip())
        self.reload_list(self.current_id)
        self.changed.emit()

    def delete_segment(self) -> None:
        if self.current_id is None:
            return
        answer = QMessageBox.question(self, self.tr("Delete segment"),
                                      self.tr("Delete the segment “%1”? The clients stay.")
                                      .replace("%1", self.name_edit.text()))
        if answer != QMessageBox.StandardButton.Yes:
            return
        with self.vault.transaction() as session:
            segments.delete_segment(session, self.current_id)
        self.reload_list()
        self.new_segment()
        self.changed.emit()
