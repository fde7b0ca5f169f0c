"""The single entry point other features call before a destructive step.

`restore_point_before(vault, "import")` makes a verified encrypted backup of the vault as it is now.
The backup engine (clientbook.core.backup) does the real work; callers name only the reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from clientbook.core import backup
from clientbook.core.errors import KnownError
from clientbook.core.messages import register

if TYPE_CHECKING:
    from clientbook.core.vault import Vault

register({
    "backup_reason_unknown": {
        "ru": "Неизвестная причина точки восстановления: «{reason}».",
        "en": "Unknown restore point reason: “{reason}”.",
    },
})

REASONS = ("import", "merge", "bulk_edit", "delete", "restore", "migration", "normalize", "erase", "manual", "users")


def restore_point_before(vault: Vault, reason: str) -> Path:
    """Make a restore point and return its path; raises a KnownError if it could not be made."""
    if reason not in REASONS:
        raise KnownError("backup_reason_unknown", reason=reason)
    return backup.make_backup(vault, backup.RESTORE_POINT, reason=reason).path
