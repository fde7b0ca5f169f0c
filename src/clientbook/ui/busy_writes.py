"""The window never waits for another thread's write (`core/write_waits.py`), and the "busy" a slot
lets out is shown, not lost.

Saving a card while the import wizard writes 100,000 rows froze the window until the import was done
(6 s at 100,000 rows, minutes at 1,000,000): the GUI thread waited for the vault's write lock. Marked
impatient, the GUI thread waits at most GUI_PATIENCE_S and the write raises `VaultBusy` instead. The
places that save say so in their own words (the card: "Card not saved"); a slot that lets VaultBusy
out reaches `sys.excepthook`, which PySide6 calls for an exception a slot raises: there it is shown as
one message box in the user's language instead of a traceback on a console nobody reads (the edit
was not made, and the user must know). Other errors go to the hook as before: a KnownError raised
while the window locks is no news to anyone, and one box at a time is shown, never a second one from
a repaint behind the first.
"""

from __future__ import annotations

import sys
import threading
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from clientbook.core import write_waits
from clientbook.core.errors import VaultBusy
from clientbook.ui.i18n import current_ui_language

GUI_PATIENCE_S = 0.1  # the GUI thread's work stays under 100 ms; a short write of a worker fits in it


def install() -> None:
    """Called once by the desktop app, on its GUI thread."""
    write_waits.be_impatient(threading.main_thread(), GUI_PATIENCE_S)
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if isinstance(exc, VaultBusy) and threading.current_thread() is threading.main_thread() \
                and QApplication.instance() is not None and not _showing:
            show_busy(exc)
            return
        previous(kind, exc, tb)

    sys.excepthook = hook


_showing: list[bool] = []  # a box is open (its own event loop runs slots, which may fail the same way)


def show_busy(exc: VaultBusy) -> None:
    _showing.append(True)
    try:
        QMessageBox.warning(QApplication.activeWindow(), QCoreApplication.translate("BusyWrites", "Not done"),
                            exc.text(current_ui_language()))
    finally:
        _showing.pop()
