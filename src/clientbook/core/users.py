"""Users, roles and rights (#15): who works in a vault, what each may do, and their keys.

Roles and permissions live in the `users` table inside the encrypted file (authoritative); each
user's keyslot lives beside it (clientbook.core.keyslots). A vault with no keyslots is a single-user
vault exactly as before: its one password is the owner's, the user is `default_actor()`.

The owner's password keeps opening the file in any SQLCipher 4 tool: the file stays keyed with
SQLCipher's own PBKDF2 of the owner's password and the file's salt, and the owner's keyslot holds
that same raw key. Removing a user writes the vault into a fresh file with a new salt (so a new raw
key from the same owner's password) and hands the new key to the users who stay.

Rights are checked by `require` (clientbook.core.rights) inside every core write service; a flush of any change by a
user without "edit" is refused too (`_refuse_unpermitted_flush`), so a service that forgot to ask
still cannot write through the ORM.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clientbook.core import audit, keyslots, keystore, passwords, sealing
from clientbook.core import models as m
from clientbook.core.cipher import SALT_BYTES, derive_key, read_salt
from clientbook.core.errors import KnownError, WrongPassword
from clientbook.core.keyslots import Grant, UserSecrets
from clientbook.core.messages import register
from clientbook.core.rights import (
    MANAGER_CHOOSABLE,
    PERMISSIONS,
    ROLE_NAMES,
    ROLES,
    CurrentUser,
    owner,
    permissions_of,
    require,
)

if TYPE_CHECKING:
    from clientbook.core.vault import Vault

log = logging.getLogger(__name__)

NAME_MAX = 100
SINGLE_USER_KEYS = "sealing_keys"  # settings row of a single-user vault: its owner's sealing keys

register({
    "login_throttled": {
        "ru": "Слишком много неверных паролей подряд. Следующая попытка — через {seconds} с.",
        "en": "Too many wrong passwords in a row. Try again in {seconds} s.",
    },
    "user_exists": {"ru": "Пользователь «{name}» уже есть.", "en": "The user “{name}” already exists."},
    "user_unknown": {"ru": "Пользователя «{name}» в этой базе нет.", "en": "There is no user “{name}” in this vault."},
    "user_name_invalid": {
        "ru": "Имя пользователя не может быть пустым, длиннее {max} символов или содержать управляющие символы.",
        "en": "A user name cannot be empty, longer than {max} characters or contain control characters.",
    },
    "role_invalid": {"ru": "Неизвестная роль «{role}»: owner, manager или read_only.",
                     "en": "Unknown role “{role}”: owner, manager or read_only."},
    "permission_invalid": {"ru": "Неизвестное или недоступное менеджеру право «{name}».",
                           "en": "Unknown permission, or one a manager cannot have: “{name}”."},
    "owner_password_needed": {
        "ru": "Для этого нужен пароль владельца базы: им заново шифруется файл или создаётся ключ владельца.",
        "en": "This needs the owner's password: the file is re-encrypted with it or the owner's key made from it.",
    },
    "owner_stays": {"ru": "Владельца нельзя удалить или лишить роли владельца.",
                    "en": "The owner cannot be removed or given another role."},
    "user_needed": {
        "ru": "В этой базе несколько пользователей: укажите имя (--user ИМЯ или CLIENTBOOK_USER).",
        "en": "This vault has several users: give a name (--user NAME or CLIENTBOOK_USER).",
    },
    "private_key_missing": {
        "ru": "Личные заметки недоступны: база открыта без пароля пользователя. Заблокируйте и откройте её паролем.",
        "en": "Private notes are unavailable: the vault was opened without the user's password. Lock it and "
              "unlock with the password.",
    },
})

@dataclass(frozen=True)
class UserInfo:
    name: str
    role: str
    permissions: frozenset[str]
    created_at: dt.datetime


@dataclass
class UserKeys:
    """What the unlocking user's password opened: their own secrets and the grant."""

    secrets: UserSecrets | None
    grant: Grant | None


def names_before_unlock(path: str | Path) -> list[str]:
    """The user names of the vault at `path` (empty: a single-user vault; ask the password only)."""
    return keyslots.names(Path(path))


