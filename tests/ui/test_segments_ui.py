"""The segment builder, the dashboard and the export dialog driven with pytest-qt on a real vault."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from clientbook.core import clients, consents, history, segments
from clientbook.core import models as m
from clientbook.core.clients import ClientInput
from clientbook.ui.dashboard import Dashboard
from clientbook.ui.export_dialog import ExportDialog
from clientbook.ui.segment_builder import ConditionRow, GroupBox, SegmentBuilder

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def base(vault):  # type: ignore[no-untyped-def]
    import datetime as dt

    with vault.transaction() as s:
        a = clients.create_client(s, ClientInput(last_name="Иванов", first_name="Пётр", city="Москва", temperature="hot",
                                                 status="active", tags=["VIP"], emails=["ivan@example.ru"]))
        b = clients.create_client(s, ClientInput(last_name="Сидорова", first_name="Анна", city="москва",
                                                 temperature="warm", emails=["anna@example.ru"]))
        c = clients.create_client(s, ClientInput(last_name="Тверской", first_name="Олег", city="Тверь",
                                                 temperature="cold", emails=["oleg@example.ru"]))
        history.add_purchase(s, a.id, dt.date.today(), "5000")
        history.add_purchase(s, b.id, dt.date.today(), "100")
        consents.record_consent(s, a.id, "email", True)
        consents.record_consent(s, b.id, "email", True)
        consents.record_consent(s, b.id, "email", False)
    return vault, (a.id, b.id, c.id)


def first_row(builder: SegmentBuilder) -> ConditionRow:
    row = builder.root.children_widgets()[0]
    assert isinstance(row, ConditionRow)
    return row


def counted(qtbot, builder: SegmentBuilder) -> SegmentBuilder:  # type: ignore[no-untyped-def]
    """The count runs on a worker: wait until the one shown is that of the conditions on screen."""
    qtbot.waitUntil(lambda: builder.is_loaded)
    return builder


def choose(combo, data) -> None:  # type: ignore[no-untyped-def]
    combo.setCurrentIndex(combo.findData(data))


def test_builder_counts_live_while_editing(qtbot, base) -> None:  # type: ignore[no-untyped-def]
    vault, (a, b, c) = base
    builder = SegmentBuilder(vault)
    qtbot.addWidget(builder)
    assert not builder.is_loaded and builder.count_label.text() == "Counting…"  # on a worker
    counted(qtbot, builder)
    assert builder.last_count == 3  # a fresh condition ("name is not set" is not yet typed) counts everybody
    row = first_row(builder)
    choose(row.kind, "field")
    choose(row.subject, "city")
    choose(row.op, "contains")
    row.value.setText("МОСК")  # QTest.keyClicks types ASCII only
    qtbot.waitUntil(lambda: builder.last_count == 2 and "2" in builder.count_label.text(), timeout=3000)
    # a nested OR group: (city contains моск) AND (tag VIP OR purchases total >= 1000)
    qtbot.mouseClick(builder.root.add_group_button, Qt.MouseButton.LeftButton)
    group = builder.root.children_widgets()[1]
    assert isinstance(group, GroupBox)
    tag_row = group.add_condition()
    choose(tag_row.kind, "tags")
    qtbot.keyClicks(tag_row.value, "vip")
    money = group.add_condition()
    choose(money.kind, "purchases")
    choose(money.subject, "total")
    choose(money.op, "gte")
    qtbot.keyClicks(money.value, "1000")
    qtbot.waitUntil(lambda: builder.last_count == 1, timeout=3000)
    definition = builder.definition()
    assert definition["items"][1]["group"] == "or"
    with vault.session() as s:
        assert segments.segment_client_ids(s, definition) == [a]
    # a bad value: the core's message is shown and saving is off
    money.value.clear()
    money.value.setText("много")
    qtbot.waitUntil(lambda: builder.last_error is not None, timeout=3000)
    assert "много" in builder.count_label.text() and not builder.save_button.isEnabled()


def test_builtins_are_listed_and_top_revenue_and_segment_conditions_are_offered(qtbot, base) -> None:  # type: ignore[no-untyped-def]
    vault, (a, b, c) = base
    builder = SegmentBuilder(vault)
    qtbot.addWidget(builder)
    builder.show()
    titles = [builder.builtin_list.item(i).text() for i in range(builder.builtin_list.count())]
    assert "Hot" in titles and "Top 20 % by revenue" in titles and "Debtors" in titles
    assert builder.empty_hint.isVisible() and not builder.saved_list.isVisible()
    builder.builtin_list.setCurrentRow(titles.index("Hot"))
    counted(qtbot, builder)
    assert builder.name_edit.text() == "Hot" and builder.last_count == 1 and builder.current_id is None
    row = first_row(builder)
    assert row.remove_button.isVisible() and row.value.width() >= 140 or not row.value.isVisible()
    builder.new_segment()
    row = first_row(builder)
    choose(row.kind, "top_revenue")
    row.value.setText("50")
    qtbot.waitUntil(lambda: builder.last_count == 1, timeout=3000)
    assert builder.definition()["items"] == [{"kind": "top_revenue", "share": 0.5}]
    with vault.session() as s:
        assert segments.segment_client_ids(s, builder.definition()) == [a]
    choose(row.kind, "segment")
    choose(row.subject, "hot")
    qtbot.waitUntil(lambda: builder.last_count == 1, timeout=3000)
    assert not row.value.isVisible()
    reopened = SegmentBuilder(vault, {"group": "and", "items": [{"kind": "top_revenue", "share": 0.5}]})
    qtbot.addWidget(reopened)
    counted(qtbot, reopened)
    assert first_row(reopened).value.text() == "50" and reopened.last_count == 1


def test_builder_save_rename_duplicate_delete(qtbot, base, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    vault, (a, b, c) = base
    builder = SegmentBuilder(vault, {"kind": "field", "field": "temperature", "op": "equals", "value": "hot"})
    qtbot.addWidget(builder)
    counted(qtbot, builder)
    assert builder.last_count == 1
    builder.name_edit.setText("Горячие москвичи")
    qtbot.mouseClick(builder.save_button, Qt.MouseButton.LeftButton)
    with vault.session() as s:
        saved = segments.get_segment(s, "горячие москвичи")
        assert segments.count_segment(s, saved.definition) == 1
    assert builder.saved_list.count() == 1
    builder.rename_segment("Горячие")
    builder.duplicate_segment()
    assert [builder.saved_list.item(i).text() for i in range(builder.saved_list.count())] == [
        "Горячие", "Горячие (2)"]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    builder.delete_segment()
    with vault.session() as s:
        assert [x.name for x in segments.saved_segments(s)] == ["Горячие"]
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    builder.new_segment()
    builder.name_edit.setText("ГОРЯЧИЕ")
    assert builder.save() is False and "already exists" in warnings[0]
    builder.select_segment("Горячие")
    counted(qtbot, builder)
    assert builder.name_edit.text() == "Горячие" and builder.last_count == 1
    with qtbot.waitSignal(builder.show_clients) as shown:
        qtbot.mouseClick(builder.show_button, Qt.MouseButton.LeftButton)
    assert shown.args[0]["items"][0]["value"] == "hot"


def test_dashboard_charts_click_through(qtbot, base) -> None:  # type: ignore[no-untyped-def]
    vault, (a, b, c) = base
    board = Dashboard(vault)
    qtbot.addWidget(board)
    assert board.is_loading()  # the figures are read on workers, the window is there at once
    qtbot.waitUntil(lambda: not board.is_loading(), timeout=10000)
    slices = board.temperature_series.slices()
    assert [int(s.value()) for s in slices] == [1, 1, 1]
    with qtbot.waitSignal(board.show_clients) as hot:
        slices[0].clicked.emit()
    with vault.session() as s:
        assert segments.segment_client_ids(s, hot.args[0]) == [a]
    bar_set = board.status_series.barSets()[0]
    assert [bar_set.at(i) for i in range(bar_set.count())] == [2, 1, 0, 0]
    with qtbot.waitSignal(board.show_clients) as status:
        board.status_series.clicked.emit(1, bar_set)
    assert status.args[0] == {"kind": "field", "field": "status", "op": "equals", "value": "active"}
    revenue = board.revenue_series.barSets()[0]
    assert revenue.at(revenue.count() - 1) == 5100
    with qtbot.waitSignal(board.show_clients) as month:
        board.revenue_series.clicked.emit(revenue.count() - 1, revenue)
    with vault.session() as s:
        assert set(segments.segment_client_ids(s, month.args[0])) == {a, b}
    with qtbot.waitSignal(board.show_clients) as new:
        board.new_clients_series.clicked.emit(board.new_clients_series.barSets()[0].count() - 1,
                                              board.new_clients_series.barSets()[0])
    with vault.session() as s:
        assert len(segments.segment_client_ids(s, new.args[0])) == 3
    assert board.pareto_series.count() >= 3
    with qtbot.waitSignal(board.show_clients) as pareto:
        board.pareto_series.clicked.emit(QPointF(50, 98))
    with vault.session() as s:
        assert segments.segment_client_ids(s, pareto.args[0]) == [a]
    total = sum(int(board.rfm_table.item(r, f).text()) for r in range(5) for f in range(5))
    assert total == 2
    with qtbot.waitSignal(board.show_clients) as cell:
        board.rfm_table.cellClicked.emit(0, 0)
    assert cell.args[0] == {"kind": "rfm", "r": 5, "f": 1}


def previewed(qtbot, dialog: ExportDialog) -> None:  # type: ignore[no-untyped-def]
    """Wait for the preview of the current options (it is read on a worker)."""
    qtbot.waitUntil(lambda: dialog.is_loaded)


def test_a_mailing_preset_checks_the_consent_of_its_own_channel(qtbot, base) -> None:  # type: ignore[no-untyped-def]
    vault, _ids = base
    dialog = ExportDialog(vault)
    qtbot.addWidget(dialog)
    choose(dialog.preset, "email")
    assert dialog.mailing.currentData() == "email"
    choose(dialog.preset, "sms")  # SMS columns after the e-mail ones: the SMS consents decide now
    assert dialog.mailing.currentData() == "sms"
    previewed(qtbot, dialog)


def test_export_dialog_mailing_counts_and_override(qtbot, base, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    vault, (a, b, c) = base
    dialog = ExportDialog(vault)
    qtbot.addWidget(dialog)
    choose(dialog.format, "csv")
    choose(dialog.preset, "email")
    assert dialog.mailing.currentData() == "email"  # the e-mail preset turns the mailing mode on
    previewed(qtbot, dialog)
    assert dialog.excluded_counts()["withdrawn"] == 1 and dialog.excluded_counts()["no_consent"] == 1
    assert "1 row" in dialog.summary.text() and "consent withdrawn: 1" in dialog.summary.text()
    qtbot.mouseClick(dialog.show_excluded_button, Qt.MouseButton.LeftButton)
    assert dialog.excluded_list.model().rowCount() == 2 and dialog.excluded_list.isVisible() is not None
    # the override needs an explicit "Yes"
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.No)
    dialog.override.setChecked(True)
    assert not dialog.override.isChecked()
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.override.setChecked(True)
    previewed(qtbot, dialog)
    assert dialog.override.isChecked() and "3 row" in dialog.summary.text()
    target = tmp_path / "mail.csv"
    dialog.target.setText(str(target))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    with qtbot.waitSignal(dialog.exported, timeout=10000):
        dialog.run_export()
    assert dialog.export_result is not None and dialog.export_result.rows == 3
    with open(target, encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.DictReader(fh, delimiter=";"))) == 3
    with vault.session() as s:
        actions = set(s.scalars(select(m.AuditEntry.action).where(m.AuditEntry.entity == "export")))
    assert actions == {"export", "export_override"}


def test_export_dialog_for_a_selection_without_mailing(qtbot, base, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    vault, (a, b, c) = base
    dialog = ExportDialog(vault, [c, a], what="selection")
    qtbot.addWidget(dialog)
    previewed(qtbot, dialog)
    assert dialog.mailing.currentData() is None and "2 row" in dialog.summary.text()
    assert dialog.scope.text().startswith("selection — 2 client")
    target = tmp_path / "sel.xlsx"
    dialog.target.setText(str(target))
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a: asked.append(text)
                        or QMessageBox.StandardButton.Cancel)
    assert dialog.run_export() is None and not target.exists()  # "Cancel" writes nothing
    assert "2 row" in asked[0] and "sel.xlsx" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    opened: list[Path] = []
    monkeypatch.setattr("clientbook.ui.export_dialog.open_in_file_manager", opened.append)

    def click_open_folder(box: QMessageBox) -> int:
        assert "2 row" in box.text() and "sel.xlsx" in box.text()
        next(b for b in box.buttons() if b.text() == "Open folder").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click_open_folder)
    dialog.run_export()
    assert opened == [tmp_path]
    assert target.exists() and dialog.export_result is not None and dialog.export_result.rows == 2


def test_dashboard_closed_while_reading_lets_go_of_the_vault(qtbot, base) -> None:  # type: ignore[no-untyped-def]
    vault, _ids = base
    board = Dashboard(vault)
    qtbot.addWidget(board)
    tasks = list(board._tasks)
    board.close()  # the main window closes its tool windows before it locks the vault
    assert tasks and all(t.done.is_set() for t in tasks)
    vault.close()
    QApplication.processEvents()  # late results of a closed dashboard are dropped, nothing raises


def test_export_preview_is_read_off_the_gui_thread_and_the_newest_options_win(qtbot, base, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The dialog opens at once ("Counting…", Export disabled), the mailing preview loads the cards on
    a worker, and an answer for options the user has since changed is never shown."""
    import threading

    from clientbook.ui import export_dialog as module

    vault, _ids = base
    threads: list[str] = []
    gate = threading.Event()
    real_preview = module.preview

    def held_preview(session, spec, *rest):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        if spec.mailing is None:
            gate.wait(10)  # the first (plain) preview is still running when the user picks a mailing
        return real_preview(session, spec, *rest)

    monkeypatch.setattr(module, "preview", held_preview)
    dialog = ExportDialog(vault)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.is_loaded and dialog.summary.text() == "Counting…" and not dialog.export_button.isEnabled()
    choose(dialog.preset, "email")  # supersedes the plain count with the mailing preview
    gate.set()
    previewed(qtbot, dialog)
    assert "1 row" in dialog.summary.text() and "consent withdrawn: 1" in dialog.summary.text()
    assert dialog.export_button.isEnabled()
    assert threads and threading.main_thread().name not in threads


