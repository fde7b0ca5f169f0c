"""Renders every card tab and the History window to PNG in Russian and English, for people to look at.

The pictures go to test-artifacts/ (git-ignored). The test also fails when a visible caption stays
in English under the Russian translation, which is what a screenshot review would catch first.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from card_helpers import add_rich_client
from PySide6.QtWidgets import QApplication, QMessageBox

from clientbook.core import customfields
from clientbook.ui.card import ClientCard
from clientbook.ui.history_window import HistoryWindow
from clientbook.ui.i18n import install_translators
from clientbook.ui.today_panel import TodayPanel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
RU_TABS = ["Основное", "Контактные лица", "История", "Покупки", "Напоминания", "Согласия", "Изменения"]
EN_TABS = ["Main", "Contact persons", "History", "Purchases", "Reminders", "Consents", "Changes"]


@pytest.fixture
def language(request, qapp, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CLIENTBOOK_LANG", request.param)
    install_translators(qapp, request.param)
    yield request.param
    install_translators(qapp, "en")


@pytest.mark.parametrize("language", ["ru", "en"], indirect=True)
def test_card_tabs_and_history_window_render(qtbot, vault, language, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    ARTIFACTS.mkdir(exist_ok=True)
    with vault.transaction() as session:
        customfields.define_field(session, "Размер одежды", "choice", choices=["S", "M", "L"], required=True)
        customfields.define_field(session, "Любимые бренды", "multi", choices=["IKEA", "Hoff", "Askona"])
        customfields.define_field(session, "Дата первого визита", "date")
    client_id = add_rich_client(vault, {"размер_одежды": "M", "любимые_бренды": ["IKEA", "Askona"]})
    card = ClientCard(vault, client_id)
    qtbot.addWidget(card)
    card.show()
    tabs = [card.tabs.tabText(i) for i in range(card.tabs.count())]
    assert tabs == (RU_TABS if language == "ru" else EN_TABS)
    for index in range(card.tabs.count()):
        card.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        path = ARTIFACTS / f"card-{index + 1}-{card.tabs.widget(index).__class__.__name__}-{language}.png"
        assert card.grab().save(str(path))
        assert path.stat().st_size > 10_000

    # the card with inline errors, as a user sees it after a bad save
    card.tabs.setCurrentIndex(0)
    card.main.phones.rows[0].edit.setText("12345")
    card.main.inn.setText("1234567890")
    assert not card.save()
    QApplication.processEvents()
    assert card.error_label("inn").isVisible()  # type: ignore[union-attr]
    expected = "ИНН «1234567890» неверен" if language == "ru" else "The INN “1234567890” is not valid"
    assert card.error_label("inn").text().startswith(expected)  # type: ignore[union-attr]
    assert card.grab().save(str(ARTIFACTS / f"card-errors-{language}.png"))

    window = HistoryWindow(vault)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.is_loaded, timeout=10_000)  # the history is read on a worker
    assert window.tree.topLevelItemCount() == 2
    assert window.grab().save(str(ARTIFACTS / f"history-window-{language}.png"))

    panel = TodayPanel(vault)
    qtbot.addWidget(panel)
    panel.resize(620, 360)
    panel.show()
    qtbot.waitUntil(lambda: panel.is_loaded, timeout=10_000)  # Today is read on a worker
    assert panel.grab().save(str(ARTIFACTS / f"today-panel-{language}.png"))
