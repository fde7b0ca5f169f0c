"""Contact history, purchases, reminders and the "Today" list (SPEC §4).

A private note (#15) is readable by its author only: its texts (text, subject, outcome, next step)
are stored only sealed with the author's own key (clientbook.core.users), bound to the row; the
plain columns stay NULL, so the text never reaches the search, exports, reports or the audit.
Others see that a private note exists, by whom and when.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from clientbook.core import models as m
from clientbook.core import rights, sealing, sensitive, users
from clientbook.core.errors import KnownError, NotFound, ValidationError
from clientbook.core.messages import Message
from clientbook.core.textnorm import fold
from clientbook.core.validation import parse_money


def add_interaction(session: Session, client_id: int, kind: str = "note", *, text: str | None = None,
                    subject: str | None = None, occurred_at: dt.datetime | None = None,
                    direction: str | None = None, contact_id: int | None = None, outcome: str | None = None,
                    rating: int | None = None, next_step: str | None = None,
                    next_step_date: dt.date | None = None, private: bool = False) -> m.Interaction:
    """Record a contact; a next step with a date also moves the client's next contact date.

    `private=True`: the texts are sealed with the author's own key (see the module docstring)."""
    rights.require(session, "edit")
    errors: dict[str, Message] = {}
    if kind not in m.INTERACTION_KINDS:
        errors["kind"] = Message("choice_invalid", {"value": kind})
    if direction is not None and direction not in m.DIRECTIONS:
        errors["direction"] = Message("choice_invalid", {"value": direction})
    if rating is not None and not 1 <= int(rating) <= 10:
        errors["rating"] = Message("rating_invalid")
    if errors:
        raise ValidationError(errors)
    client = session.get(m.Client, client_id)
    if client is None:
        raise NotFound()
    texts = {"text": text, "subject": subject, "outcome": outcome, "next_step": next_step}
    key = _private_key(session) if private else None
    plain = {name: None for name in texts} if private else texts
    item = m.Interaction(
        client_id=client_id, contact_id=contact_id, kind=kind, direction=direction,
        occurred_at=occurred_at or m.utcnow(), rating=rating, next_step_date=next_step_date,
        author=session.info.get("actor"), private=private, **plain,
    )
    session.add(item)
    if key is not None:
        item.created_at = m.utcnow()  # what the seal is bound to (with the author)
        item.sealed = sealing.seal(key, json.dumps({k: v for k, v in texts.items() if v is not None},
                                                   ensure_ascii=False), _note_aad(item))
    if next_step_date and (client.next_contact_date is None or next_step_date < client.next_contact_date
                           or client.next_contact_date < dt.date.today()):
        client.next_contact_date = next_step_date
    session.flush()
    return item


def _note_aad(item: m.Interaction) -> bytes:
    """What a sealed note is bound to: its author and the moment it was written, not its row id, so a
    card copied back from a backup (new ids) keeps its author's notes readable."""
    return users.note_aad(item.author, item.created_at)


def _private_key(session: Session) -> bytes:
    vault = session.info.get("vault")
    if vault is None:
        raise KnownError("private_key_missing")
    return users.private_key(vault, session)


@dataclass(frozen=True)
class PrivateNote:
    """The texts of a private note, as its author sees them."""

    text: str | None
    subject: str | None
    outcome: str | None
    next_step: str | None


def private_note(session: Session, item: m.Interaction) -> PrivateNote | None:
    """A private note's texts for its author; None for anyone else (they see only that it exists),
    for a note that is not private, and for a note whose author's key is gone (a removed user)."""
    if not item.private or item.sealed is None or item.author != session.info.get("actor"):
        return None
    try:
        data = json.loads(sealing.unseal(_private_key(session), item.sealed, _note_aad(item)))
    except KnownError:
        return None
    return PrivateNote(data.get("text"), data.get("subject"), data.get("outcome"), data.get("next_step"))


def timeline(session: Session, client_id: int, kinds: list[str] | None = None,
             viewer: str | None = None) -> list[m.Interaction]:
    """A client's history, newest first. Private notes are listed for everyone (author, date) but
    hold no plain text: their author reads it with `private_note`. `viewer` is kept for callers
    that hid others' private notes; a legacy private note with plain text is still hidden from others."""
    query = select(m.Interaction).where(m.Interaction.client_id == client_id)
    if kinds:
        query = query.where(m.Interaction.kind.in_(kinds))
    if viewer is not None:
        query = query.where(or_(m.Interaction.private.is_(False), m.Interaction.author == viewer,
                                m.Interaction.sealed.is_not(None)))
    return list(session.scalars(query.order_by(m.Interaction.occurred_at.desc(), m.Interaction.id.desc())))


