"""Opening and closing the vault for the main window: unlock on a worker, lock in one safe order.

Unlocking derives the key (PBKDF2, ~0.4 s of CPU), opens and checks the file and may migrate it;
all of that runs on a pool thread while the lock screen shows that it is busy, so the window keeps
repainting (issue 11 measured a 458 ms stall). Only the finished `Vault`, a plain Python object, comes
back to the GUI thread, by a queued signal; no Qt object is made or touched on the worker.

Locking goes the other way and its order is the point: the views let go (`locking`: windows closed,
models emptied), the workers stop reading the file (`BackupScheduler.stop`), the vault closes, then
the lock screen (`locked`). A lock or quit that comes while an unlock still runs waits for that
worker and closes what it opened, so no connection and no file lock outlive the lock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from clientbook.core import opening
from clientbook.core.errors import KeyringUnavailable, KnownError
from clientbook.core.vault import Vault
from clientbook.ui.backup_scheduler import BackupScheduler
from clientbook.ui.unlock import UnlockPage, known_text
from clientbook.ui.workers import Task, start, wait_for_stopped

log = logging.getLogger(__name__)

# The vault (None: no key remembered), why "remember" failed, and what `prepare` read for the views.
Opened = tuple[Vault | None, KnownError | None, object]
Prepare = Callable[[], Callable[[Vault], object]]
# The page check starts when the window's first screens are up, or at the latest this long after opening
# (a Today panel that never reports, e.g. rebuilt for a language change while it was reading).
BACKGROUND_LATEST_MS = 10_000


class LockController(QObject):
    """Owns the open vault of one window; the window follows its signals."""

    opened = Signal(object, object)  # Vault, what `prepare` read (or None): the views fill themselves
    locking = Signal()  # the vault is about to close: the views let go of it now
    locked = Signal()  # closed; the lock screen is up

    def __init__(self, page: UnlockPage, backups: BackupScheduler, path: Path,
                 parent: QObject | None = None, prepare: Prepare | None = None) -> None:
        super().__init__(parent)
        # `prepare()` runs on the GUI thread and returns a function of the vault that the unlock worker
        # runs after opening: the views' first reads (the list's ids and first rows), plain values only.
        self.prepare = prepare
        self.page = page
        self.backups = backups
        self.path = path
        self.vault: Vault | None = None
        self.keyring_note: str | None = None  # why "remember" did not work, shown once after opening
        self._generation = 0
        self._pending: tuple[Task, list[Vault]] | None = None
        self._background_started: Vault | None = None
        page.unlock_requested.connect(self.unlock)

    @property
    def busy(self) -> bool:
        """An unlock runs on a worker."""
        return self._pending is not None

    # ---- opening -------------------------------------------------------------------------
    def unlock(self, password: str, remember: bool) -> None:
        """The typed password (of the user chosen on the page, in a vault of several users): open on a
        worker; the page says why when it does not open."""
        path, user = self.path, self.page.chosen_user()
        if user is not None:
            self._open_on_worker(lambda: opening.open_vault(path, password, user=user), remember=False)
        else:
            self._open_on_worker(lambda: opening.open_vault(path, password), remember)

    def open_remembered(self) -> bool:
        """Open without asking when this computer remembers the key (SPEC §1); False if there is no file."""
        path = self.path
        if not path.exists():
            return False

        self._open_on_worker(lambda: opening.open_remembered(path), remember=False, quiet_os_errors=True)
        return True

    def adopt(self, vault: Vault, prepared: object = None) -> None:
        """A vault opened elsewhere (created, restored, or by a test) becomes this window's."""
        self._drop_pending()  # File ▸ New while an unlock ran: that one must not arrive later
        self.vault = vault
        self.path = vault.path
        self._background_started = None
        self.opened.emit(vault, prepared)
        # The views call `start_background` once their first screens are up; this is the latest.
        QTimer.singleShot(BACKGROUND_LATEST_MS, lambda: self.start_background(vault))

    @property
    def background_started(self) -> bool:
        """The open vault's page check (and daily backup) has been started."""
        return self.vault is not None and self._background_started is self.vault

    def start_background(self, vault: Vault) -> None:
        """Start the page check (then the daily backup) once for `vault`, if it is still the open one.

        Called by the window when the list and Today are on screen: the check reads the whole file in
        Python (HMAC per page) for seconds, and while it holds the GIL each of the hundreds of model
        calls of a first paint waits for it (the list's and Today's first paints took twice their CPU
        time at 100,000 clients when the check started with them)."""
        if self.vault is vault and self._background_started is not vault:
            self._background_started = vault
            self.backups.start(vault)

    def _open_on_worker(self, open_vault: Callable[[], Vault | None], remember: bool,
                        quiet_os_errors: bool = False) -> None:
        if self._pending is not None:  # Enter pressed again while the key is being derived
            return
        self._generation += 1
        generation = self._generation
        opened: list[Vault] = []  # what the worker opened, for a lock that comes before its answer
        read_first = self.prepare() if self.prepare is not None else None

        def work() -> Opened:
            vault = open_vault()
            if vault is None:
                return None, None, None
            opened.append(vault)
            note = None
            if remember:
                try:
                    vault.remember_key()
                except KeyringUnavailable as exc:
                    note = exc
            return vault, note, _read_first(read_first, vault)

        task = Task(work, pass_callbacks=False)
        task.signals.finished.connect(lambda result: self._arrived(generation, result),
                                      Qt.ConnectionType.QueuedConnection)
        task.signals.failed.connect(lambda exc: self._refused(generation, exc, quiet_os_errors),
                                    Qt.ConnectionType.QueuedConnection)
        self._pending = (task, opened)
        self.page.set_busy(True)
        start(task)

    def _arrived(self, generation: int, result: Opened) -> None:
        if generation != self._generation:  # a lock came first and closed it
            return
        self._pending = None
        self.page.set_busy(False)
        vault, note, prepared = result
        if vault is None:
            return
        self.page.password.clear()  # the password does not linger in the widget
        self.page.unlocked_as(vault.actor)
        self.keyring_note = known_text(note) if note is not None else None
        self.adopt(vault, prepared)

    def _refused(self, generation: int, exc: BaseException, quiet_os_errors: bool) -> None:
        if generation != self._generation:
            return
        self._pending = None
        self.page.set_busy(False)
        if quiet_os_errors and isinstance(exc, OSError):
            return  # a remembered key that cannot be read: just ask for the password
        self.page.show_failure(exc)

    def _drop_pending(self) -> None:
        """Wait for a running unlock and close what it opened; its late answer is then ignored."""
        if self._pending is None:
            return
        task, opened = self._pending
        self._pending = None
        self._generation += 1
        task.done.wait()
        for vault in opened:
            vault.close()
        self.page.set_busy(False)

    # ---- closing -------------------------------------------------------------------------
    def lock(self, *, back_up: bool = False, parent: QWidget | None = None) -> None:
        """Views let go, workers stop, the vault closes, the lock screen shows.

        `back_up`: the base is being closed for good (quit, another file), so back up if changed.
        """
        self._drop_pending()
        vault = self.vault
        if back_up and vault is not None and parent is not None:
            self.backups.back_up_on_close(parent, vault)
        self.locking.emit()
        self.vault = None
        self.backups.stop()
        wait_for_stopped()  # reads the closed windows interrupted and did not wait for
        if vault is not None:
            vault.close()
        self.locked.emit()

    def release(self) -> None:
        """A restore is about to replace the file: stop reading it and forget it (the restorer closes it)."""
        self.vault = None
        self.backups.stop()
        wait_for_stopped()


def _read_first(read: Callable[[Vault], object] | None, vault: Vault) -> object:
    """The views' first reads, or None: then the views read for themselves and show any error."""
    if read is None:
        return None
    try:
        return read(vault)
    except Exception as exc:  # a damaged page, say: the list's own query reports it in its place
        log.info("first reads after unlocking failed: %s", type(exc).__name__)
        return None
