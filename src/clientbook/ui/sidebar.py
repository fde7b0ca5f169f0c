"""The sidebar: all clients, my clients (in a shared vault), archived, tags with counts, and
saved/built-in segments.

Picking an entry emits the list filter. Counts are read in core (clients.client_counts, tag_counts,
segments.refresh_counts) on workers where the newest request wins; `refresh()` after a change waits
for a short pause (a bulk edit or an import asks many times), and then only the segments that
change can move are counted again (see `_segments`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QHeaderView, QSplitter, QTreeWidget, QTreeWidgetItem, QWidget

from clientbook.core import clients, segments, team
from clientbook.core.vault import Vault
from clientbook.ui.client_list_model import Filter
from clientbook.ui.workers import LatestReader

log = logging.getLogger(__name__)
FILTER_ROLE = Qt.ItemDataRole.UserRole


MIN_WIDTH, MAX_WIDTH = 200, 340
REFRESH_DELAY_MS = 150  # requests closer together than this are one refresh


class Sidebar(QTreeWidget):
    filter_chosen = Signal(object)  # Filter
    segments_counted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault: Vault | None = None
        self.setHeaderHidden(True)
        self.setColumnCount(2)
        self.setRootIsDecorated(False)
        self.setIndentation(10)
        self.setMinimumWidth(MIN_WIDTH)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.itemSelectionChanged.connect(self._chosen)
        self._sections: dict[str, QTreeWidgetItem] = {}
        self._counts: dict[str, int] = {}
        self._segment_section: QTreeWidgetItem | None = None
        self._wanted_mine: Filter | None = None
        self._generation = 0
        self._base_reader = LatestReader(self)
        self._segment_reader = LatestReader(self)
        self._count_cache: Any = None  # segments.CountCache of the last segment counts, for this vault
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(REFRESH_DELAY_MS)
        self._pending.timeout.connect(self.refresh_now)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh()
        super().changeEvent(event)

    def set_vault(self, vault: Vault | None) -> None:
        self.vault = vault
        self._count_cache = None
        self.refresh_now()

    def clear_all(self) -> None:
        self._pending.stop()
        self._generation += 1
        self._base_reader.stop()  # a count still running lets go of the vault; its answer is dropped
        self._segment_reader.stop()
        self.vault = None
        self._count_cache = None
        self.blockSignals(True)
        self.clear()
        self.blockSignals(False)

    def refresh(self) -> None:
        """Re-read the counts after a change, once editing pauses (see REFRESH_DELAY_MS)."""
        self._pending.start()

    def refresh_now(self) -> None:
        """Re-read counts, keeping the chosen entry selected.

        The entries appear at once; their counts are read on two worker threads (base and tags, and
        segments) and filled in as each arrives (tags at 100,000 clients took half a second on a
        cold cache, segment counts as long again), so unlocking never waits for the sidebar.
        """
        self._pending.stop()
        current = self.current_filter()
        # "My clients" comes back with the counts: selected again then, if it was the chosen entry
        self._wanted_mine = current if current.responsible is not None else None
        self.blockSignals(True)
        self.clear()
        self._segment_section = None
        self._counts = {}
        self._generation += 1
        if self.vault is None or self.vault.closed:
            self.blockSignals(False)
            return
        base = self._section(self.tr("Clients"))
        self._all_entry = self._entry(base, self.tr("All clients"), None, Filter())
        self._base_section = base
        self._mine_entry: QTreeWidgetItem | None = None  # added when the counts say several people work here
        self._archived_entry = self._entry(base, self.tr("Archived"), None, Filter(kind="archived"))
        self._tag_section = self._section(self.tr("Tags"))
        self._note(self._tag_section, self.tr("Counting…"))
        self._segment_section = self._section(self.tr("Segments"))
        self._note(self._segment_section, self.tr("Counting…"))
        self.expandAll()
        self.blockSignals(False)
        self.select_filter(current)
        # two workers at once: the segment counts no longer wait for the tags' (on a second core
        # they arrive that much sooner; each answer fills its own section)
        self._run(self._base_reader, _base_counts, self._fill_counts)
        self._count_segments()

    def _run(self, reader: LatestReader, read: Any, fill: Any) -> None:
        """`read(session)` on a worker, then `fill(generation, result)` here; a newer request wins."""
        vault = self.vault
        assert vault is not None
        generation = self._generation

        # a newer request, or locking, interrupts the counts still running (seconds at 1 M clients)
        reader.read(vault, lambda session, _cancel: read(session), lambda result: fill(generation, result),
                    lambda exc: self._count_failed(generation, exc))

    def _count_failed(self, generation: int, exc: object) -> None:
        if generation == self._generation:
            log.error("sidebar counts failed: %s", type(exc).__name__)
            self._fill_segments(generation, [])

    def _fill_counts(self, generation: int, result: BaseCounts) -> None:
        if generation != self._generation or self.vault is None:
            return
        (active, archived), tags, mine = result
        self._counts = {"all": active, "archived": archived}
        current = self.current_filter()
        if self._wanted_mine is not None and current == Filter():
            current, self._wanted_mine = self._wanted_mine, None
        self.blockSignals(True)
        if mine is not None and self._mine_entry is None:
            name, count = mine
            self._counts["mine"] = count
            self._mine_entry = QTreeWidgetItem()
            self._base_section.insertChild(1, self._mine_entry)
            self._mine_entry.setText(0, self.tr("My clients"))
            self._mine_entry.setToolTip(0, self.tr("Clients you are responsible for"))
            self._mine_entry.setText(1, _number(count))
            self._mine_entry.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self._mine_entry.setData(0, FILTER_ROLE, Filter(responsible=name))
        self._all_entry.setText(1, _number(active))
        self._archived_entry.setText(1, _number(archived))
        self._tag_section.takeChildren()
        if not tags:
            self._note(self._tag_section, self.tr("No tags yet"))
        for name, count in tags:
            self._entry(self._tag_section, name, count, Filter(kind="tag", tag=name))
        self.blockSignals(False)
        self.select_filter(current)
        self._fit_width()

    def _count_segments(self) -> None:
        cache = self._count_cache
        self._run(self._segment_reader, lambda session: _segments(session, cache), self._counted)

    def _counted(self, generation: int, result: tuple[list[Any], Any]) -> None:
        lines, cache = result
        if generation == self._generation:
            self._count_cache = cache
        self._fill_segments(generation, lines)

    def wait_for_counts(self, timeout: float = 30.0) -> None:
        """Block until a running count has finished (its answer still arrives, queued)."""
        self._base_reader.wait(timeout)
        self._segment_reader.wait(timeout)

    def _fill_segments(self, generation: int, lines: list[Any]) -> None:
        section = self._segment_section
        if generation != self._generation or section is None or self.vault is None:
            return
        current = self.current_filter()
        self.blockSignals(True)
        section.takeChildren()
        for seg in lines:
            self._entry(section, seg.name, seg.count, Filter(kind="segment", segment=seg.definition, label=seg.name))
        if not lines:
            self._note(section, self.tr("No segments"))
        self.blockSignals(False)
        self.select_filter(current)
        self._fit_width()
        self.segments_counted.emit()

    @property
    def counts(self) -> dict[str, int]:
        return dict(self._counts)

    def current_filter(self) -> Filter:
        items = self.selectedItems()
        flt = items[0].data(0, FILTER_ROLE) if items else None
        return flt if isinstance(flt, Filter) else Filter()

    def select_filter(self, flt: Filter) -> None:
        self.blockSignals(True)
        entries = [item for item in self._entries() if item.data(0, FILTER_ROLE) == flt]
        if not entries:
            entries = list(self._entries())[:1]
        if entries:
            self.setCurrentItem(entries[0])
        self.blockSignals(False)

    def _entries(self) -> Iterator[QTreeWidgetItem]:
        for i in range(self.topLevelItemCount()):
            section = self.topLevelItem(i)
            for j in range(section.childCount() if section is not None else 0):
                item = section.child(j) if section is not None else None
                if item is not None and isinstance(item.data(0, FILTER_ROLE), Filter):
                    yield item

    def _section(self, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self, [title.upper(), ""])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = item.font(0)
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 0.85)
        item.setFont(0, font)
        return item

    def _entry(self, section: QTreeWidgetItem, title: str, count: int | None, flt: Filter) -> QTreeWidgetItem:
        item = QTreeWidgetItem(section, [title, "…" if count is None else _number(count)])
        item.setData(0, FILTER_ROLE, flt)
        item.setToolTip(0, title)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def _fit_width(self) -> None:
        """As wide as the longest entry and its count ("Дни рождения в этом месяце  12"), up to
        MAX_WIDTH; longer names (a long tag) are elided and keep their tooltip."""
        metrics = self.fontMetrics()
        widest, counts = 0, 0
        for s in range(self.topLevelItemCount()):
            section = self.topLevelItem(s)
            children = [section.child(i) for i in range(section.childCount())] if section is not None else []
            for item in filter(None, children):
                widest = max(widest, metrics.horizontalAdvance(item.text(0)))
                counts = max(counts, metrics.horizontalAdvance(item.text(1)))
        chrome = 2 * self.indentation() + self.frameWidth() * 2 + self.verticalScrollBar().sizeHint().width() + 24
        wanted = max(MIN_WIDTH, min(MAX_WIDTH, widest + counts + chrome))
        if wanted != self.minimumWidth():
            self.setMinimumWidth(wanted)
            splitter = self.parentWidget()
            if isinstance(splitter, QSplitter):
                # The segment counts arrive after the window is laid out: without this the splitter
                # kept the old width and the wider sidebar was drawn over the list.
                sizes = splitter.sizes()
                index = splitter.indexOf(self)
                if sizes[index] < wanted:
                    grow = wanted - sizes[index]
                    sizes[index] = wanted
                    others = [i for i in range(len(sizes)) if i != index]
                    if others:
                        sizes[others[-1]] = max(0, sizes[others[-1]] - grow)
                    splitter.setSizes(sizes)

    def _note(self, section: QTreeWidgetItem, text: str) -> None:
        item = QTreeWidgetItem(section, [text, ""])
        item.setFlags(Qt.ItemFlag.NoItemFlags)

    def _chosen(self) -> None:
        self.filter_chosen.emit(self.current_filter())


def _number(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


BaseCounts = tuple[tuple[int, int], list[tuple[str, int]], tuple[str, int] | None]


def _base_counts(session: Any) -> BaseCounts:
    """(clients not archived, archived), each tag's clients, and (my name, my clients) where several
    people work in the vault (one worker call)."""
    me = team.current_name(session)
    mine = (me, team.responsible_count(session, me)) if me and team.has_team(session) else None
    return clients.client_counts(session), clients.tag_counts(session), mine


def _segments(session: Any, cache: Any) -> tuple[list[Any], Any]:
    """(segment lines with counts, the cache for the next refresh); nothing when counting failed.

    Only the segments a change since `cache` can move are counted again (segments.refresh_counts
    reads what changed from the audit log)."""
    try:
        lines, fresh = segments.refresh_counts(session, cache)
        return list(lines), fresh
    except Exception:  # a broken segment must not take the sidebar down with it
        log.exception("segment counts failed")
        return [], None
