"""The desktop's side of users (#15.8): who unlocks, Settings ▸ Users for the owner, private notes
with a lock, a read-only user's greyed-out edits — real widgets on a real vault of several users."""

from __future__ import annotations

from pathlib import Path

import pytest
from card_helpers import add_client
from keyboard import type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from clientbook.core import history, keyslots, opening, users
from clientbook.core.vault import Vault
from clientbook.ui.backup_scheduler import BackupScheduler
from clientbook.ui.card import ClientCard
from clientbook.ui.history_window import HistoryWindow
from clientbook.ui.lock_controller import LockController
from clientbook.ui.settings_dialog import SettingsDialog
from clientbook.ui.unlock import UnlockPage
from clientbook.ui.users_page import PasswordDialog, RemoveDialog, UserDialog, UsersPage
from conftest import PASSWORD

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
IVAN, OLGA = "Иван-пароль 22", "Ольга-пароль 33"


@pytest.fixture
def office(vault: Vault) -> Path:
    """The owner "tester" (the `vault` fixture), a manager "Иван" and a read-only "Ольга"; closed."""
    add_client(vault)
    users.add_user(vault, "Иван", IVAN, "manager", owner_password=PASSWORD)
    users.add_user(vault, "Ольга", OLGA, "read_only")
    path = vault.path
    vault.close()
    return path


def answer(page: UsersPage, monkeypatch: pytest.MonkeyPatch, fill) -> None:  # type: ignore[no-untyped-def]
    """The page's next dialog is filled by `fill(dialog)` and accepted through its own OK check."""
    def run(dialog: QDialog) -> bool:
        fill(dialog)
        dialog.check_and_accept()  # type: ignore[attr-defined]
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(page, "run_dialog", run)


