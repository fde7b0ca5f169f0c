"""Tasks for employees in the desktop (#15.6, #15.8): Today's "My tasks" and the owner's switch, the
card's Responsible, the reminder's Assignee, "My clients" in the sidebar, "Responsible is …" in
the segment builder — real widgets on a real vault where several people work."""

from __future__ import annotations

import datetime as dt

import pytest
from card_helpers import add_client, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from clientbook.core import history
from clientbook.core import models as m
from clientbook.ui.card import ClientCard
from clientbook.ui.main_window import MainWindow
from clientbook.ui.segment_builder import ConditionRow, SegmentBuilder
from clientbook.ui.today_panel import COL_WHO, TodayPanel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


@pytest.fixture
def office(vault):
    """Анна (the owner, unlocked) and Иван work in this vault."""
    with vault.transaction() as s:
        s.add_all([m.User(name="Анна", role="owner"), m.User(name="Иван", role="manager")])
    vault.actor = "Анна"
    return vault


def loaded(qtbot, panel: TodayPanel) -> TodayPanel:
    qtbot.waitUntil(lambda: panel.is_loaded, timeout=10_000)
    return panel


def test_today_shows_my_tasks_and_the_owner_switches_to_everybodys(qtbot, office):
    today = dt.date.today()
    mine = add_client(office, last_name="Мой", responsible="Анна", next_contact_date=today)
    with office.transaction() as s:
        history.add_reminder(s, "Перезвонить во вторник", today, client_id=mine, assignee="Иван")
        history.add_reminder(s, "Подписать договор", today, client_id=mine, assignee="Анна")
    panel = loaded(qtbot, TodayPanel(office))
    qtbot.addWidget(panel)
    panel.show()
    text = " ".join(panel.model.lines())
    assert "Подписать договор" in text and "Перезвонить во вторник" not in text
    assert panel.mine_button.isVisible() and panel.mine_button.isChecked()
    assert panel.tree.isColumnHidden(COL_WHO)
    qtbot.mouseClick(panel.everyone_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.is_loaded and panel.whose is None, timeout=10_000)
    assert any(line.endswith("Перезвонить во вторник | Мой Пётр | Иван") for line in panel.model.lines(columns=4))
    assert not panel.tree.isColumnHidden(COL_WHO)
    qtbot.mouseClick(panel.mine_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.is_loaded and panel.whose == "Анна", timeout=10_000)
    assert "Перезвонить во вторник" not in " ".join(panel.model.lines())


def test_a_single_user_vault_has_no_switch_and_no_responsible_box(qtbot, vault):
    client_id = add_client(vault)
    panel = loaded(qtbot, TodayPanel(vault))
    qtbot.addWidget(panel)
    panel.show()
    assert not panel.mine_button.isVisible() and not panel.everyone_button.isVisible()
    card = ClientCard(vault, client_id)
    qtbot.addWidget(card)
    card.show()
    assert not card.responsible.isVisible()
    card.tabs.setCurrentWidget(card.reminders)
    assert not card.reminders.assignee.isVisible()


def test_responsible_chosen_on_the_card_is_saved_and_audited(qtbot, office):
    client_id = add_client(office)
    card = ClientCard(office, client_id)
    qtbot.addWidget(card)
    card.show()
    assert card.responsible.isVisible()
    assert [card.responsible.itemText(i) for i in range(card.responsible.count())] == ["—", "Анна", "Иван"]
    card.responsible.setCurrentIndex(card.responsible.findData("Иван"))
    assert card.windowTitle().startswith("* ")
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    assert card.state.text() == "Saved."
    with office.session() as s:
        assert s.get(m.Client, client_id).responsible == "Иван"
        entry = s.scalars(select(m.AuditEntry).where(m.AuditEntry.field == "responsible")).one()
        assert (entry.actor, entry.new) == ("Анна", "Иван")


