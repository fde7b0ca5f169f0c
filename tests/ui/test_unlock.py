"""First run and unlock, driven through the real dialogs with the keyboard and mouse."""

from __future__ import annotations

from pathlib import Path

import pytest
from keyboard import type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from clientbook.core.cipher import vault_id_of
from clientbook.core.passwords import strength as password_strength
from clientbook.core.vault import Vault
from clientbook.ui.backup_scheduler import BackupScheduler
from clientbook.ui.lock_controller import LockController
from clientbook.ui.main_window import MainWindow
from clientbook.ui.unlock import CreateVaultDialog, UnlockPage


def test_create_vault_through_the_first_run_dialog(qtbot, tmp_path, memory_keyring):
    path = tmp_path / "base" / "clientbook.db"
    dialog = CreateVaultDialog(path)
    qtbot.addWidget(dialog)
    type_text(dialog.password, "Пароль-2024!")
    type_text(dialog.repeat, "Пароль-2024?")  # a typo: refused, nothing created
    dialog._create()
    assert "differ" in dialog.error.text()
    assert not path.exists()
    dialog.repeat.clear()
    type_text(dialog.repeat, "Пароль-2024!")
    assert dialog.strength.text() in ("fair", "strong")
    dialog.remember.setChecked(True)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.vault is not None and path.exists()
    assert path.read_bytes()[:16] != b"SQLite format 3\x00"
    dialog.vault.close()
    assert ("clientbook", vault_id_of(path)) in memory_keyring.store  # "remember" kept the key
    Vault.open(path, "Пароль-2024!").close()


def test_short_password_is_refused_with_a_message(qtbot, tmp_path):
    path = tmp_path / "clientbook.db"
    dialog = CreateVaultDialog(path)
    qtbot.addWidget(dialog)
    type_text(dialog.password, "abc")
    type_text(dialog.repeat, "abc")
    dialog._create()
    assert "too short" in dialog.error.text()
    assert dialog.vault is None and not path.exists()
    assert password_strength("abc") == 0 < password_strength("correct horse battery") == 3


def _page_and_controller(qtbot, path: Path) -> tuple[UnlockPage, LockController]:
    page = UnlockPage()
    qtbot.addWidget(page)
    page.set_path(path)
    return page, LockController(page, BackupScheduler(), path, page)


def test_wrong_then_right_password(qtbot, tmp_path, password):
    path = tmp_path / "clientbook.db"
    Vault.create(path, password).close()
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    page, controller = _page_and_controller(qtbot, path)
    opened: list[Vault] = []
    controller.opened.connect(lambda vault, _first: opened.append(vault))
    type_text(page.password, "not the password")
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    assert page.busy.isVisibleTo(page) and not page.unlock_button.isEnabled()  # opening on a worker
    qtbot.waitUntil(lambda: "Wrong password" in page.error.text())
    assert opened == [] and not page.busy.isVisibleTo(page) and page.unlock_button.isEnabled()
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before  # untouched
    page.password.clear()
    type_text(page.password, password)
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(opened) == 1)
    assert page.error.text() == ""
    assert page.password.text() == ""  # the password does not linger in the widget
    opened[0].close()


def test_second_window_is_told_the_vault_is_open_elsewhere(qtbot, vault, password):
    page, _controller = _page_and_controller(qtbot, Path(vault.path))
    type_text(page.password, password)
    page.try_unlock()
    qtbot.waitUntil(lambda: "already open" in page.error.text())


def test_main_window_unlocks_into_the_list(qtbot, tmp_path, password):
    path = tmp_path / "clientbook.db"
    Vault.create(path, password).close()
    window = MainWindow(path)
    qtbot.addWidget(window)
    assert window.stack.currentWidget() is window.unlock_page
    type_text(window.unlock_page.password, password)
    qtbot.keyClick(window.unlock_page.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.vault is not None)
    assert window.stack.currentWidget() is window.workspace
    assert "0" in window.count_label.text()
    window.lock()


