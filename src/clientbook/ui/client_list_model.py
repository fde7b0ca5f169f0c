"""The client list as a lazy table model that stays smooth at 1,000,000 clients.

Which clients and in which order is `core.listing`'s business (the CLI's search asks the same);
this model holds what Qt needs. Only the ordered list of ids is held in full (an `array('q')`: 8 bytes per client, 8 MB at 1 M);
full rows are fetched in windows of `WINDOW` ids when the view asks for them and kept in a small
row cache keyed by window, as Anki's browser `DataModel` does. `rowCount` is the id count, so the
scroll bar is right at once and no row is loaded before it is shown.

The id query (filter + sort → ids, 0.1–0.9 s at 100,000 clients) and the first window of rows run
on a worker (`ui.workers.LatestReader`): a search, a filter or a sort change starts a read, a newer
one supersedes it (newest wins), and the rows on screen stay until the answer arrives. `is_loaded`
says whether the newest read has arrived and `loaded` is emitted when it does; until then a view
shows "Loading…". Later windows are read on the GUI thread when scrolled to (a few ms each).

Every query opens a short session and returns its connection at once, so locking the vault
(`clear()`, which waits for a running read, + `vault.close()`) leaves nothing checked out.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from clientbook.core import search
from clientbook.core.errors import KnownError
from clientbook.core.listing import MIN_PHONE_DIGITS as MIN_PHONE_DIGITS  # the status line names them
from clientbook.core.listing import SEARCH_LIMIT as SEARCH_LIMIT
from clientbook.core.listing import Filter as Filter  # the sidebar and main window build filters
from clientbook.core.listing import Listing, ListRow, Sort, SortKey, first_of_all, load_rows
from clientbook.core.listing import list_ids as listing_ids
from clientbook.core.messages import current_language
from clientbook.core.validation import format_phone
from clientbook.core.vault import Vault
from clientbook.ui.dates import short_date
from clientbook.ui.workers import LatestReader

ModelIndex = QModelIndex | QPersistentModelIndex

# ---- columns ------------------------------------------------------------------------------------
COL_NAME = 0
COL_PHONE = 1
COL_EMAIL = 2
COL_CITY = 3
COL_STATUS = 4
COL_TEMPERATURE = 5
COL_TAGS = 6
COL_NEXT_CONTACT = 7
COL_CREATED = 8
COL_UPDATED = 9
COLUMN_COUNT = 10

DEFAULT_HIDDEN = (COL_EMAIL, COL_CREATED, COL_UPDATED)  # the header's context menu shows them

# The core sort each sortable column stands for; the others (phone, e-mail, tags) are not sortable.
SORT_KEYS: dict[int, SortKey] = {
    COL_NAME: SortKey.NAME,
    COL_CITY: SortKey.CITY,
    COL_STATUS: SortKey.STATUS,
    COL_TEMPERATURE: SortKey.TEMPERATURE,
    COL_NEXT_CONTACT: SortKey.NEXT_CONTACT,
    COL_CREATED: SortKey.CREATED,
    COL_UPDATED: SortKey.UPDATED,
}
SORTABLE = frozenset(SORT_KEYS)

_SERVED_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.UserRole})

WINDOW = 100
REST_AFTER_MS = 200  # a partial list's other ids are read after its first paint, or this long after
CACHE_WINDOWS = 80  # at most 8,000 rows in memory, whatever the base size


@dataclass(frozen=True)
class FirstScreen:
    """All clients' ids in the list's order and the first window of rows, read on the unlock worker
    so that the list shows at once after unlocking instead of querying on the GUI thread (issue 11)."""

    sort: Sort
    listing: Listing
    rows: list[ListRow]
    total: int | None = None  # only the first window's ids are in `listing`, of `total` (read_first_window)


def read_first_screen(vault: Vault, sort: Sort, flt: Filter = Filter(),  # noqa: B008 - frozen
                      should_cancel: Callable[[], bool] | None = None) -> FirstScreen:
    """Runs on a worker: plain values in, plain values out."""
    with vault.session() as session:
        listing = listing_ids(session, flt, sort, should_cancel)
        rows = load_rows(session, listing.ids[:WINDOW]) if listing.ids else []
    return FirstScreen(sort, listing, rows)


def read_first_window(vault: Vault, sort: Sort) -> FirstScreen:
    """The unlock worker's read: the whole list's first window and its length only (core.listing.
    first_of_all); the model paints that and reads every id after (`ClientListModel.set_vault`)."""
    with vault.session() as session:
        ids, total = first_of_all(session, sort, WINDOW)
        rows = load_rows(session, ids) if ids else []
    return FirstScreen(sort, Listing(ids), rows, total=total)


def column_titles() -> list[str]:
    translate = QCoreApplication.translate
    return [
        translate("ClientList", "Name"),
        translate("ClientList", "Phone"),
        translate("ClientList", "E-mail"),
        translate("ClientList", "City"),
        translate("ClientList", "Status"),
        translate("ClientList", "Temperature"),
        translate("ClientList", "Tags"),
        translate("ClientList", "Next contact"),
        translate("ClientList", "Created"),
        translate("ClientList", "Updated"),
    ]


def status_labels() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        "lead": translate("ClientList", "Lead"),
        "active": translate("ClientList", "Active"),
        "former": translate("ClientList", "Former"),
        "problem": translate("ClientList", "Problem"),
    }


def temperature_labels() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        "cold": translate("ClientList", "Cold"),
        "warm": translate("ClientList", "Warm"),
        "hot": translate("ClientList", "Hot"),
    }


class ClientListModel(QAbstractTableModel):
    """The list's Qt face over `core.listing`: the ordered ids, a cache of row windows, roles."""

    loaded = Signal()  # the newest read (reload, filter, search, sort) has arrived

    def __init__(self, vault: Vault | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._vault = vault
        self._reader = LatestReader(self)
        self._loaded = False
        self._listing = Listing()
        self._ids: array[int] = self._listing.ids
        self._cache: OrderedDict[int, list[ListRow]] = OrderedDict()
        self._filter = Filter()
        self._sort = Sort()
        self._why_cache: dict[tuple[int, str], str] = {}
        self._partial = False  # only the first window's ids are known (after unlock, for a moment)
        self._rest_asked = False
        self.windows_loaded = 0  # for tests and diagnostics: how many row windows were fetched
        self.default_region = "RU"
        self.retranslate()

    def retranslate(self) -> None:
        """Re-read translated labels (after a language switch): data() must not rebuild them per cell."""
        self._status_labels = status_labels()
        self._temperature_labels = temperature_labels()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMN_COUNT - 1)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, COLUMN_COUNT - 1))

    # ---- state ---------------------------------------------------------------------------
    @property
    def vault(self) -> Vault | None:
        return self._vault

    @property
    def is_loaded(self) -> bool:
        """The rows shown are those of the current filter, search and sort (no read is running)."""
        return self._loaded

    @property
    def reading(self) -> bool:
        """A read runs on a worker (a superseded one included, until it has come back)."""
        return self._reader.busy

    @property
    def current_filter(self) -> Filter:
        return self._filter

    @property
    def truncated(self) -> bool:
        """The search found more than SEARCH_LIMIT: the status bar says to type more."""
        return self._listing.truncated

    @property
    def match_count(self) -> int:
        return self._listing.match_count

    @property
    def relevance_order(self) -> bool:
        """Rows in search relevance order: no column's sort arrow applies."""
        return self._listing.relevance_order

    @property
    def too_short(self) -> bool:
        """A phone search with fewer than MIN_PHONE_DIGITS digits waits for more."""
        return self._listing.too_short

    @property
    def error(self) -> KnownError | None:
        """Why the current filter shows nothing, if it failed."""
        return self._listing.error

    def first_screen_reader(self) -> Callable[[Vault], FirstScreen]:
        """On the GUI thread: what the unlock worker runs to read the first screen in this sort."""
        sort = self._sort
        return lambda vault: read_first_window(vault, sort)

    def set_vault(self, vault: Vault | None, first: FirstScreen | None = None) -> None:
        """Show `vault`'s clients: all of them from `first` when it was read in this sort, else read
        on a worker (the list shows "Loading…" until `loaded`)."""
        self._reader.stop()
        self._vault = vault
        self._filter = Filter()
        if vault is None or first is None or first.sort != self._sort:
            self.beginResetModel()  # nothing of another vault stays on screen while this one loads
            self._set_listing(Listing(), [])
            self.endResetModel()
            self.reload()
            return
        self.beginResetModel()
        if first.total is not None and first.total > len(first.listing.ids):
            # the first window now, the other rows blank until every id is read (a moment later)
            ids = array("q", first.listing.ids)
            ids.extend(array("q", bytes(8 * (first.total - len(ids)))))
            self._set_listing(Listing(ids), first.rows)
            self._partial = True
            self._loaded = False  # `finish` and `client_ids` wait for the rest
            self.endResetModel()
            # the other ids after the first paint (`painted`): read beside it, the query's Python
            # half held the GIL the paint's model calls wait for; a timer in case no view paints
            QTimer.singleShot(REST_AFTER_MS, self._read_rest)
            return
        self._set_listing(first.listing, first.rows)
        self.endResetModel()
        self._loaded = True
        self.loaded.emit()

    def painted(self) -> None:
        """A view painted the rows: the rest of a partial list (set_vault) may be read now."""
        if self._partial and not self._rest_asked:
            QTimer.singleShot(0, self._read_rest)

    def _read_rest(self) -> None:
        if self._partial and not self._rest_asked:
            self._rest_asked = True
            self._read(reset=False)

    @property
    def shows_rows(self) -> bool:
        """The first window's rows are in the model (what a paint after unlock shows)."""
        return bool(self._ids) and bool(self._cache.get(0))

    def clear(self) -> None:
        """Forget every row and id: after a lock nothing of the base is left in the model. A read
        still running is dropped and waited for, so the vault can close right after."""
        self._reader.stop()
        self.beginResetModel()
        self._vault = None
        self._set_listing(Listing(), [])
        self._why_cache.clear()
        self.endResetModel()
        self._loaded = False

    def set_filter(self, flt: Filter) -> None:
        self._filter = flt
        self.reload()

    def set_search_text(self, text: str) -> None:
        if text != self._filter.text:
            self.set_filter(replace(self._filter, text=text))

    def reload(self) -> None:
        """Re-run the id query on a worker (after an edit, a filter or sort change); the rows on
        screen stay until its answer, a newer reload supersedes it."""
        self._read(reset=True)

    def finish(self, timeout: float = 30) -> None:
        """Wait for the running read and take its answer now: for an action that must act on what
        the current filter shows (export), not on the rows of the one before."""
        if self._loaded:
            return
        self._read_rest()  # a partial list's other ids, if their read has not been started yet
        self._reader.wait(timeout)
        # The answer is a queued call already posted to this thread: deliver it without waiting
        # for the event loop.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)

    def _read(self, *, reset: bool) -> None:
        vault, flt, sort = self._vault, self._filter, self._sort
        if vault is None or vault.closed:
            self._reader.stop()
            self.beginResetModel()
            self._set_listing(Listing(), [])
            self.endResetModel()
            self._loaded = True
            self.loaded.emit()
            return
        self._loaded = False
        self._reader.run(lambda should_cancel: read_first_screen(vault, sort, flt, should_cancel),
                         lambda first: self._arrived(first, reset), self._failed)

    def _arrived(self, first: FirstScreen, reset: bool) -> None:
        if reset:
            self.beginResetModel()
            self._set_listing(first.listing, first.rows)
            self.endResetModel()
        else:  # a new order of the same rows: the view keeps its columns and scroll position
            self.layoutAboutToBeChanged.emit()
            self._set_listing(first.listing, first.rows)
            self.layoutChanged.emit()
        self._loaded = True
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        """A read that could not run shows nothing: a known failure says why in the status line,
        anything else is a bug for the crash handler."""
        self.beginResetModel()
        self._set_listing(Listing(error=exc) if isinstance(exc, KnownError) else Listing(), [])
        self.endResetModel()
        self._loaded = True
        self.loaded.emit()
        if not isinstance(exc, KnownError):
            raise exc

    def _set_listing(self, listing: Listing, rows: list[ListRow]) -> None:
        self._partial = self._rest_asked = False
        self._cache.clear()
        self._listing, self._ids = listing, listing.ids
        if rows:
            self._cache[0] = rows

    def refresh_rows(self) -> None:
        """Drop cached rows but keep the order: a card was edited, its row is re-read when shown."""
        self._cache.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, COLUMN_COUNT - 1))

    def client_id(self, row: int) -> int | None:
        """None also for a row whose id is not read yet (0: the blank rows after the first window)."""
        if not 0 <= row < len(self._ids):
            return None
        return int(self._ids[row]) or None

    def client_ids(self, rows: Sequence[int]) -> list[int]:
        """The ids of `rows`; while only the first window is read, every id is waited for first."""
        if self._partial:
            self.finish()
        return [int(self._ids[r]) for r in rows if 0 <= r < len(self._ids) and self._ids[r]]

    def row_of(self, client_id: int) -> int | None:
        if not client_id:
            return None
        try:
            return self._ids.index(client_id)
        except ValueError:
            return None

    def cached_rows(self) -> int:
        return sum(len(rows) for rows in self._cache.values())

    # ---- Qt model API --------------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            titles = column_titles()
            return titles[section] if 0 <= section < len(titles) else None
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole \
                and section == COL_NEXT_CONTACT:  # its title is short for the narrow column ("След. контакт")
            return self.tr("Next contact: the date set on the card or by a contact's next step")
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called about a thousand times per repaint, mostly for roles we do not serve: check first.
        if role not in _SERVED_ROLES or not index.isValid():
            return None
        row = self._row(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_NAME and self._filter.text.strip():
            return self._why_found(row)
        return self._display(row, index.column())

    def _why_found(self, row: ListRow) -> str:
        """The name and where the search text was found: "Найдено: контактное лицо, телефон"."""
        key = (row.id, self._filter.text)
        if key not in self._why_cache:
            words = {"names": self.tr("name"), "company": self.tr("company"), "contacts": self.tr("contact person"),
                     "phones": self.tr("phone"), "emails": self.tr("e-mail"), "city": self.tr("city or region"),
                     "tags": self.tr("tag"), "other": self.tr("INN or address")}
            fields: list[str] = []
            if self._vault is not None and not self._vault.closed:
                with self._vault.session() as session:
                    fields = search.matched_fields(session, row.id, self._filter.text)
            self._why_cache = {key: ", ".join(words[f] for f in fields)}  # one row at a time is hovered
        why = self._why_cache[key]
        return f"{row.name}\n" + self.tr("Found in: %1").replace("%1", why) if why else row.name

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column not in SORTABLE:
            return
        sort = Sort(SORT_KEYS[column], descending=order == Qt.SortOrder.DescendingOrder)
        if sort == self._sort and self._loaded:
            return
        self._sort = sort
        self._read(reset=False)

    # ---- display -------------------------------------------------------------------------
    def _display(self, row: ListRow, column: int) -> str:
        if column == COL_NAME:
            return row.name
        if column == COL_PHONE:
            e164, raw, ext = row.phone
            return _formatted_phone(e164, self.default_region, ext) if e164 else (raw or "")
        if column == COL_EMAIL:
            return row.email
        if column == COL_CITY:
            return row.city
        if column == COL_STATUS:
            return self._status_labels.get(row.status, row.status)
        if column == COL_TEMPERATURE:
            return self._temperature_labels.get(row.temperature or "", "")
        if column == COL_TAGS:
            return row.tags
        if column == COL_NEXT_CONTACT:
            return self._date_text(row.next_contact)
        if column == COL_CREATED:
            return self._date_text(row.created)
        if column == COL_UPDATED:
            return self._date_text(row.updated)
        return ""

    @staticmethod
    def _date_text(value: dt.date | None) -> str:
        """The short form ("16 Dec", "16 дек. 2025"), as in Today: "16 December 2026" did not fit the
        130 px column and pushed the list into a horizontal scrollbar."""
        return short_date(value, lang=current_language())

    # ---- row windows ---------------------------------------------------------------------
    def _row(self, row: int) -> ListRow | None:
        if not 0 <= row < len(self._ids):
            return None
        window = row // WINDOW
        rows = self._cache.get(window)
        if rows is None and self._partial:  # its ids are on their way: a blank row until then
            return None
        if rows is None:
            vault = self._vault
            if vault is None or vault.closed:
                return None
            with vault.session() as session:
                rows = load_rows(session, self._ids[window * WINDOW:(window + 1) * WINDOW])
            self.windows_loaded += 1
            self._cache[window] = rows
            while len(self._cache) > CACHE_WINDOWS:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(window)
        offset = row - window * WINDOW
        return rows[offset] if offset < len(rows) else None


@lru_cache(maxsize=4096)
def _formatted_phone(e164: str, region: str, extension: str | None) -> str:
    """Formatting costs ~0.1 ms a number (phonenumbers parses it again), so only shown rows pay it."""
    return format_phone(e164, region, extension)