def is_multi_user(path: Path) -> bool:
    return bool(keyslots.names(path))


def current_user(vault: Vault) -> CurrentUser:
    """Who the open vault's user is (Vault.user): the role from the `users` table."""
    if not is_multi_user(vault.path):
        return owner(vault.actor)
    conn = vault.raw_connection()
    try:
        row = conn.execute("SELECT role, permissions, removed_at FROM users WHERE name = ?", (vault.actor,)).fetchone()
    finally:
        conn.close()
    if row is None or row[2] is not None:
        raise KnownError("user_unknown", name=vault.actor)
    stored = json.loads(row[1]) if isinstance(row[1], str) else row[1]
    return CurrentUser(vault.actor, str(row[0]), permissions_of(str(row[0]), stored))


def list_users(session: Session) -> list[UserInfo]:
    rows = session.scalars(select(m.User).where(m.User.removed_at.is_(None)).order_by(m.User.name))
    return [UserInfo(u.name, u.role, permissions_of(u.role, u.permissions), u.created_at) for u in rows]


# ---- unlocking -------------------------------------------------------------------------------------------
def choose_name(path: Path, user: str | None, default: str) -> str:
    """The slot to try: the name given, else the default actor if it has a slot, else the owner."""
    data = keyslots.read(path)
    if user is not None:
        return user
    if default in data["users"]:
        return default
    if data.get("owner"):
        return str(data["owner"])
    raise KnownError("user_needed")


def unlock(path: Path, name: str, password: str) -> tuple[bytes, UserKeys]:
    """The raw key `name`'s password opens, and their keys; throttled and counted when wrong.

    The owner's slot whose grant no longer fits the file (a re-key interrupted before the keyslots
    were rewritten) is repaired from the owner's password, which still derives the file's key."""
    keyslots.check_throttle(path, name)
    data = keyslots.read(path)
    slot = data["users"].get(name)
    if slot is None:
        keyslots.record_failure(path, name)
        raise WrongPassword()
    try:
        user_secrets = keyslots.open_slot(name, slot, password)
    except WrongPassword:
        keyslots.record_failure(path, name)
        raise
    grant = keyslots.take(slot, name, user_secrets)
    return grant.raw_key, UserKeys(user_secrets, grant)


def after_unlock(vault: Vault, *, record_login: bool) -> None:
    """Audit failed attempts since the last unlock and, in a multi-user vault, this log-in."""
    pending = keyslots.take_pending(vault.path, vault.actor if is_multi_user(vault.path) else keyslots.SINGLE)
    entries: list[dict[str, Any]] = []
    for name, moments in sorted(pending.items()):
        for moment in moments:
            at = dt.datetime.fromisoformat(moment).astimezone(dt.UTC).replace(tzinfo=None)
            entries.append({"action": "login_failed", "entity": "user", "new": name or None, "at": at})
    multi = is_multi_user(vault.path)
    if record_login and multi:
        entries.append({"action": "login", "entity": "user", "new": vault.actor})
        vault.audit_lock = True
    if entries:
        with vault.engine.begin() as conn:
            audit.record(conn, entries, actor=vault.actor)
    if multi and vault.user.is_owner:
        _drop_single_user_keys(vault)


# ---- keys for sealing ------------------------------------------------------------------------------------
def _single_user_keys(vault: Vault, *, create: bool, session: Session | None = None) -> dict[str, str]:
    """A single-user vault's sealing keys, kept in its settings (only its owner has the vault key);
    written without the audit, which would copy them into the log. Inside a session's transaction
    they are read and made on its connection (another would wait for its write lock)."""
    conn: Any = session.connection().connection.driver_connection if session is not None else vault.raw_connection()
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (SINGLE_USER_KEYS,)).fetchone()
        value = (json.loads(row[0]) if isinstance(row[0], str) else row[0]) if row else None
        keys: dict[str, str] = dict((value or {}).get("v") or {})
        if create and not {"private", "sensitive"} <= keys.keys():
            keys.setdefault("private", sealing.new_key().hex())
            keys.setdefault("sensitive", sealing.new_key().hex())
            conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                         (SINGLE_USER_KEYS, json.dumps({"v": keys})))
            if session is None:
                conn.commit()
    finally:
        if session is None:
            conn.close()
    return keys


