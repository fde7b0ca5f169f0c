"""The Today panel (SPEC §4): overdue, today's and this week's reminders and next-contact dates,
birthdays of clients and contact persons in the next 7 days; done and snooze on each line,
double-click opens the client.

A model/view over `core.today`'s bounded groups, read on a worker: at 100,000 clients there are
12,000 overdue lines, and building them as widgets on the GUI thread froze the window for a minute.
Each group shows its count and first lines; its "Show all" line asks for the rest.

In a vault where several people work the panel shows *my* tasks (core.today.today_view: mine and
nobody's); the owner has a switch to everybody's, which adds a column saying whose each line is.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from clientbook.core import history, today
from clientbook.core.history import TodayItem
from clientbook.core.interruptible import InterruptibleRead
from clientbook.core.today import TodayGroup, TodayView
from clientbook.core.vault import Vault
from clientbook.ui.card import labels
from clientbook.ui.card.fields import button
from clientbook.ui.card.lazy_tab import hint_label
from clientbook.ui.rights import guard
from clientbook.ui.workers import Task, error_text, start

log = logging.getLogger(__name__)

COL_DATE, COL_WHAT, COL_CLIENT, COL_WHO = range(4)
ITEM_ROLE = Qt.ItemDataRole.UserRole  # the TodayItem of a line
SHOW_ALL_ROLE = Qt.ItemDataRole.UserRole + 1  # the group key on a "Show all" line
_OVERDUE = QColor("#c62828")
# Roles as plain ints, compared per cell call (a paint asks a few hundred cells for a dozen roles each)
_DISPLAY, _TOOLTIP, _FONT, _FOREGROUND = (int(r) for r in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.ForegroundRole))
_SERVED = frozenset({_DISPLAY, _TOOLTIP, _FONT, _FOREGROUND, int(ITEM_ROLE), int(SHOW_ALL_ROLE)})
Index = QModelIndex | QPersistentModelIndex


def _tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate("TodayPanel", text, disambiguation, n)


def _number(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


class TodayModel(QAbstractItemModel):
    """Groups at the top level, their lines (and a "Show all" line when cut short) beneath.

    An index's internal id is 0 for a group row and the group's row + 1 for the lines under it.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.groups: list[TodayGroup] = []
        self.on = dt.date.today()
        self.lang = labels.language()  # looked up per answer, not per cell (a settings-file read)
        # an item's four cell texts, made once per answer: every repaint asked for them again, and the
        # dates' words cost most of Today's 26-33 ms repaint at 1600 px
        self._cells: dict[int, tuple[str, str, str, str]] = {}
        self._overdue_brush = QBrush(_OVERDUE)
        self._bold = QFont()
        self._bold.setBold(True)

    def set_groups(self, groups: list[TodayGroup], on: dt.date) -> None:
        self.beginResetModel()
        self.groups = [g for g in groups if g.count]
        self.on = on
        self.lang = labels.language()
        self._cells.clear()
        self.endResetModel()

    def clear(self) -> None:
        self.set_groups([], self.on)

    # ---- structure ----------------------------------------------------------------------
    def _lines(self, group: TodayGroup) -> int:
        return len(group.items) + (1 if group.truncated else 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return self._lines(self.groups[parent.row()])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 4

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(int(child.internalId()) - 1, 0, 0)

    def group_of(self, index: Index) -> TodayGroup | None:
        if not index.isValid():
            return None
        row = index.row() if index.internalId() == 0 else int(index.internalId()) - 1
        return self.groups[row] if 0 <= row < len(self.groups) else None

    def item(self, index: Index) -> TodayItem | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        group = self.group_of(index)
        return group.items[index.row()] if group is not None and index.row() < len(group.items) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == 0:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # ---- content ------------------------------------------------------------------------
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_tr("Date"), _tr("What"), _tr("Client"), _tr("Whose"))[section]
        return None

    def caption(self, group: TodayGroup) -> str:
        titles = {"overdue": _tr("Overdue"), "today": _tr("Due today"),
                  "week": _tr("This week"), "birthdays": _tr("Birthdays in the next 7 days")}
        return f"{titles[group.key]} — {_number(group.count)}"

    def describe(self, item: TodayItem, overdue_days: bool = False) -> str:
        """What to do; with `overdue_days`, how late it is (the tooltip: in the cell the group
        caption and the red date say it, and the words would push the task itself out of view)."""
        if item.kind == "reminder":
            text = item.title
        elif item.kind == "next_contact":
            text = _tr("Contact the client")
        elif item.kind == "birthday":
            text = _tr("Birthday")
        else:
            text = _tr("Birthday of %1").replace("%1", item.title)
        if item.overdue and overdue_days:
            days = (self.on - item.date).days
            text += " — " + _tr("overdue by %n day(s)", "", days)
        return text

    def date_text(self, date: dt.date) -> str:
        return labels.short_date(date, self.on, self.lang)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        role = int(role)
        if role not in _SERVED or not index.isValid():  # most of a paint's calls: answered at once
            return None
        internal, row = index.internalId(), index.row()
        if internal == 0:  # a group caption, spanning the row
            if not 0 <= row < len(self.groups):
                return None
            if role == _DISPLAY and index.column() == 0:
                return self.caption(self.groups[row])
            if role == _FONT:
                return self._bold
            return None
        if not 0 < internal <= len(self.groups):
            return None
        group = self.groups[internal - 1]
        item = group.items[row] if row < len(group.items) else None
        if item is None:  # the "Show all" line
            if role == _DISPLAY and index.column() == COL_WHAT:
                return _tr("Show all %1…").replace("%1", _number(group.count))
            if role == SHOW_ALL_ROLE:
                return group.key
            if role == _FOREGROUND:
                return QBrush(QColor("#1565c0"))
            return None
        if role == _DISPLAY:
            cells = self._cells.get(id(item))
            if cells is None:
                cells = self._cells[id(item)] = (self.date_text(item.date), self.describe(item), item.client_name,
                                                 item.assignee or "—")
            return cells[index.column()]
        if role == _TOOLTIP:
            whose = "\n" + _tr("Whose: %1").replace("%1", item.assignee) if item.assignee else ""
            return f"{labels.long_date(item.date, self.lang)}\n{self.describe(item, overdue_days=True)}\n{item.client_name}{whose}"
        if role == _FOREGROUND and item.overdue:
            return self._overdue_brush
        if role == ITEM_ROLE:
            return item
        return None

    def lines(self, columns: int = 3) -> list[str]:
        """Every visible line as "date | what | client" (groups as their caption), for tests and tools;
        `columns=4` adds whose it is."""
        out: list[str] = []
        for row, group in enumerate(self.groups):
            parent = self.index(row, 0)
            out.append(self.caption(group))
            for line in range(self.rowCount(parent)):
                cells = [str(self.index(line, c, parent).data() or "") for c in range(columns)]
                out.append(" | ".join(c for c in cells if c))
        return out


