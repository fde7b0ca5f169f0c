"""SQLCipher 4 at the byte level: key derivation, keying a connection, rekey, page HMAC checks.

The one place that knows how a vault file is encrypted, so the vault, backups and erasure in backups
share it instead of reaching into each other (it imports nothing of Clientbook but its errors).

API (all functions take plain paths, keys and DBAPI connections):
- `derive_key(password, salt)`: PBKDF2-HMAC-SHA512, 256,000 rounds, exactly SQLCipher 4's own
  derivation, so a file opened with the password in another SQLCipher tool opens the same way;
- `read_salt(path)` (the file's first 16 bytes), `vault_id_of(path)` (its hex: the keyring's name);
- `keyed(conn, raw_key, salt=None)`: key a fresh connection (the key never goes into a URL or a log);
- `rekey(conn, new_key)`: re-encrypt the whole file under a new key, in one transaction;
- `page_ok(path, raw_key, page_no)`: one page's HMAC; `damaged_pages(path, raw_key, ...)`: every page's,
  in chunks with progress and cancel (the check `PRAGMA cipher_integrity_check` makes, no decryption).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import os
import time
from collections.abc import Callable
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from clientbook.core.errors import KnownError

KDF_ITERATIONS = 256_000  # SQLCipher 4 default; never lowered
KEY_BYTES = 32
SALT_BYTES = 16
PAGE_SIZE = 4096
PAGE_RESERVE_HMAC = 64  # SQLCipher 4: each page ends with IV (16 bytes) + HMAC-SHA512 (64 bytes)
# SQLite never writes the page holding byte 2^30 (its locks live there), so in a file past 1 GiB it
# reads as zeros and has no HMAC; SQLCipher's own check skips it too.
LOCK_BYTE_PAGE = 2 ** 30 // PAGE_SIZE + 1
SQLITE_HEADER = b"SQLite format 3\x00"  # a plain, unencrypted SQLite file starts so
_VERIFY_CHUNK_PAGES = 256  # 1 MB read at a time: progress and cancel between chunks


def derive_key(password: str, salt: bytes) -> bytes:
    """SQLCipher 4's key derivation, done once per unlock (about 0.1 s of CPU)."""
    if not password:
        raise KnownError("password_empty")
    return hashlib.pbkdf2_hmac("sha512", password.encode("utf-8"), salt, KDF_ITERATIONS, KEY_BYTES)


