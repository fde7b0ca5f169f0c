"""Languages: the Russian catalogue is complete and switching language retranslates the window."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

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


def _translated_ru() -> set[tuple[str, str]]:
    """(context, source) of every finished Russian translation in every catalogue."""
    done = set()
    for ts in i18n.i18n_dir().glob("*_ru.ts"):
        for context in ET.parse(ts).getroot().iter("context"):
            name = context.find("name").text
            for message in context.iter("message"):
                translation = message.find("translation")
                if translation.get("type") not in ("unfinished", "obsolete") and "".join(translation.itertext()).strip():
                    done.add((name, message.find("source").text))
    return done


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def test_every_text_the_window_asks_to_translate_has_a_russian_translation():
    """Read from the source, not from the catalogues: a `self.tr("…")` (context: its class) or a
    `translate("Context", "…")` added without running lupdate would show English in the Russian UI."""
    import clientbook.ui

    done, missing = _translated_ru(), []
    for path in sorted(Path(clientbook.ui.__file__).parent.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        asked = [(cls.name, call) for cls in ast.walk(tree) if isinstance(cls, ast.ClassDef)
                 for call in ast.walk(cls) if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                 and call.func.attr == "tr" and call.args]
        asked += [(None, call) for call in ast.walk(tree) if isinstance(call, ast.Call) and len(call.args) >= 2
                  and getattr(call.func, "attr", getattr(call.func, "id", None)) == "translate"]
        for context, call in asked:
            if context is None:
                context, text = _literal(call.args[0]), _literal(call.args[1])
            else:
                text = _literal(call.args[0])
            if context is not None and text is not None and (context, text) not in done:
                missing.append(f"{path.name}: {context}: {text}")
    assert missing == []


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
