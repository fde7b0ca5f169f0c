"""The audit log as the current user reads it (the card's Changes tab, the global audit view, the
CLI): filtered, newest first, with what this user may not see hidden (clientbook.core.sensitive).

Apart from clientbook.core.audit, which writes the log and knows nothing of users.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from clientbook.core import models as m
from clientbook.core import sensitive


def history(session: Session, *, client_id: int | None = None, entity: str | None = None,
            actor: str | None = None, batch_id: int | None = None, since: dt.datetime | None = None,
            limit: int = 500, offset: int = 0) -> list[m.AuditEntry]:
    """Entries newest first, filtered as the Changes tab and the global audit view need."""
    query = select(m.AuditEntry).order_by(m.AuditEntry.id.desc())
    if client_id is not None:
        query = query.where(m.AuditEntry.client_id == client_id)
    if entity:
        query = query.where(m.AuditEntry.entity == entity)
    if actor:
        query = query.where(m.AuditEntry.actor == actor)
    if batch_id is not None:
        query = query.where(m.AuditEntry.batch_id == batch_id)
    if since is not None:
        query = query.where(m.AuditEntry.at >= since)
    return sensitive.shown_entries(session, list(session.scalars(query.limit(limit).offset(offset))))
