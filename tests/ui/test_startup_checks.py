"""Before Qt starts: a broken binding or missing X libraries give one clear message, not a crash."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

from clientbook.ui import startup_checks
from clientbook.ui.startup_checks import (
    missing_from_ldd,
    missing_qt_libraries,
    packages_for,
    qt_libraries_message,
    refcount_broken,
    will_use_xcb,
)

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


@pytest.mark.parametrize("lang, words", [("en", "Install them with"), ("ru", "Установите их командой")])
def test_missing_libraries_are_named_with_their_debian_packages(lang, words):
    ldd = ("\tlinux-vdso.so.1 (0x00007ffd)\n"
           "\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f)\n"
           "\tlibxcb-cursor.so.0 => not found\n"
           "\tlibxcb-icccm.so.4 => not found\n"
           "\tlibxcb-keysyms.so.1 => not found\n"
           "\tlibxcb-icccm.so.4 => not found\n"
           "\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f)\n")
    missing = missing_from_ldd(ldd)
    assert missing == ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert packages_for(missing) == ["libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1"]
    text = qt_libraries_message(missing, lang)
    assert words in text and "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in text
    assert "\n" not in text  # one line


def test_ldd_of_a_real_library_with_a_missing_dependency(tmp_path):
    """The real ldd path: a shared object linked against a library that is then taken away."""
    gcc = shutil.which("gcc") or shutil.which("cc")
    if gcc is None or shutil.which("ldd") is None:
        pytest.skip("needs a C compiler and ldd to build a library with a missing dependency")
    (tmp_path / "dep.c").write_text("int cb_dep(void) { return 1; }\n")
    (tmp_path / "plug.c").write_text("int cb_dep(void);\nint cb_plug(void) { return cb_dep(); }\n")
    subprocess.run([gcc, "-shared", "-fPIC", "-Wl,-soname,libcbgone.so.0", "-o", str(tmp_path / "libcbgone.so.0"),
                    str(tmp_path / "dep.c")], check=True)
    (tmp_path / "libcbgone.so").symlink_to("libcbgone.so.0")
    subprocess.run([gcc, "-shared", "-fPIC", "-o", str(tmp_path / "libqfake.so"), str(tmp_path / "plug.c"),
                    f"-L{tmp_path}", "-lcbgone"], check=True)
    assert missing_qt_libraries(tmp_path / "libqfake.so") == ["libcbgone.so.0"]  # not on the loader's path
    assert packages_for(["libcbgone.so.0"]) == ["libcbgone.so.0"]  # unknown: named as it is


def test_platform_choice():
    if not sys.platform.startswith("linux"):
        pytest.skip("xcb is Linux only")
    assert will_use_xcb({})
    assert will_use_xcb({"QT_QPA_PLATFORM": "xcb"})
    assert not will_use_xcb({"QT_QPA_PLATFORM": "offscreen"})
    assert not will_use_xcb({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"})


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xcb is Linux only")
def test_starting_the_app_without_the_x_libraries_prints_one_message(tmp_path):
    """The desktop start on a machine whose xcb plugin lacks libraries: one line, exit code 3."""
    missing = missing_qt_libraries()
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "CLIENTBOOK_LANG": "en", "CLIENTBOOK_DATA_DIR": str(tmp_path),
           "PYTHONPATH": str(ROOT / "src"), "DISPLAY": ":987"}
    if not missing:
        pytest.skip("this machine has every library the xcb plugin needs")
    done = subprocess.run([sys.executable, "-m", "clientbook"], env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 3
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "sudo apt-get install" in lines[0]
    for package in packages_for(missing):
        assert package in lines[0]
    assert not list(tmp_path.glob("*.db"))  # nothing was created


def test_startup_problem_is_none_offscreen(monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert startup_checks.startup_problem("en") is None
