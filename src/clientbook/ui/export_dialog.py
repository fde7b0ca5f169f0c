"""The export dialog (SPEC §9): format, preset, mailing mode with the excluded counted by reason.

Overriding the consent check is possible only after an explicit confirmation, and the core records it
in the audit. The export runs off the GUI thread with progress and cancel.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clientbook.core.errors import KnownError
from clientbook.core.exporting import (
    REASON_TITLES,
    REASONS,
    ExportResult,
    ExportSpec,
    Scope,
    default_file_name,
    export_clients,
    preview,
)
from clientbook.core.messages import current_language
from clientbook.core.vault import Vault
from clientbook.ui.gc_pauses import free_in_slices, free_later
from clientbook.ui.workers import LatestReader

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class Preview(NamedTuple):
    """What the chosen options would export, read on a worker."""

    clients: int
    rows: int
    counts: dict[str, int]  # the excluded per reason
    lines: list[str]  # "name — reason" for the excluded list: tens of thousands at 100 000 clients


def read_preview(session: Session, spec: ExportSpec, lang: str = "ru",
                 should_cancel: Callable[[], bool] | None = None) -> Preview:
    """The core's counts of `spec` (a count query, or the address choice of a mailing), the excluded
    per reason and the lines of the excluded list, all made here on the worker: at 100,000 clients
    counting 48,000 excluded by reason took ~0.1 s and filling a QListWidget with their lines up to
    0.15 s of the GUI thread when the answer arrived. The dialog reads it through
    LatestReader.read, so closing it stops the query at once (a 1 M-client preview runs for half a
    minute; closing the dialog waited for it)."""
    plan = preview(session, spec, should_cancel)
    title = 0 if lang == "ru" else 1
    lines = [f"{item.name} — {REASON_TITLES[item.reason][title]}" for item in plan.excluded]
    counts = plan.counts()
    free_in_slices(plan.excluded)  # here, a slice at a time: freed whole it would hold the GIL
    return Preview(plan.clients, plan.rows, counts, lines)


class LinesModel(QAbstractListModel):
    """A list of texts shown as they are: the view asks only for the lines on screen, so handing
    over 48,000 lines costs nothing on the GUI thread (a QListWidget makes an item for each)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lines: list[str] = []

    def set_lines(self, lines: list[str]) -> None:
        self.beginResetModel()
        self.lines = lines
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.lines)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid() and 0 <= index.row() < len(self.lines):
            return self.lines[index.row()]
        return None


