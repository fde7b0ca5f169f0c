"""The first four pages of the import wizard: the file, the sheet, the header row, the column mapping.

Each page shows what the core found and lets the user change it; a change that needs the file read
again (another file, sheet or header row) is done in the page's `validatePage`, so a bad choice gets
its message on the page it was made on and the wizard stays there.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from clientbook.core import customfields
from clientbook.core.importing.encodings import OFFERED_ENCODINGS, TEXT_ENCODED_FORMATS, encoding_title
from clientbook.core.importing.fields import CUSTOM_PREFIX, EXTRA, SKIP, targets_for
from clientbook.core.importing.mapping import column_letter, level
from clientbook.core.importing.normalize import cell_text, is_empty
from clientbook.core.importing.orders import looks_like_orders
from clientbook.core.messages import Message
from clientbook.ui.import_steps import (
    ERROR_STYLE,
    NOTE_STYLE,
    PAGE_HEADER,
    PAGE_SHEET,
    WARNING_STYLE,
    message_label,
    read_only_table,
    say,
)

if TYPE_CHECKING:
    from clientbook.ui.import_wizard import ImportWizard

NEW_CUSTOM = "__new_custom__"
FILE_FILTER_EXTENSIONS = "*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.txt *.tsv"
SHEET_PREVIEW_ROWS = 15
SAMPLE_VALUES = 3
def fill_raw_rows(table: QTableWidget, rows: Sequence[Sequence[Any]], *, first_row: int = 1) -> None:
    """Cells as the user typed them, columns lettered like the spreadsheet, rows numbered from 1."""
    width = max((len(r) for r in rows), default=0)
    table.clear()
    table.setRowCount(len(rows))
    table.setColumnCount(width)
    table.setHorizontalHeaderLabels([column_letter(i) for i in range(width)])
    table.setVerticalHeaderLabels([str(first_row + i) for i in range(len(rows))])
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            text = cell_text(value)
            if text:
                item = QTableWidgetItem(text if len(text) <= 80 else text[:79] + "…")
                if len(text) > 80:
                    item.setToolTip(text[:1000])
                table.setItem(r, c, item)
    table.resizeColumnsToContents()
    for c in range(width):
        table.setColumnWidth(c, min(table.columnWidth(c), 220))


class FilePage(QWizardPage):
    """Which file and what it holds; a bad file gets one clear message here and nothing is written."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Choose the file to import"))
        intro = QLabel(self.tr("Excel (.xlsx, .xlsm, .xls, .xlsb), OpenDocument (.ods) or text (.csv, .txt). "
                               "You can also drop a file onto the main window."))
        intro.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("Path to the file"))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        kind_label = QLabel(self.tr("The file holds:"))
        self.clients_radio = QRadioButton(self.tr("Clients (one row per client)"))
        self.purchases_radio = QRadioButton(self.tr("Purchases or orders (client, date, amount)"))
        self.history_radio = QRadioButton(self.tr("History (contacts, visits)"))
        self.history_radio.setToolTip(self.tr("Calls, visits, letters, complaints, surveys: client, date and "
                                              "time, kind, subject or text"))
        self.clients_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.clients_radio)
        group.addButton(self.purchases_radio)
        group.addButton(self.history_radio)
        self.message = message_label()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addSpacing(12)
        layout.addWidget(kind_label)
        layout.addWidget(self.clients_radio)
        layout.addWidget(self.purchases_radio)
        layout.addWidget(self.history_radio)
        layout.addSpacing(12)
        layout.addWidget(self.message)
        layout.addStretch(1)
        if wizard.path is not None:
            self.path_edit.setText(str(wizard.path))
        self.path_edit.textChanged.connect(self._edited)
        group.buttonToggled.connect(lambda *_a: say(self.message, None))

    def kind(self) -> str:
        if self.history_radio.isChecked():
            return "history"
        return "purchases" if self.purchases_radio.isChecked() else "clients"

    def _edited(self) -> None:
        say(self.message, None)
        self.completeChanged.emit()

    def choose_file(self) -> None:
        start = self.path_edit.text().strip() or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose the file to import"), start,
                                              self.tr("Spreadsheets (%1);;All files (*)").replace(
                                                  "%1", FILE_FILTER_EXTENSIONS))
        if path:
            self.path_edit.setText(path)

    def isComplete(self) -> bool:  # noqa: N802  (Qt override)
        return bool(self.path_edit.text().strip())

    def validatePage(self) -> bool:  # noqa: N802  (Qt override)
        path = Path(self.path_edit.text().strip()).expanduser()
        if self.w.survey is not None and self.w.path == path and self.w.kind == self.kind():
            say(self.message, None)
            return True  # read already (or Next again after the "no header" notice): keep the user's choices
        if self.w.path != path:
            self.w.encoding = None  # another file: its own encoding is detected again
        error = self.w.read_file(path, self.kind())
        if error is not None:
            say(self.message, error, ERROR_STYLE)
            return False
        if self.w.analysis.layout.header_row is None:
            notice = Message("import_no_header", {"name": path.name}).text(self.w.lang())
            say(self.message, notice + " " + self.tr("Press Next to choose the header row or to go on "
                                                     "without one."), WARNING_STYLE)
            return False
        say(self.message, None)
        return True

    def nextId(self) -> int:  # noqa: N802  (Qt override)
        survey = self.w.survey
        return PAGE_SHEET if survey is not None and len(survey.analysis.sheets) > 1 else PAGE_HEADER


