"""The custom fields settings page: define fields that then appear on the card."""

from __future__ import annotations

import pytest
from card_helpers import type_text
from PySide6.QtCore import Qt

from clientbook.core import customfields
from clientbook.ui.card import ClientCard
from clientbook.ui.custom_fields_page import CustomFieldsPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_define_choice_field_and_see_it_on_the_card(qtbot, vault):  # type: ignore[no-untyped-def]
    page = CustomFieldsPage(vault)
    qtbot.addWidget(page)
    page.show()
    type_text(page.label, "Размер одежды")
    page.type.setCurrentIndex(page.type.findData("choice"))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.choices_error.isVisible()  # a choice field needs choices
    page.choices.setPlainText("S\nM\nL")
    page.required.setChecked(True)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.tree.topLevelItemCount() == 1
    assert page.tree.topLevelItem(0).text(0) == "Размер одежды"
    with vault.session() as session:
        (field,) = customfields.fields(session)
        assert (field.type, field.choices, field.required) == ("choice", ["S", "M", "L"], True)

    card = ClientCard(vault)
    qtbot.addWidget(card)
    assert "размер_одежды" in card.main.custom_editors
    assert card.main.custom_group.isVisibleTo(card)


def test_duplicate_name_is_refused_inline_and_fields_reorder(qtbot, vault):  # type: ignore[no-untyped-def]
    page = CustomFieldsPage(vault)
    qtbot.addWidget(page)
    page.show()
    for name in ("Хобби", "Хобби"):
        page.start_new()
        type_text(page.label, name)
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.label_error.isVisible()
    assert page.tree.topLevelItemCount() == 1
    page.start_new()
    type_text(page.label, "Любимый цвет")
    page.sensitive.setChecked(True)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.up_button, Qt.MouseButton.LeftButton)
    with vault.session() as session:
        assert [(f.label, f.sensitive) for f in customfields.fields(session)] == [("Любимый цвет", True),
                                                                                 ("Хобби", False)]
    page.tree.setCurrentItem(page.tree.topLevelItem(1))
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    assert page.tree.topLevelItemCount() == 1
