"""The client list's table: column widths that fit their texts, the column menu, the hidden columns kept
between runs, and sorting only by the columns the list can sort by."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QMenu, QTableView, QWidget

from clientbook.ui import preferences
from clientbook.ui.client_list_model import (
    COL_CITY,
    COL_CREATED,
    COL_EMAIL,
    COL_NAME,
    COL_NEXT_CONTACT,
    COL_PHONE,
    COL_STATUS,
    COL_TAGS,
    COL_TEMPERATURE,
    COL_UPDATED,
    COLUMN_COUNT,
    DEFAULT_HIDDEN,
    SORTABLE,
    ClientListModel,
    column_titles,
    status_labels,
    temperature_labels,
)
from clientbook.ui.dates import language, short_date

HIDDEN_COLUMNS_KEY = "list/hidden_columns"


class ClientTable(QTableView):
    def __init__(self, model: ClientListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list_model = model
        self._sort_column, self._sort_order = COL_NAME, Qt.SortOrder.AscendingOrder
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        header.setSortIndicator(COL_NAME, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort_requested)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        self._fitting = False
        self._sized_by_hand = False  # once the user drags a column edge, the widths are theirs
        header.sectionResized.connect(self._section_resized)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._restore_columns()
        self.fit_columns()

    def column_widths(self) -> dict[int, tuple[int, int]]:
        """(wanted, least) width of each column, from the texts it must hold and its header's own need:
        a usual full name and "Санкт-Петербург" were cut at 210 / 110 px while the last column took
        the rest of a wide window, and beside Today at 1600 px the list overflowed its view."""
        fm = self.fontMetrics()
        header = self.horizontalHeader()

        def text(sample: str) -> int:
            return fm.horizontalAdvance(sample) + 16

        def labels(values: dict[str, str]) -> int:
            return max(text(v) for v in values.values())

        today, lang = dt.date.today(), language()  # the language once: it reads the settings file
        date = max(text(short_date(dt.date(today.year + 1, month, 28), today, lang)) for month in range(1, 13))
        phone = max(140, text("+7 999 999-99-99"))
        widths = {
            COL_NAME: (max(210, text("Александрова Елизавета Валерьевна")), 180),
            COL_PHONE: (phone, phone),
            COL_EMAIL: (200, 140),
            COL_CITY: (text("Санкт-Петербург"), text("Новосибирск")),
            COL_STATUS: (labels(status_labels()),) * 2,
            COL_TEMPERATURE: (labels(temperature_labels()),) * 2,
            COL_TAGS: (160, 90),
            COL_NEXT_CONTACT: (date, date),
            COL_CREATED: (date, date),
            COL_UPDATED: (date, date),
        }
        return {column: (max(wanted, header.sectionSizeHint(column)), max(least, header.sectionSizeHint(column)))
                for column, (wanted, least) in widths.items()}

    def fit_columns(self) -> None:
        """Every shown column at its wanted width; when they overflow the view, the tags, then the
        name, then the city give way down to their least width (the last column takes what is left).
        Left alone once the user has sized a column by hand."""
        if self._sized_by_hand:
            return
        widths = self.column_widths()
        shown = [c for c in range(COLUMN_COUNT) if not self.isColumnHidden(c)]
        chosen = {c: widths[c][0] for c in shown}
        excess = sum(chosen.values()) - self.viewport().width()
        for column in (COL_TAGS, COL_NAME, COL_CITY):
            if excess <= 0 or column not in chosen:
                continue
            give = min(excess, chosen[column] - widths[column][1])
            chosen[column] -= give
            excess -= give
        self._fitting = True
        try:
            for column, width in chosen.items():
                self.setColumnWidth(column, width)
        finally:
            self._fitting = False

    def _section_resized(self, column: int, _old: int, new: int) -> None:
        """A column resized by anyone but fit_columns: the user's drag, unless it is the last shown
        column, which the header stretches over what is left whenever the view changes size."""
        header = self.horizontalHeader()
        last = max((header.visualIndex(c) for c in range(COLUMN_COUNT) if not self.isColumnHidden(c)), default=-1)
        if not self._fitting and new > 0 and header.visualIndex(column) != last:
            self._sized_by_hand = True

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.fit_columns()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.list_model
        model.painted()
        if model.rowCount() == 0 and not model.is_loaded and model.vault is not None:
            # The first read of a vault runs on a worker: say so instead of an empty table.
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter,
                             QCoreApplication.translate("ClientList", "Loading…"))
            painter.end()

    def selected_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.selectionModel().selectedRows())
        return self.list_model.client_ids(rows)

    def selected_count(self) -> int:
        selection = self.selectionModel()
        return len(selection.selectedRows()) if selection is not None else 0

    def show_sort_arrow(self, shown: bool) -> None:
        self.horizontalHeader().setSortIndicatorShown(shown)

    def set_column_visible(self, column: int, visible: bool) -> None:
        self._fitting = True
        try:
            self.setColumnHidden(column, not visible)
        finally:
            self._fitting = False
        self.fit_columns()
        hidden = [c for c in range(COLUMN_COUNT) if self.isColumnHidden(c)]
        preferences.put(HIDDEN_COLUMNS_KEY, ",".join(str(c) for c in hidden) or "none")

    def _restore_columns(self) -> None:
        stored = preferences.get(HIDDEN_COLUMNS_KEY, None)
        if stored is None:
            hidden = list(DEFAULT_HIDDEN)
        else:
            hidden = [int(c) for c in str(stored).split(",") if c.strip().isdigit()]
        self._fitting = True
        try:
            for column in range(COLUMN_COUNT):
                self.setColumnHidden(column, column in hidden and column != COL_NAME)
        finally:
            self._fitting = False

    def _column_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        titles = column_titles()
        for column in range(COLUMN_COUNT):
            action = menu.addAction(titles[column])
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(column))
            action.setEnabled(column != COL_NAME)
            action.toggled.connect(lambda on, c=column: self.set_column_visible(c, on))
        menu.exec(self.horizontalHeader().mapToGlobal(pos))

    def _sort_requested(self, column: int, order: Qt.SortOrder) -> None:
        if column not in SORTABLE:  # put the arrow back where the rows' order really is
            header = self.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(self._sort_column, self._sort_order)
            header.blockSignals(False)
            return
        self._sort_column, self._sort_order = column, order
        self.list_model.sort(column, order)
