"""Who does what in a shared vault (#15.6): a client's responsible user, a task's assignee, whose
tasks Today shows.

Responsibility is a user's *name* (as the audit records actors), so a removed user's clients keep
the name until someone hands them over. The rules live here once for the card, the reminder editor,
the bulk edit, the CLI and Today:

- a new responsible / assignee must be a user who may be given work: an active user of the vault
  (`assignable_names`); a name that is already stored may stay (a removed user's old clients can
  still be saved unchanged);
- "my tasks" are the reminders assigned to me plus the unassigned ones, and the next-contact dates
  and birthdays of the clients I am responsible for plus those nobody is responsible for — work
  that is nobody's stays in everybody's view until it is given to someone;
- everybody's tasks are the owner's view (`sees_everyones_tasks`); in a vault without users the
  one person is the owner, so Today looks as it always did.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clientbook.core import models as m
from clientbook.core.errors import NotFound, ValidationError
from clientbook.core.messages import Message, register
from clientbook.core.rights import require
from clientbook.core.textnorm import squash_spaces
from clientbook.core.users import list_users

register({
    "team_unknown_user": {"ru": "В этой базе нет пользователя «{name}».",
                          "en": "There is no user “{name}” in this vault."},
})


def current_name(session: Session) -> str | None:
    """The user this session works for: its actor, the name its changes are audited under (the
    unlocked user, `Vault.actor == Vault.user.name`)."""
    name = session.info.get("actor") or getattr(session.info.get("user"), "name", None)
    return str(name) if name else None


def assignable_names(session: Session) -> list[str]:
    """Names a client or a task can be given to, in the order a combo box offers them.

    The vault's users (users.list_users: the ones not removed), by name ignoring case; a vault of one
    password (no users rows, as before #15) has one person, the current actor."""
    names = sorted((u.name for u in list_users(session)), key=lambda n: (n.casefold(), n))
    if names:
        return names
    me = current_name(session)
    return [me] if me else []


def has_team(session: Session) -> bool:
    """Whether more than one person works in this vault (else "mine" and "everybody's" are the same)."""
    return len(assignable_names(session)) > 1


def sees_everyones_tasks(session: Session) -> bool:
    """The owner may switch Today to everybody's tasks; a vault without users is its owner's."""
    user = session.info.get("user")
    if user is None:
        return True
    return bool(getattr(user, "is_owner", False))


def clean_name(session: Session, value: str | None, field: str, *, keep: str | None = None) -> str | None:
    """A responsible / assignee name as stored: None for nobody; ValidationError (under `field`)
    for a name that is not an active user's, unless it is `keep` (the value stored already)."""
    name = squash_spaces(value or "") or None
    if name is None or name == keep:
        return name
    known = assignable_names(session)
    if name in known:
        return name
    folded = {n.casefold(): n for n in known}  # "иван" typed in a terminal means the user "Иван"
    if name.casefold() in folded:
        return folded[name.casefold()]
    raise ValidationError({field: Message("team_unknown_user", {"name": name})})


def set_responsible(session: Session, client_ids: Iterable[int], name: str | None) -> int:
    """Hand clients over to a user (None: to nobody); returns how many changed (each is audited)."""
    require(session, "edit")
    ids = [int(i) for i in client_ids]
    name = clean_name(session, name, "responsible")
    changed = 0
    for start in range(0, len(ids), 500):
        for client in session.scalars(select(m.Client).where(m.Client.id.in_(ids[start:start + 500]))):
            if client.responsible != name:
                client.responsible = name
                client.updated_by = session.info.get("actor")
                changed += 1
    session.flush()
    return changed


def assign_reminder(session: Session, reminder_id: int, name: str | None) -> m.Reminder:
    """Give a task to a user (None: to nobody)."""
    require(session, "edit")
    reminder = session.get(m.Reminder, reminder_id)
    if reminder is None:
        raise NotFound()
    reminder.assignee = clean_name(session, name, "assignee", keep=reminder.assignee)
    session.flush()
    return reminder


def responsible_count(session: Session, name: str | None) -> int:
    """Clients (not archived) `name` is responsible for: the sidebar's "My clients" count."""
    if not name:
        return 0
    return int(session.scalar(select(func.count()).select_from(m.Client).where(
        m.Client.responsible == name, m.Client.archived.is_(False))) or 0)


def whose_tasks(session: Session, everyone: bool) -> str | None:
    """The user whose tasks Today shows: the current user's, or None (everybody's) when asked for
    and allowed (`sees_everyones_tasks`)."""
    if everyone and sees_everyones_tasks(session):
        return None
    return current_name(session)


def mine_or_nobodys(column: Any, name: str | None) -> Any:
    """SQL: `column` is `name` or empty — what "my" tasks and clients are (see the module's text).

    As `coalesce(column, name) = name`, which no index can serve: with `column = name OR column IS
    NULL` SQLite walked the (assignee) and (responsible) indexes and read each row for its date,
    8x slower for Today at 100,000 clients than the date index with this as a filter."""
    return func.coalesce(column, name) == name