@dataclass
class HistoryFilter:
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    kinds: list[str] | None = None
    author: str | None = None
    text: str | None = None


def global_history(session: Session, flt: HistoryFilter, *, limit: int = 500, offset: int = 0,
                   viewer: str | None = None) -> list[tuple[m.Interaction, str]]:
    """Interactions across all clients with the client's display name, newest first."""
    query = select(m.Interaction, m.Client.display_name).join(m.Client, m.Client.id == m.Interaction.client_id)
    if flt.since:
        query = query.where(m.Interaction.occurred_at >= flt.since)
    if flt.until:
        query = query.where(m.Interaction.occurred_at < flt.until)
    if flt.kinds:
        query = query.where(m.Interaction.kind.in_(flt.kinds))
    if flt.author:
        query = query.where(m.Interaction.author == flt.author)
    if flt.text and fold(flt.text):
        # cb_fold is textnorm.fold registered on every vault connection: Cyrillic case and ё = е
        needle = fold(flt.text)
        query = query.where(or_(*(func.cb_fold(column).contains(needle, autoescape=True) for column in
                                  (m.Interaction.text, m.Interaction.subject, m.Client.display_name))))
    if viewer is not None:
        query = query.where(or_(m.Interaction.private.is_(False), m.Interaction.author == viewer,
                                m.Interaction.sealed.is_not(None)))
    query = query.order_by(m.Interaction.occurred_at.desc(), m.Interaction.id.desc()).limit(limit).offset(offset)
    return [(row[0], row[1]) for row in session.execute(query)]


def authors(session: Session) -> list[str]:
    return [a for a in session.scalars(select(m.Interaction.author).distinct().order_by(m.Interaction.author)) if a]


# ---- purchases --------------------------------------------------------------------------------
def add_purchase(session: Session, client_id: int, date: dt.date, amount: str | int | float | Decimal, *,
                 item: str | None = None, quantity: str | None = None, currency: str = "RUB",
                 paid: bool = True, due_date: dt.date | None = None) -> m.Purchase:
    rights.require(session, "edit")
    if session.get(m.Client, client_id) is None:
        raise NotFound()
    purchase = m.Purchase(client_id=client_id, date=date, amount_minor=parse_money(amount), item=item,
                          quantity=quantity, currency=currency, paid=paid, due_date=due_date,
                          import_batch_id=session.info.get("batch_id"))
    session.add(purchase)
    session.flush()
    return purchase


def purchases(session: Session, client_id: int) -> list[m.Purchase]:
    return list(session.scalars(select(m.Purchase).where(m.Purchase.client_id == client_id)
                                .order_by(m.Purchase.date.desc(), m.Purchase.id.desc())))


def purchase_totals(session: Session, client_id: int) -> tuple[int, Decimal]:
    count, total = session.execute(select(func.count(m.Purchase.id), func.coalesce(func.sum(m.Purchase.amount_minor), 0))
                                   .where(m.Purchase.client_id == client_id)).one()
    return int(count), Decimal(int(total)) / 100


# ---- reminders and Today ------------------------------------------------------------------------
def add_reminder(session: Session, title: str, due_date: dt.date, *, client_id: int | None = None,
                 contact_id: int | None = None, notes: str | None = None,
                 assignee: str | None = None) -> m.Reminder:
    """A task with a due date, for a client or none; `assignee`: the user who does it (None: nobody)."""
    from clientbook.core.team import clean_name

    rights.require(session, "edit")
    if not title.strip():
        raise ValidationError({"title": Message("required")})
    if client_id is not None and session.get(m.Client, client_id) is None:
        raise NotFound()
    reminder = m.Reminder(title=title.strip(), due_date=due_date, client_id=client_id, contact_id=contact_id,
                          notes=notes, author=session.info.get("actor"),
                          assignee=clean_name(session, assignee, "assignee"))
    session.add(reminder)
    session.flush()
    return reminder


def complete_reminder(session: Session, reminder_id: int) -> None:
    rights.require(session, "edit")
    reminder = session.get(m.Reminder, reminder_id)
    if reminder is None:
        raise NotFound()
    reminder.done_at = m.utcnow()
    session.flush()


