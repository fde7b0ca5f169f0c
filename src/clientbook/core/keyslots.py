"""The keyslot file beside a vault (`clientbook.db.keys`): how each user's password opens the file.

JSON, owner-only, written atomically under a lock file. It holds nothing a thief can use without a
password: per user name

- `kdf`: scrypt (N=2^16, r=8, p=1: 64 MiB and about 0.2 s per try) with the user's own salt;
- `secret`: AES-256-GCM under the scrypt key of the user's own X25519 private key and private-note
  key. Only that password opens it, and it never changes when the vault is re-keyed, so the owner
  cannot read another user's private notes;
- `public`: the X25519 public key, so whoever holds the vault key can hand it to this user:
- `grant`: the current SQLCipher raw key (and, for users allowed, the sensitive-field key), sealed
  to `public` (ephemeral X25519 + HKDF-SHA256 + AES-256-GCM, bound to the user name). Re-keying the vault (a user removed, the owner's password changed) rewrites every grant
  without anybody else's password.

Roles are not here: they live in the `users` table inside the encrypted file. `failures` counts
wrong passwords per user for throttling and for the audit at the next successful unlock. A vault
without this file, or with no users in it, is a single-user vault opened by the owner's password.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import filelock
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from clientbook.core import sealing
from clientbook.core.errors import KnownError, WrongPassword
from clientbook.core.messages import register

log = logging.getLogger(__name__)

register({
    "keyslots_unreadable": {
        "ru": "Файл ключей пользователей «{name}» повреждён или не читается. Восстановите его из резервной "
              "копии (он лежит рядом с ней); пароль владельца открывает базу и без него.",
        "en": "The users' key file “{name}” is damaged or unreadable. Restore it from a backup (it lies "
              "beside it); the owner's password opens the vault without it.",
    },
})

SUFFIX = ".keys"
FORMAT = 1
SCRYPT_N = 2 ** 16
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
TEMP_MARK = ".tmp-"


@dataclass(frozen=True)
class UserSecrets:
    """What only the user's password opens: their X25519 private key and their private-note key."""

    exchange: bytes  # X25519 private key, raw 32 bytes
    private_key: bytes  # seals this user's private notes

    @classmethod
    def new(cls) -> UserSecrets:
        from cryptography.hazmat.primitives import serialization

        key = X25519PrivateKey.generate()
        raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
        return cls(raw, sealing.new_key())

    def public_hex(self) -> str:
        from cryptography.hazmat.primitives import serialization

        public = X25519PrivateKey.from_private_bytes(self.exchange).public_key()
        return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


@dataclass(frozen=True)
class Grant:
    """What whoever holds the vault key hands a user: the raw key and maybe the sensitive key."""

    raw_key: bytes
    sensitive_key: bytes | None
    # the key the file had before a re-key in progress: it opens the file if the re-key did not
    # happen (the keyslots are written first, the file second, so a crash between leaves both usable)
    previous: bytes | None = None


def keys_path(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + SUFFIX)


def empty() -> dict[str, Any]:
    return {"format": FORMAT, "owner": None, "users": {}, "failures": {}}


def read(path: Path) -> dict[str, Any]:
    """The keyslot file of the vault at `path` (an empty one when there is none)."""
    target = keys_path(path)
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return empty()
    except (OSError, ValueError) as exc:
        raise KnownError("keyslots_unreadable", name=target.name) from exc
    if not isinstance(data, dict) or not isinstance(data.get("users"), dict):
        raise KnownError("keyslots_unreadable", name=target.name)
    data.setdefault("failures", {})
    data.setdefault("owner", None)
    return data


def names(path: Path) -> list[str]:
    """User names with a keyslot (empty for a single-user vault), readable while locked."""
    try:
        return sorted(read(path)["users"])
    except KnownError:
        return []


def _write_atomic(target: Path, payload: bytes) -> None:
    temp = target.with_name(f".{target.name}{TEMP_MARK}{secrets.token_hex(4)}")
    try:
        fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, target)
        if os.name == "posix":
            dir_fd = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def write(path: Path, data: dict[str, Any]) -> None:
    _write_atomic(keys_path(path), json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))


@contextlib.contextmanager
def updating(path: Path) -> Iterator[dict[str, Any]]:
    """Read-modify-write the keyslot file under its lock file; written only if the block succeeds."""
    lock = filelock.FileLock(str(keys_path(path)) + ".lock", mode=0o600, is_singleton=False)
    with lock:
        data = read(path)
        yield data
        write(path, data)


# ---- a user's own slot -----------------------------------------------------------------------------
def _kek(password: str, kdf: dict[str, Any]) -> bytes:
    if not password:
        raise KnownError("password_empty")
    return Scrypt(salt=bytes.fromhex(kdf["salt"]), length=32, n=int(kdf["n"]), r=int(kdf["r"]),
                  p=int(kdf["p"])).derive(password.encode("utf-8"))


def _slot_aad(name: str) -> bytes:
    return b"clientbook keyslot:" + name.encode("utf-8")


