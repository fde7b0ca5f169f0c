"""Encrypted, verified backups of the vault (SPEC §11) and the restore points other features call.

A backup is a byte copy of the encrypted vault file (the pages stay encrypted with the same salt and
key, so it opens with the same password and raw key the vault had at that moment), written under a
temporary name, switched to a rollback journal, flushed to disk, verified and only then renamed into
place, owner-only. A manifest beside the backups (`manifest.json`, no personal data: dates, kinds,
sizes, counts, hashes) lists them, so the list survives the loss of the vault itself; the vault's
backup settings are mirrored there too.

Consistency with concurrent writers: a second connection holds the write lock (`BEGIN IMMEDIATE`)
while the source is counted and copied; a passive checkpoint first moves every committed WAL frame
into the main file (when a reader pins older frames, the WAL is copied too and replayed in the copy).
Writers wait about a second (the time of one file copy), and the backup holds whole transactions only.
`VACUUM INTO` did the same job ten times slower: it decrypts, re-encrypts and rebuilds every b-tree.

Verification of a fresh backup (SPEC §11 "opened, integrity-checked, row counts compared"), after the
copy is complete, flushed and switched to its journal mode, so "Back up now" costs little more than
copying and hashing the file (SPEC §15; `benchmarks/bench_backup.py` prints the ratio):
- the copy is made in the kernel (`copy_file`), then every page's SQLCipher HMAC is checked on the
  copy's own bytes (the page-level check `PRAGMA cipher_integrity_check` makes, `cipher.PageCheck`, on
  both cores): any byte lost, flipped or misplaced in the copy fails its page, and every page is
  authentic and decrypts with the key — also when a WAL was replayed into the copy. (A CRC of the
  vault's bytes compared with the copy's added nothing the HMACs do not catch, for 0.4 s of CPU);
- the same read of the copy gives its sha256 (the one the manifest keeps: `hash_and_check`), and
  the copy must have the vault's size;
- it opens with the key and its row counts equal the vault's in the same locked snapshot.
The b-tree structure of a byte-identical copy is the vault's own; `PRAGMA quick_check` (which
decrypts every page again, three times the cost of the copy) and the full `integrity_check` run when a
backup is verified on demand or restored (`verify_backup`), never on the path of "Back up now".
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import queue
import secrets
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import filelock
import sqlcipher3.dbapi2 as sqlcipher

from clientbook.core import cipher, failures, keyslots, rotation, write_waits
from clientbook.core import settings as settings_store
from clientbook.core.errors import KnownError
from clientbook.core.messages import Message, register
from clientbook.core.paths import default_backup_dir
from clientbook.core.rights import require
from clientbook.core.rotation import Policy

if TYPE_CHECKING:
    from clientbook.core.vault import Vault

log = logging.getLogger(__name__)

register({
    "backup_folder_missing": {
        "ru": "Папка для резервных копий «{folder}» не найдена. Подключите диск или выберите другую папку.",
        "en": "The backup folder “{folder}” does not exist. Connect the disk or choose another folder.",
    },
    "backup_folder_readonly": {
        "ru": "В папку «{folder}» нельзя записывать (только чтение или нет прав). Резервная копия не создана.",
        "en": "The folder “{folder}” cannot be written to (read-only or no permission). No backup was made.",
    },
    "backup_disk_full": {
        "ru": "Недостаточно места на диске в папке «{folder}»; резервная копия не создана, ничего не записано.",
        "en": "The disk holding “{folder}” is full; no backup was made and nothing was written.",
    },
    "backup_failed": {
        "ru": "Не удалось создать резервную копию: {detail}. Ничего не записано.",
        "en": "The backup could not be made: {detail}. Nothing was written.",
    },
    "backup_busy": {
        "ru": "База занята другой операцией; резервная копия не создана. Повторите позже.",
        "en": "The vault is busy with another operation; no backup was made. Try again later.",
    },
    "backup_verify_failed": {
        "ru": "Новая резервная копия не прошла проверку ({detail}) и удалена. База не изменена.",
        "en": "The new backup failed verification ({detail}) and was removed. The vault is unchanged.",
    },
    "backup_cancelled": {
        "ru": "Резервное копирование отменено; ничего не записано.",
        "en": "The backup was cancelled; nothing was written.",
    },
    "backup_corrupt": {
        "ru": "Резервная копия «{name}» повреждена и не может быть использована.",
        "en": "The backup “{name}” is damaged and cannot be used.",
    },
    "backup_missing": {
        "ru": "Файл резервной копии «{name}» не найден.",
        "en": "The backup file “{name}” does not exist.",
    },
    "backup_password_needed": {
        "ru": "Резервная копия «{name}» создана с другим паролем. Введите пароль, который действовал тогда.",
        "en": "The backup “{name}” was made with a different password. Enter the password in use back then.",
    },
    "backup_second_failed": {
        "ru": "Копия во вторую папку «{folder}» не сделана: {detail}. Основная резервная копия в порядке.",
        "en": "The copy to the second folder “{folder}” was not made: {detail}. The main backup is fine.",
    },
    "backup_not_listed": {
        "ru": "Резервной копии «{name}» нет в списке этой базы; ничего не удалено.",
        "en": "The backup “{name}” is not listed for this vault; nothing was deleted.",
    },
    "backup_damaged_kept": {
        "ru": "Повреждённых резервных копий: {count}. Они не удаляются автоматически; удалите их сами, "
              "когда они больше не нужны (clientbook backups --remove ФАЙЛ).",
        "en": "Damaged backups: {count}. They are never deleted automatically; remove them yourself once "
              "they are no longer needed (clientbook backups --remove FILE).",
    },
    "backup_stale": {
        "ru": "Нет проверенной резервной копии за последние {days} дн.",
        "en": "No verified backup in the last {days} days.",
    },
})

MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = 1
BACKUP_SUFFIX = ".db"
TEMP_MARK = ".tmp-"
SETTING_KEY = "backup"
REGULAR_KINDS = ("daily", "manual", "close")
RESTORE_POINT = "restore_point"
STALE_AFTER_DAYS = 7
VERIFY_CACHE_KIB = 128 * 1024
QUICK_CACHE_KIB = 64 * 1024  # per verifying connection: 2 MB made quick_check 2.3x slower, 128 MB 1.2x faster
COPY_CHUNK = 4 * 1024 * 1024
PAGE_SIZE = 4096  # the vault's page size: page 1 is the only page a journal-mode switch rewrites
VERIFY_WORKERS = max(1, min(2, os.cpu_count() or 1))
# hash_and_check reads this much at a time: the sha256 and the HMACs of a chunk then find it in the
# core's cache (4 MB chunks cost 15 % more CPU with two threads); past HANDOFF_CHUNKS read but not yet
# checked, the reading thread checks too.
VERIFY_CHUNK = 256 * 1024
HANDOFF_CHUNKS = 4
# Tables whose row counts must match between the vault and its backup (the ones that hold data).
COUNTED_TABLES = ("clients", "contact_persons", "phones", "emails", "tags", "client_tags", "interactions",
                  "purchases", "reminders", "consents", "custom_fields", "custom_values", "segments",
                  "batches", "audit", "not_duplicates", "settings")

Progress = Callable[[int, int], None]
ShouldCancel = Callable[[], bool]
_backup_lock = threading.RLock()  # one backup at a time in this process (daily + close + manual)


# ---- settings ----------------------------------------------------------------------------------
@dataclass
class BackupSettings:
    """Where backups go and how many are kept. Stored in the vault and mirrored in the manifest."""

    folder: str | None = None  # None: `backups/` beside the vault
    second_folder: str | None = None
    keep_last: int = 10
    keep_daily: int = 7
    keep_weekly: int = 4
    keep_monthly: int = 12
    keep_restore_days: int = 30
    keep_erased_days: int = 30  # a backup holding an erased person goes this long after the erasure

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> BackupSettings:
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in known})

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def main_folder(self, vault_path: Path) -> Path:
        return Path(self.folder) if self.folder else default_backup_dir(vault_path)


def load_settings(vault: Vault) -> BackupSettings:
    """Raw SQL on purpose: a restore point runs before migrations, when the ORM may not fit the file."""
    conn = vault.raw_connection()
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (SETTING_KEY,)).fetchone()
    except sqlcipher.DatabaseError:
        row = None
    finally:
        conn.close()
    if row and row[0]:
        value = json.loads(row[0]) if isinstance(row[0], str) else row[0]
        return BackupSettings.from_dict((value or {}).get("v"))
    mirrored = read_manifest(default_backup_dir(vault.path)).get("settings", {}).get(vault.id)
    return BackupSettings.from_dict(mirrored)


def save_settings(vault: Vault, new: BackupSettings) -> None:
    """Validate (an empty retention policy is refused), store in the vault, mirror in the manifest."""
    require(vault, "edit")
    policy_of(new).validate()
    with vault.transaction() as session:
        settings_store.put(session, SETTING_KEY, new.to_dict())
    folder = new.main_folder(vault.path)
    if folder.is_dir():
        _mirror_settings(folder, vault.id, new)


def policy_of(s: BackupSettings) -> Policy:
    return Policy(s.keep_last, s.keep_daily, s.keep_weekly, s.keep_monthly, s.keep_restore_days,
                  s.keep_erased_days)


# ---- the manifest -------------------------------------------------------------------------------
@dataclass
class BackupRecord:
    """One backup as the manifest lists it. No personal data: only dates, kinds, sizes and counts."""

    file: str
    vault_id: str
    created_at: str  # UTC, ISO 8601
    kind: str  # daily, manual, close, restore_point
    reason: str | None
    size: int
    clients: int
    counts: dict[str, int]
    audit_max_id: int
    sha256: str
    verified: bool
    verified_at: str | None
    problem: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BackupRecord:
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    @property
    def when(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.created_at.replace("Z", "+00:00"))

    @property
    def label(self) -> str:
        """The kind a user sees: a restore point shows what it was made before."""
        return self.reason if self.kind == RESTORE_POINT and self.reason else self.kind


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"format": MANIFEST_FORMAT, "settings": {}, "backups": []}
    except (OSError, ValueError) as exc:
        log.warning("backup manifest unreadable (%s); starting a new list", type(exc).__name__)
        return {"format": MANIFEST_FORMAT, "settings": {}, "backups": []}
    data.setdefault("settings", {})
    data.setdefault("backups", [])
    return data


@contextlib.contextmanager
def manifest_for_update(folder: Path) -> Iterator[dict[str, Any]]:
    """Read-modify-write the manifest under a lock file, written atomically."""
    lock = filelock.FileLock(str(folder / ".manifest.lock"), mode=0o600, is_singleton=False)
    with lock:
        # A writer killed mid-way leaves its temp; under the lock no other writer's temp can exist.
        with contextlib.suppress(OSError):
            for leftover in folder.glob(f".{MANIFEST_NAME}{TEMP_MARK}*"):
                _remove_quietly(leftover)
        data = read_manifest(folder)
        yield data
        write_atomic(folder / MANIFEST_NAME,
                     json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))


def records(folder: Path, vault_id: str | None = None) -> list[BackupRecord]:
    """Backups listed in `folder`, newest first; only those of `vault_id` when given."""
    out = [BackupRecord.from_dict(r) for r in read_manifest(folder)["backups"]]
    if vault_id is not None:
        out = [r for r in out if r.vault_id == vault_id]
    return sorted(out, key=lambda r: r.created_at, reverse=True)


def list_backups(vault: Vault) -> list[BackupRecord]:
    return records(load_settings(vault).main_folder(vault.path), vault.id)


def remove_backup(folder: Path, vault_id: str, name: str) -> None:
    """Delete one listed backup and its record: how the user discards a damaged one rotation keeps."""
    listed = {r.file for r in records(folder, vault_id)}
    if Path(name).name != name or name not in listed:
        raise KnownError("backup_not_listed", name=name)
    with contextlib.suppress(FileNotFoundError):
        (folder / name).unlink()
    _remove_quietly(keyslots_of(folder / name))
    with manifest_for_update(folder) as data:
        data["backups"] = [row for row in data["backups"]
                           if not (row.get("vault_id") == vault_id and row.get("file") == name)]


def rename_vault_id(folder: Path, old_id: str, new_id: str) -> None:
    """The vault got a new salt (re-keyed into a fresh file when a user was removed): its backups,
    settings and erasure notes in this folder's manifest are listed under its new id. The backups
    themselves keep their own salt and the key they were made with."""
    from clientbook.core.rotation import ERASURES_KEY

    with manifest_for_update(folder) as data:
        for row in data["backups"]:
            if row.get("vault_id") == old_id:
                row["vault_id"] = new_id
        if old_id in data["settings"]:
            data["settings"][new_id] = data["settings"].pop(old_id)
        erasures = data.get(ERASURES_KEY)
        if isinstance(erasures, dict) and old_id in erasures:
            erasures.setdefault(new_id, []).extend(erasures.pop(old_id))


def _mirror_settings(folder: Path, vault_id: str, s: BackupSettings) -> None:
    with manifest_for_update(folder) as data:
        data["settings"][vault_id] = s.to_dict()


# ---- files on disk ----------------------------------------------------------------------------
def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR if os.name == "nt" else os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX only; Windows has no directory handles to flush)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def create_private(path: Path) -> None:
    """An empty owner-only file: `VACUUM INTO` accepts an empty target, so the copy is never readable."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    if os.name == "posix":
        os.chmod(path, 0o600)


