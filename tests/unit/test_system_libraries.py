"""The X11 libraries Qt's xcb plugin needs, checked before Qt starts (no Qt imported for it)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from clientbook.ui import system_libraries as libs

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 libraries are a Linux matter")


def xcb_plugin_files() -> list[Path]:
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    return [qt / "plugins" / "platforms" / "libqxcb.so", qt / "lib" / "libQt6XcbQpa.so.6"]


@pytest.mark.skipif(shutil.which("ldd") is None, reason="needs ldd to compare with")
def test_reports_exactly_what_the_dynamic_loader_cannot_find_for_the_xcb_plugin() -> None:
    output = "".join(subprocess.run(["ldd", str(f)], capture_output=True, text=True).stdout
                     for f in xcb_plugin_files())
    not_found = set(re.findall(r"^\s*(\S+) => not found", output, re.MULTILINE))
    needed = set(re.findall(r"^\s*(\S+) =>", output, re.MULTILINE))
    assert not_found <= set(libs.XCB_LIBRARIES)  # every missing one has a package name
    assert set(libs.missing_xcb_libraries()) & needed == not_found
    assert libs.missing_xcb_packages() == sorted({libs.XCB_LIBRARIES[s] for s in libs.missing_xcb_libraries()})


def test_every_xcb_dependency_of_the_plugin_is_known() -> None:
    readelf = shutil.which("readelf")
    if readelf is None:
        pytest.skip("needs readelf")
    needed: set[str] = set()
    for path in xcb_plugin_files():
        out = subprocess.run([readelf, "-d", str(path)], capture_output=True, text=True).stdout
        needed |= set(re.findall(r"\(NEEDED\)\s+Shared library: \[(\S+)\]", out))
    x11 = {name for name in needed if name.startswith(("libxcb", "libX", "libxkb"))}
    assert x11 and x11 <= set(libs.XCB_LIBRARIES)


@pytest.mark.parametrize(("environ", "expected"), [
    ({}, True),
    ({"QT_QPA_PLATFORM": "xcb"}, True),
    ({"QT_QPA_PLATFORM": "offscreen"}, False),
    ({"QT_QPA_PLATFORM": "wayland;xcb"}, False),
    ({"WAYLAND_DISPLAY": "wayland-0"}, False),
    ({"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "xcb"}, True),
])
def test_the_check_applies_only_when_qt_will_use_xcb(environ: dict[str, str], expected: bool) -> None:
    assert libs.uses_xcb(environ) is expected


def test_the_advice_names_the_packages_in_both_languages() -> None:
    message = libs.advice(["libxcb-icccm4", "libxcb-keysyms1"])
    for lang, words in (("ru", "не хватает библиотек"), ("en", "lacks X11 libraries")):
        text = message.text(lang)
        assert words in text and "sudo apt install libxcb-icccm4 libxcb-keysyms1" in text
