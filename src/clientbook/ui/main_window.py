"""The main window, the view: lock screen, sidebar, client list with search as you type, menus,
status bar, and the tool windows opened from the menus.

Opening and closing the vault is `ui.lock_controller` (unlock on a worker, lock in one safe order);
the page check and the automatic backups are `ui.backup_scheduler`. The window follows them: on
`opened` it fills its views, on `locking` it empties every one of them (the list model forgets its
rows and ids, card and tool windows are closed), so no client data stays on screen and no connection
stays checked out when the vault closes.

Tool windows are built when first asked for, and imported in their openers: together they cost
~0.3 s of CPU (the card, the import engine, openpyxl…) that would come before the lock screen is on
screen. `ui.warmup` imports them on a worker once it is painted; an opener waits for that worker
first, so the GUI thread never imports a module the worker is in the middle of.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from clientbook.core.errors import KnownError
from clientbook.core.paths import default_vault_path
from clientbook.core.vault import Vault
from clientbook.ui import busy_writes, preferences, warmup, window_placement, workers
from clientbook.ui.about_dialog import show_about
from clientbook.ui.backup_scheduler import BackupScheduler
from clientbook.ui.bulk_actions import BulkActions
from clientbook.ui.client_list_model import (
    MIN_PHONE_DIGITS,
    SEARCH_LIMIT,
    ClientListModel,
    Filter,
    FirstScreen,
)
from clientbook.ui.client_table import ClientTable
from clientbook.ui.gc_pauses import settle_long_lived, tune_for_the_desktop
from clientbook.ui.i18n import current_ui_language, install_translators
from clientbook.ui.idle import IdleWatcher
from clientbook.ui.lock_controller import LockController
from clientbook.ui.rights import guard
from clientbook.ui.settings_dialog import SettingsDialog
from clientbook.ui.sidebar import Sidebar
from clientbook.ui.unlock import ChangePasswordDialog, CreateVaultDialog, UnlockPage, known_text
from clientbook.ui.workers import run_with_progress

log = logging.getLogger(__name__)

SEARCH_DEBOUNCE_MS = 150
BACKGROUND_AFTER_TODAY_MS = 300  # the page check starts this long after Today's groups arrive (their paint first)
# Imported on a worker once the lock screen is painted (see the module docstring).
TOOL_MODULES = ("clientbook.ui.card", "clientbook.ui.today_panel", "clientbook.ui.history_window",
                "clientbook.ui.custom_fields_page", "clientbook.ui.backups_page", "clientbook.ui.import_wizard",
                "clientbook.ui.export_dialog", "clientbook.ui.segment_builder", "clientbook.ui.dashboard",
                "clientbook.ui.dedup_review", "clientbook.ui.quality_page", "clientbook.core.backup")
IMPORTABLE = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".txt")


class MainWindow(QMainWindow):
    def __init__(self, vault_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._windows: list[QWidget] = []  # cards and tool windows, closed on lock
        self.today_dock: QDockWidget | None = None
        self.resize(1180, 720)
        self.setAcceptDrops(True)

        self.model = ClientListModel(None, self)
        self.model.loaded.connect(self._list_loaded)
        self.unlock_page = UnlockPage()
        self.unlock_page.open_other.connect(self.open_vault_file)
        self.unlock_page.create_new.connect(self.new_vault)
        self.backups = BackupScheduler(self)  # daily backup at first use, and on close if changed (SPEC §11)
        self.backups.backed_up.connect(lambda: self._update_status())
        self.backups.failed.connect(self._backup_failed)
        self.backups.damaged.connect(self._file_damaged)
        self.session = LockController(self.unlock_page, self.backups, vault_path, self,
                                      prepare=self.model.first_screen_reader)
        self.session.opened.connect(self._fill)
        self.session.locking.connect(self._empty)
        self.session.locked.connect(self.show_locked)
        self.workspace = self._build_workspace()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.unlock_page)
        self.stack.addWidget(self.workspace)
        self.setCentralWidget(self.stack)

        self.count_label = QLabel()
        self.backup_label = QLabel()
        self.statusBar().addWidget(self.count_label, 1)
        self.statusBar().addPermanentWidget(self.backup_label)

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self.search_timer.timeout.connect(self.apply_search)

        self.bulk = BulkActions(self, lambda: self.vault, self.selected_ids)
        self.bulk.done.connect(self.after_change)
        self._build_actions()
        self._build_menus()
        self.idle = IdleWatcher(preferences.auto_lock_minutes(), self)
        self.idle.idle.connect(self.auto_lock)
        self.idle.stop()
        self.retranslateUi()
        self.show_locked()

    @property
    def vault(self) -> Vault | None:
        return self.session.vault

    @property
    def vault_path(self) -> Path:
        return self.session.path

    @property
    def auto_backups(self) -> bool:
        return self.backups.enabled

    @auto_backups.setter
    def auto_backups(self, on: bool) -> None:
        self.backups.enabled = on

    # ---- building ------------------------------------------------------------------------
    def _build_workspace(self) -> QWidget:
        self.sidebar = Sidebar()
        self.sidebar.filter_chosen.connect(self.set_filter)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textEdited.connect(lambda _t: self.search_timer.start())
        self.search.textChanged.connect(self._search_cleared)
        self.search.returnPressed.connect(self.apply_search)
        self.filter_title = QLabel()
        font = self.filter_title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.filter_title.setFont(font)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff4ce; color: #5c4400; padding: 6px; border-radius: 3px;")
        self.banner.hide()

        self.table = ClientTable(self.model)
        self.table.activated.connect(self._row_activated)
        self.table.customContextMenuRequested.connect(self._row_menu)

        top = QHBoxLayout()
        top.addWidget(self.filter_title)
        top.addStretch(1)
        top.addWidget(self.search, 2)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 6, 6, 0)
        right_layout.addWidget(self.banner)
        right_layout.addLayout(top)
        right_layout.addWidget(self.table, 1)
        splitter = QSplitter()
        splitter.addWidget(self.sidebar)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 950])
        return splitter

    def _action(self, slot: Callable[[], Any], shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(self)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.act_new_vault = self._action(self.new_vault)
        self.act_open_vault = self._action(self.open_vault_file)
        self.act_change_password = self._action(self.change_password)
        self.act_check_file = self._action(self.check_file)
        self.act_lock = self._action(self.lock_now, "Ctrl+L")
        self.act_settings = self._action(self.open_settings)
        self.act_quit = self._action(self.close, QKeySequence(key.Quit) if not QKeySequence(key.Quit).isEmpty()
                                     else "Ctrl+Q")
        self.act_new_client = self._action(lambda: self.open_card(None), "Ctrl+N")
        self.act_open_client = self._action(self.open_selected)
        self.act_find = self._action(self.focus_search, "Ctrl+F")
        self.act_refresh = self._action(self.after_change, "F5")
        self.act_about = self._action(lambda: show_about(self))
        # The tool windows, by the name tests and benchmarks open them with: (title, opener).
        self.tools: dict[str, tuple[Callable[[], str], Callable[[], QWidget | None]]] = {
            "HistoryWindow": (lambda: self.tr("History of contacts…"), self.open_history),
            "CustomFieldsPage": (lambda: self.tr("Custom fields…"), self.open_custom_fields),
            "BackupsPage": (lambda: self.tr("Backups…"), self.open_backups),
            "ImportWizard": (lambda: self.tr("Import from a spreadsheet…"), lambda: self.open_import(None)),
            "ExportDialog": (lambda: self.tr("Export…"), self.open_export),
            "SegmentBuilder": (lambda: self.tr("Segment builder…"), self.open_segment_builder),
            "Dashboard": (lambda: self.tr("Dashboard…"), self.open_dashboard),
            "DuplicatesPage": (lambda: self.tr("Duplicates…"), self.open_duplicates),
            "QualityPage": (lambda: self.tr("Data quality…"), self.open_quality),
        }
        self.feature_actions = {name: self._action(opener) for name, (_title, opener) in self.tools.items()}
        self.act_today = QAction(self)
        self.act_today.setCheckable(True)
        self.act_today.setChecked(True)
        self.act_today.toggled.connect(self._toggle_today)
        warmup.after_first_paint(self, TOOL_MODULES)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        tool = self.feature_actions
        self.menu_file = bar.addMenu("")
        for action in (self.act_new_vault, self.act_open_vault):
            self.menu_file.addAction(action)
        self.menu_file.addSeparator()
        for action in (tool["ImportWizard"], tool["ExportDialog"]):
            self.menu_file.addAction(action)
        self.menu_file.addSeparator()
        for action in (self.act_change_password, self.act_check_file, tool["BackupsPage"]):
            self.menu_file.addAction(action)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_lock)
        self.menu_file.addAction(self.act_settings)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_quit)

        self.menu_clients = bar.addMenu("")
        for action in (self.act_new_client, self.act_open_client, self.act_find, self.act_refresh):
            self.menu_clients.addAction(action)
        self.menu_clients.addSeparator()
        self.bulk.add_to_menu(self.menu_clients)

        self.menu_tools = bar.addMenu("")
        self.menu_tools.addAction(self.act_today)
        for name in ("HistoryWindow", "SegmentBuilder", "Dashboard", "DuplicatesPage", "QualityPage",
                     "CustomFieldsPage"):
            self.menu_tools.addAction(tool[name])

        self.menu_help = bar.addMenu("")
        self.menu_help.addAction(self.act_about)

        self.toolbar = QToolBar()
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addAction(self.act_new_client)
        self.toolbar.addSeparator()
        for action in self.bulk.actions():
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.act_lock)
        self.addToolBar(self.toolbar)

    # ---- translation -----------------------------------------------------------------------
    def retranslateUi(self) -> None:
        self.setWindowTitle(self._title())
        self.menu_file.setTitle(self.tr("&File"))
        self.menu_clients.setTitle(self.tr("&Clients"))
        self.menu_tools.setTitle(self.tr("&Tools"))
        self.menu_help.setTitle(self.tr("&Help"))
        self.act_new_vault.setText(self.tr("New client base…"))
        self.act_open_vault.setText(self.tr("Open client base…"))
        self.act_change_password.setText(self.tr("Change password…"))
        self.act_check_file.setText(self.tr("Check file"))
        self.act_lock.setText(self.tr("Lock"))
        self.act_settings.setText(self.tr("Settings…"))
        self.act_quit.setText(self.tr("Quit"))
        self.act_new_client.setText(self.tr("New client"))
        self.act_open_client.setText(self.tr("Open card"))
        self.act_find.setText(self.tr("Find"))
        self.act_refresh.setText(self.tr("Refresh"))
        self.act_about.setText(self.tr("About Clientbook"))
        for name, (title, _opener) in self.tools.items():
            self.feature_actions[name].setText(title())
        self.act_today.setText(self.tr("Today panel"))
        self.search.setPlaceholderText(self.tr("Search: name, phone, e-mail, city, tag…  (Ctrl+F)"))
        self.bulk.retranslateUi()
        self.model.retranslate()
        self._update_filter_title()
        self._update_status()
        if self.vault is not None and self.today_dock is not None:
            self._rebuild_today()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def _title(self) -> str:
        if self.vault is None:
            return "Clientbook"
        return f"{self.vault.path.name} — Clientbook"

    # ---- locked / unlocked -----------------------------------------------------------------
    def show_locked(self) -> None:
        self.unlock_page.set_path(self.vault_path)
        self.stack.setCurrentWidget(self.unlock_page)
        self._set_unlocked_ui(False)
        self.setWindowTitle(self._title())
        self.unlock_page.password.setFocus()

    def _set_unlocked_ui(self, unlocked: bool) -> None:
        for action in (self.act_change_password, self.act_check_file, self.act_lock, self.act_new_client,
                       self.act_open_client, self.act_find, self.act_refresh, self.act_today,
                       *self.feature_actions.values()):
            action.setEnabled(unlocked)
        self.bulk.set_enabled(unlocked)
        if unlocked:  # what this user may not do is greyed out, saying why (the core refuses it anyway)
            for action in (self.act_new_client, *self.bulk.actions()):
                guard(action, self.vault, "edit")
            for name, perm in (("ImportWizard", "import"), ("ExportDialog", "export"), ("DuplicatesPage", "merge")):
                guard(self.feature_actions[name], self.vault, perm)
        self.toolbar.setVisible(unlocked)
        self.statusBar().setVisible(unlocked)

    def try_remembered_key(self) -> bool:
        """Open without asking when this computer remembers the key; the answer comes on a worker."""
        return self.session.open_remembered()

    def adopt_vault(self, vault: Vault) -> None:
        """Show a vault opened elsewhere (created, restored, or by a test) as this window's."""
        self.session.adopt(vault)

    def _fill(self, vault: Vault, first: object = None) -> None:
        """The vault is open: the list first (its ids and first rows read by the unlock worker), then,
        each in a turn of its own after the first paint, the rest: the last-used file and the backup
        line (a file write, a manifest read), Today (its widgets; its queries run on a worker), and
        the sidebar's entries (their counts on workers)."""
        self.model.default_region = preferences.default_region()
        self.model.set_vault(vault, first if isinstance(first, FirstScreen) else None)
        notes = [w.text(current_ui_language()) if hasattr(w, "text") else str(w) for w in vault.warnings]
        if self.session.keyring_note:
            notes.append(self.session.keyring_note)
            self.session.keyring_note = None
        self.banner.setText("\n".join(notes))
        self.banner.setVisible(bool(notes))
        self.stack.setCurrentWidget(self.workspace)
        self._set_unlocked_ui(True)
        self.setWindowTitle(self._title())
        self._update_filter_title()
        self._update_status(backup=False)
        self.idle.set_minutes(preferences.auto_lock_minutes())
        self.table.setFocus()
        settle_long_lived()
        # Today's read is queued before the sidebar's counts: the pool runs two at a time, and at 1 M
        # clients Today waited 2-3 s behind the tag and segment counts for a 0.2 s read
        self._in_turns(vault, lambda: preferences.put(preferences.LAST_VAULT, str(vault.path)),
                       self._show_backup_status, self._build_today, lambda: self._fill_sidebar(vault),
                       lambda: self._start_background(vault))

    def _fill_sidebar(self, vault: Vault) -> None:
        self.sidebar.set_vault(vault)
        self.sidebar.select_filter(Filter())
        self._update_filter_title()

    def _start_background(self, vault: Vault) -> None:
        """The page check and daily backup, once Today's groups are on screen too (LockController)."""
        panel = self.today_dock.widget() if self.today_dock is not None else None
        loaded = getattr(panel, "loaded", None)  # TodayPanel's signal (its module loads later than this one)
        if loaded is not None and not getattr(panel, "is_loaded", True):
            # a moment after the groups arrive, so their first paint has the GIL to itself too
            loaded.connect(lambda: QTimer.singleShot(BACKGROUND_AFTER_TODAY_MS,
                                                           lambda: self.session.start_background(vault)),
                                 Qt.ConnectionType.SingleShotConnection)
        else:
            self.session.start_background(vault)

    def _in_turns(self, vault: Vault, *steps: Callable[[], object]) -> None:
        """Each step in a later turn of the event loop, with input and paints in between (a timer: a
        zero-time call would be posted and run in the same pass as the paint before it); dropped when
        the vault was locked or replaced meanwhile."""
        if not steps:
            return

        def step() -> None:
            if self.vault is vault:
                steps[0]()
                self._in_turns(vault, *steps[1:])

        QTimer.singleShot(1, step)

    def _empty(self) -> None:
        """The vault is about to close: every view lets go of it."""
        self.idle.stop()
        self.search_timer.stop()
        self._close_windows()
        self._drop_today()
        self.model.clear()
        self.sidebar.clear_all()
        self.search.clear()
        self.banner.clear()
        self.banner.hide()
        self.count_label.clear()
        self.backup_label.clear()

    def lock(self, backup: bool = False) -> None:
        """Empty every view, close the vault, show the lock screen.

        `backup`: the base is being closed for good (quit, another file), so back up if changed.
        """
        if workers.in_progress_loop():  # called from inside a window's wait: that wait returns first
            workers.after_progress_loops(lambda: self.lock(backup))
            return
        self.session.lock(back_up=backup, parent=self)

    def lock_now(self) -> None:
        """Ctrl+L: the user is here, so cards with unsaved edits ask first (Save / Discard / Cancel).

        Auto-lock does not ask: nobody is there to answer, and the vault must not stay open.
        """
        if self.vault is None:
            return
        for window in list(self._windows):
            confirm = getattr(window, "confirm_discard", None)
            if callable(confirm) and not confirm():
                return
        self.lock()

    def auto_lock(self) -> None:
        if self.vault is not None:
            log.info("auto-lock after idle time")
            self.lock()

    # ---- vault files -----------------------------------------------------------------------
    def new_vault(self) -> None:
        start = self.vault_path.parent / "clientbook-new.db" if self.vault_path.exists() else self.vault_path
        dialog = CreateVaultDialog(start, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.vault is None:
            return
        if self.vault is not None:
            self.lock(backup=True)
        self.session.keyring_note = dialog.keyring_note
        self.adopt_vault(dialog.vault)

    def open_vault_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Open client base"), str(self.vault_path.parent),
                                                self.tr("Clientbook files (*.db);;All files (*)"))
        if chosen:
            self.switch_to(Path(chosen))

    def switch_to(self, path: Path) -> None:
        self.lock(backup=True)
        self.session.path = path
        self.show_locked()
        self.try_remembered_key()

    def change_password(self) -> None:
        if self.vault is None:
            return
        dialog = ChangePasswordDialog(self.vault, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            QMessageBox.information(self, self.tr("Password changed"),
                                    self.tr("The password was changed. Backups made earlier keep the old one."))

    def check_file(self) -> None:
        vault = self.vault
        if vault is None:
            return
        try:
            result = run_with_progress(self, self.tr("Checking the file…"),
                                       lambda progress, should_cancel: vault.check_file(), cancellable=False)
        except KnownError as exc:
            QMessageBox.warning(self, self.tr("Check file"), known_text(exc))
            return
        if result.ok:
            QMessageBox.information(self, self.tr("Check file"), self.tr(
                "The file is intact: encryption, database structure and change history all check out."))
        else:
            QMessageBox.warning(self, self.tr("Check file"), self.tr(
                "Problems were found in the file. Restore it from a backup.") + "\n\n" + "\n".join(result.problems[:20]))

    # ---- list, search, sidebar -------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def apply_search(self) -> None:
        self.search_timer.stop()
        if self.vault is None:
            return
        self.model.set_search_text(self.search.text())
        self._update_filter_title()
        self._update_status(backup=False)

    def _list_loaded(self) -> None:
        """The list's read arrived: the count, the search's notes and the sort arrow follow it."""
        if self.vault is None:
            return
        self._update_filter_title()
        self._update_status(backup=False)

    def _search_cleared(self, text: str) -> None:
        if not text and self.model.current_filter.text:
            self.apply_search()

    def set_filter(self, flt: Filter) -> None:
        self.model.set_filter(replace(flt, text=self.search.text()))
        self._update_filter_title()
        self._update_status()

    def _update_filter_title(self) -> None:
        flt = self.model.current_filter
        if flt.kind == "archived":
            title = self.tr("Archived")
        elif flt.kind == "tag":
            title = self.tr("Tag: %1").replace("%1", flt.tag or "")
        elif flt.kind == "segment":
            title = self.tr("Segment: %1").replace("%1", flt.label)
        elif flt.kind == "ids":
            title = self.tr("Clients chosen in another window")
        elif flt.responsible is not None:
            title = self.tr("My clients")
        else:
            title = self.tr("All clients")
        text = flt.text.strip()
        if text:
            searched = self.tr("Search: “%1”").replace("%1", text)
            title = searched if flt.kind == "all" and flt.responsible is None else f"{title} · {searched}"
        self.filter_title.setText(title)
        self.filter_title.setToolTip(title)
        # Search results in relevance order are not in any column's order: no arrow then.
        self.table.show_sort_arrow(not self.model.relevance_order)

    def _update_status(self, backup: bool = True) -> None:
        """Count line; the backup line too unless only the search changed (it reads the manifest)."""
        if self.vault is None:
            self.count_label.clear()
            self.backup_label.clear()
            return
        rows = self.model.rowCount()
        if not self.model.is_loaded:
            text = self.tr("Loading…")
        elif self.model.current_filter.text.strip():
            if self.model.too_short:
                text = self.tr("Type at least %1 digits of the phone number").replace("%1", str(MIN_PHONE_DIGITS))
            elif self.model.truncated:
                text = self.tr("More than %1 found: type more to narrow the search").replace(
                    "%1", _number(SEARCH_LIMIT))
            else:
                text = self.tr("Found: %1").replace("%1", _number(rows))
        else:
            text = self.tr("Clients: %1").replace("%1", _number(rows))
        if self.model.error is not None:
            text = known_text(self.model.error)
        selected = self.table.selected_count()
        if selected > 1:
            text += "  ·  " + self.tr("selected: %1").replace("%1", _number(selected))
        self.count_label.setText(text)
        if backup:
            self._show_backup_status()

    def _show_backup_status(self) -> None:
        """The backups' own status line ("Last verified backup: …"), orange when it warns."""
        if self.vault is None:
            return
        warmup.wait()
        from clientbook.ui.backups_page import status_text  # deferred: start-up time

        try:
            text, warning = status_text(self.vault)
        except Exception:  # the status line must never break the window
            log.exception("backup status failed")
            return
        self.backup_label.setText(str(text))
        self.backup_label.setStyleSheet("color: #b26a00;" if warning else "")

    def _backup_failed(self, text: str) -> None:
        self.backup_label.setText("⚠ " + text)
        self.backup_label.setStyleSheet("color: #b00020;")

    def _file_damaged(self, text: str) -> None:
        """The page check found damage: say so in the window and offer the backups."""
        self.banner.setText(text)
        self.banner.setVisible(True)
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("Check file"), text, QMessageBox.StandardButton.Close,
                          self)
        restore = box.addButton(self.tr("Backups…"), QMessageBox.ButtonRole.AcceptRole)
        box.exec()
        if box.clickedButton() is restore:
            self.open_backups()

    def selected_ids(self) -> list[int]:
        return self.table.selected_ids()

    def after_change(self, _changed: int = 0) -> None:
        """Something was edited: re-read the list (keeping the filter), sidebar counts and Today."""
        if self.vault is None:
            return
        self.model.reload()
        self.sidebar.refresh()
        self._update_status()
        if self.today_dock is not None:
            panel = self.today_dock.widget()
            refresh = getattr(panel, "refresh", None)
            if callable(refresh):
                refresh()

    def _row_menu(self, pos: QPoint) -> None:
        if self.vault is None:
            return
        menu = QMenu(self)
        menu.addAction(self.act_open_client)
        menu.addAction(self.act_new_client)
        menu.addSeparator()
        self.bulk.add_to_menu(menu)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def _row_activated(self, index: QModelIndex) -> None:
        client_id = self.model.client_id(index.row())
        if client_id is not None:
            self.open_card(client_id)

    def open_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            current = self.table.currentIndex()
            ids = [i for i in [self.model.client_id(current.row())] if i is not None] if current.isValid() else []
        if ids:
            self.open_card(ids[0])

    def show_clients(self, target: Any) -> None:
        """Another view (dashboard, segment builder) asks the list to show some clients."""
        if self.vault is None:
            return
        if isinstance(target, dict):
            flt = Filter(kind="segment", segment=target, label=self.tr("chosen in another window"))
        else:
            flt = Filter(kind="ids", ids=tuple(int(i) for i in target))
        self.sidebar.blockSignals(True)
        self.sidebar.clearSelection()
        self.sidebar.blockSignals(False)
        self.set_filter(flt)
        self.raise_()
        self.activateWindow()

    # ---- card and tool windows -------------------------------------------------------------
    def _show_window(self, window: QWidget) -> QWidget:
        """A card or tool window of this window: closed on lock, placed where it was left, shown."""
        if window.parent() is None:
            window.setParent(self, Qt.WindowType.Window)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._windows.append(window)
        window.destroyed.connect(lambda *_a, w=window: self._forget(w))
        window_placement.place(window, self)
        window.show()
        return window

    def _forget(self, window: QWidget) -> None:
        with contextlib.suppress(ValueError):
            self._windows.remove(window)

    def _close_windows(self, keep: QWidget | None = None) -> None:
        for window in list(self._windows):
            if window is keep:
                continue
            with contextlib.suppress(RuntimeError):  # already deleted by Qt
                if isinstance(window, QDialog):
                    window.done(QDialog.DialogCode.Rejected)
                window.close()
                window.deleteLater()
            self._forget(window)

    def open_tool(self, name: str) -> QWidget | None:
        """The tool window `name` (a key of `self.tools`), as its menu entry opens it."""
        return self.tools[name][1]()

    def open_card(self, client_id: int | None) -> QWidget | None:
        warmup.wait()
        from clientbook.ui.card import ClientCard  # deferred: start-up time

        if self.vault is None:
            return None
        card = ClientCard(self.vault, client_id, self)
        card.saved.connect(lambda _id: self.after_change())
        return self._show_window(card)

    def open_history(self) -> QWidget | None:
        warmup.wait()
        from clientbook.ui.history_window import HistoryWindow  # deferred: start-up time

        if self.vault is None:
            return None
        window = HistoryWindow(self.vault)
        window.open_client.connect(self.open_card)
        return self._show_window(window)

    def open_custom_fields(self) -> QWidget | None:
        warmup.wait()
        from clientbook.ui.custom_fields_page import CustomFieldsPage  # deferred: start-up time

        if self.vault is None:
            return None
        page = CustomFieldsPage(self.vault)
        page.changed.connect(lambda: self.after_change())
        return self._show_window(page)

    def open_backups(self) -> QWidget | None:
        warmup.wait()
        from clientbook.ui.backups_page import BackupsPage  # deferred: start-up time

        if self.vault is None:
            return None
        page = BackupsPage(self.vault)
        page.backups_changed.connect(lambda: self._update_status())
        page.about_to_restore.connect(lambda _path, p=page: self.detach_views(keep=p))
        page.vault_reopened.connect(self.adopt_vault)
        return self._show_window(page)

    def open_import(self, path: Path | None) -> QWidget | None:
        warmup.wait()
        from clientbook.ui.import_wizard import ImportWizard  # deferred: start-up time

        if self.vault is None:
            return None
        wizard = ImportWizard(self.vault, path)
        wizard.imported.connect(lambda _batch: self.after_change())
        wizard.changed.connect(lambda: self.after_change())
        return self._show_window(wizard)

    def open_export(self) -> QWidget | None:
        """Export the selected rows, else the list as filtered now (a segment or tag), else all."""
        warmup.wait()
        from clientbook.ui.export_dialog import ExportDialog  # deferred: start-up time

        if self.vault is None:
            return None
        self.model.finish()  # what is exported is what the list shows for the current search
        ids = self.selected_ids()
        flt = self.model.current_filter
        if len(ids) > 1:
            dialog = ExportDialog(self.vault, ids, what=self.tr("selection"))
        elif flt.kind == "segment" and flt.segment is not None and not flt.text:
            dialog = ExportDialog(self.vault, flt.segment, what=flt.label)
        elif flt.kind != "all" or flt.text:
            visible = self.model.client_ids(range(self.model.rowCount()))
            dialog = ExportDialog(self.vault, visible, what=self.filter_title.text())
        else:
            dialog = ExportDialog(self.vault)
        dialog.exported.connect(lambda _result: self._update_status())
        return self._show_window(dialog)

    def open_segment_builder(self) -> QWidget | None:
        warmup.wait()
        from clientbook.ui.segment_builder import SegmentBuilder  # deferred: start-up time

        if self.vault is None:
            return None
        builder = SegmentBuilder(self.vault)
        builder.changed.connect(lambda: self.after_change())
        builder.show_clients.connect(self.show_clients)
        return self._show_window(builder)

    def open_dashboard(self) -> QWidget | None:
        warmup.wait()
        from clientbook.ui.dashboard import Dashboard  # deferred: start-up time

        if self.vault is None:
            return None
        dashboard = Dashboard(self.vault)
        dashboard.show_clients.connect(self.show_clients)
        return self._show_window(dashboard)

    def open_duplicates(self) -> QWidget | None:
        warmup.wait()
        from clientbook.ui.dedup_review import DuplicatesPage  # deferred: start-up time

        if self.vault is None:
            return None
        page = DuplicatesPage(self.vault)
        page.open_client.connect(self.open_card)
        page.merged.connect(lambda _id: self.after_change())
        return self._show_window(page)

    def open_quality(self) -> QWidget | None:
        warmup.wait()
        from clientbook.ui.quality_page import QualityPage  # deferred: start-up time

        if self.vault is None:
            return None
        page = QualityPage(self.vault)
        page.open_client.connect(self.open_card)
        return self._show_window(page)

    def detach_views(self, keep: QWidget | None = None) -> None:
        """A restore is about to replace the file: let go of it everywhere (the restorer closes it)."""
        self._close_windows(keep=keep)
        self._drop_today()
        self.model.clear()
        self.sidebar.clear_all()
        self.session.release()
        self._set_unlocked_ui(False)

    def open_settings(self) -> None:
        dialog = SettingsDialog(self, self.vault)
        if dialog.users_page is not None:  # the owner's: users added or removed change who is responsible
            dialog.users_page.changed.connect(lambda: self.after_change())
            dialog.users_page.rekeying.connect(self._quiet_while_rekeying)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()  # its Users page holds the vault: it must not outlive this call
        if accepted:
            self.idle.set_minutes(preferences.auto_lock_minutes())
            if self.vault is None:
                self.idle.stop()
            self.model.default_region = preferences.default_region()
            self.model.refresh_rows()

    def _quiet_while_rekeying(self, starting: bool) -> None:
        """Removing a user writes the vault into a fresh file: nothing of this window may be reading
        it meanwhile (a page check or backup reads all of it), so they stop first and start again
        after, on the file as it is then."""
        if self.vault is None:
            return
        if starting:
            self.backups.stop()
            self.sidebar.wait_for_counts()
            self.model.finish()
            panel = self.today_dock.widget() if self.today_dock is not None else None
            shutdown = getattr(panel, "shutdown", None)
            if callable(shutdown):
                shutdown()
        else:
            self.backups.start(self.vault)

    # ---- Today panel -----------------------------------------------------------------------
    def _build_today(self) -> None:
        if self.vault is None or self.today_dock is not None:
            return
        self.today_dock = QDockWidget(self)
        self.today_dock.setObjectName("today_dock")
        self.today_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.today_dock.setTitleBarWidget(QWidget())  # the panel has its own heading; toggled from Tools
        self.today_dock.visibilityChanged.connect(self._today_visibility)
        self._rebuild_today()
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.today_dock)
        # Wide enough for a date, a few words and the client (about a third of the window).
        self.resizeDocks([self.today_dock], [max(380, self.width() * 3 // 10)], Qt.Orientation.Horizontal)
        self.today_dock.setVisible(self.act_today.isChecked())

    def _rebuild_today(self) -> None:
        """Other features' widgets set their texts once; a fresh one picks up a language change."""
        warmup.wait()
        from clientbook.ui.today_panel import TodayPanel  # deferred: start-up time

        if self.vault is None or self.today_dock is None:
            return
        old = self.today_dock.widget()
        if isinstance(old, TodayPanel):
            old.shutdown()
        panel = TodayPanel(self.vault)
        panel.open_client.connect(self.open_card)
        self.today_dock.setWidget(panel)
        self.today_dock.setWindowTitle(self.tr("Today"))
        if old is not None:
            old.deleteLater()

    def _drop_today(self) -> None:
        if self.today_dock is None:
            return
        from clientbook.ui.today_panel import TodayPanel  # loaded: the dock holds one

        dock, self.today_dock = self.today_dock, None
        self.removeDockWidget(dock)
        widget = dock.widget()
        if widget is not None:
            if isinstance(widget, TodayPanel):
                widget.shutdown()  # its read on a worker ends before the vault closes
            widget.deleteLater()
        dock.deleteLater()

    def _toggle_today(self, on: bool) -> None:
        if self.today_dock is not None:
            self.today_dock.setVisible(on)

    def _today_visibility(self, visible: bool) -> None:
        if self.today_dock is not None and not self.isMinimized():
            self.act_today.blockSignals(True)
            self.act_today.setChecked(visible)
            self.act_today.blockSignals(False)

    # ---- drag and drop, closing ------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.vault is not None and _importable_path(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _importable_path(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.open_import(path)

    def closeEvent(self, event: QCloseEvent) -> None:
        if workers.in_progress_loop():  # quit from inside a window's wait: stop it, then close
            event.ignore()
            workers.after_progress_loops(self.close)
            return
        self.lock(backup=True)
        self.idle.shutdown()
        super().closeEvent(event)


def _number(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


def _importable_path(mime: QMimeData) -> Path | None:
    for url in mime.urls() if mime.hasUrls() else []:
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.suffix.lower() in IMPORTABLE and path.is_file():
                return path
    return None


def initial_vault_path(data_dir: str | None) -> Path:
    last = preferences.get(preferences.LAST_VAULT, None)
    if data_dir is None and last and Path(str(last)).exists():
        return Path(str(last))
    return default_vault_path(data_dir)


def run(app: QApplication, data_dir: str | None = None) -> int:
    """Start the desktop app: translations, the window, then first-run or unlock."""
    if data_dir:
        import os

        os.environ["CLIENTBOOK_DATA_DIR"] = str(data_dir)
    from clientbook.ui.app_identity import apply_identity

    apply_identity(app)  # name, version and the icon of every window
    tune_for_the_desktop()
    busy_writes.install()  # the window never waits for an import's write; a KnownError in a slot is shown
    install_translators(app, current_ui_language())
    window = MainWindow(initial_vault_path(data_dir))
    window.show()
    if not window.vault_path.exists():
        QTimer.singleShot(0, window.new_vault)
    else:
        window.try_remembered_key()
    code = app.exec()
    return int(code)
