"""Search as you type (SPEC §6) over an FTS5 index of clients and their contact persons.

One row per client in `client_fts` (rowid = client id) holds folded text (case-insensitive, ё = е)
of names, company, contact persons, e-mails, city, tags, and phone digit tokens: every suffix of
each number's digits, so "123-45", "+7916123" and "8 916 123" all find +7 916 123-45-67 with an
FTS prefix query instead of a table scan. The index is refreshed after every ORM flush that touches
a client, and by bulk paths through `reindex()`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, bindparam, event, text
from sqlalchemy.orm import Session, UOWTransaction

from clientbook.core import models as m
from clientbook.core import sensitive_marks
from clientbook.core.textnorm import digits, fold

MIN_PHONE_SUFFIX = 3
_PHONE_QUERY = re.compile(r"^[\d\s()+\-.]+$")
_FTS_SPECIAL = re.compile(r'["*^:(){}\[\]]')
RANK_LIMIT = 2000  # matches ranked by bm25 (a few ms); broader queries are paged from indexes
WEIGHTS = "10.0, 6.0, 4.0, 3.0, 3.0, 1.5, 2.0, 1.0"  # names, company, contacts, emails, phones, city, tags, other


def phone_tokens(e164: str | None, raw: str | None) -> set[str]:
    """Digit strings under which a phone is found: all suffixes of its E.164 and national forms."""
    tokens: set[str] = set()
    forms: list[str] = []
    if e164:
        forms.append(digits(e164))
        if e164.startswith("+7") and len(e164) == 12:
            # Russia and Kazakhstan: trunk prefix 8 + 10 digits. Skipping phonenumbers.parse here
            # halves the time of a bulk reindex (it was ~60 µs a phone, parsed twice).
            forms.append("8" + e164[2:])
        else:
            import phonenumbers  # ~0.1 s to import: only for the rare number outside +7 (`clientbook stats` needs none)

            try:
                parsed = phonenumbers.parse(e164, None)
                region = phonenumbers.region_code_for_number(parsed)
                prefix = (phonenumbers.ndd_prefix_for_region(region, True) if region else None) or ""
                forms.append(prefix + phonenumbers.national_significant_number(parsed))
            except phonenumbers.NumberParseException:
                pass
    elif raw:
        forms.append(digits(raw))
    for form in forms:
        tokens.update(form[i:] for i in range(max(1, len(form) - MIN_PHONE_SUFFIX + 1)))
        tokens.add(form)
    return {t for t in tokens if t}


def sorted_phone_tokens(e164: str | None, raw: str | None) -> list[str]:
    """`sorted(phone_tokens(e164, raw))`, with a shortcut for the usual +7 and 11 ASCII digits: its
    E.164 and trunk forms (7… and 8…) differ in the first digit only, so they share every shorter
    suffix (the set built per phone was a third of a bulk index row's cost)."""
    if e164 is not None and len(e164) == 12 and e164.startswith("+7") and e164.isascii() and e164[1:].isdigit():
        national = e164[2:]
        tokens = [national[i:] for i in range(11 - MIN_PHONE_SUFFIX)]  # 10 down to MIN_PHONE_SUFFIX digits
        tokens += ("7" + national, "8" + national)
        tokens.sort()
        return tokens
    return sorted(phone_tokens(e164, raw))


@functools.lru_cache(maxsize=50_000)
def _fold_cached(value: str) -> str:
    return fold(value)  # names, cities, tags repeat across a base: a bulk index folds each once


def _join(values: Iterable[str | None]) -> str:
    return " ".join(_fold_cached(v) for v in values if v)


def _join_tokens(tokens: list[str]) -> str:
    joined = " ".join(tokens)
    return joined if joined.isascii() else _join(tokens)  # digit strings: folding changes only non-ASCII digits


def reindex(conn: Connection, client_ids: Iterable[int]) -> None:
    """Rebuild the index rows of these clients from the tables (deleted clients are dropped)."""
    ids = sorted(set(client_ids))
    if not ids:
        return
    for start in range(0, len(ids), 500):
        _reindex_chunk(conn, ids[start:start + 500])


def document(client: Mapping[str, Any], contacts: Iterable[Mapping[str, Any]] = (), emails: Iterable[str] = (),
             phones: Iterable[tuple[str | None, str | None]] = (), tags: Iterable[str] = (), *,
             inn: bool = True) -> dict[str, str]:
    """A client's index row (`client_fts` columns) from its stored values: the one place that says
    which value is searched under which column (bulk builders call it with rows they hold).

    The index is one for all users, so nothing sensitive enters it: custom fields never do, and the
    ИНН only while the owner has not marked it sensitive (`inn=False`, see core.sensitive_marks)."""
    return {"names": _join((client["last_name"], client["first_name"], client["middle_name"])),
            "company": _join((client["company_name"],)),
            "contacts": _join(v for c in contacts for v in (c["last_name"], c["first_name"], c["middle_name"])),
            "emails": _join(emails),
            "phones": _join_tokens([t for e164, raw in phones for t in sorted_phone_tokens(e164, raw)]),
            "city": _join((client["city"], client["region"])),
            "tags": _join(tags),
            "other": _join((client["inn"] if inn else None, client["address"]))}


def _reindex_chunk(conn: Connection, ids: list[int]) -> None:
    expanding = {"ids": ids}
    clients = conn.execute(text(
        "SELECT id, last_name, first_name, middle_name, company_name, city, region, address, inn, notes "
        "FROM clients WHERE id IN :ids").bindparams(bindparam("ids", expanding=True)), expanding).all()
    parts: dict[int, tuple[list[Any], list[str], list[tuple[str | None, str | None]], list[str]]] = {
        c.id: ([], [], [], []) for c in clients}
    for row in conn.execute(text(
            "SELECT client_id, last_name, first_name, middle_name, role FROM contact_persons "
            "WHERE client_id IN :ids").bindparams(bindparam("ids", expanding=True)), expanding):
        parts[row.client_id][0].append(row._mapping)
    for row in conn.execute(text("SELECT client_id, address FROM emails WHERE client_id IN :ids")
                            .bindparams(bindparam("ids", expanding=True)), expanding):
        parts[row.client_id][1].append(row.address)
    for row in conn.execute(text("SELECT client_id, e164, raw FROM phones WHERE client_id IN :ids")
                            .bindparams(bindparam("ids", expanding=True)), expanding):
        parts[row.client_id][2].append((row.e164, row.raw))
    for row in conn.execute(text(
            "SELECT ct.client_id, t.name FROM client_tags ct JOIN tags t ON t.id = ct.tag_id "
            "WHERE ct.client_id IN :ids").bindparams(bindparam("ids", expanding=True)), expanding):
        parts[row.client_id][3].append(row.name)
    conn.execute(text("DELETE FROM client_fts WHERE rowid IN :ids").bindparams(bindparam("ids", expanding=True)),
                 expanding)
    with_inn = "inn" not in sensitive_marks.marked_builtins_of(conn)
    rows = [{"rowid": c.id, **document(dict(c._mapping), *parts[c.id], inn=with_inn)} for c in clients]
    if rows:
        conn.execute(text(
            "INSERT INTO client_fts(rowid, names, company, contacts, emails, phones, city, tags, other) "
            "VALUES (:rowid, :names, :company, :contacts, :emails, :phones, :city, :tags, :other)"), rows)


def rebuild_all(conn: Connection) -> int:
    """Reindex every client (after a restore, a migration, or a bulk load)."""
    conn.execute(text("DELETE FROM client_fts"))
    ids = [r[0] for r in conn.execute(text("SELECT id FROM clients"))]
    reindex(conn, ids)
    # One new segment from the live rows: no deleted row's token is left in client_fts_data (a value
    # that became sensitive must not stay readable in an old segment).
    conn.execute(text("INSERT INTO client_fts(client_fts) VALUES ('optimize')"))
    return len(ids)


def build_match(query: str) -> str | None:
    """Turn what the user typed into an FTS5 MATCH expression, or None if nothing to search."""
    query = query.strip()
    if not query:
        return None
    if _PHONE_QUERY.match(query) and len(digits(query)) >= 2 and any(c in query for c in " ()+-.") or (
            query.isdigit() and len(query) >= 2):
        return f'phones : "{digits(query)}"*'
    terms = []
    for word in fold(query).split(" "):
        word = _FTS_SPECIAL.sub(" ", word).strip()
        if word:
            terms.append(f'"{word}"*')
    return " AND ".join(terms) if terms else None


MATCH_FIELDS = ("names", "company", "contacts", "phones", "emails", "city", "tags", "other")


def matched_fields(session: Session | Connection, client_id: int, query: str) -> list[str]:
    """Which parts of a client's card the search text was found in ("contacts", "phones"…), so the
    list can say why a row is there when its visible columns do not show it. A few one-row FTS
    lookups; asked only for the row under the mouse."""
    match = build_match(query)
    if match is None:
        return []
    terms = [match] if match.startswith("phones :") else match.split(" AND ")
    found: list[str] = []
    for column in MATCH_FIELDS:
        for term in terms:
            if term.startswith("phones :") and column != "phones":
                continue
            expr = term if term.startswith(f"{column} :") else f"{column} : ({term})"
            hit = session.execute(text("SELECT 1 FROM client_fts WHERE client_fts MATCH :m AND rowid = :id"),
                                  {"m": expr, "id": client_id}).first()
            if hit is not None:
                found.append(column)
                break
    return found


def _not_archived(column: str) -> str:
    # The few archived ids, read from their index: no join to `clients` per match (~10 µs each).
    return f"AND +{column} NOT IN (SELECT a.id FROM clients a WHERE a.archived = 1)"


def search_ids(session: Session | Connection, query: str, *, limit: int = 200, offset: int = 0,
               include_archived: bool = False) -> list[int]:
    """Client ids matching `query`, best first.

    Up to RANK_LIMIT matches are ranked by bm25 (a name weighs most; ties in the order clients were
    added). Ranking costs time per match (0.3 s for the 28,000 clients "са" finds among 100,000),
    so a broader query gets its page from indexes instead: clients whose name starts with the text,
    alphabetically, then the other matches in the order they were added. Either order is stable
    from page to page.
    """
    match = build_match(query)
    if match is None:
        return []
    archived = "" if include_archived else _not_archived("rowid")
    matches = int(session.execute(text(
        f"SELECT count(*) FROM (SELECT 1 FROM client_fts WHERE client_fts MATCH :match {archived} LIMIT :cap)"),
        {"match": match, "cap": RANK_LIMIT + 1}).scalar() or 0)
    if matches == 0:
        return []
    if matches <= RANK_LIMIT:
        sql = text(f"SELECT rowid FROM client_fts WHERE client_fts MATCH :match {archived} "
                   f"ORDER BY bm25(client_fts, {WEIGHTS}), rowid LIMIT :limit OFFSET :offset")
        return [r[0] for r in session.execute(sql, {"match": match, "limit": limit, "offset": offset})]
    return _broad_page(session, query, match, limit, offset, include_archived)


def _broad_page(session: Session | Connection, query: str, match: str, limit: int, offset: int,
                include_archived: bool) -> list[int]:
    """A page of a broad match: names starting with the text (sort_key index), then the rest by id."""
    archived = "" if include_archived else _not_archived("rowid")
    bounds = {"lo": "", "hi": ""}
    named: list[int] = []
    if not match.startswith("phones :"):
        prefix = fold(query)
        bounds = {"lo": prefix, "hi": prefix + "\U0010ffff"}
        named = [r[0] for r in session.execute(text(
            f"SELECT id FROM clients WHERE sort_key >= :lo AND sort_key < :hi "
            f"AND +id IN (SELECT rowid FROM client_fts WHERE client_fts MATCH :match) "
            f"{_not_archived('id') if not include_archived else ''} ORDER BY sort_key, id LIMIT :n"),
            {**bounds, "match": match, "n": offset + limit})]
        if len(named) == offset + limit:
            return named[offset:]
    page = named[offset:]
    rest = session.execute(text(
        f"SELECT rowid FROM client_fts WHERE client_fts MATCH :match {archived} "
        f"AND +rowid NOT IN (SELECT id FROM clients WHERE sort_key >= :lo AND sort_key < :hi) "
        f"ORDER BY rowid LIMIT :limit OFFSET :offset"),
        {**bounds, "match": match, "limit": limit - len(page), "offset": max(0, offset - len(named))})
    return page + [r[0] for r in rest]


def count(session: Session | Connection, query: str, *, include_archived: bool = False) -> int:
    """How many clients match (no ranking, no join: about a millisecond for 28,000 matches)."""
    match = build_match(query)
    if match is None:
        return 0
    archived = "" if include_archived else _not_archived("rowid")
    sql = text(f"SELECT count(*) FROM client_fts WHERE client_fts MATCH :match {archived}")
    return int(session.execute(sql, {"match": match}).scalar() or 0)


# ---- keeping the index in sync ------------------------------------------------------------------


def _touched_clients(session: Session) -> set[int]:
    ids: set[int] = set()
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, m.Client):
            ids.add(obj.id)
        elif isinstance(obj, m.ContactPerson | m.Phone | m.Email):
            ids.add(obj.client_id)
    return {i for i in ids if i is not None}


@event.listens_for(Session, "after_flush")
def _reindex_after_flush(session: Session, _flush: UOWTransaction) -> None:
    ids = _touched_clients(session)
    if ids:
        reindex(session.connection(), ids)
