"""The global History window (SPEC §4): every interaction across clients, filtered by period, kind,
author and text; double-clicking an entry opens its client.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clientbook.core import history
from clientbook.core.vault import Vault
from clientbook.ui.card import labels
from clientbook.ui.card.fields import OptionalDateEdit, button
from clientbook.ui.card.history_tab import shown_text
from clientbook.ui.card.lazy_tab import hint_label, make_tree
from clientbook.ui.workers import LatestReader, error_text

PAGE = 500


class Entry(NamedTuple):
    """One history row as the texts it shows, read and worded on a worker (ORM objects stay in their
    session; the dates are formatted there too, which was a quarter of the GUI thread's page time)."""

    when: str
    name: str
    kind: str
    what: str
    author: str
    client_id: int


def read_page(vault: Vault, flt: history.HistoryFilter, offset: int, lang: str) -> list[Entry]:
    with vault.session() as session:
        rows = history.global_history(session, flt, limit=PAGE, offset=offset, viewer=vault.actor)
        return [Entry(labels.long_datetime(i.occurred_at, lang), name, i.kind, shown_text(session, i),
                      i.author or "", i.client_id) for i, name in rows]


def read_authors(vault: Vault) -> list[str]:
    with vault.session() as session:
        return history.authors(session)


def local_midnight_utc(day: dt.date) -> dt.datetime:
    """Local midnight of `day` as the naive UTC time interactions are stored in."""
    local = dt.datetime.combine(day, dt.time()).astimezone()
    return local.astimezone(dt.UTC).replace(tzinfo=None)


COL_WHAT = 3  # takes the width the others leave


class HistoryWindow(QWidget):
    open_client = Signal(int)
    DEFAULT_SIZE = (1040, 680)

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self._shown = 0
        self.reader = LatestReader(self)  # the entries: a newer filter supersedes an older one
        self.authors_reader = LatestReader(self)
        self._closed = False
        self.since = OptionalDateEdit()
        self.until = OptionalDateEdit()
        self.kind = QComboBox()
        self.kind.addItem("", None)
        for code in labels.interaction_kinds():
            self.kind.addItem("", code)
        self.author = QComboBox()
        self.text = QLineEdit()
        self.text.setClearButtonEnabled(True)
        self.tree = make_tree(["", "", "", "", ""], COL_WHAT)
        # Column widths from the first 100 rows, not every row: sizing 500 rows took ~130 ms of the GUI
        # thread per page at 100 000 clients (33 ms this way).
        self.tree.header().setResizeContentsPrecision(100)
        self.empty = hint_label("")
        self.count = QLabel()
        self.more_button = button("")
        self.from_label, self.to_label, self.author_label = QLabel(), QLabel(), QLabel()
        filters = QHBoxLayout()
        filters.addWidget(self.from_label)
        filters.addWidget(self.since)
        filters.addWidget(self.to_label)
        filters.addWidget(self.until)
        filters.addWidget(self.kind)
        filters.addWidget(self.author_label)
        filters.addWidget(self.author)
        filters.addWidget(self.text, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.count, 1)
        footer.addWidget(self.more_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addLayout(footer)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(250)
        self._typing.timeout.connect(self.refresh)
        self.text.textChanged.connect(lambda _t: self._typing.start())
        self.since.changed.connect(self.refresh)
        self.until.changed.connect(self.refresh)
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        self.author.currentIndexChanged.connect(lambda _i: self.refresh())
        self.more_button.clicked.connect(self.load_more)
        self.tree.itemActivated.connect(self._activated)
        self.retranslateUi()
        self._fill_authors()
        self.refresh()

    def retranslateUi(self) -> None:
        """Captions in the current language (again after the user switches language)."""
        self.setWindowTitle(self.tr("History — Clientbook"))
        self.kind.setItemText(0, self.tr("All kinds"))
        kinds = labels.interaction_kinds()
        for index in range(1, self.kind.count()):
            self.kind.setItemText(index, kinds.get(self.kind.itemData(index), ""))
        self.text.setPlaceholderText(self.tr("Search in the text or the client's name"))
        self.tree.setHeaderLabels([self.tr("When"), self.tr("Client"), self.tr("Kind"), self.tr("What"),
                                   self.tr("Author")])
        self.tree.setToolTip(self.tr("Double-click an entry to open its client"))
        self.empty.setText(self.tr("Nothing found for these filters."))
        self.more_button.setText(self.tr("Show more"))
        self.from_label.setText(self.tr("From"))
        self.to_label.setText(self.tr("to"))
        self.author_label.setText(self.tr("Author"))
        if self.author.count():
            self.author.setItemText(0, self.tr("anyone"))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "more_button"):
            self.retranslateUi()
            if not self.vault.closed:  # after a lock the window is only waiting to be thrown away
                self.refresh()

    def _fill_authors(self) -> None:
        """The author list is read on a worker too (a scan of every entry at 100 000 clients)."""
        vault = self.vault
        if self._closed:
            return
        if self.author.count() == 0:
            self.author.addItem(self.tr("anyone"), None)
        self.authors_reader.run(lambda _cancel: read_authors(vault), self._authors_arrived, self._failed)

    def _authors_arrived(self, names: list[str]) -> None:
        current = self.author.currentData()
        self.author.blockSignals(True)
        self.author.clear()
        self.author.addItem(self.tr("anyone"), None)
        for name in names:
            self.author.addItem(name, name)
        self.author.setCurrentIndex(max(self.author.findData(current), 0))
        self.author.blockSignals(False)
        if self.author.currentData() != current:  # the chosen author is gone: show everyone's entries
            self.refresh()

    def current_filter(self) -> history.HistoryFilter:
        since, until = self.since.date(), self.until.date()
        kind = self.kind.currentData()
        return history.HistoryFilter(
            since=local_midnight_utc(since) if since else None,
            until=local_midnight_utc(until + dt.timedelta(days=1)) if until else None,
            kinds=[kind] if kind else None, author=self.author.currentData(),
            text=self.text.text().strip() or None)

    def refresh(self) -> None:
        """Re-run the query from the first page (filters changed or new entries were added)."""
        self.tree.clear()
        self._shown = 0
        self.load_more()

    def reload_authors(self) -> None:
        self._fill_authors()
        self.refresh()

    def load_more(self) -> None:
        """Read the next page on a worker; the rows are added when it answers (a newer request wins)."""
        if self._closed:  # a filter widget's late signal as the window closes: the vault may be going
            return
        vault, flt, offset, lang = self.vault, self.current_filter(), self._shown, labels.language()
        self.more_button.setEnabled(False)
        self.empty.setVisible(False)
        self.count.setText(self.tr("Loading…"))
        self.reader.run(lambda _cancel: read_page(vault, flt, offset, lang), self._page_arrived, self._failed)

    @property
    def is_loaded(self) -> bool:
        """The newest page and the author list are shown (what tests and benchmarks/bench_window.py wait for)."""
        return self.reader.loaded and self.authors_reader.loaded

    def _page_arrived(self, entries: list[Entry]) -> None:
        kinds = labels.interaction_kinds()
        items = []
        for entry in entries:
            item = QTreeWidgetItem([entry.when, entry.name, kinds.get(entry.kind, entry.kind), entry.what, entry.author])
            item.setData(0, Qt.ItemDataRole.UserRole, entry.client_id)
            item.setToolTip(COL_WHAT, entry.what)  # the column takes the rest of the width; a long text is cut
            items.append(item)
        self.tree.addTopLevelItems(items)
        self._shown += len(items)
        self.more_button.setEnabled(True)
        self.more_button.setVisible(len(items) == PAGE)
        self.empty.setVisible(self._shown == 0)
        self.count.setText(self.tr("Entries shown: %1").replace("%1", str(self._shown)))

    def _failed(self, exc: Any) -> None:
        self.more_button.setEnabled(True)
        self.count.setText(error_text(exc, self.tr("The history could not be read: %1").replace(
            "%1", type(exc).__name__), what="history"))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        """Drop pages still being read and wait for the workers: the main window closes its tool windows
        before it locks, and the vault must not close under a running query."""
        self._closed = True
        self._typing.stop()
        self.reader.stop()
        self.authors_reader.stop()
        super().closeEvent(event)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        client_id = item.data(0, Qt.ItemDataRole.UserRole)
        if client_id is not None:
            self.open_client.emit(int(client_id))