def make_slot(name: str, password: str, user_secrets: UserSecrets) -> dict[str, Any]:
    """A new slot for `name` (no grant yet: `give` adds it)."""
    kdf = {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": os.urandom(SALT_BYTES).hex()}
    payload = json.dumps({"exchange": user_secrets.exchange.hex(), "private": user_secrets.private_key.hex()})
    secret = sealing.seal(_kek(password, kdf), payload, _slot_aad(name))
    return {"kdf": kdf, "secret": secret.hex(), "public": user_secrets.public_hex(), "grant": None}


def open_slot(name: str, slot: dict[str, Any], password: str) -> UserSecrets:
    """The user's secrets; WrongPassword when the password does not open the slot."""
    try:
        payload = json.loads(sealing.unseal(_kek(password, slot["kdf"]), bytes.fromhex(slot["secret"]), _slot_aad(name)))
    except KnownError as exc:
        if exc.message.code == "password_empty":
            raise
        raise WrongPassword() from exc
    return UserSecrets(bytes.fromhex(payload["exchange"]), bytes.fromhex(payload["private"]))


# ---- grants: the vault key handed to a user's public key ----------------------------------------------
def _grant_key(shared: bytes, name: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"clientbook grant:" + name.encode("utf-8")).derive(shared)


def _grant_aad(name: str) -> bytes:
    return b"clientbook grant:" + name.encode("utf-8")


def give(slot: dict[str, Any], name: str, grant: Grant) -> None:
    """Seal `grant` to the slot's public key (replacing the grant it had)."""
    from cryptography.hazmat.primitives import serialization

    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(bytes.fromhex(slot["public"])))
    payload = json.dumps({"vault": grant.raw_key.hex(),
                          "sensitive": grant.sensitive_key.hex() if grant.sensitive_key else None,
                          "previous": grant.previous.hex() if grant.previous else None})
    blob = sealing.seal(_grant_key(shared, name), payload, _grant_aad(name))
    eph_public = ephemeral.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    slot["grant"] = {"ephemeral": eph_public.hex(), "sealed": blob.hex()}


def take(slot: dict[str, Any], name: str, user_secrets: UserSecrets) -> Grant:
    """Open the slot's grant with the user's secrets (WrongPassword if it has none or it is damaged)."""
    grant = slot.get("grant")
    if not grant:
        raise WrongPassword()
    shared = X25519PrivateKey.from_private_bytes(user_secrets.exchange).exchange(
        X25519PublicKey.from_public_bytes(bytes.fromhex(grant["ephemeral"])))
    try:
        payload = json.loads(sealing.unseal(_grant_key(shared, name), bytes.fromhex(grant["sealed"]),
                                            _grant_aad(name)))
    except KnownError as exc:
        raise WrongPassword() from exc
    sensitive, previous = payload.get("sensitive"), payload.get("previous")
    return Grant(bytes.fromhex(payload["vault"]), bytes.fromhex(sensitive) if sensitive else None,
                 bytes.fromhex(previous) if previous else None)


# ---- failed log-ins ----------------------------------------------------------------------------------
THROTTLE_AFTER = 5  # wrong passwords in a row before attempts are slowed
THROTTLE_BASE_S = 15  # the wait after the fifth, doubled with each further one
THROTTLE_MAX_S = 15 * 60
MAX_PENDING = 100  # failed attempts kept for the audit per name
MAX_NAMES = 50  # names with failures kept apart
SINGLE = ""  # the failures of a single-user vault's one password


def now() -> dt.datetime:
    """The clock of throttling (tests move it)."""
    return dt.datetime.now(dt.UTC)


def wait_seconds(entry: dict[str, Any] | None, moment: dt.datetime | None = None) -> int:
    """How long the next attempt must wait (0: go ahead)."""
    if not entry or int(entry.get("count", 0)) < THROTTLE_AFTER:
        return 0
    delay = min(THROTTLE_BASE_S * 2 ** (int(entry["count"]) - THROTTLE_AFTER), THROTTLE_MAX_S)
    last = dt.datetime.fromisoformat(entry["last"])
    left = delay - ((moment or now()) - last).total_seconds()
    return max(0, int(left + 0.999))


def check_throttle(path: Path, name: str) -> None:
    """KnownError("login_throttled", seconds=N) while `name` must wait after wrong passwords."""
    try:
        entry = read(path)["failures"].get(name)
    except KnownError:
        return
    seconds = wait_seconds(entry)
    if seconds:
        raise KnownError("login_throttled", seconds=seconds)


def record_failure(path: Path, name: str) -> None:
    """One more wrong password for `name`; a folder that cannot be written to is let be."""
    moment = now().isoformat()
    try:
        with updating(path) as data:
            if name not in data["failures"] and len(data["failures"]) >= MAX_NAMES:
                name = SINGLE  # guessed names past the cap count together
            entry = data["failures"].setdefault(name, {"count": 0, "pending": []})
            entry["count"] = int(entry.get("count", 0)) + 1
            entry["last"] = moment
            entry["pending"] = (list(entry.get("pending", [])) + [moment])[-MAX_PENDING:]
    except (OSError, KnownError, filelock.Timeout) as exc:
        log.info("failed log-in not recorded: %s", type(exc).__name__)


def take_pending(path: Path, succeeded: str) -> dict[str, list[str]]:
    """The failed attempts not yet audited (by name), cleared; `succeeded`'s count is reset."""
    target = keys_path(path)
    if not target.exists():
        return {}
    try:
        with updating(path) as data:
            pending = {name: list(entry.get("pending", [])) for name, entry in data["failures"].items()
                       if entry.get("pending")}
            for entry in data["failures"].values():
                entry["pending"] = []
            data["failures"].pop(succeeded, None)
            data["failures"] = {n: e for n, e in data["failures"].items() if e.get("count")}
            nothing_left = not data["users"] and not data["failures"]
        if nothing_left:  # a single-user vault's file of failed attempts, all audited now
            with contextlib.suppress(OSError):
                target.unlink()
    except (OSError, KnownError, filelock.Timeout) as exc:
        log.info("failed log-ins not read: %s", type(exc).__name__)
        return {}
    return pending
