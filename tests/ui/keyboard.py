"""Typing any text into a widget as key events.

QTest.keyClicks asserts on non-ASCII characters (qasciikey.cpp), so Cyrillic is typed as key
events that carry the text, which is what a keyboard with a Russian layout delivers.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    for ch in text:
        key = ord(ch.upper()) if ch.isascii() and ch.isalnum() else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))