class SheetPage(QWizardPage):
    """The sheet that looks like a client (or order) list comes first and is chosen already."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Choose the sheet"))
        intro = QLabel(self.tr("The workbook has several sheets. The one that looks most like a list is "
                               "suggested; its first rows are shown on the right."))
        intro.setWordWrap(True)
        self.sheets = QListWidget()
        self.preview = read_only_table()
        splitter = QSplitter()
        splitter.addWidget(self.sheets)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 700])
        self.message = message_label()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        self.sheets.currentItemChanged.connect(self._show_sheet)

    def initializePage(self) -> None:  # noqa: N802  (Qt override)
        a = self.w.analysis
        with QSignalBlocker(self.sheets):
            self.sheets.clear()
            ordered = [a.sheet, *(s for s in a.sheets if s != a.sheet)]
            for name in ordered:
                label = self.tr("%1 (suggested)").replace("%1", name) if name == a.sheet else name
                if not self.w.survey or not any(any(not is_empty(v) for v in r) for r in
                                                self.w.survey.heads.get(name, [])):
                    label = self.tr("%1 (empty)").replace("%1", name) if name != a.sheet else label
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, name)
                self.sheets.addItem(item)
            self.sheets.setCurrentRow(0)
        self._show_sheet()
        say(self.message, None)

    def chosen(self) -> str:
        item = self.sheets.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else self.w.analysis.sheet

    def _show_sheet(self, *_args: object) -> None:
        heads = self.w.survey.heads if self.w.survey else {}
        fill_raw_rows(self.preview, heads.get(self.chosen(), [])[:SHEET_PREVIEW_ROWS])
        say(self.message, None)

    def validatePage(self) -> bool:  # noqa: N802  (Qt override)
        sheet = self.chosen()
        if sheet == self.w.analysis.sheet:
            return True
        assert self.w.path is not None
        error = self.w.read_file(self.w.path, self.w.kind, sheet=sheet)
        if error is not None:
            say(self.message, error)
            return False
        return True


class HeaderPage(QWizardPage):
    """Title rows above the table are skipped; the user can point at the header row or say there is none."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Find the row with the column names"))
        self.found = QLabel()
        self.found.setWordWrap(True)
        self.encoding_label = QLabel(self.tr("Text encoding:"))
        self.encoding = QComboBox()
        self.encoding.setToolTip(self.tr("If the names in the table below look like gibberish (Ôàìèëèÿ, ����), "
                                         "choose the encoding the file was saved in."))
        self.encoding_label.setBuddy(self.encoding)
        encoding_row = QHBoxLayout()
        encoding_row.addWidget(self.encoding_label)
        encoding_row.addWidget(self.encoding)
        encoding_row.addStretch(1)
        self.table = read_only_table()
        self.in_row = QRadioButton(self.tr("The column names are in row"))
        self.row_spin = QSpinBox()
        self.row_spin.setMinimum(1)
        self.no_header = QRadioButton(self.tr("There is no header row: name the columns A, B, C…"))
        group = QButtonGroup(self)
        group.addButton(self.in_row)
        group.addButton(self.no_header)
        choice = QHBoxLayout()
        choice.addWidget(self.in_row)
        choice.addWidget(self.row_spin)
        choice.addStretch(1)
        hint = QLabel(self.tr("Click a row in the table to use it as the header."))
        hint.setStyleSheet(NOTE_STYLE)
        self.message = message_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.found)
        layout.addLayout(encoding_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addLayout(choice)
        layout.addWidget(self.no_header)
        layout.addWidget(self.message)
        self.table.cellClicked.connect(lambda row, _col: self.choose(row))
        self.row_spin.valueChanged.connect(lambda _v: self._mark())
        group.buttonToggled.connect(lambda *_a: self._mark())
        self.encoding.currentIndexChanged.connect(lambda _i: self._encoding_chosen())

    def _fill_encodings(self) -> None:
        """Automatic (naming what was detected) first, then the offered encodings; shown only where the
        file's text has an encoding to choose (text files, old .xls)."""
        a = self.w.analysis
        applies = a.source.kind.format in TEXT_ENCODED_FORMATS
        self.encoding_label.setVisible(applies)
        self.encoding.setVisible(applies)
        detected = encoding_title(self.w.detected_encoding)
        auto = self.tr("Automatic (detected: %1)").replace("%1", detected) if detected else \
            self.tr("Automatic (the file's own)")
        with QSignalBlocker(self.encoding):
            self.encoding.clear()
            self.encoding.addItem(auto, None)
            for key, title in OFFERED_ENCODINGS:
                self.encoding.addItem(title, key)
            index = self.encoding.findData(self.w.encoding) if self.w.encoding else 0
            self.encoding.setCurrentIndex(max(index, 0))

    def _encoding_chosen(self) -> None:
        """Re-read the file in the chosen encoding (in the worker, like every read); the header row is
        looked for again, since the column names only now read right."""
        chosen = self.encoding.currentData()
        if chosen == self.w.encoding:
            return
        previous, self.w.encoding = self.w.encoding, chosen
        a = self.w.analysis
        assert self.w.path is not None
        # an old .xls's sheet names change with the encoding too: then the sheet is found again
        sheet = a.sheet if a.source.kind.format != "xls" or a.sheet.isascii() else None
        error = self.w.read_file(self.w.path, self.w.kind, sheet=sheet)
        if error is not None:
            self.w.encoding = previous
            self._fill_encodings()
            say(self.message, error)
            return
        self.initializePage()

    def initializePage(self) -> None:  # noqa: N802  (Qt override)
        a = self.w.analysis
        self._fill_encodings()
        heads = self.w.survey.heads.get(a.sheet, []) if self.w.survey else []
        fill_raw_rows(self.table, heads)
        self.row_spin.setMaximum(max(1, len(heads)))
        header = a.layout.header_row
        with QSignalBlocker(self.row_spin):
            self.row_spin.setValue((header if header is not None else a.layout.data_start) + 1)
        (self.in_row if header is not None else self.no_header).setChecked(True)
        if header is None:
            self.found.setText(self.tr("No row with column names was found. Point at it below, or import "
                                       "without a header."))
        else:
            self.found.setText(self.tr("The column names were found in row %1. Rows above it are skipped "
                                       "as titles.").replace("%1", str(header + 1)))
        say(self.message, None)
        self._mark()

    def chosen(self) -> int | None:
        return None if self.no_header.isChecked() else self.row_spin.value() - 1

    def choose(self, row: int) -> None:
        self.row_spin.setValue(row + 1)
        self.in_row.setChecked(True)

    def _mark(self) -> None:
        """The header row in bold, the skipped title rows greyed out."""
        header = self.chosen()
        data_start = header + 1 if header is not None else self.w.analysis.layout.data_start
        bold = QFont(self.table.font())
        bold.setBold(True)
        for r in range(self.table.rowCount()):
            for c in range(self.table.columnCount()):
                item = self.table.item(r, c)
                if item is None:
                    continue
                item.setFont(bold if r == header else self.table.font())
                item.setForeground(QBrush(QColor("#999999")) if r < data_start and r != header else QBrush())
                item.setBackground(QBrush(QColor("#dbe9f7")) if r == header else QBrush())
        say(self.message, None)

    def validatePage(self) -> bool:  # noqa: N802  (Qt override)
        a = self.w.analysis
        chosen = self.chosen()
        if chosen == a.layout.header_row:
            return True
        assert self.w.path is not None
        error = self.w.read_file(self.w.path, self.w.kind, sheet=a.sheet, header_row=chosen)
        if error is not None:
            say(self.message, error)
            return False
        return True


class MappingPage(QWizardPage):
    """Source column → field; suggested by the core (or remembered from last time), changed per column."""

    COL_SOURCE, COL_SAMPLE, COL_TARGET, COL_CONFIDENCE = range(4)

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Say where each column goes"))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Column in the file"), self.tr("Sample values"),
                                              self.tr("Import into"), self.tr("Confidence")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.COL_SOURCE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.COL_SAMPLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.COL_TARGET, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(self.COL_SOURCE, 220)
        self.table.setColumnWidth(self.COL_TARGET, 300)
        header.setSectionResizeMode(self.COL_CONFIDENCE, QHeaderView.ResizeMode.ResizeToContents)
        self.doubts = message_label(WARNING_STYLE)
        self.warning = message_label(WARNING_STYLE)
        self.message = message_label()
        self.orders_note = QLabel()  # an orders sheet imported as clients: offer the rows as purchases
        self.orders_note.setWordWrap(True)
        self.orders_box = QCheckBox(self.tr("Also import each row as a purchase of its client's card"))
        self.orders_box.toggled.connect(self._orders_chosen)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.doubts)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.orders_note)
        layout.addWidget(self.orders_box)
        layout.addWidget(self.warning)
        layout.addWidget(self.message)
        self.combos: list[QComboBox] = []

    # ---- building ----------------------------------------------------------------------------
    def target_items(self) -> list[tuple[str, str]]:
        kind = self.w.kind
        ru = self.w.lang() == "ru"
        items = [(self.tr("Do not import"), SKIP)]
        if kind == "clients":
            items.append((self.tr("Keep in the card's notes"), EXTRA))
        items += [(t.ru if ru else t.en, t.key) for t in targets_for(kind)]
        if kind == "clients":
            labels = self._custom_labels()
            items += [(self.tr("Custom field: %1").replace("%1", label), CUSTOM_PREFIX + label) for label in labels]
            items.append((self.tr("New custom field…"), NEW_CUSTOM))
        return items

    def _custom_labels(self) -> list[str]:
        with self.w.vault.session() as session:
            labels = customfields.labels(session, "client")
        for target in self.w.mapping.targets.values():
            if target.startswith(CUSTOM_PREFIX) and target[len(CUSTOM_PREFIX):] not in labels:
                labels.append(target[len(CUSTOM_PREFIX):])
        return labels

    def initializePage(self) -> None:  # noqa: N802  (Qt override)
        a = self.w.analysis
        if a.mapping_remembered and self.w.mapping.targets == a.mapping.targets:
            self.note.setText(self.tr("The columns are set up as you did the last time you imported a file "
                                      "with these columns. Check them and change what is wrong."))
        else:
            self.note.setText(self.tr("Each column's field is suggested from its name and values. Several "
                                      "columns may go into one field (phones, e-mails, notes); a column you "
                                      "do not need can be left out."))
        items = self.target_items()
        self.table.setRowCount(len(a.headers))
        self.combos = []
        samples = [values for _, values in a.sample]
        for i, header in enumerate(a.headers):
            letter = column_letter(i)
            source = QTableWidgetItem(letter if header == letter else f"{letter} · {header}")
            source.setToolTip(header)
            self.table.setItem(i, self.COL_SOURCE, source)
            values = _sample_values(samples, i)
            sample = QTableWidgetItem(" · ".join(values) or self.tr("(empty)"))
            sample.setToolTip("\n".join(values))
            if not values:
                sample.setForeground(QBrush(QColor("#999999")))
            self.table.setItem(i, self.COL_SAMPLE, sample)
            combo = QComboBox()
            combo.setMaxVisibleItems(20)
            for text, key in items:
                combo.addItem(text, key)
            target = self.w.mapping.targets.get(i, SKIP)
            index = combo.findData(target)
            combo.setCurrentIndex(index if index >= 0 else 0)
            combo.setProperty("previous", combo.currentData())
            combo.currentIndexChanged.connect(lambda _idx, column=i, box=combo: self.target_chosen(column, box))
            self.table.setCellWidget(i, self.COL_TARGET, combo)
            self.combos.append(combo)
            self.table.setItem(i, self.COL_CONFIDENCE, QTableWidgetItem())
        self._check()
        self._offer_orders()
        say(self.message, None)

    def _offer_orders(self) -> None:
        """A repeating client code with order dates and amounts: one card per client, and the choice
        to keep every row as a purchase of that card (`ImportOptions.rows_as_purchases`)."""
        a = self.w.analysis
        hint = None
        if self.w.kind == "clients":
            hint = looks_like_orders(a.headers, [r for _, r in a.sample], self.w.mapping)
        self.orders_note.setVisible(hint is not None)
        self.orders_box.setVisible(hint is not None)
        if hint is None:
            self.orders_box.setChecked(False)
            return
        columns = ", ".join(f"«{a.headers[i]}»" for i in sorted(hint.purchase_columns))
        self.orders_note.setText(
            self.tr("This looks like an orders sheet: the client code in “%1” repeats (%2 rows for %3 clients "
                    "at the start) and there are order columns (%4). Each client becomes one card.")
            .replace("%1", a.headers[hint.identity_column]).replace("%2", str(hint.rows))
            .replace("%3", str(hint.clients)).replace("%4", columns))

    def _orders_chosen(self, checked: bool) -> None:
        self.w.rows_as_purchases = checked

    # ---- editing -----------------------------------------------------------------------------
    def set_target(self, column: int, key: str) -> None:
        """Choose a field for a column as the user would with the combo box (tests use it too)."""
        combo = self.combos[column]
        index = combo.findData(key)
        if index < 0:
            raise KeyError(key)
        combo.setCurrentIndex(index)

    def target_chosen(self, column: int, combo: QComboBox) -> None:
        key = str(combo.currentData())
        if key == NEW_CUSTOM:
            header = self.w.analysis.headers[column]
            label, ok = QInputDialog.getText(self, self.tr("New custom field"), self.tr("Name of the new field:"),
                                             QLineEdit.EchoMode.Normal, header)
            label = label.strip()[:200]
            with QSignalBlocker(combo):
                if not ok or not label:
                    combo.setCurrentIndex(max(0, combo.findData(combo.property("previous"))))
                    return
                key = CUSTOM_PREFIX + label
                for box in self.combos:  # every column can now go into the new field
                    if box.findData(key) < 0:
                        box.insertItem(box.findData(NEW_CUSTOM), self.tr("Custom field: %1").replace("%1", label), key)
                combo.setCurrentIndex(combo.findData(key))
        combo.setProperty("previous", key)
        self.w.mapping.targets[column] = key
        self._check()
        self._offer_orders()

    # ---- confidence and doubts ------------------------------------------------------------------
    def level_text(self, column: int) -> str:
        """"high · 95 %", or "your choice" for a field the user picked (tests read it too)."""
        target = self.w.mapping.targets.get(column, SKIP)
        why = self.w.analysis.mapping.why(column, target)
        if why == "user":
            return self.tr("your choice")
        confidence = self.w.analysis.mapping.confidence(column, target)
        words = {"high": self.tr("high"), "medium": self.tr("medium"), "low": self.tr("low")}
        return f"{words[level(confidence)]} · {round(confidence * 100)} %"

    def _why_text(self, why: str) -> str:
        reasons = {
            "header": self.tr("the column's name"), "header_fuzzy": self.tr("a name close to the column's"),
            "header_part": self.tr("a word inside the column's name"), "values_email": self.tr("its values are e-mails"),
            "values_phone": self.tr("its values are phone numbers"), "values_date": self.tr("its values are dates"),
            "values_code": self.tr("its values are codes"), "values_yesno": self.tr("its values are yes/no"),
            "values_names": self.tr("its values are names of two or three words"),
            "values_number": self.tr("its values are numbers"),
            "values_unnamed": self.tr("its values are digits or codes, not names"),
            "values_known_codes": self.tr("its values are codes of clients in the base"), "unknown": self.tr("not recognised: kept as is"),
            "name_parts": self.tr("separate last and first name columns exist"), "empty": self.tr("the column is empty"),
            "user": self.tr("chosen by you")}
        return reasons.get(why, why)

    def _show_confidence(self) -> None:
        scores = self.w.analysis.mapping
        for i in range(self.table.rowCount()):
            item = self.table.item(i, self.COL_CONFIDENCE)
            if item is None:
                continue
            target = self.w.mapping.targets.get(i, SKIP)
            item.setText(self.level_text(i))
            item.setToolTip(self._why_text(scores.why(i, target)))
            colour = {"high": "#1b6e20", "medium": "#8a5a00", "low": "#b00020"}[level(scores.confidence(i, target))]
            item.setForeground(QBrush(QColor(colour)))
        lines = [d.message.text(self.w.lang()) for d in self.w.analysis.doubts(self.w.mapping)]
        say(self.doubts, "\n".join(f"⚠ {line}" for line in lines) if lines else None)

    def doubt_lines(self) -> list[str]:
        text = self.doubts.text()
        return [line for line in text.split("\n") if line]

    def _check(self) -> None:
        """Say when two columns fight over a single-valued field (the later value would win)."""
        self._show_confidence()
        multi = {t.key for t in targets_for(self.w.kind) if t.multi} | {SKIP, EXTRA}
        seen: dict[str, list[str]] = {}
        for i, target in sorted(self.w.mapping.targets.items()):
            if target not in multi and not target.startswith(CUSTOM_PREFIX):
                seen.setdefault(target, []).append(column_letter(i))
        clashes = [(key, cols) for key, cols in seen.items() if len(cols) > 1]
        if clashes:
            names = dict((k, t) for t, k in self.target_items())
            text = "; ".join(self.tr("columns %1 all go into “%2”: only one value per row is kept")
                             .replace("%1", ", ".join(cols)).replace("%2", names.get(key, key))
                             for key, cols in clashes)
            say(self.warning, text)
        else:
            say(self.warning, None)
        say(self.message, None)

    def validatePage(self) -> bool:  # noqa: N802  (Qt override)
        targets = set(self.w.mapping.targets.values()) - {SKIP}
        if not targets:
            say(self.message, Message("import_no_columns").text(self.w.lang()))
            return False
        if self.w.kind == "clients" and not targets & {"full_name", "last_name", "first_name", "company_name"}:
            say(self.message, self.tr("Choose the column with the client's name or company: without it every "
                                      "row would be rejected."))
            return False
        if self.w.kind in ("purchases", "history"):
            if "date" not in targets:
                say(self.message, self.tr("Choose the column with the date of the purchase.") if self.w.kind ==
                    "purchases" else self.tr("Choose the column with the date of the contact or visit."))
                return False
            if not targets & {"client_code", "full_name", "company_name", "phone", "email"}:
                say(self.message, self.tr("Choose a column that tells the client: code, name, phone or e-mail."))
                return False
        return True


def _sample_values(rows: Sequence[Sequence[Any]], column: int) -> list[str]:
    values: list[str] = []
    for row in rows:
        value = row[column] if column < len(row) else None
        if is_empty(value):
            continue
        text = cell_text(value)
        text = text if len(text) <= 40 else text[:39] + "…"
        if text not in values:
            values.append(text)
        if len(values) >= SAMPLE_VALUES:
            break
    return values
