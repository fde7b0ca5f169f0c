"""Per-vault settings stored in the vault itself (so they travel with the file and its backups)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from clientbook.core import models as m
from clientbook.core.rights import require

DEFAULTS: dict[str, Any] = {
    "auto_lock_minutes": 10,
    "default_region": "RU",
    "stale_card_months": 12,
}


def get(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(m.Setting, key)
    if row is None or row.value is None:
        return DEFAULTS.get(key, default) if default is None else default
    return row.value.get("v")


def put(session: Session, key: str, value: Any) -> None:
    require(session, "edit")
    row = session.get(m.Setting, key)
    if row is None:
        session.add(m.Setting(key=key, value={"v": value}))
    else:
        row.value = {"v": value}
    session.flush()
