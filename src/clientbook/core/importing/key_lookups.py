"""The base's keys for matching a file far smaller than the base: looked up by index, not all loaded.

`KeyIndex.load` reads every phone, e-mail, ИНН, code and name of the base: one scan, the right
choice when the file is about as big as the base. For 1,000 rows into 1,000,000 clients it was 8 s
of a 10 s import, for keys the file never asked for. `index_for` keeps that scan for big files and
otherwise gives a `KeyIndex` that, before each chunk of rows is matched, looks up only the keys those
rows carry (`KeyIndex.prefetch`), with the scan's order: ids in the order of their table, the first
card per ИНН, code and name, at most 50 cards per phone or e-mail. The rules in `matching` are the
same either way; a test imports the same files both ways and compares every outcome.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, bindparam, text

from clientbook.core.importing.matching import CODE_FIELD_KEY, KeyIndex, name_key
from clientbook.core.importing.records import Record

LOOK_UP_BELOW = 10  # the file has fewer than a tenth of the base's cards: look its keys up
IN_LIST = 500  # values per `IN (…)`


def index_for(conn: Connection, rows: int, *, names: bool = False, name_only: bool = False,
              check: Callable[[], None] | None = None) -> KeyIndex:
    """The index an import of `rows` file rows matches with. The cards' indexes are never dropped for
    such a file (bulk_indexes drops a table's only when it holds fewer rows than the file brings); a
    small table's may be (a base with no custom fields), and its lookups then scan that small table."""
    held = int(conn.execute(text("SELECT coalesce(max(id), 0) FROM clients")).scalar() or 0)
    if rows * LOOK_UP_BELOW >= held:
        return KeyIndex.load(conn, names=names, name_only=name_only, check=check)
    return KeyIndex(lookups=Lookups(conn, names=names or name_only, name_only=name_only))


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), IN_LIST):
        yield ordered[start:start + IN_LIST]


class Lookups:
    """What `KeyIndex.load` would have read, for the keys of the rows seen so far."""

    def __init__(self, conn: Connection, *, names: bool, name_only: bool) -> None:
        self.conn = conn
        self.names = names
        self.name_only = name_only
        self.seen: dict[str, set[str]] = {"codes": set(), "inns": set(), "phones": set(), "emails": set(),
                                          "sorts": set()}
        self.known: set[int] = set()  # cards whose name, ИНН and code are in the index

    def fetch(self, index: KeyIndex, recs: Iterable[Record]) -> None:
        wanted: dict[str, set[str]] = {kind: set() for kind in self.seen}
        for rec in recs:
            if rec.code:
                wanted["codes"].add(rec.code)
            if rec.fields.get("inn"):
                wanted["inns"].add(rec.fields["inn"])
            wanted["phones"].update(p.e164 for p, _kind in rec.phones if p.e164)
            wanted["emails"].update(a for a, valid in rec.emails if valid)
            if self.names and rec.fields.get("sort_key"):
                wanted["sorts"].add(rec.fields["sort_key"])
        for kind, values in wanted.items():
            values -= self.seen[kind]
            self.seen[kind] |= values
        cards: set[int] = set()
        for keys, values, sql in (
                (index.phones, wanted["phones"], "SELECT e164, client_id FROM phones WHERE e164 IN :v ORDER BY id"),
                (index.emails, wanted["emails"],
                 "SELECT address, client_id FROM emails WHERE valid = 1 AND address IN :v ORDER BY id")):
            for value, cid in self._rows(sql, values):
                index.add_key(keys, value, cid)
                cards.add(cid)
        for inn, cid in self._rows("SELECT inn, id FROM clients WHERE inn IN :v ORDER BY id", wanted["inns"]):
            index.inns.setdefault(inn, cid)
            cards.add(cid)
        for value, cid in self._rows(
                "SELECT v.value_text, v.client_id FROM custom_values v JOIN custom_fields f ON f.id = v.field_id "
                "WHERE f.key = :key AND v.contact_id IS NULL AND v.value_text IN :v ORDER BY v.id",
                wanted["codes"], key=CODE_FIELD_KEY):
            index.codes.setdefault(value, cid)
            cards.add(cid)
        for cid, sort_key, city in self._rows("SELECT id, sort_key, city FROM clients WHERE sort_key IN :v "
                                              "ORDER BY id", wanted["sorts"]):
            index.names.setdefault(name_key(sort_key, None if self.name_only else city), cid)
            cards.add(cid)
        self._cards(index, cards - self.known - index.created)

    def _cards(self, index: KeyIndex, cards: set[int]) -> None:
        """Name, ИНН and code of the cards the keys found (the rules compare them with the row)."""
        self.known |= cards
        ids = sorted(cards)
        for cid, kind, last, first, middle, company, inn in self._rows(
                "SELECT id, kind, last_name, first_name, middle_name, company_name, inn FROM clients "
                "WHERE id IN :v", ids):
            index.people.setdefault(cid, (kind, last, first, middle, company))
            if inn:
                index.inn_of.setdefault(cid, inn)
        for value, cid in self._rows(
                "SELECT v.value_text, v.client_id FROM custom_values v JOIN custom_fields f ON f.id = v.field_id "
                "WHERE f.key = :key AND v.contact_id IS NULL AND v.client_id IN :v ORDER BY v.id", ids,
                key=CODE_FIELD_KEY):
            if value:
                index.code_of.setdefault(cid, value)

    def _rows(self, sql: str, values: Iterable[Any], **params: Any) -> Iterator[Any]:
        query = text(sql).bindparams(bindparam("v", expanding=True))
        for chunk in _chunks(values):
            yield from self.conn.execute(query, {"v": chunk, **params})
