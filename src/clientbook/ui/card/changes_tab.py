"""The card's Changes tab (SPEC §5): this card's audit entries as "field: old → new", who and when."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QTreeWidgetItem, QVBoxLayout, QWidget

from clientbook.core import audit_history
from clientbook.core import models as m
from clientbook.core.validation import format_phone
from clientbook.core.vault import Vault
from clientbook.ui.card import labels
from clientbook.ui.card.lazy_tab import LazyTab, hint_label, make_tree

LIMIT = 500


_SUMMARY_KEYS = ("last_name", "first_name", "middle_name", "title", "item", "subject", "e164", "address",
                 "channel", "status", "kind", "value_text")


def _value(field: str | None, text: str | None, entity: str = "client") -> str:
    """A logged value in the user's words: dates long, yes/no, phones formatted, codes translated."""
    if text is None or text == "":
        return "—"
    if text in ("true", "false"):
        return labels.yes_no(text == "true")
    if field == "e164":
        return format_phone(text)
    if text.startswith("["):  # a multi-choice custom value is logged as a JSON list
        try:
            items = json.loads(text)
        except ValueError:
            items = None
        if isinstance(items, list):
            return ", ".join(str(i) for i in items)
    try:
        if len(text) == 10 and text[4] == "-":
            return labels.long_date(dt.date.fromisoformat(text))
    except ValueError:
        pass
    tables = {"status": labels.consent_statuses() if entity == "consent" else labels.statuses(),
              "kind": {"interaction": labels.interaction_kinds(), "phone": labels.phone_kinds()}.get(
                  entity, labels.client_kinds()),
              "temperature": labels.temperatures(), "behaviour": labels.behaviours(), "gender": labels.genders(),
              "preferred_channel": labels.channels(), "channel": labels.channels(), "role": labels.roles()}
    return tables.get(field or "", {}).get(text, text)


def describe(entry: m.AuditEntry, source: str | None = None) -> str:
    """One readable line for an audit entry; `source`: the file of the import that made it."""
    entity = labels.entities().get(entry.entity, entry.entity)
    fields = labels.field_names()
    if entry.redacted_at is not None:  # content blanked by an erasure (SPEC §13); the hash chain stays
        return f"{entity}: " + QCoreApplication.translate("ChangesTab", "content erased with the person's data")
    if entry.action == "update":
        name = fields.get(entry.field or "", entry.field or "")
        old, new = _value(entry.field, entry.old, entry.entity), _value(entry.field, entry.new, entry.entity)
        return f"{entity} · {name}: {old} → {new}"
    if entry.action == "tag":
        return QCoreApplication.translate("ChangesTab", "Tag added: %1").replace("%1", entry.new or "")
    if entry.action == "untag":
        return QCoreApplication.translate("ChangesTab", "Tag removed: %1").replace("%1", entry.old or "")
    payload = entry.new if entry.action == "create" else entry.old
    summary = ""
    if payload:
        try:
            values = json.loads(payload)
        except ValueError:
            values = {}
        if isinstance(values, dict):
            parts = [_value(k, str(values[k]), entry.entity) for k in _SUMMARY_KEYS
                     if values.get(k) not in (None, "")]
            summary = ", ".join(parts[:4])
    if entry.action == "create" and source and not summary:  # an import's compact entry
        text = QCoreApplication.translate("ChangesTab", "%1 added by the import of “%2”").replace(
            "%1", entity).replace("%2", source)
    elif entry.action == "create":
        text = QCoreApplication.translate("ChangesTab", "%1 added").replace("%1", entity)
    elif entry.action == "delete":
        text = QCoreApplication.translate("ChangesTab", "%1 removed").replace("%1", entity)
    else:
        text = f"{entity}: {entry.action}"
    return f"{text}: {summary}" if summary else text


class ChangesTab(LazyTab):
    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.tree = make_tree([self.tr("When"), self.tr("Who"), self.tr("What changed")], 2)
        self.empty = hint_label(self.tr("No changes recorded yet."))
        self.more = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.more)

    def reload(self) -> None:
        self.tree.clear()
        entries: list[m.AuditEntry] = []
        if self.client_id is not None:
            with self.vault.session() as session:
                entries = audit_history.history(session, client_id=self.client_id, limit=LIMIT)
                files = audit_history.import_files(session, entries)
                items = [QTreeWidgetItem([labels.long_datetime(e.at), e.actor or "",
                                          describe(e, files.get(e.batch_id) if e.batch_id else None)])
                         for e in entries]
            self.tree.addTopLevelItems(items)
        self.empty.setVisible(not entries)
        self.more.setVisible(len(entries) >= LIMIT)
        self.more.setText(self.tr("Only the latest %1 changes are shown.").replace("%1", str(LIMIT)))