class ExportDialog(QDialog):
    """`source`: a list of client ids (selection or current list), a segment definition, a Scope, or None (all)."""

    exported = Signal(object)  # ExportResult
    DEFAULT_SIZE = (700, 460)

    def __init__(self, vault: Vault, source: Scope | list[int] | dict[str, Any] | None = None,
                 parent: QWidget | None = None, *, what: str = "") -> None:
        super().__init__(parent)
        self.vault = vault
        self.what = what or (self.tr("Selection") if isinstance(source, list) else self.tr("Segment") if source
                             else self.tr("All clients"))
        self.scope_spec = Scope.of(source, self.what)
        self._counts: dict[str, int] = dict.fromkeys(REASONS, 0)
        self.export_result: ExportResult | None = None
        self.reader = LatestReader(self)
        self.setWindowTitle(self.tr("Export — Clientbook"))
        self.scope = QLabel()
        self.scope.setWordWrap(True)
        font = self.scope.font()
        font.setBold(True)
        self.scope.setFont(font)
        self.rows = 0
        self.format = QComboBox()
        for title, key in ((self.tr("Excel workbook (.xlsx)"), "xlsx"), (self.tr("Text, comma-separated (.csv)"), "csv"),
                           (self.tr("Contacts (vCard .vcf)"), "vcf")):
            self.format.addItem(title, key)
        self.preset = QComboBox()
        for title, key in ((self.tr("Full card"), "full"), (self.tr("E-mail mailing"), "email"),
                           (self.tr("SMS mailing"), "sms")):
            self.preset.addItem(title, key)
        self.mailing = QComboBox()
        consent: tuple[tuple[str, str | None], ...] = (
            (self.tr("No (everyone in the list)"), None), (self.tr("E-mail: only with consent"), "email"),
            (self.tr("SMS: only with consent"), "sms"))
        for title, consent_key in consent:
            self.mailing.addItem(title, consent_key)
        self.per_address = QCheckBox(self.tr("One row per address"))
        self.encoding = QComboBox()
        for title, key in (("UTF-8 (Excel)", "utf-8-sig"), ("UTF-8", "utf-8"), ("Windows-1251", "cp1251")):
            self.encoding.addItem(title, key)
        self.delimiter = QComboBox()
        for title, key in ((self.tr("semicolon ;"), ";"), (self.tr("comma ,"), ","), (self.tr("tab"), "\t")):
            self.delimiter.addItem(title, key)
        self.override = QCheckBox(self.tr("Also export recipients without consent (needs confirmation)"))
        self.codes = QCheckBox(self.tr("Stored codes instead of words (for re-importing the file)"))
        self.codes.setToolTip(self.tr("Kind, status, temperature, gender and behaviour as the base stores them "
                                      "(person, active, hot…), not in words."))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.show_excluded_button = QPushButton(self.tr("Show excluded…"))
        self.excluded_lines = LinesModel(self)
        self.excluded_list = QListView()
        self.excluded_list.setModel(self.excluded_lines)
        self.excluded_list.setUniformItemSizes(True)  # else laying out 48 000 rows stalls the first paint
        self.excluded_list.hide()
        self.target = QLineEdit()
        browse = QPushButton(self.tr("Choose…"))
        target_row = QHBoxLayout()
        target_row.addWidget(self.target, 1)
        target_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Format:"), self.format)
        form.addRow(self.tr("Columns:"), self.preset)
        form.addRow(self.tr("Mailing:"), self.mailing)
        form.addRow("", self.per_address)
        form.addRow(self.tr("Encoding:"), self.encoding)
        form.addRow(self.tr("Delimiter:"), self.delimiter)
        form.addRow("", self.override)
        form.addRow("", self.codes)
        form.addRow(self.tr("File:"), target_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scope)
        layout.addLayout(form)
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary, 1)
        summary_row.addWidget(self.show_excluded_button)
        layout.addLayout(summary_row)
        layout.addWidget(self.excluded_list)
        layout.addWidget(self.buttons)
        for combo in (self.format, self.preset, self.mailing, self.encoding, self.delimiter):
            combo.currentIndexChanged.connect(self._update)
        self.per_address.toggled.connect(self._update)
        self.override.toggled.connect(self._override_toggled)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        self.show_excluded_button.clicked.connect(self.toggle_excluded)
        browse.clicked.connect(self.choose_file)
        self.buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.run_export)
        self.target.setText(str(Path.home() / default_file_name(self.what, "xlsx")))
        self._update()

    # ---- options and preview ------------------------------------------------------------------
    def spec(self, *, confirmed: bool = False) -> ExportSpec:
        """The export the options describe, for the preview (confirmed) and the file."""
        return ExportSpec(scope=self.scope_spec, format=self.format.currentData(), preset=self.preset.currentData(),
                          mailing=self.mailing.currentData(), per_address=self.per_address.isChecked(),
                          encoding=self.encoding.currentData(), delimiter=self.delimiter.currentData(),
                          override_consent=self.override.isChecked() and self.mailing.currentData() is not None,
                          confirmed=confirmed, codes=self.codes.isChecked())

    def _preset_changed(self) -> None:
        # A mailing preset checks the consent of its own channel: SMS columns with the e-mail consent
        # check (left from choosing the e-mail preset first) would drop the wrong clients.
        preset = self.preset.currentData()
        if preset in ("email", "sms") and self.mailing.currentData() != preset:
            self.mailing.setCurrentIndex(self.mailing.findData(preset))

    def _override_toggled(self, checked: bool) -> None:
        if checked and not self.confirm_override():
            self.override.blockSignals(True)
            self.override.setChecked(False)
            self.override.blockSignals(False)
        self._update()

    def confirm_override(self) -> bool:
        answer = QMessageBox.warning(
            self, self.tr("Export without consent"),
            self.tr("Recipients who never consented or withdrew their consent will be exported too. "
                    "This may break the law on personal data (152-ФЗ, GDPR) and is recorded in the change "
                    "history. Continue?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _update(self) -> None:
        fmt = self.format.currentData()
        is_csv = fmt == "csv"
        self.encoding.setEnabled(is_csv)
        self.delimiter.setEnabled(is_csv)
        mailing = self.mailing.currentData() is not None
        self.override.setEnabled(mailing)
        path = Path(self.target.text()) if self.target.text() else None
        if path is not None and path.suffix.lower() in (".xlsx", ".csv", ".vcf"):
            self.target.setText(str(path.with_suffix("." + fmt)))
        vault, spec = self.vault, self.spec(confirmed=True)
        self.export_button.setEnabled(False)  # until the preview says how many rows there are
        self.summary.setText(self.tr("Counting…"))
        lang = current_language()
        self.reader.read(vault, lambda session, cancel: read_preview(session, spec, lang, cancel),
                         self._preview_arrived, self._preview_failed)

    @property
    def is_loaded(self) -> bool:
        """The preview of the current options is shown (what tests and benchmarks/bench_window.py wait for)."""
        return self.reader.loaded

    def _preview_failed(self, exc: BaseException) -> None:
        self.summary.setText(exc.text(current_language()) if isinstance(exc, KnownError)
                             else self.tr("The preview could not be read: %1").replace("%1", type(exc).__name__))
        self.export_button.setEnabled(False)

    def _preview_arrived(self, preview: Preview) -> None:
        lang = current_language()
        mailing = self.mailing.currentData() is not None
        self.export_button.setEnabled(True)
        self._counts = preview.counts
        self.rows = preview.rows
        self.scope.setText(self.tr("%1 — %n client(s)", "", preview.clients).replace("%1", self.what))
        text = self.tr("%n row(s) will be exported.", "", preview.rows)
        counts = self.excluded_counts()
        if mailing and any(counts.values()):
            parts = [f"{REASON_TITLES[r][0 if lang == 'ru' else 1]}: {counts[r]}" for r in REASONS if counts[r]]
            text += " " + self.tr("Excluded: %1.").replace("%1", ", ".join(parts))
        self.summary.setText(text)
        self.show_excluded_button.setEnabled(bool(preview.lines))
        old_lines = self.excluded_lines.lines
        self.excluded_lines.set_lines(preview.lines)
        free_later(old_lines)  # the last preview's lines: hundreds of thousands at 1 M clients

    def done(self, result: int) -> None:
        """Closing (Cancel, Esc, the main window locking) drops a preview still being read and
        interrupts its query without waiting for it (the GUI thread waited 8.6 s at 1 M clients);
        locking waits for that worker before the vault closes (workers.wait_for_stopped)."""
        self.reader.stop(wait=False)
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.reader.stop(wait=False)
        super().closeEvent(event)

    def excluded_counts(self) -> dict[str, int]:
        return dict(self._counts)

    def toggle_excluded(self) -> None:
        self.excluded_list.setVisible(not self.excluded_list.isVisible())

    def choose_file(self) -> None:
        fmt = self.format.currentData()
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), self.target.text(), f"*.{fmt}")
        if path:
            self.target.setText(path)

    # ---- running -----------------------------------------------------------------------------
    def run_export(self) -> ExportResult | None:
        if not self.target.text().strip():
            self.choose_file()
            if not self.target.text().strip():
                return None
        spec = self.spec(confirmed=self.override.isChecked())
        target = Path(self.target.text().strip())
        if not self.confirm_export(target):
            return None
        from clientbook.ui.workers import CancelledError, run_with_progress

        try:
            result = run_with_progress(self, self.tr("Exporting…"), lambda progress, should_cancel: export_clients(
                self.vault, target, spec, progress=progress, should_cancel=should_cancel))
        except CancelledError:
            return None
        except KnownError as exc:
            QMessageBox.warning(self, self.tr("Export"), exc.text(current_language()))
            return None
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Export"), f"{exc.strerror or type(exc).__name__}: {exc.filename or ''}")
            return None
        self.export_result = result
        self.exported.emit(result)
        self.accept()
        self.show_done(result)
        return result

    def confirm_export(self, target: Path) -> bool:
        """One question with what and how many, before anything is written."""
        answer = QMessageBox.question(
            self, self.tr("Export"),
            self.tr("Export %n row(s) (%1) to “%2”?", "", self.rows).replace("%1", self.what)
            .replace("%2", str(target)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes)
        return answer == QMessageBox.StandardButton.Yes

    def show_done(self, result: ExportResult) -> None:
        """What was written where, with a button that opens the folder in the file manager."""
        box = QMessageBox(self.parentWidget() or self)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Export finished"))
        box.setText(self.tr("%n row(s) written to “%1”.", "", result.rows).replace("%1", result.path.name))
        note = result.withheld_note()  # sensitive columns left out for this user (#15.4)
        box.setInformativeText(str(result.path.parent) + ("\n\n" + note.text(current_language()) if note else ""))
        open_folder = box.addButton(self.tr("Open folder"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()
        if box.clickedButton() is open_folder:
            open_in_file_manager(result.path.parent)


def open_in_file_manager(folder: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
