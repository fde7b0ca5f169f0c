"""Test helpers for sensitive fields: run a vault's sessions as a user who may, or may not, see them.

Until `clientbook.core.users` / `clientbook.core.sealing` land (#15, helper "users"), this is a
minimal stand-in that lives ONLY here: `Vault.session()` is wrapped to put a user and the sensitive
key in `session.info`, as the users contract says it will, and an AES-GCM `sealing` module is
provided when the real one is missing. When they exist, the real ones are used.
"""

from __future__ import annotations

import importlib
import os
import sys
import types
from dataclasses import dataclass, field
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from clientbook.core.vault import Vault


@dataclass(frozen=True)
class StandInUser:
    name: str
    role: str
    permissions: frozenset[str] = field(default_factory=frozenset)

    def can(self, perm: str) -> bool:
        return self.role == "owner" or perm in self.permissions

    @property
    def is_owner(self) -> bool:
        return self.role == "owner"


def _stand_in_sealing() -> types.ModuleType:
    module = types.ModuleType("clientbook.core.sealing")

    def seal(key: bytes, text: str, aad: bytes) -> bytes:
        nonce = os.urandom(12)
        return nonce + AESGCM(key).encrypt(nonce, text.encode("utf-8"), aad)

    def unseal(key: bytes, blob: bytes, aad: bytes) -> str:
        return AESGCM(key).decrypt(blob[:12], blob[12:], aad).decode("utf-8")

    module.seal = seal  # type: ignore[attr-defined]
    module.unseal = unseal  # type: ignore[attr-defined]
    return module


def ensure_sealing(monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        importlib.import_module("clientbook.core.sealing")
    except ImportError:
        import clientbook.core as core

        module = _stand_in_sealing()
        monkeypatch.setitem(sys.modules, "clientbook.core.sealing", module)
        monkeypatch.setattr(core, "sealing", module, raising=False)


class Users:
    """Switch who the vault's sessions run as: `users.be("owner")`, `users.be("manager")`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        ensure_sealing(monkeypatch)
        self.key = os.urandom(32)
        self.user: Any = StandInUser("owner", "owner")
        original = Vault.session
        helper = self

        def session(vault: Vault, **kwargs: Any) -> Any:
            s = original(vault, **kwargs)
            s.info["user"] = helper.user
            s.info["sensitive_key"] = helper.key if helper.user.can("see_sensitive") else None
            return s

        monkeypatch.setattr(Vault, "session", session)

    def be(self, role: str, *permissions: str) -> None:
        self.user = StandInUser(role, role, frozenset(permissions or
                                                      ({"edit", "export"} if role == "manager" else ())))
