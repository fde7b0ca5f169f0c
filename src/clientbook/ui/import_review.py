"""The last pages of the import wizard: preview of normalized values, duplicates, summary (dry-run
totals), progress with cancel, and the report with "Save report" and "Undo this import".

The preview normalizes each cell of the first rows with the core's own `RowReader`, one column at a
time, so the problem shown on a cell is exactly the problem the import will list for that row.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from clientbook.core.clients import display_names
from clientbook.core.errors import KnownError
from clientbook.core.importing import ImportCancelledError, ImportResult, undo_import, write_report
from clientbook.core.importing.analysis import DATE_TARGETS
from clientbook.core.importing.fields import CUSTOM_PREFIX, EXTRA, SKIP, targets_for
from clientbook.core.importing.mapping import ColumnMapping
from clientbook.core.importing.normalize import DateOrder, cell_text, is_empty
from clientbook.core.importing.records import PHONE_KINDS, Record, RowReader
from clientbook.core.messages import join_sentences
from clientbook.core.textnorm import fold
from clientbook.core.validation import format_date, format_phone
from clientbook.ui import preferences, workers
from clientbook.ui.import_steps import (
    ERROR_STYLE,
    NOTE_STYLE,
    PAGE_REPORT,
    message_label,
    read_only_table,
    say,
)
from clientbook.ui.workers import Task

if TYPE_CHECKING:
    from clientbook.ui.import_wizard import ImportWizard

log = logging.getLogger(__name__)

PREVIEW_ROWS = 100
PROBLEM_BACKGROUND = "#f9d6d5"
REJECTED_BACKGROUND = "#eeeeee"
MATCH_STATUSES = ("updated", "merged")


# ---- preview of normalized values ----------------------------------------------------------------
@dataclass
class PreviewCell:
    text: str
    original: str
    problems: list[str] = field(default_factory=list)


@dataclass
class PreviewRow:
    row_no: int
    cells: list[PreviewCell]
    rejected: str | None = None

    @property
    def problem_count(self) -> int:
        return sum(len(c.problems) for c in self.cells)


def date_orders(wizard: ImportWizard, mapping: ColumnMapping) -> dict[int, DateOrder]:
    """As the import will decide them: forced by the user, else from the column's values."""
    a = wizard.analysis
    orders: dict[int, DateOrder] = {}
    for index, target in mapping.targets.items():
        if target in DATE_TARGETS:
            if wizard.date_order:
                orders[index] = DateOrder(wizard.date_order)
            else:
                known = a.date_orders.get(index) if a.mapping.targets.get(index) == target else None
                orders[index] = known or DateOrder.decide(row[index] for _, row in a.sample if index < len(row))
    return orders


def build_preview(wizard: ImportWizard, limit: int = PREVIEW_ROWS) -> tuple[list[int], list[PreviewRow]]:
    """(mapped column indexes, rows) for the first `limit` data rows."""
    a = wizard.analysis
    lang = wizard.lang()
    mapping = wizard.mapping
    columns = [i for i, t in sorted(mapping.targets.items()) if t != SKIP and i < len(a.headers)]
    orders = date_orders(wizard, mapping)
    region = preferences.default_region()
    country = next((i for i in columns if mapping.targets[i] == "country"), None)

    def reader(targets: dict[int, str]) -> RowReader:
        return RowReader(a.headers, ColumnMapping(targets), kind=wizard.kind, date_orders=orders,
                         date1904=a.date1904, default_region=region, file_name=a.path.name)

    whole = reader(dict(mapping.targets))
    singles = {}
    for i in columns:
        targets = {i: mapping.targets[i]}
        if country is not None:
            targets[country] = "country"  # a country column sets the phone region of its row
        singles[i] = reader(targets)
    rows: list[PreviewRow] = []
    for row_no, values in a.sample[:limit]:
        record = whole.read(row_no, values)
        cells = []
        for i in columns:
            value = values[i] if i < len(values) else None
            original = cell_text(value) if not is_empty(value) else ""
            single = singles[i].read(row_no, values)
            header = a.headers[i]
            problems = [p.text(lang) for h, p in single.problems if h == header]
            text = shown_value(single, mapping.targets[i], value, lang) if original else ""
            cells.append(PreviewCell(text or original, original, problems))
        rejected = record.rejected.text(lang) if record.rejected is not None else None
        rows.append(PreviewRow(row_no, cells, rejected))
    return columns, rows


