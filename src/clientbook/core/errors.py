"""Known errors: things a user can cause and understand, shown in plain words.

Anything else that escapes is a bug (qutebrowser's KnownError/BugError split): the fronts show known
errors as one line and let bugs reach the crash handler.
"""

from __future__ import annotations

from typing import Any

from clientbook.core.messages import Message, join_sentences


class KnownError(Exception):
    """An error with a message for the user, in their language."""

    code = "known"

    def __init__(self, code: str | None = None, **params: Any) -> None:
        self.message = Message(code or self.code, params)
        super().__init__(self.message.text("en"))

    def text(self, lang: str | None = None) -> str:
        return self.message.text(lang)


class VaultError(KnownError):
    pass


class WrongPassword(VaultError):
    code = "wrong_password"


class NotAVault(VaultError):
    code = "not_a_vault"


class VaultLocked(VaultError):
    code = "vault_locked"


class VaultBusy(VaultError):
    """Another thread's write holds the vault longer than this thread may wait (`write_waits`)."""

    code = "vault_busy"


class VaultDamaged(VaultError):
    code = "vault_damaged"


class VaultTooNew(VaultError):
    code = "vault_too_new"


class VaultMissing(VaultError):
    code = "vault_missing"


class VaultExists(VaultError):
    code = "vault_exists"


class KeyringUnavailable(KnownError):
    code = "keyring_unavailable"


class StaleVersion(KnownError):
    code = "stale_version"


class NotFound(KnownError):
    code = "not_found"


class DiskFull(KnownError):
    code = "disk_full"


class ValidationError(KnownError):
    """Per-field problems; `errors` maps a field name to its message."""

    code = "validation"

    def __init__(self, errors: dict[str, Message]) -> None:
        self.errors = errors
        self.message = next(iter(errors.values())) if errors else Message("required")
        Exception.__init__(self, "; ".join(f"{k}: {v.text('en')}" for k, v in errors.items()))

    def text(self, lang: str | None = None) -> str:
        return join_sentences(m.text(lang) for m in self.errors.values())