def test_a_removed_users_client_shows_the_name_and_saves(qtbot, office, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    client_id = add_client(office, responsible="Иван")
    with office.transaction() as s:
        s.scalars(select(m.User).where(m.User.name == "Иван")).one().removed_at = m.utcnow()
    card = ClientCard(office, client_id)
    qtbot.addWidget(card)
    assert card.responsible.currentText() == "Иван (no longer a user)"
    card.main.city.setText("Омск")
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    assert card.state.text() == "Saved."


def test_a_reminder_is_mine_unless_i_give_it_to_someone(qtbot, office, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    client_id = add_client(office)
    card = ClientCard(office, client_id)
    qtbot.addWidget(card)
    card.show()
    tab = card.reminders
    card.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.assignee.count() == 3, timeout=5000)
    assert tab.assignee.currentData() == "Анна" and tab.assignee.isVisible()
    type_text(tab.title, "Перезвонить во вторник")
    tab.assignee.setCurrentIndex(tab.assignee.findData("Иван"))
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    row = tab.tree.topLevelItem(0)
    assert (row.text(1), row.text(2)) == ("Перезвонить во вторник", "Иван")
    with office.session() as s:
        assert s.scalars(select(m.Reminder.assignee)).all() == ["Иван"]


def test_my_clients_in_the_sidebar_filters_the_list(qtbot, office, monkeypatch):
    add_client(office, last_name="Мой", responsible="Анна")
    add_client(office, last_name="Иванов", responsible="Иван")
    add_client(office, last_name="Ничей")
    window = MainWindow(office.path)
    qtbot.addWidget(window)
    window.adopt_vault(office)
    window.show()
    qtbot.waitUntil(lambda: window.sidebar.counts.get("mine") == 1, timeout=10_000)
    entry = window.sidebar._mine_entry
    assert entry is not None and (entry.text(0), entry.text(1)) == ("My clients", "1")
    window.sidebar.setCurrentItem(entry)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
    assert window.filter_title.text() == "My clients"
    window.after_change()  # counts re-read: the entry stays chosen
    qtbot.waitUntil(lambda: window.sidebar._mine_entry is not None and window.sidebar.counts.get("mine") == 1,
                    timeout=10_000)
    assert window.sidebar.current_filter().responsible == "Анна"
    window.sidebar.setCurrentItem(window.sidebar._all_entry)  # all three, handed to Анна at once
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=5000)
    window.table.selectAll()
    import clientbook.ui.bulk_actions as bulk

    offered: list[list[str]] = []

    def choose(_parent, _title, _label, items, *_a, **_k):
        offered.append(list(items))
        return "Анна", True

    monkeypatch.setattr(bulk.QInputDialog, "getItem", choose)
    window.bulk.responsible.trigger()
    assert offered == [["Анна", "Иван", "nobody"]]
    qtbot.waitUntil(lambda: window.sidebar.counts.get("mine") == 3, timeout=10_000)
    with office.session() as s:
        batch = s.scalars(select(m.Batch).where(m.Batch.kind == "bulk_edit")).one()
        changes = s.scalars(select(m.AuditEntry).where(m.AuditEntry.batch_id == batch.id,
                                                        m.AuditEntry.field == "responsible")).all()
        assert len(changes) == 2  # the third was Анна's already
    window.lock()


def test_segment_builder_counts_responsible_is(qtbot, office):
    for last in ("Первый", "Второй"):
        add_client(office, last_name=last, responsible="Иван")
    add_client(office, last_name="Третий")
    builder = SegmentBuilder(office)
    qtbot.addWidget(builder)
    row = builder.root.children_widgets()[0]
    assert isinstance(row, ConditionRow)
    row.kind.setCurrentIndex(row.kind.findData("field"))
    row.subject.setCurrentIndex(row.subject.findData("responsible"))
    assert row.subject.currentText() == "Responsible"
    row.op.setCurrentIndex(row.op.findData("equals"))
    assert row.value.completer() is not None and "Анна" in row.value.placeholderText()
    row.value.setText("Иван")
    qtbot.waitUntil(lambda: builder.last_count == 2, timeout=3000)
