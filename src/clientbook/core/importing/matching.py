"""Finding the existing client an imported row belongs to: by phone, e-mail, ИНН, client code,
optionally by name + city; rows earlier in the same file count as existing too."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, text

from clientbook.core.importing.records import Record
from clientbook.core.messages import Message
from clientbook.core.textnorm import fold

CODE_FIELD_KEY = "client_code"


@dataclass
class Match:
    client_id: int
    why: Message
    in_file: bool


@dataclass
class KeyIndex:
    phones: dict[str, int] = field(default_factory=dict)
    emails: dict[str, int] = field(default_factory=dict)
    inns: dict[str, int] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)
    names: dict[str, int] = field(default_factory=dict)  # folded "name|city" (or name alone)
    created: set[int] = field(default_factory=set)  # ids made by this import

    @classmethod
    def load(cls, conn: Connection, *, names: bool = False, name_only: bool = False) -> KeyIndex:
        index = cls()
        for e164, cid in conn.execute(text("SELECT e164, client_id FROM phones WHERE e164 IS NOT NULL")):
            index.phones.setdefault(e164, cid)
        for address, cid in conn.execute(text("SELECT address, client_id FROM emails WHERE valid = 1")):
            index.emails.setdefault(address, cid)
        for inn, cid in conn.execute(text("SELECT inn, id FROM clients WHERE inn IS NOT NULL")):
            index.inns.setdefault(inn, cid)
        for value, cid in conn.execute(text(
                "SELECT v.value_text, v.client_id FROM custom_values v JOIN custom_fields f ON f.id = v.field_id "
                "WHERE f.key = :key AND v.contact_id IS NULL"), {"key": CODE_FIELD_KEY}):
            if value:
                index.codes.setdefault(value, cid)
        if names or name_only:
            for sort_key, city, cid in conn.execute(text("SELECT sort_key, city, id FROM clients")):
                index.names.setdefault(_name_key(sort_key, None if name_only else city), cid)
        return index

    def find(self, rec: Record, *, names: bool = False, name_only: bool = False, codes: bool = False
             ) -> Match | None:
        """Client codes only link purchases to cards: two lists may both number clients 1, 2, 3…"""
        if codes and rec.code and rec.code in self.codes:
            return self._match(self.codes[rec.code], "match_code", rec.code)
        for phone, _kind in rec.phones:
            if phone.e164 and phone.e164 in self.phones:
                return self._match(self.phones[phone.e164], "match_phone", phone.e164)
        for address, valid in rec.emails:
            if valid and address in self.emails:
                return self._match(self.emails[address], "match_email", address)
        inn = rec.fields.get("inn")
        if inn and inn in self.inns:
            return self._match(self.inns[inn], "match_inn", inn)
        if (names or name_only) and rec.fields.get("sort_key"):
            key = _name_key(rec.fields["sort_key"], None if name_only else rec.fields.get("city"))
            if key in self.names:
                code = "match_name" if name_only else "match_name_city"
                return self._match(self.names[key], code, rec.name)
        return None

    def _match(self, client_id: int, code: str, value: str) -> Match:
        return Match(client_id, Message(code, {"value": value}), client_id in self.created)

    def add(self, client_id: int, rec: Record, *, names: bool = False, name_only: bool = False) -> None:
        if rec.code:
            self.codes.setdefault(rec.code, client_id)
        for phone, _kind in rec.phones:
            if phone.e164:
                self.phones.setdefault(phone.e164, client_id)
        for address, valid in rec.emails:
            if valid:
                self.emails.setdefault(address, client_id)
        if rec.fields.get("inn"):
            self.inns.setdefault(rec.fields["inn"], client_id)
        if (names or name_only) and rec.fields.get("sort_key"):
            key = _name_key(rec.fields["sort_key"], None if name_only else rec.fields.get("city"))
            self.names.setdefault(key, client_id)


def _name_key(sort_key: str, city: str | None) -> str:
    return f"{sort_key}|{fold(city)}" if city is not None else sort_key
