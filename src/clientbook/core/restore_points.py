"""The single entry point other features call before a destructive step.

`restore_point_before(vault, "import")` makes a verified encrypted backup of the vault as it is now.
The backup engine (clientbook.core.backup) provides the real work; this indirection keeps callers
independent of how backups are stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clientbook.core.vault import Vault

REASONS = ("import", "merge", "bulk_edit", "delete", "restore", "migration", "normalize", "erase", "manual")


def restore_point_before(vault: Vault, reason: str) -> Path:
    """Make a restore point and return its path; raises a KnownError if it could not be made."""
    from clientbook.core import backup

    return backup.restore_point(vault, reason)
