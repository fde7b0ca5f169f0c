"""Sealing a text with a 256-bit key: AES-256-GCM from `cryptography`, bound to its row.

A private note is sealed with its author's own key, a sensitive value with the key of the users
allowed to see it (clientbook.core.users hands out both). `aad` names the row the blob belongs to
(b"note:<interaction id>", b"custom:<field_id>:<client_id>"), so a blob copied onto another row does
not open there. The blob is one version byte, a 12-byte random nonce, then the ciphertext and tag.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from clientbook.core.errors import KnownError
from clientbook.core.messages import register

register({
    "sealed_unreadable": {
        "ru": "Зашифрованный текст не открывается этим ключом (он принадлежит другому пользователю или повреждён).",
        "en": "The sealed text does not open with this key (it belongs to another user or is damaged).",
    },
})

VERSION = b"\x01"
NONCE_BYTES = 12
KEY_BYTES = 32


def new_key() -> bytes:
    return os.urandom(KEY_BYTES)


def seal_bytes(key: bytes, data: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return VERSION + nonce + AESGCM(key).encrypt(nonce, data, aad)


def unseal_bytes(key: bytes, blob: bytes, aad: bytes) -> bytes:
    """The sealed bytes; KnownError("sealed_unreadable") for a wrong key, row or a damaged blob."""
    if len(blob) < 1 + NONCE_BYTES + 16 or blob[:1] != VERSION:
        raise KnownError("sealed_unreadable")
    try:
        return AESGCM(key).decrypt(blob[1:1 + NONCE_BYTES], blob[1 + NONCE_BYTES:], aad)
    except InvalidTag as exc:
        raise KnownError("sealed_unreadable") from exc


def seal(key: bytes, text: str, aad: bytes) -> bytes:
    return seal_bytes(key, text.encode("utf-8"), aad)


def unseal(key: bytes, blob: bytes, aad: bytes) -> str:
    return unseal_bytes(key, blob, aad).decode("utf-8")
