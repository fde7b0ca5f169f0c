"""Merging duplicate cards into one, and undoing a merge (SPEC §10: nothing is lost).

A merge is one transaction after a restore point. The survivor takes the value chosen per field;
everything attached to the other cards (phones, e-mails, tags, contact persons, history, purchases,
reminders, consents, custom values, "not duplicates" decisions) moves to it, identical rows only once.
Before anything changes, every row of every merged card is copied as the database holds it into
`Batch.undo_data`, so undo can put back the exact previous state: the removed cards with their ids
and every row with the card it belonged to. Rows are moved with SQL, not the ORM, so a card with
thousands of history entries merges in one statement per table; the audit entries are written here.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from clientbook.core import audit, search, sensitive
from clientbook.core import models as m
from clientbook.core.clients import display_name, finish_batch, start_batch
from clientbook.core.errors import KnownError, NotFound
from clientbook.core.messages import Message, register
from clientbook.core.restore_points import restore_point_before
from clientbook.core.rights import require
from clientbook.core.textnorm import fold

if TYPE_CHECKING:
    from clientbook.core.vault import Vault

log = logging.getLogger(__name__)

register({
    "merge_need_two": {"ru": "Для объединения выберите хотя бы две разные карточки.",
                       "en": "Choose at least two different cards to merge."},
    "merge_keep_invalid": {"ru": "Оставляемая карточка должна быть среди объединяемых.",
                           "en": "The card to keep must be one of the cards being merged."},
    "merge_choice_invalid": {"ru": "Для поля «{field}» выбрана карточка, которой нет среди объединяемых.",
                             "en": "The value for “{field}” is taken from a card that is not being merged."},
    "merge_undo_not_possible": {"ru": "Пакет {batch} нельзя отменить: это не объединение, или оно уже отменено.",
                                "en": "Batch {batch} cannot be undone: it is not a merge, or it was undone already."},
    "merge_undo_conflict": {
        "ru": "Объединение {batch} нельзя отменить: карточки изменились после него (номер {id} занят или удалён).",
        "en": "Merge {batch} cannot be undone: the cards changed after it (id {id} is taken or deleted)."},
    "merge_label": {"ru": "Объединение {count} карточек в «{name}»", "en": "Merge of {count} cards into “{name}”"},
})

# Per-field choice in the merge dialog. "birthday" covers day, month and year together.
MERGE_FIELDS: tuple[str, ...] = (
    "kind", "last_name", "first_name", "middle_name", "company_name", "inn", "position", "address", "city",
    "region", "country", "birthday", "gender", "family_status", "family_note", "interests", "source",
    "status", "temperature", "behaviour", "debtor", "notes", "next_contact_date",
)
JOINABLE_FIELDS = ("notes", "family_note", "interests")  # "all": the distinct texts joined, nothing dropped
ALL = "all"
_BIRTHDAY = ("birth_day", "birth_month", "birth_year")

# Tables whose rows belong to a client through `client_id`; parents before children (contact persons
# before their phones) so undo can insert in this order.
OWNED_TABLES: tuple[str, ...] = ("contact_persons", "phones", "emails", "interactions", "purchases",
                                 "reminders", "consents", "custom_values")
LINK_TABLES = ("client_tags", "not_duplicates")


@dataclass
class MergeResult:
    batch_id: int
    survivor_id: int
    removed_ids: list[int]
    moved: dict[str, int] = field(default_factory=dict)
    deduplicated: dict[str, int] = field(default_factory=dict)


@dataclass
class FieldOptions:
    """One row of the side-by-side merge view: each card's value and the default pick."""

    name: str
    values: dict[int, Any]
    default: int | str

    @property
    def differs(self) -> bool:
        filled = {_key(v) for v in self.values.values() if not _empty(v)}
        return len(filled) > 1


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == (None, None, None)


def _key(value: Any) -> Any:
    return fold(value) if isinstance(value, str) else value


