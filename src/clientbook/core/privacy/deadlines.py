"""A withdrawn consent to processing becomes a task to erase or anonymise within 30 days
(152-ФЗ art. 21 part 5).

The task is an ordinary reminder, due on the day of the withdrawal so "Today" shows it at once and
until it is done; its title carries the legal deadline. The note is a fixed legal reference in both
languages, which also tells these tasks apart (the "to be erased" segment, `open_tasks`). Erasing the
person removes the task with the card.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from clientbook.core import models as m
from clientbook.core.messages import Message, register
from clientbook.core.rights import require

PROCESSING_CHANNEL = "processing"
ERASE_WITHIN_DAYS = 30
TASK_NOTE = "152-ФЗ ст. 21 ч. 5 / 152-FZ art. 21 part 5"

register({
    "privacy_erase_task": {
        "ru": "Уничтожить или обезличить персональные данные до {date} (отозвано согласие на обработку)",
        "en": "Erase or anonymise the personal data by {date} (consent to processing withdrawn)",
    },
})


def deadline_of(withdrawn_at: dt.datetime | dt.date) -> dt.date:
    day = withdrawn_at.date() if isinstance(withdrawn_at, dt.datetime) else withdrawn_at
    return day + dt.timedelta(days=ERASE_WITHIN_DAYS)


def open_task(session: Session, client_id: int) -> m.Reminder | None:
    return session.scalar(select(m.Reminder).where(m.Reminder.client_id == client_id, m.Reminder.notes == TASK_NOTE,
                                                   m.Reminder.done_at.is_(None)).order_by(m.Reminder.id))


def add_erase_task(session: Session, client_id: int, withdrawn_at: dt.datetime) -> m.Reminder:
    """The task for a withdrawal (one open task per client: a second withdrawal keeps the first deadline)."""
    require(session, "edit")
    existing = open_task(session, client_id)
    if existing is not None:
        return existing
    deadline = deadline_of(withdrawn_at)
    task = m.Reminder(client_id=client_id, title=Message("privacy_erase_task", {"date": deadline.strftime("%d.%m.%Y")})
                      .text(), notes=TASK_NOTE, due_date=withdrawn_at.date(), author=session.info.get("actor"))
    session.add(task)
    session.flush()
    return task


@dataclasses.dataclass(frozen=True)
class EraseDue:
    client_id: int
    reminder_id: int
    deadline: dt.date
    overdue: bool


def open_tasks(session: Session, on: dt.date | None = None) -> list[EraseDue]:
    """Every open erase task with its legal deadline, earliest first (for Today and the segment)."""
    today = on or dt.date.today()
    rows = session.execute(select(m.Reminder.id, m.Reminder.client_id, m.Reminder.due_date)
                           .where(m.Reminder.notes == TASK_NOTE, m.Reminder.done_at.is_(None),
                                  m.Reminder.client_id.is_not(None)).order_by(m.Reminder.due_date)).all()
    out = []
    for reminder_id, client_id, due in rows:
        deadline = deadline_of(due)
        if client_id is not None:
            out.append(EraseDue(int(client_id), int(reminder_id), deadline, deadline < today))
    return out
