"""Sensitive fields (#15.4): who may see them, and their values sealed at rest.

Two kinds of data are sensitive:
- custom fields marked `sensitive` (health, beliefs, a passport number…): their values are stored
  sealed (`custom_values.sealed`, AES-GCM with `Vault.sensitive_key`, which only the keyslots of the
  users allowed to see them unwrap); `value_text/number/date` stay NULL, so nothing that reads the
  plain columns — list, search index, segments, exports, the audit — can leak them;
- the built-in ИНН and birthdays, when the owner marks them (setting `sensitive_builtin`): kept in
  their columns (matching an import or a duplicate by ИНН and Today's birthdays keep working), but
  hidden from the users who may not see them in every view the program gives (README explains the
  trade-off).

Every service asks `access_of(session)` what the current user may see; the rule lives here only.
The sealed text of a value is its `value_text` form (JSON list, "true"/"false", ISO date, "%g"),
so unsealing gives back all three plain columns. The associated data binds a blob to its field
(`custom:<field id>`), not to its card: merging or restoring cards moves value rows between cards
without needing the key of a user who may see them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from clientbook.core import audit, sealing, search, settings, users
from clientbook.core import models as m
from clientbook.core.errors import KnownError
from clientbook.core.messages import register
from clientbook.core.rights import require
from clientbook.core.sensitive_marks import BUILTINS, SETTING, marked_builtins
from clientbook.core.textnorm import fold

PERMISSION = "see_sensitive"
# The columns each built-in stands for (on clients; birthday also on contact persons).
BUILTIN_COLUMNS = {"inn": ("inn",), "birthday": ("birth_day", "birth_month", "birth_year")}
BUILTIN_LABELS = {"inn": "ИНН / INN", "birthday": "День рождения / Birthday"}
HIDDEN = "•••"  # what a user who may not see a value is shown in its place

register({
    "sensitive_hidden": {
        "ru": "Поле «{field}» скрыто: у вас нет права видеть особые данные.",
        "en": "The field “{field}” is hidden: you may not see sensitive data.",
    },
    "sensitive_no_key": {
        "ru": "Особое поле «{field}» нельзя сохранить: нет ключа особых данных для этого пользователя.",
        "en": "The sensitive field “{field}” cannot be saved: this user holds no key for sensitive data.",
    },
    "sensitive_unreadable": {
        "ru": "Значение поля «{field}» не расшифровывается этим ключом (файл изменён или ключ другой).",
        "en": "The value of “{field}” does not decrypt with this key (the file was changed or the key differs).",
    },
    "sensitive_owner_only": {
        "ru": "Отмечать поля как особые может только владелец базы.",
        "en": "Only the vault's owner can mark fields as sensitive.",
    },
    "sensitive_import_refused": {
        "ru": "Столбец «{field}» нельзя загрузить: это особое поле, а у вас нет права его видеть.",
        "en": "The column “{field}” cannot be imported: it is a sensitive field you may not see.",
    },
    "segment_sensitive_field": {
        "ru": "Условие по полю «{field}» недоступно: у вас нет права видеть особые данные.",
        "en": "A condition on “{field}” is not available: you may not see sensitive data.",
    },
    "sensitive_unknown_builtin": {
        "ru": "Нет встроенного поля «{field}», которое можно отметить особым.",
        "en": "There is no built-in field “{field}” that can be marked sensitive.",
    },
})


@dataclass
class Access:
    """What the session's user may see of sensitive data, and the key to read it with."""

    allowed: bool  # may see sensitive values (the `see_sensitive` permission)
    marked_builtins: frozenset[str]  # the built-ins the owner marked sensitive
    legacy: bool = False  # a session without a user (before #15's keyslots): values stay as they were
    key_source: Callable[[], bytes | None] = field(default=lambda: None, repr=False)
    _key: bytes | None = field(default=None, repr=False)
    _key_read: bool = field(default=False, repr=False)

    @property
    def key(self) -> bytes | None:
        """Vault.sensitive_key, asked for only when a value is sealed or opened (a single-user
        vault makes its key on first use); None when not allowed."""
        if not self.allowed:
            return None
        if not self._key_read:
            self._key, self._key_read = self.key_source(), True
        return self._key

    def hides(self, builtin: str) -> bool:
        """True when this user must not see the built-in field (`inn`, `birthday`)."""
        return not self.allowed and builtin in self.marked_builtins

    @property
    def hidden_builtins(self) -> frozenset[str]:
        return frozenset() if self.allowed else self.marked_builtins


