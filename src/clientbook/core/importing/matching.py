"""Which card an imported row belongs to — the import's identity rules (SPEC §8, §10).

- A client code is the client's identity *inside the file*: every row with the same code fills one
  card (rows of an orders sheet, a list with a client on several lines). Against the base a code
  matches when the names agree too: two lists may both number their clients 1, 2, 3…
  (purchases and history rows link by code alone: their codes name the cards of the client list).
- An ИНН is identity in the file and in the base (two different ИНН are two legal entities).
- A phone or an e-mail merges only when the name agrees as well. Different names on a shared contact
  (a family phone, an office mailbox, a typo) are two cards; each such pair goes to the duplicates
  review (`review`), so nobody is merged, and nobody is lost, silently.
- Optionally (`names`) the same name + city is a match; purchases and history match by name alone.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, text

from clientbook.core.clients import display_name
from clientbook.core.collector import let_go
from clientbook.core.dedup import Profile, company_similarity, name_similarity, profile_from_values
from clientbook.core.importing.records import Record
from clientbook.core.messages import Message
from clientbook.core.textnorm import fold

CODE_FIELD_KEY = "client_code"
NAMES_AGREE = 85  # dedup's name/company similarity (0–100): "Иванов Иван" = "Иванов Иван Петрович"
MAX_REVIEW = 3  # cards sharing one contact paired with a new card (an office mailbox on 500 rows)

NameParts = tuple[str, str | None, str | None, str | None, str | None]  # kind, last, first, middle, company


@dataclass
class Match:
    client_id: int
    why: Message
    in_file: bool  # a card made earlier by this same import


@dataclass
class Found:
    """The card the row belongs to (or None), and other cards that share a contact with the row but
    are somebody else: pairs for the duplicates review."""

    match: Match | None = None
    review: list[tuple[int, Message]] = field(default_factory=list)


def name_parts(rec: Record) -> NameParts:
    f = rec.fields
    return (f.get("kind") or "person", f.get("last_name"), f.get("first_name"), f.get("middle_name"),
            f.get("company_name"))


@functools.lru_cache(maxsize=20_000)
def _profile(parts: NameParts) -> Profile:
    kind, last, first, middle, company = parts
    return profile_from_values(0, kind, "", last, first, middle, company, None, None, None, None, None, None,
                               None)


def names_agree(a: NameParts, b: NameParts) -> bool:
    """The same person or company by name, as dedup scores names; a side without any name agrees."""
    p, q = _profile(a), _profile(b)
    if not (p.has_person_name or p.company) or not (q.has_person_name or q.company):
        return True
    best = 0.0
    if p.has_person_name and q.has_person_name:
        best = name_similarity(p, q)
    if p.company and q.company:
        best = max(best, company_similarity(p, q))
    return best >= NAMES_AGREE


@dataclass
class KeyIndex:
    phones: dict[str, list[int]] = field(default_factory=dict)
    emails: dict[str, list[int]] = field(default_factory=dict)
    inns: dict[str, int] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)  # codes of cards in the base
    file_codes: dict[str, int] = field(default_factory=dict)  # codes seen in this file
    code_of: dict[int, str] = field(default_factory=dict)
    inn_of: dict[int, str] = field(default_factory=dict)
    people: dict[int, NameParts] = field(default_factory=dict)
    names: dict[str, int] = field(default_factory=dict)  # folded "name|city" (or name alone)
    created: set[int] = field(default_factory=set)  # ids made by this import
    lookups: Any = None  # key_lookups.Lookups: the base's keys are looked up per chunk, not loaded

    def release(self) -> None:
        """Let go of the keys a slice at a time (a card's phone, e-mail and name each, at 1,000,000)."""
        let_go(self.phones, self.emails, self.inns, self.codes, self.file_codes, self.code_of, self.inn_of,
               self.people, self.names, self.created)

    def prefetch(self, recs: list[Record]) -> None:
        """Before these rows are matched: the base's keys they carry (only an index of lookups)."""
        if self.lookups is not None:
            self.lookups.fetch(self, recs)

    @classmethod
    def load(cls, conn: Connection, *, names: bool = False, name_only: bool = False,
             check: Callable[[], None] | None = None) -> KeyIndex:
        """Every key of the base (10 s at 1,000,000 clients): `check()` is called between slices of
        LOAD_SLICE rows and may raise (a cancel: the wizard's check stopped by a lock waited for it)."""
        index = cls()
        for e164, cid in _sliced(conn.execute(text(
                "SELECT e164, client_id FROM phones WHERE e164 IS NOT NULL ORDER BY id")), check):
            index.add_key(index.phones, e164, cid)
        for address, cid in _sliced(conn.execute(text(
                "SELECT address, client_id FROM emails WHERE valid = 1 ORDER BY id")), check):
            index.add_key(index.emails, address, cid)
        for cid, kind, last, first, middle, company, inn, sort_key, city in _sliced(conn.execute(text(
                "SELECT id, kind, last_name, first_name, middle_name, company_name, inn, sort_key, city "
                "FROM clients ORDER BY id")), check):
            index.people[cid] = (kind, last, first, middle, company)
            if inn:
                index.inns.setdefault(inn, cid)
                index.inn_of[cid] = inn
            if names or name_only:
                index.names.setdefault(name_key(sort_key, None if name_only else city), cid)
        for value, cid in conn.execute(text(
                "SELECT v.value_text, v.client_id FROM custom_values v JOIN custom_fields f ON f.id = v.field_id "
                "WHERE f.key = :key AND v.contact_id IS NULL"), {"key": CODE_FIELD_KEY}):
            if value:
                index.codes.setdefault(value, cid)
                index.code_of.setdefault(cid, value)
        return index

    @staticmethod
    def add_key(keys: dict[str, list[int]], key: str, cid: int) -> None:
        ids = keys.get(key)
        if ids is None:
            keys[key] = [cid]
        elif cid not in ids and len(ids) < 50:
            ids.append(cid)

    def find(self, rec: Record, *, names: bool = False, name_only: bool = False, codes: bool = False) -> Found:
        """`codes`: a code found in the base links the row whatever the name (purchases, history)."""
        me = name_parts(rec)
        found = Found()
        if rec.code:
            if rec.code in self.file_codes:
                found.match = self._match(self.file_codes[rec.code], "match_code", rec.code)
                return found
            cid = self.codes.get(rec.code)
            if cid is not None:
                if codes or names_agree(me, self.people.get(cid, me)):
                    found.match = self._match(cid, "match_code", rec.code)
                    return found
                found.review.append((cid, Message("review_same_code", {"value": rec.code})))
        inn = rec.fields.get("inn")
        if inn and inn in self.inns:
            found.match = self._match(self.inns[inn], "match_inn", inn)
            return found
        contacts = [(p.e164, self.phones, "match_phone") for p, _kind in rec.phones if p.e164]
        contacts += [(a, self.emails, "match_email") for a, valid in rec.emails if valid]
        for value, keys, why in contacts:
            for cid in keys.get(value, ()):
                if any(cid == c for c, _ in found.review):
                    continue
                if not self._other_identity(cid, rec) and names_agree(me, self.people.get(cid, me)):
                    found.match = self._match(cid, why, value)
                    return found
                if len(found.review) < MAX_REVIEW:
                    found.review.append((cid, Message("review_" + why, {"value": value})))
        if (names or name_only) and rec.fields.get("sort_key"):
            key = name_key(rec.fields["sort_key"], None if name_only else rec.fields.get("city"))
            cid = self.names.get(key)
            if cid is not None and not self._other_identity(cid, rec):
                found.match = self._match(cid, "match_name" if name_only else "match_name_city", rec.name)
                found.review = [(c, why) for c, why in found.review if c != cid]
        return found

    def _other_identity(self, cid: int, rec: Record) -> bool:
        """The card has another client code or ИНН than the row: the file says they are two clients."""
        code, inn = self.code_of.get(cid), self.inn_of.get(cid)
        return bool((rec.code and code and code != rec.code)
                    or (rec.fields.get("inn") and inn and inn != rec.fields["inn"]))

    def display(self, client_id: int) -> str:
        kind, last, first, middle, company = self.people.get(client_id, ("person", None, None, None, None))
        return display_name(kind, last, first, middle, company)

    def _match(self, client_id: int, code: str, value: str) -> Match:
        return Match(client_id, Message(code, {"value": value}), client_id in self.created)

    def add(self, client_id: int, rec: Record, *, names: bool = False, name_only: bool = False) -> None:
        if rec.code:
            self.file_codes.setdefault(rec.code, client_id)
            self.code_of.setdefault(client_id, rec.code)
        for phone, _kind in rec.phones:
            if phone.e164:
                self.add_key(self.phones, phone.e164, client_id)
        for address, valid in rec.emails:
            if valid:
                self.add_key(self.emails, address, client_id)
        inn = rec.fields.get("inn")
        if inn:
            self.inns.setdefault(inn, client_id)
            self.inn_of.setdefault(client_id, inn)
        parts = name_parts(rec)
        if client_id not in self.people or not any(self.people[client_id][1:]):
            self.people[client_id] = parts
        if (names or name_only) and rec.fields.get("sort_key"):
            key = name_key(rec.fields["sort_key"], None if name_only else rec.fields.get("city"))
            self.names.setdefault(key, client_id)


LOAD_SLICE = 50_000


def _sliced(result: Any, check: Callable[[], None] | None) -> Iterator[Any]:
    """The rows of `result`, with `check()` before each slice of LOAD_SLICE (no cost per row)."""
    if check is None:
        yield from result
        return
    for part in result.partitions(LOAD_SLICE):
        check()
        yield from part


def name_key(sort_key: str, city: str | None) -> str:
    return f"{sort_key}|{fold(city)}" if city is not None else sort_key
