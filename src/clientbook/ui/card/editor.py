"""The client card (SPEC §3): header and tabs over the core's card services.

Data flow: `load()` reads the card once (`get_client`) and fills the widgets; `collect()` reads the
widgets back into a `ClientInput`; `save()` hands that to `create_client` / `update_client`, which
validate the whole card, so every problem comes back at once and is shown next to its field. A card
saved elsewhere meanwhile raises `StaleVersion`; the user then reloads or re-applies their own edits
on top of the other version — the other edits are never overwritten silently.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from clientbook.core import clients, customfields, team
from clientbook.core import models as m
from clientbook.core.clients import (
    ClientInput,
    create_client,
    display_name,
    get_client,
    to_input,
    update_client,
    validate,
)
from clientbook.core.errors import KnownError, StaleVersion, ValidationError
from clientbook.core.messages import join_sentences
from clientbook.core.vault import Vault
from clientbook.ui.card import labels
from clientbook.ui.card.changes_tab import ChangesTab
from clientbook.ui.card.consents_tab import ConsentsTab
from clientbook.ui.card.contacts_tab import ContactsTab
from clientbook.ui.card.fields import ErrorLabel, button
from clientbook.ui.card.history_tab import HistoryTab
from clientbook.ui.card.lazy_tab import LazyTab
from clientbook.ui.card.main_tab import MainTab, choice_box, set_choice
from clientbook.ui.card.privacy_dialogs import (
    EraseDialog,
    EraseResultDialog,
    PrivacyButton,
    PrivacyReportDialog,
)
from clientbook.ui.card.purchases_tab import PurchasesTab
from clientbook.ui.card.reminders_tab import RemindersTab
from clientbook.ui.rights import guard

PhoneRows = list[tuple[str, str | None, str, bool]]
HEADER_FIELDS = ("kind", "status", "temperature", "responsible", "tags")


class TagCompleter(QCompleter):
    """Completes the tag being typed after the last comma, keeping the ones before it."""

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        chosen = super().pathFromIndex(index)
        widget = self.widget()
        text = widget.text() if isinstance(widget, QLineEdit) else ""
        before = text.rsplit(",", 1)[0] + ", " if "," in text else ""
        return f"{before}{chosen}, "


def parse_tags(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


def _phone_rows(phones: list[m.Phone]) -> PhoneRows:
    return [(p.e164 or p.raw, p.extension, p.kind, p.is_primary) for p in phones]


def _field_label(name: str) -> str:
    names = labels.field_names()
    extra = {"phones": QCoreApplication.translate("ClientCard", "Phones"),
             "emails": QCoreApplication.translate("ClientCard", "E-mails"),
             "contacts": QCoreApplication.translate("ClientCard", "Contact persons"),
             "custom": QCoreApplication.translate("ClientCard", "Custom fields"),
             "birthday": QCoreApplication.translate("ClientCard", "Birthday")}
    return extra.get(name) or names.get(name, name)


def merge_edits(base: ClientInput, mine: ClientInput, theirs: ClientInput) -> ClientInput:
    """The other version with the user's own edits (fields that differ from `base`) applied on top."""
    merged = copy.deepcopy(theirs)
    for f in dataclasses.fields(ClientInput):
        if f.name == "custom":
            for key in set(mine.custom) | set(base.custom):
                if mine.custom.get(key) != base.custom.get(key):
                    merged.custom[key] = mine.custom.get(key)
        elif getattr(mine, f.name) != getattr(base, f.name):
            setattr(merged, f.name, copy.deepcopy(getattr(mine, f.name)))
    return merged


def changed_fields(before: ClientInput, after: ClientInput) -> list[str]:
    return [f.name for f in dataclasses.fields(ClientInput) if getattr(before, f.name) != getattr(after, f.name)]