def test_closing_the_export_dialog_interrupts_a_long_preview_query(qtbot, base, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A preview of a 1 M-client mailing runs for half a minute; closing the dialog (or changing an
    option) must stop its query at once, not wait for it (closing waited 8.6 s at 1 M clients). Here
    the preview is a query that would run for minutes: only SQLite's interrupt ends it."""
    import threading

    from sqlalchemy import text

    from clientbook.ui import export_dialog as module
    from clientbook.ui import workers

    vault, _ids = base
    started = threading.Event()
    outcome: list[str] = []

    def endless_preview(session, spec, *rest):  # type: ignore[no-untyped-def]
        started.set()
        try:
            session.execute(text("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                                 "SELECT count(*) FROM (SELECT i FROM n LIMIT 20000000000)")).scalar()
        except Exception as exc:
            outcome.append("interrupted" if "interrupt" in str(exc).lower() else repr(exc))
            raise
        outcome.append("ran to the end")

    monkeypatch.setattr(module, "preview", endless_preview)
    dialog = ExportDialog(vault)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(started.is_set)
    started.clear()
    choose(dialog.preset, "email")  # a new option: the running count is superseded and stopped
    qtbot.waitUntil(lambda: outcome[:1] == ["interrupted"], timeout=10_000)
    qtbot.waitUntil(started.is_set)
    tasks = list(dialog.reader._tasks)
    before = len(outcome)
    dialog.reject()  # Cancel: interrupts the query and returns without waiting for the worker
    qtbot.waitUntil(lambda: len(outcome) > before, timeout=10_000)
    assert set(outcome) == {"interrupted"}  # none ran to its end
    workers.wait_for_stopped()  # what locking waits for before the vault closes
    assert tasks and all(task.done.is_set() for task in tasks)


def test_export_dialog_cancelled_while_counting_lets_go_of_the_vault(qtbot, base, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from clientbook.ui import export_dialog as module
    from clientbook.ui import workers

    vault, _ids = base
    started, gate = threading.Event(), threading.Event()
    real_preview = module.preview

    def held_preview(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.set()
        gate.wait(10)
        return real_preview(*args, **kwargs)

    monkeypatch.setattr(module, "preview", held_preview)
    dialog = ExportDialog(vault)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(started.is_set)
    tasks = list(dialog.reader._tasks)
    gate.set()
    dialog.reject()  # what Cancel and the main window's lock do: the worker is not waited for here
    workers.wait_for_stopped()  # but by locking, before the vault closes
    assert tasks and all(t.done.is_set() for t in tasks)
    vault.close()
    qtbot.waitUntil(lambda: not any(t in workers._live for t in tasks))
    assert dialog.summary.text() == "Counting…"  # the late answer was dropped
