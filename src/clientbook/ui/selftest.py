"""The desktop half of `clientbook --self-test`: the real main window and a QtCharts view, offscreen.

It proves the bundle carries what a window needs (the Qt platform plugins, QtCharts, translations,
the icon) without a display: the caller sets QT_QPA_PLATFORM=offscreen before Qt starts.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from clientbook.core.messages import Message, register
from clientbook.core.selftest import Say, SelfTestFailed
from clientbook.core.vault import Vault

register({
    "selftest_window": {"ru": "Главное окно показано ({platform}), в списке {rows} клиент, переводов: {qm}",
                        "en": "Main window shown ({platform}), {rows} client in the list, translations: {qm}"},
    "selftest_charts": {"ru": "Панель показателей (QtCharts) нарисована",
                        "en": "Dashboard (QtCharts) drawn"},
})

WAIT_S = 10.0
# What the offscreen plugin says about window-manager hints it has nowhere to send.
OFFSCREEN_NOISE = ("propagateSizeHints", "does not support raise")


def _quiet_offscreen(kind: QtMsgType, context: QMessageLogContext, text: str) -> None:
    if not any(noise in text for noise in OFFSCREEN_NOISE):
        print(text, file=sys.stderr)


def _wait_until(app: QApplication, condition: Callable[[], object], what: str) -> None:
    """Let the event loop run until `condition()` holds; a bounded wait for a state, not a sleep."""
    deadline = time.monotonic() + WAIT_S
    while not condition():
        if time.monotonic() > deadline:
            raise SelfTestFailed("window", f"timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.01)


def show_main_window(vault: Vault, lang: str, say: Say) -> None:
    """Show the main window on `vault`, wait for its list, draw the dashboard; closes the vault."""
    previous_handler = qInstallMessageHandler(_quiet_offscreen)
    try:
        _show(vault, lang, say)
    finally:
        qInstallMessageHandler(previous_handler)


def _show(vault: Vault, lang: str, say: Say) -> None:
    from clientbook.ui.app_identity import apply_identity
    from clientbook.ui.i18n import install_translators
    from clientbook.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(["clientbook", "--self-test"])
    assert isinstance(app, QApplication)
    apply_identity(app)
    loaded = [name for name in install_translators(app, lang) if name.endswith(".qm")]
    if lang == "ru" and not loaded:
        raise SelfTestFailed("translations", "no .qm file found")
    if app.windowIcon().isNull():
        raise SelfTestFailed("icon", "the application icon did not load")
    window = MainWindow(vault.path)
    window.auto_backups = False  # the core step has just made and verified one
    try:
        window.adopt_vault(vault)
        window.show()
        _wait_until(app, lambda: window.isVisible() and window.model.rowCount() == 1, "the client list")
        say(Message("selftest_window", {"platform": app.platformName(), "rows": window.model.rowCount(),
                                         "qm": len(loaded)}))
        from clientbook.ui.dashboard import Dashboard

        board = Dashboard(vault)
        board.show()
        _wait_until(app, board.isVisible, "the dashboard")
        if board.grab().isNull():
            raise SelfTestFailed("charts", "the dashboard could not be drawn")
        board.close()
        board.deleteLater()
        say(Message("selftest_charts"))
    finally:
        window.lock()
        window.close()
        window.deleteLater()
        app.processEvents()
