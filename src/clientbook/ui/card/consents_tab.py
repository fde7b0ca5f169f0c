"""The card's Consents tab (152-ФЗ): the current state per channel, the full log, grant / withdraw."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clientbook.core import consents
from clientbook.core import models as m
from clientbook.core.errors import KnownError
from clientbook.core.vault import Vault
from clientbook.ui.card import labels
from clientbook.ui.card.fields import ErrorLabel, button
from clientbook.ui.card.lazy_tab import LazyTab, make_tree
from clientbook.ui.rights import guard


class ConsentsTab(LazyTab):
    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.current = make_tree([self.tr("Channel"), self.tr("Consent"), self.tr("Since"), self.tr("Source")], 3)
        self.log = make_tree([self.tr("When"), self.tr("Channel"), self.tr("Consent"), self.tr("Source"),
                              self.tr("Evidence"), self.tr("Recorded by")], 4)
        self.form = QGroupBox(self.tr("Record consent"))
        self.channel = QComboBox()
        for code, text in labels.channels().items():
            self.channel.addItem(text, code)
        self.source = QLineEdit()
        self.source.setPlaceholderText(self.tr("website form, paper, phone call…"))
        self.evidence = QLineEdit()
        self.evidence.setPlaceholderText(self.tr("document number, link, words of the client…"))
        self.grant_button = button(self.tr("Grant"))
        self.withdraw_button = button(self.tr("Withdraw"))
        self.error = ErrorLabel()
        form = QFormLayout(self.form)
        form.addRow(self.tr("Channel"), self.channel)
        form.addRow(self.tr("Source"), self.source)
        form.addRow(self.tr("Evidence"), self.evidence)
        actions = QHBoxLayout()
        actions.addWidget(self.grant_button)
        actions.addWidget(self.withdraw_button)
        actions.addStretch(1)
        form.addRow("", actions)
        form.addRow("", self.error)
        self.save_first = QLabel(self.tr("Save the card first to record consents."))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Current consents")))
        layout.addWidget(self.current, 1)
        layout.addWidget(QLabel(self.tr("All consent events")))
        layout.addWidget(self.log, 1)
        layout.addWidget(self.save_first)
        layout.addWidget(self.form)
        self.grant_button.clicked.connect(lambda: self.record(True))
        self.withdraw_button.clicked.connect(lambda: self.record(False))

    def reload(self) -> None:
        self.current.clear()
        self.log.clear()
        saved = self.client_id is not None
        guard(self.form, self.vault, "edit", saved)
        self.save_first.setVisible(not saved)
        names = labels.channels()
        states = labels.consent_statuses()
        latest: dict[str, m.Consent] = {}
        if self.client_id is not None:
            with self.vault.session() as session:
                latest = consents.current(session, self.client_id)
                for logged in consents.history(session, self.client_id):
                    self.log.addTopLevelItem(QTreeWidgetItem([
                        labels.long_datetime(logged.at), names.get(logged.channel, logged.channel),
                        states.get(logged.status, logged.status), logged.source or "", logged.evidence or "",
                        logged.recorded_by or ""]))
        for code, name in names.items():
            event = latest.get(code)
            if event is None:
                row = [name, self.tr("not asked"), "", ""]
            else:
                row = [name, states.get(event.status, event.status), labels.long_datetime(event.at),
                       event.source or ""]
            self.current.addTopLevelItem(QTreeWidgetItem(row))

    def record(self, granted: bool) -> None:
        if self.client_id is None:
            return
        try:
            with self.vault.transaction() as session:
                consents.record_consent(session, self.client_id, self.channel.currentData(), granted,
                                        source=self.source.text().strip() or None,
                                        evidence=self.evidence.text().strip() or None)
        except KnownError as exc:
            self.error.show_message(exc.text(labels.language()))
            return
        self.error.clear_message()
        self.evidence.clear()
        self.reload()
        self.data_changed.emit()
