"""Opening a vault for a front end: the remembered key first, then the password; then, for a schema
made by an older version, a restore point and the migrations.

The CLI and the desktop app both open through here, so they agree on every step: `open_vault`
with `ask` (a callable the front end gives: a terminal prompt) does it all; the lock screen, which
asks asynchronously, calls `open_remembered` at start and `open_vault(path, password)` on Unlock.
`Vault.open` itself only unlocks: it neither reads the keyring nor migrates.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from clientbook.core import keyslots, keystore, migrate, passwords, users
from clientbook.core.cipher import derive_key, read_salt, vault_id_of
from clientbook.core.errors import KnownError, VaultMissing, WrongPassword
from clientbook.core.messages import register
from clientbook.core.vault import Vault, default_actor, refuse_existing

register({
    "vault_readonly_old": {
        "ru": "База «{name}» сделана прежней версией программы и должна быть обновлена, а папка только для чтения.",
        "en": "The vault “{name}” was made by an older version and must be upgraded, but its folder is read-only.",
    },
})

AskPassword = Callable[[], str]


def create_vault(path: str | os.PathLike[str], password: str, *, remember: bool = False,
                 actor: str | None = None) -> Vault:
    """A new vault at `path` under a password the policy accepts (clientbook.core.passwords)."""
    refuse_existing(Path(path))  # "the file exists" first: a better password would not help
    passwords.check_new(password)
    return Vault.create(path, password, remember=remember, actor=actor)


def open_remembered(path: str | os.PathLike[str], *, actor: str | None = None, verify: bool = True,
                    migrate: bool = True, read_only: bool = False) -> Vault | None:
    """Open with the key this computer remembers; None when it remembers none for this file.

    A remembered key that no longer fits (the password was changed elsewhere) raises WrongPassword.
    """
    path = Path(path)
    if users.is_multi_user(path):
        return None  # each user unlocks with their own password
    try:
        raw_key = keystore.recall(vault_id_of(path))
    except OSError:  # the file cannot be read: opening by password says why
        return None
    if raw_key is None:
        return None
    return open_vault(path, raw_key=raw_key, actor=actor, verify=verify, migrate=migrate, read_only=read_only)


def open_vault(path: str | os.PathLike[str], password: str | None = None, *, raw_key: bytes | None = None,
               ask: AskPassword | None = None, remembered: bool = True, actor: str | None = None,
               user: str | None = None, verify: bool = True, migrate: bool = True,
               read_only: bool = False, typed: bool = False) -> Vault:
    """Unlock `path` and bring its schema up to date (`upgrade`); the file is untouched on failure.

    With neither `password` nor `raw_key`: the remembered key first (unless `remembered=False`: the
    user gave a password); if there is none, or it is stale, the password `ask()` returns (without
    `ask`: WrongPassword). `migrate=False` opens the
    file as it is ("Check file" must not change an old or damaged file).

    A multi-user vault (clientbook.core.users) is opened by `user`'s password and keyslot (no name:
    the default actor if it is a user, else the owner); five wrong passwords in a row make further
    attempts wait (KnownError "login_throttled"). Failed attempts are audited at the next unlock.
    `typed=True`: `raw_key` was derived from a password the user gave (the CLI derives it while it
    loads), so a wrong one counts as a wrong password.
    """
    path = Path(path)
    if not path.exists():
        raise VaultMissing(name=str(path))
    if users.is_multi_user(path):
        return _open_multi_user(path, password, raw_key=raw_key, ask=ask, name=user or actor, verify=verify,
                                migrate=migrate, read_only=read_only)
    actor = user or actor
    if password is None and raw_key is None:
        try:
            vault = open_remembered(path, actor=actor, verify=verify, migrate=migrate,
                                    read_only=read_only) if remembered else None
        except WrongPassword:
            if ask is None:
                raise
            vault = None  # a stale keyring entry: ask instead
        if vault is not None:
            return vault
        if ask is None:
            raise WrongPassword()
        password = ask()
    counted = raw_key is None or typed  # a password the user gave (`typed`: derived from one already)
    if counted:
        keyslots.check_throttle(path, keyslots.SINGLE)
    try:
        vault = Vault.open(path, password, raw_key=raw_key, actor=actor, verify=verify, read_only=read_only)
    except WrongPassword:
        if counted:
            keyslots.record_failure(path, keyslots.SINGLE)
        raise
    return _finish(vault, migrate=migrate)


def _finish(vault: Vault, *, migrate: bool) -> Vault:
    """Migrate, check the user is one of the vault's, audit the log-in (not for a file opened as it is)."""
    try:
        if migrate:
            upgrade(vault)
        vault.user  # noqa: B018  (a removed user's slot left in the file is refused here)
        if migrate and not vault.read_only:
            users.ensure_keys(vault)
            users.after_unlock(vault, record_login=True)
    except BaseException:
        vault.close()
        raise
    return vault


def _open_multi_user(path: Path, password: str | None, *, raw_key: bytes | None, ask: AskPassword | None,
                     name: str | None, verify: bool, migrate: bool, read_only: bool) -> Vault:
    who = users.choose_name(path, name, default_actor())
    keys = None
    if raw_key is None:
        if password is None:
            if ask is None:
                raise WrongPassword()
            password = ask()
        raw_key, keys = users.unlock(path, who, password)
    try:
        vault = Vault.open(path, raw_key=raw_key, actor=who, verify=verify, read_only=read_only)
    except WrongPassword:
        # a re-key that stopped half-way: the keyslots hold the coming key, the file still has the
        # previous one (also granted); else the owner's password derives the file's key itself
        previous = keys.grant.previous if keys is not None and keys.grant is not None else None
        if previous is not None:
            vault = Vault.open(path, raw_key=previous, actor=who, verify=verify, read_only=read_only)
        elif keys is not None and password is not None and keyslots.read(path).get("owner") == who:
            vault = Vault.open(path, raw_key=derive_key(password, read_salt(path)), actor=who, verify=verify,
                               read_only=read_only)
        else:
            raise
        vault.keys = keys
        if vault.user.is_owner and not vault.read_only:
            users.repair_grants(vault)
    vault.keys = keys
    return _finish(vault, migrate=migrate)


def upgrade(vault: Vault) -> bool:
    """Migrate an open vault to this version's schema, after a restore point; True if it changed.

    A vault from a newer version (VaultTooNew) is refused before anything is written, and no restore
    point is made for it; a read-only one is only checked to be current.
    """
    if vault.read_only:
        if migrate.current_revision(vault) != migrate.head_revision():
            raise KnownError("vault_readonly_old", name=vault.path.name)
        return False
    if not migrate.needs_upgrade(vault):
        return False
    if migrate.current_revision(vault) is not None:
        from clientbook.core.restore_points import restore_point_before  # backups: only when migrating

        restore_point_before(vault, "migration")
    return migrate.upgrade_to_head(vault)


def change_password(vault: Vault, new_password: str, *, current: str | None = None) -> None:
    """Rekey after the policy's checks (`passwords.check_change`); the keyring follows the rekey.

    In a multi-user vault: the current user's own password (clientbook.core.users.set_password)."""
    if users.is_multi_user(vault.path):
        users.set_password(vault, vault.user.name, new_password, current=current)
        return
    passwords.check_change(vault, new_password, current=current)
    vault.change_password(new_password)