def _drop_single_user_keys(vault: Vault) -> None:
    """Once the keys are in the owner's keyslot, none is left in the file (secure_delete zeroes the cell)."""
    conn = vault.raw_connection()
    try:
        if conn.execute("SELECT 1 FROM settings WHERE key = ?", (SINGLE_USER_KEYS,)).fetchone():
            conn.execute("PRAGMA secure_delete = ON")
            conn.execute("DELETE FROM settings WHERE key = ?", (SINGLE_USER_KEYS,))
            conn.commit()
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def ensure_keys(vault: Vault) -> None:
    """A single-user vault makes its sealing keys once (a new vault, or the first unlock by this
    version), so `Vault.sensitive_key` is there for the sessions; a file opened as it is is not written.
    Notes marked private before this version are sealed then (`_seal_legacy_private_notes`)."""
    if not vault.read_only and not is_multi_user(vault.path):
        keys = _single_user_keys(vault, create=True)
        vault.reset_user()
        _seal_legacy_private_notes(vault, bytes.fromhex(keys["private"]))


def note_aad(author: str | None, created_at: dt.datetime) -> bytes:
    """What a sealed private note is bound to (clientbook.core.history): its author and writing time."""
    return f"note:{author}:{created_at.isoformat()}".encode()


# Run at every unlock of a single-user vault: served by the partial index ix_interactions_private_plain
# (migration 0010), normally empty, instead of a scan of every interaction (0.57 s at 500,000).
LEGACY_PRIVATE_NOTES = (
    "SELECT id, author, created_at, text, subject, outcome, next_step FROM interactions WHERE private = 1 "
    "AND sealed IS NULL AND coalesce(text, subject, outcome, next_step) IS NOT NULL")


def _seal_legacy_private_notes(vault: Vault, key: bytes) -> int:
    """Private notes kept in plain text by an older version: sealed like new ones, their plain columns
    emptied (secure_delete zeroes the old cells) and their change-log entries redacted (the chain
    still verifies). Returns how many were sealed."""
    from sqlalchemy import text as sql

    with vault.engine.begin() as conn:
        rows = conn.execute(sql(LEGACY_PRIVATE_NOTES)).all()
        if not rows:
            return 0
        conn.exec_driver_sql("PRAGMA secure_delete = ON")
        for row in rows:
            created = row.created_at if isinstance(row.created_at, dt.datetime) else dt.datetime.fromisoformat(
                str(row.created_at))
            payload = json.dumps({k: getattr(row, k) for k in ("text", "subject", "outcome", "next_step")
                                  if getattr(row, k) is not None}, ensure_ascii=False)
            conn.execute(sql("UPDATE interactions SET sealed = :s, text = NULL, subject = NULL, outcome = NULL, "
                             "next_step = NULL WHERE id = :i"),
                         {"s": sealing.seal(key, payload, note_aad(row.author, created)), "i": row.id})
        ids = [int(r.id) for r in rows]
        entries = [int(e) for e in conn.execute(
            select(m.AuditEntry.id).where(m.AuditEntry.entity == "interaction", m.AuditEntry.entity_id.in_(ids))
        ).scalars()]
        audit.redact(conn, entries)
    log.info("sealed %d private note(s) kept in plain text by an older version", len(rows))
    return len(rows)


def private_key(vault: Vault, session: Session | None = None) -> bytes:
    """The current user's own 32-byte key for private notes (in their keyslot only). `session`: the
    transaction that will use it (a single-user vault may have to make its key first)."""
    if not is_multi_user(vault.path):
        return bytes.fromhex(_single_user_keys(vault, create=True, session=session)["private"])
    keys = vault.keys
    if keys is None or keys.secrets is None:
        raise KnownError("private_key_missing")
    return keys.secrets.private_key