def _rows(conn: Connection, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Rows as dicts a JSON column can hold: a sealed blob (a sensitive value, a private note) as
    {"$bytes": base64}, turned back by `_stored`."""
    return [{k: {"$bytes": base64.b64encode(v).decode("ascii")} if isinstance(v, bytes) else v
             for k, v in r.items()} for r in conn.execute(text(sql), params or {}).mappings()]


def _stored(row: dict[str, Any]) -> dict[str, Any]:
    return {k: base64.b64decode(v["$bytes"]) if isinstance(v, dict) and "$bytes" in v else v for k, v in row.items()}


def _in(ids: Sequence[int]) -> str:
    return ",".join(str(int(i)) for i in ids)


# ---- what the merge dialog shows ---------------------------------------------------------------
def merge_options(session: Session, client_ids: Sequence[int], keep: int | None = None) -> list[FieldOptions]:
    """Each mergeable field with every card's value and the value a merge takes by default."""
    ids, keep = _check_ids(session.connection(), client_ids, keep)
    conn = session.connection()
    clients = {r["id"]: r for r in _rows(conn, f"SELECT * FROM clients WHERE id IN ({_in(ids)})")}
    order = [keep] + [i for i in ids if i != keep]
    access = sensitive.access_of(session)
    options = []
    for name in MERGE_FIELDS:
        values = {cid: _field_value(clients[cid], name) for cid in order}
        if access.hides(name):  # which card's value to keep can be chosen, not read
            values = {cid: None if _empty(v) else sensitive.HIDDEN for cid, v in values.items()}
        options.append(FieldOptions(name, values, _default_choice(name, values, order)))
    customs = conn.execute(text(
        "SELECT cf.id, cf.key, cf.label, cv.client_id, cv.value_text, cv.sealed "
        "FROM custom_values cv JOIN custom_fields cf ON cf.id = cv.field_id "
        f"WHERE cv.contact_id IS NULL AND cv.client_id IN ({_in(ids)}) ORDER BY cf.\"order\", cf.key")).all()
    by_key: dict[str, dict[int, Any]] = {}
    for field_id, key, label, client_id, value, sealed in customs:
        if sealed is not None:
            value = sensitive.unseal_text(access, field_id, sealed, label) if access.allowed else sensitive.HIDDEN
        by_key.setdefault(key, {})[client_id] = value
    for key, found in by_key.items():
        values = {cid: found.get(cid) for cid in order}
        options.append(FieldOptions(f"custom.{key}", values, _default_choice(key, values, order)))
    return options


def _field_value(row: dict[str, Any], name: str) -> Any:
    if name == "birthday":
        value = tuple(row[c] for c in _BIRTHDAY)
        return None if value[0] is None else value
    return row[name]


def _default_choice(name: str, values: dict[int, Any], order: list[int]) -> int | str:
    filled = [cid for cid in order if not _empty(values[cid])]
    if name in JOINABLE_FIELDS and len({_key(values[c]) for c in filled}) > 1:
        return ALL
    return filled[0] if filled else order[0]


def _check_ids(conn: Connection, client_ids: Sequence[int], keep: int | None) -> tuple[list[int], int]:
    ids = sorted({int(i) for i in client_ids})
    if len(ids) < 2:
        raise KnownError("merge_need_two")
    found = {r[0] for r in conn.execute(text(f"SELECT id FROM clients WHERE id IN ({_in(ids)})"))}
    if found != set(ids):
        raise NotFound()
    if keep is None:
        keep = ids[0]  # the oldest card: its id is the one people and other systems already know
    if keep not in ids:
        raise KnownError("merge_keep_invalid")
    return ids, keep


# ---- merge ------------------------------------------------------------------------------------
def merge_clients(vault: Vault, client_ids: Sequence[int], *, keep: int | None = None,
                  choices: dict[str, int | str] | None = None) -> MergeResult:
    """Merge the cards into `keep` (default: the oldest) after a restore point; returns the batch to undo."""
    require(vault, "merge")
    with vault.session() as session:  # refuse bad input before making a restore point
        ids, keep = _check_ids(session.connection(), client_ids, keep)
        _check_choices(choices or {}, ids)
    make_restore_point(vault, "merge")
    with vault.transaction() as session:
        return _merge(session, ids, keep, choices or {})


def make_restore_point(vault: Vault, reason: str) -> None:
    try:
        restore_point_before(vault, reason)
    except ModuleNotFoundError as exc:  # the backup engine is not installed in this build yet
        if exc.name != "clientbook.core.backup":
            raise
        log.warning("no restore point before %s: the backup engine is missing", reason)


def _check_choices(choices: dict[str, int | str], ids: list[int]) -> None:
    for name, source in choices.items():
        if source == ALL and (name in JOINABLE_FIELDS):
            continue
        if source not in ids:
            raise KnownError("merge_choice_invalid", field=name)


def snapshot(conn: Connection, ids: Sequence[int]) -> dict[str, Any]:
    """Every row of these cards exactly as stored (raw SQLite values, so JSON keeps them exact)."""
    id_list = _in(ids)
    data: dict[str, Any] = {"clients": _rows(conn, f"SELECT * FROM clients WHERE id IN ({id_list})")}
    data["rows"] = {t: _rows(conn, f"SELECT * FROM {t} WHERE client_id IN ({id_list}) ORDER BY id")
                    for t in OWNED_TABLES}
    data["client_tags"] = [list(r) for r in conn.execute(
        text(f"SELECT client_id, tag_id FROM client_tags WHERE client_id IN ({id_list})"))]
    data["not_duplicates"] = _rows(conn, f"SELECT * FROM not_duplicates WHERE client_a IN ({id_list}) "
                                         f"OR client_b IN ({id_list})")
    return data


def _merge(session: Session, ids: list[int], keep: int, choices: dict[str, int | str]) -> MergeResult:
    conn = session.connection()
    removed = [i for i in ids if i != keep]
    before = snapshot(conn, ids)
    clients = {r["id"]: r for r in before["clients"]}
    batch = start_batch(session, "merge")
    batch.label = _label(clients[keep], len(ids))
    actor = session.info.get("actor")
    entries: list[dict[str, Any]] = []
    moved: dict[str, int] = {}
    dedup: dict[str, int] = {}
    rm = _in(removed)

    # 1. the survivor's fields, value chosen per field
    updates = _chosen_values(clients, ids, keep, choices)
    for column, value in updates.items():
        entries.append({"action": "update", "entity": "client", "entity_id": keep, "client_id": keep,
                        "field": column, "old": clients[keep][column], "new": value})
    survivor = {**clients[keep], **updates}
    updates["display_name"] = display_name(survivor["kind"], survivor["last_name"], survivor["first_name"],
                                           survivor["middle_name"], survivor["company_name"])
    updates["sort_key"] = fold(updates["display_name"])
    updates["updated_at"] = m.utcnow()
    updates["updated_by"] = actor
    sets = ", ".join(f'"{c}" = :{c}' for c in updates)
    conn.execute(text(f"UPDATE clients SET {sets}, version = version + 1 WHERE id = :id"), {**updates, "id": keep})

    # 2. the card's own phones and e-mails: moved, an identical one only once
    dedup["phones"] = _drop_identical(conn, "phones", keep, rm, "coalesce(e164, raw) || '|' || coalesce(extension, '')",
                                      "contact_id IS NULL")
    dedup["emails"] = _drop_identical(conn, "emails", keep, rm, "address", "contact_id IS NULL")
    for table in ("phones", "emails"):
        moved[table] = conn.execute(text(
            f"UPDATE {table} SET client_id = :keep, is_primary = 0, position = position + 1000 "
            f"WHERE client_id IN ({rm})"), {"keep": keep}).rowcount
    # 3. history, purchases, consents: identical rows (the same history imported into both cards) once
    dedup["interactions"] = _drop_identical(
        conn, "interactions", keep, rm,
        "kind || '|' || occurred_at || '|' || coalesce(subject, '') || '|' || coalesce(text, '')")
    dedup["purchases"] = _drop_identical(
        conn, "purchases", keep, rm,
        "date || '|' || amount_minor || '|' || currency || '|' || coalesce(item, '') || '|' || "
        "coalesce(quantity, '') || '|' || coalesce(external_id, '')")
    dedup["consents"] = _drop_identical(
        conn, "consents", keep, rm,
        "channel || '|' || purpose || '|' || status || '|' || at || '|' || coalesce(source, '')")
    # 4. custom values: the chosen card's value per field, the others kept in the undo snapshot
    dedup["custom_values"] = _merge_custom_values(conn, ids, keep, rm, choices)
    for table in ("contact_persons", "interactions", "purchases", "reminders", "consents", "custom_values"):
        extra = ", is_primary = 0" if table == "contact_persons" else ""
        moved[table] = conn.execute(text(f"UPDATE {table} SET client_id = :keep{extra} WHERE client_id IN ({rm})"),
                                    {"keep": keep}).rowcount
    # 5. tags and "not duplicates" decisions carry over to the survivor
    added_tags = [list(r) for r in conn.execute(text(
        f"SELECT DISTINCT {keep}, tag_id FROM client_tags WHERE client_id IN ({rm}) "
        f"AND tag_id NOT IN (SELECT tag_id FROM client_tags WHERE client_id = {keep})"))]
    if added_tags:
        conn.execute(text("INSERT INTO client_tags (client_id, tag_id) VALUES (:c, :t)"),
                     [{"c": c, "t": t} for c, t in added_tags])
    added_nd = _carry_not_duplicates(conn, before["not_duplicates"], ids, keep, actor)
    # 6. the other cards go (their remaining links cascade)
    for cid in removed:
        entries.append({"action": "merge", "entity": "client", "entity_id": cid, "client_id": keep,
                        "field": "merged_into", "old": clients[cid]["display_name"], "new": keep})
        entries.append({"action": "delete", "entity": "client", "entity_id": cid, "client_id": cid,
                        "old": {k: v for k, v in clients[cid].items() if v not in (None, "", 0)}})
    conn.execute(text(f"DELETE FROM clients WHERE id IN ({rm})"))
    audit.record(conn, entries, actor=actor, batch_id=batch.id)
    search.reindex(conn, ids)

    batch.undo_data = {"format": 1, "survivor": keep, "removed": removed, "before": before,
                       "added_tags": added_tags, "added_not_duplicates": added_nd}
    finish_batch(session, batch, {"survivor": keep, "removed": len(removed), "moved": moved,
                                  "deduplicated": dedup})
    return MergeResult(batch.id, keep, removed, moved, dedup)


def _label(row: dict[str, Any], count: int) -> str:
    return Message("merge_label", {"count": count, "name": row["display_name"]}).text()


def _chosen_values(clients: dict[int, dict[str, Any]], ids: list[int], keep: int,
                   choices: dict[str, int | str]) -> dict[str, Any]:
    order = [keep] + [i for i in ids if i != keep]
    result: dict[str, Any] = {}
    for name in MERGE_FIELDS:
        values = {cid: _field_value(clients[cid], name) for cid in order}
        source = choices.get(name, _default_choice(name, values, order))
        if source == ALL:
            texts: list[str] = []
            for cid in order:
                value = values[cid]
                if not _empty(value) and _key(value) not in {_key(t) for t in texts}:
                    texts.append(value)
            new: Any = "\n\n".join(texts) or None
        else:
            new = values[int(source)]
        if name == "birthday":
            parts = new if new is not None else (None, None, None)
            for column, value in zip(_BIRTHDAY, parts, strict=True):
                if clients[keep][column] != value:
                    result[column] = value
        elif clients[keep][name] != new:
            result[name] = new
    return result


def _drop_identical(conn: Connection, table: str, keep: int, removed: str, signature: str,
                    where: str = "1") -> int:
    """Delete the removed cards' rows that repeat a row the merged card will already have."""
    rows = conn.execute(text(
        f"SELECT id, client_id, {signature} AS sig FROM {table} WHERE (client_id = :keep OR client_id IN ({removed})) "
        f"AND {where} ORDER BY client_id != :keep, id"), {"keep": keep}).all()
    seen: set[Any] = set()
    drop: list[int] = []
    for row_id, client_id, sig in rows:
        if sig in seen and client_id != keep:
            drop.append(row_id)
        seen.add(sig)
    if drop:
        conn.execute(text(f"DELETE FROM {table} WHERE id IN ({_in(drop)})"))
    return len(drop)


def _merge_custom_values(conn: Connection, ids: list[int], keep: int, removed: str,
                         choices: dict[str, int | str]) -> int:
    rows = conn.execute(text(
        "SELECT cv.id, cv.client_id, cf.key FROM custom_values cv JOIN custom_fields cf ON cf.id = cv.field_id "
        f"WHERE cv.contact_id IS NULL AND cv.client_id IN ({_in(ids)}) ORDER BY cv.client_id != :keep, cv.id"),
        {"keep": keep}).all()
    by_key: dict[str, list[tuple[int, int]]] = {}
    for row_id, client_id, key in rows:
        by_key.setdefault(key, []).append((row_id, client_id))
    dropped = 0
    for key, found in by_key.items():
        chosen = choices.get(f"custom.{key}")
        winner = next((r for r, c in found if c == chosen), found[0][0])
        losers = [r for r, _ in found if r != winner]
        if losers:
            conn.execute(text(f"DELETE FROM custom_values WHERE id IN ({_in(losers)})"))
            dropped += len(losers)
        conn.execute(text("UPDATE custom_values SET client_id = :keep WHERE id = :id"), {"keep": keep, "id": winner})
    return dropped


def _carry_not_duplicates(conn: Connection, rows: list[dict[str, Any]], ids: list[int], keep: int,
                          actor: str | None) -> list[list[int]]:
    """"A ≠ X" said of a removed card still holds for the merged card."""
    existing = {(r["client_a"], r["client_b"]) for r in rows}
    added: list[list[int]] = []
    for row in rows:
        for mine, other in ((row["client_a"], row["client_b"]), (row["client_b"], row["client_a"])):
            if mine in ids and other not in ids:
                pair = (min(keep, other), max(keep, other))
                if pair not in existing:
                    existing.add(pair)
                    added.append(list(pair))
    for a, b in added:
        conn.execute(text("INSERT INTO not_duplicates (client_a, client_b, decided_by, decided_at) "
                          "VALUES (:a, :b, :by, :at)"), {"a": a, "b": b, "by": actor, "at": m.utcnow()})
    return added


# ---- undo -------------------------------------------------------------------------------------
def undo_merge(vault: Vault, batch_id: int) -> list[int]:
    """Put the merged cards back exactly as they were; returns their ids. Later additions to the
    surviving card stay with it."""
    require(vault, "merge")
    with vault.session() as session:
        _undo_data(session, batch_id)
    make_restore_point(vault, "merge")
    with vault.transaction() as session:
        return _undo(session, batch_id)


def _undo_data(session: Session, batch_id: int) -> tuple[m.Batch, dict[str, Any]]:
    batch = session.get(m.Batch, batch_id)
    if batch is None or batch.kind != "merge" or batch.status != "done" or not batch.undo_data:
        raise KnownError("merge_undo_not_possible", batch=batch_id)
    return batch, batch.undo_data


def _undo(session: Session, batch_id: int) -> list[int]:
    batch, data = _undo_data(session, batch_id)
    conn = session.connection()
    keep: int = data["survivor"]
    removed: list[int] = data["removed"]
    before = data["before"]
    taken = [r[0] for r in conn.execute(text(f"SELECT id FROM clients WHERE id IN ({_in(removed)})"))]
    if taken:
        raise KnownError("merge_undo_conflict", batch=batch_id, id=taken[0])
    if conn.execute(text("SELECT 1 FROM clients WHERE id = :id"), {"id": keep}).first() is None:
        raise KnownError("merge_undo_conflict", batch=batch_id, id=keep)

    for row in before["clients"]:
        if row["id"] == keep:
            values = {k: v for k, v in row.items() if k not in ("id", "version")}
            sets = ", ".join(f'"{c}" = :{c}' for c in values)
            conn.execute(text(f"UPDATE clients SET {sets}, version = version + 1 WHERE id = :id"),
                         {**values, "id": keep})
        else:
            _insert(conn, "clients", row)
    for table in OWNED_TABLES:
        rows = before["rows"][table]
        if table == "custom_values" and rows:  # one value per field and card: clear first, then put back
            conn.execute(text(f"DELETE FROM custom_values WHERE id IN ({_in([r['id'] for r in rows])})"))
        for row in rows:
            _upsert(conn, table, row)
    for client_id, tag_id in data["added_tags"]:
        conn.execute(text("DELETE FROM client_tags WHERE client_id = :c AND tag_id = :t"), {"c": client_id, "t": tag_id})
    for client_id, tag_id in before["client_tags"]:
        conn.execute(text("INSERT OR IGNORE INTO client_tags (client_id, tag_id) VALUES (:c, :t)"),
                     {"c": client_id, "t": tag_id})
    for a, b in data["added_not_duplicates"]:
        conn.execute(text("DELETE FROM not_duplicates WHERE client_a = :a AND client_b = :b"), {"a": a, "b": b})
    for row in before["not_duplicates"]:
        other = [row["client_a"], row["client_b"]]
        exists = conn.execute(text(f"SELECT count(*) FROM clients WHERE id IN ({_in(other)})")).scalar()
        if exists == 2:
            _insert(conn, "not_duplicates", row, ignore=True)
    ids = [keep] + removed
    audit.record(conn, [{"action": "revert", "entity": "client", "entity_id": cid, "client_id": cid,
                         "field": "merge", "old": keep, "new": cid} for cid in ids],
                 actor=session.info.get("actor"), batch_id=batch.id)
    search.reindex(conn, ids)
    batch.status = "undone"
    batch.undone_at = m.utcnow()
    session.flush()
    return ids


def _insert(conn: Connection, table: str, row: dict[str, Any], *, ignore: bool = False) -> None:
    columns = list(row)
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join(f":{c}" for c in columns)
    verb = "INSERT OR IGNORE" if ignore else "INSERT"
    conn.execute(text(f"INSERT INTO {table} ({names}) VALUES ({marks})".replace("INSERT", verb, 1)), _stored(row))


def _upsert(conn: Connection, table: str, row: dict[str, Any]) -> None:
    exists = conn.execute(text(f"SELECT 1 FROM {table} WHERE id = :id"), {"id": row["id"]}).first()
    if exists is None:
        _insert(conn, table, row)
        return
    values = {k: v for k, v in row.items() if k != "id"}
    sets = ", ".join(f'"{c}" = :{c}' for c in values)
    conn.execute(text(f"UPDATE {table} SET {sets} WHERE id = :id"), _stored(row))
