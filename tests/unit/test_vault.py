"""The encrypted vault on a real SQLCipher file: SPEC §17 checks 1–6, 12 and 18."""

from __future__ import annotations

import importlib.util
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlite_cipher
from sqlalchemy import func, select

from clientbook.core import keystore, opening
from clientbook.core import models as m
from clientbook.core.cipher import PAGE_SIZE, SQLITE_HEADER
from clientbook.core.clients import ClientInput, ContactInput, create_client
from clientbook.core.errors import NotAVault, VaultDamaged, VaultExists, VaultLocked, WrongPassword
from clientbook.core.vault import Vault, network_filesystem

CANARY_LAST = "Канарейкина"
CANARY_FIRST = "Зинаида"
CANARY_PHONE = "+7 916 555-12-34"
CANARY_DIGITS = "9165551234"
CANARY_EMAIL = "kanareikina.z@example.org"


def _snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def _all_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def _forms(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def _assert_no_canary(root: Path) -> None:
    needles = []
    for text in (CANARY_LAST, CANARY_FIRST, CANARY_LAST.lower(), CANARY_DIGITS, "7" + CANARY_DIGITS,
                 CANARY_PHONE, CANARY_EMAIL, "kanareikina"):
        needles += _forms(text)
    files = _all_files(root)
    assert files, "nothing to scan"
    for file in files:
        data = file.read_bytes()
        for needle in needles:
            assert needle not in data, f"plaintext personal data found in {file.name}"


def _add_canary(vault: Vault) -> None:
    with vault.transaction() as s:
        create_client(s, ClientInput(
            last_name=CANARY_LAST, first_name=CANARY_FIRST, phones=[CANARY_PHONE], emails=[CANARY_EMAIL],
            notes=f"{CANARY_LAST} {CANARY_PHONE}", tags=["канарейка"],
            contacts=[ContactInput(last_name=CANARY_LAST, first_name="Пётр", phones=[CANARY_PHONE])],
        ))


def _client_count(vault: Vault) -> int:
    with vault.session() as s:
        return int(s.scalar(select(func.count(m.Client.id))) or 0)


# ---- check 1: nothing readable on disk ---------------------------------------------------------
def test_canary_never_on_disk_open_or_closed(tmp_path: Path, password: str) -> None:
    path = tmp_path / "vault" / "clientbook.db"
    vault = Vault.create(path, password)
    try:
        _add_canary(vault)
        for i in range(20):  # enough writes that the WAL holds real pages
            with vault.transaction() as s:
                create_client(s, ClientInput(last_name=f"Тестов{i}", first_name=CANARY_FIRST,
                                             phones=[f"+7 916 555-00-{i:02d}"]))
        with vault.session() as s:  # a reader keeps the WAL from being checkpointed away
            assert s.scalar(select(func.count(m.Client.id))) == 21
            assert (path.parent / "clientbook.db-wal").stat().st_size > 0
            _assert_no_canary(tmp_path)
        if importlib.util.find_spec("clientbook.core.backup") is not None:
            from clientbook.core.restore_points import restore_point_before

            backup = restore_point_before(vault, "manual")
            assert backup.read_bytes()[:16] != SQLITE_HEADER
    finally:
        vault.close()
    _assert_no_canary(tmp_path)  # the vault, its side files, backups and anything else left behind
    assert path.read_bytes()[:16] != SQLITE_HEADER
    names = sorted(p.name for p in path.parent.iterdir() if p.is_file())
    assert set(names) <= {"clientbook.db", "clientbook.db-wal", "clientbook.db-shm", "clientbook.db.lock"}


# ---- check 2: wrong password and files that are not vaults ----------------------------------------
def test_wrong_password_leaves_file_untouched(tmp_path: Path, password: str) -> None:
    path = tmp_path / "v.db"
    with Vault.create(path, password) as vault:
        _add_canary(vault)
    before = _snapshot(path)
    listing = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(WrongPassword) as info:
        Vault.open(path, password + "x")
    assert "Неверный пароль" in info.value.text("ru")
    assert "Wrong password" in info.value.text("en")
    # reported by the validation query right after keying, not by something later
    assert info.value.__cause__ is not None and "not a database" in str(info.value.__cause__)
    assert _snapshot(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing
    with Vault.open(path, password) as vault:  # the lock was released by the failed attempt
        assert _client_count(vault) == 1


def _plain_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t(x)")
    conn.execute("INSERT INTO t VALUES ('hello')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("case", "expected", "ru_text", "en_text"),
    [
        ("empty", NotAVault, "пуст", "is empty"),
        ("junk_small", NotAVault, "не является базой", "is not a Clientbook vault"),
        ("junk_pages", WrongPassword, "не является базой Clientbook", "not a Clientbook vault"),
        ("plain_sqlite", NotAVault, "незашифрованная база SQLite", "plain unencrypted SQLite"),
        ("text_renamed", NotAVault, "не является базой", "is not a Clientbook vault"),
    ],
)
def test_not_a_vault_is_refused_untouched(tmp_path: Path, password: str, case: str, expected: type,
                                          ru_text: str, en_text: str) -> None:
    path = tmp_path / "clients.db"
    if case == "empty":
        path.write_bytes(b"")
    elif case == "junk_small":
        path.write_bytes(os.urandom(1000))
    elif case == "junk_pages":  # the size of a real vault: only the key check can tell
        path.write_bytes(os.urandom(PAGE_SIZE * 3))
    elif case == "plain_sqlite":
        _plain_sqlite(path)
    else:
        path.write_text("Иванов;+7 916 123-45-67\nПетров;8 903 000 00 00\n", encoding="utf-8")
    before = _snapshot(path)
    with pytest.raises(expected) as info:
        Vault.open(path, password)
    assert ru_text in info.value.text("ru")
    assert en_text in info.value.text("en")
    assert _snapshot(path) == before
    assert not (tmp_path / "clients.db-wal").exists()


def test_create_refuses_to_overwrite(tmp_path: Path, password: str) -> None:
    path = tmp_path / "clients.db"
    path.write_text("мои данные", encoding="utf-8")
    before = _snapshot(path)
    with pytest.raises(VaultExists):
        Vault.create(path, password)
    assert _snapshot(path) == before


# ---- check 3: damage inside a closed vault ------------------------------------------------------
def _vault_with_data(tmp_path: Path, password: str) -> Path:
    path = tmp_path / "v.db"
    with Vault.create(path, password) as vault:
        _add_canary(vault)
    return path


@pytest.mark.timeout(60)
def test_junk_in_a_middle_page_is_reported_as_damage(tmp_path: Path, password: str) -> None:
    path = _vault_with_data(tmp_path, password)
    pages = path.stat().st_size // PAGE_SIZE
    assert pages > 4
    with open(path, "r+b") as fh:
        fh.seek((pages // 2) * PAGE_SIZE + 100)
        fh.write(b"\x00JUNK" * 40)
    before = _snapshot(path)
    with pytest.raises(VaultDamaged) as info:
        Vault.open(path, password)
    assert "повреждён" in info.value.text("ru") and "резервной копии" in info.value.text("ru")
    assert "damaged" in info.value.text("en") and "backup" in info.value.text("en")
    assert _snapshot(path) == before
    with pytest.raises(VaultDamaged):  # the lock was released: a second try reports the same
        Vault.open(path, password)


@pytest.mark.timeout(60)
def test_junk_in_the_first_page_is_reported_as_damage_when_the_key_proves_right(
        tmp_path: Path, password: str) -> None:
    """Page 1 holds the schema: SQLCipher alone cannot tell it from a wrong key. The vault checks
    page 2's HMAC with the derived key, so the user hears "damaged" rather than retrying passwords."""
    path = _vault_with_data(tmp_path, password)
    with open(path, "r+b") as fh:
        fh.seek(200)  # past the salt, inside page 1's encrypted body
        fh.write(os.urandom(64))
    before = _snapshot(path)
    with pytest.raises(VaultDamaged):
        Vault.open(path, password)
    with pytest.raises(WrongPassword):  # a wrong password on the same file is still a wrong password
        Vault.open(path, "не тот пароль")
    assert _snapshot(path) == before


def _junk_page_of(path: Path, password: str, table: str) -> None:
    """Write junk over the root page of `table` in the closed vault at `path`."""
    with Vault.open(path, password) as vault, vault.engine.connect() as conn:
        root = conn.exec_driver_sql("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).scalar()
    assert root and root > 2
    with open(path, "r+b") as fh:
        fh.seek((root - 1) * PAGE_SIZE + 300)
        fh.write(b"\x00JUNK" * 40)


@pytest.mark.timeout(60)
def test_big_vault_opens_at_once_and_the_background_check_reports_the_damage(
        tmp_path: Path, password: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A big file is not checked while unlocking (it would cost seconds, SPEC §15): the UI runs
    verify_pages() right after, and a read of the damaged page is VaultDamaged, not a crash."""
    path = _vault_with_data(tmp_path, password)
    _junk_page_of(path, password, "clients")
    monkeypatch.setattr("clientbook.core.vault.VERIFY_ON_OPEN_BYTES", 0)  # this small file counts as big
    with Vault.open(path, password) as vault:
        assert vault.pages_unverified
        reports: list[tuple[int, int]] = []
        assert vault.verify_pages(progress=lambda done, total: reports.append((done, total))) is False
        total = path.stat().st_size // PAGE_SIZE
        assert reports[-1] == (total, total)
        with pytest.raises(VaultDamaged) as info, vault.session() as s:
            s.scalars(select(m.Client.notes)).all()  # in no index: read from the table's damaged page
        assert "повреждён" in info.value.text("ru") and "резервной копии" in info.value.text("ru")
        assert "damaged" in info.value.text("en") and "backup" in info.value.text("en")


def test_page_check_passes_an_intact_vault_and_stops_on_cancel(tmp_path: Path, password: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = _vault_with_data(tmp_path, password)
    monkeypatch.setattr("clientbook.core.vault.VERIFY_ON_OPEN_BYTES", 0)
    with Vault.open(path, password) as vault:
        with vault.transaction() as s:  # pages in use meanwhile are no false alarm
            create_client(s, ClientInput(last_name="Проверкина"))
        assert vault.verify_pages(should_cancel=lambda: True) is None
        assert vault.pages_unverified
        assert vault.verify_pages() is True
        assert not vault.pages_unverified


def _vault_past_one_gib(tmp_path: Path, password: str) -> Path:
    """A real vault a little over 1 GiB: a table of 1 MiB zero blobs written with journal and sync off
    (about 10 s of CPU), then switched back to WAL as the app keeps it."""
    from clientbook.core.cipher import keyed

    path = _vault_with_data(tmp_path, password)
    with Vault.open(path, password) as vault:
        key = vault.raw_key
    conn = keyed(sqlite_cipher.connect(str(path), isolation_level=None), key)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA secure_delete = OFF")
        conn.execute("CREATE TABLE ballast(b BLOB)")
        conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1030) "
                     "INSERT INTO ballast SELECT zeroblob(1048576) FROM n")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()
    return path


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_vault_past_one_gib_is_not_reported_damaged(tmp_path: Path, password: str) -> None:
    """SQLite leaves the page at byte 2^30 unwritten (zeros, no HMAC): the page check skips it, and
    only it: junk in the page right after it is still found."""
    from clientbook.core.cipher import LOCK_BYTE_PAGE, damaged_pages

    path = _vault_past_one_gib(tmp_path, password)
    assert path.stat().st_size > 2 ** 30 + 4 * PAGE_SIZE
    with open(path, "rb") as fh:
        fh.seek((LOCK_BYTE_PAGE - 1) * PAGE_SIZE)
        assert fh.read(PAGE_SIZE) == bytes(PAGE_SIZE)  # the lock-byte page really is blank
    with Vault.open(path, password) as vault:
        assert vault.pages_unverified  # too big to check while unlocking
        assert vault.verify_pages() is True
        assert _client_count(vault) == 1
        key = vault.raw_key
    with open(path, "r+b") as fh:
        fh.seek(LOCK_BYTE_PAGE * PAGE_SIZE + 100)
        fh.write(b"\x00JUNK" * 40)
    assert damaged_pages(path, key) == [LOCK_BYTE_PAGE + 1]


# ---- check 4: odd passwords ---------------------------------------------------------------------
@pytest.mark.parametrize("secret", [
    'quote"double', "quote'single", "at@per%cent/slash;semi", "Пароль Ёжика", "emoji 🔐🐈‍⬛", "x'; --",
])
def test_unusual_passwords_round_trip(tmp_path: Path, secret: str) -> None:
    path = tmp_path / "v.db"
    with Vault.create(path, secret) as vault:
        _add_canary(vault)
    with Vault.open(path, secret) as vault:
        assert _client_count(vault) == 1
    with pytest.raises(WrongPassword):
        Vault.open(path, secret[:-1] or "x")


def test_injection_shaped_password_creates_nothing(tmp_path: Path) -> None:
    evil = tmp_path / "evil.db"
    secret = f"x\"; ATTACH DATABASE '{evil}' AS e; --"
    path = tmp_path / "v.db"
    with Vault.create(path, secret) as vault:
        _add_canary(vault)
    with Vault.open(path, secret) as vault:
        assert _client_count(vault) == 1
    assert not evil.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == ["v.db", "v.db.lock"]


# ---- check 5: SQLCipher 4 defaults ---------------------------------------------------------------
def test_cipher_settings_are_sqlcipher4_defaults(vault: Vault) -> None:
    settings = vault.cipher_settings()
    assert settings["kdf_iter"] == "256000"
    assert settings["cipher_hmac_algorithm"] == "HMAC_SHA512"
    assert settings["cipher_kdf_algorithm"] == "PBKDF2_HMAC_SHA512"
    assert settings["cipher_page_size"] == "4096"
    assert settings["cipher_use_hmac"] == "1"
    assert settings["cipher_plaintext_header_size"] == "0"


def test_wal_and_memory_temp_store(vault: Vault) -> None:
    with vault.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == 2  # MEMORY
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_password_opens_the_file_in_plain_sqlcipher(tmp_path: Path, password: str) -> None:
    """The raw-key shortcut is SQLCipher's own derivation: the password works in any SQLCipher tool."""
    import sqlcipher3.dbapi2 as sqlcipher

    path = _vault_with_data(tmp_path, password)
    conn = sqlcipher.connect(str(path))
    conn.execute("PRAGMA key = " + "'" + password.replace("'", "''") + "'")
    assert conn.execute("SELECT last_name FROM clients").fetchone()[0] == CANARY_LAST
    conn.close()


# ---- check 6: change password ---------------------------------------------------------------------
def _wal_vault_with_deleted_rows(vault: Vault) -> list[int]:
    ids = []
    with vault.transaction() as s:
        for i in range(30):
            ids.append(create_client(s, ClientInput(last_name=f"Клиент{i}", phones=[f"+7 903 100-00-{i:02d}"])).id)
    with vault.transaction() as s:
        for client in s.scalars(select(m.Client).where(m.Client.id.in_(ids[::2]))):
            s.delete(client)
    assert (vault.path.parent / (vault.path.name + "-wal")).stat().st_size > 0
    return ids[1::2]


def test_change_password_on_wal_vault_with_deleted_rows(tmp_path: Path, password: str) -> None:
    path = tmp_path / "v.db"
    vault = Vault.create(path, password)
    kept = _wal_vault_with_deleted_rows(vault)
    vault.remember_key()
    old_key = vault.raw_key
    vault.change_password("Новый пароль 2")
    assert keystore.recall(vault.id) == vault.raw_key != old_key
    with vault.session() as s:  # the open vault keeps working with the new key
        assert sorted(s.scalars(select(m.Client.id))) == kept
    vault.close()
    with pytest.raises(WrongPassword):
        Vault.open(path, password)
    with Vault.open(path, "Новый пароль 2") as reopened:
        result = reopened.check_file()
        assert result.ok, result.problems
        with reopened.session() as s:
            assert sorted(s.scalars(select(m.Client.id))) == kept
            assert s.scalar(select(func.count(m.Phone.id))) == len(kept)
    with opening.open_vault(path) as by_keyring:  # the remembered key is the new one
        assert _client_count(by_keyring) == len(kept)


def test_failed_rekey_keeps_old_password_and_keyring_entry(tmp_path: Path, password: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A writer holding the file makes the rekey fail for real (busy): nothing may change."""
    import clientbook.core.vault as vault_module
    from clientbook.core.errors import KnownError

    monkeypatch.setattr(vault_module, "BUSY_TIMEOUT_S", 0.2)
    path = tmp_path / "v.db"
    vault = Vault.create(path, password)
    kept = _wal_vault_with_deleted_rows(vault)
    vault.remember_key()
    old_key = vault.raw_key
    blocker = vault.raw_connection()
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(KnownError) as info:
            vault.change_password("Новый пароль 2")
        assert "не изменён" in info.value.text("ru") and "not changed" in info.value.text("en")
    finally:
        blocker.rollback()
        blocker.close()
    assert keystore.recall(vault.id) == old_key == vault.raw_key
    with vault.session() as s:
        assert sorted(s.scalars(select(m.Client.id))) == kept
    vault.close()
    with pytest.raises(WrongPassword):
        Vault.open(path, "Новый пароль 2")
    with Vault.open(path, password) as reopened:
        assert reopened.check_file().ok
        assert _client_count(reopened) == len(kept)


# ---- check 12: owner-only files --------------------------------------------------------------------
@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_vault_files_are_owner_only(tmp_path: Path, password: str) -> None:
    old_umask = os.umask(0o022)  # a usual umask that would otherwise give 0644
    try:
        path = tmp_path / "v.db"
        vault = Vault.create(path, password)
        _add_canary(vault)
        with vault.session() as s:
            s.scalar(select(func.count(m.Client.id)))
            files = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir() if p.is_file()}
        vault.close()
    finally:
        os.umask(old_umask)
    assert {"v.db", "v.db-wal", "v.db-shm", "v.db.lock"} <= set(files)
    assert all(mode == 0o600 for mode in files.values()), files


# ---- check 18: network shares and a second instance -------------------------------------------------
MOUNTS = """\
sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
/dev/sda1 / ext4 rw,relatime 0 0
/dev/sdb1 /home ext4 rw,relatime 0 0
server:/export /home/anna/nfs nfs4 rw,relatime,vers=4.2 0 0
//nas/office /mnt/office\\040share cifs rw,relatime,vers=3.0 0 0
"""


@pytest.mark.parametrize(("where", "expected"), [
    ("/home/anna/nfs/clientbook.db", "nfs4"),
    ("/home/anna/nfs/deep/folder/clientbook.db", "nfs4"),
    ("/mnt/office share/clientbook.db", "cifs"),
    ("/home/anna/nfs-local/clientbook.db", None),  # a sibling with a similar name is local
    ("/home/anna/clientbook.db", None),
    ("/srv/clientbook.db", None),
])
def test_network_filesystem_is_recognized(where: str, expected: str | None) -> None:
    assert network_filesystem(Path(where), mounts_text=MOUNTS) == expected


def test_vault_on_a_network_share_warns(tmp_path: Path, password: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import clientbook.core.vault as vault_module

    mounts = f"/dev/sda1 / ext4 rw 0 0\nserver:/x {tmp_path} nfs rw 0 0\n"
    real = vault_module.network_filesystem
    monkeypatch.setattr(vault_module, "network_filesystem", lambda p: real(p, mounts_text=mounts))
    with Vault.create(tmp_path / "v.db", password) as vault:
        codes = [w.code for w in vault.warnings]
        assert codes == ["network_share"]
        assert "сетевом диске" in vault.warnings[0].text("ru")
        assert "network share" in vault.warnings[0].text("en")


_SECOND_PROCESS = """
import sys
from clientbook.core.vault import Vault
try:
    Vault.open(sys.argv[1], sys.argv[2]).close()
    print("opened")
except Exception as exc:
    print(type(exc).__name__)
    print(exc)
"""


def _open_in_another_process(path: Path, password: str) -> list[str]:
    env = {**os.environ, "CLIENTBOOK_LANG": "en"}
    done = subprocess.run([sys.executable, "-c", _SECOND_PROCESS, str(path), password], capture_output=True,
                          text=True, timeout=60, env=env, check=True)
    return done.stdout.strip().splitlines()


@pytest.mark.timeout(120)
def test_second_process_is_refused_while_open(tmp_path: Path, password: str) -> None:
    path = tmp_path / "v.db"
    vault = Vault.create(path, password)
    try:
        out = _open_in_another_process(path, password)
        assert out[0] == "VaultLocked"
        assert "already open" in out[1]
        with pytest.raises(VaultLocked):  # a second window of the same program too
            Vault.open(path, password)
    finally:
        vault.close()
    assert _open_in_another_process(path, password) == ["opened"]


def test_vault_opened_in_a_worker_thread_can_be_closed_from_another(tmp_path: Path, password: str) -> None:
    """The UI unlocks off the GUI thread and locks from it: the file lock must follow the vault."""
    path = tmp_path / "v.db"
    Vault.create(path, password).close()
    box: dict[str, Vault] = {}
    worker = threading.Thread(target=lambda: box.setdefault("v", Vault.open(path, password)))
    worker.start()
    worker.join()
    box["v"].close()
    with Vault.open(path, password) as again:
        assert not again.closed


def test_closed_vault_refuses_new_sessions(vault: Vault) -> None:
    vault.close()
    with pytest.raises(VaultLocked):
        vault.session()
