"""The wizard on an orders sheet: one card per client code, and the choice to keep the rows as purchases."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select
from test_import_wizard import (
    PAGE_DUPLICATES,
    PAGE_HEADER,
    PAGE_MAPPING,
    PAGE_PREVIEW,
    PAGE_SUMMARY,
    go,
    import_to_report,
    make_wizard,
    total,
)

from clientbook.core import models as m
from clientbook.ui import i18n
from import_support import counts, write_xlsx

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ORDERS = [["Код клиента", "Клиент", "Город", "Дата заказа", "Сумма", "Товар"],
          ["17", "Котова Анна", "Москва", "01.03.2024", 1200, "Диван"],
          ["18", "Лисин Борис", "Тверь", "02.03.2024", 350, "Лампа"],
          ["17", "Котова Анна", "Москва", "05.03.2024", 99, "Подушка"],
          ["17", "Котова Анна", "Москва", "09.04.2024", 10, "Доставка"]]


@pytest.mark.parametrize("as_purchases", [False, True])
def test_orders_sheet_offers_rows_as_purchases(qtbot, vault, tmp_path: Path, as_purchases: bool) -> None:  # type: ignore[no-untyped-def]
    wizard = make_wizard(qtbot, vault, write_xlsx(tmp_path / "orders.xlsx", ORDERS))
    go(wizard, PAGE_HEADER)
    go(wizard, PAGE_MAPPING)
    page = wizard.mapping_page
    assert page.orders_box.isVisible() and not page.orders_box.isChecked()
    assert "«Код клиента»" in page.orders_note.text() or "“Код клиента”" in page.orders_note.text()
    page.orders_box.setChecked(as_purchases)
    go(wizard, PAGE_PREVIEW)
    go(wizard, PAGE_DUPLICATES)
    go(wizard, PAGE_SUMMARY)
    assert total(wizard.summary_page, "created") == 2
    assert wizard.summary_page.totals["purchases"].isVisible() == as_purchases
    import_to_report(qtbot, wizard)
    assert counts(vault)["clients"] == 2
    with vault.session() as s:
        assert (s.scalar(select(func.count()).select_from(m.Purchase)) or 0) == (4 if as_purchases else 0)


def test_a_client_list_gets_no_orders_offer(qtbot, vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [["Код клиента", "ФИО", "Дата рождения"], ["1", "Котова Анна", "01.02.1990"],
            ["2", "Лисин Борис", "03.04.1985"], ["3", "Мухина Вера", "05.06.1970"]]
    wizard = make_wizard(qtbot, vault, write_xlsx(tmp_path / "list.xlsx", rows))
    go(wizard, PAGE_HEADER)
    go(wizard, PAGE_MAPPING)
    assert not wizard.mapping_page.orders_box.isVisible()


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_orders_offer_in_both_languages(qtbot, vault, tmp_path: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The offer on the mapping page, saved to test-artifacts/import_orders_offer_<lang>.png."""
    app = QApplication.instance()
    i18n.install_translators(app, lang)
    try:
        wizard = make_wizard(qtbot, vault, write_xlsx(tmp_path / "orders.xlsx", ORDERS))
        go(wizard, PAGE_HEADER)
        go(wizard, PAGE_MAPPING)
        page = wizard.mapping_page
        words = {"ru": ("покупку", "лист заказов"), "en": ("purchase", "orders sheet")}[lang]
        assert words[0] in page.orders_box.text() and words[1] in page.orders_note.text()
        ARTIFACTS.mkdir(exist_ok=True)
        assert wizard.grab().save(str(ARTIFACTS / f"import_orders_offer_{lang}.png"))
    finally:
        i18n.install_translators(app, "en")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_people_sharing_a_phone_are_shown_as_kept_apart(qtbot, vault, tmp_path: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    i18n.install_translators(app, lang)
    try:
        rows = [["ФИО", "Телефон"], ["Котова Анна", "+7 916 123-45-67"], ["Котов Борис", "8 916 123 45 67"]]
        wizard = make_wizard(qtbot, vault, write_xlsx(tmp_path / "family.xlsx", rows))
        go(wizard, PAGE_HEADER)
        go(wizard, PAGE_MAPPING)
        go(wizard, PAGE_PREVIEW)
        go(wizard, PAGE_DUPLICATES)
        page = wizard.duplicates_page
        assert page.table.rowCount() == 1 and page.table.item(0, 1).text() == "Котов Борис"
        said = {"ru": ("отдельная карточка", "проверку дубликатов"), "en": ("a card of its own", "duplicates review")}
        assert said[lang][0] in page.table.item(0, 2).text() and said[lang][1] in page.found.text()
        ARTIFACTS.mkdir(exist_ok=True)
        assert wizard.grab().save(str(ARTIFACTS / f"import_kept_apart_{lang}.png"))
        go(wizard, PAGE_SUMMARY)
        assert total(wizard.summary_page, "created") == 2
    finally:
        i18n.install_translators(app, "en")
