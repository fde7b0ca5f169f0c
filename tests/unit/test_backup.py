"""The backup engine on real encrypted vaults: SPEC §17 checks 7, 10, 11, 12 and §16's folder cases."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from clientbook.core import backup
from clientbook.core import models as m
from clientbook.core.cipher import SQLITE_HEADER
from clientbook.core.clients import ClientInput, create_client, finish_batch, start_batch
from clientbook.core.errors import KnownError
from clientbook.core.restore_points import restore_point_before
from clientbook.core.vault import Vault

CANARY_NAME = "Канареечкин"
CANARY_PHONE = "+79161234567"


def add_clients(vault: Vault, n: int, prefix: str = "Клиент") -> None:
    with vault.transaction() as s:
        for i in range(n):
            create_client(s, ClientInput(last_name=f"{prefix}{i}", first_name="Иван",
                                         phones=[f"+7916{i:07d}"], emails=[f"c{i}@example.ru"]))


def client_count(vault: Vault) -> int:
    with vault.session() as s:
        return int(s.scalar(select(func.count()).select_from(m.Client)) or 0)


def folder_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in ("manifest.json", ".manifest.lock"))


def test_backup_is_encrypted_verified_private_and_listed(vault: Vault) -> None:
    with vault.transaction() as s:
        create_client(s, ClientInput(last_name=CANARY_NAME, phones=[CANARY_PHONE]))
    result = backup.make_backup(vault)
    data = result.path.read_bytes()
    assert data[:16] != SQLITE_HEADER
    assert data[:16] == vault.path.read_bytes()[:16]  # same salt: opens with the same password
    for needle in (CANARY_NAME, CANARY_PHONE):
        assert needle.encode("utf-8") not in data and needle.encode("utf-16-le") not in data
    if os.name == "posix":
        assert stat.S_IMODE(result.path.stat().st_mode) == 0o600  # check 12
        assert stat.S_IMODE((result.path.parent / "manifest.json").stat().st_mode) == 0o600
    assert result.record.verified and result.record.clients == 1
    listed = backup.list_backups(vault)
    assert [r.file for r in listed] == [result.path.name]
    manifest = (result.path.parent / "manifest.json").read_text(encoding="utf-8")
    assert CANARY_NAME not in manifest and CANARY_PHONE not in manifest
    # The backup opens as a vault with the same password.
    vault_path = vault.path
    vault.close()
    copy = Vault.open(result.path, "Тест-пароль 1")
    try:
        assert client_count(copy) == 1
    finally:
        copy.close()
    Vault.open(vault_path, "Тест-пароль 1").close()


def test_backup_while_another_thread_writes_holds_whole_transactions(vault: Vault) -> None:
    """Check 7: every batch of 10 clients is in the backup entirely or not at all."""
    stop = threading.Event()
    batches_written: list[int] = []

    def writer() -> None:
        n = 0
        while not stop.is_set():
            with vault.transaction() as s:
                batch = start_batch(s, "import", f"b{n}")
                for i in range(10):
                    create_client(s, ClientInput(last_name=f"W{n}-{i}", phones=[f"+7925{n:04d}{i:03d}"]))
                finish_batch(s, batch, {"clients": 10})
            batches_written.append(n)
            n += 1
            time.sleep(0.002)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        results = []
        deadline = time.monotonic() + 60
        while len(results) < 3 and time.monotonic() < deadline:
            if not batches_written:
                time.sleep(0.01)
            else:
                results.append(backup.make_backup(vault, prune=False))
    finally:
        stop.set()
        thread.join()
    assert len(results) == 3
    assert any(r.record.clients for r in results)
    for r in results:
        assert backup.verify_backup(r.path, vault.raw_key).ok
        assert r.path.read_bytes()[:16] != SQLITE_HEADER
        conn = backup.open_readonly(r.path, vault.raw_key)
        try:
            sizes = conn.execute("SELECT import_batch_id, count(*) FROM clients GROUP BY import_batch_id").fetchall()
            assert sizes and all(batch is not None and count == 10 for batch, count in sizes)
            audited = conn.execute("SELECT count(*) FROM audit WHERE entity='client' AND action='create'").fetchone()[0]
            assert audited == r.record.clients
        finally:
            conn.close()


def test_flipped_byte_is_caught_and_reported(vault: Vault) -> None:
    """Check 10."""
    add_clients(vault, 5)
    result = backup.make_backup(vault)
    raw = bytearray(result.path.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    result.path.write_bytes(bytes(raw))
    outcome = backup.verify_backup(result.path, vault.raw_key)
    assert not outcome.ok
    assert outcome.message is not None and outcome.message.code == "backup_corrupt"
    listed = backup.list_backups(vault)[0]
    assert listed.verified is False and listed.problem
    assert backup.backup_status(vault).last_verified is None  # a damaged backup is never counted


def test_restore_point_is_made_and_labelled(vault: Vault) -> None:
    add_clients(vault, 2)
    path = restore_point_before(vault, "import")
    assert path.exists()
    rec = backup.list_backups(vault)[0]
    assert rec.kind == "restore_point" and rec.label == "import" and rec.clients == 2
    with pytest.raises(KnownError):
        restore_point_before(vault, "whatever")


def test_disk_full_at_rename_leaves_nothing(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    """Check 11 (simulated at the last step): target absent, temp removed, one clear error."""
    add_clients(vault, 3)
    folder = backup.load_settings(vault).main_folder(vault.path)

    def full(*_a: object, **_k: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup.os, "replace", full)
    with pytest.raises(KnownError) as info:
        backup.make_backup(vault)
    assert info.value.message.code == "backup_disk_full"
    assert "full" in info.value.text("en")
    assert folder_files(folder) == []
    assert backup.list_backups(vault) == []


WRITE_LIMIT_SCRIPT = r"""
import resource, signal, sys
from clientbook.core.vault import Vault
from clientbook.core import backup
from clientbook.core.errors import KnownError
vault = Vault.open(sys.argv[1], raw_key=bytes.fromhex(sys.argv[2]))
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, resource.RLIM_INFINITY))
try:
    backup.make_backup(vault)
