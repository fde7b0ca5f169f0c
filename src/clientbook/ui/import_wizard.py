"""The import wizard (SPEC §8): file → sheet → header → mapping → preview → duplicates → summary →
progress → report.

A thin front over `clientbook.core.importing`: the wizard only keeps the user's choices. Reading the
file and the dry runs go through `run_with_progress` (a local event loop, so the window repaints and
Cancel works); the import itself runs as a `Task` shown on the progress page. The workbook is never
held open between steps: each step reads what it needs in the worker and closes the file, and the
real import reads the file again with the chosen sheet, header row and mapping, exactly like the CLI.
A dry run whose options, file and base are unchanged is not run again (`importing.dry_runs`), and the
sheet the preview parsed is kept for the checks and the import (`readers.KeptSheet`) until it closes.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QWidget, QWizard

from clientbook.core.errors import KnownError
from clientbook.core.importing import (
    ColumnMapping,
    ImportCancelledError,
    ImportOptions,
    ImportResult,
)
from clientbook.core.importing.analysis import Analysis, analyze
from clientbook.core.importing.commit import Cancel, Progress
from clientbook.core.importing.dry_runs import DryRuns
from clientbook.core.importing.readers import KeptSheet
from clientbook.core.restore_points import AheadRestorePoint
from clientbook.core.vault import Vault
from clientbook.ui import preferences
from clientbook.ui.i18n import current_ui_language
from clientbook.ui.import_pages import FilePage, HeaderPage, MappingPage, SheetPage
from clientbook.ui.import_review import DuplicatesPage, PreviewPage, ProgressPage, ReportPage, SummaryPage
from clientbook.ui.import_steps import (
    PAGE_DUPLICATES,
    PAGE_FILE,
    PAGE_HEADER,
    PAGE_MAPPING,
    PAGE_PREVIEW,
    PAGE_PROGRESS,
    PAGE_REPORT,
    PAGE_SHEET,
    PAGE_SUMMARY,
)
from clientbook.ui.workers import CancelledError, run_with_progress

log = logging.getLogger(__name__)

HEAD_ROWS = 50  # rows shown on the sheet and header pages; the header is looked for in the first 30
MAX_SHEETS = 20
MAX_PREVIEW_COLUMNS = 60


@dataclass
class Survey:
    """What the wizard knows about the file: the core's analysis (file already closed) and the first
    rows of every sheet as they are, for the sheet and header pages."""

    analysis: Analysis
    heads: dict[str, list[list[Any]]]


def survey_file(vault: Vault, path: Path, kind: str, sheet: str | None = None,
                header_row: int | None | str = "auto", encoding: str | None = None,
                kept: KeptSheet | None = None) -> Survey:
    """Runs in a worker thread; opens, reads and closes the file there (its chosen sheet stays parsed
    in `kept` for the checks and the import)."""
    with vault.session() as session:
        analysis = analyze(path, session=session, kind=kind, sheet=sheet, header_row=header_row,
                           encoding=encoding, kept=kept)
    try:
        heads: dict[str, list[list[Any]]] = {}
        others = [s for s in analysis.sheets[:MAX_SHEETS] if s != analysis.sheet]
        for name in [*others, analysis.sheet]:  # the chosen sheet last: it stays parsed for nothing else
            try:
                rows = itertools.islice(analysis.source.rows(name), HEAD_ROWS)
                heads[name] = [list(r[:MAX_PREVIEW_COLUMNS]) for r in rows]
            except KnownError:
                heads[name] = []  # a broken extra sheet must not stop the import of the good one
        return Survey(analysis, heads)
    finally:
        analysis.close()


class ImportWizard(QWizard):
    """Opened from File ▸ Import and by dropping a spreadsheet on the main window."""

    imported = Signal(int)  # batch id of a finished import
    DEFAULT_SIZE = (980, 660)
    changed = Signal()  # the base changed otherwise: an import was undone from the report

    def __init__(self, vault: Vault, path: str | Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.path: Path | None = Path(path) if path else None
        self.kind = "clients"
        self.survey: Survey | None = None
        self.mapping = ColumnMapping()
        self.date_order: str | None = None
        self.encoding: str | None = None  # the text encoding the user chose; None = detected
        self.detected_encoding = ""  # what detection found, named beside "Automatic"
        self.on_duplicate = "fill"
        self.match_names = False
        self.create_clients = True
        self.rows_as_purchases = False  # clients: an orders sheet's rows become purchases of the cards
        self.scan: ImportResult | None = None  # dry run in "fill" mode: what matches what
        self.dry: ImportResult | None = None  # dry run with the chosen options: the summary
        self.import_result: ImportResult | None = None
        self.ahead: AheadRestorePoint | None = None  # made while the duplicates and totals pages are read; the import takes it
        self.kept = KeptSheet()  # the file's sheet as the preview parsed it, for the checks and the import
        self.dry_runs = DryRuns(vault, self.kept)
        self.setWindowTitle(self.tr("Import from a spreadsheet — Clientbook"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.file_page = FilePage(self)
        self.sheet_page = SheetPage(self)
        self.header_page = HeaderPage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.duplicates_page = DuplicatesPage(self)
        self.summary_page = SummaryPage(self)
        self.progress_page = ProgressPage(self)
        self.report_page = ReportPage(self)
        for page_id, page in ((PAGE_FILE, self.file_page), (PAGE_SHEET, self.sheet_page),
                              (PAGE_HEADER, self.header_page), (PAGE_MAPPING, self.mapping_page),
                              (PAGE_PREVIEW, self.preview_page), (PAGE_DUPLICATES, self.duplicates_page),
                              (PAGE_SUMMARY, self.summary_page), (PAGE_PROGRESS, self.progress_page),
                              (PAGE_REPORT, self.report_page)):
            self.setPage(page_id, page)
        self.setStartId(PAGE_FILE)
        self.currentIdChanged.connect(self.update_buttons)
        self.resize(960, 640)

    # ---- shared state --------------------------------------------------------------------------
    @property
    def analysis(self) -> Analysis:
        assert self.survey is not None, "the file page reads the file first"
        return self.survey.analysis

    def lang(self) -> str:
        return current_ui_language()

    def import_options(self, *, on_duplicate: str | None = None) -> ImportOptions:
        """The user's choices as the core takes them; the header row is fixed, never "auto" again."""
        a = self.analysis
        return ImportOptions(kind=self.kind, sheet=a.sheet, header_row=a.layout.header_row,
                             mapping=ColumnMapping(dict(self.mapping.targets)),
                             on_duplicate=on_duplicate or self.on_duplicate, match_names=self.match_names,
                             create_clients=self.create_clients, date_order=self.date_order,
                             default_region=preferences.default_region(),
                             rows_as_purchases=self.kind == "clients" and self.rows_as_purchases,
                             encoding=self.encoding)

    def work(self, title: str, fn: Callable[[Progress, Cancel], Any], *, cancellable: bool = True
             ) -> tuple[Any, str | None]:
        """Run `fn(progress, should_cancel)` off the GUI thread with a progress dialog: (result, None),
        or (None, message); a cancel gives (None, None): the user knows what they did."""
        try:
            return run_with_progress(self, title, lambda progress, should_cancel: fn(progress, should_cancel),
                                     cancellable), None
        except (CancelledError, ImportCancelledError):
            return None, None
        except KnownError as exc:
            return None, exc.text(self.lang())
        except Exception as exc:  # a bug: say so in plain words, keep the details out of the log's data
            log.error("import wizard step failed: %s", type(exc).__name__, exc_info=exc)
            return None, self.tr("The file could not be read: an unexpected error (%1).").replace(
                "%1", type(exc).__name__)

    def read_file(self, path: Path, kind: str, sheet: str | None = None,
                  header_row: int | None | str = "auto") -> str | None:
        """Read (or re-read with another sheet / header row / encoding); resets the mapping.
        Returns an error text."""
        encoding = self.encoding
        survey, error = self.work(self.tr("Reading the file…"),
                                  lambda _progress, _cancel: survey_file(self.vault, path, kind, sheet,
                                                                          header_row, encoding, self.kept))
        if survey is None:
            return error or ""
        if encoding is None:
            self.detected_encoding = survey.analysis.source.encoding_used
        self.path, self.kind, self.survey = path, kind, survey
        self.mapping = ColumnMapping(dict(survey.analysis.mapping.targets))
        self.scan = self.dry = None
        return None

    def dry_run(self, *, on_duplicate: str | None = None) -> tuple[ImportResult | None, str | None]:
        """The whole file checked with these options (nothing is written), or the same check's answer
        when nothing changed since (the duplicates page's Next after its "fill" scan)."""
        assert self.path is not None
        options = self.import_options(on_duplicate=on_duplicate)
        path = self.path
        answer = self.dry_runs.answer(path, options)
        if answer is not None:
            return answer, None

        def run(progress: Progress, should_cancel: Cancel) -> ImportResult:
            return self.dry_runs.run(path, options, progress=progress, should_cancel=should_cancel)

        return self.work(self.tr("Checking the whole file (nothing is written)…"), run)

    # ---- buttons and closing -------------------------------------------------------------------
    def update_buttons(self, page_id: int | None = None) -> None:
        """No way back into a finished import, and no Next/Back while one runs."""
        page_id = self.currentId() if page_id is None else page_id
        W = QWizard.WizardButton  # noqa: N806  (a Qt enum)
        if page_id == PAGE_PROGRESS:
            layout = [W.Stretch, W.CancelButton] if self.progress_page.running() else \
                [W.Stretch, W.BackButton, W.CancelButton]
        elif page_id == PAGE_REPORT:
            layout = [W.Stretch, W.FinishButton]
        else:
            layout = [W.Stretch, W.BackButton, W.NextButton, W.FinishButton, W.CancelButton]
        self.setButtonLayout(layout)

    def prepare_restore_point(self) -> None:
        """Start the import's restore point while the user reads the last pages (~3 s at 100,000 clients
        that the import no longer waits for); the import makes its own if the base changed since."""
        if self.ahead is None:
            try:
                self.ahead = AheadRestorePoint(self.vault, "import")
            except Exception as exc:  # the import makes its own and says what fails
                log.info("restore point not started ahead: %s", type(exc).__name__)

    def take_restore_point(self) -> AheadRestorePoint | None:
        ahead, self.ahead = self.ahead, None
        return ahead

    def confirm_discard(self) -> bool:
        """Ctrl+L asks before a running import is cancelled by the lock (nothing of it is written);
        one whose rows are all read is being saved: the lock waits for it, nothing to ask."""
        page = self.progress_page
        if not page.running() or page.saving():
            return True
        name = self.path.name if self.path is not None else ""
        answer = QMessageBox.question(
            self, self.tr("An import is running"),
            self.tr("The import of “%1” is still running. Lock now? The import is then cancelled and nothing "
                    "of it is written; you can import the file again after unlocking.").replace("%1", name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def done(self, result: int) -> None:  # noqa: D102  (Qt override: closed by any button or the window)
        if self.progress_page.running():  # only the lock closes it so (its own Cancel asks `reject`)
            self.progress_page.stop_for_lock()
        ahead = self.take_restore_point()
        if ahead is not None:  # no import followed: the restore point made ahead is not kept
            ahead.discard()
        self.dry_runs.close()
        self.kept.clear()
        super().done(result)

    def reject(self) -> None:
        """Cancel during the import stops the import (nothing is written); the wizard stays to say so."""
        if self.progress_page.running():
            self.progress_page.cancel_import()
            return
        super().reject()


def open_import_wizard(vault: Vault, path: str | Path | None = None, parent: QWidget | None = None) -> ImportWizard:
    wizard = ImportWizard(vault, path, parent)
    wizard.show()
    return wizard
