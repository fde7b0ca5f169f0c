"""The application's name, version and icon, set once on the QApplication so every window has them.

`QApplication.setWindowIcon` is the icon of every top-level window (main window, cards, dialogs)
and of the taskbar entry; the desktop file name lets Wayland and GNOME match the running window to
the installed `org.clientbook.Clientbook.desktop` and its icon.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication, QIcon

from clientbook import __version__
from clientbook.core.paths import APP_ID, APP_NAME
from clientbook.ui.i18n import resources_dir


def icons_dir() -> Path:
    return resources_dir() / "icons"


def app_icon() -> QIcon:
    """The icon in every rendered size (Qt picks the nearest), from PNGs: no SVG plugin needed."""
    icon = QIcon()
    for png in sorted(icons_dir().glob("clientbook-*.png")):
        icon.addFile(str(png))
    return icon


def apply_identity(app: QGuiApplication) -> None:
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
