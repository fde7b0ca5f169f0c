"""An orders sheet imported as a client list: one card per client code, each row a purchase of it.

An export of orders repeats the customer's code (and name, city…) on every line and adds the order's
date, amount and product. Imported as clients, the code makes one card of all those rows
(`matching`); `looks_like_orders` tells the CLI and the wizard to offer the rows as purchases too,
and `with_purchase_columns` adds the purchase columns to a client mapping for that.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from clientbook.core.importing.fields import EXTRA, SKIP
from clientbook.core.importing.mapping import ColumnMapping, suggest
from clientbook.core.importing.normalize import id_text, is_empty

# what only a purchase has (client keys, city, country… stay with the card)
PURCHASE_ONLY = ("date", "amount", "item", "quantity", "order_id", "paid", "due_date", "currency")
IDENTITY = ("client_code", "inn")


@dataclass(frozen=True)
class OrdersHint:
    """Why the sheet looks like orders: its identity column repeats and it has purchase columns."""

    identity_column: int
    rows: int  # sample rows with a code
    clients: int  # distinct codes among them
    purchase_columns: dict[int, str]


def purchase_columns(headers: Sequence[str], sample: Sequence[Sequence[Any]],
                     mapping: ColumnMapping) -> dict[int, str]:
    """Columns the client mapping leaves to notes or skips that a purchases mapping reads as a
    date, amount, product…"""
    orders = suggest(headers, sample, "purchases").targets
    return {i: t for i, t in orders.items() if t in PURCHASE_ONLY
            and mapping.targets.get(i, SKIP) in (EXTRA, SKIP)}


def looks_like_orders(headers: Sequence[str], sample: Sequence[Sequence[Any]],
                      mapping: ColumnMapping) -> OrdersHint | None:
    """A code (or ИНН) column repeating on the first rows, and a date with an amount or a product."""
    column = next((i for i, t in sorted(mapping.targets.items()) if t in IDENTITY), None)
    if column is None:
        return None
    codes = [id_text(row[column]) for row in sample if column < len(row) and not is_empty(row[column])]
    if len(codes) < 2 or len(set(codes)) > 0.9 * len(codes):
        return None
    extra = purchase_columns(headers, sample, mapping)
    if "date" not in extra.values() or not {"amount", "item"} & set(extra.values()):
        return None
    return OrdersHint(column, len(codes), len(set(codes)), extra)


def with_purchase_columns(headers: Sequence[str], sample: Sequence[Sequence[Any]],
                          mapping: ColumnMapping) -> ColumnMapping:
    """The client mapping plus the purchase columns (a column already mapped to a card field stays)."""
    return ColumnMapping({**mapping.targets, **purchase_columns(headers, sample, mapping)})