def test_remembered_key_opens_without_asking(qtbot, tmp_path, password):
    path = tmp_path / "clientbook.db"
    vault = Vault.create(path, password, remember=True)
    vault.close()
    window = MainWindow(path)
    qtbot.addWidget(window)
    assert window.try_remembered_key()
    qtbot.waitUntil(lambda: window.vault is not None)
    assert window.stack.currentWidget() is window.workspace
    window.lock()


def test_network_share_warning_is_shown(qtbot, tmp_path, password):
    from clientbook.core.messages import Message

    path = tmp_path / "clientbook.db"
    vault = Vault.create(path, password)
    vault.warnings.append(Message("network_share"))  # as Vault.open adds it for a path on nfs/cifs
    window = MainWindow(path)
    qtbot.addWidget(window)
    window.adopt_vault(vault)
    assert window.banner.isVisibleTo(window) and "network share" in window.banner.text()
    window.lock()


def test_first_run_window_offers_to_create_and_lands_in_the_list(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "new" / "clientbook.db"
    window = MainWindow(path)
    qtbot.addWidget(window)
    page = window.unlock_page
    assert page.title.text() == "Welcome to Clientbook"
    assert not page.password.isVisibleTo(page) and page.new_button.isVisibleTo(page)

    def fill_and_create(dialog):
        type_text(dialog.password, "long enough 1")
        type_text(dialog.repeat, "long enough 1")
        dialog._create()
        return dialog.result()

    monkeypatch.setattr(CreateVaultDialog, "exec", fill_and_create)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert window.vault is not None and path.exists()
    assert window.stack.currentWidget() is window.workspace
    window.lock()
    assert page.title.text() == "Clientbook is locked" and page.password.isVisibleTo(page)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_greyed_remember_says_why_where_it_can_be_seen(qtbot, tmp_path, password, monkeypatch):  # type: ignore[no-untyped-def]
    from clientbook.core import keystore
    from clientbook.core.errors import KeyringUnavailable
    from clientbook.ui.unlock import known_text

    path = tmp_path / "vault.db"
    Vault.create(path, password).close()
    monkeypatch.setattr(keystore, "is_available", lambda: False)
    page = UnlockPage()
    qtbot.addWidget(page)
    page.set_path(path)
    page.retranslateUi()
    page.show()
    assert not page.remember.isEnabled()
    assert page.remember_note.isVisible()
    assert page.remember_note.text() == known_text(KeyringUnavailable("keyring_unavailable")) != ""


def test_change_password_dialog_follows_the_one_policy(qtbot, vault, password):
    """The same rules as `clientbook passwd` (clientbook.core.passwords), in the user's words."""
    from clientbook.ui.unlock import ChangePasswordDialog

    dialog = ChangePasswordDialog(vault)
    qtbot.addWidget(dialog)
    path, old_key = vault.path, vault.raw_key
    for current, new, repeat, expected in (("not it", "a long new password", "a long new password", "Wrong password"),
                                           (password, "short", "short", "too short"),
                                           (password, password, password, "same as the old one"),
                                           (password, "a long new password", "a long new passwort", "differ")):
        for edit, text in ((dialog.current, current), (dialog.new, new), (dialog.repeat, repeat)):
            edit.clear()
            type_text(edit, text)
        dialog._change()
        assert expected in dialog.error.text()
        assert vault.raw_key == old_key and dialog.result() != dialog.DialogCode.Accepted
    dialog.repeat.clear()
    type_text(dialog.repeat, "a long new password")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.error.text() == ""
    vault.close()
    Vault.open(path, "a long new password").close()


def test_unlocking_a_vault_of_an_older_version_upgrades_it(qtbot, tmp_path):
    """The frozen schema-0001 fixture opens from the lock screen through the core service."""
    import shutil

    from clientbook.core import backup, migrate

    path = tmp_path / "clientbook.db"
    shutil.copyfile(Path(__file__).resolve().parents[1] / "fixtures" / "vault-0001.db", path)
    page, controller = _page_and_controller(qtbot, path)
    opened: list[Vault] = []
    controller.opened.connect(lambda vault, _first: opened.append(vault))
    type_text(page.password, "Фикстура-0001 пароль")
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(opened) == 1 or bool(page.error.text()))
    assert len(opened) == 1, page.error.text()
    with opened[0] as vault:
        assert migrate.current_revision(vault) == migrate.head_revision()
        points = [r.reason for r in backup.list_backups(vault) if r.kind == backup.RESTORE_POINT]
        assert points == ["migration"]


