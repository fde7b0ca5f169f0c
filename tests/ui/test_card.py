"""The card editor driven through its real widgets, checked against the real encrypted vault."""

from __future__ import annotations

import datetime as dt

import pytest
from card_helpers import add_client, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from clientbook.core import models as m
from clientbook.core.clients import get_client, to_input, update_client
from clientbook.core.messages import Message
from clientbook.ui.card import ClientCard

# The offscreen platform warns on every shown window; it says nothing about our code.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def client_count(vault) -> int:  # type: ignore[no-untyped-def]
    with vault.session() as session:
        return int(session.scalar(select(func.count(m.Client.id))) or 0)


@pytest.fixture
def open_card(qtbot, vault, monkeypatch):  # type: ignore[no-untyped-def]
    # a prompt left open would block the test run: unless a test answers it, drop the edits
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)

    def make(client_id: int | None = None) -> ClientCard:
        card = ClientCard(vault, client_id)
        qtbot.addWidget(card)
        card.show()
        card.activateWindow()  # shortcuts (Ctrl+S, Ctrl+N) act in the active window only
        qtbot.waitUntil(card.isActiveWindow)
        return card
    return make


def test_add_client_with_two_contact_persons(qtbot, vault, open_card):  # type: ignore[no-untyped-def]
    card = open_card()
    saved: list[int] = []
    card.saved.connect(saved.append)
    type_text(card.main.last_name, "петров")
    type_text(card.main.first_name, "Иван")
    type_text(card.main.phones.rows[0].edit, "8 916 123-45-67")
    type_text(card.main.emails.rows[0].edit, "Ivan@Example.ru")
    type_text(card.tags, "VIP")
    card.tabs.setCurrentWidget(card.contacts)
    for last, first, phone in (("Сидорова", "Анна", "+7 495 123-45-67"), ("Кузнецов", "Олег", "89031112233")):
        qtbot.mouseClick(card.contacts.add_button, Qt.MouseButton.LeftButton)
        editor = card.contacts.editors[-1]
        type_text(editor.last_name, last)
        type_text(editor.first_name, first)
        type_text(editor.phones.rows[0].edit, phone)
    second = card.contacts.editors[1]
    second.decision_maker.setChecked(True)
    second.role.setCurrentIndex(second.role.findData("director"))
    assert card.is_dirty()
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)

    assert len(saved) == 1
    with vault.session() as session:
        client = get_client(session, saved[0])
        assert client.display_name == "Петров Иван"
        assert [p.e164 for p in client.phones] == ["+79161234567"]
        assert [e.address for e in client.emails] == ["ivan@example.ru"]
        assert [t.name for t in client.tags] == ["VIP"]
        people = [(c.last_name, c.first_name, [p.e164 for p in c.phones], c.decision_maker, c.role, c.is_primary)
                  for c in client.contacts]
    assert people == [("Сидорова", "Анна", ["+74951234567"], False, None, True),
                      ("Кузнецов", "Олег", ["+79031112233"], True, "director", False)]
    # the saved card shows the stored state: formatted phone, nothing unsaved
    assert card.main.phones.rows[0].edit.text() == "+7 916 123-45-67"
    assert not card.is_dirty()
    assert card.windowTitle().startswith("Петров Иван")


