"""Long core work off the GUI thread, with progress and a Cancel that the core really checks.

Core functions take plain `progress(done, total)` and `should_cancel()` callables (never Qt
objects); `Task` adapts them to Qt signals and a thread-safe cancel flag, as Anki's `taskman.py`
does. `run_with_progress` is the one-line form most dialogs want: it blocks the caller in a local
event loop (the window stays responsive and repaints) and returns the result or re-raises the error.

    result = run_with_progress(self, self.tr("Importing…"), lambda progress, should_cancel:
                               import_file(vault, path, progress=progress, should_cancel=should_cancel))
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from clientbook.core.vault import Vault

log = logging.getLogger(__name__)

WorkFn = Callable[..., Any]

log = logging.getLogger(__name__)

_running = 0  # tasks under run_with_progress; auto-lock waits while any is running


def busy() -> bool:
    """True while a long operation runs, so auto-lock does not close the vault under it."""
    return _running > 0


class CancelledError(Exception):
    """Raised by `run_with_progress` when the user pressed Cancel and the work stopped.

    Core code may also raise its own cancellation error; either way nothing is returned.
    """


class TaskSignals(QObject):
    """Signals live on a QObject because QRunnable is not one."""

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class Task(QRunnable):
    """Runs `fn(progress=..., should_cancel=...)` on a pool thread and reports by signals.

    Signals are queued to the receiver's thread, so slots connected from the GUI thread run there.
    """

    def __init__(self, fn: WorkFn, *, pass_callbacks: bool = True, on_cancel: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the caller keeps a reference until a finished/failed signal
        self.fn = fn
        self.pass_callbacks = pass_callbacks
        self.on_cancel = on_cancel  # e.g. interrupt the SQL the work is waiting on (any thread may call it)
        self.signals = TaskSignals()
        self._cancel = threading.Event()
        self.done = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()
        if self.on_cancel is not None:
            self.on_cancel()

    def should_cancel(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int) -> None:
        self.signals.progress.emit(int(done), int(total))

    def run(self) -> None:
        try:
            try:
                if self.pass_callbacks:
                    result = self.fn(progress=self.report, should_cancel=self.should_cancel)
                else:
                    result = self.fn()
            except BaseException as exc:  # every error must reach the GUI thread
                self.signals.failed.emit(exc)
            else:
                self.signals.finished.emit(result)
        finally:
            # Only now: a caller that waits on `done` (lock, quit) may let go of the task, and the
            # worker no longer touches it or its signals.
            self.done.set()


def error_text(exc: object, fallback: str, *, what: str = "background work") -> str:
    """What a window says when its work failed: a known failure (a KnownError, a full disk, an
    unreadable file, a database error: clientbook.core.failures, the classifier the CLI uses too)
    in the user's language; for anything else, a bug, `fallback`, and the class name goes to the
    log (never the text: it may carry personal data)."""
    # Imported on failure only: the lock screen paints before SQLAlchemy is loaded.
    from clientbook.core.failures import user_message
    from clientbook.ui.i18n import current_ui_language

    message = user_message(exc) if isinstance(exc, BaseException) else None
    if message is not None:
        return message.text(current_ui_language())
    log.error("%s failed: %s", what, type(exc).__name__)
    return fallback


def is_known(exc: BaseException) -> bool:
    """Whether `exc` is a failure the user can understand (else a bug for the crash handler)."""
    from clientbook.core.failures import user_message

    return user_message(exc) is not None


# Tasks started and not yet reported back: the pool thread must never be left holding the last
# reference (the QRunnable and its QObject would then be destroyed on the worker thread).
_live: set[Task] = set()
_stopping: set[Task] = set()  # cancelled by a window that closed without waiting (LatestReader.stop)


def outlive_no_lock(task: Task) -> None:
    """A task a closing window told to stop that must not outlive the vault (an import): the lock
    (or quit) waits for it in `wait_for_stopped` before the vault closes."""
    if not task.done.is_set():
        _stopping.add(task)


def wait_for_stopped(timeout: float = 30) -> None:
    """Before the vault closes: wait for the workers windows cancelled without waiting for them
    (each has been told to stop, so this is short)."""
    tasks = list(_stopping)
    _stopping.clear()
    for task in tasks:
        task.done.wait(timeout)


def start(task: Task, pool: QThreadPool | None = None) -> Task:
    _live.add(task)
    release = lambda *_a, t=task: _live.discard(t)  # noqa: E731  (runs on the GUI thread, queued)
    task.signals.finished.connect(release, Qt.ConnectionType.QueuedConnection)
    task.signals.failed.connect(release, Qt.ConnectionType.QueuedConnection)
    (pool or QThreadPool.globalInstance()).start(task)
    return task


# The cancel of each run_with_progress whose own event loop runs now, and what waits for them all to
# return. A lock or quit that comes from inside such a loop (Ctrl+L during the wizard's check of a
# file) closed and deleted the window the loop belonged to while the loop still used it: dozens of
# "already deleted" errors, then a crash. Such a lock is put off until the loops have returned.
_loops: list[Callable[[], None]] = []
_after_loops: list[Callable[[], object]] = []


def in_progress_loop() -> bool:
    """A run_with_progress is waiting in its own event loop (this call came from inside it)."""
    return bool(_loops)


def after_progress_loops(then: Callable[[], object]) -> None:
    """Cancel every run_with_progress now waiting and call `then` on the GUI thread once the last has
    returned (at once when none is waiting). Work that cannot be cancelled is waited for the same way,
    with its window still repainting."""
    if not _loops:
        then()
        return
    _after_loops.append(then)
    for cancel in list(_loops):
        cancel()


def run_with_progress(parent: QWidget | None, title: str, fn: WorkFn, cancellable: bool = True,
                      label: str | None = None) -> Any:
    """Run `fn(progress=, should_cancel=)` in a worker with a modal progress dialog.

    Returns fn's result; re-raises fn's exception; raises `CancelledError` if the user cancelled and fn
    returned anyway (a cancelled core call usually raises its own error, which is re-raised).
    """
    task = Task(fn)
    dialog = QProgressDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label or title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setRange(0, 0)  # busy until the first progress report says how much there is
    if cancellable:
        dialog.setCancelButtonText(QCoreApplication.translate("Workers", "Cancel"))
    else:
        dialog.setCancelButton(None)

    outcome: dict[str, Any] = {}
    loop = QEventLoop()

    def on_progress(done: int, total: int) -> None:
        if dialog.wasCanceled() and not task.should_cancel():
            on_cancel()  # cancel() called programmatically resets the dialog without the signal
        if total > 0 and not task.should_cancel():
            # QProgressDialog takes int; scale big totals so they stay within 32 bits.
            scale = max(1, total // 1_000_000)
            dialog.setRange(0, total // scale)
            dialog.setValue(min(done, total) // scale)

    def on_finished(result: object) -> None:
        outcome["result"] = result
        loop.quit()

    def on_failed(exc: object) -> None:
        outcome["error"] = exc
        loop.quit()

    def on_cancel() -> None:
        task.cancel()
        dialog.setLabelText(QCoreApplication.translate("Workers", "Cancelling…"))

    task.signals.progress.connect(on_progress, Qt.ConnectionType.QueuedConnection)
    task.signals.finished.connect(on_finished, Qt.ConnectionType.QueuedConnection)
    task.signals.failed.connect(on_failed, Qt.ConnectionType.QueuedConnection)
    dialog.canceled.connect(on_cancel)
    global _running
    _running += 1
    stop = on_cancel if cancellable else lambda: None  # work that cannot stop is only waited for
    _loops.append(stop)
    try:
        start(task)
        loop.exec()
    finally:
        _running -= 1
        _loops.remove(stop)
        if not _loops and _after_loops:
            then = list(_after_loops)
            _after_loops.clear()
            QTimer.singleShot(0, lambda: [step() for step in then])
    dialog.canceled.disconnect(on_cancel)
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    if task.should_cancel():
        raise CancelledError()
    return outcome.get("result")


class LatestReader(QObject):
    """One window's reading on a worker, where only the newest request counts.

    `run(fn, on_result)` starts `fn(should_cancel)` on a pool thread and calls `on_result(value)` (or
    `on_error(exc)`) back on the GUI thread — unless a newer `run` or `stop` came first, in which case
    the result is dropped. `stop` is what a window calls when it closes: it cancels and waits for the
    workers, so the vault is never closed under a running query and no late result touches a
    deleted widget. `fn` must not touch Qt objects; it gets plain values and returns plain values.
    """

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._generation = 0
        self._delivered = 0
        self._tasks: list[Task] = []

    @property
    def loaded(self) -> bool:
        """The newest request's answer (result or error) has been handed over."""
        return self._generation > 0 and self._delivered == self._generation

    @property
    def busy(self) -> bool:
        """A worker started here has not reported back yet (a superseded one included)."""
        return bool(self._tasks)

    def run(self, fn: Callable[[Callable[[], bool]], Any], on_result: Callable[[Any], None],
            on_error: Callable[[BaseException], None], *, on_cancel: Callable[[], None] | None = None) -> Task:
        for task in self._tasks:
            task.cancel()  # superseded: its answer will be dropped, so let it stop early
        self._generation += 1
        generation = self._generation
        task = Task(lambda: fn(task.should_cancel), pass_callbacks=False, on_cancel=on_cancel)
        task.signals.finished.connect(lambda value: self._arrived(generation, task, on_result, value),
                                      Qt.ConnectionType.QueuedConnection)
        task.signals.failed.connect(lambda exc: self._arrived(generation, task, on_error, exc),
                                    Qt.ConnectionType.QueuedConnection)
        self._tasks.append(task)
        start(task)
        return task

    def read(self, vault: Vault, fn: Callable[[Session, Callable[[], bool]], Any], on_result: Callable[[Any], None],
             on_error: Callable[[BaseException], None]) -> Task:
        """`run` for a read of the vault: `fn(session, should_cancel)` in a session whose SQL a newer
        request or `stop` interrupts at once (core.interruptible) instead of waiting for it to end —
        at 1,000,000 clients a quality report or a mailing preview runs for 20–30 s, and closing the
        window waited that long on the GUI thread."""
        from clientbook.core.interruptible import InterruptibleRead

        reading = InterruptibleRead()

        def work(should_cancel: Callable[[], bool]) -> Any:
            with vault.session() as session, reading.reading(session):
                return fn(session, should_cancel)

        return self.run(work, on_result, on_error, on_cancel=reading.interrupt)

    def wait(self, timeout: float = 30) -> None:
        """Wait for the running workers; their answers still arrive (queued to the GUI thread)."""
        for task in list(self._tasks):
            task.done.wait(timeout)

    def stop(self, timeout: float = 30, *, wait: bool = True) -> None:
        """Drop every answer still to come and wait for the workers to let go of the vault.

        `wait=False` (a window closing while the vault stays open): the workers are cancelled (their
        SQL interrupted, for `read`) and left to finish on their own; `wait_for_stopped` is what the
        lock waits for before it closes the vault. An interrupted read of a 1 M-client mailing still
        took 0.1–0.8 s to give up (SQLite's sorter does not look at the interrupt), which the GUI
        thread would otherwise have spent waiting."""
        self._generation += 1
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        if not wait:
            _stopping.difference_update([t for t in _stopping if t.done.is_set()])  # those are over
            _stopping.update(t for t in tasks if not t.done.is_set())
            return
        for task in tasks:
            task.done.wait(timeout)

    def _arrived(self, generation: int, task: Task, slot: Callable[[Any], None], value: Any) -> None:
        if not shiboken6.isValid(self):  # the window was deleted without closing: nobody to tell
            return
        if task in self._tasks:
            self._tasks.remove(task)
        if generation != self._generation:
            return
        self._delivered = generation
        slot(value)
