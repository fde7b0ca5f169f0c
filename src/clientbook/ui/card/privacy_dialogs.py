"""The card's "Personal data" menu (SPEC §13): the subject report and the erasure with its act.

Both dialogs are thin fronts over clientbook.core.privacy: the report dialog shows what is stored
(sections and counts) before writing it; the erase dialog asks for the ground and a confirmation,
runs the erasure on a worker (restore point, delete, vacuum take seconds on a big vault), writes the
act and, if asked, rewrites the backups that hold the person; the result dialog lists what was
destroyed and the backups that still hold the person with the date each leaves the rotation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
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
    QMenu,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clientbook.core.errors import KnownError
from clientbook.core.privacy import act, holding, report
from clientbook.core.privacy import erase as erasing
from clientbook.core.vault import Vault
from clientbook.ui.card import labels
from clientbook.ui.card.fields import ErrorLabel
from clientbook.ui.workers import Task, run_with_progress, start


def _tree(headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setColumnWidth(0, 460)
    return tree


class PrivacyReportDialog(QDialog):
    """What is stored about the person, section by section, and the export to .xlsx or JSON."""

    def __init__(self, vault: Vault, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.client_id = client_id
        self._generation = 0
        self._task: Task | None = None
        self.counted = False
        self.setWindowTitle(self.tr("Personal data report"))
        self.resize(640, 560)
        self.intro = QLabel(self.tr("Everything stored about this person: the card, contacts, history, purchases, "
                                    "consents with their evidence, custom fields, imports and merges in their past, "
                                    "the change log about them and the backups that hold them."))
        self.intro.setWordWrap(True)
        self.sections = _tree([self.tr("Section"), self.tr("Items")])
        self.format = QComboBox()
        self.format.addItem(self.tr("Excel workbook (.xlsx)"), "xlsx")
        self.format.addItem(self.tr("JSON (.json)"), "json")
        self.sensitive = QCheckBox(self.tr("Include sensitive custom fields"))
        self.sensitive.setChecked(True)
        self.sensitive.toggled.connect(lambda _on: self.refresh())
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.error = ErrorLabel()
        self.save_button = QPushButton(self.tr("Save report…"))
        self.save_button.clicked.connect(self.choose_and_save)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        form = QFormLayout()
        form.addRow(self.tr("Format"), self.format)
        form.addRow("", self.sensitive)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.sections, 1)
        layout.addLayout(form)
        layout.addWidget(self.state)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        """Counts per section, gathered on a worker (0.15 s CPU at 100,000 clients: over the GUI budget)."""
        vault, client_id, sensitive = self.vault, self.client_id, self.sensitive.isChecked()
        self._generation += 1
        generation = self._generation
        self.wait_for_counts()

        def work() -> dict[str, int]:
            with vault.engine.connect() as conn:
                data = report.gather(conn, client_id, include_sensitive=sensitive)
            data["sections"]["backups"] = holding.backups_holding(
                vault, since=data["sections"]["card"][0].get("created_at"))
            return {key: len(rows) for key, rows in data["sections"].items()}

        task = Task(work, pass_callbacks=False)
        task.signals.finished.connect(lambda counts, g=generation: self._fill(g, counts),
                                      Qt.ConnectionType.QueuedConnection)
        task.signals.failed.connect(lambda exc, g=generation: self._fill(g, {}), Qt.ConnectionType.QueuedConnection)
        self._task = start(task)

    def wait_for_counts(self, timeout: float = 30.0) -> None:
        """Block until a running count has finished: the vault must not close under it."""
        if self._task is not None:
            self._task.done.wait(timeout)
            self._task = None

    def _fill(self, generation: int, counts: dict[str, int]) -> None:
        if generation != self._generation:
            return
        self.sections.clear()
        lang = labels.language()
        for key, count in counts.items():
            title = report.SECTIONS[key][0 if lang == "ru" else 1]
            self.sections.addTopLevelItem(QTreeWidgetItem([title, str(count)]))
        self.counted = True

    def done(self, code: int) -> None:
        self.wait_for_counts()
        super().done(code)

    def save_to(self, path: Path) -> int:
        fmt = str(self.format.currentData())
        try:
            items: int = run_with_progress(self, self.tr("Writing the report…"), lambda progress, should_cancel:
                                           report.export_report(self.vault, self.client_id, path, fmt,
                                                                lang=labels.language(),
                                                                include_sensitive=self.sensitive.isChecked()),
                                           cancellable=False)
        except KnownError as exc:
            self.error.show_message(exc.text(labels.language()))
            return 0
        self.error.clear_message()
        self.state.setText(self.tr("Saved: %1 (%2 items). The file is not encrypted: hand it to the person "
                                   "and delete your copy.").replace("%1", str(path)).replace("%2", str(items)))
        return items

    def choose_and_save(self) -> None:
        fmt = str(self.format.currentData())
        name, _filter = QFileDialog.getSaveFileName(self, self.tr("Save report"), f"personal-data.{fmt}",
                                                    f"*.{fmt}")
        if name:
            self.save_to(Path(name))


class EraseDialog(QDialog):
    """Ground, act file, backups option and an explicit confirmation before an erasure."""

    erased = Signal(object)  # EraseResult

    def __init__(self, vault: Vault, client_id: int, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.client_id = client_id
        self.erase_result: erasing.EraseResult | None = None
        self.rewrite: erasing.RewriteResult | None = None
        self.act_files: list[Path] = []
        self.setWindowTitle(self.tr("Erase personal data"))
        self.resize(640, 460)
        self.explain = QLabel(self.tr(
            "“%1” and everything linked will be deleted: phones, e-mails, contact persons, history, reminders, "
            "consents, custom fields. Purchases keep their date and amount without the person. The change log "
            "keeps no personal data of them, and the search index and free space of the file are cleaned.\n\n"
            "A restore point is made first. Backups made earlier still hold the person until they leave the "
            "rotation (at most the set number of days) or are rewritten.").replace("%1", name))
        self.explain.setWordWrap(True)
        self.ground = QComboBox()
        self.ground.addItem(self.tr("The person's request"), "request")
        self.ground.addItem(self.tr("Consent to processing withdrawn"), "withdrawal")
        self.ground.addItem(self.tr("Purpose of processing achieved"), "end_of_purpose")
        self.act_path = QLineEdit()
        self.act_path.setPlaceholderText(self.tr("where to save the act of destruction (.xlsx and .html)"))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self.choose_act)
        act_row = QHBoxLayout()
        act_row.addWidget(self.act_path, 1)
        act_row.addWidget(browse)
        self.rewrite_backups = QCheckBox(self.tr("Also rewrite the backups that hold the person (each is checked again)"))
        self.confirm = QCheckBox(self.tr("I understand: the data cannot be brought back from this vault"))
        self.error = ErrorLabel()
        self.erase_button = QPushButton(self.tr("Erase"))
        self.erase_button.setEnabled(False)
        self.confirm.toggled.connect(self.erase_button.setEnabled)
        self.erase_button.clicked.connect(self.run)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Ground"), self.ground)
        form.addRow(self.tr("Act"), act_row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addLayout(form)
        layout.addWidget(self.rewrite_backups)
        layout.addWidget(self.confirm)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(buttons)

    def choose_act(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(self, self.tr("Save the act"), "act.xlsx", "*.xlsx")
        if name:
            self.act_path.setText(name)

    def run(self) -> None:
        ground = str(self.ground.currentData())
        act_target = self.act_path.text().strip()
        rewrite = self.rewrite_backups.isChecked()
        lang = labels.language()

        def work(progress: Any, should_cancel: Any) -> tuple[Any, list[Path], Any]:
            done = erasing.erase(self.vault, self.client_id, ground, progress=progress)
            files = act.write_act(done, Path(act_target), vault_name=self.vault.path.name, lang=lang) \
                if act_target else []
            again = None
            if rewrite and done.holding:
                erasure = {"id": done.erasure_id, "at": done.at.isoformat() + "+00:00"}
                again = erasing.rewrite_backups(self.vault, erasure, done.client_id, done.holding)
                done.holding = [b for b in done.holding if b["file"] not in again.rewritten]
            return done, files, again

        try:
            self.erase_result, self.act_files, self.rewrite = run_with_progress(
                self, self.tr("Erasing…"), work, cancellable=False)
        except KnownError as exc:
            self.error.show_message(exc.text(lang))
            return
        self.erased.emit(self.erase_result)
        self.accept()


class EraseResultDialog(QDialog):
    """What was destroyed, the act files, and the backups that still hold the person, with dates."""

    def __init__(self, result: erasing.EraseResult, act_files: list[Path], rewrite: erasing.RewriteResult | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lang = labels.language()
        self.setWindowTitle(self.tr("Personal data erased"))
        self.resize(680, 520)
        self.summary = QLabel(result.message().text(lang))
        self.summary.setWordWrap(True)
        self.destroyed_rows = _tree([self.tr("Destroyed"), self.tr("Rows")])
        names = act.TEXT["ru" if lang == "ru" else "en"]
        for table, count in result.counts.items():
            if count:
                self.destroyed_rows.addTopLevelItem(QTreeWidgetItem([names.get(table, table), str(count)]))
        self.backups = _tree([self.tr("Backup still holding the person"), self.tr("Deleted by")])
        for item in result.holding:
            self.backups.addTopLevelItem(QTreeWidgetItem([f"{item['file']} ({item['kind']})",
                                                          item.get("leaves_by") or "?"]))
        self.no_backups = QLabel(self.tr("No backup holds the person any more."))
        self.no_backups.setVisible(not result.holding)
        lines = [self.tr("Act: %1").replace("%1", str(p)) for p in act_files]
        if rewrite is not None:
            lines += [self.tr("Rewritten without the person: %1").replace("%1", n) for n in rewrite.rewritten]
            lines += [p.text(lang) for p in rewrite.problems]
        self.notes = QLabel("\n".join(lines))
        self.notes.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.destroyed_rows, 1)
        layout.addWidget(self.backups, 1)
        layout.addWidget(self.no_backups)
        layout.addWidget(self.notes)
        layout.addWidget(buttons)


class PrivacyButton(QToolButton):
    """"Personal data ▾" in the card's footer: the report and the erasure."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(self.tr("Personal data"))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_ = QMenu(self)
        self.report_action = self.menu_.addAction(self.tr("Personal data report…"))
        self.erase_action = self.menu_.addAction(self.tr("Erase personal data…"))
        self.setMenu(self.menu_)
