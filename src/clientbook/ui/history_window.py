"""The global History window (SPEC §4): every interaction across clients, filtered by period, kind,
author and text; double-clicking an entry opens its client.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
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
from clientbook.ui.card.history_tab import entry_text
from clientbook.ui.card.lazy_tab import hint_label, make_tree

PAGE = 500


def local_midnight_utc(day: dt.date) -> dt.datetime:
    """Local midnight of `day` as the naive UTC time interactions are stored in."""
    local = dt.datetime.combine(day, dt.time()).astimezone()
    return local.astimezone(dt.UTC).replace(tzinfo=None)


class HistoryWindow(QWidget):
    open_client = Signal(int)
    DEFAULT_SIZE = (1040, 680)

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self._shown = 0
        self.since = OptionalDateEdit()
        self.until = OptionalDateEdit()
        self.kind = QComboBox()
        self.kind.addItem("", None)
        for code in labels.interaction_kinds():
            self.kind.addItem("", code)
        self.author = QComboBox()
        self.text = QLineEdit()
        self.text.setClearButtonEnabled(True)
        self.tree = make_tree(["", "", "", "", ""], 3)
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
        current = self.author.currentData()
        self.author.blockSignals(True)
        self.author.clear()
        self.author.addItem(self.tr("anyone"), None)
        with self.vault.session() as session:
            for name in history.authors(session):
                self.author.addItem(name, name)
        self.author.setCurrentIndex(max(self.author.findData(current), 0))
        self.author.blockSignals(False)

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
        kinds = labels.interaction_kinds()
        with self.vault.session() as session:
            rows = history.global_history(session, self.current_filter(), limit=PAGE, offset=self._shown,
                                          viewer=self.vault.actor)
            items = []
            for interaction, name in rows:
                item = QTreeWidgetItem([labels.long_datetime(interaction.occurred_at), name,
                                        kinds.get(interaction.kind, interaction.kind),
                                        entry_text(interaction.subject, interaction.text), interaction.author or ""])
                item.setData(0, Qt.ItemDataRole.UserRole, interaction.client_id)
                items.append(item)
        self.tree.addTopLevelItems(items)
        self._shown += len(items)
        self.more_button.setVisible(len(items) == PAGE)
        self.empty.setVisible(self._shown == 0)
        self.count.setText(self.tr("Entries shown: %1").replace("%1", str(self._shown)))

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        client_id = item.data(0, Qt.ItemDataRole.UserRole)
        if client_id is not None:
            self.open_client.emit(int(client_id))
