"""Checks run before the QApplication exists, each ending in one clear message instead of a crash.

- Qt's xcb platform plugin needs X libraries that a bare Debian/Ubuntu lacks (libxcb-cursor0,
  libxcb-icccm4, libxcb-keysyms1, ...). Without them Qt aborts with a page of plugin diagnostics;
  here the plugin's dependencies are read with `ldd` first and the missing Debian packages named.
- PySide6 6.12.0's abi3 wheels return None/True from void methods and `Signal.emit()` without a new
  reference on CPython 3.11 (they were built with headers whose Py_RETURN_NONE assumes immortal
  singletons, CPython gh-134989). Every such call then costs None one reference it never got, and
  after a few hundred thousand calls (a Today list, a few lock/unlock rounds) the process dies with
  "Fatal Python error: none_dealloc". `refcount_broken()` detects such a binding in a few calls.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from clientbook.core.messages import register

register({
    "qt_libs_missing": {
        "ru": "Не удаётся открыть окно: в системе нет библиотек, нужных Qt ({libs}). "
              "Установите их командой: sudo apt-get install {packages}",
        "en": "Cannot open a window: the system lacks libraries Qt needs ({libs}). "
              "Install them with: sudo apt-get install {packages}",
    },
    "qt_binding_broken": {
        "ru": "Установленный PySide6 {version} неисправен на Python {python} (ошибка счётчика ссылок, "
              "программа бы упала). Установите другую версию: pip install 'PySide6-Essentials<6.12' "
              "'PySide6-Addons<6.12'",
        "en": "The installed PySide6 {version} is broken on Python {python} (a reference-count bug that "
              "would crash the program). Install another version: pip install 'PySide6-Essentials<6.12' "
              "'PySide6-Addons<6.12'",
    },
})

# Shared objects Qt's xcb plugin loads, by the Debian/Ubuntu package that ships them.
DEBIAN_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s*=>\s*not found", re.MULTILINE)


def missing_from_ldd(ldd_output: str) -> list[str]:
    """The shared objects `ldd` reported as "not found", each once, in its order."""
    return list(dict.fromkeys(_NOT_FOUND.findall(ldd_output)))


def packages_for(libraries: list[str]) -> list[str]:
    """Debian package names for missing shared objects (an unknown one is named as it is)."""
    return list(dict.fromkeys(DEBIAN_PACKAGES.get(lib, lib) for lib in libraries))


def xcb_plugin() -> Path | None:
    """The xcb platform plugin of the installed Qt, if there is one."""
    from PySide6.QtCore import QLibraryInfo

    plugin = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms" / "libqxcb.so"
    return plugin if plugin.is_file() else None


def will_use_xcb(environ: dict[str, str] | os._Environ[str] | None = None) -> bool:
    """Whether Qt will try the xcb plugin: Linux, and no other platform chosen or a Wayland session."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "").strip().lower()
    if chosen:
        return chosen.split(";")[0].startswith("xcb")
    return not (env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE", "").lower() == "wayland")


def missing_qt_libraries(plugin: Path | None = None) -> list[str]:
    """Shared objects the xcb plugin needs but cannot find ([] when all are there or unknowable)."""
    plugin = plugin or xcb_plugin()
    ldd = shutil.which("ldd")
    if plugin is None or ldd is None:
        return []
    try:
        result = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    return missing_from_ldd(result.stdout)


def qt_libraries_message(missing: list[str], lang: str) -> str:
    from clientbook.core.messages import Message

    return Message("qt_libs_missing", {"libs": ", ".join(missing), "packages": " ".join(packages_for(missing))}
                   ).text(lang)


def refcount_broken(probe_calls: int = 200) -> bool:
    """Whether void Qt calls and Signal.emit() drain None/True (the PySide6 6.12.0 abi3 bug on 3.11).

    On CPython 3.12+ None and True are immortal and their counts do not move, so this is False there.
    """
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before_none, before_true = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(probe_calls):
        probe.setObjectName("probe")  # a void method: returns None
        probe.ping.emit()  # returns True
    lost_none = before_none - sys.getrefcount(None)
    lost_true = before_true - sys.getrefcount(True)
    if lost_none > 0 or lost_true > 0:  # give the references back so this process can exit cleanly
        import ctypes

        for obj, lost in ((None, lost_none), (True, lost_true)):
            for _ in range(max(0, lost)):
                ctypes.pythonapi.Py_IncRef(ctypes.py_object(obj))
    return lost_none >= probe_calls // 2 or lost_true >= probe_calls // 2


def binding_message(lang: str) -> str:
    import PySide6

    from clientbook.core.messages import Message

    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    return Message("qt_binding_broken", {"version": PySide6.__version__, "python": python}).text(lang)


def startup_problem(lang: str) -> str | None:
    """The one message to show instead of starting, or None when Qt can start."""
    if refcount_broken():
        return binding_message(lang)
    if will_use_xcb():
        missing = missing_qt_libraries()
        if missing:
            return qt_libraries_message(missing, lang)
    return None
