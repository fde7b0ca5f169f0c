"""The password policy, one for every front end: how long, how strong, not the old one again.

The CLI (`init`, `demo`, `passwd`) and the desktop dialogs (create, change) both ask these
functions, so a password refused in one is refused in the other with the same words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clientbook.core.cipher import derive_key, read_salt
from clientbook.core.errors import KnownError, WrongPassword
from clientbook.core.messages import register

if TYPE_CHECKING:
    from clientbook.core.vault import Vault

register({
    "password_too_short": {
        "ru": "Пароль слишком короткий: нужно не меньше {min} символов.",
        "en": "The password is too short: use at least {min} characters.",
    },
    "password_same": {
        "ru": "Новый пароль совпадает со старым; ничего не изменено.",
        "en": "The new password is the same as the old one; nothing was changed.",
    },
})

MIN_LENGTH = 8
TOO_SHORT, WEAK, FAIR, STRONG = range(4)


def strength(password: str) -> int:
    """TOO_SHORT, WEAK, FAIR or STRONG: length counts most, then variety of character classes."""
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    classes = sum([any(c.islower() for c in password), any(c.isupper() for c in password),
                   any(c.isdigit() for c in password), any(not c.isalnum() for c in password)])
    score = 1 + (len(password) >= 12) + (classes >= 3 or len(password) >= 16)
    return min(score, STRONG)


def check_new(password: str) -> None:
    """A password chosen for a new vault or as a new one: KnownError saying why it is refused."""
    if not password:
        raise KnownError("password_empty")
    if strength(password) == TOO_SHORT:
        raise KnownError("password_too_short", min=MIN_LENGTH)


def is_current(vault: Vault, password: str) -> bool:
    """Whether `password` opens `vault` now (one key derivation, about 0.1 s)."""
    return bool(password) and derive_key(password, read_salt(vault.path)) == vault.raw_key


def check_change(vault: Vault, new_password: str, *, current: str | None = None) -> None:
    """Before a rekey: the current password when the front end asked for it, then the new one.

    With `current` verified, "the same as the old one" is a string comparison: no second derivation.
    """
    if current is not None and not is_current(vault, current):
        raise WrongPassword()
    check_new(new_password)
    same = new_password == current if current is not None else is_current(vault, new_password)
    if same:
        raise KnownError("password_same")