def test_lock_while_unlocking_closes_what_the_worker_opened(qtbot, tmp_path, password):
    """Enter, then at once Ctrl+L (or quit) before the worker answers: nothing stays open, and the
    late answer does not reopen the window; the next unlock works as usual."""
    path = tmp_path / "clientbook.db"
    Vault.create(path, password).close()
    window = MainWindow(path)
    qtbot.addWidget(window)
    window.auto_backups = False
    for _ in range(3):
        type_text(window.unlock_page.password, password)
        qtbot.keyClick(window.unlock_page.password, Qt.Key.Key_Return)
        assert window.session.busy
        window.lock()
        assert window.vault is None and not window.session.busy
        Vault.open(path, password).close()  # not "already open": the worker's vault was closed
        QApplication.processEvents()  # the worker's answer, posted before lock() returned, is ignored
        assert window.vault is None and window.stack.currentWidget() is window.unlock_page
        assert window.unlock_page.unlock_button.isEnabled()
    type_text(window.unlock_page.password, password)
    qtbot.keyClick(window.unlock_page.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.vault is not None)
    window.lock()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_list_after_unlocking_was_read_by_the_unlock_worker(qtbot, tmp_path, password):
    """The list's ids and first rows are read on the worker with the key (issue 11: the GUI thread
    froze on those queries), so the first paint finds its rows without reading the file itself."""
    from clientbook.core import clients
    from clientbook.core.clients import ClientInput

    path = tmp_path / "clientbook.db"
    with Vault.create(path, password) as vault, vault.transaction() as s:
        for name in ("Борисов", "Андреева", "Волков"):
            clients.create_client(s, ClientInput(last_name=name, first_name="Тест"))
    window = MainWindow(path)
    qtbot.addWidget(window)
    window.auto_backups = False
    window.show()
    type_text(window.unlock_page.password, password)
    qtbot.keyClick(window.unlock_page.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.vault is not None)
    qtbot.waitExposed(window.table)
    assert [window.model.data(window.model.index(r, 0)) for r in range(3)] == [
        "Андреева Тест", "Борисов Тест", "Волков Тест"]
    assert window.model.windows_loaded == 0  # every row shown came from the worker
    window.lock()


def test_a_file_error_while_unlocking_is_told_in_plain_words(qtbot, tmp_path):
    """Known OS errors are classified by the core (clientbook.core.failures), as in the CLI, not
    reported as "an error in Clientbook"."""
    path = tmp_path / "clientbook.db"
    path.mkdir()  # a folder where the file should be: reading it fails with a real OSError
    (path / "filler").write_bytes(b"x" * 5000)
    page, _controller = _page_and_controller(qtbot, path)
    type_text(page.password, "whatever password")
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(page.error.text()))
    assert "File error" in page.error.text() and "error in Clientbook" not in page.error.text()


def test_error_text_words_known_failures_and_logs_only_a_bugs_class(qapp, caplog, monkeypatch):
    import errno

    from clientbook.core.errors import VaultLocked
    from clientbook.ui.workers import error_text

    monkeypatch.setenv("CLIENTBOOK_LANG", "en")
    assert "base.db" in error_text(VaultLocked(name="base.db"), "fallback")
    assert error_text(OSError(errno.ENOSPC, "No space left"), "fallback") == "The disk is full; nothing was written."
    monkeypatch.setenv("CLIENTBOOK_LANG", "ru")
    assert "Недостаточно места" in error_text(OSError(errno.ENOSPC, "No space left"), "fallback")
    assert error_text(ValueError("Иванов 8 916 123-45-67"), "fallback", what="history") == "fallback"
    assert "history failed: ValueError" in caplog.text and "Иванов" not in caplog.text