def sensitive_key(vault: Vault, session: Session | None = None, *, create: bool = True) -> bytes | None:
    """The key of sensitive fields, or None when the current user may not see them (`session`: as
    for `private_key`; `create=False`: a single-user vault that has no key yet gives None)."""
    if not is_multi_user(vault.path):
        held = _single_user_keys(vault, create=create, session=session).get("sensitive")
        return bytes.fromhex(held) if held else None
    if not vault.user.can("see_sensitive"):
        return None
    keys = vault.keys
    return keys.grant.sensitive_key if keys is not None and keys.grant is not None else None


# ---- managing users ----------------------------------------------------------------------------------------
def _clean_name(name: str) -> str:
    clean = (name or "").strip()
    if not clean or len(clean) > NAME_MAX or any(ord(c) < 32 or ord(c) == 127 for c in clean):
        raise KnownError("user_name_invalid", max=NAME_MAX)
    return clean


def _check_role(role: str, permissions: set[str] | frozenset[str] | list[str] | None) -> list[str] | None:
    if role not in ROLES:
        raise KnownError("role_invalid", role=role)
    if role != "manager" or permissions is None:
        return None
    for perm in permissions:
        if perm not in MANAGER_CHOOSABLE:
            raise KnownError("permission_invalid", name=perm)
    return sorted(permissions)


def _verify_owner_password(vault: Vault, owner_password: str | None) -> None:
    if not owner_password:
        raise KnownError("owner_password_needed")
    if derive_key(owner_password, read_salt(vault.path)) != vault.raw_key:
        raise WrongPassword()


def _grant_for(role: str, stored: list[str] | None, raw_key: bytes, sensitive: bytes | None) -> Grant:
    return Grant(raw_key, sensitive if "see_sensitive" in permissions_of(role, stored) else None)


def _the_sensitive_key(vault: Vault) -> bytes | None:
    keys = vault.keys
    return keys.grant.sensitive_key if keys is not None and keys.grant is not None else None


def _regrant_all(vault: Vault, data: dict[str, Any], *, raw_key: bytes | None = None,
                 previous: bytes | None = None) -> None:
    """Hand the current raw key (or the coming `raw_key`, with the file's `previous` one while a
    re-key is under way) and the sensitive key (to those allowed) to every slot."""
    sensitive = _the_sensitive_key(vault)
    key = raw_key or vault.raw_key
    with vault.session() as session:
        roles = {u.name: (u.role, u.permissions) for u in session.scalars(
            select(m.User).where(m.User.removed_at.is_(None)))}
    for name, slot in data["users"].items():
        role, stored = roles.get(name, ("read_only", None))
        grant = _grant_for(role, stored, key, sensitive)
        keyslots.give(slot, name, Grant(grant.raw_key, grant.sensitive_key, previous))


def _record(vault: Vault, action: str, name: str, new: Any = None) -> None:
    with vault.engine.begin() as conn:
        audit.record(conn, [{"action": action, "entity": "user", "field": name, "new": new}], actor=vault.actor)


def add_user(vault: Vault, name: str, password: str, role: str, permissions: set[str] | None = None, *,
             owner_password: str | None = None) -> UserInfo:
    """Add a user with their own password. The first one turns a single-user vault into a
    multi-user one: the owner's keyslot is made from `owner_password` (required then)."""
    require(vault, "users")
    name = _clean_name(name)
    stored = _check_role(role, permissions)
    if role == "owner":
        raise KnownError("owner_stays")
    passwords.check_new(password)
    data = keyslots.read(vault.path)
    if name in data["users"] or name == vault.user.name:
        raise KnownError("user_exists", name=name)
    with vault.session() as session:
        taken = session.scalar(select(m.User).where(m.User.name == name, m.User.removed_at.is_(None)))
    if taken is not None and data["users"]:
        raise KnownError("user_exists", name=name)
    first = not data["users"]
    if first:
        _verify_owner_password(vault, owner_password)
        assert owner_password is not None
        _become_multi_user(vault, owner_password)
        data = keyslots.read(vault.path)
    new_secrets = UserSecrets.new()
    slot = keyslots.make_slot(name, password, new_secrets)
    keyslots.give(slot, name, _grant_for(role, stored, vault.raw_key, _the_sensitive_key(vault)))
    with vault.transaction() as session:
        row = session.scalar(select(m.User).where(m.User.name == name))
        if row is None:
            row = m.User(name=name, role=role, permissions=stored)
            session.add(row)
        else:  # a name used before (removed, or left by an interrupted conversion)
            row.role, row.permissions, row.removed_at, row.created_at = role, stored, None, m.utcnow()
        session.flush()
        info = UserInfo(row.name, row.role, permissions_of(row.role, row.permissions), row.created_at)
        with keyslots.updating(vault.path) as fresh:
            fresh["users"][name] = slot
            fresh["failures"].pop(name, None)
    return info


