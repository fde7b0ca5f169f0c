"""An import's WAL checkpoint runs after it returns: nothing is lost, and every connection checkpoints again.

A 6,000-row import leaves ~2,000 pages in the WAL, past SQLite's 1000-page autocheckpoint, so
without the deferral its own commit would copy them into the vault file.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from clientbook.core import backup
from clientbook.core.importing import ImportCancelledError, ImportOptions, run_import
from clientbook.core.vault import Vault
from import_support import counts

ROWS = 6_000


def _clients_file(path: Path, rows: int = ROWS) -> Path:
    lines = ["ФИО;Телефон;E-mail;Город"]
    lines += [f"Клиентов{i} Пётр;+7 916 {i // 10000:03d}-{i % 10000 // 100:02d}-{i % 100:02d};p{i}@example.ru;Тверь"
              for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _autocheckpoints(vault: Vault) -> list[int]:
    """Each pooled connection's setting (all held at once, so none is handed out twice)."""
    with contextlib.ExitStack() as stack:
        conns = [stack.enter_context(vault.engine.connect()) for _ in range(3)]
        return [int(c.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() or 0) for c in conns]


def test_imported_pages_reach_the_vault_file_after_the_import_returns(vault: Vault, tmp_path: Path,
                                                                     password: str) -> None:
    source = _clients_file(tmp_path / "clients.csv")
    result = run_import(vault, source, ImportOptions(on_duplicate="create"))
    assert result.created == ROWS
    vault.late_checkpoints.wait()
    # the pages are in the main file now, not only in the WAL (the file held a few pages before)
    assert vault.path.stat().st_size > 2_000 * 4096
    assert _autocheckpoints(vault) == [1000, 1000, 1000]
    path = vault.path
    vault.close()
    again = Vault.open(path, password)
    try:
        assert counts(again)["clients"] == ROWS and counts(again)["phones"] == ROWS
        assert again.check_file().ok
    finally:
        again.close()


def test_a_cancelled_import_leaves_every_connection_checkpointing(vault: Vault, tmp_path: Path) -> None:
    source = _clients_file(tmp_path / "clients.csv")
    seen = 0

    def cancel_after_first_chunk() -> bool:
        nonlocal seen
        seen += 1
        return seen > 1

    with pytest.raises(ImportCancelledError):
        run_import(vault, source, ImportOptions(on_duplicate="create"), should_cancel=cancel_after_first_chunk)
    assert counts(vault)["clients"] == 0
    assert _autocheckpoints(vault) == [1000, 1000, 1000]


def test_a_backup_right_after_an_import_holds_the_whole_import(vault: Vault, tmp_path: Path) -> None:
    source = _clients_file(tmp_path / "clients.csv")
    run_import(vault, source, ImportOptions(on_duplicate="create"))
    made = backup.make_backup(vault, "manual")  # while the late checkpoint may still be running
    assert made.record.clients == ROWS and made.record.counts["phones"] == ROWS


KILLED_AFTER_IMPORT = r"""
import os, sys
from clientbook.core.importing import ImportOptions, run_import
from clientbook.core.vault import Vault
vault = Vault.open(sys.argv[1], raw_key=bytes.fromhex(sys.argv[2]))
result = run_import(vault, sys.argv[3], ImportOptions(on_duplicate="create"))
print(result.created, flush=True)
os.kill(os.getpid(), 9)  # at once: the late checkpoint has not copied the pages yet, the lock never ran
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_process_killed_right_after_the_import_keeps_every_row(tmp_path: Path, password: str) -> None:
    vault = Vault.create(tmp_path / "vault" / "clientbook.db", password)
    key, path = vault.raw_key, vault.path
    vault.close()
    source = _clients_file(tmp_path / "clients.csv")
    proc = subprocess.run([sys.executable, "-c", KILLED_AFTER_IMPORT, str(path), key.hex(), str(source)],
                          capture_output=True, text=True, timeout=300, env={**os.environ})
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert proc.stdout.strip() == str(ROWS)
    again = Vault.open(path, password)
    try:
        assert counts(again)["clients"] == ROWS
        assert again.check_file().ok
    finally:
        again.close()
