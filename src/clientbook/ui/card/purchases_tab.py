"""The card's Purchases tab: what the client bought, totals, and adding a purchase by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clientbook.core import history
from clientbook.core.errors import KnownError
from clientbook.core.validation import FieldProblem, parse_money
from clientbook.core.vault import Vault
from clientbook.ui.card import labels
from clientbook.ui.card.fields import ErrorLabel, OptionalDateEdit, button
from clientbook.ui.card.lazy_tab import LazyTab, hint_label, make_tree
from clientbook.ui.rights import guard

_SYMBOLS = {"RUB": "₽", "USD": "$", "EUR": "€"}


def money(amount: Decimal, currency: str = "RUB") -> str:
    """"12 345,00 ₽" in Russian, "12,345.00 ₽" in English."""
    text = labels.qlocale().toString(float(amount), "f", 2)
    return f"{text} {_SYMBOLS.get(currency, currency)}"


class PurchasesTab(LazyTab):
    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.totals = QLabel()
        self.tree = make_tree([self.tr("Date"), self.tr("Item"), self.tr("Quantity"), self.tr("Amount"),
                               self.tr("Paid")], 1)
        self.empty = hint_label(self.tr("No purchases yet."))
        self.form = QGroupBox(self.tr("Add a purchase"))
        self.date = OptionalDateEdit()
        self.date.set_date(dt.date.today())
        self.item = QLineEdit()
        self.quantity = QLineEdit()
        self.quantity.setMaximumWidth(90)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("1 500,00")
        self.amount.setMaximumWidth(140)
        self.paid = QCheckBox(self.tr("paid"))
        self.paid.setChecked(True)
        self.due = OptionalDateEdit()
        self.due.setEnabled(False)
        self.add_button = button(self.tr("Add purchase"))
        self.amount_error = ErrorLabel()
        self.date_error = ErrorLabel()
        form = QFormLayout(self.form)
        date_box = QVBoxLayout()
        date_box.addWidget(self.date)
        date_box.addWidget(self.date_error)
        form.addRow(self.tr("Date") + " *", date_box)
        form.addRow(self.tr("Item"), self.item)
        money_row = QHBoxLayout()
        money_row.addWidget(self.amount)
        money_row.addWidget(QLabel(self.tr("Quantity")))
        money_row.addWidget(self.quantity)
        money_row.addWidget(self.paid)
        money_row.addStretch(1)
        amount_box = QVBoxLayout()
        amount_box.addLayout(money_row)
        amount_box.addWidget(self.amount_error)
        form.addRow(self.tr("Amount") + " *", amount_box)
        form.addRow(self.tr("Pay by"), self.due)
        form.addRow("", self.add_button)
        self.save_first = QLabel(self.tr("Save the card first to add purchases."))
        layout = QVBoxLayout(self)
        layout.addWidget(self.totals)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.save_first)
        layout.addWidget(self.form)
        self.paid.toggled.connect(lambda paid: self.due.setEnabled(not paid))
        self.add_button.clicked.connect(self.add_purchase)

    def reload(self) -> None:
        self.tree.clear()
        saved = self.client_id is not None
        guard(self.form, self.vault, "edit", saved)
        self.save_first.setVisible(not saved)
        if self.client_id is None:
            self.totals.setText("")
            self.empty.show()
            return
        with self.vault.session() as session:
            rows = history.purchases(session, self.client_id)
            count, total = history.purchase_totals(session, self.client_id)
            items = []
            for p in rows:
                paid = labels.yes_no(p.paid) if p.paid or not p.due_date else \
                    self.tr("no, due %1").replace("%1", labels.long_date(p.due_date))
                items.append(QTreeWidgetItem([labels.long_date(p.date), p.item or "", p.quantity or "",
                                              money(p.amount, p.currency), paid]))
        self.tree.addTopLevelItems(items)
        self.empty.setVisible(not items)
        self.totals.setText(self.tr("Purchases: %1, total %2").replace("%1", str(count))
                            .replace("%2", money(total)))

    def add_purchase(self) -> None:
        if self.client_id is None:
            return
        self.amount_error.clear_message()
        self.date_error.clear_message()
        date = self.date.date()
        ok = True
        if date is None:
            self.date_error.show_message(self.tr("Choose the date of the purchase."))
            ok = False
        try:
            parse_money(self.amount.text())
        except FieldProblem as exc:
            self.amount_error.show_message(exc.message.text(labels.language()))
            ok = False
        if not self.amount.text().strip():
            self.amount_error.show_message(self.tr("Enter the amount."))
            ok = False
        if not ok or date is None:
            return
        try:
            with self.vault.transaction() as session:
                history.add_purchase(session, self.client_id, date, self.amount.text(),
                                     item=self.item.text().strip() or None,
                                     quantity=self.quantity.text().strip() or None, paid=self.paid.isChecked(),
                                     due_date=None if self.paid.isChecked() else self.due.date())
        except KnownError as exc:
            self.amount_error.show_message(exc.text(labels.language()))
            return
        self.item.clear()
        self.amount.clear()
        self.quantity.clear()
        self.reload()
        self.data_changed.emit()
