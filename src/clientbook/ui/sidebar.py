"""The sidebar: all clients, archived, tags with counts, and saved/built-in segments.

Picking an entry emits the list filter; counts are re-read by `refresh()` after every change.
Segments appear only when the segments feature (clientbook.core.segments) is installed.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from clientbook.core import clients
from clientbook.core.vault import Vault
from clientbook.ui.client_list_model import Filter

log = logging.getLogger(__name__)
FILTER_ROLE = Qt.ItemDataRole.UserRole


class Sidebar(QTreeWidget):
    filter_chosen = Signal(object)  # Filter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault: Vault | None = None
        self.setHeaderHidden(True)
        self.setColumnCount(2)
        self.setRootIsDecorated(False)
        self.setIndentation(10)
        self.setMinimumWidth(200)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.itemSelectionChanged.connect(self._chosen)
        self._sections: dict[str, QTreeWidgetItem] = {}
        self._counts: dict[str, int] = {}

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh()
        super().changeEvent(event)

    def set_vault(self, vault: Vault | None) -> None:
        self.vault = vault
        self.refresh()

    def clear_all(self) -> None:
        self.vault = None
        self.blockSignals(True)
        self.clear()
        self.blockSignals(False)

    def refresh(self) -> None:
        """Re-read counts, keeping the chosen entry selected."""
        current = self.current_filter()
        self.blockSignals(True)
        self.clear()
        if self.vault is None or self.vault.closed:
            self.blockSignals(False)
            return
        with self.vault.session() as session:
            conn = session.connection()
            active, archived = conn.exec_driver_sql(
                "SELECT sum(archived = 0), sum(archived = 1) FROM clients").one()
            tags = clients.tag_counts(session)
            segments = _segments(session)
        self._counts = {"all": int(active or 0), "archived": int(archived or 0)}
        base = self._section(self.tr("Clients"))
        self._entry(base, self.tr("All clients"), int(active or 0), Filter())
        self._entry(base, self.tr("Archived"), int(archived or 0), Filter(kind="archived"))
        tag_section = self._section(self.tr("Tags"))
        if not tags:
            self._note(tag_section, self.tr("No tags yet"))
        for name, count in tags:
            self._entry(tag_section, name, count, Filter(kind="tag", tag=name))
        if segments is not None:
            seg_section = self._section(self.tr("Segments"))
            for seg in segments:
                self._entry(seg_section, seg.name, seg.count, Filter(kind="segment", segment=seg.definition,
                                                                   label=seg.name))
        self.expandAll()
        self.blockSignals(False)
        self.select_filter(current)

    @property
    def counts(self) -> dict[str, int]:
        return dict(self._counts)

    def current_filter(self) -> Filter:
        items = self.selectedItems()
        flt = items[0].data(0, FILTER_ROLE) if items else None
        return flt if isinstance(flt, Filter) else Filter()

    def select_filter(self, flt: Filter) -> None:
        self.blockSignals(True)
        for i in range(self.topLevelItemCount()):
            section = self.topLevelItem(i)
            for j in range(section.childCount()):
                item = section.child(j)
                if item.data(0, FILTER_ROLE) == flt:
                    self.setCurrentItem(item)
                    self.blockSignals(False)
                    return
        if self.topLevelItemCount() and self.topLevelItem(0).childCount():
            self.setCurrentItem(self.topLevelItem(0).child(0))
        self.blockSignals(False)

    def _section(self, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self, [title.upper(), ""])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = item.font(0)
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 0.85)
        item.setFont(0, font)
        return item

    def _entry(self, section: QTreeWidgetItem, title: str, count: int, flt: Filter) -> None:
        item = QTreeWidgetItem(section, [title, f"{count:,}".replace(",", "\u202f")])
        item.setData(0, FILTER_ROLE, flt)
        item.setToolTip(0, title)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def _note(self, section: QTreeWidgetItem, text: str) -> None:
        item = QTreeWidgetItem(section, [text, ""])
        item.setFlags(Qt.ItemFlag.NoItemFlags)

    def _chosen(self) -> None:
        self.filter_chosen.emit(self.current_filter())


def _segments(session: Any) -> list[Any] | None:
    try:
        from clientbook.core.segments import list_segments_with_counts
    except ImportError:
        return None
    try:
        return list(list_segments_with_counts(session))
    except Exception:  # a broken segment must not take the sidebar down with it
        log.exception("segment counts failed")
        return []