def test_the_owner_adds_a_user_in_settings_and_the_unlock_screen_asks_who(qtbot, vault, monkeypatch):
    dialog = SettingsDialog(None, vault)
    qtbot.addWidget(dialog)
    assert dialog.tabs is not None and dialog.tabs.tabText(1) == "Users"
    page = dialog.users_page
    assert page is not None
    assert [page.tree.topLevelItem(i).text(0) for i in range(page.tree.topLevelItemCount())] == ["tester"]

    def first_user(d: UserDialog) -> None:
        type_text(d.name, "Иван")
        type_text(d.password, IVAN)
        type_text(d.repeat, IVAN + "?")  # a typo first: the dialog says so and stays
        d.check_and_accept()
        assert "differ" in d.error.text() and d.result() != QDialog.DialogCode.Accepted
        d.repeat.clear()
        type_text(d.repeat, IVAN)
        d.rights["export"].setChecked(False)
        type_text(d.owner_password, PASSWORD)  # the first user makes the owner's keyslot

    answer(page, monkeypatch, first_user)
    assert page.add_user()
    rows = {page.tree.topLevelItem(i).text(0): page.tree.topLevelItem(i).text(1)
            for i in range(page.tree.topLevelItemCount())}
    assert rows == {"tester": "Owner", "Иван": "Manager"}
    assert "Export" not in page.tree.currentItem().text(2) and "Change data" in page.tree.currentItem().text(2)
    assert users.names_before_unlock(vault.path) == ["tester", "Иван"]
    path = vault.path
    vault.close()

    unlock = UnlockPage()
    qtbot.addWidget(unlock)
    unlock.set_path(path)
    unlock.show()
    assert unlock.user_box.isVisible() and not unlock.remember.isVisible()
    unlock.user_box.setCurrentIndex(unlock.user_box.findData("Иван"))
    assert unlock.password.placeholderText() == "Password of Иван"
    controller = LockController(unlock, BackupScheduler(), path, unlock)
    opened: list[Vault] = []
    controller.opened.connect(lambda v, _first: opened.append(v))
    type_text(unlock.password, "не тот пароль")
    qtbot.keyClick(unlock.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Wrong password" in unlock.error.text(), timeout=20_000)
    type_text(unlock.password, IVAN)
    qtbot.keyClick(unlock.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=20_000)
    assert opened[0].actor == "Иван" and opened[0].user.role == "manager"
    manager_settings = SettingsDialog(None, opened[0])  # a manager does not see the Users page
    qtbot.addWidget(manager_settings)
    assert manager_settings.users_page is None and manager_settings.tabs is None
    opened[0].close()
    again = UnlockPage()
    qtbot.addWidget(again)
    again.set_path(path)
    assert again.user_box.currentText() == "Иван"  # the last user to unlock here comes first


def test_five_wrong_passwords_are_slowed_and_said_on_the_unlock_screen(qtbot, office):
    unlock = UnlockPage()
    qtbot.addWidget(unlock)
    unlock.set_path(office)
    unlock.user_box.setCurrentIndex(unlock.user_box.findData("Ольга"))
    controller = LockController(unlock, BackupScheduler(), office, unlock)
    for attempt in range(keyslots.THROTTLE_AFTER + 1):
        unlock.password.clear()
        type_text(unlock.password, f"не тот пароль {attempt}")
        qtbot.keyClick(unlock.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not controller.busy and unlock.error.text() != "", timeout=20_000)
        if attempt < keyslots.THROTTLE_AFTER:
            assert "Wrong password" in unlock.error.text()
            unlock.error.clear()
    assert "Too many wrong passwords" in unlock.error.text() and "s." in unlock.error.text()


def test_role_reset_and_remove_from_the_users_page(qtbot, office, monkeypatch):
    vault = opening.open_vault(office, PASSWORD)
    try:
        page = UsersPage(vault)
        qtbot.addWidget(page)
        page.select("tester")
        assert not page.remove_button.isEnabled() and "owner" in page.remove_button.toolTip()
        page.select("Ольга")
        answer(page, monkeypatch, lambda d: d.role.setCurrentIndex(d.role.findData("manager")))
        assert page.change_role()
        assert page.tree.currentItem().text(1) == "Manager"

        def new_password(d: PasswordDialog) -> None:
            type_text(d.password, "Новый-пароль 44")
            type_text(d.repeat, "Новый-пароль 44")

        answer(page, monkeypatch, new_password)
        assert page.reset_password()
        assert "new password" in page.status.text()

        page.select("Иван")

        def confirm(d: RemoveDialog) -> None:
            assert "re-encrypted" in d.findChild(type(page.heading)).text()
            d.check_and_accept()  # no password yet: refused inside the dialog
            assert d.error.text() and d.result() != QDialog.DialogCode.Accepted
            type_text(d.owner_password, PASSWORD)

        answer(page, monkeypatch, confirm)
        assert page.remove_user()
        assert "new key" in page.status.text()
        names = [page.tree.topLevelItem(i).text(0) for i in range(page.tree.topLevelItemCount())]
        assert names == ["tester", "Ольга"]
    finally:
        vault.close()
    assert users.names_before_unlock(office) == ["tester", "Ольга"]
    opening.open_vault(office, "Новый-пароль 44", user="Ольга").close()
    with pytest.raises(Exception, match="Wrong password"):
        opening.open_vault(office, IVAN, user="Иван")


def test_a_wrong_owner_password_removes_nobody_and_says_why(qtbot, office, monkeypatch):
    vault = opening.open_vault(office, PASSWORD)
    try:
        page = UsersPage(vault)
        qtbot.addWidget(page)
        page.select("Иван")
        answer(page, monkeypatch, lambda d: type_text(d.owner_password, "не тот пароль"))
        assert not page.remove_user()
        assert page.status.text() and "new key" not in page.status.text()
        assert "Иван" in [page.tree.topLevelItem(i).text(0) for i in range(page.tree.topLevelItemCount())]
    finally:
        vault.close()
    assert "Иван" in users.names_before_unlock(office)


def test_a_private_note_shows_a_lock_to_others_and_its_text_to_its_author(qtbot, office, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    with opening.open_vault(office, IVAN, user="Иван") as ivan:
        card = ClientCard(ivan, 1)
        qtbot.addWidget(card)
        card.show()
        card.tabs.setCurrentWidget(card.history)
        type_text(card.history.new_text, "Клиент просил не звонить жене")
        card.history.private.setChecked(True)
        qtbot.mouseClick(card.history.add_button, Qt.MouseButton.LeftButton)
        assert card.history.tree.topLevelItem(0).text(2) == "🔒 Клиент просил не звонить жене"
        assert not card.history.private.isChecked()
        card.close()
    with opening.open_vault(office, PASSWORD) as owner:
        card = ClientCard(owner, 1)
        qtbot.addWidget(card)
        card.show()
        card.tabs.setCurrentWidget(card.history)
        row = card.history.tree.topLevelItem(0)
        assert (row.text(2), row.text(3)) == ("🔒 Private note", "Иван")
        assert "only its author" in row.toolTip(2)
        with owner.session() as s:
            assert history.timeline(s, 1)[0].text is None  # nothing readable stored
        card.close()
        window = HistoryWindow(owner)  # Tools ▸ History says the same
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.is_loaded, timeout=10_000)
        assert window.tree.topLevelItem(0).text(3) == "🔒 Private note"
        window.close()


def test_a_read_only_user_sees_edits_greyed_out_with_the_reason(qtbot, office, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    with opening.open_vault(office, OLGA, user="Ольга") as olga:
        card = ClientCard(olga, 1)
        qtbot.addWidget(card)
        card.show()
        assert not card.save_button.isEnabled()
        assert "may not change data" in card.save_button.toolTip() and "Ольга" in card.save_button.toolTip()
        card.tabs.setCurrentWidget(card.history)
        assert not card.history.add_button.isEnabled() and "may not" in card.history.add_button.toolTip()
        card.close()
    with opening.open_vault(office, IVAN, user="Иван") as ivan:  # a manager edits
        card = ClientCard(ivan, 1)
        qtbot.addWidget(card)
        assert card.save_button.isEnabled() and "may not" not in card.save_button.toolTip()
        card.close()


def test_removing_a_user_from_the_window_stops_its_readers_first_and_the_window_goes_on(qtbot, office, monkeypatch):
    from clientbook.ui.main_window import MainWindow
    from clientbook.ui.settings_dialog import SettingsDialog as Dialog

    vault = opening.open_vault(office, PASSWORD)
    window = MainWindow(office)
    qtbot.addWidget(window)
    window.adopt_vault(vault)
    window.show()
    qtbot.waitUntil(lambda: window.model.is_loaded and window.model.rowCount() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: window.session.background_started, timeout=20_000)  # after Today is on screen
    events: list[str] = []
    real_stop, real_start = window.backups.stop, window.backups.start
    monkeypatch.setattr(window.backups, "stop", lambda: (events.append("readers stopped"), real_stop())[1])
    monkeypatch.setattr(window.backups, "start", lambda v: (events.append("readers started"), real_start(v))[1])
    real_remove = users.remove_user
    monkeypatch.setattr(users, "remove_user", lambda *a, **k: (events.append("re-keyed"), real_remove(*a, **k))[1])

    def run_settings(dialog: Dialog) -> int:
        page = dialog.users_page
        assert page is not None
        page.select("Иван")
        answer(page, monkeypatch, lambda d: type_text(d.owner_password, PASSWORD))
        assert page.remove_user()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(Dialog, "exec", run_settings)
    window.open_settings()
    assert events == ["readers stopped", "re-keyed", "readers started"]
    window.after_change()
    qtbot.waitUntil(lambda: window.model.is_loaded and window.model.rowCount() == 1, timeout=10_000)
    window.lock()
    assert users.names_before_unlock(office) == ["tester", "Ольга"]