class TodayPanel(QWidget):
    open_client = Signal(int)
    loaded = Signal()  # the groups on screen are the ones last asked for

    def __init__(self, vault: Vault, parent: QWidget | None = None, limit: int = today.DEFAULT_LIMIT) -> None:
        super().__init__(parent)
        self.vault = vault
        self.limit = limit
        self.expanded: set[str] = set()
        self.everyone = False  # the owner's switch: everybody's tasks instead of mine
        self.whose: str | None = None  # whose tasks are on screen (None: everybody's), from the last read
        self.is_loaded = False
        self._task: Task | None = None
        self._reading = InterruptibleRead()
        self._generation = 0
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.mine_button = QPushButton()
        self.everyone_button = QPushButton()
        self.scope = QButtonGroup(self)
        for number, scope_button in enumerate((self.mine_button, self.everyone_button)):
            scope_button.setCheckable(True)
            scope_button.setAutoDefault(False)
            self.scope.addButton(scope_button, number)
        self.mine_button.setChecked(True)
        self.model = TodayModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(0)  # lines under a caption need no indent; it would eat the date
        self.tree.setItemsExpandable(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_DATE, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(COL_WHAT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_CLIENT, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_WHO, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnHidden(COL_WHO, True)
        self.empty = hint_label("")
        self.done_button = button("")
        self.snooze_button = button("")
        snooze_menu = QMenu(self)
        self.snooze_actions = [(days, snooze_menu.addAction("", partial(self.snooze, days))) for days in (1, 3, 7)]
        self.snooze_button.setMenu(snooze_menu)
        self.open_button = button("")
        self.retranslateUi()
        actions = QHBoxLayout()
        actions.addWidget(self.done_button)
        actions.addWidget(self.snooze_button)
        actions.addStretch(1)
        actions.addWidget(self.open_button)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.mine_button)
        top.addWidget(self.everyone_button)
        for scope_button in (self.mine_button, self.everyone_button):
            scope_button.hide()  # until a read says this user may switch
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addLayout(actions)
        self.empty.hide()
        self.tree.activated.connect(self._activated)
        self.tree.clicked.connect(self._clicked)
        self.tree.selectionModel().currentChanged.connect(lambda *_a: self._update_buttons())
        self.model.modelReset.connect(self._after_reset)
        self.done_button.clicked.connect(self.done)
        self.scope.idClicked.connect(lambda number: self.show_everyone(number == 1))
        self.open_button.clicked.connect(lambda: self._open(self.tree.currentIndex()))
        self._update_buttons()
        self.refresh()

    def retranslateUi(self) -> None:
        """Captions in the current language (again after the user switches language)."""
        self.heading.setText(self.tr("Today"))
        self.mine_button.setText(self.tr("My tasks"))
        self.mine_button.setToolTip(self.tr("Tasks given to you or to nobody, and your clients' dates"))
        self.everyone_button.setText(self.tr("Everybody's"))
        self.everyone_button.setToolTip(self.tr("The tasks of every user of this vault"))
        self.tree.setToolTip(self.tr("Double-click a line to open the client"))
        self.empty.setText(self.tr("Nothing due today. No birthdays this week."))
        self.done_button.setText(self.tr("Done"))
        self.done_button.setToolTip(self.tr("Mark the task done or clear the next contact date"))
        self.snooze_button.setText(self.tr("Snooze"))
        texts = {1: self.tr("Until tomorrow"), 3: self.tr("For 3 days"), 7: self.tr("For a week")}
        for days, action in self.snooze_actions:
            action.setText(texts[days])
        self.open_button.setText(self.tr("Open client"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)
        self._size_columns()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
            if not self.vault.closed:  # after a lock the window is only waiting to be thrown away
                self.model.set_groups(self.model.groups, self.model.on)  # captions and lines re-read tr()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._size_columns()

    def _size_columns(self) -> None:
        """Date as wide as a date, the client a third of the rest, "What" the remainder."""
        metrics = self.tree.fontMetrics()
        on = self.model.on
        shown = {item.date for group in self.model.groups for item in group.items}
        samples = [self.model.date_text(day) for day in shown | {dt.date(on.year, month, 28) for month in range(1, 13)}]
        date_width = max(metrics.horizontalAdvance(text) for text in [*samples, self.tr("Date")]) + 16
        self.tree.setColumnWidth(COL_DATE, date_width)
        rest = max(0, self.tree.viewport().width() - date_width)
        if not self.tree.isColumnHidden(COL_WHO):
            who_width = max([metrics.horizontalAdvance(item.assignee or "—") for group in self.model.groups
                             for item in group.items] + [metrics.horizontalAdvance(self.tr("Whose"))]) + 16
            who_width = min(who_width, rest // 4)
            self.tree.setColumnWidth(COL_WHO, who_width)
            rest -= who_width
        self.tree.setColumnWidth(COL_CLIENT, max(90, rest * 2 // 5))

    # ---- loading off the GUI thread --------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the groups on a worker (the main window calls this after edits and at midnight)."""
        if self.vault.closed:
            return
        self._generation += 1
        generation, vault, limit, expanded = self._generation, self.vault, self.limit, frozenset(self.expanded)
        everyone = self.everyone
        on = dt.date.today()

        reading = self._reading

        def work() -> TodayView:
            with vault.session() as session, reading.reading(session):  # shutdown() may interrupt it
                return today.today_view(session, on, limit, expanded, everyone=everyone)

        self.is_loaded = False
        if not self.model.groups:  # nothing on screen yet: say that it is coming, not a blank tree
            self.empty.setText(self.tr("Loading…"))
            self.empty.show()
            self.tree.hide()
        task = Task(work, pass_callbacks=False)
        task.signals.finished.connect(lambda view: self._loaded(generation, view, on),
                                      Qt.ConnectionType.QueuedConnection)
        task.signals.failed.connect(lambda exc: self._failed(generation, exc), Qt.ConnectionType.QueuedConnection)
        self._task = start(task)

    def _loaded(self, generation: int, view: TodayView, on: dt.date) -> None:
        if generation != self._generation or self.vault.closed:
            return  # a newer refresh is on its way, or the vault was locked meanwhile
        self._task = None
        self.whose = view.user
        for scope_button in (self.mine_button, self.everyone_button):
            scope_button.setVisible(view.can_switch)
        (self.everyone_button if view.user is None and view.can_switch else self.mine_button).setChecked(True)
        self.tree.setColumnHidden(COL_WHO, view.user is not None)
        self.model.set_groups(view.groups, on)
        self.is_loaded = True
        self.loaded.emit()

    def _failed(self, generation: int, exc: object) -> None:
        if generation != self._generation or self.vault.closed:
            return
        self._task = None
        self.model.clear()
        self.empty.setText(error_text(exc, self.tr("Today could not be read."), what="Today"))
        self.empty.show()
        self.tree.hide()
        self.is_loaded = True
        self.loaded.emit()

    def shutdown(self) -> None:
        """Before the vault closes: a read still running is interrupted (SQLite's own, thread-safe
        sqlite3_interrupt) and waited for, so locking does not wait seconds for a cold-cache count."""
        self._generation += 1
        task, self._task = self._task, None
        if task is not None:
            self._reading.interrupt()
            task.done.wait(30)

    def _after_reset(self) -> None:
        for row in range(self.model.rowCount()):
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
        self.tree.expandAll()
        has_lines = bool(self.model.groups)
        if not has_lines:
            self.empty.setText(self.tr("Nothing due today. No birthdays this week."))
        self.empty.setVisible(not has_lines)
        self.tree.setVisible(has_lines)
        self._size_columns()
        self._update_buttons()

    # ---- actions ------------------------------------------------------------------------
    def current_item(self) -> TodayItem | None:
        return self.model.item(self.tree.currentIndex())

    def _update_buttons(self) -> None:
        item = self.current_item()
        actionable = item is not None and item.kind in ("reminder", "next_contact")
        guard(self.done_button, self.vault, "edit", actionable)
        guard(self.snooze_button, self.vault, "edit", actionable)
        self.open_button.setEnabled(item is not None and item.client_id is not None)

    def show_everyone(self, everyone: bool) -> None:
        """The owner's switch: everybody's tasks, or back to mine (core decides whether it may)."""
        if everyone != self.everyone:
            self.everyone = everyone
            self.refresh()

    def show_all(self, key: str) -> None:
        self.expanded.add(key)
        self.refresh()

    def _clicked(self, index: QModelIndex) -> None:
        key = index.siblingAtColumn(COL_WHAT).data(SHOW_ALL_ROLE)
        if key:
            self.show_all(str(key))

    def _activated(self, index: QModelIndex) -> None:
        key = index.siblingAtColumn(COL_WHAT).data(SHOW_ALL_ROLE)
        if key:
            self.show_all(str(key))
        else:
            self._open(index)

    def done(self) -> None:
        item = self.current_item()
        if item is None:
            return
        with self.vault.transaction() as session:
            if item.kind == "reminder" and item.reminder_id is not None:
                history.complete_reminder(session, item.reminder_id)
            elif item.kind == "next_contact" and item.client_id is not None:
                history.clear_next_contact(session, item.client_id)
        self.refresh()

    def snooze(self, days: int) -> None:
        item = self.current_item()
        if item is None:
            return
        with self.vault.transaction() as session:
            if item.kind == "reminder" and item.reminder_id is not None:
                history.snooze_reminder(session, item.reminder_id, days)
            elif item.kind == "next_contact" and item.client_id is not None:
                history.snooze_next_contact(session, item.client_id, days)
        self.refresh()

    def _open(self, index: QModelIndex) -> None:
        item = self.model.item(index)
        if item is not None and item.client_id is not None:
            self.open_client.emit(item.client_id)
