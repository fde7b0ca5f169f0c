"""Custom field definitions (SPEC §2): the user's own fields on the card."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clientbook.core import models as m
from clientbook.core import sensitive
from clientbook.core.errors import ValidationError
from clientbook.core.messages import Message
from clientbook.core.rights import require
from clientbook.core.textnorm import fold

_KEY_CHARS = re.compile(r"[^0-9a-zа-я_]+")


def make_key(label: str) -> str:
    return _KEY_CHARS.sub("_", fold(label)).strip("_")[:60]


def define_field(session: Session, label: str, type: str = "text", *, choices: list[str] | None = None,
                 required: bool = False, sensitive: bool = False, applies_to: str = "client",
                 key: str | None = None) -> m.CustomField:
    require(session, "edit")
    key = key or make_key(label)
    errors: dict[str, Message] = {}
    if not label.strip() or not key or session.scalar(select(m.CustomField).where(m.CustomField.key == key)) is not None:
        errors["label"] = Message("field_key_invalid", {"value": label})
    if type not in m.FIELD_TYPES:
        errors["type"] = Message("choice_invalid", {"value": type})
    if applies_to not in ("client", "contact"):
        errors["applies_to"] = Message("choice_invalid", {"value": applies_to})
    if errors:
        raise ValidationError(errors)
    order = (session.scalar(select(func.max(m.CustomField.order))) or 0) + 1
    definition = m.CustomField(key=key, label=label.strip(), type=type, choices=choices, required=required,
                               sensitive=sensitive, applies_to=applies_to, order=order)
    session.add(definition)
    session.flush()
    return definition


def update_field(session: Session, field_id: int, **changes: Any) -> m.CustomField:
    require(session, "edit")
    definition = session.get(m.CustomField, field_id)
    if definition is None:
        raise ValidationError({"id": Message("not_found")})
    for name in ("label", "choices", "required", "order", "archived"):
        if name in changes:
            setattr(definition, name, changes[name])
    if "sensitive" in changes:  # its stored values are sealed or opened with it (owner only)
        sensitive.set_field_sensitive(session, definition, bool(changes["sensitive"]))
    session.flush()
    return definition


def fields(session: Session, applies_to: str = "client", include_archived: bool = False) -> list[m.CustomField]:
    query = select(m.CustomField).where(m.CustomField.applies_to == applies_to)
    if not include_archived:
        query = query.where(m.CustomField.archived.is_(False))
    return list(session.scalars(query.order_by(m.CustomField.order, m.CustomField.id)))


def labels(session: Session, applies_to: str = "client") -> list[str]:
    """The labels of the fields in use, in their order (the import wizard offers them as targets)."""
    return [definition.label for definition in fields(session, applies_to)]


def move_field(session: Session, field_id: int, step: int) -> bool:
    """Move a field `step` places among its group's fields in use; False when it is already at the end."""
    require(session, "edit")
    definition = session.get(m.CustomField, field_id)
    if definition is None:
        raise ValidationError({"id": Message("not_found")})
    group = fields(session, definition.applies_to)
    index = next((i for i, d in enumerate(group) if d.id == field_id), None)
    other = -1 if index is None else index + step
    if index is None or not 0 <= other < len(group):
        return False
    group[index], group[other] = group[other], group[index]
    for position, each in enumerate(group, start=1):
        if each.order != position:
            update_field(session, each.id, order=position)
    return True
