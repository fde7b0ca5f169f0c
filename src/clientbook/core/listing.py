"""The client list's engine: which clients a view shows, in which order, and one window of their rows.

The desktop list and `clientbook search` both ask `list_ids`, so "search as the search box does"
is one rule in one place: the same filter, the same search-box limits (`SEARCH_LIMIT`,
`MIN_PHONE_DIGITS`), the same order. Only the ordered ids are computed in full (an `array('q')`,
8 bytes a client); the rows a view shows are read a window at a time by `load_rows`.

Queries go through the DBAPI cursor where they touch every client: SQLAlchemy's Row wrapping costs
more than the query itself on 100,000 ids.
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from clientbook.core import search, segments
from clientbook.core.errors import KnownError
from clientbook.core.textnorm import digits, fold

SEARCH_LIMIT = 2000  # as-you-type results; a front end says when there are more
MIN_PHONE_DIGITS = 3
PHONE_TEXT = re.compile(r"^[\d\s()+\-.]+$")  # what the user typed looks like (part of) a phone number

FilterKind = Literal["all", "archived", "tag", "segment", "ids", "everything"]


class SortKey(StrEnum):
    NAME = "name"
    CITY = "city"
    STATUS = "status"
    TEMPERATURE = "temperature"
    NEXT_CONTACT = "next_contact"
    CREATED = "created"
    UPDATED = "updated"


# ORDER BY per sort key; `id` last keeps the order total and stable. Parts ending in IS NULL keep
# empty values at the bottom in both directions.
_TEMPERATURE_ORDER = "CASE c.temperature WHEN 'hot' THEN 0 WHEN 'warm' THEN 1 WHEN 'cold' THEN 2 ELSE 3 END"
_STATUS_ORDER = ("CASE c.status WHEN 'lead' THEN 0 WHEN 'active' THEN 1 WHEN 'former' THEN 2 "
                 "WHEN 'problem' THEN 3 ELSE 4 END")
_ORDER_SQL: dict[SortKey, tuple[str, ...]] = {
    SortKey.NAME: ("c.sort_key",),
    SortKey.CITY: ("c.city IS NULL", "c.city"),
    SortKey.STATUS: (_STATUS_ORDER,),
    SortKey.TEMPERATURE: (_TEMPERATURE_ORDER,),
    SortKey.NEXT_CONTACT: ("c.next_contact_date IS NULL", "c.next_contact_date"),
    SortKey.CREATED: ("c.created_at",),
    SortKey.UPDATED: ("c.updated_at",),
}


@dataclass(frozen=True)
class Sort:
    key: SortKey = SortKey.NAME
    descending: bool = False

    def order_sql(self) -> str:
        direction = "DESC" if self.descending else "ASC"
        parts = [f"{p} {'ASC' if p.endswith('IS NULL') else direction}" for p in _ORDER_SQL[self.key]]
        return ", ".join([*parts, f"c.id {direction}"])


@dataclass(frozen=True)
class Filter:
    """What a list shows: a base set narrowed by a search text.

    kind: all (not archived), archived (only those), tag, segment, ids (a list handed over by
    another view, e.g. a dashboard bar), everything (archived too: `clientbook search --archived`).
    responsible: only the clients this user looks after ("My clients", `search --responsible`).
    """

    kind: FilterKind = "all"
    tag: str | None = None
    ids: tuple[int, ...] = ()
    segment: Any = field(default=None, hash=False)  # a segment definition, as core.segments takes it
    label: str = ""  # the segment's name, for a window title
    text: str = ""
    responsible: str | None = None


@dataclass(frozen=True)
class Listing:
    """The ordered ids of a filter, and what a front end says about them."""

    ids: array[int] = field(default_factory=lambda: array("q"))
    relevance_order: bool = False  # search results best first: no column's order applies
    truncated: bool = False  # the search found more than SEARCH_LIMIT
    match_count: int = 0  # clients the search shows (at most SEARCH_LIMIT)
    too_short: bool = False  # a phone search with fewer than MIN_PHONE_DIGITS digits waits
    error: KnownError | None = None  # why the filter shows nothing, if it could not run


@dataclass(frozen=True)
class ListRow:
    """One list line as stored; the front end formats phone and dates for display."""

    id: int
    name: str
    phone: tuple[str, str | None, str | None]  # e164, raw, extension
    email: str
    city: str
    status: str
    temperature: str | None
    tags: str
    next_contact: dt.date | None
    created: dt.datetime | None
    updated: dt.datetime | None


class Cancelled(Exception):  # noqa: N818 - reads as what happened
    """A newer request replaced this one: its answer would be dropped anyway."""


def phone_too_short(text: str) -> bool:
    """"+7" or "9" would match every phone's suffix tokens (0.3 s on 1,000,000 clients for nothing
    useful): the search waits for the MIN_PHONE_DIGITS-th digit."""
    text = text.strip()
    return bool(text) and bool(PHONE_TEXT.match(text)) and len(digits(text)) < MIN_PHONE_DIGITS


def list_ids(session: Session, flt: Filter, sort: Sort = Sort(),  # noqa: B008 - frozen, shared safely
             should_cancel: Callable[[], bool] | None = None) -> Listing:
    """The ids `flt` shows in `sort` order; a filter that cannot run (a broken segment) shows
    nothing and says why. Search results keep their relevance order unless sorted by a column."""
    try:
        return _Query(session, flt, sort, should_cancel or (lambda: False)).run()
    except KnownError as exc:
        return Listing(error=exc)


class _Query:
    def __init__(self, session: Session, flt: Filter, sort: Sort, should_cancel: Callable[[], bool]) -> None:
        self.session, self.flt, self.sort, self.should_cancel = session, flt, sort, should_cancel
        self.conn: Connection = session.connection()
        self.raw: Any = self.conn.connection.driver_connection
        self.sort_keys: dict[int, str] = {}  # from a broad search, so sorting by name needs no query
        self.truncated = self.too_short = False
        self.match_count = 0

    def _check(self) -> None:
        if self.should_cancel():
            raise Cancelled()

    def _listing(self, ids: Sequence[int] | array[int], relevance: bool = False) -> Listing:
        return Listing(ids if isinstance(ids, array) else array("q", ids), relevance_order=relevance,
                       truncated=self.truncated, match_count=self.match_count, too_short=self.too_short)

    def _base_where(self) -> tuple[str, dict[str, Any]]:
        flt = self.flt
        params: dict[str, Any] = {}
        if flt.kind == "archived":
            return "c.archived = 1", params
        where = "1 = 1" if flt.kind == "everything" else "c.archived = 0"
        if flt.kind == "tag" and flt.tag:
            params["tag_key"] = fold(flt.tag)
            where += (" AND c.id IN (SELECT ct.client_id FROM client_tags ct JOIN tags t ON t.id = ct.tag_id "
                      "WHERE t.key = :tag_key)")
        return where, params

    def _responsible_ids(self) -> set[int] | None:
        """The ids of the filter's responsible user's clients (None: no such filter), from the
        (responsible) index alone. Kept out of the SQL on purpose: `responsible = ?` there made SQLite
        walk that index and sort its 30,000 rows by name, reading each from the wide table (0.42 s
        CPU at 100,000 clients, where the name-ordered scan below filtered in Python takes 0.07 s)."""
        if self.flt.responsible is None:
            return None
        return {r[0] for r in self.raw.execute("SELECT id FROM clients WHERE responsible = ?",
                                               (self.flt.responsible,))}

    def run(self) -> Listing:
        flt, sort = self.flt, self.sort
        where, params = self._base_where()
        mine = self._responsible_ids()
        restrict: list[int] | None = None
        if flt.kind == "segment" and flt.segment is not None:
            restrict = list(segments.segment_client_ids(self.session, flt.segment))
        elif flt.kind == "ids":
            restrict = list(flt.ids)
        if restrict is not None and mine is not None:
            restrict = [i for i in restrict if i in mine]
        self._check()
        text = flt.text.strip()
        if text:
            found, ranked = self._search(text)
            allowed = set(restrict) if restrict is not None else mine
            if allowed is not None:
                found = [i for i in found if i in allowed]
            restrict = found
            if ranked and sort == Sort():
                return self._listing(self._keep_base(restrict, where, params), relevance=True)
        self._check()
        if restrict is not None:
            if text and flt.kind in ("all", "everything") and sort.key is SortKey.NAME:
                return self._listing(self._name_sorted(restrict))
            return self._listing(self._sorted_subset(restrict, where, params))
        if flt.kind == "all":
            # Order all ids by a covering index scan and drop the archived ones in Python: four
            # times faster than letting SQLite look up `archived` in each of 100,000 rows.
            archived = {r[0] for r in self.raw.execute("SELECT id FROM clients WHERE archived = 1")}
            rows = self.raw.execute(f"SELECT c.id FROM clients c ORDER BY {sort.order_sql()}").fetchall()
            if mine is not None:
                return self._listing(array("q", (r[0] for r in rows if r[0] in mine and r[0] not in archived)))
            return self._listing(array("q", (r[0] for r in rows if r[0] not in archived)))
        sql = f"SELECT c.id FROM clients c WHERE {where} ORDER BY {sort.order_sql()}"
        rows = self.raw.execute(sql, params).fetchall()
        return self._listing(array("q", (r[0] for r in rows if mine is None or r[0] in mine)))

    def _search(self, text: str) -> tuple[list[int], bool]:
        """Ids matching `text` and whether they are in relevance order.

        Ranking (bm25) and counting cost time in proportion to the number of matches: ~85 ms when
        "+7 9" matches all of 100,000 clients. So the first SEARCH_LIMIT + 1 matches are fetched
        unranked (about a millisecond); a narrow query is then ranked, a broad one is shown sorted
        by name and the front end says to type more.
        """
        include_archived = self.flt.kind in ("archived", "everything")
        if phone_too_short(text):
            self.too_short = True
            return [], True
        match = search.build_match(text)
        if match is None:
            return [], True
        archived = "" if include_archived else "AND c.archived = 0"
        sql = (f"SELECT f.rowid, c.sort_key FROM client_fts f JOIN clients c ON c.id = f.rowid "
               f"WHERE client_fts MATCH :match {archived} LIMIT :limit")
        rows = self.raw.execute(sql, {"match": match, "limit": SEARCH_LIMIT + 1}).fetchall()
        self.truncated = len(rows) > SEARCH_LIMIT
        self.match_count = min(len(rows), SEARCH_LIMIT)
        if self.truncated or PHONE_TEXT.match(text):
            # Relevance means nothing among phone matches (or among more than SEARCH_LIMIT matches):
            # they are shown by name, sorted from the keys just read, without a second query.
            self.sort_keys = {r[0]: r[1] or "" for r in rows[:SEARCH_LIMIT]}
            return list(self.sort_keys), False
        self._check()
        return search.search_ids(self.session, text, limit=SEARCH_LIMIT, include_archived=include_archived), True

    def _name_sorted(self, ids: list[int]) -> list[int]:
        """A few thousand ids sorted by name in Python: faster than a temporary table round trip."""
        keys: dict[int, str] = self.sort_keys if set(self.sort_keys) >= set(ids) else {}
        for start in range(0, len(ids) if not keys else 0, 900):
            chunk = ids[start:start + 900]
            marks = ",".join("?" * len(chunk))
            keys.update(self.raw.execute(f"SELECT id, sort_key FROM clients WHERE id IN ({marks})",
                                         tuple(chunk)).fetchall())
        return sorted((i for i in ids if i in keys), key=lambda i: (keys[i] or "", i), reverse=self.sort.descending)

    def _keep_base(self, ids: list[int], where: str, params: dict[str, Any]) -> list[int]:
        if not ids or self.flt.kind in ("all", "everything"):
            return ids  # search_ids already left out the archived (or was told to keep them)
        allowed = set(self._sorted_subset(ids, where, params))
        return [i for i in ids if i in allowed]

    def _sorted_subset(self, ids: list[int], where: str, params: dict[str, Any]) -> list[int]:
        if not ids:
            return []
        # Ordering a subset: one query over the subset through a temporary id table.
        conn = self.conn
        conn.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS _list_ids(id INTEGER PRIMARY KEY)")
        conn.exec_driver_sql("DELETE FROM _list_ids")
        conn.exec_driver_sql("INSERT OR IGNORE INTO _list_ids(id) VALUES (?)", [(i,) for i in ids])
        sql = (f"SELECT c.id FROM clients c JOIN _list_ids l ON l.id = c.id WHERE {where} "
               f"ORDER BY {self.sort.order_sql()}")
        result = [r[0] for r in conn.exec_driver_sql(sql, params).fetchall()]
        conn.exec_driver_sql("DELETE FROM _list_ids")
        return result


# One statement per window (primary phone, e-mail and tags as correlated subqueries): about a third
# of the time of four separate IN queries on an encrypted file.
_ROWS_SQL = (
    "SELECT c.id, c.display_name, c.city, c.status, c.temperature, c.next_contact_date, c.created_at, "
    "c.updated_at, p.e164, p.raw, p.extension, "
    "(SELECT e.address FROM emails e WHERE e.client_id = c.id AND e.contact_id IS NULL "
    " ORDER BY e.is_primary DESC, e.position, e.id LIMIT 1), "
    "(SELECT group_concat(name, ', ') FROM (SELECT t.name AS name FROM client_tags ct "
    " JOIN tags t ON t.id = ct.tag_id WHERE ct.client_id = c.id ORDER BY t.key)) "
    "FROM clients c LEFT JOIN phones p ON p.id = (SELECT p2.id FROM phones p2 WHERE p2.client_id = c.id "
    " AND p2.contact_id IS NULL ORDER BY p2.is_primary DESC, p2.position, p2.id LIMIT 1) "
    "WHERE c.id IN ({marks})")
WINDOW_MAX = 900  # SQLite's bound-parameter limit is far above; keeps one statement per window


def first_of_all(session: Session, sort: Sort, limit: int) -> tuple[array[int], int]:
    """The first `limit` ids of the whole list (Filter()) in `sort` order, and how many it holds.

    What the window paints at unlock: read from the first pages of the sort's index (a millisecond)
    and one count, where the whole id list scans that index (0.22 s of page decryption on a cold
    cache at 100,000 clients); the whole list is read right after, on a worker."""
    raw: Any = session.connection().connection.driver_connection
    archived = {r[0] for r in raw.execute("SELECT id FROM clients WHERE archived = 1")}
    ids = array("q")
    for (client_id,) in raw.execute(f"SELECT c.id FROM clients c ORDER BY {sort.order_sql()} LIMIT ?",
                                    (limit + len(archived),)):
        if client_id not in archived:
            ids.append(client_id)
            if len(ids) == limit:
                break
    total = int(raw.execute("SELECT count(*) FROM clients").fetchone()[0]) - len(archived)
    return ids, total


def load_rows(session: Session, ids: Sequence[int]) -> list[ListRow]:
    """The list lines of `ids`, in that order; a client deleted meanwhile keeps an empty line, so a
    view's row numbers stay right until it reloads."""
    rows: list[ListRow] = []
    for start in range(0, len(ids), WINDOW_MAX):
        chunk = [int(i) for i in ids[start:start + WINDOW_MAX]]
        sql = _ROWS_SQL.format(marks=",".join("?" * len(chunk)))
        base = {r[0]: r for r in session.connection().exec_driver_sql(sql, tuple(chunk)).fetchall()}
        for cid in chunk:
            rec = base.get(cid)
            if rec is None:
                rows.append(ListRow(cid, "", ("", None, None), "", "", "", None, "", None, None, None))
                continue
            rows.append(ListRow(cid, rec[1] or "", (rec[8] or "", rec[9], rec[10]), rec[11] or "", rec[2] or "",
                                rec[3] or "", rec[4], rec[12] or "", _as_date(rec[5]), _as_datetime(rec[6]),
                                _as_datetime(rec[7])))
    return rows


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _as_datetime(value: Any) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
