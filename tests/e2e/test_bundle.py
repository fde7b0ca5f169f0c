"""The desktop bundle built for real by `python installer/build.py`, then used as a user would.

Slow (PyInstaller takes minutes), so it is built once for the whole module. It runs in CI: the
build installs PyInstaller from the project's `bundle` extra when the environment lacks it.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clientbook import __version__
from clientbook.core.paths import APP_ID
from clientbook.ui.system_libraries import missing_xcb_packages

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the bundle is built and run on Linux here"),
    pytest.mark.timeout(1800),
]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    command = [sys.executable, str(ROOT / "installer" / "build.py"), "--dist", str(out / "dist"),
               "--work", str(out / "work")]
    if importlib.util.find_spec("PyInstaller") is not None:
        command.append("--no-install")  # already there: don't re-point this environment's install
    log = out / "build.log"
    with log.open("w") as sink:
        done = subprocess.run(command, stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                              timeout=1700)
    text = log.read_text(errors="replace")
    assert done.returncode == 0, text[-6000:]
    assert "Self-test passed." in text  # build.py ran it in the built executable
    return out / "dist" / "Clientbook"


def user_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CLIENTBOOK_", "QT_", "PYTHON")) and k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update({"CLIENTBOOK_DATA_DIR": str(tmp_path / "data"), "CLIENTBOOK_LANG": "en", **extra})
    return env


def run(bundle: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(bundle / "Clientbook"), *args], env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=300)


def test_bundle_carries_what_the_app_needs_and_nothing_it_does_not(bundle: Path) -> None:
    internal = bundle / "_internal"
    names = {p.relative_to(internal).as_posix() for p in internal.rglob("*")}
    assert {"resources/i18n/main_ru.qm", "resources/icons/clientbook-256.png",
            "clientbook/core/migrations/env.py", "PySide6/Qt/plugins/platforms/libqxcb.so",
            "PySide6/Qt/plugins/platforms/libqoffscreen.so", "PySide6/Qt/plugins/platforms/libqwayland.so",
            "PySide6/Qt/translations/qtbase_ru.qm"} <= names
    assert any(n.startswith("clientbook/core/migrations/versions/0001_") for n in names)
    assert any(n.endswith("libQt6Charts.so.6") for n in names)
    unwanted = ("WebEngine", "Qt6Quick", "Qt6Qml", "Qt63D", "Qt6Pdf", "Qt6Network", "VirtualKeyboard")
    assert [n for n in names if any(u in n for u in unwanted)] == []
    for package in ("pytest", "_pytest", "pytestqt", "mypy", "tests", "tkinter"):
        assert not (internal / package).exists(), package
    for name in ("install.sh", f"{APP_ID}.desktop", f"{APP_ID}.metainfo.xml"):
        assert (bundle / name).is_file(), name


def test_bundle_runs_the_same_cli(bundle: Path, tmp_path: Path) -> None:
    env = user_env(tmp_path, CLIENTBOOK_PASSWORD="Пароль бандла 1")
    version = run(bundle, "--version", env=env)
    assert (version.returncode, version.stdout.strip()) == (0, f"clientbook {__version__}")
    created = run(bundle, "init", env=env)
    assert created.returncode == 0, created.stderr
    stats = run(bundle, "stats", "--json", env=env)
    assert stats.returncode == 0, stats.stderr
    figures = json.loads(stats.stdout)
    assert figures["clients"] == 0 and (tmp_path / "data" / "clientbook.db").is_file()
    wrong = run(bundle, "stats", env={**env, "CLIENTBOOK_PASSWORD": "не тот", "CLIENTBOOK_LANG": "ru"})
    assert wrong.returncode != 0 and "Неверный пароль" in wrong.stderr and "Traceback" not in wrong.stderr


def test_bundle_imports_a_spreadsheet_and_exports_it(bundle: Path, tmp_path: Path) -> None:
    """The parts the self-test does not touch: calamine, phone parsing, openpyxl, csv and vCard."""
    from openpyxl import Workbook

    sheet_file = tmp_path / "клиенты.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["ФИО", "Телефон", "E-mail", "Город"])
    sheet.append(["Иванова Мария Петровна", "8 (916) 123-45-67", "maria@example.org", "Тверь"])
    sheet.append(["Петров Пётр", "+7 903 555 11 22", "", "Казань"])
    book.save(sheet_file)
    env = user_env(tmp_path, CLIENTBOOK_PASSWORD="Пароль бандла 1")
    assert run(bundle, "init", env=env).returncode == 0
    imported = run(bundle, "import", str(sheet_file), "--json", env=env)
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["created"] == 2
    found = run(bundle, "search", "123-45", "--json", env=env)
    assert found.returncode == 0 and "Иванова" in found.stdout
    for name in ("all.xlsx", "all.csv", "all.vcf"):
        done = run(bundle, "export", "-o", str(tmp_path / name), env=env)
        assert done.returncode == 0, done.stderr
    assert "+79161234567" in (tmp_path / "all.csv").read_text(encoding="utf-8-sig").replace(" ", "")
    assert "BEGIN:VCARD" in (tmp_path / "all.vcf").read_text(encoding="utf-8")
    backed_up = run(bundle, "backup", env=env)
    assert backed_up.returncode == 0, backed_up.stderr
    assert run(bundle, "check", env=env).returncode == 0


def test_bundle_self_test_in_russian(bundle: Path, tmp_path: Path) -> None:
    result = run(bundle, "--self-test", env=user_env(tmp_path, CLIENTBOOK_LANG="ru"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "Самопроверка пройдена."
    assert "Главное окно показано (offscreen)" in result.stdout


@pytest.mark.skipif(not missing_xcb_packages(), reason="this machine has every library of the xcb plugin")
def test_window_start_without_the_xcb_libraries_names_the_packages(bundle: Path, tmp_path: Path) -> None:
    result = run(bundle, env=user_env(tmp_path, DISPLAY=":0", QT_QPA_PLATFORM="xcb"))
    assert result.returncode == 1
    assert "sudo apt install " + " ".join(missing_xcb_packages()) in result.stderr
    assert "could not load the Qt platform plugin" not in result.stderr  # ours, before Qt aborts


def test_install_script_installs_the_real_bundle_into_a_users_menu(bundle: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = user_env(tmp_path, HOME=str(home))
    env = {k: v for k, v in env.items() if not k.startswith("XDG_")}
    result = subprocess.run(["sh", str(bundle / "install.sh")], env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    installed = home / ".local" / "opt" / "clientbook" / "Clientbook"
    desktop = home / ".local" / "share" / "applications" / f"{APP_ID}.desktop"
    assert f'Exec="{installed}"' in desktop.read_text(encoding="utf-8")
    version = run(installed.parent, "--version", env=env)
    assert version.stdout.strip() == f"clientbook {__version__}"
