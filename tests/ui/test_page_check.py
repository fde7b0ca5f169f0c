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


def test_the_page_check_waits_until_the_list_and_today_are_on_screen(qtbot, tmp_path, monkeypatch):
    """The check reads the whole file in Python for seconds at 100,000 clients; started with the first
    paints it doubled their time (benchmarks/bench_window.py). It starts once Today has its groups."""
    path = tmp_path / "big.db"
    _vault(path, None)
    monkeypatch.setattr("clientbook.core.vault.VERIFY_ON_OPEN_BYTES", 0)
    seen: list[tuple[bool, bool]] = []
    vault = Vault.open(path, PASSWORD)
    win = MainWindow(path)
    win.auto_backups = False
    qtbot.addWidget(win)
    real_start = win.backups.start

    def start(v: Vault) -> None:
        panel = win.today_dock.widget() if win.today_dock is not None else None
        seen.append((win.model.is_loaded, bool(getattr(panel, "is_loaded", False))))
        real_start(v)

    monkeypatch.setattr(win.backups, "start", start)
    win.show()
    win.adopt_vault(vault)
    try:
        qtbot.waitUntil(lambda: not vault.pages_unverified, timeout=20_000)
        assert seen == [(True, True)]  # once, and only after the list and Today were filled
    finally:
        win.lock()
