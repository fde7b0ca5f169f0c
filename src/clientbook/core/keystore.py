"""Remembering a vault's raw key on this computer through the OS keyring.

Only a keyring that keeps secrets encrypted is accepted: the fail/null backends and the plaintext
file backends of `keyrings.alt` are refused, so the key is never stored anywhere else
(unlike Vorta's plaintext fallback).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from clientbook.core.errors import KeyringUnavailable
from clientbook.core.messages import register

if TYPE_CHECKING:
    import keyring.backend

# `keyring` (0.1 s of imports: its backends are found through entry points) loads on the first use,
# so a command given a password starts without it.

log = logging.getLogger(__name__)

register({
    "keyring_locked": {
        "ru": "Хранилище паролей заблокировано; ключ не сохранён. Пароль придётся вводить при открытии.",
        "en": "The password store is locked; the key was not saved. You will be asked for the password.",
    },
})

SERVICE = "clientbook"

# Backends that store secrets unencrypted or not at all (module.class names).
_INSECURE_BACKENDS = {
    "keyrings.alt.file.PlaintextKeyring",
    "keyrings.alt.Gnome.Keyring",
    "keyrings.alt.pyfs.PlaintextKeyring",
    "keyrings.alt.multi.MultipartKeyringWrapper",
}
_NO_BACKENDS = {"keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"}


def _backend_name(backend: keyring.backend.KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _check_backend() -> keyring.backend.KeyringBackend:
    import keyring

    backend = keyring.get_keyring()
    name = _backend_name(backend)
    if name in _NO_BACKENDS:
        raise KeyringUnavailable("keyring_unavailable")
    if name in _INSECURE_BACKENDS or "plaintext" in name.lower():
        raise KeyringUnavailable("keyring_insecure")
    # A chainer hides its members; refuse if any member is insecure and it would pick it.
    for member in getattr(backend, "backends", []) or []:
        member_name = _backend_name(member)
        if member_name in _INSECURE_BACKENDS or "plaintext" in member_name.lower():
            raise KeyringUnavailable("keyring_insecure")
    return backend


def is_available() -> bool:
    try:
        _check_backend()
    except KeyringUnavailable:
        return False
    return True


def remember(vault_id: str, raw_key: bytes) -> None:
    """Store the raw key; raises KeyringUnavailable with the reason if it cannot be kept safely."""
    import keyring.errors

    backend = _check_backend()
    try:
        backend.set_password(SERVICE, vault_id, raw_key.hex())
    except keyring.errors.KeyringLocked as exc:
        raise KeyringUnavailable("keyring_locked") from exc
    except keyring.errors.KeyringError as exc:
        log.info("keyring refused to store a key: %s", type(exc).__name__)
        raise KeyringUnavailable("keyring_failed", detail=type(exc).__name__) from exc


def recall(vault_id: str) -> bytes | None:
    """The remembered key, or None when there is none or the keyring cannot be used."""
    import keyring.errors

    try:
        backend = _check_backend()
        stored = backend.get_password(SERVICE, vault_id)
    except (KeyringUnavailable, keyring.errors.KeyringError) as exc:
        log.info("no remembered key: %s", type(exc).__name__)
        return None
    if not stored:
        return None
    try:
        return bytes.fromhex(stored)
    except ValueError:
        return None


def forget(vault_id: str) -> None:
    import keyring.errors

    try:
        backend = _check_backend()
        backend.delete_password(SERVICE, vault_id)
    except (KeyringUnavailable, keyring.errors.KeyringError):
        pass