class ClientCard(QDialog):
    """The card editor; opened by the main window for one client, or empty for a new one."""

    saved = Signal(int)
    DEFAULT_SIZE = (980, 720)

    def __init__(self, vault: Vault, client_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.client_id: int | None = None
        self._version: int | None = None
        self._stored = ClientInput()  # the card as loaded (to_input form), to tell what others changed
        self._baseline = ClientInput()  # the widgets' state right after loading, to tell what the user changed
        self._custom_keys: list[tuple[Any, ...]] | None = None
        self._loading = False
        self._dirty = False
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(*self.DEFAULT_SIZE)
        self._build()
        self.load(client_id)

    # ---- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.kind = choice_box(labels.client_kinds(), empty=False)
        self.status = choice_box(labels.statuses(), empty=False)
        self.temperature = choice_box(labels.temperatures())
        self.responsible = choice_box({})
        self.responsible.setToolTip(self.tr("The user who looks after this client"))
        self.responsible_label = QLabel(self.tr("Responsible"))
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("tags, separated by commas"))
        self.tag_completer = TagCompleter([], self)
        self.tag_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tag_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.tags.setCompleter(self.tag_completer)
        self.header_error = ErrorLabel()
        header_row = QHBoxLayout()
        for caption, widget in ((self.tr("Kind"), self.kind), (self.tr("Status"), self.status),
                                (self.tr("Temperature"), self.temperature)):
            header_row.addWidget(QLabel(caption))
            header_row.addWidget(widget)
            header_row.addSpacing(8)
        header_row.addWidget(self.responsible_label)
        header_row.addWidget(self.responsible)
        header_row.addSpacing(8)
        header_row.addWidget(QLabel(self.tr("Tags")))
        header_row.addWidget(self.tags, 1)

        self.main = MainTab()
        self.contacts = ContactsTab()
        self.history = HistoryTab(self.vault)
        self.purchases = PurchasesTab(self.vault)
        self.reminders = RemindersTab(self.vault)
        self.consents = ConsentsTab(self.vault)
        self.changes = ChangesTab(self.vault)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.main, self.tr("Main"))
        self.tabs.addTab(self.contacts, self.tr("Contact persons"))
        self.tabs.addTab(self.history, self.tr("History"))
        self.tabs.addTab(self.purchases, self.tr("Purchases"))
        self.tabs.addTab(self.reminders, self.tr("Reminders"))
        self.tabs.addTab(self.consents, self.tr("Consents"))
        self.tabs.addTab(self.changes, self.tr("Changes"))
        self.record_tabs: list[LazyTab] = [self.history, self.purchases, self.reminders, self.consents,
                                           self.changes]

        self.summary = ErrorLabel()
        self.state = QLabel()
        self.buttons = QDialogButtonBox()
        self.save_button = button(self.tr("Save"))
        self.save_button.setToolTip(self.tr("Save the card (Ctrl+S)"))
        self.close_button = button(self.tr("Close"))
        self.close_button.setToolTip(self.tr("Close the card (Esc)"))
        self.new_button = button(self.tr("New card"))
        self.new_button.setToolTip(self.tr("Start a new card (Ctrl+N)"))
        self.buttons.addButton(self.new_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.privacy = PrivacyButton(self)
        self.privacy.report_action.triggered.connect(self.open_privacy_report)
        self.privacy.erase_action.triggered.connect(self.open_erase)
        footer = QHBoxLayout()
        footer.addWidget(self.privacy)
        footer.addWidget(self.state, 1)
        footer.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(header_row)
        layout.addWidget(self.header_error)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.summary)
        layout.addLayout(footer)

        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self.new_button.clicked.connect(self.new_card)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)
        QShortcut(QKeySequence(QKeySequence.StandardKey.New), self, self.new_card)
        for box in (self.kind, self.status, self.temperature, self.responsible):
            box.currentIndexChanged.connect(lambda _i: self._edited())
        self.kind.currentIndexChanged.connect(lambda _i: self.main.set_kind(self.kind.currentData() or "person"))
        self.tags.textChanged.connect(lambda _t: self._edited())
        self.main.changed.connect(self._edited)
        self.contacts.changed.connect(self._edited)
        for tab in self.record_tabs:
            if tab is not self.changes:
                tab.data_changed.connect(self.changes.invalidate)

    # ---- loading -----------------------------------------------------------------------------
    def load(self, client_id: int | None) -> None:
        """Fill the card from the vault (or empty for a new card); one get_client and two small queries."""
        contact_phones: dict[int, PhoneRows] = {}
        phones: PhoneRows = []
        with self.vault.session() as session:
            definitions = customfields.fields(session, "client")
            tag_names = clients.tag_names(session)
            people = team.assignable_names(session)
            several = team.has_team(session)
            if client_id is None:
                data = ClientInput()
                version = None
            else:
                client = get_client(session, client_id)
                data = to_input(client)
                version = client.version
                phones = _phone_rows(client.phones)
                contact_phones = {c.id: _phone_rows(c.phones) for c in client.contacts}
            keys = [(d.key, d.label, d.type, tuple(d.choices or ()), d.required, d.sensitive) for d in definitions]
            if keys != self._custom_keys:
                self.main.set_custom_fields(definitions)
                self._custom_keys = keys
        self._loading = True
        try:
            self.client_id = client_id
            self._version = version
            self._stored = data
            self.tag_completer.model().setStringList(tag_names)  # type: ignore[attr-defined]
            set_choice(self.kind, data.kind)
            set_choice(self.status, data.status)
            set_choice(self.temperature, data.temperature)
            self._fill_responsible(people, data.responsible, several)
            self.tags.setText(", ".join(data.tags))
            self.main.load(data, phones)
            self.main.set_kind(data.kind or "person")
            self.contacts.load(data.contacts, contact_phones, data.country)
            for tab in self.record_tabs:
                tab.set_client(client_id)
            self.privacy.setEnabled(client_id is not None)
            # a read-only user reads the card; Save says why it cannot be pressed (the core refuses too)
            guard(self.save_button, self.vault, "edit")
            guard(self.new_button, self.vault, "edit")
            self._show_errors({})
        finally:
            self._loading = False
        self._baseline = self.collect()
        self._dirty = False
        self._update_title()
        self.state.setText("")

    def _fill_responsible(self, people: list[str], stored: str | None, several: bool) -> None:
        """The vault's users to choose from; a stored name that is no longer a user's stays choosable
        (the core keeps it), marked as such. One person with nobody set: the field would say nothing."""
        self.responsible.clear()
        self.responsible.addItem("—", None)
        for name in people:
            self.responsible.addItem(name, name)
        if stored and stored not in people:
            self.responsible.addItem(self.tr("%1 (no longer a user)").replace("%1", stored), stored)
        set_choice(self.responsible, stored)
        shown = several or bool(stored)
        self.responsible.setVisible(shown)
        self.responsible_label.setVisible(shown)

    def collect(self) -> ClientInput:
        """The card as the widgets show it now."""
        data = ClientInput(kind=self.kind.currentData() or "person", status=self.status.currentData() or "lead",
                           temperature=self.temperature.currentData(), tags=parse_tags(self.tags.text()),
                           responsible=self.responsible.currentData())
        self.main.collect(data)
        data.contacts = self.contacts.collect()
        return data

    def is_dirty(self) -> bool:
        return self.collect() != self._baseline

    def _edited(self) -> None:
        if self._loading:
            return
        self._dirty = self.is_dirty()
        self._update_title()

    def _update_title(self) -> None:
        name = display_name(self.kind.currentData() or "person", self.main.last_name.text().strip(),
                            self.main.first_name.text().strip(), self.main.middle_name.text().strip(),
                            self.main.company_name.text().strip())
        shown = name or (self.tr("New client") if self.client_id is None else self.tr("(no name)"))
        self.title.setText(shown)
        self.setWindowTitle(("* " if self._dirty else "") + shown + " — Clientbook")

    # ---- errors ------------------------------------------------------------------------------
    def _show_errors(self, errors: dict[str, str]) -> None:
        shown = self.main.show_errors(errors) | self.contacts.show_errors(errors)
        header = [text for key, text in errors.items() if key in HEADER_FIELDS]
        if header:
            self.header_error.show_message(join_sentences(header))
        else:
            self.header_error.clear_message()
        rest = [text for key, text in errors.items() if key not in shown and key not in HEADER_FIELDS]
        if errors:
            count = len(errors)
            text = self.tr("The card was not saved: fix the %n marked field(s).", "", count)
            self.summary.show_message(" ".join([text, *rest]))
            first = next(iter(errors))
            self.tabs.setCurrentWidget(self.contacts if first.startswith("contacts[") else self.main)
        else:
            self.summary.clear_message()

    def error_label(self, key: str) -> ErrorLabel | None:
        """The inline label that shows the message for a ValidationError key (used by tests too)."""
        if key.startswith("contacts["):
            return self.contacts.error_label(key)
        if key in HEADER_FIELDS:
            return self.header_error
        return self.main.error_label(key)

    # ---- saving ------------------------------------------------------------------------------
    def save(self) -> bool:
        """Validate, then create or update; True when the card is in the vault as shown."""
        data = self.collect()
        lang = labels.language()
        try:
            if self.client_id is None:
                with self.vault.session() as session:
                    validate(session, data)
                    duplicates = self._likely_duplicates(session, data)
                if duplicates:
                    choice = self._ask_duplicates(duplicates)
                    if choice == "cancel":
                        return False
                    if isinstance(choice, int):
                        self._dirty = False
                        self.load(choice)
                        return False
                with self.vault.transaction() as session:
                    new_id = create_client(session, data).id
            else:
                new_id = self.client_id
                assert self._version is not None
                with self.vault.transaction() as session:
                    update_client(session, self.client_id, data, self._version)
        except ValidationError as exc:
            self._show_errors({key: message.text(lang) for key, message in exc.errors.items()})
            return False
        except StaleVersion:
            return self._resolve_stale(data)
        except KnownError as exc:
            QMessageBox.warning(self, self.tr("Card not saved"), exc.text(lang))
            return False
        self._after_save(new_id)
        return True

    def _after_save(self, client_id: int) -> None:
        self.load(client_id)
        self.state.setText(self.tr("Saved."))
        self.saved.emit(client_id)

    def _resolve_stale(self, mine: ClientInput) -> bool:
        """Someone saved this card meanwhile: say what they changed and let the user choose."""
        assert self.client_id is not None
        with self.vault.session() as session:
            client = get_client(session, self.client_id)
            theirs = to_input(client)
            their_version = client.version
        theirs_changed = changed_fields(self._stored, theirs)
        mine_changed = changed_fields(self._baseline, mine)
        choice = self._ask_stale([_field_label(n) for n in theirs_changed],
                                 [_field_label(n) for n in mine_changed if n in theirs_changed])
        if choice == "reload":
            self.load(self.client_id)
            self.state.setText(self.tr("Reloaded the version saved elsewhere."))
            return False
        if choice != "overwrite":
            return False
        merged = merge_edits(self._baseline, mine, theirs)
        lang = labels.language()
        try:
            with self.vault.transaction() as session:
                update_client(session, self.client_id, merged, their_version)
        except ValidationError as exc:
            self._show_errors({key: message.text(lang) for key, message in exc.errors.items()})
            return False
        except StaleVersion:
            self._stored = theirs
            return self._resolve_stale(mine)
        self._after_save(self.client_id)
        return True

    def _ask_stale(self, theirs: list[str], both: list[str]) -> str:
        """"reload", "overwrite" or "cancel" (a separate method so tests can answer it)."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Card changed elsewhere"))
        box.setText(self.tr("This card was saved in another window while you were editing it."))
        details = self.tr("Changed there: %1.").replace("%1", ", ".join(theirs) or "—")
        if both:
            details += "\n" + self.tr("You also changed: %1 — your values will be kept if you apply your edits."
                                      ).replace("%1", ", ".join(both))
        box.setInformativeText(details)
        reload_button = box.addButton(self.tr("Reload, drop my edits"), QMessageBox.ButtonRole.DestructiveRole)
        apply_button = box.addButton(self.tr("Apply my edits on top"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(apply_button)
        box.exec()
        if box.clickedButton() is reload_button:
            return "reload"
        if box.clickedButton() is apply_button:
            return "overwrite"
        return "cancel"

    # ---- likely duplicates (SPEC §10) ---------------------------------------------------------
    def _likely_duplicates(self, session: Session, data: ClientInput) -> list[tuple[int, str]]:
        """(id, "name (why, score %)") of existing clients this new card looks like (SPEC §10)."""
        try:
            from clientbook.core.dedup import likely_duplicates
        except ImportError:  # the duplicate finder is optional; without it the card just saves
            return []
        lang = labels.language()
        result = []
        for candidate in likely_duplicates(session, data):
            reasons = ", ".join(candidate.reason_texts(lang))
            text = f"{candidate.name_b} — {reasons} ({candidate.score}%)" if reasons else candidate.name_b
            result.append((int(candidate.b), text))
        return result

    def _ask_duplicates(self, duplicates: list[tuple[int, str]]) -> str | int:
        """"save", "cancel" or the id of the existing client to open instead."""
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Possible duplicates"))
        listing = QListWidget()
        for client_id, text in duplicates:
            listing.addItem(text)
            listing.item(listing.count() - 1).setData(Qt.ItemDataRole.UserRole, client_id)
        listing.setCurrentRow(0)
        box = QDialogButtonBox()
        save_anyway = button(self.tr("Save as a new client"))
        open_existing = button(self.tr("Open the existing card"))
        cancel = button(self.tr("Cancel"))
        box.addButton(save_anyway, QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton(open_existing, QDialogButtonBox.ButtonRole.ActionRole)
        box.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        outcome: list[str | int] = ["cancel"]

        def choose(value: str | int) -> None:
            outcome[0] = value
            dialog.accept()

        save_anyway.clicked.connect(lambda: choose("save"))
        open_existing.clicked.connect(lambda: choose(int(listing.currentItem().data(Qt.ItemDataRole.UserRole))))
        cancel.clicked.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(QLabel(self.tr("This client may already be in the base:")))
        layout.addWidget(listing)
        layout.addWidget(box)
        dialog.exec()
        return outcome[0]

    # ---- closing and new card -------------------------------------------------------------
    def confirm_discard(self) -> bool:
        """True when it is fine to drop the widgets' state (saved, discarded, or nothing changed)."""
        if not self.is_dirty():
            return True
        answer = QMessageBox.question(
            self, self.tr("Unsaved changes"), self.tr("Save the changes to this card?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_card(self) -> None:
        if self.confirm_discard():
            self.load(None)
            self.tabs.setCurrentWidget(self.main)
            self.main.last_name.setFocus()

    # ---- personal data (SPEC §13) -----------------------------------------------------------------
    def open_privacy_report(self) -> PrivacyReportDialog | None:
        if self.client_id is None:
            return None
        dialog = PrivacyReportDialog(self.vault, self.client_id, self)
        dialog.show()
        return dialog

    def open_erase(self) -> EraseDialog | None:
        if self.client_id is None or not self.confirm_discard():
            return None
        dialog = EraseDialog(self.vault, self.client_id, self.title.text(), self)
        dialog.erased.connect(self._after_erase)
        dialog.show()
        return dialog

    def _after_erase(self, result: object) -> None:
        """The card is gone: show what was destroyed, tell the list, close without a save prompt."""
        dialog = self.sender()
        assert isinstance(dialog, EraseDialog)
        shown = EraseResultDialog(dialog.erase_result, dialog.act_files, dialog.rewrite, self.parentWidget())  # type: ignore[arg-type]
        shown.show()
        self.erase_result = shown
        erased = self.client_id
        self._dirty = False
        if erased is not None:
            self.saved.emit(erased)
        QDialog.reject(self)

    def reject(self) -> None:
        """Esc, the Close button and the window's close box all come here (QDialog::closeEvent)."""
        if self.confirm_discard():
            super().reject()
