"""Restoring from a backup: the whole vault, or one client copied back (SPEC §11).

Whole vault: the backup is verified first (full check), the current vault is saved as a restore
point, then the vault is closed and its file replaced atomically (copy to a temporary name beside it,
fsync, same bytes + quick check, rename). The backup keeps the password it was made with, so the caller reopens with the key
returned here. Stale `-wal`/`-shm` files are removed *before* the rename: a leftover WAL would
otherwise be replayed onto the restored file.

One client: the backup is opened read-only and the card with everything attached is inserted into
the current vault through the ORM, so it is audited and indexed like any other change.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import filelock
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.pool import NullPool

from clientbook.core import audit, backup, keyslots, opening, sensitive
from clientbook.core import models as m
from clientbook.core.clients import finish_batch, start_batch
from clientbook.core.errors import KnownError, NotFound, VaultLocked
from clientbook.core.messages import register
from clientbook.core.migrate import head_revision
from clientbook.core.restore_points import restore_point_before
from clientbook.core.rights import require
from clientbook.core.textnorm import fold
from clientbook.core.vault import Vault

register({
    "restore_failed": {
        "ru": "Восстановление не выполнено: {detail}. Текущая база не изменена.",
        "en": "The restore did not happen: {detail}. The current vault is unchanged.",
    },
    "backup_schema_differs": {
        "ru": "Резервная копия «{name}» сделана другой версией программы; восстановите её целиком.",
        "en": "The backup “{name}” was made by another version of the program; restore it as a whole.",
    },
    "client_not_in_backup": {
        "ru": "В резервной копии нет такого клиента.",
        "en": "This client is not in the backup.",
    },
    "no_client_matches_in_backup": {
        "ru": "В резервной копии «{name}» нет клиента, чьё имя содержит «{text}».",
        "en": "No client in the backup “{name}” has “{text}” in the name.",
    },
    "several_clients_match_in_backup": {
        "ru": "В резервной копии подходят несколько клиентов ({count}); выберите одного: --client НОМЕР.",
        "en": "Several clients in the backup match ({count}); choose one with --client ID.",
    },
})


@dataclass
class RestoreResult:
    raw_key: bytes  # open the restored vault with this
    restore_point: Path | None  # the vault as it was just before
    password_differs: bool  # the backup's password is not the one the vault had


def usable_key(path: Path, current_key: bytes, password: str | None = None) -> bytes:
    """Verify the backup and return the key that opens it.

    Raises `backup_password_needed` when the current key does not open it (ask for the old password),
    `backup_corrupt` when it is damaged: a damaged backup is never used.
    """
    key = backup.key_for_backup(path, current_key, password)
    result = backup.verify_backup(path, key)
    if not result.ok:
        assert result.message is not None
        raise KnownError(result.message.code, **result.message.params)
    return key


def restore_vault(vault: Vault, backup_path: Path, password: str | None = None) -> RestoreResult:
    """Replace the open vault by a backup. The vault is CLOSED on return; reopen with `raw_key`."""
    require(vault, "restore")
    backup_path = Path(backup_path)
    key = usable_key(backup_path, vault.raw_key, password)
    point = restore_point_before(vault, "restore")
    differs = key != vault.raw_key
    vault_path = vault.path
    vault.close()
    replace_vault_file(vault_path, backup_path, key)
    return RestoreResult(key, point, differs)


def replace_vault_file(vault_path: Path, backup_path: Path, raw_key: bytes) -> None:
    """Put a verified backup in place of a CLOSED vault file, atomically."""
    lock = filelock.FileLock(str(vault_path) + ".lock", mode=0o600, is_singleton=False)
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout as exc:
        raise VaultLocked(name=vault_path.name) from exc
    temp = vault_path.with_name(f".{vault_path.name}{backup.TEMP_MARK}{secrets.token_hex(4)}")
    try:
        try:
            backup.create_private(temp)
            copied = backup.copy_hashing(backup_path, temp)
            backup.fsync_file(temp)
        except OSError as exc:
            raise backup._folder_error(exc, vault_path.parent) from exc

        def same_bytes() -> list[str]:
            return [] if backup.hashes_of(temp)[1] == copied else ["the copy differs from the backup"]

        # The backup itself had the full check (restore_vault verifies it first); the copy only has to
        # be the same bytes and open with the key: quick, not the full check again.
        check = backup.quick_check_file(temp, raw_key, extra=same_bytes)
        if not check.ok:
            raise KnownError("restore_failed", detail="; ".join(check.problems[:1]))
        for suffix in ("-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                vault_path.with_name(vault_path.name + suffix).unlink()
        restore_keyslots(vault_path, backup_path)
        os.replace(temp, vault_path)
        backup.fsync_dir(vault_path.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    finally:
        lock.release()


def restore_keyslots(vault_path: Path, backup_path: Path) -> None:
    """The backup comes back with the users and keyslots it was made with (none: a single-user vault)."""
    kept = backup.keyslots_of(backup_path)
    if kept.is_file():
        keyslots.write(vault_path, keyslots.read(backup_path))
    else:
        with contextlib.suppress(FileNotFoundError):
            keyslots.keys_path(vault_path).unlink()


def reopen_and_record(vault_path: Path, raw_key: bytes, backup_name: str, *, user: str | None = None) -> Vault:
    """Open the restored vault and note the restore in its audit log (`user`: who restored it, in a
    multi-user vault; opened by the key, their private notes wait for the next unlock by password)."""
    vault = opening.open_vault(vault_path, raw_key=raw_key, user=user)  # a backup of an older version migrates
    with vault.transaction() as session:
        audit.record(session, [{"action": "restore", "entity": "vault", "new": backup_name}],
                     actor=vault.actor)
    return vault


# ---- one client back from a backup ---------------------------------------------------------------
@contextlib.contextmanager
def backup_session(path: Path, raw_key: bytes) -> Iterator[Session]:
    """An ORM session on a backup opened read-only (the file is not changed in any way)."""
    engine = create_engine("sqlite://", creator=lambda: backup.open_readonly(path, raw_key),
                           module=sqlcipher, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        if revision != head_revision():
            raise KnownError("backup_schema_differs", name=path.name)
        with Session(engine) as session:
            session.info["audit_disabled"] = True
            yield session
    finally:
        engine.dispose()


def backup_clients(path: Path, raw_key: bytes, text: str = "", limit: int = 200) -> list[tuple[int, str]]:
    """(id, name) of clients in a backup whose name contains `text`, to pick one to copy back."""
    with backup_session(path, raw_key) as session:
        query = select(m.Client.id, m.Client.display_name).order_by(m.Client.sort_key).limit(limit)
        if text:
            query = query.where(m.Client.sort_key.contains(fold(text)))
        return [(int(i), str(n)) for i, n in session.execute(query)]


def _columns(obj: m.Base, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    table = obj.__table__
    return {c.key: getattr(obj, c.key) for c in table.columns if c.key not in ("id", *skip)}


def copy_client_back(vault: Vault, backup_path: Path, client_id: int, *, password: str | None = None,
                     verified_key: bytes | None = None) -> int:
    """Copy one client with everything attached from a backup into the vault; returns the new id.

    The original id is reused when it is free (e.g. the card was deleted), so the change history
    still points at it; otherwise the card gets a new id. Tags and custom fields are matched by key
    and created when missing. A restore point is made first (once the client is known to be in the
    backup), and the copy is recorded in the audit as a "restore" batch.
    """
    require(vault, "restore")
    backup_path = Path(backup_path)
    # `verified_key`: the caller has just had `usable_key` check this backup (a full check, seconds on
    # a big one), so it is not checked twice.
    key = verified_key or usable_key(backup_path, vault.raw_key, password)
    with backup_session(backup_path, key) as old:
        source = old.scalar(select(m.Client).where(m.Client.id == client_id).options(
            selectinload(m.Client.phones), selectinload(m.Client.emails), selectinload(m.Client.tags),
            selectinload(m.Client.contacts).selectinload(m.ContactPerson.phones),
            selectinload(m.Client.contacts).selectinload(m.ContactPerson.emails),
            selectinload(m.Client.interactions), selectinload(m.Client.purchases),
            selectinload(m.Client.reminders), selectinload(m.Client.consents),
            selectinload(m.Client.custom_values)))
        if source is None:
            raise NotFound("client_not_in_backup")
        contact_values = {cv.id: cv for c in source.contacts for cv in c.custom_values}
        all_values = list(source.custom_values) + list(contact_values.values())
        fields = {f.id: f for f in old.scalars(select(m.CustomField))}
        restore_point_before(vault, "restore")
        with vault.transaction() as session:
            access = sensitive.access_of(session)
            batch = start_batch(session, "restore", f"client from {backup_path.name}")
            client = m.Client(**_columns(source, ("import_batch_id", "version")))
            if session.get(m.Client, client_id) is None:
                client.id = client_id
            session.add(client)
            session.flush()
            contact_map: dict[int, m.ContactPerson] = {}
            for old_contact in source.contacts:
                contact = m.ContactPerson(**_columns(old_contact, ("client_id",)), client=client)
                session.add(contact)
                contact_map[old_contact.id] = contact
                for ph in old_contact.phones:
                    session.add(m.Phone(**_columns(ph, ("client_id", "contact_id")), client=client, contact=contact))
                for em in old_contact.emails:
                    session.add(m.Email(**_columns(em, ("client_id", "contact_id")), client=client, contact=contact))
            for ph in source.phones:
                session.add(m.Phone(**_columns(ph, ("client_id", "contact_id")), client=client))
            for em in source.emails:
                session.add(m.Email(**_columns(em, ("client_id", "contact_id")), client=client))
            session.flush()

            def contact_id(old_id: int | None) -> int | None:
                return contact_map[old_id].id if old_id in contact_map else None

            for it in source.interactions:
                session.add(m.Interaction(**{**_columns(it, ("client_id", "import_batch_id")),
                                             "contact_id": contact_id(it.contact_id)}, client_id=client.id))
            for pu in source.purchases:
                session.add(m.Purchase(**_columns(pu, ("client_id", "import_batch_id")), client_id=client.id))
            for co in source.consents:
                session.add(m.Consent(**_columns(co, ("client_id", "import_batch_id")), client_id=client.id))
            for re_ in source.reminders:
                session.add(m.Reminder(**{**_columns(re_, ("client_id",)), "contact_id": contact_id(re_.contact_id)},
                                       client_id=client.id))
            for old_tag in source.tags:
                tag = session.scalar(select(m.Tag).where(m.Tag.key == old_tag.key))
                if tag is None:
                    tag = m.Tag(name=old_tag.name, key=old_tag.key, color=old_tag.color)
                    session.add(tag)
                client.tags.append(tag)
            for value in all_values:
                definition = fields[value.field_id]
                target = session.scalar(select(m.CustomField).where(m.CustomField.key == definition.key))
                if target is None:
                    target = m.CustomField(**_columns(definition))
                    session.add(target)
                    session.flush()
                row = m.CustomValue(
                    field_id=target.id, client_id=client.id, contact_id=contact_id(value.contact_id),
                    value_text=value.value_text, value_number=value.value_number, value_date=value.value_date,
                    sealed=value.sealed)
                _reseal(access, row, value, definition, target)
                session.add(row)
            session.flush()
            finish_batch(session, batch, {"clients": 1})
            return client.id


def _reseal(access: sensitive.Access, row: m.CustomValue, value: m.CustomValue, definition: m.CustomField,
            target: m.CustomField) -> None:
    """A sealed value is bound to its field's id: one restored into a field with another id (or one
    no longer sensitive) is opened and sealed again when this user holds the key; a plain value of a
    field now sensitive is sealed."""
    if value.sealed is not None and (target.id != value.field_id or not target.sensitive):
        plain = sensitive.unseal_text(access, value.field_id, value.sealed, definition.label)
        if plain is not None:
            row.value_text, row.value_number, row.value_date = sensitive.plain_columns(target.type, plain)
            row.sealed = None
    if row.sealed is None and target.sensitive and access.allowed:
        sensitive.store(access, row, target)