def _become_multi_user(vault: Vault, owner_password: str) -> None:
    """The owner's keyslot, from the owner's password and the keys the single-user vault had."""
    from clientbook.core.restore_points import restore_point_before

    held = _single_user_keys(vault, create=False)
    if held:
        # the file holds the owner's note key: a fresh file with a new salt, so backups made until now
        # (which hold it too) open with the owner's password only, not with the key managers will get
        restore_point_before(vault, "users")
        old_id = vault.rekey_with_new_salt(owner_password)
        _follow_new_id(vault, old_id)
    owner_name = vault.user.name
    owner_secrets = UserSecrets(UserSecrets.new().exchange,
                                bytes.fromhex(held["private"]) if "private" in held else sealing.new_key())
    sensitive = bytes.fromhex(held["sensitive"]) if "sensitive" in held else sealing.new_key()
    with vault.transaction() as session:
        row = session.scalar(select(m.User).where(m.User.name == owner_name))
        if row is None:
            session.add(m.User(name=owner_name, role="owner", permissions=None))
        else:
            row.role, row.permissions, row.removed_at = "owner", None, None
    slot = keyslots.make_slot(owner_name, owner_password, owner_secrets)
    grant = Grant(vault.raw_key, sensitive)
    keyslots.give(slot, owner_name, grant)
    with keyslots.updating(vault.path) as data:
        data["owner"] = owner_name
        data["users"] = {owner_name: slot}
    vault.keys = UserKeys(owner_secrets, grant)
    vault.forget_key()  # a remembered key would open a multi-user vault without a user's password
    vault.reset_user()
    _drop_single_user_keys(vault)


def _follow_new_id(vault: Vault, old_id: str) -> None:
    """The file's salt (its id) changed: the backup lists and the keyring follow."""
    from clientbook.core import backup

    keystore.forget(old_id)
    settings = backup.load_settings(vault)
    folders = [settings.main_folder(vault.path)] + ([Path(settings.second_folder)] if settings.second_folder else [])
    for folder in folders:
        if (folder / backup.MANIFEST_NAME).is_file():
            backup.rename_vault_id(folder, old_id, vault.id)


def remove_user(vault: Vault, name: str, *, owner_password: str | None = None) -> None:
    """Remove a user: a restore point, then the vault re-encrypted into a fresh file under a new key
    (the owner's password with a new salt), handed to the users who stay. The removed password
    opens nothing made from now on; the removed user's private notes stay sealed for good."""
    from clientbook.core.restore_points import restore_point_before

    require(vault, "users")
    data = keyslots.read(vault.path)
    with vault.session() as session:  # a removal stopped before the re-key is finished by doing it again
        listed = session.scalar(select(m.User.id).where(m.User.name == name, m.User.role != "owner")) is not None
    if name not in data["users"] and not (data["users"] and listed):
        raise KnownError("user_unknown", name=name)
    if name == data.get("owner"):
        raise KnownError("owner_stays")
    _verify_owner_password(vault, owner_password)
    assert owner_password is not None
    restore_point_before(vault, "users")
    with vault.transaction() as session:
        row = session.scalar(select(m.User).where(m.User.name == name))
        if row is not None:
            row.removed_at = m.utcnow()
    new_salt = secrets.token_bytes(SALT_BYTES)
    new_key = derive_key(owner_password, new_salt)
    # keyslots first (the removed user's gone, the others given the coming key and the current one),
    # then the file, then the keyslots without the old key: a crash anywhere leaves them all working
    with keyslots.updating(vault.path) as fresh:
        fresh["users"].pop(name, None)
        fresh["failures"].pop(name, None)
        _regrant_all(vault, fresh, raw_key=new_key, previous=vault.raw_key)
    old_id = vault.rekey_with_new_salt(owner_password, salt=new_salt)
    with keyslots.updating(vault.path) as fresh:
        _regrant_all(vault, fresh)
    _follow_new_id(vault, old_id)
    if vault.keys is not None and vault.keys.grant is not None:
        vault.keys.grant = Grant(vault.raw_key, vault.keys.grant.sensitive_key)


