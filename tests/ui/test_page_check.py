"""A big vault is unlocked without its page check; the main window runs it right after (SPEC §17
check 3 without the seconds it would add to unlocking, SPEC §15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from clientbook.core import clients
from clientbook.core.cipher import PAGE_SIZE
from clientbook.core.clients import ClientInput
from clientbook.core.vault import Vault
from clientbook.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

PASSWORD = "проверка страниц"


def _vault(path: Path, junk_table: str | None) -> None:
    with Vault.create(path, PASSWORD) as vault:
        with vault.transaction() as s:
            clients.create_client(s, ClientInput(last_name="Страницына", first_name="Вера"))
        with vault.engine.connect() as conn:
            root = conn.exec_driver_sql("SELECT rootpage FROM sqlite_master WHERE name = ?",
                                        (junk_table or "audit",)).scalar()
    if junk_table:  # a table the list does not read on unlock
        with open(path, "r+b") as fh:
            fh.seek((root - 1) * PAGE_SIZE + 300)
            fh.write(b"\x00JUNK" * 40)


@pytest.mark.parametrize("damaged", [True, False])
def test_window_checks_pages_after_unlock_and_says_restore(qtbot, tmp_path, monkeypatch, damaged):
    path = tmp_path / "big.db"
    _vault(path, "audit" if damaged else None)
    monkeypatch.setattr("clientbook.core.vault.VERIFY_ON_OPEN_BYTES", 0)  # count this file as big
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    vault = Vault.open(path, PASSWORD)
    assert vault.pages_unverified
    win = MainWindow(path)
    win.auto_backups = False
    qtbot.addWidget(win)
    win.adopt_vault(vault)
    try:
        if damaged:
            qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
            assert "damaged" in shown[0] and "backup" in shown[0]
            assert "damaged" in win.banner.text()
        else:
            qtbot.waitUntil(lambda: not vault.pages_unverified, timeout=10_000)
            assert shown == []
        qtbot.waitUntil(lambda: win.model.is_loaded)  # read on a worker, beside the page check
        assert win.model.rowCount() == 1  # the list was usable meanwhile
    finally:
        win.lock()
