"""Renders the main window (locked and unlocked) offscreen to PNG in Russian and English.

The pictures land in test-artifacts/ (git-ignored) for a person to look at; the test checks that
each rendered window is a real picture in the right language, not a blank frame.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from clientbook.core import clients
from clientbook.core.clients import ClientInput
from clientbook.ui import i18n
from clientbook.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SAMPLE = [
    ("Иванов", "Иван", "Москва", "+7 916 123-45-67", "hot", "active", ["vip"]),
    ("Петрова", "Анна", "Тверь", "8 903 555-11-22", "warm", "lead", ["опт"]),
    ("Сидоров", "Пётр", "Казань", "+7 843 200-10-10", "cold", "former", []),
    ("Ёлкина", "Вера", "Самара", "+375 29 123-45-67", "hot", "active", ["vip", "опт"]),
]


@pytest.fixture
def filled(vault):
    with vault.transaction() as s:
        for last, first, city, phone, temp, status, tags in SAMPLE:
            clients.create_client(s, ClientInput(last_name=last, first_name=first, city=city, phones=[phone],
                                                 temperature=temp, status=status, tags=tags))
        clients.create_client(s, ClientInput(kind="company", company_name="ООО «Ромашка»", city="Тверь",
                                             emails=["info@romashka.ru"]))
    return vault


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_main_window_screenshots(qtbot, filled, lang):
    app = QApplication.instance()
    i18n.install_translators(app, lang)
    try:
        window = MainWindow(filled.path)
        qtbot.addWidget(window)
        window.resize(1280, 760)
        window.show()
        qtbot.waitExposed(window)
        ARTIFACTS.mkdir(exist_ok=True)
        locked = window.grab()
        assert locked.save(str(ARTIFACTS / f"main_locked_{lang}.png"))
        window.adopt_vault(filled)
        QApplication.processEvents()
        picture = window.grab()
        assert picture.save(str(ARTIFACTS / f"main_window_{lang}.png"))
        assert picture.width() >= 1280 and not picture.toImage().isNull()
        expected = {"ru": "Все клиенты", "en": "All clients"}[lang]
        assert window.filter_title.text() == expected
        window.search.setText("vip")
        window.apply_search()
        window.table.selectRow(0)
        QApplication.processEvents()
        assert window.grab().save(str(ARTIFACTS / f"main_search_{lang}.png"))
        window.lock()
    finally:
        i18n.install_translators(app, "en")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_first_run_and_settings_dialog_screenshots(qtbot, tmp_path, lang):
    from clientbook.ui.settings_dialog import SettingsDialog
    from clientbook.ui.unlock import CreateVaultDialog

    app = QApplication.instance()
    i18n.install_translators(app, lang)
    try:
        ARTIFACTS.mkdir(exist_ok=True)
        create = CreateVaultDialog(tmp_path / "clientbook.db")
        qtbot.addWidget(create)
        create.password.setText("Пароль-2024")
        create.show()
        assert create.grab().save(str(ARTIFACTS / f"first_run_{lang}.png"))
        assert create.form_labels[1].text() == {"ru": "Пароль:", "en": "Password:"}[lang]
        settings = SettingsDialog()
        qtbot.addWidget(settings)
        settings.show()
        assert settings.grab().save(str(ARTIFACTS / f"settings_{lang}.png"))
        assert settings.region.currentText() == {"ru": "Россия (RU)", "en": "Russia (RU)"}[lang]
    finally:
        i18n.install_translators(app, "en")
