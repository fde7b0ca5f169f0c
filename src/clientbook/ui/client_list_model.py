"""The client list as a lazy table model that stays smooth at 1,000,000 clients.

Only the ordered list of ids is held in full (an `array('q')`: 8 bytes per client, 8 MB at 1 M);
full rows are fetched in windows of `WINDOW` ids when the view asks for them and kept in a small
row cache keyed by window, as Anki's browser `DataModel` does. `rowCount` is the id count, so the
scroll bar is right at once and no row is loaded before it is shown.

Every query opens a short session and returns its connection at once, so locking the vault
(`clear()` + `vault.close()`) leaves nothing checked out.
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from clientbook.core import search
from clientbook.core.errors import KnownError
from clientbook.core.textnorm import digits, fold
from clientbook.core.validation import format_date, format_phone
from clientbook.core.vault import Vault

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

# SQL ORDER BY per sortable column; `id` last keeps the order total and stable.
_TEMPERATURE_ORDER = "CASE c.temperature WHEN 'hot' THEN 0 WHEN 'warm' THEN 1 WHEN 'cold' THEN 2 ELSE 3 END"
_STATUS_ORDER = ("CASE c.status WHEN 'lead' THEN 0 WHEN 'active' THEN 1 WHEN 'former' THEN 2 "
                 "WHEN 'problem' THEN 3 ELSE 4 END")
SORT_SQL: dict[int, str] = {
    COL_NAME: "c.sort_key",
    COL_CITY: "c.city IS NULL, c.city",
    COL_STATUS: _STATUS_ORDER,
    COL_TEMPERATURE: _TEMPERATURE_ORDER,
    COL_NEXT_CONTACT: "c.next_contact_date IS NULL, c.next_contact_date",
    COL_CREATED: "c.created_at",
    COL_UPDATED: "c.updated_at",
}
SORTABLE = frozenset(SORT_SQL)

_SERVED_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.UserRole})

WINDOW = 100
CACHE_WINDOWS = 80  # at most 8,000 rows in memory, whatever the base size
SEARCH_LIMIT = 2000  # as-you-type results; the status bar says when there are more
MIN_PHONE_DIGITS = 3
PHONE_TEXT = re.compile(r"^[\d\s()+\-.]+$")  # what the user typed looks like (part of) a phone number


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


@dataclass(frozen=True)
class Filter:
    """What the list shows: a base set (all, archived, a tag, a segment) narrowed by a search text."""

    kind: str = "all"  # all | archived | tag | segment | ids
    tag: str | None = None
    ids: tuple[int, ...] = ()  # kind "ids": a list handed over by another view (a dashboard bar)
    segment: dict[str, Any] | None = field(default=None, hash=False)  # a segment definition
    label: str = ""  # the segment's name, for the window title
    text: str = ""


@dataclass
class Row:
    id: int
    name: str
    phone: tuple[str, str | None, str | None]  # e164, raw, extension: formatted when shown
    email: str
    city: str
    status: str
    temperature: str | None
    tags: str
    next_contact: dt.date | None
    created: dt.datetime | None
    updated: dt.datetime | None


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


class ClientListModel(QAbstractTableModel):
    def __init__(self, vault: Vault | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._vault = vault
        self._ids: array[int] = array("q")
        self._cache: OrderedDict[int, list[Row]] = OrderedDict()
        self._filter = Filter()
        self._sort_column = COL_NAME
        self._sort_order = Qt.SortOrder.AscendingOrder
        self.truncated = False  # the search found more than SEARCH_LIMIT
        self.match_count = 0  # clients the search shows (at most SEARCH_LIMIT)
        self.relevance_order = False  # rows in search relevance order: no column's sort arrow applies
        self._why_cache: dict[tuple[int, str], str] = {}
        self._sort_keys: dict[int, str] = {}  # from the last broad search, so sorting needs no query
        self.error: KnownError | None = None  # why the current filter shows nothing, if it failed
        self.too_short = False  # a phone search with fewer than MIN_PHONE_DIGITS digits waits
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
    def current_filter(self) -> Filter:
        return self._filter

    def set_vault(self, vault: Vault | None) -> None:
        self._vault = vault
        self.reload()

    def clear(self) -> None:
        """Forget every row and id: after a lock nothing of the base is left in the model."""
        self.beginResetModel()
        self._vault = None
        self._ids = array("q")
        self._cache.clear()
        self.truncated = False
        self.endResetModel()

    def set_filter(self, flt: Filter) -> None:
        self._filter = flt
        self.reload()

    def set_search_text(self, text: str) -> None:
        if text != self._filter.text:
            self.set_filter(replace(self._filter, text=text))

    def reload(self) -> None:
        """Re-run the id query (after an edit, a filter or sort change)."""
        ids = self._safe_query_ids()
        self.beginResetModel()
        self._cache.clear()
        self._ids = ids
        self.endResetModel()

    def _safe_query_ids(self) -> array[int]:
        """The ids to show; a filter that cannot run (a broken segment) shows nothing and says why."""
        self.error = None
        if self._vault is None or self._vault.closed:
            return array("q")
        try:
            return self._query_ids()
        except KnownError as exc:
            self.error = exc
            return array("q")

    def refresh_rows(self) -> None:
        """Drop cached rows but keep the order: a card was edited, its row is re-read when shown."""
        self._cache.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, COLUMN_COUNT - 1))

    def client_id(self, row: int) -> int | None:
        return int(self._ids[row]) if 0 <= row < len(self._ids) else None

    def client_ids(self, rows: Sequence[int]) -> list[int]:
        return [int(self._ids[r]) for r in rows if 0 <= r < len(self._ids)]

    def row_of(self, client_id: int) -> int | None:
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

    def _why_found(self, row: Row) -> str:
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
        self._sort_column, self._sort_order = column, order
        ids = self._safe_query_ids()
        self.layoutAboutToBeChanged.emit()
        self._cache.clear()
        self._ids = ids
        self.layoutChanged.emit()

    # ---- display -------------------------------------------------------------------------
    def _display(self, row: Row, column: int) -> str:
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
        if value is None:
            return ""
        from clientbook.core.messages import current_language

        return format_date(value.day, value.month, value.year, current_language())

    # ---- queries -------------------------------------------------------------------------
    def _order_sql(self) -> str:
        direction = "DESC" if self._sort_order == Qt.SortOrder.DescendingOrder else "ASC"
        # Empty values stay at the bottom in both directions.
        parts = [f"{p.strip()} {'ASC' if p.endswith('IS NULL') else direction}"
                 for p in SORT_SQL[self._sort_column].split(", ")]
        return ", ".join(parts + [f"c.id {direction}"])

    def _base_where(self) -> tuple[str, dict[str, Any]]:
        flt = self._filter
        params: dict[str, Any] = {}
        if flt.kind == "archived":
            return "c.archived = 1", params
        where = "c.archived = 0"
        if flt.kind == "tag" and flt.tag:
            params["tag_key"] = fold(flt.tag)
            where += (" AND c.id IN (SELECT ct.client_id FROM client_tags ct JOIN tags t ON t.id = ct.tag_id "
                      "WHERE t.key = :tag_key)")
        return where, params

    def _query_ids(self) -> array[int]:
        assert self._vault is not None
        flt = self._filter
        self._sort_keys = {}
        self.truncated = False
        self.relevance_order = False
        where, params = self._base_where()
        with self._vault.session() as session:
            conn = session.connection()
            restrict: list[int] | None = None
            if flt.kind == "segment" and flt.segment is not None:
                restrict = _segment_ids(session, flt.segment)
            elif flt.kind == "ids":
                restrict = list(flt.ids)
            if flt.text.strip():
                found, ranked = self._search(session, flt.text)
                if restrict is not None:
                    allowed = set(restrict)
                    found = [i for i in found if i in allowed]
                restrict = found
                if ranked and self._sort_column == COL_NAME and self._sort_order == Qt.SortOrder.AscendingOrder:
                    # Search results keep their relevance order unless the user sorted by a column.
                    self.relevance_order = True
                    return array("q", self._keep_base(conn, restrict, where, params))
            if restrict is not None:
                if flt.text.strip() and flt.kind == "all" and self._sort_column == COL_NAME:
                    return array("q", self._name_sorted(conn, restrict))
                return array("q", self._sorted_subset(conn, restrict, where, params))
            if flt.kind == "all":
                # Order all ids by a covering index scan and drop the archived ones in Python: four
                # times faster than letting SQLite look up `archived` in each of 100,000 rows.
                # The DBAPI cursor directly: SQLAlchemy's Row wrapping costs more than the query here.
                raw: Any = conn.connection.driver_connection
                archived = {r[0] for r in raw.execute("SELECT id FROM clients WHERE archived = 1")}
                rows = raw.execute(f"SELECT c.id FROM clients c ORDER BY {self._order_sql()}").fetchall()
                if not archived:
                    return array("q", (r[0] for r in rows))
                return array("q", (r[0] for r in rows if r[0] not in archived))
            sql = f"SELECT c.id FROM clients c WHERE {where} ORDER BY {self._order_sql()}"
            raw_conn: Any = conn.connection.driver_connection
            return array("q", (r[0] for r in raw_conn.execute(sql, params).fetchall()))

    def _search(self, session: Any, text: str) -> tuple[list[int], bool]:
        """Ids matching `text` and whether they are in relevance order.

        Ranking (bm25) and counting cost time in proportion to the number of matches: ~85 ms when
        "+7 9" matches all of 100,000 clients. So the first SEARCH_LIMIT + 1 matches are fetched
        unranked (about a millisecond); a narrow query is then ranked, a broad one is shown sorted
        by name and the status bar says to type more.
        """
        include_archived = self._filter.kind == "archived"
        self.too_short = False
        phone_like = bool(PHONE_TEXT.match(text.strip()))
        if phone_like and len(digits(text)) < MIN_PHONE_DIGITS:
            # "+7" or "9" would match every phone's suffix tokens: 0.3 s on 1,000,000 clients for
            # nothing useful. Wait for the third digit.
            self.too_short = True
            self.match_count, self.truncated = 0, False
            return [], True
        match = search.build_match(text)
        if match is None:
            self.match_count, self.truncated = 0, False
            return [], True
        archived = "" if include_archived else "AND c.archived = 0"
        sql = (f"SELECT f.rowid, c.sort_key FROM client_fts f JOIN clients c ON c.id = f.rowid "
               f"WHERE client_fts MATCH :match {archived} LIMIT :limit")
        raw = session.connection().connection.driver_connection
        rows = raw.execute(sql, {"match": match, "limit": SEARCH_LIMIT + 1}).fetchall()
        self.truncated = len(rows) > SEARCH_LIMIT
        self.match_count = min(len(rows), SEARCH_LIMIT)
        if self.truncated or phone_like:
            # Relevance means nothing among phone matches (or among more than SEARCH_LIMIT matches):
            # they are shown by name, sorted from the keys just read, without a second query.
            self._sort_keys = {r[0]: r[1] or "" for r in rows[:SEARCH_LIMIT]}
            return list(self._sort_keys), False
        return search.search_ids(session, text, limit=SEARCH_LIMIT, include_archived=include_archived), True

    def _name_sorted(self, conn: Any, ids: list[int]) -> list[int]:
        """A few thousand ids sorted by name in Python: faster than a temporary table round trip."""
        keys: dict[int, str] = self._sort_keys if set(self._sort_keys) >= set(ids) else {}
        for start in range(0, len(ids) if not keys else 0, 900):
            chunk = ids[start:start + 900]
            marks = ",".join("?" * len(chunk))
            keys.update(conn.exec_driver_sql(f"SELECT id, sort_key FROM clients WHERE id IN ({marks})",
                                             tuple(chunk)).fetchall())
        reverse = self._sort_order == Qt.SortOrder.DescendingOrder
        return sorted((i for i in ids if i in keys), key=lambda i: (keys[i] or "", i), reverse=reverse)

    def _keep_base(self, conn: Any, ids: list[int], where: str, params: dict[str, Any]) -> list[int]:
        if not ids:
            return []
        if self._filter.kind == "all":
            return ids  # search_ids already left out the archived
        allowed = set(self._sorted_subset(conn, ids, where, params))
        return [i for i in ids if i in allowed]

    def _sorted_subset(self, conn: Any, ids: list[int], where: str, params: dict[str, Any]) -> list[int]:
        result: list[int] = []
        if not ids:
            return result
        # Ordering a subset: one query over the subset through a temporary id table.
        conn.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS _list_ids(id INTEGER PRIMARY KEY)")
        conn.exec_driver_sql("DELETE FROM _list_ids")
        conn.exec_driver_sql("INSERT OR IGNORE INTO _list_ids(id) VALUES (?)", [(i,) for i in ids])
        sql = (f"SELECT c.id FROM clients c JOIN _list_ids l ON l.id = c.id WHERE {where} "
               f"ORDER BY {self._order_sql()}")
        result = [r[0] for r in conn.exec_driver_sql(sql, params).fetchall()]
        conn.exec_driver_sql("DELETE FROM _list_ids")
        return result

    def _row(self, row: int) -> Row | None:
        if not 0 <= row < len(self._ids):
            return None
        window = row // WINDOW
        rows = self._cache.get(window)
        if rows is None:
            if self._vault is None or self._vault.closed:
                return None
            rows = self._load_window(window)
            self._cache[window] = rows
            while len(self._cache) > CACHE_WINDOWS:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(window)
        offset = row - window * WINDOW
        return rows[offset] if offset < len(rows) else None

    def _load_window(self, window: int) -> list[Row]:
        assert self._vault is not None
        ids = [int(i) for i in self._ids[window * WINDOW:(window + 1) * WINDOW]]
        self.windows_loaded += 1
        marks = ",".join("?" * len(ids))
        # One statement per window (primary phone, e-mail and tags as correlated subqueries): about
        # a third of the time of four separate IN queries on an encrypted file.
        sql = (
            "SELECT c.id, c.display_name, c.city, c.status, c.temperature, c.next_contact_date, c.created_at, "
            "c.updated_at, p.e164, p.raw, p.extension, "
            "(SELECT e.address FROM emails e WHERE e.client_id = c.id AND e.contact_id IS NULL "
            " ORDER BY e.is_primary DESC, e.position, e.id LIMIT 1), "
            "(SELECT group_concat(name, ', ') FROM (SELECT t.name AS name FROM client_tags ct "
            " JOIN tags t ON t.id = ct.tag_id WHERE ct.client_id = c.id ORDER BY t.key)) "
            "FROM clients c LEFT JOIN phones p ON p.id = (SELECT p2.id FROM phones p2 WHERE p2.client_id = c.id "
            " AND p2.contact_id IS NULL ORDER BY p2.is_primary DESC, p2.position, p2.id LIMIT 1) "
            f"WHERE c.id IN ({marks})")
        with self._vault.session() as session:
            base = {r[0]: r for r in session.connection().exec_driver_sql(sql, tuple(ids)).fetchall()}
        rows: list[Row] = []
        for cid in ids:
            rec = base.get(cid)
            if rec is None:  # deleted meanwhile: keep the slot so row numbers stay right
                rows.append(Row(cid, "", ("", None, None), "", "", "", None, "", None, None, None))
                continue
            rows.append(Row(cid, rec[1] or "", (rec[8] or "", rec[9], rec[10]), rec[11] or "", rec[2] or "",
                            rec[3] or "", rec[4], rec[12] or "", _as_date(rec[5]), _as_datetime(rec[6]),
                            _as_datetime(rec[7])))
        return rows


@lru_cache(maxsize=4096)
def _formatted_phone(e164: str, region: str, extension: str | None) -> str:
    """Formatting costs ~0.1 ms a number (phonenumbers parses it again), so only shown rows pay it."""
    return format_phone(e164, region, extension)


def _as_datetime(value: Any) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _segment_ids(session: Any, definition: dict[str, Any]) -> list[int]:
    """Ids of a segment through the segments feature, when it is installed."""
    try:
        from clientbook.core import segments
    except ImportError:
        return []
    return list(segments.segment_client_ids(session, definition))
