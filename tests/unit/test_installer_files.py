"""The installer's files: the Inno Setup script, the Linux menu entry and AppStream data, the icons,
and the Linux install script run into a temporary home. The bundle itself: tests/e2e/test_bundle.py."""

from __future__ import annotations

import configparser
import importlib.util
import os
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from clientbook import __version__
from clientbook.core.paths import APP_ID, APP_NAME

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"
ISS = INSTALLER / "windows" / "clientbook.iss"
DESKTOP = INSTALLER / "linux" / f"{APP_ID}.desktop"
METAINFO = INSTALLER / "linux" / f"{APP_ID}.metainfo.xml"
INSTALL_SH = INSTALLER / "linux" / "install.sh"
ICONS = ROOT / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def load_build():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("installer_build", INSTALLER / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


# ---- Windows -------------------------------------------------------------------------------------
def iss_sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if re.fullmatch(r"\[\w+\]", line):
            current = line[1:-1]
            sections[current] = []
        else:
            sections[current].append(line)
    return sections


def iss_defines(text: str) -> dict[str, str]:
    return dict(re.findall(r'^#define (\w+) "([^"]*)"', text, re.MULTILINE))


def iss_entries(lines: list[str]) -> list[dict[str, str]]:
    return [dict((k.strip(), v.strip().strip('"')) for k, v in (part.split(":", 1) for part in line.split("; ")))
            for line in lines]


def test_inno_setup_script_references_files_that_exist(tmp_path: Path) -> None:
    build = load_build()
    text = ISS.read_text(encoding="utf-8")
    defines = iss_defines(text)
    windows = ISS.parent

    includes = re.findall(r'^#include "([^"]+)"', text, re.MULTILINE)
    assert includes == [build.VERSION_INCLUDE.name]  # written by build.py before iscc runs
    written = build.write_version_include(tmp_path / build.VERSION_INCLUDE.name)
    assert iss_defines(written.read_text(encoding="utf-8")) == {"AppVersion": __version__}

    setup = dict(line.split("=", 1) for line in iss_sections(text)["Setup"])
    assert (windows / setup["SetupIconFile"].replace("\\", "/")).resolve() == (ICONS / "clientbook.ico").resolve()
    assert (windows / setup["OutputDir"].replace("\\", "/")).resolve() == (ROOT / "dist").resolve()
    assert setup["AppVersion"] == "{#AppVersion}" and setup["VersionInfoVersion"] == "{#AppVersion}"

    bundle = (windows / defines["BundleDir"].replace("\\", "/")).resolve()
    assert bundle == (ROOT / "dist" / build.BUNDLE_NAME).resolve()  # where build.py puts the bundle
    assert defines["AppExe"] == f"{build.BUNDLE_NAME}.exe"  # the spec's EXE name
    files = iss_entries(iss_sections(text)["Files"])
    assert [f["Source"] for f in files] == ["{#BundleDir}\\*"]
    assert "recursesubdirs" in files[0]["Flags"]


def test_windows_install_is_per_user_with_a_start_menu_entry_and_keeps_the_data() -> None:
    text = ISS.read_text(encoding="utf-8")
    sections = iss_sections(text)
    setup = dict(line.split("=", 1) for line in sections["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["DefaultDirName"] == "{autopf}\\{#AppName}"  # %LOCALAPPDATA%\Programs for a per-user install
    icons = iss_entries(sections["Icons"])
    assert {"Name": "{autoprograms}\\{#AppName}", "Filename": "{app}\\{#AppExe}", "WorkingDir": "{app}"} in icons
    # platformdirs' user_data_dir on Windows: the vault, backups and preferences live there
    assert iss_defines(text)["DataDir"] == "{localappdata}\\" + APP_NAME
    assert "UninstallDelete" not in sections and "InstallDelete" not in sections
    code = "\n".join(sections["Code"])
    assert "DelTree" not in code and "DeleteFile" not in code and "RemoveDir" not in code
    languages = iss_entries(sections["Languages"])
    assert [lang["Name"] for lang in languages] == ["ru", "en"]
    assert {line.split(".", 1)[0] for line in sections["CustomMessages"]} == {"ru", "en"}


def test_ico_carries_every_size_up_to_256_as_png() -> None:
    data = (ICONS / "clientbook.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        width, height, _c, _r, _planes, bpp, size, offset = struct.unpack("<BBBBHHII", data[6 + 16 * i:22 + 16 * i])
        side = width or 256
        assert (width, bpp) == (height, 32)
        assert png_size(data[offset:offset + size]) == (side, side)
        sizes.append(side)
    assert sizes == [16, 24, 32, 48, 64, 128, 256]


# ---- Linux ---------------------------------------------------------------------------------------
def read_desktop(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_names_the_app_its_icon_and_menu_category() -> None:
    entry = read_desktop(DESKTOP)
    assert entry["Type"] == "Application" and entry["Name"] == APP_NAME
    assert entry["Icon"] == APP_ID and entry["Exec"] == "Clientbook" and entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";") and "Office" in entry["Categories"].split(";")
    assert entry["Comment[ru]"] and entry["GenericName[ru]"]
    validator = shutil.which("desktop-file-validate")
    if validator:
        result = subprocess.run([validator, str(DESKTOP)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_appstream_metainfo_has_the_required_tags() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    for tag in ("id", "name", "summary", "metadata_license", "project_license", "description", "launchable"):
        element = root.find(tag)
        assert element is not None and ("".join(element.itertext()).strip() or tag == "description"), tag
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name and root.find("launchable").get("type") == "desktop-id"
    assert root.findtext("provides/binary") == "Clientbook"
    assert len(root.findall("description/p")) >= 2
    releases = [r.get("version") for r in root.findall("releases/release")]
    assert releases[0] == __version__  # bump it with the package version
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert [s.get(lang) for s in root.findall("summary")] == [None, "ru"]
    tool = shutil.which("appstreamcli")
    if tool:
        result = subprocess.run([tool, "validate", "--no-net", "--pedantic", str(METAINFO)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_png_icons_have_every_hicolor_size() -> None:
    for size in PNG_SIZES:
        assert png_size((ICONS / f"clientbook-{size}.png").read_bytes()) == (size, size)
    ET.parse(ICONS / "clientbook.svg")  # well-formed
    assert ET.parse(ICONS / "clientbook.svg").getroot().get("viewBox") == "0 0 512 512"


def fake_bundle(folder: Path, self_test_exit: int = 0) -> Path:
    """A folder laid out as build.py leaves dist/Clientbook/, with a stand-in executable."""
    bundle = folder / "Clientbook"
    (bundle / "_internal" / "resources").mkdir(parents=True)
    shutil.copytree(ICONS, bundle / "_internal" / "resources" / "icons")
    for name in load_build().LINUX_FILES:
        shutil.copy2(INSTALLER / "linux" / name, bundle / name)
    exe = bundle / "Clientbook"
    exe.write_text(f'#!/bin/sh\necho "ok  step"\necho "Note: libxcb-icccm4"\nexit {self_test_exit}\n')
    exe.chmod(0o755)
    return bundle


def run_install(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env["HOME"] = str(home)
    return subprocess.run(["sh", *args], env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux install script")
def test_install_script_puts_the_app_in_the_users_menu_and_uninstall_keeps_the_data(tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path / "unpacked")
    home = tmp_path / "home"
    home.mkdir()
    result = run_install(home, str(bundle / "install.sh"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Note: libxcb-icccm4" in result.stdout and "ok  step" not in result.stdout
    share = home / ".local" / "share"
    target = home / ".local" / "opt" / "clientbook"
    entry = read_desktop(share / "applications" / f"{APP_ID}.desktop")
    assert entry["Exec"] == f'"{target}/Clientbook"' and entry["TryExec"] == f"{target}/Clientbook"
    assert entry["Icon"] == APP_ID
    validator = shutil.which("desktop-file-validate")
    if validator:
        checked = subprocess.run([validator, str(share / "applications" / f"{APP_ID}.desktop")],
                                 capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    for size in PNG_SIZES:
        icon = share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png_size(icon.read_bytes()) == (size, size)
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").read_bytes() == METAINFO.read_bytes()
    assert os.readlink(home / ".local" / "bin" / "clientbook") == str(target / "Clientbook")
    shutil.rmtree(bundle.parent)  # the unpacked download may go: the installed copy stays usable
    assert os.access(target / "Clientbook", os.X_OK)

    vault = share / APP_NAME / "clientbook.db"
    vault.parent.mkdir(parents=True)
    vault.write_bytes(b"encrypted")
    removed = run_install(home, str(target / "install.sh"), "--uninstall")
    assert removed.returncode == 0, removed.stderr
    assert not target.exists() and not (home / ".local" / "bin" / "clientbook").exists()
    assert not (share / "applications" / f"{APP_ID}.desktop").exists()
    assert not list((share / "icons").rglob(f"{APP_ID}.*"))
    assert vault.read_bytes() == b"encrypted"
    assert str(share / APP_NAME) in removed.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux install script")
def test_install_script_installs_nothing_when_the_bundle_fails_its_self_test(tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path / "unpacked", self_test_exit=1)
    home = tmp_path / "home"
    home.mkdir()
    result = run_install(home, str(bundle / "install.sh"))
    assert result.returncode == 1
    assert "nothing was installed" in result.stderr and "libxcb-icccm4" in result.stderr
    assert list(home.iterdir()) == []
