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


def import_files(session: Session, entries: list[m.AuditEntry]) -> dict[int, str]:
    """The file each import batch among these entries came from (its label), by batch id: an import
    logs the cards it makes compactly (clientbook.core.importing.commit), and the Changes tab says
    which file made a card."""
    ids = {e.batch_id for e in entries if e.batch_id is not None and e.action == "create"}
    if not ids:
        return {}
    rows = session.execute(select(m.Batch.id, m.Batch.label).where(m.Batch.id.in_(ids), m.Batch.kind == "import"))
    return {int(batch_id): label for batch_id, label in rows if label}