except KnownError as exc:
    print(exc.message.code, exc.message.params)
else:
    print("written")
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_real_write_failure_during_backup(vault: Vault) -> None:
    """Check 11 with a real failing write: the file-size limit makes the copy's write fail (EFBIG)."""
    add_clients(vault, 50)
    backup.make_backup(vault)  # an earlier good backup must survive
    folder = backup.load_settings(vault).main_folder(vault.path)
    before = folder_files(folder)
    key = vault.raw_key.hex()
    path = vault.path
    vault.close()
    out = subprocess.run([sys.executable, "-c", WRITE_LIMIT_SCRIPT, str(path), key],
                         capture_output=True, text=True, timeout=60)
    # The disk itself is not full here (a FAT32 stick refusing a >4 GB file looks the same), so the
    # error names the failed write instead of claiming a full disk.
    assert out.stdout.strip() == "backup_failed {'detail': 'File too large'}", out.stderr
    assert folder_files(folder) == before
    reopened = Vault.open(path, raw_key=bytes.fromhex(key))
    try:
        assert len(backup.list_backups(reopened)) == 1
        assert backup.verify_backup(folder / before[0], reopened.raw_key).ok
    finally:
        reopened.close()


def test_missing_main_folder_is_a_clear_error(vault: Vault, tmp_path: Path) -> None:
    settings = backup.load_settings(vault)
    settings.folder = str(tmp_path / "unplugged-usb")
    backup.save_settings(vault, settings)
    with pytest.raises(KnownError) as info:
        backup.make_backup(vault)
    assert info.value.message.code == "backup_folder_missing"
    assert not (tmp_path / "unplugged-usb").exists()


