"""The wizard's text-encoding choice (issue 10, item 6): detection is named beside "Automatic", a wrong
choice shows in the preview at once, and the encoding the user settles on is the one imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select
from test_import_wizard import ARTIFACTS, go, import_to_report, make_wizard

from biff5 import write_biff5
from clientbook.core import models as m
from clientbook.ui import i18n
from clientbook.ui.import_steps import PAGE_DUPLICATES, PAGE_HEADER, PAGE_MAPPING, PAGE_PREVIEW, PAGE_SUMMARY
from import_support import counts, write_csv, write_xlsx

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

ROWS = [
    ["Фамилия", "Имя", "Телефон", "Город"],
    ["Щукина", "Эльвира", "+7 916 123-45-67", "Ярославль"],
    ["Ёлкин", "Юрий", "+7 903 555-11-22", "Чебоксары"],
    ["Жуков", "Фёдор", "+7 921 000-00-01", "Вологда"],
]
PEOPLE = [("Ёлкин", "Юрий"), ("Жуков", "Фёдор"), ("Щукина", "Эльвира")]


def csv_in(tmp_path: Path, encoding: str) -> Path:
    text = "\n".join(";".join(row) for row in ROWS) + "\n"
    return write_csv(tmp_path / f"клиенты-{encoding}.csv", text, encoding=encoding)


def shown(wizard) -> list[str]:  # type: ignore[no-untyped-def]
    """The header page's preview as the user reads it: the first row's cells."""
    table = wizard.header_page.table
    return [table.item(0, c).text() for c in range(table.columnCount())]


def choose(wizard, encoding: str | None) -> None:  # type: ignore[no-untyped-def]
    """Pick an entry of the encoding list as a user would (the re-read runs behind a progress dialog)."""
    combo = wizard.header_page.encoding
    combo.setCurrentIndex(combo.findData(encoding) if encoding else 0)
    assert wizard.encoding == encoding


def import_all(qtbot, wizard) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    go(wizard, PAGE_MAPPING)
    go(wizard, PAGE_PREVIEW)
    go(wizard, PAGE_DUPLICATES)
    go(wizard, PAGE_SUMMARY)
    import_to_report(qtbot, wizard)
    with wizard.vault.session() as s:
        return [(c.last_name, c.first_name) for c in
                s.scalars(select(m.Client).order_by(m.Client.last_name)).all()]


def test_cp1251_detected_a_wrong_choice_shows_mojibake_and_automatic_imports_right(qtbot, vault, tmp_path) -> None:  # type: ignore[no-untyped-def]
    wizard = make_wizard(qtbot, vault, csv_in(tmp_path, "cp1251"))
    go(wizard, PAGE_HEADER)
    page = wizard.header_page
    assert page.encoding.isVisible() and page.encoding.currentIndex() == 0
    assert page.encoding.currentText() == "Automatic (detected: Windows-1251)"
    assert shown(wizard) == ROWS[0]
    choose(wizard, "koi8_r")
    assert shown(wizard) == [h.encode("cp1251").decode("koi8_r") for h in ROWS[0]]
    assert shown(wizard)[0] != ROWS[0][0]
    choose(wizard, "latin-1")  # taken as chosen, not "repaired" behind the user's back
    assert shown(wizard)[0] == "Ôàìèëèÿ"
    choose(wizard, "utf-8")
    assert "\ufffd" in shown(wizard)[0]
    assert wizard.import_options().encoding == "utf-8"
    choose(wizard, None)
    assert shown(wizard) == ROWS[0] and page.encoding.currentText() == "Automatic (detected: Windows-1251)"
    assert wizard.import_options().encoding is None
    assert counts(vault)["clients"] == 0  # reading and re-reading wrote nothing
    assert import_all(qtbot, wizard) == PEOPLE


def test_koi8r_file_fixed_by_choosing_koi8r(qtbot, vault, tmp_path) -> None:  # type: ignore[no-untyped-def]
    wizard = make_wizard(qtbot, vault, csv_in(tmp_path, "koi8_r"))
    go(wizard, PAGE_HEADER)
    # KOI8-R bytes read as plausible cp1251 Cyrillic: detection cannot
    # tell them apart, which is why the choice exists
    assert wizard.detected_encoding == "cp1251" and shown(wizard)[0] != ROWS[0][0]
    choose(wizard, "koi8_r")
    assert shown(wizard) == ROWS[0]
    assert wizard.header_page.row_spin.value() == 1  # the header row is found again in the right text
    assert wizard.import_options().encoding == "koi8_r"
    assert import_all(qtbot, wizard) == PEOPLE


def test_old_xls_without_code_page_and_workbooks_that_name_their_own(qtbot, vault, tmp_path) -> None:  # type: ignore[no-untyped-def]
    wizard = make_wizard(qtbot, vault, write_biff5(tmp_path / "old.xls", ROWS))
    go(wizard, PAGE_HEADER)
    assert wizard.header_page.encoding.isVisible() and shown(wizard) == ROWS[0]
    assert wizard.header_page.encoding.currentText() == "Automatic (detected: Windows-1251)"
    choose(wizard, "latin-1")  # the sheet name changes with the code page: the sheet is found again
    assert shown(wizard)[0] == "Ôàìèëèÿ" and wizard.analysis.sheet == "Ëèñò1"
    choose(wizard, "cp1251")
    assert shown(wizard) == ROWS[0] and wizard.analysis.sheet == "Лист1"
    assert import_all(qtbot, wizard) == PEOPLE

    modern = make_wizard(qtbot, vault, write_xlsx(tmp_path / "new.xlsx", ROWS))
    go(modern, PAGE_HEADER)  # Unicode inside: nothing to choose
    assert not modern.header_page.encoding.isVisible() and shown(modern) == ROWS[0]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_encoding_choice_rendered_in_both_languages(qtbot, vault, tmp_path, lang) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    i18n.install_translators(app, lang)
    try:
        wizard = make_wizard(qtbot, vault, csv_in(tmp_path, "cp1251"))
        go(wizard, PAGE_HEADER)
        page = wizard.header_page
        assert page.encoding_label.text() == {"ru": "Кодировка текста:", "en": "Text encoding:"}[lang]
        assert page.encoding.itemText(0) == {"ru": "Автоматически (найдена: Windows-1251)",
                                             "en": "Automatic (detected: Windows-1251)"}[lang]
        ARTIFACTS.mkdir(exist_ok=True)
        QApplication.processEvents()
        assert wizard.grab().save(str(ARTIFACTS / f"import_2_header_encoding_{lang}.png"))
    finally:
        i18n.install_translators(app, "en")
