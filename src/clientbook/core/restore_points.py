"""The single entry point other features call before a destructive step.

`restore_point_before(vault, "import")` makes a verified encrypted backup of the vault as it is now.
The backup engine (clientbook.core.backup) does the real work; callers name only the reason.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from clientbook.core import backup
from clientbook.core.commit_watch import CommitWatch
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

log = logging.getLogger(__name__)

REASONS = ("import", "merge", "bulk_edit", "delete", "restore", "migration", "normalize", "erase", "manual", "users")


def _known(reason: str) -> None:
    if reason not in REASONS:
        raise KnownError("backup_reason_unknown", reason=reason)


def restore_point_before(vault: Vault, reason: str, *, should_cancel: Callable[[], bool] | None = None) -> Path:
    """Make a restore point and return its path; raises a KnownError if it could not be made."""
    _known(reason)
    return backup.make_backup(vault, backup.RESTORE_POINT, reason=reason, should_cancel=should_cancel).path


class AheadRestorePoint:
    """A restore point made while the user still reads what an operation will do (the import
    wizard's totals), so the operation need not wait for it: at 100,000 clients a restore point
    takes ~3 s, and a 1,000-row import waited 3.4 s of its 4.3 s for its own.

    The copy is made on a thread of its own. `take()` hands it over only if nothing was committed to
    the vault since just before the copy began (`CommitWatch`); otherwise it returns None and the
    operation makes a fresh one, as before. One that is never taken is deleted (`discard`)."""

    def __init__(self, vault: Vault, reason: str) -> None:
        _known(reason)
        self._vault = vault
        self._reason = reason
        self._watch = CommitWatch(vault)
        self._path: Path | None = None
        self._discarded = False
        self._taken = False
        self._guard = threading.Lock()
        self._thread = vault.run_beside(self._make, "clientbook-restore-point-ahead")

    def _make(self) -> None:
        stop = lambda: self._discarded or self._vault.closed  # noqa: E731  (checked between its steps)
        try:
            path = restore_point_before(self._vault, self._reason, should_cancel=stop)
        except Exception as exc:  # the operation makes its own and reports what fails then
            log.info("restore point made ahead failed: %s", type(exc).__name__)
            return
        with self._guard:
            self._path = path
            discarded = self._discarded
        if discarded:
            self._remove(path)

    def take(self) -> Path | None:
        """The restore point, if it still shows the vault as it is now (waits until it is made).
        Call it where the operation's own restore point would be made, once."""
        self._thread.join()
        with self._guard:
            self._taken = True
        try:
            unchanged = self._watch.unchanged()
        finally:
            self._watch.close()
        if unchanged:
            return self._path
        if self._path is not None:  # an older state than the one the operation starts from
            self._remove(self._path)
        return None

    def discard(self) -> None:
        """Not needed after all (the wizard closed): deleted once made; never waits. Once taken,
        it is the operation's and stays."""
        with self._guard:
            if self._taken:
                return
            self._discarded = True
            path = self._path
        self._watch.close()
        if path is not None:  # deleting a big file can take a while: not on the caller's thread
            self._vault.run_beside(lambda: self._remove(path), "clientbook-restore-point-discard")

    def _remove(self, path: Path) -> None:
        folders = [path.parent]
        try:
            second = backup.load_settings(self._vault).second_folder
            if second:
                folders.append(Path(second))
        except Exception as exc:  # a locked vault: the main folder's copy is still removed
            log.info("second backup folder not read: %s", type(exc).__name__)
        for folder in folders:
            try:
                backup.remove_backup(folder, self._vault.id, path.name)
            except (KnownError, OSError) as exc:  # rotation removes it in time
                log.info("restore point made ahead not removed: %s", type(exc).__name__)
