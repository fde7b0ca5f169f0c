"""Languages: the Russian catalogue is complete and switching language retranslates the window."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtWidgets import QApplication

from clientbook.ui import i18n
from clientbook.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def english_after(qapp):
    yield
    i18n.install_translators(QApplication.instance(), "en")


def test_every_string_of_the_main_catalogue_is_translated():
    ts = i18n.i18n_dir() / "main_ru.ts"
    root = ET.parse(ts).getroot()
    messages = list(root.iter("message"))
    assert len(messages) > 100
    unfinished = [m.find("source").text for m in messages
                  if m.find("translation").get("type") in ("unfinished", "obsolete")
                  or not "".join(m.find("translation").itertext()).strip()]
    assert unfinished == []
    assert (i18n.i18n_dir() / "main_ru.qm").stat().st_mtime >= ts.stat().st_mtime - 5


def test_russian_catalogues_load_from_the_resources_folder(qapp, english_after):
    loaded = i18n.install_translators(QApplication.instance(), "ru")
    assert "main_ru.qm" in loaded
    assert "qtbase_ru" in loaded


def test_switching_language_changes_the_window_texts(qtbot, vault, english_after):
    window = MainWindow(vault.path)
    qtbot.addWidget(window)
    window.adopt_vault(vault)
    qtbot.waitUntil(lambda: window.model.is_loaded)  # the list reads on a worker
    assert window.menu_file.title() == "&File"
    assert window.unlock_page.unlock_button.text() == "Unlock"
    assert window.model.headerData(0, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal) == "Name"
    i18n.set_ui_language("ru")
    QApplication.processEvents()
    assert window.menu_file.title() == "&Файл"
    assert window.unlock_page.unlock_button.text() == "Открыть"
    assert window.act_lock.text() == "Заблокировать"
    assert window.count_label.text() == "Клиентов: 0"
    assert window.filter_title.text() == "Все клиенты"
    assert window.model.headerData(0, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal) == "Клиент"
    assert i18n.current_ui_language() == "ru"  # remembered for the next start
    i18n.set_ui_language("en")
    QApplication.processEvents()
    assert window.menu_file.title() == "&File"
    window.lock()


def test_settings_dialog_switches_language(qtbot, english_after):
    from clientbook.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("ru"))
    dialog.auto_lock.setValue(3)
    dialog.apply()
    QApplication.processEvents()
    assert i18n.current_ui_language() == "ru"
    from clientbook.ui import preferences

    assert preferences.auto_lock_minutes() == 3
    fresh = SettingsDialog()
    qtbot.addWidget(fresh)
    assert fresh.windowTitle() == "Настройки"
