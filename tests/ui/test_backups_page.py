"""The Backups page driven as a user would: back up now, verify a damaged backup, restore one."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox
from sqlalchemy import func, select

from clientbook.core import backup
from clientbook.core import models as m
from clientbook.core.clients import ClientInput, create_client, delete_clients
from clientbook.core.vault import Vault
from clientbook.ui.backups_page import BackupsPage, status_text


def clients(vault: Vault) -> list[str]:
    with vault.session() as s:
        return list(s.scalars(select(m.Client.last_name).order_by(m.Client.id)))


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Message boxes answer by themselves; what they said is recorded."""
    said: dict[str, list[str]] = {"info": [], "warning": [], "critical": [], "question": []}

    def box(kind: str, answer: object = QMessageBox.StandardButton.Ok):  # type: ignore[no-untyped-def]
        def show(_parent, _title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            said[kind].append(text)
            return answer
        return show

    monkeypatch.setattr(QMessageBox, "information", box("info"))
    monkeypatch.setattr(QMessageBox, "warning", box("warning"))
    monkeypatch.setattr(QMessageBox, "critical", box("critical"))
    monkeypatch.setattr(QMessageBox, "question", box("question", QMessageBox.StandardButton.Yes))
    return said


def wait_idle(qtbot, page: BackupsPage) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not page.busy(), timeout=30000)


def test_back_up_now_lists_the_backup_and_updates_status(qtbot, vault: Vault, messages) -> None:  # type: ignore[no-untyped-def]
    page = BackupsPage(vault)
    qtbot.addWidget(page)
    assert page.table.rowCount() == 0
    assert status_text(vault)[1] is True  # warning: no backup yet
    with qtbot.waitSignal(page.backups_changed, timeout=30000):
        qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 1
    assert page.table.item(0, 1).text() == "Manual"
    assert page.table.item(0, 4).text() == "verified"
    text, warn = status_text(vault)
    assert text.startswith("Last verified backup:") and not warn
    assert page.status_label.text() == text
    assert messages["warning"] == [] and messages["critical"] == []


def test_verify_reports_a_damaged_backup(qtbot, vault: Vault, messages) -> None:  # type: ignore[no-untyped-def]
    made = backup.make_backup(vault)
    raw = bytearray(made.path.read_bytes())
    raw[5000] ^= 0x10
    made.path.write_bytes(bytes(raw))
    page = BackupsPage(vault)
    qtbot.addWidget(page)
    page.select_row(0)
    with qtbot.waitSignal(page.backups_changed, timeout=30000):
        qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    assert messages["critical"] and "damaged" in messages["critical"][0]
    assert page.table.item(0, 4).text() == "DAMAGED"


def test_restore_from_the_page(qtbot, vault: Vault, messages) -> None:  # type: ignore[no-untyped-def]
    with vault.transaction() as s:
        create_client(s, ClientInput(last_name="Первый"))
        create_client(s, ClientInput(last_name="Второй"))
    backup.make_backup(vault)
    delete_clients(vault, [1])  # makes a restore point too
    with vault.transaction() as s:
        create_client(s, ClientInput(last_name="Третий"))
    assert clients(vault) == ["Второй", "Третий"]
    page = BackupsPage(vault)
    qtbot.addWidget(page)
    kinds = [page.table.item(r, 1).text() for r in range(page.table.rowCount())]
    assert kinds == ["Before deletion", "Manual"]
    page.select_row(1)
    released: list[Path] = []
    page.about_to_restore.connect(released.append)
    with qtbot.waitSignal(page.vault_reopened, timeout=30000) as reopened:
        qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    new_vault = reopened.args[0]
    try:
        assert len(messages["question"]) == 1 and "2 clients" in messages["question"][0]
        assert released and released[0].name == page._records[-1].file
        assert vault.closed and page.vault is new_vault
        assert clients(new_vault) == ["Первый", "Второй"]
        assert messages["info"] == ["The backup was restored."]
        kinds = [page.table.item(r, 1).text() for r in range(page.table.rowCount())]
        assert "Before restore" in kinds  # the state before the restore was saved
    finally:
        wait_idle(qtbot, page)
        new_vault.close()


def test_restore_declined_changes_nothing(qtbot, vault: Vault, messages, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with vault.transaction() as s:
        create_client(s, ClientInput(last_name="Первый"))
    backup.make_backup(vault)
    page = BackupsPage(vault)
    qtbot.addWidget(page)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    page.select_row(0)
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    assert not page.busy() and not vault.closed
    assert len(backup.list_backups(vault)) == 1


def test_restore_asks_the_backups_password(qtbot, vault: Vault, password: str, messages, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with vault.transaction() as s:
        create_client(s, ClientInput(last_name="Старый"))
    backup.make_backup(vault)
    vault.change_password("совсем другой")
    asked: list[str] = []

    def get_text(_parent, _title, label, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(label)
        return password, True

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    page = BackupsPage(vault)
    qtbot.addWidget(page)
    page.select_row(0)
    with qtbot.waitSignal(page.vault_reopened, timeout=30000) as reopened:
        qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    new_vault = reopened.args[0]
    try:
        assert asked and "different password" in asked[0]
        assert clients(new_vault) == ["Старый"]
    finally:
        wait_idle(qtbot, page)
        new_vault.close()
    Vault.open(new_vault.path, password).close()


def test_settings_are_saved_and_empty_policy_refused(qtbot, vault: Vault, messages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = BackupsPage(vault)
    qtbot.addWidget(page)
    usb = tmp_path / "usb"
    usb.mkdir()
    page.second_edit.setText(str(usb))
    page.keep_spins["keep_last"].setValue(3)
    qtbot.mouseClick(page.save_settings_button, Qt.MouseButton.LeftButton)
    saved = backup.load_settings(vault)
    assert saved.second_folder == str(usb) and saved.keep_last == 3
    for spin in ("keep_last", "keep_daily", "keep_weekly", "keep_monthly"):
        page.keep_spins[spin].setValue(0)
    qtbot.mouseClick(page.save_settings_button, Qt.MouseButton.LeftButton)
    assert messages["warning"] and "empty" in messages["warning"][0]
    assert backup.load_settings(vault).keep_last == 3
    with vault.session() as s:  # only the backup settings (the vault's own sealing keys aside, #15)
        assert s.scalar(select(func.count()).select_from(m.Setting).where(m.Setting.key != "sealing_keys")) == 1


def test_a_damaged_backup_stays_listed_after_back_up_now(qtbot, vault: Vault, messages) -> None:  # type: ignore[no-untyped-def]
    """"Back up now" prunes by the policy; the damaged backup is kept and shown as such."""
    settings = backup.load_settings(vault)
    settings.keep_last, settings.keep_daily, settings.keep_weekly, settings.keep_monthly = 1, 0, 0, 0
    backup.save_settings(vault, settings)
    made = backup.make_backup(vault)
    raw = bytearray(made.path.read_bytes())
    raw[5000] ^= 0x10
    made.path.write_bytes(bytes(raw))
    assert not backup.verify_backup(made.path, vault.raw_key).ok
    page = BackupsPage(vault)
    qtbot.addWidget(page)
    for _ in range(2):
        with qtbot.waitSignal(page.backups_changed, timeout=30000):
            qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    states = [page.table.item(r, 4).text() for r in range(page.table.rowCount())]
    assert states == ["verified", "DAMAGED"]
    assert made.path.exists() and page.table.item(1, 0).toolTip() == made.path.name
