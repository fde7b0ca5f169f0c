"""Which built-in fields the owner marked sensitive (#15.4): one settings row, read by the search
index builder and the bulk paths on a bare connection as well as by clientbook.core.sensitive.

Apart from clientbook.core.sensitive because the search index needs it while sensitive itself
rebuilds the index after a change of marks.
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from clientbook.core import settings

SETTING = "sensitive_builtin"
BUILTINS = ("inn", "birthday")  # built-in fields the owner can mark sensitive


def marked_builtins(session: Session) -> frozenset[str]:
    value = settings.get(session, SETTING, [])
    return frozenset(v for v in (value or []) if v in BUILTINS)


def marked_builtins_of(conn: Connection | Session) -> frozenset[str]:
    """`marked_builtins` on a bare connection (index builders, bulk paths)."""
    raw = conn.execute(text("SELECT value FROM settings WHERE key = :k"), {"k": SETTING}).scalar()
    try:
        value = (json.loads(raw) if isinstance(raw, str) else raw or {}).get("v") or []
    except (ValueError, AttributeError):
        value = []
    return frozenset(v for v in value if v in BUILTINS)
