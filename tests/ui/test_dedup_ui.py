"""The duplicates page and the side-by-side merge dialog, driven through their real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from clientbook.core import clients, history
from clientbook.core import models as m
from clientbook.core.clients import ClientInput
from clientbook.ui.dedup_review import DuplicatesPage, MergeDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def pair(vault):  # type: ignore[no-untyped-def]
    with vault.transaction() as s:
        a = clients.create_client(s, ClientInput(last_name="Смирнов", first_name="Олег", city="Москва",
                                                 phones=["+7 916 123-45-67"], tags=["VIP"])).id
        b = clients.create_client(s, ClientInput(last_name="Smirnov", first_name="Oleg", middle_name="Петрович",
                                                 city="Тверь", phones=["8 916 1234567"], emails=["o@example.ru"])).id
        history.add_interaction(s, b, "call", text="Звонок")
        clients.create_client(s, ClientInput(last_name="Иванов", first_name="Иван", phones=["+79030000001"]))
        clients.create_client(s, ClientInput(last_name="Иванов", first_name="Иван", phones=["+79030000002"]))
    return a, b


def test_merge_dialog_takes_the_value_chosen_per_field(qtbot, vault, pair) -> None:  # type: ignore[no-untyped-def]
    a, b = pair
    dialog = MergeDialog(vault, [b, a])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.keep_id == a  # the oldest card stays by default
    assert set(dialog.choice_buttons["city"]) == {a, b}
    assert dialog.choice_buttons["city"][a].isChecked()
    assert dialog.choice_buttons["middle_name"][b].isChecked()  # the only value there is
    assert dialog.choice_buttons["city"][b].text() == "Тверь"
    qtbot.mouseClick(dialog.choice_buttons["city"][b], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.survivor_id == a and dialog.result_batch_id
    with vault.session() as s:
        card = clients.get_client(s, a)
        assert (card.city, card.middle_name, card.last_name) == ("Тверь", "Петрович", "Смирнов")
        assert [e.address for e in card.emails] == ["o@example.ru"]
        assert [t.name for t in card.tags] == ["VIP"]
        assert len(history.timeline(s, a)) == 1
        assert s.get(m.Client, b) is None


@pytest.mark.parametrize(("lang", "words"), [("ru", {"Физлицо", "ИП", "Мужской", "Ищет скидки", "Горячий", "Активный"}),
                                             ("en", {"Person", "Sole trader (IP)", "Male", "Discount-driven", "Hot",
                                                     "Active"})])
def test_merge_dialog_shows_words_not_stored_codes(qtbot, vault, monkeypatch, lang, words) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CLIENTBOOK_LANG", lang)
    with vault.transaction() as s:
        a = clients.create_client(s, ClientInput(last_name="Кодов", kind="person", gender="m", behaviour="discount",
                                                 temperature="hot", status="lead")).id
        b = clients.create_client(s, ClientInput(last_name="Кодов", kind="ip", gender="f", behaviour="loyal",
                                                 temperature="cold", status="active")).id
    dialog = MergeDialog(vault, [a, b])
    qtbot.addWidget(dialog)
    shown = {button.text() for buttons in dialog.choice_buttons.values() for button in buttons.values()}
    assert words <= shown
    assert not {"person", "ip", "m", "f", "discount", "hot", "lead", "active"} & shown


def test_merge_dialog_keep_choice_switches_the_survivor(qtbot, vault, pair) -> None:  # type: ignore[no-untyped-def]
    a, b = pair
    dialog = MergeDialog(vault, [a, b])
    qtbot.addWidget(dialog)
    dialog.keep_box.setCurrentIndex(1)
    assert dialog.keep_id == b
    assert dialog.choice_buttons["last_name"][b].isChecked()
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    with vault.session() as s:
        assert s.get(m.Client, a) is None
        assert s.get(m.Client, b).last_name == "Smirnov"


def test_duplicates_page_finds_merges_undoes_and_remembers_not_duplicates(qtbot, vault, pair, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    a, b = pair
    page = DuplicatesPage(vault)
    qtbot.addWidget(page)
    page.show()
    qtbot.mouseClick(page.scan_button, Qt.MouseButton.LeftButton)
    assert [g.client_ids for g in page.groups] == [[a, b]]  # the two namesakes are not offered
    group = page.tree.topLevelItem(0)
    assert "same phone +7 916 123-45-67" in group.child(0).text(2)
    assert page.merge_button.isEnabled()

    monkeypatch.setattr(MergeDialog, "exec", lambda self: (self.do_merge(), self.result())[1])
    qtbot.mouseClick(page.merge_button, Qt.MouseButton.LeftButton)
    assert page.groups == [] and page.undo_button.isEnabled()
    with vault.session() as s:
        assert s.get(m.Client, b) is None
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    with vault.session() as s:
        assert s.get(m.Client, b) is not None

    qtbot.mouseClick(page.scan_button, Qt.MouseButton.LeftButton)
    assert len(page.groups) == 1
    qtbot.mouseClick(page.different_button, Qt.MouseButton.LeftButton)
    assert page.groups == [] and page.tree.topLevelItemCount() == 0
    qtbot.mouseClick(page.scan_button, Qt.MouseButton.LeftButton)
    assert page.groups == [] and "No duplicates" in page.status.text()
    with vault.session() as s:
        assert s.get(m.NotDuplicate, (a, b)) is not None


def test_merge_failure_is_shown_and_nothing_changes(qtbot, vault, pair, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    a, b = pair
    dialog = MergeDialog(vault, [a, b])
    qtbot.addWidget(dialog)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    with vault.transaction() as s:  # someone deletes a card while the dialog is open
        s.delete(s.get(m.Client, b))
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert shown and "not found" in shown[0]
    assert dialog.result_batch_id is None


def test_quality_page_shows_problems_and_normalizes_undoably(qtbot, vault, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from clientbook.ui.quality_page import QualityPage

    with vault.transaction() as s:
        c = clients.create_client(s, ClientInput(last_name="Орлова", first_name="Дарья", city="Казань"))
        s.add(m.Phone(client_id=c.id, e164=None, raw="8 (903) 555-66-77"))
    page = QualityPage(vault)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.is_loaded)  # the report is read on a worker
    assert "invalid phones: 1" in page.summary.text()
    assert page.problems.item(0, 2).text() == "8 (903) 555-66-77"
    opened: list[int] = []
    page.open_client.connect(opened.append)
    page.problems.itemDoubleClicked.emit(page.problems.item(0, 1))
    assert opened == [c.id]
    infos: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: infos.append(text))
    qtbot.mouseClick(page.normalize_button, Qt.MouseButton.LeftButton)
    assert infos and "Phones fixed: 1" in infos[0]
    qtbot.waitUntil(lambda: page.is_loaded)
    assert "invalid phones: 0" in page.summary.text() and page.undo_button.isEnabled()
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.is_loaded)
    assert "invalid phones: 1" in page.summary.text()
    page.stale_months.setValue(3)
    page.stale_months.editingFinished.emit()
    from clientbook.core import settings

    with vault.session() as s:
        assert settings.get(s, "stale_card_months") == 3
    qtbot.waitUntil(lambda: page.is_loaded)
    page.close()


def test_quality_page_opens_at_once_and_reads_the_report_off_the_gui_thread(qtbot, vault, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """At 100 000 clients the report takes seconds: the window is shown "Loading…" and fills when the
    worker answers; the report never runs on the GUI thread; a newer request's answer wins."""
    import threading

    from clientbook.core import quality
    from clientbook.ui import quality_page as module
    from clientbook.ui.quality_page import QualityPage

    with vault.transaction() as s:
        c = clients.create_client(s, ClientInput(last_name="Орлова", first_name="Дарья"))
        s.add(m.Phone(client_id=c.id, e164=None, raw="8 (903) 555-66-77"))
    threads: list[str] = []
    months: list[int | None] = []
    gate = threading.Event()
    real_report = quality.report

    def recording_report(session, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        months.append(kwargs.get("stale_months"))
        gate.wait(10)  # the first report is still being read when the user changes the setting
        return real_report(session, **kwargs)

    monkeypatch.setattr(module.quality, "report", recording_report)
    page = QualityPage(vault)
    qtbot.addWidget(page)
    page.show()
    assert not page.is_loaded and page.summary.text() == "Loading…" and page.problems.rowCount() == 0
    page.stale_months.setValue(7)
    page.refresh()  # supersedes the first reading
    gate.set()
    qtbot.waitUntil(lambda: page.is_loaded)
    assert "invalid phones: 1" in page.summary.text() and "not updated for 7 months" in page.summary.text()
    assert page.problems.item(0, 2).text() == "8 (903) 555-66-77"
    # both readings ran on pool threads, started in whatever order the pool chose: the newer one is shown
    assert 7 in months and threads and threading.main_thread().name not in threads


def test_quality_page_closed_while_reading_lets_go_of_the_vault(qtbot, vault, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from clientbook.core import quality
    from clientbook.ui import quality_page as module
    from clientbook.ui import workers
    from clientbook.ui.quality_page import QualityPage

    started, gate = threading.Event(), threading.Event()
    real_report = quality.report

    def held_report(session, **kwargs):  # type: ignore[no-untyped-def]
        started.set()
        gate.wait(10)
        return real_report(session, **kwargs)

    monkeypatch.setattr(module.quality, "report", held_report)
    page = QualityPage(vault)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(started.is_set)
    tasks = list(page.reader._tasks)
    gate.set()
    page.close()  # the main window closes its tool windows before it locks the vault; no wait here
    workers.wait_for_stopped()  # what locking does before it closes the vault
    assert tasks and all(t.done.is_set() for t in tasks)
    vault.close()
    qtbot.waitUntil(lambda: not any(t in workers._live for t in tasks))
    assert page.report is None and page.summary.text() == "Loading…"  # the late answer was dropped


def test_quality_page_months_box_losing_focus_after_lock_writes_nothing(qtbot, vault) -> None:  # type: ignore[no-untyped-def]
    """The months box says "editing finished" whenever it loses focus, also when its window is torn
    down after the vault was locked: that must not write (it raised VaultLocked in the event loop)."""
    from clientbook.core import settings
    from clientbook.ui.quality_page import QualityPage

    page = QualityPage(vault)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.is_loaded)
    page.stale_months.editingFinished.emit()  # focus lost, value unchanged: no write, no re-read
    assert page.is_loaded
    page.stale_months.setValue(9)
    page.close()  # typed and closed at once: the value is kept
    with vault.session() as s:
        assert settings.get(s, "stale_card_months") == 9
    second = QualityPage(vault)
    qtbot.addWidget(second)
    second.stale_months.setValue(4)
    vault.close()
    second.stale_months.editingFinished.emit()  # no exception reaches the event loop
    second.close()


def test_duplicates_page_shows_the_whole_reason_in_a_narrow_window(qtbot, vault, pair) -> None:  # type: ignore[no-untyped-def]
    """The reasons wrap in their row instead of ending in "одинако…", and say it again as a tooltip."""
    from PySide6.QtCore import QRect

    page = DuplicatesPage(vault)
    qtbot.addWidget(page)
    page.resize(620, 400)
    page.show()
    qtbot.waitExposed(page)
    qtbot.mouseClick(page.scan_button, Qt.MouseButton.LeftButton)
    child = page.tree.topLevelItem(0).child(0)
    why = child.text(2)
    metrics = page.tree.fontMetrics()
    assert metrics.horizontalAdvance(why) > page.tree.columnWidth(2)  # it needs more than one line here
    needed = metrics.boundingRect(QRect(0, 0, page.tree.columnWidth(2) - 8, 10_000),
                                  int(Qt.TextFlag.TextWordWrap), why).height()
    qtbot.waitUntil(lambda: page.tree.visualItemRect(child).height() >= needed)  # laid out in a later turn
    assert child.toolTip(2).replace("\n", "; ") == why
