"""#15.4 in the window: a sensitive field on the card of a user who may not see it is empty and
read-only, and saving the card keeps it; the owner sees, edits and marks fields sensitive."""

from __future__ import annotations

import pytest
from card_helpers import add_client, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox

from clientbook.core import customfields, sensitive
from clientbook.core.clients import get_client, to_input
from clientbook.ui.card import ClientCard
from clientbook.ui.custom_fields_page import CustomFieldsPage
from sensitive_support import Users

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
DIAGNOSIS = "Гипертониязмея"
INN = "7707083893"


@pytest.fixture
def users(monkeypatch: pytest.MonkeyPatch) -> Users:
    return Users(monkeypatch)


@pytest.fixture
def card_of(qtbot, vault, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)

    def make(client_id: int) -> ClientCard:
        card = ClientCard(vault, client_id)
        qtbot.addWidget(card)
        card.show()
        qtbot.waitUntil(lambda: card.main.last_name.text() != "")
        return card
    return make


def _client(vault) -> int:  # type: ignore[no-untyped-def]
    with vault.transaction() as s:
        customfields.define_field(s, "Диагноз", sensitive=True)
        customfields.define_field(s, "Любимый цвет")
    client_id = add_client(vault, inn=INN, custom={"диагноз": DIAGNOSIS, "любимый_цвет": "синий"})
    with vault.transaction() as s:
        sensitive.set_marked_builtins(s, ["inn"])
    return client_id


def test_card_hides_sensitive_fields_from_a_user_without_the_right(qtbot, vault, users, card_of) -> None:  # type: ignore[no-untyped-def]
    client_id = _client(vault)
    users.be("manager")
    card = card_of(client_id)
    hidden = card.main.custom_editors["диагноз"]
    assert isinstance(hidden.inner, QLineEdit)
    assert hidden.inner.text() == "" and not hidden.inner.isEnabled()
    assert "not allowed" in hidden.inner.toolTip()
    assert card.main.inn.text() == "" and card.main.inn.isReadOnly()
    assert card.main.custom_editors["любимый_цвет"].inner.isEnabled()
    card.main.custom_editors["любимый_цвет"].set_value("зелёный")
    assert card.save()
    users.be("owner")
    with vault.session() as s:
        data = to_input(get_client(s, client_id))
    assert data.custom == {"диагноз": DIAGNOSIS, "любимый_цвет": "зелёный"} and data.inn == INN


def test_owner_sees_and_edits_the_sensitive_field(qtbot, vault, users, card_of) -> None:  # type: ignore[no-untyped-def]
    client_id = _client(vault)
    card = card_of(client_id)
    editor = card.main.custom_editors["диагноз"]
    assert editor.value() == DIAGNOSIS and editor.inner.isEnabled()
    assert card.main.inn.text() == INN and not card.main.inn.isReadOnly()
    editor.inner.clear()  # type: ignore[attr-defined]
    type_text(editor.inner, "Здоров")
    assert card.save()
    with vault.session() as s:
        assert to_input(get_client(s, client_id)).custom["диагноз"] == "Здоров"


def test_settings_mark_a_builtin_and_a_field_sensitive(qtbot, vault, users) -> None:  # type: ignore[no-untyped-def]
    client_id = add_client(vault, inn=INN)
    with vault.transaction() as s:
        customfields.define_field(s, "Паспорт")
    with vault.transaction() as s:
        from clientbook.core.clients import update_client

        client = get_client(s, client_id)
        data = to_input(client)
        data.custom = {"паспорт": "4510 123456"}
        update_client(s, client_id, data, client.version)
    page = CustomFieldsPage(vault)
    qtbot.addWidget(page)
    page.show()
    assert page.sensitive.isEnabled() and page.builtin_boxes["inn"].isEnabled()
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    page.sensitive.setChecked(True)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.tree.topLevelItem(0) is not None and page.tree.topLevelItem(0).text(4) == "yes")
    page.builtin_boxes["inn"].setChecked(True)
    qtbot.waitUntil(lambda: page.builtins_done)
    with vault.session() as s:
        assert sensitive.marked_builtins(s) == {"inn"}
        assert s.scalar(customfields.select(customfields.m.CustomValue.sealed)) is not None

    users.be("manager")
    other = CustomFieldsPage(vault)
    qtbot.addWidget(other)
    assert not other.sensitive.isEnabled() and not other.builtin_boxes["inn"].isEnabled()
    assert other.builtin_boxes["inn"].isChecked()


def test_segment_builder_offers_no_condition_on_a_field_a_user_may_not_see(qtbot, vault, users) -> None:  # type: ignore[no-untyped-def]
    from clientbook.ui.segment_builder import SegmentBuilder

    _client(vault)

    def offered() -> list[str]:
        builder = SegmentBuilder(vault)
        qtbot.addWidget(builder)
        return [key for key, _label, _type in builder.custom]

    assert offered() == ["диагноз", "любимый_цвет"]
    users.be("manager")
    assert offered() == ["любимый_цвет"]
