"""Whether anything was committed to the vault since a moment: work done on the base as it was then
(a restore point made ahead, a dry run's totals) is still true only if nothing was.

SQLite's `PRAGMA data_version`, read on a connection that never writes, changes with every commit of
any other connection (a checkpoint is no commit); a rolled-back transaction (a dry run) leaves it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clientbook.core.vault import Vault


class CommitWatch:
    """Made at the moment to compare with; `unchanged()` may be asked from any thread, then `close()`."""

    def __init__(self, vault: Vault) -> None:
        self._conn = vault.raw_connection()
        self._version = self._read()

    def _read(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def unchanged(self) -> bool:
        """True while no other connection has committed since the watch was made."""
        return self._read() == self._version

    def close(self) -> None:
        self._conn.close()
