"""Which system libraries Qt's X11 (xcb) platform plugin needs and this computer lacks.

PySide6 wheels and the bundle carry Qt itself, but the xcb plugin links against X11 helper
libraries a bare Debian/Ubuntu does not install (libxcb-cursor0, libxcb-icccm4, ...). Without them
Qt aborts with a cryptic "could not load the Qt platform plugin". This module imports no Qt, so
the launcher can ask before Qt starts and name the packages to install instead.
"""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

from clientbook.core.messages import Message, register

_FEDORA = ("sudo dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms xcb-util-image xcb-util-renderutil "
           "libxkbcommon-x11")
register({"xcb_libraries_missing": {
    "ru": "Clientbook не может открыть окно: в системе не хватает библиотек X11, нужных Qt.\n"
          "Установите их (Debian/Ubuntu): {command}\n(Fedora: " + _FEDORA + ")",
    "en": "Clientbook cannot open its window: the system lacks X11 libraries that Qt needs.\n"
          "Install them (Debian/Ubuntu): {command}\n(Fedora: " + _FEDORA + ")",
}})

# The libraries libqxcb.so and libQt6XcbQpa.so.6 link against (besides libc, libGL and Qt's own),
# with the Debian/Ubuntu package that ships each one.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
}


def _loadable(soname: str) -> bool:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle and (Path(bundle) / soname).exists():  # PyInstaller copied it from the build machine
        return True
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_xcb_libraries() -> list[str]:
    """Sonames of the xcb plugin's dependencies that cannot be loaded (only on Linux)."""
    if not sys.platform.startswith("linux"):
        return []
    return [soname for soname in XCB_LIBRARIES if not _loadable(soname)]


def missing_xcb_packages() -> list[str]:
    return sorted({XCB_LIBRARIES[soname] for soname in missing_xcb_libraries()})


def uses_xcb(environ: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    """Whether Qt will pick the xcb plugin: asked for, or the default under an X11 session."""
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(";")[0].split(":")[0] == "xcb"
    return sys.platform.startswith("linux") and not environ.get("WAYLAND_DISPLAY")


def advice(packages: list[str]) -> Message:
    """One message naming what to install (Debian/Ubuntu names, Fedora's beside them)."""
    return Message("xcb_libraries_missing", {"command": "sudo apt install " + " ".join(packages)})