def test_required_name_blocks_saving_with_inline_message(qtbot, vault, open_card):  # type: ignore[no-untyped-def]
    card = open_card()
    type_text(card.main.phones.rows[0].edit, "8 916 123-45-67")
    qtbot.keyClick(card.main.phones.rows[0].edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    label = card.error_label("last_name")
    assert label is not None and label.isVisible()
    assert label.text() == Message("name_required").text("en")
    assert card.summary.isVisible()
    assert client_count(vault) == 0


def visible_captions(card) -> list[str]:  # type: ignore[no-untyped-def]
    form = card.main.left_form
    captions = []
    for row in range(form.rowCount()):
        item = form.itemAt(row, form.ItemRole.LabelRole)
        if item is not None and item.widget().isVisible():
            captions.append(item.widget().text())
    return captions


def test_company_card_asks_for_the_company_name_not_a_person(qtbot, vault, open_card):  # type: ignore[no-untyped-def]
    card = open_card()
    assert visible_captions(card)[:4] == ["Last name *", "First name", "Middle name", "Company"]
    card.kind.setCurrentIndex(card.kind.findData("company"))
    captions = visible_captions(card)
    assert captions[0] == "Company name *"
    assert not {"Last name *", "Last name", "Middle name", "Birthday", "Gender"} & set(captions)
    type_text(card.main.phones.rows[0].edit, "8 495 123-45-67")
    assert not card.save()
    label = card.error_label("company_name")
    assert label is not None and label.isVisible()
    assert label.text() == Message("company_name_required").text("en")
    assert client_count(vault) == 0
    type_text(card.main.company_name, "ООО «Ромашка»")
    assert card.save()
    with vault.session() as session:
        saved = get_client(session, card.client_id)
        assert (saved.kind, saved.company_name, saved.display_name) == ("company", "ООО «Ромашка»", "ООО «Ромашка»")
    card.kind.setCurrentIndex(card.kind.findData("ip"))
    assert {"Last name *", "Middle name", "Birthday", "Gender", "Business name"} <= set(visible_captions(card))


def test_a_person_field_with_a_value_stays_visible_on_a_company(qtbot, vault, open_card):  # type: ignore[no-untyped-def]
    card = open_card()
    type_text(card.main.middle_name, "Иванович")
    card.kind.setCurrentIndex(card.kind.findData("company"))
    captions = visible_captions(card)
    assert "Middle name" in captions and "First name" not in captions


def test_invalid_phone_email_and_inn_are_shown_next_to_their_fields(qtbot, vault, open_card):  # type: ignore[no-untyped-def]
    card = open_card()
    type_text(card.main.last_name, "Петров")
    qtbot.mouseClick(card.main.phones.add_button, Qt.MouseButton.LeftButton)
    type_text(card.main.phones.rows[0].edit, "8 916 123-45-67")
    type_text(card.main.phones.rows[1].edit, "12345")
    type_text(card.main.inn, "1234567890")
    card.tabs.setCurrentWidget(card.contacts)
    qtbot.mouseClick(card.contacts.add_button, Qt.MouseButton.LeftButton)
    type_text(card.contacts.editors[0].last_name, "Сидорова")
    type_text(card.contacts.editors[0].emails.rows[0].edit, "anna@@mail")
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)

    assert client_count(vault) == 0
    assert card.tabs.currentWidget() is card.main
    phone = card.error_label("phones[1]")
    assert phone is not None and phone.isVisible() and "12345" in phone.text()
    assert not card.error_label("phones[0]").isVisible()  # type: ignore[union-attr]
    inn = card.error_label("inn")
    assert inn is not None and inn.isVisible() and "1234567890" in inn.text()
    email = card.error_label("contacts[0].emails[0]")
    assert email is not None and "anna@@mail" in email.text()
    card.tabs.setCurrentWidget(card.contacts)
    assert email.isVisible()

    # fixing the fields clears the messages and saves
    card.main.phones.rows[1].edit.clear()
    card.main.inn.setText("7707083893")
    card.contacts.editors[0].emails.rows[0].edit.setText("anna@mail.ru")
    assert card.save()
    assert not phone.isVisible() and not card.summary.isVisible()
    assert client_count(vault) == 1


def test_birthday_without_year_is_picked_and_shown_unambiguously(qtbot, vault, open_card):  # type: ignore[no-untyped-def]
    card = open_card()
    type_text(card.main.last_name, "Петров")
    card.main.birthday.picker.set_date(dt.date(1985, 4, 1))
    assert card.main.birthday.picker.edit.text() == "1 April 1985"
    qtbot.mouseClick(card.main.birthday.no_year, Qt.MouseButton.LeftButton)
    assert card.main.birthday.picker.edit.text() == "1 April"
    assert card.save()
    with vault.session() as session:
        client = session.scalars(select(m.Client)).one()
        assert (client.birth_day, client.birth_month, client.birth_year) == (1, 4, None)