def access_of(session: Session) -> Access:
    """The current user's access, from what `Vault.session()` put in `session.info`: the user
    (clientbook.core.users.CurrentUser) and the vault whose keyslot holds the sensitive key.

    A session without a user (a vault opened before #15's users) is its owner: allowed, no key."""
    user = session.info.get("user")
    allowed = True if user is None else bool(user.can(PERMISSION))

    def key_source() -> bytes | None:
        if "sensitive_key" in session.info:
            return cast("bytes | None", session.info["sensitive_key"])
        vault = session.info.get("vault")
        if vault is None:
            return None
        return users.sensitive_key(vault, session)

    return Access(allowed, marked_builtins(session), legacy=user is None, key_source=key_source)


def visible_fields(session: Session, definitions: Iterable[m.CustomField]) -> list[m.CustomField]:
    """The custom fields this user may see (a segment builder offers no condition on the others)."""
    allowed = access_of(session).allowed
    return [d for d in definitions if allowed or not d.sensitive]


def sensitive_field_ids(session: Session) -> set[int]:
    return set(session.scalars(select(m.CustomField.id).where(m.CustomField.sensitive.is_(True))))


def _aad(field_id: int) -> bytes:
    return b"custom:%d" % field_id


def seal_text(access: Access, definition: m.CustomField, value_text: str) -> bytes:
    """The sealed blob of a sensitive field's value (its value_text form)."""

    if not access.allowed:
        raise KnownError("sensitive_hidden", field=definition.label)
    if access.key is None:
        raise KnownError("sensitive_no_key", field=definition.label)
    return sealing.seal(access.key, value_text, _aad(definition.id))


def unseal_text(access: Access, field_id: int, blob: bytes, label: str = "") -> str | None:
    """The value_text form of a sealed value; None when this user may not read it."""

    if not access.allowed or access.key is None:
        return None
    try:
        return sealing.unseal(access.key, bytes(blob), _aad(field_id))
    except Exception as exc:  # noqa: BLE001 - an AEAD failure of any kind reads the same to a user
        raise KnownError("sensitive_unreadable", field=label or str(field_id)) from exc


def plain_columns(ftype: str, value_text: str | None) -> tuple[str | None, float | None, dt.date | None]:
    """value_text, value_number, value_date of a value from its text form (the sealed form)."""
    if value_text is None:
        return None, None, None
    if ftype == "number":
        try:
            return value_text, float(value_text), None
        except ValueError:
            return value_text, None, None
    if ftype == "date":
        try:
            return value_text, None, dt.date.fromisoformat(value_text)
        except ValueError:
            return value_text, None, None
    return value_text, None, None


def store(access: Access, row: m.CustomValue, definition: m.CustomField, previous: bytes | None = None) -> None:
    """Seal a value row of a sensitive field in place (after its plain columns were set). An unchanged
    value keeps its `previous` blob: a fresh nonce would make every save of the card look like a change."""
    if not definition.sensitive or row.value_text is None or (access.legacy and access.key is None):
        return
    plain = row.value_text
    if previous is not None and access.key is not None:
        try:
            same = unseal_text(access, definition.id, previous, definition.label) == plain
        except KnownError:
            same = False
        if same:
            row.sealed = previous
            row.value_text = row.value_number = row.value_date = None
            return
    row.sealed = seal_text(access, definition, plain)
    row.value_text = row.value_number = row.value_date = None


def readable(access: Access, row: m.CustomValue, definition: m.CustomField) -> bool:
    """True when this user may see the row's value (plain, or sealed and unsealable)."""
    return row.sealed is None or (access.allowed and access.key is not None)


def opened(access: Access, row: m.CustomValue, definition: m.CustomField
           ) -> tuple[str | None, float | None, dt.date | None]:
    """The plain columns of a value row as this user may read them (all None when hidden)."""
    if row.sealed is None:
        return row.value_text, row.value_number, row.value_date
    return plain_columns(definition.type, unseal_text(access, definition.id, row.sealed, definition.label))


def may_mark(session: Session) -> bool:
    """Whether this user may mark fields sensitive (the owner: it seals values with their key)."""
    user = session.info.get("user")
    return user is None or bool(getattr(user, "is_owner", False))


def require_owner(session: Session) -> None:
    if not may_mark(session):
        raise KnownError("sensitive_owner_only")


