"""The tool windows' modules, imported on a worker thread once the lock screen is painted.

The menus only need to know a feature is installed (`importlib.util.find_spec`), so the window shows
without importing them (~0.25 s of CPU: the card, the import engine, openpyxl…). While the lock screen
waits for the password they load on a worker, so opening a tool later does not stall the GUI thread
on its imports. Importing only defines classes: no Qt object is made off the GUI thread.
`wait()` is called before the GUI thread imports a feature itself, so the two never import the
same module at once.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import threading
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

_worker: threading.Thread | None = None


def _import_all(modules: Sequence[str]) -> None:
    for module in modules:
        try:
            importlib.import_module(module)
        except Exception as exc:  # the GUI thread imports it again when used and handles the error
            log.info("feature module %s did not import: %s", module, type(exc).__name__)
    _configure_mappers()


def _configure_mappers() -> None:
    """clientbook.core.models.configure: not beside the list's first paint after unlock."""
    try:
        from clientbook.core import models

        models.configure()
    except Exception as exc:  # the first query configures them anyway, and reports a real error
        log.info("mappers not configured ahead: %s", type(exc).__name__)


def start(modules: Sequence[str]) -> None:
    """Import `modules` on a worker (once per process)."""
    global _worker
    if _worker is None:
        # Not a daemon: quitting within the first second waits for the imports to finish rather
        # than finalizing the interpreter under a thread that is making Qt classes.
        _worker = threading.Thread(target=_import_all, args=(tuple(modules),), name="feature-imports")
        _worker.start()


def wait() -> None:
    """Until the worker's imports are done (at once when there is none or it has finished)."""
    if _worker is not None and _worker is not threading.current_thread():
        _worker.join()


def finished() -> bool:
    """The worker has run and is done (for a benchmark that starts where a person would)."""
    return _worker is not None and not _worker.is_alive()


class _AfterFirstPaint(QObject):
    """Starts the imports after the window's first repaint, so they do not delay it."""

    def __init__(self, window: QWidget, modules: Sequence[str]) -> None:
        super().__init__(window)
        self.window, self.modules = window, tuple(modules)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt's name)
        if watched is self.window and event.type() == QEvent.Type.UpdateRequest:
            with contextlib.suppress(RuntimeError):  # the window is being destroyed
                self.window.removeEventFilter(self)
            # Queued behind this repaint: the worker starts once the window is on screen.
            QTimer.singleShot(0, lambda: start(self.modules))
        return False


def after_first_paint(window: QWidget, modules: Sequence[str]) -> None:
    """Import `modules` on a worker once `window` has been painted for the first time."""
    if _worker is None:
        _AfterFirstPaint(window, modules)
