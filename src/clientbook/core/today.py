"""The Today list (SPEC §4) as bounded groups: overdue, today, this week, birthdays.

A base of 100,000 clients can have 12,000 overdue next-contact dates; nobody reads them all at
once, and building them all costs seconds. Each group is therefore a COUNT plus its first `limit`
lines in date order, read with the indexes on reminders.due_date, clients.next_contact_date and
(birth_month, birth_day, archived); "show all" asks again for one group with no limit.

In a shared vault each group is one user's (#15.6, `user`): the reminders assigned to them or to
nobody, the next contacts and birthdays of the clients they or nobody are responsible for
(clientbook.core.team says why); `user=None` is everybody's, which the owner may switch to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal_column, or_, select, true
from sqlalchemy.orm import Session

from clientbook.core import models as m
from clientbook.core import sensitive
from clientbook.core.history import TodayItem
from clientbook.core.team import mine_or_nobodys

GROUPS = ("overdue", "today", "week", "birthdays")
DEFAULT_LIMIT = 50
WEEK_DAYS = 7  # "this week": the next seven days after today
BIRTHDAY_DAYS = 7  # birthdays from today to a week ahead
# "Not archived" with a unary plus, which keeps SQLite off ix_clients_archived: nearly every client
# is not archived, and walking that index then each row cost 0.3 s at 100,000 clients where the
# date (or birthday) index finds the few rows at once.
_LIVE = literal_column("+clients.archived") == 0


@dataclass
class TodayGroup:
    """One group: how many lines it has in all, and the first of them in date order."""

    key: str  # one of GROUPS
    count: int
    items: list[TodayItem] = field(default_factory=list)

    @property
    def truncated(self) -> bool:
        return len(self.items) < self.count


def _due_range(key: str, on: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """Inclusive (first, last) due dates of a task group; None = unbounded."""
    if key == "overdue":
        return None, on - dt.timedelta(days=1)
    if key == "today":
        return on, on
    return on + dt.timedelta(days=1), on + dt.timedelta(days=WEEK_DAYS)


def _between(column: Any, first: dt.date | None, last: dt.date | None) -> ColumnElement[bool]:
    conditions = [column <= last] if last is not None else []
    if first is not None:
        conditions.append(column >= first)
    return and_(*conditions)


def _whose(column: Any, user: str | None) -> ColumnElement[bool]:
    return mine_or_nobodys(column, user) if user is not None else true()


def _task_group(session: Session, key: str, on: dt.date, limit: int | None, user: str | None) -> TodayGroup:
    first, last = _due_range(key, on)
    reminder_where = and_(m.Reminder.done_at.is_(None), _between(m.Reminder.due_date, first, last),
                          _whose(m.Reminder.assignee, user))
    contact_where = and_(_LIVE, m.Client.next_contact_date.is_not(None),
                         _between(m.Client.next_contact_date, first, last), _whose(m.Client.responsible, user))
    count = int(session.scalar(select(func.count()).select_from(m.Reminder).where(reminder_where)) or 0)
    count += int(session.scalar(select(func.count()).select_from(m.Client).where(contact_where)) or 0)
    # The first `limit` ids from the covering index alone, then only their rows: ordering the lines by
    # (date, id) with the columns shown read every row of a date first (34,000 cards due today at
    # 1 M clients: 0.4 s warm, 1.1 s cold).
    first_reminders = (select(m.Reminder.id).where(reminder_where)
                       .order_by(m.Reminder.due_date, m.Reminder.id).limit(limit))
    first_contacts = (select(m.Client.id).where(contact_where)
                      .order_by(m.Client.next_contact_date, m.Client.id).limit(limit))
    reminders = (select(m.Reminder.id, m.Reminder.due_date, m.Reminder.title, m.Reminder.client_id,
                        m.Client.display_name, m.Reminder.assignee)
                 .outerjoin(m.Client, m.Client.id == m.Reminder.client_id)
                 .where(m.Reminder.id.in_(first_reminders.scalar_subquery()))
                 .order_by(m.Reminder.due_date, m.Reminder.id))
    contacts = (select(m.Client.id, m.Client.next_contact_date, m.Client.display_name, m.Client.responsible)
                .where(m.Client.id.in_(first_contacts.scalar_subquery()))
                .order_by(m.Client.next_contact_date, m.Client.id))
    items = [TodayItem("reminder", due, title, client_id, name or "", rid, due < on, assignee)
             for rid, due, title, client_id, name, assignee in session.execute(reminders)]
    items += [TodayItem("next_contact", due, "", cid, name, None, due < on, responsible)
              for cid, due, name, responsible in session.execute(contacts) if due is not None]
    items.sort(key=lambda i: (i.date, i.kind != "reminder"))  # stable: each part is already in order
    return TodayGroup(key, count, items[:limit] if limit is not None else items)


def _birthday_days(on: dt.date, days: int) -> list[tuple[dt.date, list[tuple[int, int]]]]:
    """Each date ahead with the (month, day) birthdays celebrated on it.

    In a non-leap year a 29 February birthday is celebrated on 1 March.
    """
    result = []
    for offset in range(days + 1):
        date = on + dt.timedelta(days=offset)
        pairs = [(date.month, date.day)]
        if date.month == 3 and date.day == 1 and not _is_leap(date.year):
            pairs.append((2, 29))
        result.append((date, pairs))
    return result


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _on_days(model: type[m.Client] | type[m.ContactPerson], pairs: list[tuple[int, int]]) -> ColumnElement[bool]:
    return or_(*(and_(model.birth_month == month, model.birth_day == day) for month, day in pairs))


def _birthday_group(session: Session, on: dt.date, limit: int | None, user: str | None,
                    days: int = BIRTHDAY_DAYS) -> TodayGroup:
    if sensitive.access_of(session).hides("birthday"):  # birthdays this user may not see (#15.4)
        return TodayGroup("birthdays", 0, [])
    schedule = _birthday_days(on, days)
    every_pair = [pair for _date, pairs in schedule for pair in pairs]
    live = and_(_LIVE, _whose(m.Client.responsible, user))
    count = int(session.scalar(select(func.count()).select_from(m.Client)
                               .where(live, _on_days(m.Client, every_pair))) or 0)
    if user is None:  # the few archived clients left out, not every match joined to its client's row
        archived = select(m.Client.id).where(m.Client.archived.is_(True))
        contacts = (select(func.count()).select_from(m.ContactPerson)
                    .where(_on_days(m.ContactPerson, every_pair), m.ContactPerson.client_id.not_in(archived)))
    else:
        contacts = (select(func.count()).select_from(m.ContactPerson)
                    .join(m.Client, m.Client.id == m.ContactPerson.client_id)
                    .where(live, _on_days(m.ContactPerson, every_pair)))
    count += int(session.scalar(contacts) or 0)
    items: list[TodayItem] = []
    for date, pairs in schedule:  # day by day, so the first `limit` are the nearest
        room = None if limit is None else limit - len(items)
        if room is not None and room <= 0:
            break
        for cid, name, responsible in session.execute(
                select(m.Client.id, m.Client.display_name, m.Client.responsible).where(live, _on_days(m.Client, pairs))
                .order_by(m.Client.sort_key, m.Client.id).limit(room)):
            items.append(TodayItem("birthday", date, "", cid, name, assignee=responsible))
        room = None if limit is None else limit - len(items)
        if room is not None and room <= 0:
            break
        for last, first, middle, cid, client_name, responsible in session.execute(
                select(m.ContactPerson.last_name, m.ContactPerson.first_name, m.ContactPerson.middle_name,
                       m.ContactPerson.client_id, m.Client.display_name, m.Client.responsible)
                .join(m.Client, m.Client.id == m.ContactPerson.client_id)
                .where(live, _on_days(m.ContactPerson, pairs))
                .order_by(m.Client.sort_key, m.ContactPerson.id).limit(room)):
            person = " ".join(p for p in (last, first, middle) if p)
            items.append(TodayItem("contact_birthday", date, person, cid, client_name, assignee=responsible))
    return TodayGroup("birthdays", count, items)


def today_group(session: Session, key: str, on: dt.date | None = None,
                limit: int | None = DEFAULT_LIMIT, *, user: str | None = None) -> TodayGroup:
    """One group of the Today list; `limit=None` reads all of it ("show all"); `user`: only that
    user's and nobody's lines (None: everybody's)."""
    on = on or dt.date.today()
    if key == "birthdays":
        return _birthday_group(session, on, limit, user)
    if key not in GROUPS:
        raise ValueError(key)
    return _task_group(session, key, on, limit, user)


def today_groups(session: Session, on: dt.date | None = None, limit: int | None = DEFAULT_LIMIT,
                 expanded: frozenset[str] = frozenset(), *, user: str | None = None) -> list[TodayGroup]:
    """Every group, each with its count and first `limit` lines (all lines for `expanded` keys)."""
    on = on or dt.date.today()
    return [today_group(session, key, on, None if key in expanded else limit, user=user) for key in GROUPS]


@dataclass
class TodayView:
    """What the Today panel shows: whose tasks, whether the switch to everybody's is offered."""

    groups: list[TodayGroup]
    user: str | None  # None: everybody's
    can_switch: bool  # the owner of a vault where several people work


def today_view(session: Session, on: dt.date | None = None, limit: int | None = DEFAULT_LIMIT,
               expanded: frozenset[str] = frozenset(), *, everyone: bool = False) -> TodayView:
    """The current user's Today (`everyone`: everybody's, if team.sees_everyones_tasks allows)."""
    from clientbook.core import team

    user = team.whose_tasks(session, everyone)
    can_switch = team.sees_everyones_tasks(session) and team.has_team(session)
    return TodayView(today_groups(session, on, limit, expanded, user=user), user, can_switch)