def set_field_sensitive(session: Session, definition: m.CustomField, sensitive: bool) -> int:
    """Mark or unmark a custom field sensitive, sealing or opening its stored values; the owner only
    (the user's key is needed to seal). Returns how many values changed form.

    The values change form, not content: they are rewritten in bulk (100,000 in a few seconds) and the
    log gets one entry for the field with the count — not one per value, which would copy each old
    plain value into the log once more."""
    require(session, "edit")
    if bool(definition.sensitive) == bool(sensitive):
        return 0
    require_owner(session)
    access = access_of(session)
    session.flush()
    conn = session.connection()
    rows = conn.execute(text("SELECT id, value_text, sealed FROM custom_values WHERE field_id = :f"),
                        {"f": definition.id}).all()
    changes: list[dict[str, Any]] = []
    if sensitive and not (access.legacy and access.key is None):
        changes = [{"id": r.id, "t": None, "n": None, "d": None, "s": seal_text(access, definition, r.value_text)}
                   for r in rows if r.sealed is None and r.value_text is not None]
    elif not sensitive:
        for r in rows:
            if r.sealed is None:
                continue
            plain = unseal_text(access, definition.id, r.sealed, definition.label)
            if plain is None:
                raise KnownError("sensitive_no_key", field=definition.label)
            value_text, value_number, value_date = plain_columns(definition.type, plain)
            changes.append({"id": r.id, "t": value_text, "n": value_number,
                            "d": value_date.isoformat() if value_date else None, "s": None})
    if changes:
        conn.execute(text("UPDATE custom_values SET value_text = :t, value_number = :n, value_date = :d, sealed = :s "
                          "WHERE id = :id"), changes)
        for row in session.identity_map.values():  # rows this session holds are read again
            if isinstance(row, m.CustomValue) and row.field_id == definition.id:
                session.expire(row)
    definition.sensitive = bool(sensitive)
    session.flush()
    audit.record(session, [{"action": "seal" if sensitive else "unseal", "entity": "custom_field",
                            "entity_id": definition.id, "field": "sensitive", "new": {"values": len(changes)}}],
                 actor=session.info.get("actor"), batch_id=session.info.get("batch_id"))
    return len(changes)


def set_marked_builtins(session: Session, names: Iterable[str]) -> frozenset[str]:
    """Which built-ins are sensitive (the owner only); the search index is rebuilt so ИНН leaves it
    or comes back. Returns the new set."""

    require_owner(session)
    wanted = set(names)
    unknown = wanted - set(BUILTINS)
    if unknown:
        raise KnownError("sensitive_unknown_builtin", field=", ".join(sorted(unknown)))
    before = marked_builtins(session)
    settings.put(session, SETTING, [b for b in BUILTINS if b in wanted])
    if ("inn" in before) != ("inn" in wanted):
        search.rebuild_all(session.connection())
    return frozenset(wanted)


def hidden_fields(session: Session) -> list[str]:
    """The labels of what this user may not see (custom fields and marked built-ins), for a note
    beside an export or a report that left them out."""
    access = access_of(session)
    if access.allowed:
        return []
    labels = [d.label for d in session.scalars(select(m.CustomField).where(m.CustomField.sensitive.is_(True))
                                               .order_by(m.CustomField.order, m.CustomField.id))]
    return [*sorted(access.marked_builtins, key=BUILTINS.index), *labels]


def unsealed_values(session: Session, field_id: int) -> list[tuple[int, str]]:
    """(client id, value_text) of every card's value of a sealed field, for a user who may see it
    (a segment condition on the field is answered from these)."""
    access = access_of(session)
    out: list[tuple[int, str]] = []
    for client_id, blob in session.execute(text(
            "SELECT client_id, sealed FROM custom_values WHERE field_id = :f AND contact_id IS NULL "
            "AND sealed IS NOT NULL"), {"f": field_id}):
        value = unseal_text(access, field_id, blob)
        if value is not None:
            out.append((int(client_id), value))
    return out


def multi_value(value_text: str | None) -> list[Any]:
    try:
        loaded = json.loads(value_text or "[]")
    except ValueError:
        return []
    return loaded if isinstance(loaded, list) else []


def refuse_hidden_targets(session: Session, targets: Iterable[str]) -> None:
    """An import by a user who may not see a sensitive field must not fill it (nor report conflicts
    that quote the stored value): refuse before anything is written."""
    access = access_of(session)
    if access.allowed:
        return
    sealed = {fold(d.label): d.label for d in session.scalars(
        select(m.CustomField).where(m.CustomField.sensitive.is_(True)))}
    for target in targets:
        if target in access.marked_builtins or (target.endswith("birthday") and access.hides("birthday")):
            raise KnownError("sensitive_import_refused", field=BUILTIN_LABELS.get(target, target))
        if target.startswith("custom:") and fold(target[len("custom:"):]) in sealed:
            raise KnownError("sensitive_import_refused", field=sealed[fold(target[len("custom:"):])])