def test_read_only_main_folder_is_a_clear_error(vault: Vault, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    settings = backup.load_settings(vault)
    settings.folder = str(folder)
    backup.save_settings(vault, settings)
    folder.chmod(0o500)
    if os.geteuid() == 0 if hasattr(os, "geteuid") else False:
        # root ignores permissions: make the first write into the folder fail as a read-only mount would
        real_open = os.open

        def ro_open(path: object, flags: int, *args: object) -> int:
            if str(path).startswith(str(folder)) and flags & os.O_CREAT:
                raise OSError(errno.EROFS, "Read-only file system")
            return real_open(path, flags, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(backup.os, "open", ro_open)
    try:
        with pytest.raises(KnownError) as info:
            backup.make_backup(vault)
        assert info.value.message.code == "backup_folder_readonly"
        assert folder_files(folder) == ["manifest.json"] or folder_files(folder) == []
    finally:
        folder.chmod(0o700)


def test_second_folder_gets_a_verified_copy(vault: Vault, tmp_path: Path) -> None:
    second = tmp_path / "usb"
    second.mkdir()
    settings = backup.load_settings(vault)
    settings.second_folder = str(second)
    backup.save_settings(vault, settings)
    add_clients(vault, 2)
    result = backup.make_backup(vault)
    assert result.warnings == []
    copy = second / result.path.name
    assert copy.read_bytes() == result.path.read_bytes()
    assert [r.file for r in backup.records(second, vault.id)] == [result.path.name]
    assert backup.verify_backup(copy, vault.raw_key).ok
    # The settings are mirrored beside the backups, so they survive the loss of the vault.
    mirrored = json.loads((second / "manifest.json").read_text(encoding="utf-8"))["settings"][vault.id]
    assert mirrored["second_folder"] == str(second)


def test_second_folder_missing_warns_and_main_backup_is_fine(vault: Vault, tmp_path: Path) -> None:
    settings = backup.load_settings(vault)
    settings.second_folder = str(tmp_path / "not-plugged-in")
    backup.save_settings(vault, settings)
    result = backup.make_backup(vault)
    assert [w.code for w in result.warnings] == ["backup_second_failed"]
    assert "not-plugged-in" in result.warnings[0].text("en")
    assert result.path.exists() and backup.verify_backup(result.path, vault.raw_key).ok


def test_second_folder_failing_write_warns(vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    second = tmp_path / "full-usb"
    second.mkdir()
    settings = backup.load_settings(vault)
    settings.second_folder = str(second)
    backup.save_settings(vault, settings)
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if any(backup.TEMP_MARK in p.name for p in second.iterdir()):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(backup.os, "fsync", fsync)
    result = backup.make_backup(vault)
    assert [w.code for w in result.warnings] == ["backup_second_failed"]
    assert folder_files(second) == []  # neither the copy nor its temp
    assert result.path.exists()


def test_daily_backup_once_a_day(vault: Vault) -> None:
    first = backup.ensure_daily_backup(vault)
    assert first is not None and first.record.kind == "daily"
    assert backup.ensure_daily_backup(vault) is None
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    assert backup.ensure_daily_backup(vault, now=tomorrow) is not None


def test_backup_on_close_only_when_changed(vault: Vault) -> None:
    backup.make_backup(vault)
    assert backup.backup_on_close(vault) is None
    add_clients(vault, 1)
    made = backup.backup_on_close(vault)
    assert made is not None and made.record.kind == "close" and made.record.clients == 1
    assert backup.backup_on_close(vault) is None


def test_status_warns_when_no_backup_in_seven_days(vault: Vault) -> None:
    status = backup.backup_status(vault)
    assert status.last_verified is None and status.stale and status.warning is not None
    backup.make_backup(vault)
    assert not backup.backup_status(vault).stale
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=8)
    assert backup.backup_status(vault, now=later).stale


def test_retention_settings_round_trip_and_empty_policy_refused(vault: Vault) -> None:
    settings = backup.load_settings(vault)
    assert (settings.keep_last, settings.keep_daily, settings.keep_weekly, settings.keep_monthly,
            settings.keep_restore_days) == (10, 7, 4, 12, 30)
    settings.keep_last = 3
    backup.save_settings(vault, settings)
    assert backup.load_settings(vault).keep_last == 3
    empty = backup.BackupSettings(keep_last=0, keep_daily=0, keep_weekly=0, keep_monthly=0)
    with pytest.raises(KnownError) as info:
        backup.save_settings(vault, empty)
    assert info.value.message.code == "retention_empty"
    assert backup.load_settings(vault).keep_last == 3


def test_backup_after_kill_cleans_leftover_temp(vault: Vault) -> None:
    folder = backup.load_settings(vault).main_folder(vault.path)
    folder.mkdir(parents=True, exist_ok=True)
    leftover = folder / f".{vault.path.stem}-20240101-000000-daily.db{backup.TEMP_MARK}dead"
    leftover.write_bytes(b"half")
    backup.make_backup(vault)
    assert not leftover.exists()


def test_backup_while_a_reader_holds_an_old_snapshot(vault: Vault) -> None:
    """The newest commits still in the WAL (a reader stops them reaching the main file) are in the backup."""
    add_clients(vault, 3)
    reader = vault.raw_connection()
    reader.isolation_level = None
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM clients").fetchone()[0] == 3  # pins this snapshot
    try:
        add_clients(vault, 4, prefix="Новый")
        result = backup.make_backup(vault)
    finally:
        reader.execute("ROLLBACK")
        reader.close()
    assert result.record.clients == 7
    assert backup.verify_backup(result.path, vault.raw_key).ok
    conn = backup.open_readonly(result.path, vault.raw_key)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
        assert conn.execute("SELECT count(*) FROM clients WHERE last_name LIKE 'Новый%'").fetchone()[0] == 4
    finally:
        conn.close()
    assert folder_files(result.path.parent) == [result.path.name]  # no -wal / -shm left beside it


def test_damage_in_the_fresh_copy_is_caught_before_it_is_listed(vault: Vault,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Check 10 at backup time: a byte that changes between the vault and the copy fails verification."""
    add_clients(vault, 60)
    real_copy = backup.copy_file

    def damaging_copy(source: Path, target: Path, should_cancel: Any = None) -> int:
        size = real_copy(source, target, should_cancel)
        raw = bytearray(target.read_bytes())
        raw[len(raw) // 2] ^= 0x01
        target.write_bytes(bytes(raw))
        return size

    monkeypatch.setattr(backup, "copy_file", damaging_copy)
    with pytest.raises(KnownError) as info:
        backup.make_backup(vault)
    assert info.value.message.code == "backup_verify_failed"
    folder = backup.load_settings(vault).main_folder(vault.path)
    assert folder_files(folder) == []
    assert backup.list_backups(vault) == []


def test_a_page_missing_from_the_fresh_copy_is_caught(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    """A copy one page short (a lost write at the end) fails verification and is never listed."""
    add_clients(vault, 60)
    real_copy = backup.copy_file

    def short_copy(source: Path, target: Path, should_cancel: Any = None) -> int:
        size = real_copy(source, target, should_cancel)
        with open(target, "r+b") as fh:
            fh.truncate(size - backup.PAGE_SIZE)
        return size

    monkeypatch.setattr(backup, "copy_file", short_copy)
    with pytest.raises(KnownError) as info:
        backup.make_backup(vault)
    # SQLite may refuse the short file already while switching its journal mode
    assert info.value.message.code in {"backup_verify_failed", "backup_failed"}
    assert folder_files(backup.load_settings(vault).main_folder(vault.path)) == []
    assert backup.list_backups(vault) == []


def test_the_page_check_shares_its_chunks_between_threads(vault: Vault) -> None:
    """Two threads running one check see every page once: a flipped byte is reported once."""
    import threading

    from clientbook.core import cipher

    add_clients(vault, 200)
    result = backup.make_backup(vault)
    raw = bytearray(result.path.read_bytes())
    page = len(raw) // backup.PAGE_SIZE // 2
    raw[page * backup.PAGE_SIZE + 100] ^= 0x01
    result.path.write_bytes(bytes(raw))
    check = cipher.PageCheck(result.path, vault.raw_key)
    helper = threading.Thread(target=check.run)
    helper.start()
    check.run()
    helper.join()
    assert check.bad == [page + 1]


def test_page_hmac_is_sqlciphers(vault: Vault) -> None:
    """The spelled-out HMAC of PageCheck gives the bytes hmac.new does, i.e. SQLCipher's own."""
    import hmac as std_hmac

    from clientbook.core import cipher

    add_clients(vault, 30)
    result = backup.make_backup(vault)
    raw = result.path.read_bytes()
    mac = std_hmac.new(cipher._hmac_key(vault.raw_key, raw[:16]), digestmod="sha512")
    total = len(raw) // backup.PAGE_SIZE
    assert all(cipher._mac_ok(mac, raw[(n - 1) * backup.PAGE_SIZE:n * backup.PAGE_SIZE], n)
               for n in range(1, total + 1))
    check = cipher.PageCheck(result.path, vault.raw_key)
    check.run()
    assert check.bad == []
    flipped = bytearray(raw)
    flipped[3 * backup.PAGE_SIZE - 1] ^= 0x80  # the last byte of page 3's stored HMAC
    check = cipher.PageCheck(result.path, vault.raw_key)
    check.check(1, bytes(flipped), total)
    assert check.bad == [3]


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_one_read_hashes_and_checks_every_page(vault: Vault, workers: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """hash_and_check gives the file's sha256 and every damaged page once, whatever the threads
    (small chunks, so they share many); pages a chunk lacks fail."""
    from clientbook.core import cipher

    add_clients(vault, 300)
    result = backup.make_backup(vault)
    path = result.path
    monkeypatch.setattr(backup, "VERIFY_CHUNK", 16 * backup.PAGE_SIZE)
    digest, bad = backup.hash_and_check(path, vault.raw_key, workers=workers)
    assert (digest, bad) == (result.record.sha256, [])
    raw = bytearray(path.read_bytes())
    total = len(raw) // backup.PAGE_SIZE
    assert total > 4 * 16
    for page in (1, total // 2, total):
        raw[(page - 1) * backup.PAGE_SIZE + 40] ^= 0x01
    path.write_bytes(bytes(raw))
    digest, bad = backup.hash_and_check(path, vault.raw_key, workers=workers)
    assert digest == backup.sha256_of(path)
    assert bad == sorted({1, total // 2, total})
    short = cipher.PageCheck(path, vault.raw_key)
    short.check(total - 1, bytes(raw[-backup.PAGE_SIZE:]), 2)  # page total-1 given page total's bytes, total missing
    assert short.bad == [total - 1, total]


def test_a_cancel_stops_the_copy_and_the_verify_between_chunks(vault: Vault, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """At 1,000,000 clients the copy takes ~10 s and the verify ~20 s: Cancel, or locking while a
    restore point is made ahead, must not wait for either to end."""
    with vault.transaction() as s:
        for i in range(300):
            create_client(s, ClientInput(last_name=f"Клиент{i}", notes="заметка " * 200))
    monkeypatch.setattr(backup, "COPY_CHUNK", 64 * 1024)  # this small vault in many chunks, as a big one
    folder = backup.load_settings(vault).main_folder(vault.path)
    folder.mkdir(parents=True, exist_ok=True)
    copied_when_asked: list[int] = []

    def cancel_at_once() -> bool:
        temps = [p for p in folder.iterdir() if backup.TEMP_MARK in p.name and not p.name.endswith(("-wal", "-shm"))]
        copied_when_asked.append(sum(p.stat().st_size for p in temps))
        return True

    with pytest.raises(KnownError) as cancelled:
        backup.make_backup(vault, "manual", should_cancel=cancel_at_once)
    assert cancelled.value.message.code == "backup_cancelled"
    assert 0 < copied_when_asked[0] < vault.path.stat().st_size  # asked, and stopped, mid-copy
    assert backup.list_backups(vault) == [] and not [p for p in folder.iterdir() if backup.TEMP_MARK in p.name]
    with vault.transaction() as s:  # the copy's hold on writers is released
        create_client(s, ClientInput(last_name="После"))

    made = backup.make_backup(vault, "manual")  # a real one, then its verify alone, cancelled
    before = {t.name for t in threading.enumerate()}
    with pytest.raises(KnownError):
        backup.hash_and_check(made.path, vault.raw_key, should_cancel=lambda: True)
    assert {t.name for t in threading.enumerate()} - before == set()  # no verify helper left running
    assert backup.verify_backup(made.path, vault.raw_key).ok
