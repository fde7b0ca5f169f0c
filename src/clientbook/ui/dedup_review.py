"""Duplicates: scan, review groups with their reasons, merge side by side, or say "not duplicates".

The page is a thin front over `clientbook.core.dedup` and `clientbook.core.merge`: the scan runs off
the GUI thread with progress and Cancel; a merge is one core call (restore point, one transaction,
undoable), and the last merge can be undone from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clientbook.core import clients, dedup
from clientbook.core import merge as merging
from clientbook.core.code_labels import CODE_LABELS
from clientbook.core.code_labels import label as code_label
from clientbook.core.errors import KnownError
from clientbook.core.validation import format_date
from clientbook.core.vault import Vault
from clientbook.ui.countries import country_name
from clientbook.ui.i18n import current_ui_language
from clientbook.ui.workers import CancelledError, run_with_progress


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


# Field labels: English source text, translated in resources/i18n/dedup_ru.ts (context "MergeDialog").
FIELD_LABELS = {
    "kind": QT_TRANSLATE_NOOP("MergeDialog", "Kind"),
    "last_name": QT_TRANSLATE_NOOP("MergeDialog", "Last name"),
    "first_name": QT_TRANSLATE_NOOP("MergeDialog", "First name"),
    "middle_name": QT_TRANSLATE_NOOP("MergeDialog", "Middle name"),
    "company_name": QT_TRANSLATE_NOOP("MergeDialog", "Company"),
    "inn": QT_TRANSLATE_NOOP("MergeDialog", "INN"),
    "position": QT_TRANSLATE_NOOP("MergeDialog", "Position"),
    "address": QT_TRANSLATE_NOOP("MergeDialog", "Address"),
    "city": QT_TRANSLATE_NOOP("MergeDialog", "City"),
    "region": QT_TRANSLATE_NOOP("MergeDialog", "Region"),
    "country": QT_TRANSLATE_NOOP("MergeDialog", "Country"),
    "birthday": QT_TRANSLATE_NOOP("MergeDialog", "Birthday"),
    "gender": QT_TRANSLATE_NOOP("MergeDialog", "Gender"),
    "family_status": QT_TRANSLATE_NOOP("MergeDialog", "Family status"),
    "family_note": QT_TRANSLATE_NOOP("MergeDialog", "Family"),
    "interests": QT_TRANSLATE_NOOP("MergeDialog", "Interests"),
    "source": QT_TRANSLATE_NOOP("MergeDialog", "Source"),
    "status": QT_TRANSLATE_NOOP("MergeDialog", "Status"),
    "temperature": QT_TRANSLATE_NOOP("MergeDialog", "Temperature"),
    "behaviour": QT_TRANSLATE_NOOP("MergeDialog", "Behaviour"),
    "debtor": QT_TRANSLATE_NOOP("MergeDialog", "Debtor"),
    "notes": QT_TRANSLATE_NOOP("MergeDialog", "Notes"),
    "next_contact_date": QT_TRANSLATE_NOOP("MergeDialog", "Next contact"),
}


def field_label(name: str) -> str:
    if name.startswith("custom."):
        return name.split(".", 1)[1]
    return _tr("MergeDialog", str(FIELD_LABELS.get(name, name)))


def value_text(value: Any, field: str = "") -> str:
    """A stored value as the user reads it ("—" for empty; "Компания", not "company")."""
    if value is None or value == "":
        return "—"
    if field in CODE_LABELS:
        return str(code_label(field, value, current_ui_language()))
    if field == "country":
        return country_name(str(value))
    if isinstance(value, tuple | list) and len(value) == 3:
        day, month, year = value
        return format_date(day, month, year, current_ui_language()) if day and month else "—"
    if isinstance(value, bool) or value in (0, 1) and not isinstance(value, str):
        return QCoreApplication.translate("MergeDialog", "Yes") if value else QCoreApplication.translate("MergeDialog", "No")
    return str(value)


class ChoiceButton(QRadioButton):
    """A value in the merge grid: the whole cell picks it, not only the small circle and its text."""

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)


class MergeDialog(QDialog):
    """Side by side: one column per card, one row per field that has a value; pick the value per row."""

    def __init__(self, vault: Vault, client_ids: Sequence[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.client_ids = sorted(set(client_ids))
        self.result_batch_id: int | None = None
        self.survivor_id: int | None = None
        self.choice_buttons: dict[str, dict[int | str, QRadioButton]] = {}
        self._groups: dict[str, QButtonGroup] = {}
        self.setMinimumSize(760, 480)

        self.keep_label = QLabel()
        self.keep_box = QComboBox()
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.kept_note = QLabel()
        self.kept_note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = QPushButton()
        self.merge_button.setDefault(True)
        self.buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.do_merge)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.keep_label)
        top.addWidget(self.keep_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.kept_note)
        layout.addWidget(self.buttons)

        with vault.session() as session:
            found = clients.display_names(session, self.client_ids)
        self._names: dict[int, str] = {cid: found.get(cid, str(cid)) for cid in self.client_ids}
        for cid in self.client_ids:
            self.keep_box.addItem(f"{self._names[cid]} (#{cid})", cid)
        self.keep_box.currentIndexChanged.connect(self._load)
        self.retranslateUi()
        self._load()

    # ---- view ------------------------------------------------------------------------------
    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Merge cards"))
        self.keep_label.setText(self.tr("Keep card:"))
        self.merge_button.setText(self.tr("Merge"))
        self.kept_note.setText(self.tr(
            "Phones, e-mails, tags, contact persons, history, purchases, reminders and consents of all cards "
            "are kept on the merged card. The merge can be undone."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    @property
    def keep_id(self) -> int:
        return int(self.keep_box.currentData())

    def _load(self) -> None:
        keep = self.keep_id
        with self.vault.session() as session:
            options = merging.merge_options(session, self.client_ids, keep)
        shown = [o for o in options if any(not merging._empty(v) for v in o.values.values())]
        order = [keep] + [c for c in self.client_ids if c != keep]
        joinable = any(o.name in merging.JOINABLE_FIELDS and o.default == merging.ALL for o in shown)
        columns: list[int | str] = list(order) + ([merging.ALL] if joinable else [])
        self.table.clear()
        self.table.setRowCount(len(shown))
        self.table.setColumnCount(len(columns))
        self.table.setHorizontalHeaderLabels(
            [f"{self._names[c]} (#{c})" + (self.tr(" — kept") if c == keep else "") if isinstance(c, int)
             else self.tr("All, joined") for c in columns])
        self.table.setVerticalHeaderLabels([field_label(o.name) for o in shown])
        self.choice_buttons.clear()
        self._groups.clear()
        for row, option in enumerate(shown):
            group = QButtonGroup(self)
            self._groups[option.name] = group
            buttons: dict[int | str, QRadioButton] = {}
            for col, source in enumerate(columns):
                if source == merging.ALL:
                    if option.name not in merging.JOINABLE_FIELDS:
                        continue
                    text = self.tr("all texts")
                else:
                    text = value_text(option.values[int(source)], option.name)
                button = ChoiceButton(text)
                button.setToolTip(text)
                group.addButton(button)
                buttons[source] = button
                self.table.setCellWidget(row, col, button)
            default = buttons.get(option.default) or buttons[order[0]]
            default.setChecked(True)
            self.choice_buttons[option.name] = buttons

    def choices(self) -> dict[str, int | str]:
        result: dict[str, int | str] = {}
        for name, buttons in self.choice_buttons.items():
            for source, button in buttons.items():
                if button.isChecked():
                    result[name] = source
        return result

    # ---- behaviour -----------------------------------------------------------------------------
    def do_merge(self) -> None:
        keep, choices = self.keep_id, self.choices()
        try:
            result = run_with_progress(self, self.tr("Merging…"), lambda progress, should_cancel:
                                       merging.merge_clients(self.vault, self.client_ids, keep=keep, choices=choices),
                                       cancellable=False)
        except KnownError as exc:
            QMessageBox.warning(self, self.tr("Cards were not merged"), exc.text(current_ui_language()))
            return
        self.result_batch_id = result.batch_id
        self.survivor_id = result.survivor_id
        self.accept()


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text in the column's current width. QTreeView asks the delegate
    for a row's height with no width (Qt's indexRowSizeHint sets it to -1 "to speed up"), so a
    plain word-wrapping tree keeps one line and cuts the rest."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree
        # Heights follow the widths: re-laid out when a column is resized (a window resize included).
        tree.header().sectionResized.connect(lambda *_a: tree.scheduleDelayedItemsLayout())

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        width = self.tree.header().sectionSize(index.column()) - 8  # the item's text margins
        text = str(index.data() or "")
        if width <= 0 or not text:
            return hint
        if index.column() == 0:
            width -= self.tree.indentation() * (2 if index.parent().isValid() else 1)
        height = option.fontMetrics.boundingRect(QRect(0, 0, max(width, 10), 100_000),
                                                 int(Qt.TextFlag.TextWordWrap), text).height()
        return QSize(hint.width(), max(hint.height(), height + 4))


class DuplicatesPage(QWidget):
    """Groups of likely duplicates with the reasons; merge, mark as different, undo the last merge."""

    open_client = Signal(int)
    merged = Signal(int)  # the surviving card's id, so lists can refresh

    GROUP_ROLE = Qt.ItemDataRole.UserRole
    PAIR_ROLE = Qt.ItemDataRole.UserRole + 1
    DEFAULT_SIZE = (1000, 640)

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.groups: list[dedup.DuplicateGroup] = []
        self.last_merge_batch: int | None = None

        self.scan_button = QPushButton()
        self.scan_button.clicked.connect(self.scan)
        self.min_label = QLabel()
        self.min_score = QSpinBox()
        self.min_score.setRange(50, 100)
        self.min_score.setValue(dedup.DEFAULT_MIN_SCORE)
        self.status = QLabel()
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # The cards (names) and the reasons share the width; both wrap, so a long "why" is read in the
        # row rather than cut (a few hundred rows at most: variable row heights cost nothing here).
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setItemDelegate(WrappingDelegate(self.tree))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.merge_button = QPushButton()
        self.merge_button.clicked.connect(self.merge_selected)
        self.different_button = QPushButton()
        self.different_button.clicked.connect(self.mark_selected_different)
        self.undo_button = QPushButton()
        self.undo_button.clicked.connect(self.undo_last_merge)

        bar = QHBoxLayout()
        bar.addWidget(self.scan_button)
        bar.addWidget(self.min_label)
        bar.addWidget(self.min_score)
        bar.addWidget(self.status, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.merge_button)
        actions.addWidget(self.different_button)
        actions.addStretch(1)
        actions.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)
        layout.addLayout(actions)
        self.retranslateUi()
        self._update_buttons()

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Duplicates — Clientbook"))
        self.scan_button.setText(self.tr("Find duplicates"))
        self.min_label.setText(self.tr("Minimum score:"))
        self.tree.setHeaderLabels([self.tr("Cards"), self.tr("Score"), self.tr("Why")])
        self.merge_button.setText(self.tr("Merge…"))
        self.different_button.setText(self.tr("Not duplicates"))
        self.undo_button.setText(self.tr("Undo last merge"))
        if self.groups:
            self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # ---- scanning ----------------------------------------------------------------------------
    def scan(self) -> None:
        min_score = self.min_score.value()

        def work(progress: Any, should_cancel: Any) -> list[dedup.DuplicateGroup]:
            with self.vault.session() as session:
                return dedup.scan_groups(session, min_score=min_score, progress=progress,
                                         should_cancel=should_cancel)

        try:
            self.groups = run_with_progress(self, self.tr("Looking for duplicates…"), work)
        except (CancelledError, dedup.ScanCancelledError):
            self.status.setText(self.tr("The scan was cancelled."))
            return
        except KnownError as exc:
            QMessageBox.warning(self, self.tr("Duplicates"), exc.text(current_ui_language()))
            return
        self._fill()

    def _fill(self) -> None:
        lang = current_ui_language()
        self.tree.clear()
        for index, group in enumerate(self.groups):
            names = {}
            for pair in group.pairs:
                names[pair.a], names[pair.b] = pair.name_a, pair.name_b
            top = QTreeWidgetItem([self.tr("%n cards", "", len(group.client_ids)) + ": " +
                                   ", ".join(names.get(c, str(c)) for c in group.client_ids),
                                   str(group.best_score), ""])
            top.setData(0, self.GROUP_ROLE, index)
            top.setToolTip(0, top.text(0))
            for pair in group.pairs:
                child = QTreeWidgetItem([f"{pair.name_a} (#{pair.a}) ↔ {pair.name_b} (#{pair.b})", str(pair.score),
                                         "; ".join(pair.reason_texts(lang))])
                child.setData(0, self.GROUP_ROLE, index)
                child.setData(0, self.PAIR_ROLE, (pair.a, pair.b))
                child.setToolTip(2, "\n".join(pair.reason_texts(lang)))
                child.setToolTip(0, child.text(0))
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        if self.groups and (first := self.tree.topLevelItem(0)) is not None:
            self.tree.setCurrentItem(first)
        self.status.setText(self.tr("Groups found: %n", "", len(self.groups)) if self.groups
                            else self.tr("No duplicates found."))
        self._update_buttons()

    # ---- selection -----------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        """The cards the buttons act on: the selected pair, or the whole selected group."""
        item = self.tree.currentItem()
        if item is None:
            return []
        pair = item.data(0, self.PAIR_ROLE)
        if pair:
            return sorted(pair)
        index = item.data(0, self.GROUP_ROLE)
        return list(self.groups[index].client_ids) if index is not None and index < len(self.groups) else []

    def _update_buttons(self) -> None:
        has = len(self.selected_ids()) >= 2
        self.merge_button.setEnabled(has)
        self.different_button.setEnabled(has)
        self.undo_button.setEnabled(self.last_merge_batch is not None)

    def _double_clicked(self, item: QTreeWidgetItem, column: int) -> None:
        pair = item.data(0, self.PAIR_ROLE)
        if pair:
            self.open_client.emit(int(pair[0]))

    # ---- actions -------------------------------------------------------------------------------
    def merge_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) < 2:
            return
        dialog = MergeDialog(self.vault, ids, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_batch_id is None:
            return
        self.last_merge_batch = dialog.result_batch_id
        removed = [i for i in ids if i != dialog.survivor_id]
        remaining = [p for g in self.groups for p in g.pairs if p.a not in removed and p.b not in removed]
        self.groups = dedup.group_candidates(remaining)
        self._fill()
        self.status.setText(self.tr("Merged. You can undo it."))
        if dialog.survivor_id is not None:
            self.merged.emit(dialog.survivor_id)

    def mark_selected_different(self) -> None:
        ids = self.selected_ids()
        if len(ids) < 2:
            return
        try:
            with self.vault.transaction() as session:
                dedup.mark_not_duplicates(session, ids)
        except KnownError as exc:
            QMessageBox.warning(self, self.tr("Duplicates"), exc.text(current_ui_language()))
            return
        pairs = {(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]}
        remaining = [p for g in self.groups for p in g.pairs if (p.a, p.b) not in pairs]
        self.groups = dedup.group_candidates(remaining)
        self._fill()

    def undo_last_merge(self) -> None:
        if self.last_merge_batch is None:
            return
        batch = self.last_merge_batch
        try:
            ids = run_with_progress(self, self.tr("Undoing the merge…"),
                                    lambda progress, should_cancel: merging.undo_merge(self.vault, batch),
                                    cancellable=False)
        except KnownError as exc:
            QMessageBox.warning(self, self.tr("The merge was not undone"), exc.text(current_ui_language()))
            return
        self.last_merge_batch = None
        self.status.setText(self.tr("The merge was undone."))
        self._update_buttons()
        if ids:
            self.merged.emit(int(ids[0]))
