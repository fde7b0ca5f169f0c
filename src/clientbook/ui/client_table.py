"""The client list's table: column widths that fit their texts, the column menu, the hidden columns kept
between runs, and sorting only by the columns the list can sort by."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QMenu, QTableView, QWidget

from clientbook.ui import preferences
from clientbook.ui.client_list_model import (
    COL_NAME,
    COLUMN_COUNT,
    DEFAULT_HIDDEN,
    SORTABLE,
    ClientListModel,
    column_titles,
)

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
        # Widths from the texts they must hold: a usual full name and "Санкт-Петербург" were cut at
        # 210 / 110 px while the last column took the rest of a wide window.
        fm = self.fontMetrics()
        widths = ((COL_NAME, max(210, fm.horizontalAdvance("Александрова Елизавета Валерьевна") + 16)),
                  (1, max(140, fm.horizontalAdvance("+7 999 999-99-99 доб. 12") + 12)), (2, 180),
                  (3, max(110, fm.horizontalAdvance("Санкт-Петербург") + 16)), (4, 90), (5, 95), (6, 130), (7, 130))
        for column, width in widths:
            self.setColumnWidth(column, width)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._restore_columns()

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
        self.setColumnHidden(column, not visible)
        hidden = [c for c in range(COLUMN_COUNT) if self.isColumnHidden(c)]
        preferences.put(HIDDEN_COLUMNS_KEY, ",".join(str(c) for c in hidden) or "none")

    def _restore_columns(self) -> None:
        stored = preferences.get(HIDDEN_COLUMNS_KEY, None)
        if stored is None:
            hidden = list(DEFAULT_HIDDEN)
        else:
            hidden = [int(c) for c in str(stored).split(",") if c.strip().isdigit()]
        for column in range(COLUMN_COUNT):
            self.setColumnHidden(column, column in hidden and column != COL_NAME)

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