def write_atomic(path: Path, payload: bytes) -> None:
    temp = path.with_name(f".{path.name}{TEMP_MARK}{secrets.token_hex(4)}")
    try:
        create_private(temp)
        with open(temp, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
        fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def keyslots_of(backup_path: Path) -> Path:
    """The keyslot file a backup was made with (clientbook.core.keyslots), beside it."""
    return keyslots.keys_path(backup_path)


def copy_keyslots_file(source: Path, backup_path: Path) -> None:
    """Put `source` (a keyslot file) beside `backup_path`, atomically; none when there is none."""
    try:
        payload = source.read_bytes()
    except FileNotFoundError:
        return
    write_atomic(keyslots_of(backup_path), payload)


def copy_keyslots(vault_path: Path, backup_path: Path) -> None:
    """A backup keeps the users and keyslots of its moment: they open it, not today's."""
    copy_keyslots_file(keyslots.keys_path(vault_path), backup_path)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _nearly_full(folder: Path) -> bool:
    """SQLite reports a failed write as a generic I/O error; a nearly full disk explains it."""
    try:
        return shutil.disk_usage(folder).free < 16 * 1024 * 1024
    except OSError:
        return False


def _folder_error(exc: BaseException, folder: Path) -> KnownError:
    """One clear message for what went wrong with a destination folder (kinds: clientbook.core.failures)."""
    name = str(folder)
    kind = failures.cause(exc)
    if kind is None and not isinstance(exc, OSError) and "i/o" in str(exc).lower() and _nearly_full(folder):
        kind = failures.DISK_FULL  # SQLite says "disk I/O error" when a nearly full disk runs out
    if kind == failures.DISK_FULL:
        return KnownError("backup_disk_full", folder=name)
    if kind == failures.READ_ONLY:
        return KnownError("backup_folder_readonly", folder=name)
    if isinstance(exc, OSError):
        if kind == failures.MISSING:
            return KnownError("backup_folder_missing", folder=name)
        return KnownError("backup_failed", detail=exc.strerror or type(exc).__name__)
    if kind == failures.BUSY:
        return KnownError("backup_busy")
    return KnownError("backup_failed", detail=str(exc))


# ---- checking a backup file ----------------------------------------------------------------------
def open_readonly(path: Path, raw_key: bytes) -> sqlcipher.Connection:
    """A keyed, read-only connection to a backup (nothing beside it is created or changed)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    conn = sqlcipher.connect(uri, uri=True, check_same_thread=False)
    cipher.keyed(conn, raw_key)
    conn.execute("PRAGMA query_only = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def table_counts(conn: sqlcipher.Connection) -> dict[str, int]:
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {t: int(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0])
            for t in COUNTED_TABLES if t in present}


def _audit_max_id(conn: sqlcipher.Connection) -> int:
    try:
        return int(conn.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()[0])
    except sqlcipher.DatabaseError:
        return 0


@dataclass
class CheckOutcome:
    ok: bool
    wrong_key: bool = False
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def _open_checked(path: Path, raw_key: bytes, cache_kib: int = VERIFY_CACHE_KIB
                  ) -> tuple[sqlcipher.Connection | None, CheckOutcome | None]:
    """A read-only connection that has proved the key, or the outcome that says why not."""
    try:
        conn = open_readonly(path, raw_key)
    except sqlcipher.Error as exc:
        return None, CheckOutcome(False, problems=[f"open: {exc}"])
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError as exc:
        conn.close()
        return None, CheckOutcome(False, wrong_key=True, problems=[f"key: {exc}"])
    # Each page evicted from SQLite's cache is decrypted again; a big transient cache avoids that.
    conn.execute(f"PRAGMA cache_size = -{cache_kib}")
    return conn, None


def check_file(path: Path, raw_key: bytes) -> CheckOutcome:
    """The full check: every page's HMAC and the full `integrity_check`. Never raises for bad files.

    Slow on a big vault (tens of seconds for 100,000 clients): on-demand verification and restore.
    """
    conn, failed = _open_checked(path, raw_key)
    if conn is None:
        assert failed is not None
        return failed
    try:
        cipher = [r[0] for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        counts = table_counts(conn)
    except sqlcipher.DatabaseError as exc:
        return CheckOutcome(False, problems=[f"read: {exc}"])
    finally:
        conn.close()
    problems = [f"cipher: {p}" for p in cipher] + [f"integrity: {p}" for p in integrity if p != "ok"]
    return CheckOutcome(not problems, problems=problems, counts=counts)


def _ordinary_tables(conn: sqlcipher.Connection) -> list[str]:
    """Tables with a b-tree of their own (a virtual table's check is its module's full cross-check)."""
    return [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0")]


def quick_check_file(path: Path, raw_key: bytes, *, largest_first: dict[str, int] | None = None,
                     extra: Callable[[], list[str]] | None = None,
                     workers: int = VERIFY_WORKERS) -> CheckOutcome:
    """`quick_check` of every ordinary table, spread over `workers` connections; row counts too.

    `extra` (e.g. a hash comparison) runs on one of the workers alongside and returns its problems.
    The tables are taken largest first (by `largest_first` row counts) so the workers end together.
    """
    conn, failed = _open_checked(path, raw_key, QUICK_CACHE_KIB)
    if conn is None:
        assert failed is not None
        return failed
    problems: list[str] = []
    try:
        try:
            tables = _ordinary_tables(conn)
            counts = table_counts(conn)
        except sqlcipher.DatabaseError as exc:
            return CheckOutcome(False, problems=[f"read: {exc}"])
        sizes = largest_first or counts
        tasks: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        if extra is not None:
            tasks.put(None)
        for name in sorted(tables, key=lambda t: -sizes.get(t, 0)):
            tasks.put(name)
        lock = threading.Lock()

        def work(own: sqlcipher.Connection) -> None:
            while True:
                try:
                    task = tasks.get_nowait()
                except queue.Empty:
                    return
                try:
                    if task is None:
                        assert extra is not None
                        found = extra()
                    else:
                        found = [f"integrity: {r[0]}" for r in own.execute(f'PRAGMA quick_check("{task}")')
                                 if r[0] != "ok"]
                except sqlcipher.DatabaseError as exc:
                    found = [f"read {task or 'file'}: {exc}"]
                with lock:
                    problems.extend(found)

        helpers: list[tuple[threading.Thread, sqlcipher.Connection]] = []
        for _ in range(max(0, workers - 1)):
            own, _failed = _open_checked(path, raw_key, QUICK_CACHE_KIB)
            if own is not None:
                thread = threading.Thread(target=work, args=(own,), name="backup-verify", daemon=True)
                helpers.append((thread, own))
                thread.start()
        try:
            work(conn)
        finally:
            for thread, own in helpers:
                thread.join()
                own.close()
    finally:
        conn.close()
    return CheckOutcome(not problems, problems=problems, counts=counts)


def opens_with_key(path: Path, raw_key: bytes) -> bool:
    conn, _failed = _open_checked(path, raw_key, 0)
    if conn is None:
        return False
    conn.close()
    return True


# ---- making a backup ----------------------------------------------------------------------------
@dataclass
class BackupResult:
    path: Path
    record: BackupRecord
    warnings: list[Message] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _file_name(vault: Vault, moment: dt.datetime, label: str, folder: Path) -> str:
    utc = moment.astimezone(dt.UTC)
    stamp = f"{utc:%Y%m%d-%H%M%S}-{utc.microsecond // 1000:03d}"
    base = f"{vault.path.stem}-{stamp}-{label}"
    name, n = base + BACKUP_SUFFIX, 1
    while (folder / name).exists():
        n += 1
        name = f"{base}-{n}{BACKUP_SUFFIX}"
    return name


def _clean_stale_temps(folder: Path, stem: str) -> None:
    """A backup killed mid-way leaves `.<name>.tmp-…` (and its -wal/-shm); the vault lock means none
    of ours is running."""
    with contextlib.suppress(OSError):
        for leftover in folder.glob(f".{stem}-*{TEMP_MARK}*"):
            _remove_quietly(leftover)


def _copy_chunks(source: Path, target: Path, on_chunk: Callable[[memoryview], None]) -> None:
    """Copy `source` over the (existing, private) `target` in COPY_CHUNK reads; `on_chunk` sees each
    chunk, page 1 left out of the first (the copy rewrites it: see PAGE_SIZE)."""
    buffer = bytearray(COPY_CHUNK)
    view = memoryview(buffer)
    first = True
    with open(source, "rb", buffering=0) as src, open(target, "r+b", buffering=0) as dst:
        dst.truncate(0)
        while n := src.readinto(buffer):
            chunk = view[:n]
            written = 0
            while written < n:
                written += dst.write(chunk[written:]) or 0
            on_chunk(chunk[PAGE_SIZE:] if first else chunk)
            first = False


def copy_file(source: Path, target: Path, should_cancel: ShouldCancel | None = None) -> int:
    """Copy `source` over the (existing, private) `target`; returns the bytes copied.

    In the kernel where it can (`os.copy_file_range`: no pass through Python's memory, a third of the
    CPU of read + write); the copy is checked afterwards page by page (`_verify_fresh`). `should_cancel`
    is asked between chunks (a 6 GB base takes ~10 s to copy; locking waits for a cancelled copy)."""
    stop = should_cancel or (lambda: False)
    with open(source, "rb", buffering=0) as src, open(target, "r+b", buffering=0) as dst:
        dst.truncate(0)
        copied = 0
        if hasattr(os, "copy_file_range"):
            with contextlib.suppress(OSError):  # not supported between these file systems: read + write
                while n := os.copy_file_range(src.fileno(), dst.fileno(), COPY_CHUNK):
                    copied += n
                    if stop():
                        raise KnownError("backup_cancelled")
                return copied
            src.seek(copied)
            dst.seek(copied)
        buffer = bytearray(COPY_CHUNK)
        view = memoryview(buffer)
        while n := src.readinto(buffer):
            written = 0
            while written < n:
                written += dst.write(view[written:n]) or 0
            copied += n
            if stop():
                raise KnownError("backup_cancelled")
    return copied


def copy_hashing(source: Path, target: Path) -> str:
    """Copy `source` over `target`; returns the sha256 of the bytes after page 1."""
    digest = hashlib.sha256()
    _copy_chunks(source, target, digest.update)
    return digest.hexdigest()


def hashes_of(path: Path) -> tuple[str, str]:
    """(sha256 of the whole file, sha256 of the bytes after page 1) in one read."""
    whole, tail = hashlib.sha256(), hashlib.sha256()
    buffer = bytearray(COPY_CHUNK)
    view = memoryview(buffer)
    first = True
    with open(path, "rb", buffering=0) as fh:
        while n := fh.readinto(buffer):
            whole.update(view[:n])
            tail.update(view[PAGE_SIZE:n] if first else view[:n])
            first = False
    return whole.hexdigest(), tail.hexdigest()


@dataclass
class Snapshot:
    counts: dict[str, int]
    audit_max: int
    size: int  # bytes copied from the vault's main file
    wal_replayed: bool


def _snapshot_into(vault: Vault, temp: Path, should_cancel: ShouldCancel | None = None) -> Snapshot:
    """Copy the vault into `temp` while writers are held off; the counts are the source's then."""
    # an import's checkpoint still running would make ours find the WAL busy and copy it whole
    vault.late_checkpoints.wait()
    guard = vault.raw_connection()
    checkpointer = vault.raw_connection()
    guard.isolation_level = None
    checkpointer.isolation_level = None
    wal = vault.path.with_name(vault.path.name + "-wal")
    temp_wal = temp.with_name(temp.name + "-wal")
    # The vault's own writer lock first: SQLite's busy handler polls, so a thread committing in a
    # tight loop could starve `BEGIN IMMEDIATE`; the in-process lock queues us fairly behind it.
    # (A thread that may not wait, the desktop's GUI thread, gets VaultBusy instead: `write_waits`.)
    lock = getattr(vault, "_write_lock", None)
    writer_lock = write_waits.holding(lock, vault.path.name) if lock is not None else contextlib.nullcontext()
    try:
        with writer_lock:
            guard.execute("BEGIN IMMEDIATE")  # writers wait: the copy and the counts see the same data
            try:
                counts = table_counts(guard)
                audit_max = _audit_max_id(guard)
                # Nobody can commit now; a passive checkpoint needs no lock and moves every committed
                # frame into the main file unless a reader still needs an older page.
                busy, logged, moved = checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                size = copy_file(vault.path, temp, should_cancel)
                complete = busy == 0 and logged == moved  # (0, -1, -1) when the file is not in WAL mode
                needs_wal = not complete and wal.is_file() and wal.stat().st_size > 0
                if needs_wal:
                    create_private(temp_wal)
                    copy_hashing(wal, temp_wal)
            finally:
                guard.execute("ROLLBACK")
    finally:
        checkpointer.close()
        guard.close()
    _to_rollback_journal(temp, vault.raw_key)
    return Snapshot(counts, audit_max, size, needs_wal)


def _to_rollback_journal(temp: Path, raw_key: bytes) -> None:
    """The copy says "WAL" in its header: switch it to a rollback journal (replaying a copied WAL),
    so a backup is one self-contained file that read-only opens leave untouched."""
    conn = cipher.keyed(sqlcipher.connect(str(temp), isolation_level=None), raw_key)
    try:
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    finally:
        conn.close()
    if str(mode).lower() != "delete":
        raise sqlcipher.OperationalError(f"journal mode stayed {mode}")
    for suffix in ("-wal", "-shm", "-journal"):
        _remove_quietly(temp.with_name(temp.name + suffix))


def hash_and_check(path: Path, raw_key: bytes, *, workers: int = VERIFY_WORKERS,
                   meanwhile: Callable[[], None] | None = None,
                   should_cancel: ShouldCancel | None = None) -> tuple[str, list[int]]:
    """(sha256 of the file, numbers of the pages whose HMAC fails) in ONE read of the file.

    This thread reads the file in order and hashes it (the sha256 must see the bytes in order); each
    chunk read goes on to a queue that the helper threads and this thread check page by page
    (hashlib lets go of the GIL on whole pages: both cores work). This thread checks chunks itself
    only while the queue holds HANDOFF_CHUNKS, so it is never starved and memory stays bounded.
    `meanwhile` (the row counts) runs on this thread after the read, while the helpers catch up.
    """
    pages = cipher.PageCheck(path, raw_key)
    stop = should_cancel or (lambda: False)  # asked per chunk: a cancel (or a lock) waits no longer
    digest = hashlib.sha256()
    handoff: queue.SimpleQueue[tuple[int, bytes, int] | None] = queue.SimpleQueue()

    def take_one() -> bool:
        try:
            item = handoff.get_nowait()
        except queue.Empty:
            return False
        if item is None:  # (only helpers are sent None; put back for them)
            handoff.put(None)
            return False
        pages.check(*item)
        return True

    def helper() -> None:
        while (item := handoff.get()) is not None:
            pages.check(*item)

    helpers = [threading.Thread(target=helper, name="backup-verify", daemon=True) for _ in range(workers - 1)]
    for thread in helpers:
        thread.start()
    try:
        step = VERIFY_CHUNK // PAGE_SIZE
        with open(path, "rb", buffering=0) as fh:
            for first in range(1, pages.total + 1, step):
                chunk = fh.read(VERIFY_CHUNK)
                digest.update(chunk)
                handoff.put((first, chunk, min(step, pages.total - first + 1)))
                if stop():
                    raise KnownError("backup_cancelled")
                while (handoff.qsize() >= HANDOFF_CHUNKS or not helpers) and take_one():
                    pass
            digest.update(fh.read())  # a partial page at the end (the size check reports it)
        if meanwhile is not None:
            meanwhile()
        while take_one():
            pass
    finally:
        for _thread in helpers:
            handoff.put(None)
        for thread in helpers:
            thread.join()
    return digest.hexdigest(), pages.bad


def _verify_fresh(temp: Path, raw_key: bytes, snap: Snapshot,
                  should_cancel: ShouldCancel | None = None) -> tuple[CheckOutcome, str]:
    """Check a just-written backup (see the module docstring); returns the outcome and its sha256."""
    conn, failed = _open_checked(temp, raw_key, QUICK_CACHE_KIB)
    if conn is None:
        assert failed is not None
        return failed, ""
    problems: list[str] = []
    counts: dict[str, int] = {}

    def count_rows() -> None:
        try:
            counts.update(table_counts(conn))
        except sqlcipher.DatabaseError as exc:
            problems.append(f"read: {exc}")

    try:
        digest, bad = hash_and_check(temp, raw_key, meanwhile=count_rows, should_cancel=should_cancel)
    finally:
        conn.close()
    if not snap.wal_replayed and temp.stat().st_size != snap.size:  # a replayed WAL may add pages
        problems.append("the copy's size differs from the vault's")
    if bad:
        problems.append(f"cipher: {len(bad)} page(s) fail their HMAC, first {bad[0]}")
    if not problems and counts != snap.counts:
        problems.append("row counts differ from the vault")
    return CheckOutcome(not problems, problems=problems, counts=counts), digest


def make_backup(vault: Vault, kind: str = "manual", *, reason: str | None = None,
                progress: Progress | None = None, should_cancel: ShouldCancel | None = None,
                prune: bool = True, now: dt.datetime | None = None) -> BackupResult:
    """Write one verified backup; KnownError (temp removed, nothing half-written) if it cannot."""
    settings = load_settings(vault)
    folder = settings.main_folder(vault.path)
    if settings.folder is None:  # `backups/` beside the vault is ours: owner-only, like the files in it
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            if os.name == "posix":
                os.chmod(folder, 0o700)
    if not folder.is_dir():
        raise KnownError("backup_folder_missing", folder=str(folder))
    report = progress or (lambda done, total: None)
    cancelled = should_cancel or (lambda: False)
    moment = now or _now()
    with _backup_lock:
        _clean_stale_temps(folder, vault.path.stem)
        name = _file_name(vault, moment, reason if kind == RESTORE_POINT and reason else kind, folder)
        final = folder / name
        temp = folder / f".{name}{TEMP_MARK}{secrets.token_hex(4)}"
        report(0, 4)
        try:
            try:
                create_private(temp)
                snap = _snapshot_into(vault, temp, cancelled)
                fsync_file(temp)
            except (OSError, sqlcipher.Error) as exc:
                raise _folder_error(exc, folder) from exc
            report(1, 4)
            if cancelled():
                raise KnownError("backup_cancelled")
            outcome, digest = _verify_fresh(temp, vault.raw_key, snap, cancelled)
            if not outcome.ok:
                log.info("fresh backup failed verification: %s", "; ".join(outcome.problems))
                raise KnownError("backup_verify_failed", detail=outcome.problems[0])
            report(2, 4)
            if cancelled():
                raise KnownError("backup_cancelled")
            try:
                copy_keyslots(vault.path, final)
                os.replace(temp, final)
                fsync_dir(folder)
            except OSError as exc:
                _remove_quietly(keyslots_of(final))
                raise _folder_error(exc, folder) from exc
        except BaseException:
            for leftover in (temp, *(temp.with_name(temp.name + sfx) for sfx in ("-wal", "-shm", "-journal"))):
                _remove_quietly(leftover)
            raise
        verified_at = _iso(_now())
        record = BackupRecord(
            file=name, vault_id=vault.id, created_at=_iso(moment), kind=kind, reason=reason,
            size=final.stat().st_size, clients=snap.counts.get("clients", 0), counts=snap.counts,
            audit_max_id=snap.audit_max, sha256=digest, verified=True, verified_at=verified_at)
        try:
            with manifest_for_update(folder) as data:
                data["backups"].append(dataclasses.asdict(record))
                data["settings"][vault.id] = settings.to_dict()
        except OSError as exc:
            _remove_quietly(final)
            raise _folder_error(exc, folder) from exc
        report(3, 4)
        result = BackupResult(final, record)
        if settings.second_folder:
            warning = copy_to_second(final, record, Path(settings.second_folder), vault.raw_key, settings)
            if warning is not None:
                result.warnings.append(warning)
        if prune:
            with contextlib.suppress(KnownError, OSError):
                result.pruned = prune_folder(folder, vault.id, policy_of(settings), now=moment).removed_files
                if settings.second_folder and Path(settings.second_folder).is_dir():
                    prune_folder(Path(settings.second_folder), vault.id, policy_of(settings), now=moment)
        report(4, 4)
        return result


def copy_to_second(source: Path, record: BackupRecord, folder: Path, raw_key: bytes,
                   settings: BackupSettings | None = None) -> Message | None:
    """Copy a finished backup to the second folder and verify it there; a warning, never an error."""
    if not folder.is_dir():
        return Message("backup_second_failed", {"folder": str(folder), "detail": Message(
            "backup_folder_missing", {"folder": str(folder)}).text()})
    temp = folder / f".{source.name}{TEMP_MARK}{secrets.token_hex(4)}"
    try:
        create_private(temp)
        with open(source, "rb") as src, open(temp, "wb") as dst:
            for chunk in iter(lambda: src.read(1 << 20), b""):
                dst.write(chunk)
            dst.flush()
            os.fsync(dst.fileno())
        # Same bytes as a backup verified a moment ago is the verification; the key check is cheap.
        if sha256_of(temp) != record.sha256 or not opens_with_key(temp, raw_key):
            raise KnownError("backup_verify_failed", detail="copy differs")
        copy_keyslots_file(keyslots_of(source), folder / source.name)
        os.replace(temp, folder / source.name)
        fsync_dir(folder)
        with manifest_for_update(folder) as data:
            data["backups"].append(dataclasses.asdict(record))
            if settings is not None:
                data["settings"][record.vault_id] = settings.to_dict()
    except (OSError, KnownError) as exc:
        _remove_quietly(temp)
        known = exc if isinstance(exc, KnownError) else _folder_error(exc, folder)
        log.info("second backup folder failed: %s", known.message.code)
        return Message("backup_second_failed", {"folder": str(folder), "detail": known.text().rstrip(".")})
    return None


# ---- rotation ----------------------------------------------------------------------------------------
def prune_folder(folder: Path, vault_id: str, policy: Policy, *, now: dt.datetime | None = None,
                 dry_run: bool = False, tz: dt.tzinfo | None = None) -> rotation.PruneResult:
    """Apply the retention policy (clientbook.core.rotation decides) to one folder's backups of one
    vault; records of vanished files are dropped."""
    moment = now or dt.datetime.now(dt.UTC)
    recs = records(folder, vault_id)
    manifest = read_manifest(folder)
    snaps = [rotation.Snapshot(r.file, r.when, r.kind == RESTORE_POINT, r.verified,
                               rotation.first_erasure_held(manifest, vault_id, r.file, r.when)) for r in recs]
    decided = rotation.plan(snaps, policy, now=moment, tz=tz)
    if dry_run:
        return rotation.PruneResult(decided, list(decided.remove), True)
    removed: list[str] = []
    doomed = set(decided.remove)
    for name in decided.remove:
        try:
            (folder / name).unlink()
        except FileNotFoundError:
            pass
        except OSError:
            doomed.discard(name)  # could not delete: keep listing it
            continue
        _remove_quietly(keyslots_of(folder / name))
        removed.append(name)
    vanished = {r.file for r in recs if not (folder / r.file).exists()}
    with manifest_for_update(folder) as data:
        data["backups"] = [row for row in data["backups"]
                           if not (row.get("vault_id") == vault_id and row.get("file") in doomed | vanished)]
    return rotation.PruneResult(decided, removed, False)


# ---- when backups are made --------------------------------------------------------------------------
def ensure_daily_backup(vault: Vault, *, now: dt.datetime | None = None, progress: Progress | None = None,
                        should_cancel: ShouldCancel | None = None) -> BackupResult | None:
    """At first use each day: a backup unless a regular one was already made today (local date).
    Cancelled (the vault locks meanwhile), it leaves nothing and the next unlock makes it."""
    moment = now or _now()
    today = moment.astimezone().date()
    for rec in list_backups(vault):
        if rec.kind in REGULAR_KINDS and rec.verified and rec.when.astimezone().date() == today:
            return None
    return make_backup(vault, "daily", progress=progress, should_cancel=should_cancel, now=moment)


def current_audit_max(vault: Vault) -> int:
    conn = vault.raw_connection()
    try:
        return _audit_max_id(conn)
    finally:
        conn.close()


# log-ins and locks of a multi-user vault (clientbook.core.users) are audited but change no data
SESSION_ACTIONS = ("login", "lock", "login_failed")


def changed_since_last_backup(vault: Vault) -> bool:
    """Every change is audited, so "changed" = the audit log grew past what the newest backup holds,
    by more than log-ins (else every unlock of a shared vault would make a closing backup)."""
    backups = list_backups(vault)
    since = backups[0].audit_max_id if backups else 0
    marks = ", ".join("?" for _ in SESSION_ACTIONS)
    conn = vault.raw_connection()
    try:
        if _audit_max_id(conn) < since:  # a log shorter than the backup's: another history (a restore)
            return True
        row = conn.execute(f"SELECT 1 FROM audit WHERE id > ? AND NOT (entity = 'user' AND action IN ({marks})) "
                           "LIMIT 1", (since, *SESSION_ACTIONS)).fetchone()
    finally:
        conn.close()
    return row is not None


def backup_on_close(vault: Vault, *, progress: Progress | None = None) -> BackupResult | None:
    """Call before `vault.close()`: a backup only if anything changed since the last one."""
    if vault.closed or not changed_since_last_backup(vault):
        return None
    return make_backup(vault, "close", progress=progress)


# ---- verifying on demand ---------------------------------------------------------------------------
@dataclass
class VerifyResult:
    ok: bool
    name: str
    message: Message | None
    problems: list[str]
    counts: dict[str, int]


def find_record(path: Path) -> BackupRecord | None:
    for rec in records(path.parent):
        if rec.file == path.name:
            return rec
    return None


def verify_backup(path: Path, raw_key: bytes, *, update_manifest: bool = True) -> VerifyResult:
    """Check a backup: its hash against the manifest, page HMACs, integrity, recorded counts.

    The outcome is written back to the manifest, so a damaged backup shows as such in the list and is
    never offered for restore.
    """
    path = Path(path)
    if not path.is_file():
        return VerifyResult(False, path.name, Message("backup_missing", {"name": path.name}), ["missing"], {})
    rec = find_record(path)
    problems: list[str] = []
    hash_ok = rec is None or sha256_of(path) == rec.sha256
    if not hash_ok:
        problems.append("sha256 differs from the manifest")
    outcome = check_file(path, raw_key)
    problems += outcome.problems
    if outcome.ok and rec is not None and outcome.counts != rec.counts:
        problems.append("row counts differ from the manifest")
    if outcome.wrong_key and hash_ok:
        message: Message | None = Message("backup_password_needed", {"name": path.name})
        ok = False
    elif problems:
        message = Message("backup_corrupt", {"name": path.name})
        ok = False
    else:
        message, ok = None, True
    if update_manifest and rec is not None and not (outcome.wrong_key and hash_ok):
        with contextlib.suppress(OSError), manifest_for_update(path.parent) as data:
            for row in data["backups"]:
                if row.get("file") == path.name:
                    row["verified"] = ok
                    row["verified_at"] = _iso(_now())
                    row["problem"] = None if ok else (problems[0] if problems else "unknown")
    return VerifyResult(ok, path.name, message, problems, outcome.counts)


def key_for_backup(path: Path, default_key: bytes, password: str | None = None) -> bytes:
    """The raw key that opens `path`: the current one, or derived from the backup's own password."""
    if password:
        return cipher.derive_key(password, cipher.read_salt(path))
    return default_key


# ---- status bar ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BackupStatus:
    last_verified: dt.datetime | None
    stale: bool  # none verified in the last STALE_AFTER_DAYS days

    @property
    def warning(self) -> Message | None:
        return Message("backup_stale", {"days": STALE_AFTER_DAYS}) if self.stale else None


def backup_status(vault: Vault, *, now: dt.datetime | None = None) -> BackupStatus:
    moment = now or _now()
    verified = [r for r in list_backups(vault) if r.verified]
    last = verified[0].when if verified else None
    stale = last is None or moment - last > dt.timedelta(days=STALE_AFTER_DAYS)
    return BackupStatus(last, stale)
