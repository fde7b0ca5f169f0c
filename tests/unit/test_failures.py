"""One classifier of known failures (clientbook.core.failures) for the CLI and the desktop app."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
import sqlalchemy.exc
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import text

from clientbook.core import failures
from clientbook.core.cipher import PAGE_SIZE, keyed
from clientbook.core.errors import VaultDamaged, VaultLocked
from clientbook.core.vault import Vault


def test_a_known_error_keeps_its_own_message() -> None:
    message = failures.user_message(VaultLocked(name="base.db"))
    assert message is not None and message.code == "vault_locked" and "base.db" in message.text("en")


def test_os_errors_are_told_by_kind(tmp_path: Path) -> None:
    full = OSError(errno.ENOSPC, "No space left on device")
    assert failures.cause(full) == failures.DISK_FULL
    assert failures.user_message(full).code == "disk_full"  # type: ignore[union-attr]
    try:
        (tmp_path / "nowhere" / "x.csv").read_text()
    except OSError as exc:
        missing = exc
    assert failures.cause(missing) == failures.MISSING
    message = failures.user_message(missing)
    assert message is not None and message.code == "file_error"
    assert "x.csv" in message.text("en") and "Ошибка файла" in message.text("ru")


def test_a_damaged_page_is_damage_and_the_vault_says_so(tmp_path: Path, password: str) -> None:
    path = tmp_path / "v.db"
    with Vault.create(path, password) as vault:
        key = vault.raw_key
        conn = vault.raw_connection()
        conn.execute("CREATE TABLE ballast(b BLOB)")
        conn.execute("INSERT INTO ballast VALUES (zeroblob(40000))")
        conn.commit()
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ballast'").fetchone()[0]
        conn.close()
    with open(path, "r+b") as fh:
        fh.seek((root - 1) * PAGE_SIZE + 300)
        fh.write(b"\x00JUNK" * 40)
    conn = keyed(sqlcipher.connect(str(path)), key)
    with pytest.raises(sqlcipher.DatabaseError) as info:
        conn.execute("SELECT count(*) FROM ballast WHERE length(b) > 0").fetchall()
    conn.close()
    assert failures.is_damage(info.value) and failures.cause(info.value) == failures.DAMAGED
    message = failures.user_message(info.value)
    assert message is not None and message.code == "database_error"
    assert "DatabaseError" in message.text("en")
    with Vault.open(path, password, verify=False) as vault, pytest.raises(VaultDamaged), \
            vault.engine.connect() as db:  # the vault turns it into its own known error
        db.execute(text("SELECT count(*) FROM ballast WHERE length(b) > 0")).all()


def test_a_database_error_wrapped_by_sqlalchemy_shows_only_its_class(vault: Vault) -> None:
    with pytest.raises(sqlalchemy.exc.OperationalError) as info, vault.engine.connect() as db:
        db.execute(text("SELECT secret_column_name FROM clients"))
    message = failures.user_message(info.value)
    assert message is not None and message.code == "database_error"
    assert "OperationalError" in message.text("en") and "secret_column_name" not in message.text("en")


def test_a_bug_is_not_a_known_failure() -> None:
    assert failures.user_message(ValueError("bug")) is None
    assert failures.cause(KeyError("x")) is None
    assert "internal error" in failures.user_message_or_generic(ValueError("bug")).text("en")