def read_salt(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(SALT_BYTES)


def vault_id_of(path: Path) -> str:
    """A stable, non-secret id: the file's salt. The keyring entry is filed under it."""
    return read_salt(path).hex()


def keyed(conn: sqlcipher.Connection, raw_key: bytes, salt: bytes | None = None) -> sqlcipher.Connection:
    """Key a fresh connection; SQLCipher's own stderr log is silenced (it would print on a wrong key).

    `salt` only when creating a file: an existing file's salt is read from it."""
    conn.execute("PRAGMA cipher_log_level = NONE")
    blob = raw_key.hex() + (salt.hex() if salt else "")
    conn.execute(f"PRAGMA key = \"x'{blob}'\"")
    return conn


def rekey(conn: sqlcipher.Connection, new_key: bytes) -> None:
    """Re-encrypt the file of a keyed connection under `new_key` (the salt stays); one transaction,
    so a failure (another writer, a full disk) leaves the old key working."""
    conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")


def _hmac_key(raw_key: bytes, salt: bytes) -> bytes:
    """The page HMAC key exactly as SQLCipher 4 derives it from a raw key."""
    return hashlib.pbkdf2_hmac("sha512", raw_key, bytes(b ^ 0x3A for b in salt), 2, KEY_BYTES)


def _mac_ok(mac: hmac.HMAC, page: bytes | memoryview, page_no: int) -> bool:
    """Whether one page's SQLCipher 4 HMAC (over ciphertext + IV + page number) verifies."""
    if len(page) < PAGE_SIZE:
        return False
    check = mac.copy()
    check.update(page[SALT_BYTES if page_no == 1 else 0:PAGE_SIZE - PAGE_RESERVE_HMAC])
    check.update(page_no.to_bytes(4, "little"))
    return hmac.compare_digest(check.digest(), bytes(page[PAGE_SIZE - PAGE_RESERVE_HMAC:PAGE_SIZE]))


def page_ok(path: Path, raw_key: bytes, page_no: int) -> bool:
    """Whether a page's SQLCipher 4 HMAC verifies under `raw_key`.

    Lets a damaged page 1 be told from a wrong password: with the right key page 2 still verifies.
    """
    mac = hmac.new(_hmac_key(raw_key, read_salt(path)), digestmod="sha512")
    with open(path, "rb") as fh:
        fh.seek((page_no - 1) * PAGE_SIZE)
        page = fh.read(PAGE_SIZE)
    return _mac_ok(mac, page, page_no)


def damaged_pages(path: Path, raw_key: bytes, progress: Callable[[int, int], None] | None = None,
                  should_cancel: Callable[[], bool] | None = None) -> list[int] | None:
    """Numbers of the pages of `path` whose HMAC fails; None if cancelled.

    The same check as `PRAGMA cipher_integrity_check`, but read in chunks so it reports progress and
    stops on cancel, and cheaper (no decryption). The vault may be in use meanwhile: a checkpoint
    can rewrite a page while it is read, so a failed page is read again before it counts.
    """
    mac = hmac.new(_hmac_key(raw_key, read_salt(path)), digestmod="sha512")
    total = path.stat().st_size // PAGE_SIZE
    suspects: list[int] = []
    page_no = 1
    with open(path, "rb", buffering=0) as fh:
        while page_no <= total:
            if should_cancel is not None and should_cancel():
                return None
            chunk = memoryview(fh.read(min(_VERIFY_CHUNK_PAGES, total - page_no + 1) * PAGE_SIZE))
            if len(chunk) < PAGE_SIZE:
                break  # the file shrank meanwhile (a checkpoint truncated it); the rest is gone
            for offset in range(0, len(chunk) - PAGE_SIZE + 1, PAGE_SIZE):
                if page_no != LOCK_BYTE_PAGE and not _mac_ok(mac, chunk[offset:offset + PAGE_SIZE], page_no):
                    suspects.append(page_no)
                page_no += 1
            if progress is not None:
                progress(page_no - 1, total)
    for _attempt in range(3):
        if not suspects:
            break
        time.sleep(0.05)
        suspects = [p for p in suspects if (p - 1) * PAGE_SIZE < path.stat().st_size
                    and not page_ok(path, raw_key, p)]
    return suspects


class PageCheck:
    """Every page's HMAC of a file nobody writes (a fresh backup). Unlike `damaged_pages`, no re-read:
    a failed page is damage. Either `run()` from any number of threads (each takes the next 1 MB
    chunk: hashlib lets go of the GIL on every page, so two threads check on two cores), or `check()`
    on chunks a caller has read already (backup.hash_and_check: one read for the sha256 and the HMACs)."""

    def __init__(self, path: Path, raw_key: bytes) -> None:
        self.path = path
        self.mac = hmac.new(_hmac_key(raw_key, read_salt(path)), digestmod="sha512")
        self.total = path.stat().st_size // PAGE_SIZE
        self._chunks = itertools.count()  # next() is atomic under the GIL: each chunk goes to one thread
        self._bad: list[int] = []

    @property
    def bad(self) -> list[int]:
        """The failed page numbers so far (all of them once every `run()` / `check()` has returned)."""
        return sorted(self._bad)

    def check(self, first: int, view: bytes | memoryview, pages: int) -> None:
        """Check `pages` pages from page number `first` held in `view`; those `view` is short of fail."""
        copy, same, end = self.mac.copy, hmac.compare_digest, PAGE_SIZE - PAGE_RESERVE_HMAC
        view = memoryview(view)
        bad: list[int] = []
        page_no = first
        for offset in range(0, min(len(view), pages * PAGE_SIZE) - PAGE_SIZE + 1, PAGE_SIZE):
            check = copy()  # `_mac_ok` inlined: 10 % less CPU
            check.update(view[offset + (SALT_BYTES if page_no == 1 else 0):offset + end])
            check.update(page_no.to_bytes(4, "little"))
            if not same(check.digest(), view[offset + end:offset + PAGE_SIZE]) and page_no != LOCK_BYTE_PAGE:
                bad.append(page_no)
            page_no += 1
        bad.extend(range(page_no, first + pages))  # the file is shorter than it was: the missing pages fail
        self._bad.extend(bad)

    def run(self) -> None:
        total, step = self.total, _VERIFY_CHUNK_PAGES
        with open(self.path, "rb", buffering=0) as fh:
            while (first := next(self._chunks) * step + 1) <= total:
                pages = min(step, total - first + 1)
                self.check(first, os.pread(fh.fileno(), pages * PAGE_SIZE, (first - 1) * PAGE_SIZE), pages)