def shown_value(rec: Record, target: str, value: Any, lang: str) -> str:
    """The value as the card will show it (or the original text, when it is kept as written)."""
    f = rec.fields
    p = rec.purchase or {}
    if target in PHONE_KINDS:
        return ", ".join(format_phone(ph.e164, extension=ph.extension) if ph.e164 else ph.raw for ph, _ in rec.phones)
    if target == "email":
        return ", ".join(address for address, _ in rec.emails)
    if target == "full_name":
        if f.get("company_name"):
            return str(f["company_name"])
        parts = [f.get("last_name"), f.get("first_name"), f.get("middle_name")]
        return " · ".join(str(x) for x in parts if x)
    if target == "birthday" and f.get("birth_month"):
        return format_date(int(f["birth_day"]), int(f["birth_month"]), f.get("birth_year"), lang)
    if target == "gender" and f.get("gender"):
        male = f["gender"] == "m"
        return QCoreApplication.translate("ImportPreview", "male") if male else \
            QCoreApplication.translate("ImportPreview", "female")
    if target in ("consent_email", "consent_sms") and rec.consents:
        granted = rec.consents[0][1]
        return QCoreApplication.translate("ImportPreview", "consent given") if granted else \
            QCoreApplication.translate("ImportPreview", "consent withdrawn")
    if target in ("tags", "flag"):  # a yes/no column shows the tag it gives ("ВИП клиент"), or nothing
        return ", ".join(rec.tags)
    if target == "client_code":
        return rec.code or ""
    if target.startswith(CUSTOM_PREFIX):
        return rec.custom.get(target[len(CUSTOM_PREFIX):], "")
    if target == EXTRA:
        return cell_text(value)
    if target in ("date", "due_date") and target in p:
        d = p[target]
        return format_date(d.day, d.month, d.year, lang)
    if target == "amount" and "amount_minor" in p and not p.get("unparsed"):
        return f"{p['amount_minor'] / 100:,.2f}".replace(",", "\u00a0") + " " + str(p.get("currency", ""))
    if target == "paid" and "paid" in p:
        return QCoreApplication.translate("ImportPreview", "yes") if p["paid"] else \
            QCoreApplication.translate("ImportPreview", "no")
    i = rec.interaction or {}
    if target == "date" and "local" in i:
        local = i["local"]
        return f"{format_date(local.day, local.month, local.year, lang)}, {local:%H:%M}"
    if target == "time" and "local" in i:
        return f"{i['local']:%H:%M}"
    if target == "kind" and "kind" in i:
        return interaction_kind_text(i["kind"])
    if target == "direction" and "direction" in i:
        return QCoreApplication.translate("ImportPreview", "incoming") if i["direction"] == "in" else \
            QCoreApplication.translate("ImportPreview", "outgoing")
    if target == "next_step_date" and i.get("next_step_date"):
        d = i["next_step_date"]
        return format_date(d.day, d.month, d.year, lang)
    if target in ("rating", "subject", "outcome", "next_step", "author") and i.get(target) is not None:
        return str(i[target])
    if target == "order_id":
        return str(p.get("external_id") or "")
    if target in ("item", "quantity", "currency"):
        return str(p.get(target) or "")
    return str(f.get(target) or "")


