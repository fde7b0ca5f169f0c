"""Figures for the dashboard (SPEC §7), each with the segment definition a click opens.

Every figure is one grouped SQL query over non-archived clients; the UI only draws.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clientbook.core import models as m


@dataclass(frozen=True)
class Bar:
    label: str  # a stable key (status, temperature, "2025-06"); the UI translates it
    value: float
    target: dict[str, Any]  # what clicking it shows: a segment definition


def _field_target(name: str, value: str | None) -> dict[str, Any]:
    if value is None:
        return {"kind": "field", "field": name, "op": "empty"}
    return {"kind": "field", "field": name, "op": "equals", "value": value}


def _counts(session: Session, column: Any, order: tuple[str, ...]) -> list[Bar]:
    """One small count per value: each reads the covering (value, archived) index (migration 0002),
    where one GROUP BY would read the whole clients table (1 ms each instead of 170 ms at 100 k)."""
    live = m.Client.archived.is_(False)

    def count(*where: Any) -> int:
        return int(session.scalar(select(func.count()).select_from(m.Client).where(*where, live)) or 0)

    bars = [Bar(key, count(column == key), _field_target(column.key, key)) for key in order]
    empty = count(column.is_(None)) + count(column == "")
    if empty:
        bars.append(Bar("", empty, _field_target(column.key, None)))
    return bars


def by_temperature(session: Session) -> list[Bar]:
    return _counts(session, m.Client.temperature, ("hot", "warm", "cold"))


def by_status(session: Session) -> list[Bar]:
    return _counts(session, m.Client.status, m.CLIENT_STATUSES)


def months_back(today: dt.date, months: int) -> list[dt.date]:
    """First days of the last `months` months, oldest first, ending with this month."""
    first = today.replace(day=1)
    result = []
    for back in range(months - 1, -1, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        result.append(dt.date(year, month + 1, 1))
    return result


def _month_end(start: dt.date) -> dt.date:
    nxt = dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def new_clients_by_month(session: Session, months: int = 12, today: dt.date | None = None) -> list[Bar]:
    starts = months_back(today or dt.date.today(), months)
    month = func.strftime("%Y-%m", m.Client.created_at)
    rows: dict[Any, int] = dict(session.execute(select(month, func.count()).where(
        m.Client.archived.is_(False), m.Client.created_at >= starts[0].isoformat()).group_by(month)).all())
    return [Bar(s.strftime("%Y-%m"), int(rows.get(s.strftime("%Y-%m"), 0)),
                {"kind": "field", "field": "created_at", "op": "between",
                 "value": [s.isoformat(), _month_end(s).isoformat()]}) for s in starts]


def revenue_by_month(session: Session, months: int = 12, today: dt.date | None = None) -> list[Bar]:
    """Revenue (in roubles) per month; a click shows the clients who bought that month."""
    starts = months_back(today or dt.date.today(), months)
    p = m.Purchase
    month = func.strftime("%Y-%m", p.date)
    base = (select(month, func.sum(p.amount_minor)).join(m.Client, m.Client.id == p.client_id)
            .where(m.Client.archived.is_(False), p.date >= starts[0].isoformat()).group_by(month))
    rows: dict[str, int] = {str(k): int(v or 0) for k, v in session.execute(base).all()}
    return [Bar(s.strftime("%Y-%m"), rows.get(s.strftime("%Y-%m"), 0) / 100,
                {"kind": "purchases", "measure": "count", "op": "gte", "value": 1,
                 "from": s.isoformat(), "to": _month_end(s).isoformat()}) for s in starts]
