""""Remember on this computer" with keyrings that fail, are locked, or store plaintext (SPEC §17 check 16)."""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest
from keyring.backends import fail

from clientbook.core import keystore, opening
from clientbook.core.errors import KeyringUnavailable, WrongPassword
from clientbook.core.vault import Vault


class BrokenKeyring(keyring.backend.KeyringBackend):
    """A backend whose every call fails, like a D-Bus Secret Service that went away."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringError("secret service went away")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("secret service went away")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.PasswordDeleteError("secret service went away")


class LockedKeyring(keyring.backend.KeyringBackend):
    """A wallet the user has not unlocked (and declined to unlock when asked)."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("wallet is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("wallet is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringLocked("wallet is locked")


def _plaintext_keyring(tmp_path: Path) -> keyring.backend.KeyringBackend:
    from keyrings.alt.file import PlaintextKeyring

    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring_pass.cfg")  # type: ignore[misc]
    return backend


def _backend(kind: str, tmp_path: Path) -> keyring.backend.KeyringBackend:
    if kind == "error":
        return BrokenKeyring()
    if kind == "locked":
        return LockedKeyring()
    if kind == "fail":
        return fail.Keyring()
    return _plaintext_keyring(tmp_path)


CASES = [
    ("error", "keyring_failed", "отказало", "refused"),
    ("locked", "keyring_locked", "заблокировано", "is locked"),
    ("fail", "keyring_unavailable", "недоступно", "No secure password store"),
    ("plaintext", "keyring_insecure", "открытым текстом", "plain text"),
]


@pytest.mark.parametrize(("kind", "code", "ru", "en"), CASES)
def test_remember_is_refused_and_password_still_unlocks(tmp_path: Path, password: str, kind: str, code: str,
                                                        ru: str, en: str) -> None:
    path = tmp_path / "v.db"
    Vault.create(path, password).close()
    keyring.set_keyring(_backend(kind, tmp_path))
    with Vault.open(path, password) as vault:
        with pytest.raises(KeyringUnavailable) as info:
            vault.remember_key()
        assert info.value.message.code == code
        assert ru in info.value.text("ru")
        assert en in info.value.text("en")
        assert keystore.is_available() == (kind in ("error", "locked"))  # known-bad kinds are not offered
        vault.forget_key()  # forgetting on a refusing keyring is quiet
    assert keystore.recall(_vault_id(path)) is None
    with pytest.raises(WrongPassword):  # nothing remembered: the password is asked for
        opening.open_vault(path)
    with Vault.open(path, password) as vault:
        assert not vault.closed
    if kind == "plaintext":
        assert not (tmp_path / "keyring_pass.cfg").exists()


def _vault_id(path: Path) -> str:
    from clientbook.core.cipher import vault_id_of

    return vault_id_of(path)


@pytest.mark.parametrize(("kind", "code", "ru", "en"), CASES)
def test_create_with_remember_on_a_bad_keyring_warns_instead_of_failing(
        tmp_path: Path, password: str, kind: str, code: str, ru: str, en: str) -> None:
    keyring.set_keyring(_backend(kind, tmp_path))
    path = tmp_path / "v.db"
    with Vault.create(path, password, remember=True) as vault:
        assert [w.code for w in vault.warnings] == [code]
    with Vault.open(path, password) as vault:
        assert not vault.closed


def test_plaintext_member_of_a_chain_is_refused(tmp_path: Path, memory_keyring: keyring.backend.KeyringBackend,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from keyring.backends.chainer import ChainerBackend

    plaintext = _plaintext_keyring(tmp_path)
    monkeypatch.setattr(ChainerBackend, "backends", [plaintext, memory_keyring])
    keyring.set_keyring(ChainerBackend())
    with pytest.raises(KeyringUnavailable) as info:
        keystore.remember("abc", b"\x01" * 32)
    assert info.value.message.code == "keyring_insecure"
    assert not (tmp_path / "keyring_pass.cfg").exists()


def test_remembered_key_unlocks_without_password_and_can_be_forgotten(tmp_path: Path, password: str,
                                                                      memory_keyring: keyring.backend.KeyringBackend
                                                                      ) -> None:
    path = tmp_path / "v.db"
    with Vault.create(path, password, remember=True) as vault:
        vault_id = vault.id
        assert vault.warnings == []
    stored = memory_keyring.get_password(keystore.SERVICE, vault_id)
    assert stored is not None and len(stored) == 64  # the raw key in hex, not the password
    assert password not in stored
    with opening.open_vault(path) as vault:
        vault.forget_key()
    with pytest.raises(WrongPassword):
        opening.open_vault(path)


def test_stale_remembered_key_is_a_wrong_password(tmp_path: Path, password: str,
                                                  memory_keyring: keyring.backend.KeyringBackend) -> None:
    path = tmp_path / "v.db"
    with Vault.create(path, password) as vault:
        vault_id = vault.id
    memory_keyring.set_password(keystore.SERVICE, vault_id, "00" * 32)
    before = path.read_bytes()
    with pytest.raises(WrongPassword):
        opening.open_vault(path)
    assert path.read_bytes() == before
