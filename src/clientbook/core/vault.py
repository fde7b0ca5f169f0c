"""The vault: one SQLCipher 4 file per client base.

The password is stretched once per unlock (PBKDF2-HMAC-SHA512, 256,000 iterations, the salt in the
file's first 16 bytes: exactly SQLCipher 4's own derivation), and every new DBAPI connection is then
keyed with the raw key, which costs well under a millisecond instead of ~0.1 s. The key never goes
into a URL or a log. A file opened with the password in another SQLCipher tool opens the same way.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import getpass
import logging
import os
import secrets
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import filelock
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from clientbook.core import audit as _audit  # registers the audit hook
from clientbook.core import keystore, migrate, rights, users, write_waits
from clientbook.core import search as _search  # noqa: F401  (keeps the search index in sync)
from clientbook.core.cipher import (
    PAGE_SIZE,
    SALT_BYTES,
    SQLITE_HEADER,
    damaged_pages,
    derive_key,
    keyed,
    page_ok,
    read_salt,
    rekey,
    vault_id_of,
)
from clientbook.core.errors import (
    KeyringUnavailable,
    KnownError,
    NotAVault,
    VaultDamaged,
    VaultExists,
    VaultLocked,
    VaultMissing,
    WrongPassword,
)
from clientbook.core.failures import is_damage
from clientbook.core.late_checkpoint import LateCheckpoints
from clientbook.core.messages import Message, register
from clientbook.core.paths import private_dir
from clientbook.core.textnorm import fold

register({
    "vault_folder_readonly": {
        "ru": "В папку «{folder}» с базой нельзя записывать (только чтение или чужие права). Эта команда "
              "меняет базу или отмечает себя в журнале изменений, поэтому не выполнена; stats, search, check, "
              "dedup, quality и backups работают и так. Чтобы изменить данные, разрешите запись в папку.",
        "en": "The folder “{folder}” holding the vault cannot be written to (read-only or not yours). This "
              "command changes the vault or records itself in its change log, so it did not run; stats, "
              "search, check, dedup, quality and backups still work. To change data, make the folder writable.",
    },
    "vault_readonly_unclean": {
        "ru": "База «{name}» в папке только для чтения не была закрыта штатно: её последние изменения лежат "
              "в файле «{name}-wal», применить который можно только с правом записи. Разрешите запись в папку.",
        "en": "The vault “{name}” in a read-only folder was not closed cleanly: its last changes are in "
              "“{name}-wal”, which can only be applied with write access. Make the folder writable.",
    },
    "keyring_multi_user": {
        "ru": "В базе с несколькими пользователями ключ не запоминается: каждый входит своим паролем.",
        "en": "A vault with several users does not remember its key: each user unlocks with their own password.",
    },
    "password_not_changed": {
        "ru": "Пароль не изменён: база «{name}» занята другой операцией. Повторите позже.",
        "en": "The password was not changed: the vault “{name}” is busy with another operation. Try again later.",
    },
})

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 30.0  # how long a connection waits for another writer before giving up
# Files up to this size get every page's HMAC checked while opening (about 0.1 s of CPU); bigger
# ones are opened at once and checked by `verify_pages` in the background (1.3 s CPU at 550 MB).
VERIFY_ON_OPEN_BYTES = 32 * 1024 * 1024
_COUNTED = ("clients", "interactions", "audit", "users")  # compared after a re-key into a fresh file
NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "fuse.sshfs", "afs", "ncpfs",
                       "9p", "fuse.rclone", "davfs", "fuse.davfs2"}


def network_filesystem(path: Path, mounts_text: str | None = None) -> str | None:
    """The network file system type holding `path` (nfs, cifs…), or None for a local disk.

    SQLite's locking is unreliable over network shares, so the user is warned.
    """
    if sys.platform == "win32":
        resolved = str(path.resolve())
        if resolved.startswith("\\\\"):
            return "smb"
        try:
            import ctypes

            drive = os.path.splitdrive(resolved)[0] + "\\"
            if ctypes.windll.kernel32.GetDriveTypeW(drive) == 4:  # type: ignore[attr-defined]
                return "smb"
        except (OSError, AttributeError):
            return None
        return None
    if mounts_text is None:
        try:
            mounts_text = Path("/proc/mounts").read_text()
        except OSError:
            return None
    target = str(path.resolve(strict=False))
    best: tuple[int, str] = (-1, "")
    for line in mounts_text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        if (target == mount_point or target.startswith(mount_point.rstrip("/") + "/")) and len(mount_point) > best[0]:
            best = (len(mount_point), parts[2])
    fstype = best[1]
    return fstype if fstype in NETWORK_FILESYSTEMS else None


def _create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only; SQLite's -wal/-shm inherit the mode."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    if os.name == "posix":
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


@dataclass
class CheckResult:
    """The outcome of "Check file"."""

    cipher_ok: bool
    integrity_ok: bool
    audit_ok: bool
    problems: list[str]

    @property
    def ok(self) -> bool:
        return self.cipher_ok and self.integrity_ok and self.audit_ok


class Vault:
    """An open, unlocked vault. Create with `Vault.create` or `Vault.open`; close with `close()`."""

    def __init__(self, path: Path, raw_key: bytes, lock: filelock.BaseFileLock | _NoLock, actor: str) -> None:
        self.path = path
        self._raw_key: bytearray | None = bytearray(raw_key)  # zeroed and dropped on close/lock
        self._lock = lock
        self._actor = actor
        self.id = vault_id_of(path)
        self.warnings: list[Message] = []
        # Opened for reading from a read-only folder (no lock file could be made there): every
        # connection is read-only and treats the file as unchanging (see `_readonly_fallback`).
        self.read_only = isinstance(lock, _NoLock)
        self.engine = self._make_engine()
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._beside: list[threading.Thread] = []  # threads using the key after their caller returned
        self._beside_guard = threading.Lock()
        self.late_checkpoints = LateCheckpoints(self.engine, self._connect, self.run_beside)
        self._closed = False
        self._write_lock = threading.RLock()
        # Opened without the page check (a big file): run `verify_pages` soon, off the GUI thread.
        self.pages_unverified = False
        # What the user's password opened in a multi-user vault (clientbook.core.users); None when
        # opened by the owner's password alone or by a raw key.
        self.keys: users.UserKeys | None = None
        self._user: rights.CurrentUser | None = None
        self._sensitive: tuple[bytes | None] | None = None  # the sensitive key, once read
        self._multi: bool | None = None
        self.audit_lock = False  # a multi-user log-in was audited: so is the lock

    # ---- opening -------------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | os.PathLike[str], password: str, *, remember: bool = False,
               actor: str | None = None) -> Vault:
        """Make a new empty vault at `path` (refuses to overwrite) and open it."""
        path = Path(path)
        refuse_existing(path)
        private_dir(path.parent)
        salt = secrets.token_bytes(SALT_BYTES)
        raw_key = derive_key(password, salt)
        lock = _acquire_lock(path)
        try:
            if not path.exists():
                _create_private_file(path)
            conn = sqlcipher.connect(str(path))
            try:
                keyed(conn, raw_key, salt)
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("CREATE TABLE IF NOT EXISTS _bootstrap(x)")
                conn.execute("DROP TABLE _bootstrap")
                conn.commit()
            finally:
                conn.close()
            vault = cls(path, raw_key, lock, actor or default_actor())
        except BaseException:
            lock.release()
            with contextlib.suppress(OSError):
                if path.exists() and path.stat().st_size == 0:
                    path.unlink()
            raise
        try:
            migrate.upgrade_to_head(vault)  # an empty file: the whole schema, nothing to keep a copy of
            users.ensure_keys(vault)
            vault._warn_if_network()
            if remember:
                try:
                    vault.remember_key()
                except KeyringUnavailable as exc:  # the new vault is fine; only "remember" is refused
                    vault.warnings.append(exc.message)
        except BaseException:
            vault.close()
            raise
        return vault

    @classmethod
    def open(cls, path: str | os.PathLike[str], password: str | None = None, *, raw_key: bytes | None = None,
             actor: str | None = None, verify: bool = True, read_only: bool = False) -> Vault:
        """Unlock an existing vault by password or raw key, as it is: no migration, no keyring.

        Front ends open through `clientbook.core.opening`, which tries the remembered key, makes a
        restore point and migrates. Wrong password or not-a-vault leaves the file untouched: it is only
        read before the validation query succeeds. `read_only`: the caller only reads, so a folder
        where no lock file can be made (read-only media, another user's folder) is no obstacle: see
        `_readonly_fallback`.
        """
        path = Path(path)
        _precheck(path)
        if password is None and raw_key is None:
            raise WrongPassword()
        lock = _acquire_lock(path, read_only=read_only)
        try:
            if raw_key is None:
                assert password is not None
                raw_key = derive_key(password, read_salt(path))
            _validate_key(path, raw_key, immutable=isinstance(lock, _NoLock))
            vault = cls(path, raw_key, lock, actor or default_actor())
        except BaseException:
            lock.release()
            raise
        try:
            if verify and path.stat().st_size <= VERIFY_ON_OPEN_BYTES:
                vault._quick_damage_check()
            elif verify:
                vault.pages_unverified = True  # the UI runs verify_pages() in the background
            vault._warn_if_network()
        except BaseException:
            vault.close()
            raise
        return vault

    # ---- engine and sessions ---------------------------------------------------------------
    def _connect(self) -> sqlcipher.Connection:
        if self.read_only:
            return self._connect_read_only()
        conn = keyed(sqlcipher.connect(str(self.path), check_same_thread=False, timeout=BUSY_TIMEOUT_S),
                      self.raw_key)
        # Python's Unicode folding for SQL: SQLite's lower()/LIKE fold ASCII only (Cyrillic, ё stay apart).
        conn.create_function("cb_fold", 1, fold, deterministic=True)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL, not NORMAL: in WAL mode both survive a crash, but only FULL keeps the last saved card
        # through a power cut; it costs ~5 ms of a ~25 ms card save at 100,000 clients.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA cache_size = -32000")
        return conn

    def _connect_read_only(self) -> sqlcipher.Connection:
        """`immutable=1`: SQLite cannot open a WAL-mode file read-only without making `-shm` beside it;
        safe here because no lock file can be made in that folder, so no Clientbook writes to it."""
        uri = self.path.resolve().as_uri() + "?mode=ro&immutable=1"
        conn = keyed(sqlcipher.connect(uri, uri=True, check_same_thread=False), self.raw_key)
        conn.create_function("cb_fold", 1, fold, deterministic=True)
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA cache_size = -32000")
        return conn

    def _make_engine(self) -> Engine:
        # The plain sqlite dialect with SQLCipher's DBAPI module: the pysqlcipher dialect would run
        # its own `PRAGMA key` from the URL, and the key must never be in a URL.
        engine = create_engine(
            "sqlite://",
            creator=self._connect,
            module=sqlcipher,
            poolclass=QueuePool,
            pool_size=3,
            max_overflow=5,
            pool_pre_ping=False,
        )

        @event.listens_for(engine, "connect")
        def _no_pysqlite_transactions(dbapi_conn: Any, _rec: Any) -> None:
            # pysqlite's implicit BEGIN breaks SAVEPOINT; SQLAlchemy emits BEGIN itself.
            dbapi_conn.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN")

        @event.listens_for(engine, "handle_error")
        def _damage_is_known(context: Any) -> None:
            # A page whose HMAC fails mid-work (the open-time check was skipped or the file changed
            # since) reads as SQLITE_CORRUPT / NOTADB: tell the user "damaged, restore", not a traceback.
            if is_damage(context.original_exception):
                raise VaultDamaged(name=self.path.name) from context.original_exception

        return engine

    def session(self, *, actor: str | None = None, batch_id: int | None = None) -> Session:
        """A new unit of work. Use as a context manager; changes are audited on flush.

        `session.info` carries the actor (the audit's name), the user (CurrentUser, whose rights
        `rights.require` checks), the vault (for the user's keys) and the sensitive key. `actor` names
        a single-user vault's one person otherwise than `default_actor()`; in a multi-user vault
        the actor is always the unlocked user."""
        if self._closed:
            raise VaultLocked(name=self.path.name)
        user = self.user
        if actor and actor != user.name:
            if self.multi_user:
                actor = user.name  # every change of a multi-user vault is the unlocked user's
            else:  # a single-user vault's one person, named as the caller says (scripts, tests)
                user = dataclasses.replace(user, name=actor)
        session = self._sessions()
        session.info["actor"] = actor or self.actor
        session.info["batch_id"] = batch_id
        session.info["user"] = user
        session.info["vault"] = self  # the user's keys for sealing (clientbook.core.users)
        session.info["sensitive_key"] = self.sensitive_key
        return session

    # ---- the user ------------------------------------------------------------------------------
    @property
    def actor(self) -> str:
        """The name the audit records: the user's (`Vault.user.name`)."""
        return self._actor

    @actor.setter
    def actor(self, name: str) -> None:
        self._actor = name
        self._user = None  # a single-user vault's person renamed: the user follows

    @property
    def user(self) -> rights.CurrentUser:
        """Who works in this vault now, with their role's permissions (a single-user vault: its owner)."""
        if self._user is None:
            self._user = users.current_user(self)
        return self._user

    def reset_user(self) -> None:
        """Read the user's role again (it was changed, or the vault became multi-user)."""
        self._user = None
        self._sensitive = None
        self._multi = None

    @property
    def multi_user(self) -> bool:
        """Whether users unlock this vault with keyslots of their own (clientbook.core.users)."""
        if self._multi is None:
            self._multi = users.is_multi_user(self.path)
        return self._multi

    @property
    def private_key(self) -> bytes:
        """The current user's own key for private notes (their keyslot holds it, nobody else's)."""
        return users.private_key(self)

    @property
    def sensitive_key(self) -> bytes | None:
        """The key of sensitive fields; None when the current user may not see them (or a
        single-user vault opened as it is, which has not made its key yet)."""
        if self._sensitive is None:
            self._sensitive = (users.sensitive_key(self, create=False),)
        return self._sensitive[0]

    @contextlib.contextmanager
    def transaction(self, *, actor: str | None = None, batch_id: int | None = None) -> Iterator[Session]:
        """A session that commits on success and rolls back on any error."""
        with write_waits.holding(self._write_lock, self.path.name), \
                self.session(actor=actor, batch_id=batch_id) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def run_beside(self, target: Callable[[], None], name: str) -> threading.Thread:
        """Start work that goes on after its caller returns (a late checkpoint, a restore point made
        ahead): locking the vault waits for it, so it never outlives the key."""
        thread = threading.Thread(target=target, name=name, daemon=True)
        with self._beside_guard:
            self._beside = [t for t in self._beside if t.is_alive()]
            self._beside.append(thread)
        thread.start()
        return thread

    def wait_beside(self) -> None:
        """Until the work started by `run_beside` is done."""
        with self._beside_guard:
            threads, self._beside = self._beside, []
        for thread in threads:
            thread.join()

    def raw_connection(self) -> sqlcipher.Connection:
        """A keyed DBAPI connection outside the pool (backups, checks); the caller closes it."""
        return self._connect()

    @property
    def raw_key(self) -> bytes:
        """The key while unlocked; a locked (closed) vault no longer holds it."""
        if self._raw_key is None:
            raise VaultLocked(name=self.path.name)
        return bytes(self._raw_key)

    @property
    def closed(self) -> bool:
        return self._closed

    # ---- lifecycle -----------------------------------------------------------------------
    def close(self) -> None:
        """Lock the vault: every pooled connection is closed and the file lock released."""
        if self._closed:
            return
        self._closed = True
        try:
            self.wait_beside()  # they use the key; the full checkpoint below follows them
            if self.audit_lock and not self.read_only:
                with contextlib.suppress(Exception), self.engine.begin() as conn:
                    _audit.record(conn, [{"action": "lock", "entity": "user", "new": self.actor}], actor=self.actor)
            if not self.read_only:
                with contextlib.suppress(Exception), self.engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            self.engine.dispose()
        finally:
            self._forget_raw_key()
            self._lock.release()


    def _forget_raw_key(self) -> None:
        """Overwrite the key's bytes before dropping them (copies handed out earlier are the caller's)."""
        if self._raw_key is not None:
            self._raw_key[:] = bytes(len(self._raw_key))
            self._raw_key = None

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- key management --------------------------------------------------------------------
    def remember_key(self) -> None:
        """Keep the raw key in the OS keyring; raises KeyringUnavailable saying why not.

        Not for a multi-user vault: the key would open it without any user's password."""
        if users.is_multi_user(self.path):
            raise KeyringUnavailable("keyring_multi_user")
        keystore.remember(self.id, self.raw_key)

    def forget_key(self) -> None:
        keystore.forget(self.id)

    def change_password(self, new_password: str) -> None:
        """Re-encrypt with a new password (`PRAGMA rekey`); the salt, hence the vault id, stays.

        The keyring entry is updated only after the rekey succeeded. SQLCipher rekeys in one
        transaction, so a failure (another writer, disk full) leaves the old password working.
        """
        new_key = derive_key(new_password, read_salt(self.path))
        was_remembered = keystore.recall(self.id) == self.raw_key
        with write_waits.holding(self._write_lock, self.path.name):
            self.engine.dispose()
            conn = self._connect()
            try:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                rekey(conn, new_key)
            except sqlcipher.DatabaseError as exc:
                raise KnownError("password_not_changed", name=self.path.name) from exc
            finally:
                conn.close()
            self._forget_raw_key()
            self._raw_key = bytearray(new_key)
            self.engine.dispose()
        if was_remembered:
            with contextlib.suppress(KeyringUnavailable):
                keystore.remember(self.id, new_key)

    def rekey_with_new_salt(self, password: str, *, salt: bytes | None = None) -> str:
        """Write the vault into a fresh file with a new salt, keyed from `password` (SQLCipher's own
        derivation, so the password still opens it in any SQLCipher 4 tool), and put it in place.

        A new salt gives a new raw key from the same password: whoever kept the old key (a removed
        user's keyslot) opens nothing written from now on. `sqlcipher_export` copies the live rows
        only, so nothing deleted earlier comes along. Returns the old vault id (the salt changed)."""
        new_salt = salt or secrets.token_bytes(SALT_BYTES)
        new_key = derive_key(password, new_salt)
        temp = self.path.with_name(f".{self.path.name}.rekey-{secrets.token_hex(4)}")
        with write_waits.holding(self._write_lock, self.path.name):
            self.engine.dispose()
            try:
                _create_private_file(temp)
                conn = self._connect()
                try:
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    conn.execute("ATTACH DATABASE ? AS fresh KEY ?", (str(temp), f"x'{new_key.hex()}{new_salt.hex()}'"))
                    conn.execute("SELECT sqlcipher_export('fresh')")
                    before = [conn.execute(f'SELECT count(*) FROM main."{t}"').fetchone()[0] for t in _COUNTED]
                    after = [conn.execute(f'SELECT count(*) FROM fresh."{t}"').fetchone()[0] for t in _COUNTED]
                    conn.execute("DETACH DATABASE fresh")
                finally:
                    conn.close()
                if before != after:
                    raise KnownError("password_not_changed", name=self.path.name)
                fresh = keyed(sqlcipher.connect(str(temp)), new_key)
                try:
                    fresh.execute("PRAGMA journal_mode = WAL")
                    fresh.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                finally:
                    fresh.close()
                fd = os.open(temp, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
                for suffix in ("-wal", "-shm"):
                    with contextlib.suppress(FileNotFoundError):
                        self.path.with_name(self.path.name + suffix).unlink()
                os.replace(temp, self.path)
            except sqlcipher.DatabaseError as exc:
                raise KnownError("password_not_changed", name=self.path.name) from exc
            finally:
                for leftover in (temp, *(temp.with_name(temp.name + sfx) for sfx in ("-wal", "-shm", "-journal"))):
                    with contextlib.suppress(OSError):
                        leftover.unlink()
            old_id = self.id
            self._forget_raw_key()
            self._raw_key = bytearray(new_key)
            self.id = vault_id_of(self.path)
            self.engine.dispose()
        return old_id

    # ---- checks --------------------------------------------------------------------------
    def _quick_damage_check(self) -> None:
        """Every page's HMAC, so junk inside a small file is reported on open, not mid-work."""
        if not self.verify_pages():
            raise VaultDamaged(name=self.path.name)

    def verify_pages(self, progress: Callable[[int, int], None] | None = None,
                     should_cancel: Callable[[], bool] | None = None) -> bool | None:
        """Every page's HMAC (SPEC §17 check 3): True if intact, False if damaged, None if cancelled.

        Opening a big file skips this (it would cost seconds), so the UI runs it on a worker thread
        right after unlocking and tells the user to restore from a backup when it returns False.
        """
        bad = damaged_pages(self.path, self.raw_key, progress, should_cancel)
        if bad is None:
            return None
        if bad:
            # INFO, not ERROR: the caller tells the user (VaultDamaged); a log line would say it twice
            log.info("vault page check: %d damaged page(s), first %d", len(bad), bad[0])
            return False
        self.pages_unverified = False
        return True

    def check_file(self) -> CheckResult:
        """"Check file": page HMACs, SQLite's integrity check and the audit hash chain."""
        problems: list[str] = []
        conn = self._connect()
        try:
            try:
                cipher_rows = conn.execute("PRAGMA cipher_integrity_check").fetchall()
            except sqlcipher.DatabaseError as exc:
                cipher_rows = [(str(exc),)]
            problems += [f"cipher: {r[0]}" for r in cipher_rows]
            try:
                integrity = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
            except sqlcipher.DatabaseError as exc:
                integrity = [str(exc)]
            integrity_ok = integrity == ["ok"]
            if not integrity_ok:
                problems += [f"integrity: {r}" for r in integrity]
        finally:
            conn.close()
        with self.session() as session:
            chain = _audit.verify_audit_chain(session)
        if not chain.ok:
            problems.append(f"audit: chain broken at entry {chain.first_bad_id}")
        return CheckResult(not cipher_rows, integrity_ok, chain.ok, problems)

    def cipher_settings(self) -> dict[str, str]:
        conn = self._connect()
        try:
            rows = conn.execute("PRAGMA cipher_settings").fetchall()
        finally:
            conn.close()
        settings: dict[str, str] = {}
        for (line,) in rows:
            name, _, value = line.removeprefix("PRAGMA ").rstrip(";").partition(" = ")
            settings[name.strip()] = value.strip()
        return settings

    def _warn_if_network(self) -> None:
        if network_filesystem(self.path):
            self.warnings.append(Message("network_share"))


def default_actor() -> str:
    """Who is recorded in the audit: CLIENTBOOK_USER, else the OS account name."""
    env = os.environ.get("CLIENTBOOK_USER")
    if env:
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "owner"


def refuse_existing(path: Path) -> None:
    """A new vault never overwrites a file with anything in it (VaultExists)."""
    if path.exists() and path.stat().st_size > 0:
        raise VaultExists(name=path.name)


def _precheck(path: Path) -> None:
    if not path.exists():
        raise VaultMissing(name=path.name)
    size = path.stat().st_size
    if size == 0:
        raise NotAVault("empty_file", name=path.name)
    header = read_salt(path)
    if header == SQLITE_HEADER:
        raise NotAVault("plain_sqlite", name=path.name)
    if size < PAGE_SIZE or size % PAGE_SIZE:
        raise NotAVault(name=path.name)


class _NoLock:
    """Stands for the lock file when a read-only folder allows none (see `_readonly_fallback`)."""

    def release(self) -> None:
        pass


def _readonly_fallback(path: Path, exc: OSError, read_only: bool) -> _NoLock:
    """No lock file can be made or opened beside the vault. A reader goes on without one: nobody
    else can make it either, so no Clientbook is writing there. A writer is told plainly why not."""
    if not read_only:
        raise KnownError("vault_folder_readonly", folder=str(path.parent)) from exc
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:  # committed changes not yet in the main file
        raise KnownError("vault_readonly_unclean", name=path.name) from exc
    log.info("vault folder is read-only: opened for reading without a lock file")
    return _NoLock()


def _acquire_lock(path: Path, *, read_only: bool = False) -> filelock.BaseFileLock | _NoLock:
    """A lock file beside the vault; a second process (or window) is refused at once."""
    # Not thread-local: the UI unlocks in a worker thread and locks from the GUI thread.
    lock = filelock.FileLock(str(path) + ".lock", mode=0o600, thread_local=False, is_singleton=False)
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout as exc:
        raise VaultLocked(name=path.name) from exc
    except OSError as exc:
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return _readonly_fallback(path, exc, read_only)
        raise
    with contextlib.suppress(OSError):
        os.chmod(str(path) + ".lock", 0o600)
    return lock


def _validate_key(path: Path, raw_key: bytes, *, immutable: bool = False) -> None:
    """Key a connection and read the schema: SQLCipher reports a wrong key only on first read."""
    try:
        conn = (sqlcipher.connect(path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True) if immutable
                else sqlcipher.connect(str(path)))
    except sqlcipher.Error as exc:
        raise NotAVault(name=path.name) from exc
    try:
        keyed(conn, raw_key)
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlcipher.DatabaseError as exc:
        if page_ok(path, raw_key, 2):  # the key is right, so page 1 itself is damaged
            raise VaultDamaged(name=path.name) from exc
        raise WrongPassword() from exc
    finally:
        conn.close()
    if names and "alembic_version" not in names:
        raise NotAVault(name=path.name)
