"""Where a tool window opens: its remembered geometry, else a size of its own centred on the main window.

A top-level QWidget opened with a parent gets neither a size nor a position from Qt (it opened at
480×271 in the top-left corner); each window class says the size it is readable at
(`DEFAULT_SIZE`), bounded by the screen, and the geometry the user gave it is kept in the
preferences under the class name, written when the window is hidden or closed.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from clientbook.ui import preferences

FALLBACK_SIZE = QSize(640, 420)
MARGIN = 40  # keep the window this much inside the screen when bounding its default size


def geometry_key(window: QWidget) -> str:
    return f"windows/{type(window).__name__}/geometry"


def default_size(window: QWidget, anchor: QWidget | None) -> QSize:
    """The class's DEFAULT_SIZE (or its size hint), not larger than the screen (or the main window, if bigger)."""
    wanted = getattr(window, "DEFAULT_SIZE", None)
    size = QSize(*wanted) if wanted else FALLBACK_SIZE.expandedTo(window.sizeHint())
    screen = (anchor or window).screen()
    room = screen.availableGeometry().size() if screen is not None else size
    if anchor is not None:
        room = room.expandedTo(anchor.size())
    return size.boundedTo(QSize(max(320, room.width() - MARGIN), max(240, room.height() - MARGIN)))


def centred(size: QSize, anchor: QWidget) -> QRect:
    frame = anchor.frameGeometry()
    rect = QRect(0, 0, size.width(), size.height())
    rect.moveCenter(frame.center())
    rect.moveTop(max(frame.top(), rect.top()))
    return rect


def saved_geometry(window: QWidget) -> QRect | None:
    """The remembered rectangle, if it is well-formed and still shows on one of the screens."""
    try:
        x, y, w, h = (int(v) for v in str(preferences.get(geometry_key(window), "")).split(","))
    except ValueError:
        return None
    rect = QRect(x, y, w, h)
    visible = any(screen.availableGeometry().intersects(rect) for screen in QGuiApplication.screens())
    return rect if w >= 200 and h >= 150 and visible else None


def remember(window: QWidget) -> None:
    """The frame's position (what `move` takes) and the client area's size (what `resize` takes)."""
    pos, size = window.pos(), window.size()
    preferences.put(geometry_key(window), f"{pos.x()},{pos.y()},{size.width()},{size.height()}")


def place(window: QWidget, anchor: QWidget | None) -> None:
    """Restore the remembered geometry or give the default size centred on `anchor`; keep it from now on.

    A plain rectangle rather than `saveGeometry()`: restoreGeometry squeezes the window into the
    primary screen, which would undo a size the user chose on a bigger second screen."""
    saved = saved_geometry(window)
    if saved is not None:
        window.resize(saved.size())
        window.move(saved.topLeft())
    else:
        size = default_size(window, anchor)
        if anchor is not None:
            window.setGeometry(centred(size, anchor))
        else:
            window.resize(size)
    keeper = GeometryKeeper(window)
    window.installEventFilter(keeper)


class GeometryKeeper(QObject):
    """Writes the window's geometry to the preferences when it is hidden or closed."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.window and event.type() in (QEvent.Type.Close, QEvent.Type.Hide):
            remember(self.window)
        return False
