"""Data quality: completeness per field, invalid phones and e-mails, stale cards, missing consent.

A front over `clientbook.core.quality`: the report is a few aggregate queries; normalization is one
audited, undoable batch run off the GUI thread.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clientbook.core import quality, settings
from clientbook.core.errors import KnownError
from clientbook.core.vault import Vault
from clientbook.ui.card import labels
from clientbook.ui.i18n import current_ui_language
from clientbook.ui.workers import CancelledError, LatestReader, error_text, run_with_progress


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


def _last_update(stored: str, lang: str) -> str:
    """A card's stored UTC update time as the day the user remembers it ("5 декабря 2023")."""
    try:
        moment = dt.datetime.fromisoformat(stored).replace(tzinfo=dt.UTC)
    except ValueError:
        return stored
    return labels.long_date(moment.astimezone().date(), lang)


class QualityPage(QWidget):
    """The data quality view; double-clicking a problem row opens that client's card."""

    open_client = Signal(int)

    CLIENT_ROLE = Qt.ItemDataRole.UserRole
    DEFAULT_SIZE = (980, 680)

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.report: quality.QualityReport | None = None
        self.last_batch: int | None = None
        self.reader = LatestReader(self)
        self._closed = False

        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.stale_label = QLabel()
        self.stale_months = QSpinBox()
        self.stale_months.setRange(1, 120)
        self.completeness = _table(3)
        self.problems = _table(3)
        self.problems.itemDoubleClicked.connect(self._open)
        self.normalize_button = QPushButton()
        self.normalize_button.clicked.connect(self.normalize)
        self.undo_button = QPushButton()
        self.undo_button.clicked.connect(self.undo_normalize)
        self.completeness_box = QGroupBox()
        self.problems_box = QGroupBox()

        bar = QHBoxLayout()
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        bar.addWidget(self.stale_label)
        bar.addWidget(self.stale_months)
        QVBoxLayout(self.completeness_box).addWidget(self.completeness)
        problems_layout = QVBoxLayout(self.problems_box)
        problems_layout.addWidget(self.problems)
        fix = QHBoxLayout()
        fix.addWidget(self.normalize_button)
        fix.addWidget(self.undo_button)
        fix.addStretch(1)
        problems_layout.addLayout(fix)
        grid = QGridLayout()
        grid.addWidget(self.completeness_box, 0, 0)
        grid.addWidget(self.problems_box, 0, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addLayout(grid, 1)

        with vault.session() as session:
            self._saved_months = int(settings.get(session, "stale_card_months"))
        self.stale_months.setValue(self._saved_months)
        self.stale_months.editingFinished.connect(self._save_stale_months)
        self.retranslateUi()
        self.refresh()

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Data quality — Clientbook"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.stale_label.setText(self.tr("Card is stale after, months:"))
        self.completeness_box.setTitle(self.tr("Completeness"))
        self.problems_box.setTitle(self.tr("Problems"))
        self.completeness.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Filled"), self.tr("%")])
        self.problems.setHorizontalHeaderLabels([self.tr("Problem"), self.tr("Client"), self.tr("Value")])
        self.normalize_button.setText(self.tr("Normalize phones and e-mails"))
        self.undo_button.setText(self.tr("Undo normalization"))
        self.undo_button.setEnabled(self.last_batch is not None)
        if self.report is not None:
            self._show(self.report)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # ---- report ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the report on a worker (seconds at 100 000 clients); the window says it is loading."""
        if self._closed:  # e.g. the months box losing focus as the window closes: saved, not re-read
            return
        vault, months = self.vault, self.stale_months.value()

        self.summary.setText(self.tr("Loading…"))
        self.refresh_button.setEnabled(False)
        # closing the window interrupts the read (18 s at 1 M clients) instead of waiting for it
        self.reader.read(vault, lambda session, _cancel: quality.report(session, stale_months=months),
                         self._arrived, self._failed)

    @property
    def is_loaded(self) -> bool:
        """The newest report is shown (what tests and benchmarks/bench_window.py wait for)."""
        return self.reader.loaded

    def _arrived(self, rep: quality.QualityReport) -> None:
        self.report = rep
        self.refresh_button.setEnabled(True)
        self._show(rep)

    def _failed(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.summary.setText(error_text(exc, self.tr("The report could not be read: %1").replace(
            "%1", type(exc).__name__), what="quality report"))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        """Drop a report still being read and interrupt its query, without waiting for it: locking
        waits for that worker before the vault closes (workers.wait_for_stopped)."""
        self._save_stale_months()  # a value typed and the window closed at once is kept
        self._closed = True
        self.reader.stop(wait=False)
        super().closeEvent(event)

    def _save_stale_months(self) -> None:
        """Store a changed value only. The box also reports "editing finished" when it merely loses
        focus, which happens when its window goes away, possibly after the vault was locked."""
        months = self.stale_months.value()
        if self._closed or self.vault.closed or months == self._saved_months:
            return
        with self.vault.transaction() as session:
            settings.put(session, "stale_card_months", months)
        self._saved_months = months
        self.refresh()

    def _show(self, rep: quality.QualityReport) -> None:
        lang = current_ui_language()
        self.summary.setText(
            self.tr("Clients: %1 · invalid phones: %2 · invalid e-mails: %3 · not updated for %4 months: %5 · "
                    "without mailing consent: %6")
            .replace("%1", str(rep.total)).replace("%2", str(rep.invalid_phones))
            .replace("%3", str(rep.invalid_emails)).replace("%4", str(rep.stale_months))
            .replace("%5", str(rep.stale_cards)).replace("%6", str(rep.without_consent)))
        self.completeness.setRowCount(len(rep.completeness))
        for row, item in enumerate(rep.completeness):
            self.completeness.setItem(row, 0, QTableWidgetItem(item.label.text(lang)))
            self.completeness.setItem(row, 1, QTableWidgetItem(f"{item.filled} / {item.total}"))
            self.completeness.setItem(row, 2, QTableWidgetItem(f"{item.percent:.0f}"))
        rows: list[tuple[str, quality.ProblemRow]] = (
            [(self.tr("Invalid phone"), r) for r in rep.invalid_phone_rows]
            + [(self.tr("Invalid e-mail"), r) for r in rep.invalid_email_rows]
            + [(self.tr("Not updated"), r) for r in rep.stale_rows])
        stale = {id(r) for r in rep.stale_rows}
        self.problems.setRowCount(len(rows))
        for row, (kind, problem) in enumerate(rows):
            shown = _last_update(problem.value, lang) if id(problem) in stale else problem.value
            for col, value in enumerate((kind, problem.name, shown)):
                cell = QTableWidgetItem(value)
                cell.setData(self.CLIENT_ROLE, problem.client_id)
                self.problems.setItem(row, col, cell)

    def _open(self, item: QTableWidgetItem) -> None:
        client_id = item.data(self.CLIENT_ROLE)
        if client_id is not None:
            self.open_client.emit(int(client_id))

    # ---- normalization -------------------------------------------------------------------------
    def normalize(self) -> None:
        def work(progress: Any, should_cancel: Any) -> quality.NormalizeResult:
            return quality.normalize_contacts(self.vault, progress=progress, should_cancel=should_cancel)

        try:
            result: quality.NormalizeResult = run_with_progress(self, self.tr("Normalizing…"), work)
        except (CancelledError, quality.NormalizeCancelledError):
            return
        except KnownError as exc:
            QMessageBox.warning(self, self.tr("Nothing was changed"), exc.text(current_ui_language()))
            return
        if result.batch_id is not None:
            self.last_batch = result.batch_id
        self.undo_button.setEnabled(self.last_batch is not None)
        self.refresh()
        QMessageBox.information(
            self, self.tr("Normalization finished"),
            self.tr("Phones fixed: %1, e-mails fixed: %2. Still invalid: %3 phones, %4 e-mails.")
            .replace("%1", str(result.phones_fixed)).replace("%2", str(result.emails_fixed))
            .replace("%3", str(result.phones_invalid)).replace("%4", str(result.emails_invalid)))

    def undo_normalize(self) -> None:
        if self.last_batch is None:
            return
        batch = self.last_batch
        try:
            run_with_progress(self, self.tr("Undoing…"),
                              lambda progress, should_cancel: quality.undo_normalize(self.vault, batch),
                              cancellable=False)
        except KnownError as exc:
            QMessageBox.warning(self, self.tr("Nothing was changed"), exc.text(current_ui_language()))
            return
        self.last_batch = None
        self.undo_button.setEnabled(False)
        self.refresh()
