"""The main window: lock screen, sidebar, client list with search as you type, menus, status bar.

The window owns the open `Vault` and is the only place that closes it: Lock (Ctrl+L), auto-lock,
File ▸ Open/New and quitting all go through `lock()`, which first empties every view (the list
model forgets its rows and ids, child windows are closed) and then closes the vault, so no client
data stays on screen and no connection stays checked out.

Other features plug in by module: when `clientbook.ui.backups_page`, `import_wizard`, ... exist,
their menu entries appear; the window never needs editing for a feature to be reachable.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
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
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from clientbook.core import keystore
from clientbook.core.errors import KnownError
from clientbook.core.paths import default_vault_path
from clientbook.core.vault import Vault
from clientbook.ui import preferences, warmup, window_placement
from clientbook.ui.bulk_actions import BulkActions
from clientbook.ui.client_list_model import (
    COL_NAME,
    COLUMN_COUNT,
    DEFAULT_HIDDEN,
    MIN_PHONE_DIGITS,
    SEARCH_LIMIT,
    SORTABLE,
    ClientListModel,
    Filter,
    column_titles,
)
from clientbook.ui.gc_pauses import settle_long_lived, tune_for_the_desktop
from clientbook.ui.i18n import current_ui_language, install_translators
from clientbook.ui.idle import IdleWatcher
from clientbook.ui.settings_dialog import SettingsDialog
from clientbook.ui.sidebar import Sidebar
from clientbook.ui.unlock import CreateVaultDialog, UnlockPage, known_text
from clientbook.ui.workers import Task, run_with_progress, start

log = logging.getLogger(__name__)

SEARCH_DEBOUNCE_MS = 150
HIDDEN_COLUMNS_KEY = "list/hidden_columns"
IMPORTABLE = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".txt")


def optional(module: str, name: str) -> Any | None:
    """A class from a feature module if that feature is installed, else None."""
    warmup.wait()  # the worker may be importing it right now
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def installed(module: str) -> bool:
    """Whether a feature module is there, without importing it: the menus are built at start-up,
    and importing every tool window (openpyxl, the import engine...) took ~0.3 s before the lock screen."""
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:
        return False


class MainWindow(QMainWindow):
    auto_backups = True  # daily backup at first use, and on close if changed (SPEC §11)

    def __init__(self, vault_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault: Vault | None = None
        self._backup_task: Task | None = None
        self._page_check: Task | None = None  # a big vault's page check, run after unlocking
        self.vault_path = vault_path
        self._windows: list[QWidget] = []  # cards and tool windows, closed on lock
        self.today_dock: QDockWidget | None = None
        self.resize(1180, 720)
        self.setAcceptDrops(True)

        self.model = ClientListModel(None, self)
        self.unlock_page = UnlockPage()
        self.unlock_page.unlocked.connect(self.adopt_vault)
        self.unlock_page.open_other.connect(self.open_vault_file)
        self.unlock_page.create_new.connect(self.new_vault)
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

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        header.setSortIndicator(COL_NAME, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort_requested)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        # Widths from the texts they must hold: a usual full name and "Санкт-Петербург" were cut at
        # 210 / 110 px while the last column took the rest of a wide window.
        fm = self.table.fontMetrics()
        widths = ((COL_NAME, max(210, fm.horizontalAdvance("Александрова Елизавета Валерьевна") + 16)),
                  (1, max(140, fm.horizontalAdvance("+7 999 999-99-99 доб. 12") + 12)), (2, 180),
                  (3, max(110, fm.horizontalAdvance("Санкт-Петербург") + 16)), (4, 90), (5, 95), (6, 130), (7, 130))
        for column, width in widths:
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(self._row_activated)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._row_menu)
        self._restore_columns()

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
        self.act_about = self._action(self.about)
        # Feature windows, present when their modules are installed.
        self.features: list[tuple[QAction, Callable[[], str]]] = []
        specs: list[tuple[str, str, Callable[[], str], Callable[[], object]]] = [
            ("clientbook.ui.history_window", "HistoryWindow", lambda: self.tr("History of contacts…"),
             self.open_history),
            ("clientbook.ui.custom_fields_page", "CustomFieldsPage", lambda: self.tr("Custom fields…"),
             lambda: self.open_tool("clientbook.ui.custom_fields_page", "CustomFieldsPage")),
            ("clientbook.ui.backups_page", "BackupsPage", lambda: self.tr("Backups…"),
             lambda: self.open_tool("clientbook.ui.backups_page", "BackupsPage")),
            ("clientbook.ui.import_wizard", "ImportWizard", lambda: self.tr("Import from a spreadsheet…"),
             lambda: self.open_import(None)),
            ("clientbook.ui.export_dialog", "ExportDialog", lambda: self.tr("Export…"), self.open_export),
            ("clientbook.ui.segment_builder", "SegmentBuilder", lambda: self.tr("Segment builder…"),
             lambda: self.open_tool("clientbook.ui.segment_builder", "SegmentBuilder")),
            ("clientbook.ui.dashboard", "Dashboard", lambda: self.tr("Dashboard…"),
             lambda: self.open_tool("clientbook.ui.dashboard", "Dashboard")),
            ("clientbook.ui.dedup_review", "DuplicatesPage", lambda: self.tr("Duplicates…"),
             lambda: self.open_tool("clientbook.ui.dedup_review", "DuplicatesPage")),
            ("clientbook.ui.quality_page", "QualityPage", lambda: self.tr("Data quality…"),
             lambda: self.open_tool("clientbook.ui.quality_page", "QualityPage")),
        ]
        self.feature_actions: dict[str, QAction] = {}
        for module, name, title, slot in specs:
            if not installed(module):
                continue
            action = self._action(slot)
            self.features.append((action, title))
            self.feature_actions[name] = action
        self.act_today = None
        if installed("clientbook.ui.today_panel"):
            self.act_today = QAction(self)
            self.act_today.setCheckable(True)
            self.act_today.setChecked(True)
            self.act_today.toggled.connect(self._toggle_today)
        warmup.after_first_paint(self, [spec[0] for spec in specs] + [
            "clientbook.ui.today_panel", "clientbook.ui.card", "clientbook.core.backup"])

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menu_file = bar.addMenu("")
        for action in (self.act_new_vault, self.act_open_vault):
            self.menu_file.addAction(action)
        self.menu_file.addSeparator()
        for name in ("ImportWizard", "ExportDialog"):
            if name in self.feature_actions:
                self.menu_file.addAction(self.feature_actions[name])
        self.menu_file.addSeparator()
        for action in (self.act_change_password, self.act_check_file):
            self.menu_file.addAction(action)
        if "BackupsPage" in self.feature_actions:
            self.menu_file.addAction(self.feature_actions["BackupsPage"])
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
        if self.act_today is not None:
            self.menu_tools.addAction(self.act_today)
        for name in ("HistoryWindow", "SegmentBuilder", "Dashboard", "DuplicatesPage", "QualityPage",
                     "CustomFieldsPage"):
            if name in self.feature_actions:
                self.menu_tools.addAction(self.feature_actions[name])

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
        for action, title in self.features:
            action.setText(title())
        if self.act_today is not None:
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

    # ---- lock / unlock ---------------------------------------------------------------------
    def show_locked(self) -> None:
        self.unlock_page.set_path(self.vault_path)
        self.stack.setCurrentWidget(self.unlock_page)
        self._set_unlocked_ui(False)
        self.unlock_page.password.setFocus()

    def _set_unlocked_ui(self, unlocked: bool) -> None:
        for action in (self.act_change_password, self.act_check_file, self.act_lock, self.act_new_client,
                       self.act_open_client, self.act_find, self.act_refresh,
                       *(a for a, _ in self.features)):
            action.setEnabled(unlocked)
        self.bulk.set_enabled(unlocked)
        self.toolbar.setVisible(unlocked)
        self.statusBar().setVisible(unlocked)
        if self.act_today is not None:
            self.act_today.setEnabled(unlocked)

    def try_remembered_key(self) -> bool:
        """Open without asking when this computer remembers the key (SPEC §1)."""
        if not self.vault_path.exists():
            return False
        try:
            from clientbook.core.vault import vault_id_of

            if keystore.recall(vault_id_of(self.vault_path)) is None:
                return False
            vault = Vault.open(self.vault_path)
        except KnownError as exc:
            self.unlock_page.show_error(known_text(exc))
            return False
        except OSError:
            return False
        self.adopt_vault(vault)
        return True

    def adopt_vault(self, vault: Vault) -> None:
        self.vault = vault
        self.vault_path = vault.path
        preferences.put(preferences.LAST_VAULT, str(vault.path))
        self.model.default_region = preferences.default_region()
        self.model.set_vault(vault)
        self.sidebar.set_vault(vault)
        self.sidebar.select_filter(Filter())
        notes = [known_text_of(w) for w in vault.warnings]
        if self.unlock_page.keyring_note:
            notes.append(self.unlock_page.keyring_note)
            self.unlock_page.keyring_note = None
        self.banner.setText("\n".join(notes))
        self.banner.setVisible(bool(notes))
        self.stack.setCurrentWidget(self.workspace)
        self._set_unlocked_ui(True)
        # The list first: Today's queries (birthdays) take a while on a big base.
        QTimer.singleShot(0, self._build_today)
        self.setWindowTitle(self._title())
        self._update_filter_title()
        self._update_status()
        self.idle.set_minutes(preferences.auto_lock_minutes())
        self.table.setFocus()
        # After the list's first paint (posted events go before a zero timer): the check reads the
        # whole file and would compete with the few pages the list needs now.
        QTimer.singleShot(0, lambda v=vault: self._check_pages_then_back_up() if self.vault is v else None)
        settle_long_lived()

    def lock(self, backup: bool = False) -> None:
        """Empty every view, close the vault, show the lock screen.

        `backup`: the base is being closed for good (quit, another file), so back up if changed.
        """
        if backup and self.vault is not None:
            self._backup_on_close()
        self.idle.stop()
        self.search_timer.stop()
        for window in list(self._windows):
            with contextlib.suppress(RuntimeError):  # already deleted by Qt
                if isinstance(window, QDialog):
                    window.done(QDialog.DialogCode.Rejected)
                window.close()
                window.deleteLater()
        self._windows.clear()
        self._drop_today()
        self.model.clear()
        self.sidebar.clear_all()
        self.search.clear()
        self.banner.clear()
        self.banner.hide()
        self.count_label.clear()
        self.backup_label.clear()
        vault, self.vault = self.vault, None
        if self._page_check is not None:
            self._page_check.cancel()
            self._page_check.done.wait(30)  # its connection must be gone before the vault closes
            self._page_check = None
        self._wait_for_backup()
        if vault is not None:
            vault.close()
        self.setWindowTitle(self._title())
        self.show_locked()

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
        self.unlock_page.keyring_note = dialog.keyring_note
        self.adopt_vault(dialog.vault)

    def open_vault_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Open client base"), str(self.vault_path.parent),
                                                self.tr("Clientbook files (*.db);;All files (*)"))
        if chosen:
            self.switch_to(Path(chosen))

    def switch_to(self, path: Path) -> None:
        if self.vault is not None:
            self.lock(backup=True)
        self.vault_path = path
        self.show_locked()
        self.try_remembered_key()

    def change_password(self) -> None:
        if self.vault is None:
            return
        from clientbook.ui.unlock import ChangePasswordDialog

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

    def _search_cleared(self, text: str) -> None:
        if not text and self.model.current_filter.text:
            self.apply_search()

    def set_filter(self, flt: Filter) -> None:
        from dataclasses import replace

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
        else:
            title = self.tr("All clients")
        text = flt.text.strip()
        if text:
            searched = self.tr("Search: “%1”").replace("%1", text)
            title = searched if flt.kind == "all" else f"{title} · {searched}"
        self.filter_title.setText(title)
        self.filter_title.setToolTip(title)
        # Search results in relevance order are not in any column's order: no arrow then.
        self.table.horizontalHeader().setSortIndicatorShown(not self.model.relevance_order)

    def _update_status(self, backup: bool = True) -> None:
        """Count line; the backup line too unless only the search changed (it reads the manifest)."""
        if self.vault is None:
            self.count_label.clear()
            self.backup_label.clear()
            return
        rows = self.model.rowCount()
        if self.model.current_filter.text.strip():
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
        selected = len(self.table.selectionModel().selectedRows()) if self.table.selectionModel() else 0
        if selected > 1:
            text += "  ·  " + self.tr("selected: %1").replace("%1", _number(selected))
        self.count_label.setText(text)
        if backup:
            self.backup_label.setText(self._backup_text())

    def _backup_text(self) -> str:
        """The backups feature's own status line ("Last verified backup: …"), when installed."""
        if self.vault is None:
            return ""
        status_text = optional("clientbook.ui.backups_page", "status_text")
        if status_text is None:
            return ""
        try:
            text, warning = status_text(self.vault)
        except Exception:  # the status line must never break the window
            log.exception("backup status failed")
            return ""
        self.backup_label.setStyleSheet("color: #b26a00;" if warning else "")
        return str(text)

    def selected_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return self.model.client_ids(rows)

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

    def _sort_requested(self, column: int, order: Qt.SortOrder) -> None:
        if column not in SORTABLE:
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(self._sort_column, self._sort_order)
            header.blockSignals(False)
            return
        self._sort_column, self._sort_order = column, order
        self.model.sort(column, order)

    _sort_column = COL_NAME
    _sort_order = Qt.SortOrder.AscendingOrder

    def _column_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        titles = column_titles()
        for column in range(COLUMN_COUNT):
            action = menu.addAction(titles[column])
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(column))
            action.setEnabled(column != COL_NAME)
            action.toggled.connect(lambda on, c=column: self.set_column_visible(c, on))
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

    def set_column_visible(self, column: int, visible: bool) -> None:
        self.table.setColumnHidden(column, not visible)
        hidden = [c for c in range(COLUMN_COUNT) if self.table.isColumnHidden(c)]
        preferences.put(HIDDEN_COLUMNS_KEY, ",".join(str(c) for c in hidden) or "none")

    def _restore_columns(self) -> None:
        stored = preferences.get(HIDDEN_COLUMNS_KEY, None)
        if stored is None:
            hidden = list(DEFAULT_HIDDEN)
        else:
            hidden = [int(c) for c in str(stored).split(",") if c.strip().isdigit()]
        for column in range(COLUMN_COUNT):
            self.table.setColumnHidden(column, column in hidden and column != COL_NAME)

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

    # ---- other windows ---------------------------------------------------------------------
    def _track(self, window: QWidget) -> QWidget:
        self._windows.append(window)
        window.destroyed.connect(lambda *_a, w=window: self._forget(w))
        return window

    def _forget(self, window: QWidget) -> None:
        with contextlib.suppress(ValueError):
            self._windows.remove(window)

    def open_card(self, client_id: int | None) -> QWidget | None:
        card_class = optional("clientbook.ui.card", "ClientCard")
        if self.vault is None or card_class is None:
            return None
        card = card_class(self.vault, client_id, self)
        card.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        card.saved.connect(lambda _id: self.after_change())
        self._track(card)
        window_placement.place(card, self)
        card.show()
        return card

    def open_tool(self, module: str, name: str, *args: Any, **kwargs: Any) -> QWidget | None:
        """Open another feature's window over the open vault and wire its signals to this window."""
        cls = optional(module, name)
        if self.vault is None or cls is None:
            return None
        widget = cls(self.vault, *args, **kwargs)
        widget.setParent(self, Qt.WindowType.Window)
        widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wiring: dict[str, Callable[..., Any]] = {
            "open_client": self.open_card,
            "show_clients": self.show_clients,
            "changed": lambda *_a: self.after_change(),
            "merged": lambda *_a: self.after_change(),
            "exported": lambda *_a: self._update_status(),
            "backups_changed": lambda *_a: self._update_status(),
            "about_to_restore": lambda *_a, w=widget: self.detach_views(keep=w),
            "vault_reopened": self._vault_replaced,
        }
        for signal_name, slot in wiring.items():
            signal = getattr(widget, signal_name, None)
            if signal is not None and hasattr(signal, "connect"):
                signal.connect(slot)
        if isinstance(widget, QDialog) and not hasattr(widget, "changed"):
            widget.finished.connect(lambda *_a: self.after_change())  # no finer signal to go by
        self._track(widget)
        window_placement.place(widget, self)
        widget.show()
        return widget

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

    def detach_views(self, keep: QWidget | None = None) -> None:
        """A restore is about to replace the file: let go of it everywhere (the restorer closes it)."""
        for window in list(self._windows):
            if window is keep:
                continue
            with contextlib.suppress(RuntimeError):
                if isinstance(window, QDialog):
                    window.done(QDialog.DialogCode.Rejected)
                window.close()
                window.deleteLater()
            self._forget(window)
        self._drop_today()
        self.model.clear()
        self.sidebar.clear_all()
        self.vault = None
        self._set_unlocked_ui(False)

    def _vault_replaced(self, vault: Vault) -> None:
        self.adopt_vault(vault)

    def open_history(self) -> QWidget | None:
        return self.open_tool("clientbook.ui.history_window", "HistoryWindow")

    def open_import(self, path: Path | None) -> QWidget | None:
        cls = optional("clientbook.ui.import_wizard", "ImportWizard")
        if self.vault is None or cls is None:
            return None
        return self.open_tool("clientbook.ui.import_wizard", "ImportWizard", *([path] if path else []))

    def open_export(self) -> QWidget | None:
        """Export the selected rows, else the list as filtered now (a segment or tag), else all."""
        if self.vault is None:
            return None
        ids = self.selected_ids()
        flt = self.model.current_filter
        if len(ids) > 1:
            return self.open_tool("clientbook.ui.export_dialog", "ExportDialog", ids, what=self.tr("selection"))
        if flt.kind == "segment" and flt.segment is not None and not flt.text:
            return self.open_tool("clientbook.ui.export_dialog", "ExportDialog", flt.segment, what=flt.label)
        if flt.kind != "all" or flt.text:
            visible = self.model.client_ids(range(self.model.rowCount()))
            return self.open_tool("clientbook.ui.export_dialog", "ExportDialog", visible,
                                  what=self.filter_title.text())
        return self.open_tool("clientbook.ui.export_dialog", "ExportDialog")

    def open_settings(self) -> None:
        dialog = SettingsDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.idle.set_minutes(preferences.auto_lock_minutes())
            if self.vault is None:
                self.idle.stop()
            self.model.default_region = preferences.default_region()
            self.model.refresh_rows()

    def about(self) -> None:
        from clientbook.ui.about_dialog import show_about

        show_about(self)

    # ---- Today panel -----------------------------------------------------------------------
    def _build_today(self) -> None:
        panel_class = optional("clientbook.ui.today_panel", "TodayPanel")
        if panel_class is None or self.vault is None or self.today_dock is not None:
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
        self.today_dock.setVisible(self.act_today is None or self.act_today.isChecked())

    def _rebuild_today(self) -> None:
        """Other features' widgets set their texts once; a fresh one picks up a language change."""
        panel_class = optional("clientbook.ui.today_panel", "TodayPanel")
        if panel_class is None or self.vault is None or self.today_dock is None:
            return
        old = self.today_dock.widget()
        if old is not None and hasattr(old, "shutdown"):
            old.shutdown()
        panel = panel_class(self.vault)
        panel.open_client.connect(self.open_card)
        self.today_dock.setWidget(panel)
        self.today_dock.setWindowTitle(self.tr("Today"))
        if old is not None:
            old.deleteLater()

    def _drop_today(self) -> None:
        if self.today_dock is None:
            return
        dock, self.today_dock = self.today_dock, None
        self.removeDockWidget(dock)
        widget = dock.widget()
        if widget is not None:
            if hasattr(widget, "shutdown"):
                widget.shutdown()  # its read on a worker ends before the vault closes
            widget.deleteLater()
        dock.deleteLater()

    def _toggle_today(self, on: bool) -> None:
        if self.today_dock is not None:
            self.today_dock.setVisible(on)

    def _today_visibility(self, visible: bool) -> None:
        if self.act_today is not None and self.today_dock is not None and not self.isMinimized():
            self.act_today.blockSignals(True)
            self.act_today.setChecked(visible)
            self.act_today.blockSignals(False)

    # ---- page check of a big vault (SPEC §17 check 3 without slowing the unlock) ---------------
    def _check_pages_then_back_up(self) -> None:
        """A big vault opens without its page check (seconds of reading): run it on a worker now,
        tell the user if the file is damaged, and make the daily backup only from an intact file."""
        vault = self.vault
        if vault is None or not vault.pages_unverified:
            self._start_daily_backup()
            return
        task = Task(vault.verify_pages)
        task.signals.finished.connect(lambda ok: self._pages_checked(vault, ok), Qt.ConnectionType.QueuedConnection)
        task.signals.failed.connect(lambda _exc: self._pages_checked(vault, False), Qt.ConnectionType.QueuedConnection)
        self._page_check = start(task)

    def _pages_checked(self, vault: Vault, ok: object) -> None:
        if vault is not self.vault or ok is None:  # locked or replaced meanwhile, or cancelled
            return
        self._page_check = None
        if ok:
            self._start_daily_backup()
            return
        from clientbook.core.errors import VaultDamaged

        text = known_text(VaultDamaged(name=vault.path.name))
        self.banner.setText(text)
        self.banner.setVisible(True)
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("Check file"), text, QMessageBox.StandardButton.Close,
                          self)
        restore = None
        if optional("clientbook.ui.backups_page", "BackupsPage") is not None:
            restore = box.addButton(self.tr("Backups…"), QMessageBox.ButtonRole.AcceptRole)
        box.exec()
        if restore is not None and box.clickedButton() is restore:
            self.open_tool("clientbook.ui.backups_page", "BackupsPage")

    # ---- automatic backups (the backup engine does the work) -------------------------------
    def _start_daily_backup(self) -> None:
        """At first use each day, a backup on a worker thread; the list is usable meanwhile."""
        make = optional("clientbook.core.backup", "ensure_daily_backup")
        vault = self.vault
        if not self.auto_backups or make is None or vault is None:
            return
        self._wait_for_backup()
        task = Task(lambda: make(vault), pass_callbacks=False)
        task.signals.finished.connect(lambda _r: self._update_status(), Qt.ConnectionType.QueuedConnection)
        task.signals.failed.connect(self._backup_failed, Qt.ConnectionType.QueuedConnection)
        self._backup_task = start(task)

    def _wait_for_backup(self) -> None:
        """A running backup must finish before the vault closes (it reads the file)."""
        if self._backup_task is not None:
            self._backup_task.done.wait(300)
            self._backup_task = None

    def _backup_failed(self, exc: object) -> None:
        if self.vault is None:
            return
        text = known_text(exc) if isinstance(exc, KnownError) else self.tr("The automatic backup failed.")
        self.backup_label.setText("⚠ " + text)
        self.backup_label.setStyleSheet("color: #b00020;")
        if not isinstance(exc, KnownError):
            log.error("automatic backup failed: %s", type(exc).__name__)

    def _backup_on_close(self) -> None:
        make = optional("clientbook.core.backup", "backup_on_close")
        vault = self.vault
        if not self.auto_backups or make is None or vault is None:
            return
        self._wait_for_backup()
        try:
            run_with_progress(self, self.tr("Backing up before closing…"),
                              lambda progress, should_cancel: make(vault, progress=progress), cancellable=False)
        except KnownError as exc:
            QMessageBox.warning(self, self.tr("Backup"), known_text(exc))

    # ---- drag and drop, closing ------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.vault is not None and optional("clientbook.ui.import_wizard", "ImportWizard") is not None \
                and _importable_path(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _importable_path(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.open_import(path)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.lock(backup=True)
        self.idle.shutdown()
        super().closeEvent(event)


def known_text_of(message: Any) -> str:
    return message.text(current_ui_language()) if hasattr(message, "text") else str(message)


def _number(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


def _importable_path(mime: Any) -> Path | None:
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
    install_translators(app, current_ui_language())
    window = MainWindow(initial_vault_path(data_dir))
    window.show()
    if not window.vault_path.exists():
        QTimer.singleShot(0, window.new_vault)
    else:
        window.try_remembered_key()
    code = app.exec()
    return int(code)