@pytest.mark.parametrize(("answer", "closed", "city"), [
    (QMessageBox.StandardButton.Cancel, False, None),
    (QMessageBox.StandardButton.Discard, True, None),
    (QMessageBox.StandardButton.Save, True, "Тверь"),
])
def test_unsaved_changes_prompt_on_escape(qtbot, vault, open_card, monkeypatch, answer, closed, city):  # type: ignore[no-untyped-def]
    client_id = add_client(vault)
    card = open_card(client_id)
    asked: list[str] = []

    def question(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(args[2])
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    type_text(card.main.city, "Тверь")
    assert card.windowTitle().startswith("* ")
    qtbot.keyClick(card, Qt.Key.Key_Escape)
    assert asked == ["Save the changes to this card?"]
    assert card.isVisible() is not closed
    with vault.session() as session:
        assert get_client(session, client_id).city == city


def test_no_prompt_when_nothing_changed(qtbot, vault, open_card, monkeypatch):  # type: ignore[no-untyped-def]
    card = open_card(add_client(vault, birthday="01.04.1985", emails=["a@b.ru"]))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked without changes"))
    card.close()
    assert not card.isVisible()


def test_ctrl_n_starts_a_new_card(qtbot, vault, open_card):  # type: ignore[no-untyped-def]
    card = open_card(add_client(vault))
    qtbot.keyClick(card.main.city, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert card.client_id is None
    assert card.main.last_name.text() == ""
    assert card.title.text() == "New client"


@pytest.mark.parametrize("choice", ["overwrite", "reload"])
def test_concurrent_edit_is_detected_and_never_silently_overwritten(qtbot, vault, open_card, monkeypatch, choice):  # type: ignore[no-untyped-def]
    client_id = add_client(vault, city="Тверь")
    card = open_card(client_id)
    # someone else saves the same card meanwhile
    with vault.transaction() as session:
        client = get_client(session, client_id)
        data = to_input(client)
        data.notes = "изменено в другом окне"
        update_client(session, client_id, data, client.version)
    asked: list[tuple[list[str], list[str]]] = []

    def ask(self, theirs, both):  # type: ignore[no-untyped-def]
        asked.append((theirs, both))
        return choice

    monkeypatch.setattr(ClientCard, "_ask_stale", ask)
    card.main.city.setText("Казань")
    card.save()

    assert asked == [(["Notes"], [])]
    with vault.session() as session:
        stored = get_client(session, client_id)
        assert stored.notes == "изменено в другом окне"  # the other edit survives either way
        assert stored.city == ("Казань" if choice == "overwrite" else "Тверь")
    assert card.main.notes.toPlainText() == "изменено в другом окне"
    assert card.main.city.text() == ("Казань" if choice == "overwrite" else "Тверь")
    assert not card.is_dirty()


def test_custom_fields_are_edited_by_type_and_required_ones_block(qtbot, vault, open_card):  # type: ignore[no-untyped-def]
    from clientbook.core import customfields

    with vault.transaction() as session:
        customfields.define_field(session, "Размер", "choice", choices=["S", "M", "L"], required=True)
        customfields.define_field(session, "Дата визита", "date")
        customfields.define_field(session, "Интересы", "multi", choices=["диваны", "кресла"])
    card = open_card()
    type_text(card.main.last_name, "Петров")
    assert not card.save()
    label = card.error_label("custom.размер")
    assert label is not None and label.isVisible() and label.text() == Message("required").text("en")
    size = card.main.custom_editors["размер"].inner
    size.setCurrentIndex(size.findData("M"))  # type: ignore[attr-defined]
    card.main.custom_editors["дата_визита"].set_value(dt.date(2024, 5, 9))
    card.main.custom_editors["интересы"].set_value(["кресла"])
    assert card.save()
    with vault.session() as session:
        custom = to_input(get_client(session, card.client_id)).custom  # type: ignore[arg-type]
    assert custom == {"размер": "M", "дата_визита": dt.date(2024, 5, 9), "интересы": ["кресла"]}


def test_history_quick_add_shows_in_card_timeline(qtbot, vault, open_card):  # type: ignore[no-untyped-def]
    card = open_card(add_client(vault))
    card.tabs.setCurrentWidget(card.history)
    card.history.new_kind.setCurrentIndex(card.history.new_kind.findData("meeting"))
    type_text(card.history.new_text, "Встретились в офисе")
    qtbot.mouseClick(card.history.add_button, Qt.MouseButton.LeftButton)
    assert card.history.tree.topLevelItemCount() == 1
    row = card.history.tree.topLevelItem(0)
    assert (row.text(1), row.text(2)) == ("Meeting", "Встретились в офисе")
    # the kind filter hides other kinds
    card.history.kind_filter.setCurrentIndex(card.history.kind_filter.findData("call"))
    assert card.history.tree.topLevelItemCount() == 0
    assert not card.is_dirty()  # history is saved at once, the card itself did not change


def test_new_card_like_an_existing_client_shows_likely_duplicates_first(qtbot, vault, open_card, monkeypatch):  # type: ignore[no-untyped-def]
    pytest.importorskip("clientbook.core.dedup")
    existing = add_client(vault)  # Иванов Пётр, 8 916 123-45-67
    shown: list[list[tuple[int, str]]] = []
    answers = iter(["cancel", "save"])

    def ask(self, duplicates):  # type: ignore[no-untyped-def]
        shown.append(duplicates)
        return next(answers)

    monkeypatch.setattr(ClientCard, "_ask_duplicates", ask)
    card = open_card()
    type_text(card.main.last_name, "Иванов")
    type_text(card.main.first_name, "Петр")
    type_text(card.main.phones.rows[0].edit, "+7 916 123-45-67")
    assert not card.save()  # cancelled at the duplicates list: nothing written
    assert shown[0][0][0] == existing and "Иванов Пётр" in shown[0][0][1]
    assert client_count(vault) == 1
    assert card.save()  # "save as a new client"
    assert client_count(vault) == 2