def set_role(vault: Vault, name: str, role: str, permissions: set[str] | None = None) -> None:
    """Change a user's role (and a manager's permissions); the sensitive key follows the permission."""
    require(vault, "users")
    stored = _check_role(role, permissions)
    data = keyslots.read(vault.path)
    if name not in data["users"]:
        raise KnownError("user_unknown", name=name)
    if name == data.get("owner") or role == "owner":
        raise KnownError("owner_stays")
    with vault.transaction() as session:
        row = session.scalar(select(m.User).where(m.User.name == name, m.User.removed_at.is_(None)))
        if row is None:
            raise KnownError("user_unknown", name=name)
        row.role, row.permissions = role, stored
    with keyslots.updating(vault.path) as fresh:
        keyslots.give(fresh["users"][name], name,
                      _grant_for(role, stored, vault.raw_key, _the_sensitive_key(vault)))


def set_password(vault: Vault, name: str, new_password: str, current: str | None = None) -> None:
    """Change one's own password (`current` checked when given), or, as the owner, reset another
    user's: their new keyslot gets new secrets, so their earlier private notes stay sealed.

    The owner's password keys the file itself: changing it re-encrypts the file (`PRAGMA rekey`,
    same salt) and hands the new key to every user."""
    passwords.check_new(new_password)
    data = keyslots.read(vault.path)
    me = vault.user.name
    if not data["users"]:  # a single-user vault: its one password
        if name != me:
            raise KnownError("user_unknown", name=name)
        passwords.check_change(vault, new_password, current=current)
        vault.change_password(new_password)
        return
    if name not in data["users"]:
        raise KnownError("user_unknown", name=name)
    if name == me:
        if current is not None:
            keyslots.open_slot(name, data["users"][name], current)
            if current == new_password:
                raise KnownError("password_same")
        keys = vault.keys
        if keys is None or keys.secrets is None:
            raise KnownError("private_key_missing")
        own_secrets = keys.secrets
    else:
        require(vault, "users")
        own_secrets = UserSecrets.new()
    slot = keyslots.make_slot(name, new_password, own_secrets)
    if name == data.get("owner"):
        # the owner's password derives the file key: keyslots with the coming key first, then the
        # rekey (PRAGMA rekey, same salt), then the keyslots without the old key (crash-safe as removal)
        with keyslots.updating(vault.path) as fresh:
            fresh["users"][name] = slot
            _regrant_all(vault, fresh, raw_key=derive_key(new_password, read_salt(vault.path)),
                         previous=vault.raw_key)
        vault.change_password(new_password)
        if vault.keys is not None and vault.keys.grant is not None:
            vault.keys.grant = Grant(vault.raw_key, vault.keys.grant.sensitive_key)
    with keyslots.updating(vault.path) as fresh:
        fresh["users"][name] = slot
        fresh["failures"].pop(name, None)
        _regrant_all(vault, fresh)
    _record(vault, "password", name, "reset" if name != me else None)


def describe(user: CurrentUser | UserInfo, lang: str | None = None) -> str:
    """"manager (edit, export)" for lists."""
    from clientbook.core.messages import current_language

    lang = lang or current_language()
    role = ROLE_NAMES.get(user.role, {}).get(lang, user.role)
    if user.role != "manager":
        return role
    return f"{role} ({', '.join(p for p in PERMISSIONS if p in user.permissions)})"



def repair_grants(vault: Vault) -> None:
    """Hand the file's current key to every keyslot again (the owner's unlock after an interrupted re-key)."""
    keys = vault.keys
    if keys is not None and keys.grant is not None:
        keys.grant = Grant(vault.raw_key, keys.grant.sensitive_key)
    with keyslots.updating(vault.path) as data:
        _regrant_all(vault, data)
