"""Opening a vault as the front ends do (clientbook.core.opening): remembered key first, then the
password asked for; an older schema gets a restore point and is migrated; a failure changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import keyring.backend
import pytest

from clientbook.core import backup, keystore, migrate, opening
from clientbook.core.cipher import vault_id_of
from clientbook.core.errors import KnownError, VaultExists, VaultMissing, WrongPassword
from clientbook.core.vault import Vault

FIXTURE_0001 = Path(__file__).resolve().parents[1] / "fixtures" / "vault-0001.db"
FIXTURE_PASSWORD = "Фикстура-0001 пароль"


def _asked(answer: str) -> tuple[list[int], opening.AskPassword]:
    calls: list[int] = []

    def ask() -> str:
        calls.append(1)
        return answer

    return calls, ask


def test_remembered_key_first_then_the_password_is_asked(tmp_path: Path, password: str) -> None:
    path = tmp_path / "v.db"
    Vault.create(path, password, remember=True).close()
    calls, ask = _asked("never used")
    with opening.open_vault(path, ask=ask) as vault:
        assert not vault.closed
    assert calls == []  # the remembered key opened it
    keystore.forget(keystore_id(path))
    assert opening.open_remembered(path) is None
    calls, ask = _asked(password)
    with opening.open_vault(path, ask=ask):
        pass
    assert calls == [1]
    with pytest.raises(WrongPassword):  # nothing remembered and nobody to ask
        opening.open_vault(path)


def test_a_stale_remembered_key_falls_back_to_asking(tmp_path: Path, password: str,
                                                     memory_keyring: keyring.backend.KeyringBackend) -> None:
    path = tmp_path / "v.db"
    Vault.create(path, password).close()
    memory_keyring.set_password(keystore.SERVICE, keystore_id(path), "00" * 32)
    with pytest.raises(WrongPassword):  # the lock screen says so at start
        opening.open_remembered(path)
    calls, ask = _asked(password)
    with opening.open_vault(path, ask=ask):
        pass
    assert calls == [1]
    calls, ask = _asked(password)
    with opening.open_vault(path, ask=ask, remembered=False):  # a password given: the keyring is not read
        pass
    assert calls == [1]


def test_a_missing_file_is_named_before_any_password_is_asked(tmp_path: Path) -> None:
    calls, ask = _asked("x")
    with pytest.raises(VaultMissing) as info:
        opening.open_vault(tmp_path / "nowhere.db", ask=ask)
    assert str(tmp_path / "nowhere.db") in info.value.text("en") and calls == []


def test_an_old_schema_gets_a_restore_point_then_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "vault-0001.db"
    shutil.copyfile(FIXTURE_0001, path)
    with Vault.open(path, FIXTURE_PASSWORD) as vault:  # Vault.open alone leaves it as it is
        old = migrate.current_revision(vault)
        assert old != migrate.head_revision()
    with opening.open_vault(path, FIXTURE_PASSWORD) as vault:
        assert migrate.current_revision(vault) == migrate.head_revision()
        points = [r for r in backup.list_backups(vault) if r.kind == backup.RESTORE_POINT]
        assert [r.reason for r in points] == ["migration"]
        assert opening.upgrade(vault) is False  # already at the head: nothing more
        folder = backup.load_settings(vault).main_folder(vault.path)
    with Vault.open(folder / points[0].file, FIXTURE_PASSWORD, read_only=True) as before:
        assert migrate.current_revision(before) == old  # the restore point holds the old schema


def test_check_opens_an_old_schema_without_changing_it(tmp_path: Path) -> None:
    path = tmp_path / "vault-0001.db"
    shutil.copyfile(FIXTURE_0001, path)
    before = path.read_bytes()
    with opening.open_vault(path, FIXTURE_PASSWORD, migrate=False, verify=False, read_only=True) as vault:
        assert vault.verify_pages() is True
        assert migrate.current_revision(vault) != migrate.head_revision()
    assert path.read_bytes() == before


def test_create_refuses_an_existing_file_first_then_a_short_password(tmp_path: Path, password: str) -> None:
    path = tmp_path / "v.db"
    with pytest.raises(KnownError) as info:
        opening.create_vault(path, "short")
    assert info.value.message.code == "password_too_short" and not path.exists()
    opening.create_vault(path, password).close()
    with pytest.raises(VaultExists):
        opening.create_vault(path, "short")


def test_change_password_follows_the_policy(tmp_path: Path, password: str) -> None:
    path = tmp_path / "v.db"
    with opening.create_vault(path, password) as vault:
        for new, current, code in (("short", None, "password_too_short"), (password, None, "password_same"),
                                   ("a new long password", "wrong one", "wrong_password"),
                                   (password, password, "password_same")):
            with pytest.raises(KnownError) as info:
                opening.change_password(vault, new, current=current)
            assert info.value.message.code == code
        opening.change_password(vault, "a new long password", current=password)
    with pytest.raises(WrongPassword):
        opening.open_vault(path, password)
    opening.open_vault(path, "a new long password").close()


def keystore_id(path: Path) -> str:
    return vault_id_of(path)