# ---- what the audit shows ----------------------------------------------------------------------
_BUILTIN_OF_COLUMN = {c: b for b, columns in BUILTIN_COLUMNS.items() for c in columns}
_BUILTIN_OF_COLUMN["birthday"] = "birthday"  # the import's log names the birthday as typed


def shown_entries(session: Session, entries: list[m.AuditEntry]) -> list[m.AuditEntry]:
    """Audit entries as this user may read them: a sensitive custom value's or a hidden built-in's old
    and new text replaced by HIDDEN (the entry stays: who changed what, when). The entries shown are
    detached from the session first, so the blanking is never written back."""
    access = access_of(session)
    if access.allowed or not entries:
        return entries
    for entry in entries:
        if entry in session:
            session.expunge(entry)
    rows = [{"entity": e.entity, "entity_id": e.entity_id, "field": e.field, "old": e.old, "new": e.new}
            for e in entries]
    for entry, row in zip(entries, mask_audit_rows(session, rows, access), strict=True):
        entry.old, entry.new = row["old"], row["new"]
    return entries


def mask_audit_rows(conn: Session | Connection, rows: list[dict[str, Any]], access: Access) -> list[dict[str, Any]]:
    """`shown_entries` on audit rows as dicts (entity, entity_id, field, old, new), changed in place."""
    if access.allowed or not rows:
        return rows
    sealed_fields = {int(r[0]) for r in conn.execute(text("SELECT id FROM custom_fields WHERE sensitive = 1"))}
    value_ids = {r["entity_id"] for r in rows if r["entity"] == "custom_value" and r["entity_id"] is not None}
    sealed_values = _sensitive_value_ids(conn, value_ids, sealed_fields)
    hidden = access.hidden_builtins
    for row in rows:
        field = row.get("field")
        if (row["entity"] == "custom_value" and row["entity_id"] in sealed_values) or (
                field in _BUILTIN_OF_COLUMN and _BUILTIN_OF_COLUMN[field] in hidden):
            row["old"], row["new"] = _mask(row["old"]), _mask(row["new"])
        else:
            row["old"] = _strip(row["old"], hidden, sealed_fields)
            row["new"] = _strip(row["new"], hidden, sealed_fields)
    return rows


def _mask(value: str | None) -> str | None:
    return None if value is None else HIDDEN


def _strip(value: str | None, hidden: frozenset[str], sealed_fields: set[int]) -> str | None:
    """A JSON object of values (a card created or deleted, an import's log) without the hidden ones."""
    if not value or not value.startswith("{"):
        return value
    try:
        data = json.loads(value)
    except ValueError:
        return value
    if not isinstance(data, dict):
        return value
    changed = False
    for key in list(data):
        builtin = _BUILTIN_OF_COLUMN.get(key)
        custom = key.startswith("custom.") and key[len("custom."):].isdigit() and int(key[7:]) in sealed_fields
        if (builtin is not None and builtin in hidden) or custom:
            data[key] = HIDDEN
            changed = True
    return json.dumps(data, ensure_ascii=False, sort_keys=True) if changed else value


def _sensitive_value_ids(conn: Session | Connection, value_ids: set[Any], sealed_fields: set[int]) -> set[Any]:
    """Which custom value rows belong to a sensitive field: the live rows, and for rows deleted since,
    the field named in their create/delete entry."""
    if not value_ids or not sealed_fields:
        return set()
    ids = ",".join(str(int(i)) for i in sorted(value_ids))
    found = {int(r[0]): int(r[1]) for r in conn.execute(text(
        f"SELECT id, field_id FROM custom_values WHERE id IN ({ids})"))}
    missing = ",".join(str(int(i)) for i in sorted(value_ids) if int(i) not in found)
    if missing:
        for entity_id, old, new in conn.execute(text(
                f"SELECT entity_id, old, new FROM audit WHERE entity = 'custom_value' AND entity_id IN ({missing}) "
                "AND action IN ('create', 'delete')")):
            for blob in (old, new):
                try:
                    field_id = json.loads(blob or "{}").get("field_id")
                except (ValueError, AttributeError):
                    field_id = None
                if field_id is not None:
                    found[int(entity_id)] = int(field_id)
    return {value_id for value_id, field_id in found.items() if field_id in sealed_fields}