def snooze_reminder(session: Session, reminder_id: int, days: int = 1) -> None:
    rights.require(session, "edit")
    reminder = session.get(m.Reminder, reminder_id)
    if reminder is None:
        raise NotFound()
    reminder.due_date = max(reminder.due_date, dt.date.today()) + dt.timedelta(days=days)
    session.flush()


def client_reminders(session: Session, client_id: int, include_done: bool = True) -> list[m.Reminder]:
    query = select(m.Reminder).where(m.Reminder.client_id == client_id)
    if not include_done:
        query = query.where(m.Reminder.done_at.is_(None))
    return list(session.scalars(query.order_by(m.Reminder.due_date)))


@dataclass
class TodayItem:
    """One line of the Today panel."""

    kind: str  # "reminder", "next_contact", "birthday", "contact_birthday"
    date: dt.date
    title: str
    client_id: int | None
    client_name: str
    reminder_id: int | None = None
    overdue: bool = False
    assignee: str | None = None  # who does it: a reminder's assignee, else the client's responsible user


def _birthdays_between(session: Session, model: type[m.Client] | type[m.ContactPerson],
                       start: dt.date, days: int) -> list[tuple[m.Client | m.ContactPerson, dt.date]]:
    dates = [start + dt.timedelta(days=i) for i in range(days + 1)]
    pairs = {(d.month, d.day) for d in dates}
    if any(d.month == 3 and d.day == 1 for d in dates) and not any(d.month == 2 and d.day == 29 for d in dates):
        pairs.add((2, 29))  # in a non-leap year 29 February birthdays are celebrated on 1 March
    conditions = [and_(model.birth_month == mo, model.birth_day == da) for mo, da in pairs]
    result: list[tuple[m.Client | m.ContactPerson, dt.date]] = []
    found = cast("list[m.Client | m.ContactPerson]", list(session.scalars(select(model).where(or_(*conditions)))))
    for obj in found:
        for d in dates:
            if (obj.birth_month, obj.birth_day) == (d.month, d.day) or (
                    (obj.birth_month, obj.birth_day) == (2, 29) and (d.month, d.day) == (3, 1)):
                result.append((obj, d))
                break
    return result


def today(session: Session, on: dt.date | None = None, birthday_days: int = 7) -> list[TodayItem]:
    """Due and overdue reminders and next-contact dates, and birthdays in the next days."""
    on = on or dt.date.today()
    items: list[TodayItem] = []
    rows = session.execute(
        select(m.Reminder, m.Client.display_name).outerjoin(m.Client, m.Client.id == m.Reminder.client_id)
        .where(m.Reminder.done_at.is_(None), m.Reminder.due_date <= on).order_by(m.Reminder.due_date))
    for reminder, name in rows:
        items.append(TodayItem("reminder", reminder.due_date, reminder.title, reminder.client_id, name or "",
                               reminder.id, reminder.due_date < on))
    for client in session.scalars(select(m.Client).where(
            m.Client.next_contact_date <= on, m.Client.archived.is_(False)).order_by(m.Client.next_contact_date)):
        assert client.next_contact_date is not None
        items.append(TodayItem("next_contact", client.next_contact_date, "", client.id, client.display_name,
                               None, client.next_contact_date < on))
    if sensitive.access_of(session).hides("birthday"):  # birthdays this user may not see (#15.4)
        return items
    for obj, date in _birthdays_between(session, m.Client, on, birthday_days):
        assert isinstance(obj, m.Client)
        if not obj.archived:
            items.append(TodayItem("birthday", date, "", obj.id, obj.display_name))
    for obj, date in _birthdays_between(session, m.ContactPerson, on, birthday_days):
        assert isinstance(obj, m.ContactPerson)
        name = " ".join(p for p in (obj.last_name, obj.first_name, obj.middle_name) if p)
        items.append(TodayItem("contact_birthday", date, name, obj.client_id, obj.client.display_name))
    return items


def clear_next_contact(session: Session, client_id: int) -> None:
    rights.require(session, "edit")
    client = session.get(m.Client, client_id)
    if client is None:
        raise NotFound()
    client.next_contact_date = None
    session.flush()


def snooze_next_contact(session: Session, client_id: int, days: int = 1) -> None:
    rights.require(session, "edit")
    client = session.get(m.Client, client_id)
    if client is None:
        raise NotFound()
    client.next_contact_date = dt.date.today() + dt.timedelta(days=days)
    session.flush()