def interaction_kind_text(kind: str) -> str:
    texts = {"call": QCoreApplication.translate("ImportPreview", "call"),
             "meeting": QCoreApplication.translate("ImportPreview", "meeting or visit"),
             "email": QCoreApplication.translate("ImportPreview", "e-mail"),
             "message": QCoreApplication.translate("ImportPreview", "message"),
             "note": QCoreApplication.translate("ImportPreview", "note"),
             "offer": QCoreApplication.translate("ImportPreview", "offer"),
             "complaint": QCoreApplication.translate("ImportPreview", "complaint"),
             "support": QCoreApplication.translate("ImportPreview", "support request"),
             "feedback": QCoreApplication.translate("ImportPreview", "feedback")}
    return texts.get(kind, kind)


def target_title(wizard: ImportWizard, key: str) -> str:
    ru = wizard.lang() == "ru"
    for t in targets_for(wizard.kind):
        if t.key == key:
            return t.ru if ru else t.en
    if key == EXTRA:
        return QCoreApplication.translate("ImportPreview", "notes")
    if key.startswith(CUSTOM_PREFIX):
        return key[len(CUSTOM_PREFIX):]
    return key


class PreviewPage(QWizardPage):
    """Normalized values of the first rows; a cell with a problem is red and says why in its tooltip."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Check the values"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.only_problems = QCheckBox(self.tr("Show only rows with problems"))
        self.date_label = QLabel(self.tr("Dates like 03.04.2020 are:"))
        self.date_order = QComboBox()
        for text, key in ((self.tr("decided from each column"), None), (self.tr("day first (31.12.2020)"), "dmy"),
                          (self.tr("month first (12/31/2020)"), "mdy")):
            self.date_order.addItem(text, key)
        options = QHBoxLayout()
        options.addWidget(self.only_problems)
        options.addStretch(1)
        options.addWidget(self.date_label)
        options.addWidget(self.date_order)
        self.table = read_only_table()
        self.message = message_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(options)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.rows: list[PreviewRow] = []
        self.only_problems.toggled.connect(self._filter)
        self.date_order.currentIndexChanged.connect(self._date_order_chosen)

    def initializePage(self) -> None:  # noqa: N802  (Qt override)
        self.date_order.blockSignals(True)
        self.date_order.setCurrentIndex(max(0, self.date_order.findData(self.w.date_order)))
        self.date_order.blockSignals(False)
        has_dates = any(t in DATE_TARGETS for t in self.w.mapping.targets.values())
        self.date_label.setVisible(has_dates)
        self.date_order.setVisible(has_dates)
        say(self.message, None)
        self.refresh()

    def _date_order_chosen(self) -> None:
        self.w.date_order = self.date_order.currentData()
        self.refresh()

    def refresh(self) -> None:
        a = self.w.analysis
        columns, self.rows = build_preview(self.w)
        table = self.table
        table.clear()
        table.setColumnCount(len(columns) + 1)
        table.setRowCount(len(self.rows))
        titles = [self.tr("Row check")]
        for i in columns:
            target = target_title(self.w, self.w.mapping.targets[i])
            titles.append(a.headers[i] if fold(a.headers[i]) == fold(target) else f"{a.headers[i]} → {target}")
        table.setHorizontalHeaderLabels(titles)
        table.setVerticalHeaderLabels([str(r.row_no) for r in self.rows])
        problem_brush = QBrush(QColor(PROBLEM_BACKGROUND))
        for r, row in enumerate(self.rows):
            if row.rejected:
                status = QTableWidgetItem(self.tr("rejected"))
                status.setToolTip(row.rejected)
                status.setForeground(QBrush(QColor("#b00020")))
            elif row.problem_count:
                status = QTableWidgetItem(self.tr("problems: %1").replace("%1", str(row.problem_count)))
                status.setForeground(QBrush(QColor("#8a5a00")))
            else:
                status = QTableWidgetItem(self.tr("OK"))
                status.setForeground(QBrush(QColor("#2e7d32")))
            table.setItem(r, 0, status)
            for c, cell in enumerate(row.cells, start=1):
                item = QTableWidgetItem(cell.text)
                tips = []
                if cell.problems:
                    item.setBackground(problem_brush)
                    tips += cell.problems
                if cell.original and cell.original != cell.text:
                    tips.append(self.tr("In the file: %1").replace("%1", cell.original))
                if tips:
                    item.setToolTip("\n".join(tips))
                if row.rejected:
                    item.setForeground(QBrush(QColor("#888888")))
                table.setItem(r, c, item)
        table.resizeColumnsToContents()
        for c in range(table.columnCount()):
            table.setColumnWidth(c, min(max(table.columnWidth(c), 70), 260))
        cells = sum(1 for row in self.rows for cell in row.cells if cell.problems)
        rejected = sum(1 for row in self.rows if row.rejected)
        self.summary.setText(self.tr(
            "The first %1 rows as they will be imported: %2 cells with problems (red; point at one to see why), "
            "%3 rows would be rejected. A value that cannot be read never stops its row: it is kept as written "
            "in the card's notes.").replace("%1", str(len(self.rows))).replace("%2", str(cells))
            .replace("%3", str(rejected)))
        self._filter()

    def _filter(self) -> None:
        only = self.only_problems.isChecked()
        for r, row in enumerate(self.rows):
            self.table.setRowHidden(r, only and not (row.rejected or row.problem_count))

    def validatePage(self) -> bool:  # noqa: N802  (Qt override)
        """Look for duplicates in the whole file (a dry run: nothing is written)."""
        scan, error = self.w.dry_run(on_duplicate="fill")
        if scan is None:
            say(self.message, error)
            return False
        self.w.scan = scan
        return True


# ---- duplicates --------------------------------------------------------------------------------
class DuplicatesPage(QWizardPage):
    """What to do with rows that match a client already in the base (or an earlier row of the file)."""

    MODES = ("fill", "overwrite", "skip", "create")

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Duplicates"))
        self.found = QLabel()
        self.found.setWordWrap(True)
        self.mode_box = QVBoxLayout()
        self.mode_buttons: dict[str, QRadioButton] = {}
        texts = {
            "fill": self.tr("Add to the existing card: fill its empty fields, add new phones and e-mails"),
            "overwrite": self.tr("Update the existing card: the file's values replace the card's"),
            "skip": self.tr("Skip the row: leave the existing card as it is"),
            "create": self.tr("Create a new card anyway (duplicates can be merged later)"),
        }
        group = QButtonGroup(self)
        self.when = QLabel(self.tr("When a row matches an existing client:"))
        self.mode_box.addWidget(self.when)
        for mode in self.MODES:
            button = QRadioButton(texts[mode])
            group.addButton(button)
            self.mode_buttons[mode] = button
            self.mode_box.addWidget(button)
        self.match_names = QCheckBox(self.tr("Also treat the same name and city as the same client"))
        self.create_clients = QCheckBox(self.tr("Create a card for a client who is not in the base yet"))
        self.purchase_note = QLabel()
        self.purchase_note.setWordWrap(True)
        self.table = read_only_table(4)
        self.table.setHorizontalHeaderLabels([self.tr("Row"), self.tr("In the file"), self.tr("Matches"),
                                              self.tr("Why")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.message = message_label()
        layout = QVBoxLayout(self)
        layout.addLayout(self.mode_box)
        layout.addWidget(self.match_names)
        layout.addWidget(self.purchase_note)
        layout.addWidget(self.create_clients)
        layout.addSpacing(6)
        layout.addWidget(self.found)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.match_names.toggled.connect(self._rescan)

    def initializePage(self) -> None:  # noqa: N802  (Qt override)
        clients = self.w.kind == "clients"
        for widget in (self.when, self.match_names, *self.mode_buttons.values()):
            widget.setVisible(clients)
        self.purchase_note.setVisible(not clients)
        self.purchase_note.setText(
            self.tr("Each purchase is linked to the client with the same client code, phone, e-mail or name. "
                    "A purchase already in the base is skipped.") if self.w.kind == "purchases" else
            self.tr("Each entry is linked to the client with the same client code, phone, e-mail or name. An entry "
                    "already in the base (same client, time, kind and text) is skipped."))
        self.create_clients.setVisible(not clients)
        self.mode_buttons[self.w.on_duplicate].setChecked(True)
        self.create_clients.setChecked(self.w.create_clients)
        self.match_names.blockSignals(True)
        self.match_names.setChecked(self.w.match_names)
        self.match_names.blockSignals(False)
        say(self.message, None)
        self.show_scan()
        if self.w.scan is not None and _writes(self.w.scan):  # made while this page is read: the totals
            self.w.prepare_restore_point()  # come at once when "fill" is kept, and Import may follow

    def _rescan(self, checked: bool) -> None:
        self.w.match_names = checked
        scan, error = self.w.dry_run(on_duplicate="fill")
        if scan is None:
            say(self.message, error)
            return
        self.w.scan = scan
        self.show_scan()

    def show_scan(self) -> None:
        scan = self.w.scan
        lang = self.w.lang()
        if scan is None:
            return
        if self.w.kind == "clients":
            matches = [o for o in scan.outcomes if o.status in MATCH_STATUSES]
        else:
            matches = [o for o in scan.outcomes if o.status == "skipped"]
        in_base = [o for o in matches if o.status != "merged"]
        # another name on a shared phone, e-mail or code: a card of its own, the pair to the review
        apart = [(o, r) for o in scan.outcomes if o.status == "created" for r in o.reasons[:1]
                 if r.code.startswith("review_")]
        names = self._names([o.client_id for o in in_base if o.client_id is not None])
        self.table.setRowCount(len(matches) + len(apart))
        rows = [(o, self.tr("an earlier row of this file") if o.status == "merged" else names.get(o.client_id or 0, ""),
                 o.reasons[0].text(lang) if o.reasons else "") for o in matches]
        rows += [(o, self.tr("nobody: a card of its own"), reason.text(lang)) for o, reason in apart]
        for r, (o, match, why) in enumerate(rows):
            for c, text in enumerate((str(o.row_no), o.name, match, why)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # a reason is often longer than its column
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        if not matches:
            self.found.setText(self.tr("No row matches a client in the base or an earlier row of the file."))
        elif self.w.kind == "clients":
            self.found.setText(self.tr("%1 rows match clients already in the base; %2 rows repeat an earlier row "
                                       "of this file (they are joined into one card).")
                               .replace("%1", str(len(in_base))).replace("%2", str(len(matches) - len(in_base))))
        elif self.w.kind == "purchases":
            self.found.setText(self.tr("%1 purchases are already in the base.").replace("%1", str(len(matches))))
        else:
            self.found.setText(self.tr("%1 history entries are already in the base.").replace("%1", str(len(matches))))
        if apart:
            self.found.setText(self.found.text() + " " + self.tr(
                "%1 rows share a phone, e-mail or code with another person: each becomes a card of its own, and "
                "the pairs are put into the duplicates review.").replace("%1", str(len(apart))))

    def _names(self, ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        with self.w.vault.session() as session:
            return display_names(session, ids)

    def mode(self) -> str:
        return next(mode for mode, button in self.mode_buttons.items() if button.isChecked())

    def validatePage(self) -> bool:  # noqa: N802  (Qt override)
        self.w.on_duplicate = self.mode()
        self.w.create_clients = self.create_clients.isChecked()
        dry, error = self.w.dry_run()
        if dry is None:
            say(self.message, error)
            return False
        self.w.dry = dry
        return True


# ---- summary -----------------------------------------------------------------------------------
def totals_form(form: QFormLayout, result: ImportResult, kind: str, labels: dict[str, QLabel]) -> None:
    for key, value in (("rows", result.rows_read), ("created", result.created), ("updated", result.updated),
                       ("skipped", result.skipped), ("rejected", result.rejected), ("purchases", result.purchases),
                       ("interactions", result.interactions), ("problems", result.problems)):
        labels[key].setText(str(value))
    form.setRowVisible(labels["purchases"], kind == "purchases" or result.purchases > 0)
    form.setRowVisible(labels["interactions"], kind == "history")
    form.setRowVisible(labels["updated"], kind == "clients")  # purchases and history never update a card


def make_totals(form: QFormLayout) -> dict[str, QLabel]:
    titles = {"rows": QCoreApplication.translate("ImportTotals", "Rows read:"),
              "created": QCoreApplication.translate("ImportTotals", "New cards:"),
              "updated": QCoreApplication.translate("ImportTotals", "Cards updated:"),
              "skipped": QCoreApplication.translate("ImportTotals", "Rows skipped:"),
              "rejected": QCoreApplication.translate("ImportTotals", "Rows rejected:"),
              "purchases": QCoreApplication.translate("ImportTotals", "Purchases:"),
              "interactions": QCoreApplication.translate("ImportTotals", "History entries:"),
              "problems": QCoreApplication.translate("ImportTotals", "Rows with problems:")}
    labels: dict[str, QLabel] = {}
    for key, title in titles.items():
        value = QLabel()
        value.setObjectName(f"total_{key}")
        form.addRow(title, value)
        labels[key] = value
    return labels


class SummaryPage(QWizardPage):
    """The dry run's totals: what the import will do, before anything is written."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Ready to import"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Import"))
        self.file = QLabel()
        self.file.setWordWrap(True)
        self.form = form = QFormLayout()
        self.totals = make_totals(form)
        note = QLabel(self.tr("Nothing has been written yet. A restore point is made before the import, and "
                              "the whole import can be undone from its report."))
        note.setWordWrap(True)
        note.setStyleSheet(NOTE_STYLE)
        self.nothing = message_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.file)
        layout.addLayout(form)
        layout.addSpacing(12)
        layout.addWidget(note)
        layout.addWidget(self.nothing)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802  (Qt override)
        dry = self.w.dry
        assert dry is not None
        self.file.setText(self.tr("File “%1”, sheet “%2”. If you import now:").replace("%1", dry.file_name)
                          .replace("%2", dry.sheet))
        totals_form(self.form, dry, self.w.kind, self.totals)
        nothing = not _writes(dry)
        say(self.nothing, self.tr("Nothing would be added or changed.") if nothing else None)
        if not nothing:
            self.w.prepare_restore_point()


