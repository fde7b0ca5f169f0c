"""What a person reads the same way everywhere: countries by name, dates in one form."""

from __future__ import annotations

import datetime as dt

import pytest
from card_helpers import add_client
from PySide6.QtWidgets import QApplication, QMessageBox, QScrollArea

from clientbook.core.clients import get_client
from clientbook.ui import i18n
from clientbook.ui.backups_page import format_when
from clientbook.ui.card import ClientCard, labels

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(params=["ru", "en"])
def lang(request, qapp, monkeypatch):
    monkeypatch.setenv("CLIENTBOOK_LANG", request.param)
    i18n.install_translators(QApplication.instance(), request.param)
    yield request.param
    i18n.install_translators(QApplication.instance(), "en")


def test_card_shows_the_country_by_name_and_stores_its_code(qtbot, vault, lang, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    client_id = add_client(vault, country="RU", kind="company", company_name="ООО «АгроГрупп»")
    card = ClientCard(vault, client_id)
    qtbot.addWidget(card)
    card.resize(980, 720)  # the card's size in a 1100×760 main window
    card.show()
    qtbot.waitExposed(card)
    QApplication.processEvents()
    assert card.main.country.currentText() == {"ru": "Россия", "en": "Russia"}[lang]
    # the list holds "Южная Георгия и Южные Сандвичевы острова": the box must not ask for its width
    # (the company card's right column then ran past the window, behind a horizontal scrollbar)
    assert card.main.country.sizeHint().width() < card.main.address.sizeHint().width() * 3 // 2
    assert not card.main.findChild(QScrollArea).horizontalScrollBar().isVisible()
    germany = {"ru": "Германия", "en": "Germany"}[lang]
    card.main.country.setCurrentIndex(card.main.country.findText(germany))
    assert card.save()
    with vault.session() as s:
        assert get_client(s, client_id).country == "DE"
    rare = card.main.country.findData("NO")  # beyond the common ones: ISO names, translated
    assert card.main.country.itemText(rare) == {"ru": "Норвегия", "en": "Norway"}[lang]


def test_dates_read_day_month_year_in_every_place(lang):
    today = dt.date(2026, 12, 2)
    assert labels.short_date(dt.date(2026, 11, 12), today) == {"ru": "12 нояб.", "en": "12 Nov"}[lang]
    assert labels.short_date(dt.date(2025, 11, 12), today) == {"ru": "12 нояб. 2025", "en": "12 Nov 2025"}[lang]
    moment = dt.datetime(2026, 12, 2, 15, 51, tzinfo=dt.UTC)
    local = moment.astimezone()
    expected = f"{labels.long_date(local.date())}, {local:%H:%M}"
    assert format_when(moment) == expected  # the backups window and its status line
    assert labels.long_datetime(moment.replace(tzinfo=None)) == expected  # a stored UTC time
    assert expected.startswith({"ru": "2 декабря 2026", "en": "2 December 2026"}[lang])


def test_quality_and_merge_windows_say_dates_and_countries_in_words(qtbot, vault, lang):
    from sqlalchemy import update

    from clientbook.core import models as m
    from clientbook.ui.dedup_review import MergeDialog
    from clientbook.ui.quality_page import QualityPage

    first = add_client(vault, country="RU")
    second = add_client(vault, country="BY", first_name="Павел", phones=["+375 29 123-45-67"])
    with vault.transaction() as s:
        s.execute(update(m.Client).where(m.Client.id == first).values(updated_at=dt.datetime(2023, 12, 5, 11, 5)))
    page = QualityPage(vault)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: bool(page.is_loaded), timeout=15000)
    values = [page.problems.item(row, 2).text() for row in range(page.problems.rowCount())]
    assert {"ru": "5 декабря 2023", "en": "5 December 2023"}[lang] in values  # not "2023-12-05 11:05:00"
    page.close()
    merge = MergeDialog(vault, [first, second])
    qtbot.addWidget(merge)
    cells = [merge.table.cellWidget(r, c) for r in range(merge.table.rowCount()) for c in range(merge.table.columnCount())]
    texts = {w.text() for w in cells if w is not None and hasattr(w, "text")}
    assert {"ru": {"Россия", "Беларусь"}, "en": {"Russia", "Belarus"}}[lang] <= texts
