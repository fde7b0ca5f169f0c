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

from clientbook.core import keystore, migrate, passwords
from clientbook.core.cipher import vault_id_of
from clientbook.core.errors import KnownError, VaultMissing, WrongPassword
from clientbook.core.messages import register
from clientbook.core.restore_points import restore_point_before
from clientbook.core.vault import Vault, refuse_existing

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
    try:
        raw_key = keystore.recall(vault_id_of(path))
    except OSError:  # the file cannot be read: opening by password says why
        return None
    if raw_key is None:
        return None
    return open_vault(path, raw_key=raw_key, actor=actor, verify=verify, migrate=migrate, read_only=read_only)


def open_vault(path: str | os.PathLike[str], password: str | None = None, *, raw_key: bytes | None = None,
               ask: AskPassword | None = None, remembered: bool = True, actor: str | None = None,
               verify: bool = True, migrate: bool = True, read_only: bool = False) -> Vault:
    """Unlock `path` and bring its schema up to date (`upgrade`); the file is untouched on failure.

    With neither `password` nor `raw_key`: the remembered key first (unless `remembered=False`: the
    user gave a password); if there is none, or it is stale, the password `ask()` returns (without
    `ask`: WrongPassword). `migrate=False` opens the
    file as it is ("Check file" must not change an old or damaged file).
    """
    path = Path(path)
    if not path.exists():
        raise VaultMissing(name=str(path))
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
    vault = Vault.open(path, password, raw_key=raw_key, actor=actor, verify=verify, read_only=read_only)
    if migrate:
        try:
            upgrade(vault)
        except BaseException:
            vault.close()
            raise
    return vault


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
        restore_point_before(vault, "migration")
    return migrate.upgrade_to_head(vault)


def change_password(vault: Vault, new_password: str, *, current: str | None = None) -> None:
    """Rekey after the policy's checks (`passwords.check_change`); the keyring follows the rekey."""
    passwords.check_change(vault, new_password, current=current)
    vault.change_password(new_password)
