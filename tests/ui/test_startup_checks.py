"""Before Qt starts: a broken binding or missing X libraries give one clear message, not a crash."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

from clientbook.ui import startup_checks, system_libraries
from clientbook.ui.startup_checks import refcount_broken

ROOT = Path(__file__).resolve().parents[2]


class _Emitter(QObject):
    ping = Signal()
    value = Signal(object)


def test_installed_binding_does_not_drain_none_or_true(qtbot):
    """PySide6 6.12.0 on Python 3.11 lost a reference to None per void call and to True per emit:
    the "none_dealloc" crash at lock/unlock and exit. The installed binding must not."""
    assert not refcount_broken()
    label, emitter = QLabel(), _Emitter()
    qtbot.addWidget(label)
    before = sys.getrefcount(None), sys.getrefcount(True)
    for i in range(5000):
        label.setText(str(i))  # void methods return None
        label.setToolTip("")
        emitter.ping.emit()  # emit returns True
        emitter.value.emit(None)
    after = sys.getrefcount(None), sys.getrefcount(True)
    if sys.version_info < (3, 12):  # immortal singletons from 3.12 on: their counts never move
        assert abs(after[0] - before[0]) < 100 and abs(after[1] - before[1]) < 100


@pytest.mark.parametrize("lang, words", [("en", "Install them"), ("ru", "Установите их")])
def test_missing_x_libraries_become_the_one_startup_message(monkeypatch, lang, words):
    monkeypatch.setattr(system_libraries, "uses_xcb", lambda environ=None: True)
    monkeypatch.setattr(system_libraries, "missing_xcb_packages",
                        lambda: ["libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1"])
    text = startup_checks.startup_problem(lang)
    assert text is not None and words in text
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in text


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xcb is Linux only")
def test_starting_the_app_without_the_x_libraries_prints_one_message(tmp_path):
    """The desktop start on a machine whose xcb plugin lacks libraries: the message, exit code 3."""
    missing = system_libraries.missing_xcb_packages()
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "CLIENTBOOK_LANG": "en", "CLIENTBOOK_DATA_DIR": str(tmp_path),
           "PYTHONPATH": str(ROOT / "src"), "DISPLAY": ":987"}
    if not missing:
        pytest.skip("this machine has every library the xcb plugin needs")
    done = subprocess.run([sys.executable, "-m", "clientbook"], env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 3
    assert done.stderr.startswith("clientbook: ") and "Traceback" not in done.stderr
    assert "sudo apt install " + " ".join(missing) in done.stderr
    assert not list(tmp_path.glob("*.db"))  # nothing was created


def test_startup_problem_is_none_offscreen(monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert startup_checks.startup_problem("en") is None
