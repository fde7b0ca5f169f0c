"""The main window driven as a user would: search box, lock, auto-lock, bulk actions, columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from keyboard import type_text
from PySide6.QtCore import QItemSelectionModel, Qt

from clientbook.core import audit_history, clients
from clientbook.core.clients import ClientInput
from clientbook.ui.client_list_model import COL_CITY, COL_NAME, COL_UPDATED
from clientbook.ui.main_window import MainWindow
from conftest import PASSWORD

# The offscreen platform plugin warns about a window-manager hint it cannot pass on.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


def _add(vault, last, first=None, city=None, phone=None, tags=()):
    with vault.transaction() as s:
        return clients.create_client(s, ClientInput(last_name=last, first_name=first, city=city,
                                                    phones=[phone] if phone else [], tags=list(tags))).id


@pytest.fixture
def window(qtbot, vault):
    _add(vault, "Фёдоров", "Семён", "Тверь", "+7 916 123-45-67", ["vip"])
    _add(vault, "Алексеева", "Анна", "Москва", "8 903 555-11-22")
    _add(vault, "Борисов", "Пётр", "Казань", "+7 495 700-00-01")
    win = MainWindow(vault.path)
    qtbot.addWidget(win)
    win.adopt_vault(vault)
    win.show()
    win.activateWindow()
    qtbot.waitExposed(win)
    listed(qtbot, win)
    yield win
    win.lock()


def listed(qtbot, win):
    """The list reads on a worker: wait until the newest read (search, filter, sort) has arrived."""
    qtbot.waitUntil(lambda: win.model.is_loaded)


def names(win):
    model = win.model
    return [model.data(model.index(r, COL_NAME)) for r in range(model.rowCount())]


def test_list_shows_clients_and_count(qtbot, window):
    assert names(window) == ["Алексеева Анна", "Борисов Пётр", "Фёдоров Семён"]
    assert window.count_label.text() == "Clients: 3"
    qtbot.waitUntil(lambda: window.sidebar.counts == {"all": 3, "archived": 0}, timeout=10_000)  # read on a worker
    assert [item.text(1) for item in _sidebar_items(window)][:2] == ["3", "0"]


def test_search_box_finds_by_phone_fragment(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    type_text(window.search, "123-45")
    qtbot.waitUntil(lambda: names(window) == ["Фёдоров Семён"], timeout=2000)
    assert window.count_label.text() == "Found: 1"
    window.search.clear()
    qtbot.waitUntil(lambda: len(names(window)) == 3, timeout=2000)


def test_search_box_folds_case_and_yo(qtbot, window):
    window.search.setFocus()
    type_text(window.search, "ФЕДОРОВ семен")  # other case, е for ё
    qtbot.waitUntil(lambda: names(window) == ["Фёдоров Семён"], timeout=2000)


def test_lock_clears_every_view_and_holds_no_connection(qtbot, window, vault):
    assert window.model.data(window.model.index(0, COL_NAME))
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.vault is None and vault.closed
    assert window.stack.currentWidget() is window.unlock_page


def test_auto_lock_after_idle_clears_the_list(qtbot, window, vault):
    assert window.model.rowCount() == 3
    window.idle.set_interval_ms(100)  # the setting is in minutes; the mechanism is the same
    qtbot.waitUntil(lambda: window.vault is None, timeout=3000)
    assert window.model.rowCount() == 0 and window.model.cached_rows() == 0
    assert window.sidebar.topLevelItemCount() == 0
    assert window.search.text() == ""
    assert vault.closed and vault.engine.pool.checkedout() == 0
    assert window.stack.currentWidget() is window.unlock_page
    assert window.model.data(window.model.index(0, COL_NAME)) is None


def test_user_activity_postpones_auto_lock(qtbot, window):
    window.idle.set_interval_ms(2000)
    for _ in range(5):  # 3 s in all, but never 2 s without a key press
        qtbot.wait(600)
        qtbot.keyClick(window.table, Qt.Key.Key_Down)
    assert window.vault is not None
    qtbot.waitUntil(lambda: window.vault is None, timeout=5000)  # and once the user stops, it locks


def _select_rows(win, rows):
    selection = win.table.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(win.model.index(row, 0),
                         QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)


def test_bulk_tag_is_one_audited_batch(qtbot, window, vault, monkeypatch):
    import clientbook.ui.bulk_actions as bulk

    made: list[str] = []
    monkeypatch.setattr(bulk, "has_backups", lambda: False)  # restore points are the backup feature's test
    _select_rows(window, [0, 1])
    monkeypatch.setattr(bulk.QInputDialog, "getItem", lambda *a, **k: ("Опт", True))
    window.bulk.add_tag.trigger()
    qtbot.waitUntil(lambda: any(i.text(0) == "Опт" for i in _sidebar_items(window)), timeout=3000)
    with vault.session() as s:
        assert dict(clients.tag_counts(s))["Опт"] == 2
        batches = [b for b in s.scalars(__import__("sqlalchemy").select(clients.m.Batch)) if b.kind == "bulk_edit"]
        assert len(batches) == 1
        entries = audit_history.history(s, batch_id=batches[0].id)
        assert len(entries) >= 2
    made.append("ok")
    assert made


def test_bulk_archive_moves_rows_out_of_the_list(qtbot, window, vault, monkeypatch):
    import clientbook.ui.bulk_actions as bulk

    monkeypatch.setattr(bulk, "has_backups", lambda: False)
    _select_rows(window, [0])
    window.bulk.archive.trigger()
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=3000)
    qtbot.waitUntil(lambda: window.sidebar.counts == {"all": 2, "archived": 1}, timeout=10_000)
    assert "Алексеева Анна" not in names(window)


def _sidebar_items(win):
    for i in range(win.sidebar.topLevelItemCount()):
        section = win.sidebar.topLevelItem(i)
        for j in range(section.childCount()):
            yield section.child(j)


def test_tag_in_sidebar_filters_the_list(qtbot, window):
    qtbot.waitUntil(lambda: any(i.text(0) == "vip" for i in _sidebar_items(window)), timeout=10_000)
    vip = next(i for i in _sidebar_items(window) if i.text(0) == "vip")
    window.sidebar.setCurrentItem(vip)
    listed(qtbot, window)
    assert names(window) == ["Фёдоров Семён"]
    assert window.filter_title.text() == "Tag: vip"


def test_columns_chosen_by_the_user_are_remembered(qtbot, window, vault):
    assert window.table.isColumnHidden(COL_UPDATED)
    window.table.set_column_visible(COL_CITY, False)
    window.table.set_column_visible(COL_UPDATED, True)
    again = MainWindow(vault.path)
    qtbot.addWidget(again)
    assert again.table.isColumnHidden(COL_CITY)
    assert not again.table.isColumnHidden(COL_UPDATED)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_list_columns_fit_beside_today_at_1600_and_hand_widths_stay(qtbot, window, lang):
    """At 1600×1000 with Today docked, every shown column is on screen (no horizontal scrollbar, the
    next-contact date not cut at the view's edge) and no header is narrower than its title; a width
    the user dragged survives the window's next resize."""
    from PySide6.QtWidgets import QApplication

    from clientbook.ui import i18n
    from clientbook.ui.client_list_model import COL_NEXT_CONTACT, column_titles
    from clientbook.ui.dates import short_date

    i18n.install_translators(QApplication.instance(), lang)
    try:
        window.resize(1600, 1000)
        qtbot.waitUntil(lambda: window.today_dock is not None and window.today_dock.isVisible())
        table, header = window.table, window.table.horizontalHeader()
        qtbot.waitUntil(lambda: header.length() <= table.viewport().width()
                        and not table.horizontalScrollBar().isVisible())  # the view lays out a turn later
        titles = column_titles()
        for column in range(header.count()):
            if not table.isColumnHidden(column):
                assert table.columnWidth(column) >= header.sectionSizeHint(column), titles[column]
        import datetime as dt
        far = short_date(dt.date(dt.date.today().year + 1, 11, 28))  # "28 нояб. 2027": the longest form
        assert table.columnWidth(COL_NEXT_CONTACT) >= table.fontMetrics().horizontalAdvance(far)
        header.resizeSection(COL_CITY, 260)  # as a drag of the column's edge does
        window.resize(1400, 900)
        qtbot.waitUntil(lambda: table.viewport().width() < 900)
        assert table.columnWidth(COL_CITY) == 260
    finally:
        i18n.install_translators(QApplication.instance(), "en")


def test_sorting_by_clicking_a_header(qtbot, window):
    window.table.horizontalHeader().setSortIndicator(COL_CITY, Qt.SortOrder.AscendingOrder)
    listed(qtbot, window)
    assert names(window)[0] == "Борисов Пётр"  # Казань


def test_enter_opens_the_card(qtbot, window):
    pytest.importorskip("clientbook.ui.card")
    window.table.setFocus()
    window.table.setCurrentIndex(window.model.index(1, COL_NAME))
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    cards = [w for w in window._windows if type(w).__name__ == "ClientCard"]
    assert len(cards) == 1
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len([w for w in window._windows if type(w).__name__ == "ClientCard"]) == 2


def test_every_installed_feature_opens_from_the_menu_and_closes_on_lock(qtbot, window, vault):
    assert window.feature_actions, "no feature windows found"
    for name, action in window.feature_actions.items():
        if name == "ImportWizard":
            continue  # a wizard that asks for a file first; opened by its own tests
        before = len(window._windows)
        action.trigger()
        assert len(window._windows) == before + 1, name
    opened = list(window._windows)
    window.lock()
    assert window._windows == []
    assert all(not w.isVisible() for w in opened if _alive(w))
    assert vault.closed and vault.engine.pool.checkedout() == 0


def test_locking_waits_for_the_query_a_closed_window_interrupted(qtbot, window, vault, monkeypatch):
    """A tool window closing does not wait for its worker (it interrupts the SQL and returns), so
    locking must: the vault closes only once every such worker has let go of it."""
    import threading

    from sqlalchemy import text

    from clientbook.ui import export_dialog

    started, let_go = threading.Event(), threading.Event()
    released: list[bool] = []

    def endless_preview(session, spec, *rest):
        started.set()
        try:
            session.execute(text("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                                 "SELECT count(*) FROM (SELECT i FROM n LIMIT 20000000000)")).scalar()
        finally:
            let_go.wait(5)  # still holding its connection for a moment after the interrupt
            released.append(not vault.closed)

    monkeypatch.setattr(export_dialog, "preview", endless_preview)
    dialog = window.open_tool("ExportDialog")
    qtbot.waitUntil(started.is_set)
    tasks = list(dialog.reader._tasks)
    dialog.reject()  # returns at once: the worker is interrupted, not waited for
    assert not all(task.done.is_set() for task in tasks)
    let_go.set()
    window.lock()
    assert released == [True]  # the worker let go before the vault closed
    assert all(task.done.is_set() for task in tasks)
    assert vault.closed and vault.engine.pool.checkedout() == 0


def _alive(widget):
    try:
        widget.objectName()
    except RuntimeError:
        return False
    return True


def test_dashboard_can_show_a_list_of_clients(qtbot, window):
    ids = window.model.client_ids([0, 2])
    window.show_clients(ids)
    listed(qtbot, window)
    assert window.model.rowCount() == 2
    assert window.filter_title.text() == "Clients chosen in another window"
    window.show_clients({"field": "nonsense", "op": "eq", "value": 1})  # a broken definition
    listed(qtbot, window)
    assert window.model.rowCount() == 0
    assert "segment" in window.count_label.text().lower()


def test_auto_lock_does_not_wait_on_a_card_with_unsaved_edits(qtbot, window, vault):
    pytest.importorskip("clientbook.ui.card")
    client_id = window.model.client_id(0)
    card = window.open_card(client_id)
    type_text(card.main.last_name, "Изменённая")
    assert card.is_dirty()
    window.idle.set_interval_ms(100)
    qtbot.waitUntil(lambda: window.vault is None, timeout=3000)
    assert window._windows == [] and vault.closed
    from clientbook.core.vault import Vault

    with Vault.open(vault.path, PASSWORD) as reopened, reopened.session() as s:
        assert clients.get_client(s, client_id).last_name == "Алексеева"  # nothing saved behind the user's back


def test_daily_backup_at_first_use_and_on_close_if_changed(qtbot, window, vault):
    backup = pytest.importorskip("clientbook.core.backup")
    # The state a user sees, whenever the worker's "finished" reaches the window: not a fixed wait.
    qtbot.waitUntil(lambda: window.backup_label.text().startswith("Last verified backup"), timeout=30_000)
    kinds = [r.kind for r in backup.list_backups(vault)]
    assert kinds.count("daily") == 1
    _add(vault, "Новый", "Клиент")
    path = vault.path
    window.close()  # quitting: a backup because something changed since the daily one
    assert vault.closed
    from clientbook.core.backup import records
    from clientbook.core.paths import default_backup_dir

    assert [r.kind for r in records(default_backup_dir(path))].count("close") == 1


def test_dropping_a_spreadsheet_opens_the_import_wizard(qtbot, window, tmp_path):
    pytest.importorskip("clientbook.ui.import_wizard")
    from PySide6.QtCore import QMimeData, QPoint, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    sheet = tmp_path / "clients.csv"
    sheet.write_text("ФИО;Телефон\nИванов Иван;+79161234567\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sheet))])
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    assert [type(w).__name__ for w in window._windows] == ["ImportWizard"]


def test_export_during_a_search_names_the_search_and_its_count(qtbot, window, monkeypatch):
    pytest.importorskip("clientbook.ui.export_dialog")
    window.search.setText("Москва")
    window.apply_search()
    listed(qtbot, window)
    assert window.filter_title.text() == "Search: “Москва”"
    assert not window.table.horizontalHeader().isSortIndicatorShown()  # relevance order, not by name
    dialog = window.open_export()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.scope.text() != "", timeout=30_000)  # counted on a worker
    assert dialog.scope.text().startswith("Search: “Москва” — 1 client")
    assert Path(dialog.target.text()).name == "Search Москва.xlsx"
    dialog.close()
    window.search.setText("")
    window.apply_search()
    listed(qtbot, window)
    assert window.filter_title.text() == "All clients" and window.table.horizontalHeader().isSortIndicatorShown()
