"""Checks run before the QApplication exists, each ending in one clear message instead of a crash.

- Qt's xcb platform plugin needs X libraries that a bare Debian/Ubuntu lacks (libxcb-cursor0,
  libxcb-icccm4, libxcb-keysyms1, ...). Without them Qt aborts with a page of plugin diagnostics;
  `clientbook.ui.system_libraries` (the one list of them, shared with the bundle's launcher and
  --self-test) names the packages to install instead.
- PySide6 6.12.0's abi3 wheels return None/True from void methods and `Signal.emit()` without a new
  reference on CPython 3.11 (they were built with headers whose Py_RETURN_NONE assumes immortal
  singletons, CPython gh-134989). Every such call then costs None one reference it never got, and
  after a few hundred thousand calls (a Today list, a few lock/unlock rounds) the process dies with
  "Fatal Python error: none_dealloc". `refcount_broken()` detects such a binding in a few calls.
"""

from __future__ import annotations

import sys

from clientbook.core.messages import register

register({
    "qt_binding_broken": {
        "ru": "Установленный PySide6 {version} неисправен на Python {python} (ошибка счётчика ссылок, "
              "программа бы упала). Установите другую версию: pip install 'PySide6-Essentials<6.12' "
              "'PySide6-Addons<6.12'",
        "en": "The installed PySide6 {version} is broken on Python {python} (a reference-count bug that "
              "would crash the program). Install another version: pip install 'PySide6-Essentials<6.12' "
              "'PySide6-Addons<6.12'",
    },
})


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
    from clientbook.ui import system_libraries

    if refcount_broken():
        return binding_message(lang)
    if system_libraries.uses_xcb():
        packages = system_libraries.missing_xcb_packages()
        if packages:
            return system_libraries.advice(packages).text(lang)
    return None
