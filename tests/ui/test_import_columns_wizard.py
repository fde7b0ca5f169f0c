"""The mapping page shows each column's confidence and, above the table, one line per doubtful
column in the user's language; fixing the column removes its line. Screenshots in ru and en go to
test-artifacts/import_mapping_confidence_<lang>.png."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from test_import_wizard import ARTIFACTS, PAGE_HEADER, PAGE_MAPPING, go, make_wizard

from clientbook.ui import i18n
from import_support import counts, write_xlsx

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

ROWS = [
    ["Код", "Клиент", "Наименование", "ВИП клиент:", "Телефон", "Начало оказания услуги"],
    ["CT01", "1", "ООО Ромашка", 1, "+7 916 123-45-67", "15.03.2024"],
    ["CT02", "2", "ООО Лютик", 0, "+7 916 765-43-21", "16.03.2024"],
    ["CT03", "Котова Анна", "ИП Котова", 1, "8 903 111-22-33", "17.03.2024"],
    ["CT04", "3", "ООО Василёк", 0, "89161112233", "18.03.2024"],
]
TEXTS = {
    "ru": {"doubt": "Столбец «Клиент» («ФИО») содержит цифры или коды (например, «1»)", "high": "высокая",
           "low": "низкая", "header": "Уверенность", "mine": "ваш выбор"},
    "en": {"doubt": "Column “Клиент” (“Full name”) holds digits or codes (e.g. “1”)", "high": "high",
           "low": "low", "header": "Confidence", "mine": "your choice"},
}


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_mapping_page_shows_confidence_and_doubts(qtbot, vault, tmp_path, lang) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    i18n.install_translators(app, lang)
    try:
        before = counts(vault)
        wizard = make_wizard(qtbot, vault, write_xlsx(tmp_path / "клиенты.xlsx", ROWS))
        go(wizard, PAGE_HEADER)  # one sheet: the sheet page is skipped
        go(wizard, PAGE_MAPPING)
        page = wizard.mapping_page
        text = TEXTS[lang]
        assert page.table.horizontalHeaderItem(page.COL_CONFIDENCE).text() == text["header"]
        targets = [c.currentData() for c in page.combos]
        assert targets == ["client_code", "full_name", "company_name", "flag", "phone", "extra"]
        levels = [page.table.item(i, page.COL_CONFIDENCE).text() for i in range(len(targets))]
        assert levels[0].startswith(text["high"]) and levels[4].startswith(text["high"])
        assert levels[1].startswith(text["low"])  # "Клиент" holding 1, 2, 3: a name column in doubt
        assert all("%" in v for v in levels)
        lines = page.doubt_lines()
        assert len(lines) == 1 and text["doubt"] in lines[0] and page.doubts.isVisible()
        ARTIFACTS.mkdir(exist_ok=True)
        wizard.resize(1100, 640)
        QApplication.processEvents()
        assert wizard.grab().save(str(ARTIFACTS / f"import_mapping_confidence_{lang}.png"))

        page.set_target(1, "skip")  # the user fixes the doubtful column: its line goes
        assert page.doubt_lines() == [] and not page.doubts.isVisible()
        assert page.table.item(1, page.COL_CONFIDENCE).text() == text["mine"]
        assert counts(vault) == before  # nothing is written while the mapping is being checked
    finally:
        i18n.install_translators(app, "en")