def _writes(result: ImportResult) -> bool:
    """The import would add or change something (so it needs its restore point)."""
    return bool(result.created + result.updated + result.purchases + result.interactions)


# ---- progress ----------------------------------------------------------------------------------
class ProgressPage(QWizardPage):
    """The import itself, off the GUI thread; Cancel rolls everything back."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Importing"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.bar = QProgressBar()
        self.cancel_button = QPushButton(self.tr("Cancel import"))
        self.cancel_button.clicked.connect(self.cancel_import)
        self.message = message_label()
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.task: Task | None = None
        self._running = False
        self._saving = False  # every row read: the rest cannot be cancelled

    def running(self) -> bool:
        return self._running

    def initializePage(self) -> None:  # noqa: N802  (Qt override)
        from clientbook.core.importing import run_import

        assert self.w.path is not None
        vault, path, options = self.w.vault, self.w.path, self.w.import_options()
        self.w.import_result = None
        say(self.message, None)
        self.status.setText(self.tr("Making a restore point and importing “%1”…").replace("%1", path.name))
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self._saving = False
        ahead = self.w.take_restore_point()
        self.task = Task(lambda progress, should_cancel: run_import(vault, path, options, progress=progress,
                                                                    should_cancel=should_cancel,
                                                                    restore_point=ahead, kept=self.w.kept))
        self.task.signals.progress.connect(self._progress, Qt.ConnectionType.QueuedConnection)
        self.task.signals.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self.task.signals.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self._running = True
        _hold_auto_lock(+1)
        workers.start(self.task)
        self.w.update_buttons()

    def cancel_import(self) -> None:
        if self.task is not None and self._running and not self._saving:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText(self.tr("Cancelling… nothing will be written."))

    def saving(self) -> bool:
        """Every row is read and they are being saved: no longer cancellable."""
        return self._running and self._saving

    def stop_for_lock(self) -> None:
        """The wizard closes under a lock (Ctrl+L; auto-lock waits for an import): while rows are read
        the import is cancelled (nothing written, within one chunk), once they are all read it is
        saved; either way the lock waits for it, so no connection outlives the vault, and the
        auto-lock hold is given back here (this page may be gone before the task's signal comes)."""
        task = self.task
        if task is None or not self._running:
            return
        task.cancel()
        for signal, slot in ((task.signals.progress, self._progress), (task.signals.finished, self._finished),
                             (task.signals.failed, self._failed)):
            with contextlib.suppress(RuntimeError, TypeError):  # already disconnected
                signal.disconnect(slot)
        self._stopped()
        workers.outlive_no_lock(task)

    def _progress(self, done: int, total: int) -> None:
        if not self._running or (self.task is not None and self.task.should_cancel()):
            return
        if total and done >= total:  # every row read (run_import says so): saving, no longer cancellable
            self._saving = True
            self.cancel_button.setEnabled(False)
            self.w.button(QWizard.WizardButton.CancelButton).setEnabled(False)
            self.bar.setRange(0, 0)
            self.status.setText(self.tr("All %1 rows are read; saving them in the vault…")
                                .replace("%1", f"{done:,}".replace(",", " ")))
            return
        scale = max(1, total // 1_000_000)
        self.bar.setRange(0, max(1, total // scale))
        self.bar.setValue(min(done, total) // scale)
        self.status.setText(self.tr("Imported %1 of about %2 rows…").replace("%1", f"{done:,}".replace(",", " "))
                            .replace("%2", f"{total:,}".replace(",", " ")))

    def _stopped(self) -> None:
        self._running = False
        _hold_auto_lock(-1)
        self.cancel_button.setEnabled(False)
        self.w.button(QWizard.WizardButton.CancelButton).setEnabled(True)

    def _finished(self, result: object) -> None:
        self._stopped()
        assert isinstance(result, ImportResult)
        self.w.import_result = result
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        if result.batch_id is not None:
            self.w.imported.emit(result.batch_id)  # the main window refreshes on this one signal
        self.w.next()

    def _failed(self, exc: object) -> None:
        self._stopped()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        lang = self.w.lang()
        if isinstance(exc, ImportCancelledError | KnownError):
            text = exc.text(lang)
        else:
            log.error("import failed: %s", type(exc).__name__)
            text = self.tr("The import failed because of an unexpected error (%1); nothing was written.") \
                .replace("%1", type(exc).__name__)
        self.status.setText(self.tr("The import did not happen."))
        say(self.message, text, ERROR_STYLE)
        self.w.update_buttons()

    def cleanupPage(self) -> None:  # noqa: N802  (Qt override)
        self.task = None

    def validatePage(self) -> bool:  # noqa: N802  (Qt override)
        return self.w.import_result is not None

    def nextId(self) -> int:  # noqa: N802  (Qt override)
        return PAGE_REPORT


def _hold_auto_lock(delta: int) -> None:
    """`workers.busy()` keeps auto-lock from closing the vault under a running import; run_with_progress
    counts its own tasks, a Task started directly does not, so the count is kept here."""
    workers._running += delta  # noqa: SLF001  (the counter behind workers.busy())


# ---- report ------------------------------------------------------------------------------------
class ReportPage(QWizardPage):
    """Counts, the rows that were not simply created (with reasons), the .xlsx report and Undo."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Import finished"))
        self.setFinalPage(True)
        self.file = QLabel()
        self.file.setWordWrap(True)
        self.form = form = QFormLayout()
        self.totals = make_totals(form)
        self.table = read_only_table(4)
        self.table.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Outcome"), self.tr("Client"),
                                              self.tr("Reasons")])
        self.table.verticalHeader().hide()
        self.rows_title = QLabel(self.tr("Rows that need a look:"))
        self.save_button = QPushButton(self.tr("Save report as .xlsx…"))
        self.undo_button = QPushButton(self.tr("Undo this import"))
        self.save_button.clicked.connect(self.save_report)
        self.undo_button.clicked.connect(self.undo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        self.message = message_label(NOTE_STYLE)
        top = QHBoxLayout()
        top.addLayout(form)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.file)
        layout.addLayout(top)
        layout.addWidget(self.rows_title)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addStretch(0)  # takes the room only when no row needs a look (the table is hidden)

    def status_text(self, status: str) -> str:
        return {"created": self.tr("created"), "updated": self.tr("updated"),
                "merged": self.tr("joined with a row above"), "skipped": self.tr("skipped"),
                "rejected": self.tr("rejected")}.get(status, status)

    def initializePage(self) -> None:  # noqa: N802  (Qt override)
        result = self.w.import_result
        assert result is not None
        lang = self.w.lang()
        self.file.setText(self.tr("“%1” was imported as import no. %2.").replace("%1", result.file_name)
                          .replace("%2", str(result.batch_id)))
        totals_form(self.form, result, self.w.kind, self.totals)
        outcomes = sorted(result.outcomes, key=lambda o: (o.status != "rejected", o.row_no))
        self.table.setRowCount(len(outcomes))
        for r, o in enumerate(outcomes):
            cells = (str(o.row_no), self.status_text(o.status), o.name,
                     join_sentences(reason.text(lang) for reason in o.reasons))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 3:
                    item.setToolTip("\n".join(reason.text(lang) for reason in o.reasons))
                if o.status == "rejected":
                    item.setForeground(QBrush(QColor("#b00020")))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.rows_title.setVisible(bool(outcomes))
        self.table.setVisible(bool(outcomes))
        self.undo_button.setEnabled(result.batch_id is not None)
        say(self.message, None)

    def save_report(self) -> None:
        result = self.w.import_result
        assert result is not None
        stem = self.tr("import-report")
        default = Path.home() / f"{stem}-{result.batch_id}.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the import report"), str(default),
                                              self.tr("Excel workbook (*.xlsx)"))
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        try:
            write_report(result, target, self.w.lang())
        except OSError as exc:
            say(self.message, self.tr("The report could not be saved: %1").replace("%1", exc.strerror or str(exc)),
                ERROR_STYLE)
            return
        say(self.message, self.tr("The report was saved to %1.").replace("%1", str(target)), NOTE_STYLE)

    def undo(self) -> None:
        result = self.w.import_result
        if result is None or result.batch_id is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Undo this import"),
            self.tr("Delete the cards this import created and put back the values it changed?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        vault, batch_id = self.w.vault, result.batch_id
        counts, error = self.w.work(self.tr("Undoing the import…"), lambda _progress, _cancel: undo_import(vault, batch_id),
                                    cancellable=False)
        if counts is None:
            say(self.message, error, ERROR_STYLE)
            return
        self.undo_button.setEnabled(False)
        say(self.message, self.tr("The import was undone: %1 cards deleted, %2 cards restored.")
            .replace("%1", str(counts["deleted"])).replace("%2", str(counts["restored"])), NOTE_STYLE)
        self.w.changed.emit()
