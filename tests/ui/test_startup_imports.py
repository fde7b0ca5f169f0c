"""The desktop window's start: the lock screen is built without importing the tool windows, whose
modules load on a worker once it is painted (issue 14 goal 5). Observed in a real subprocess, since
this test process has imported everything already; no time is asserted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from clientbook.core.vault import Vault
from conftest import PASSWORD

PROBE = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from clientbook.ui import main_window, warmup

TOOLS = ("openpyxl", "clientbook.ui.history_window", "clientbook.ui.import_wizard", "clientbook.ui.card")
app = QApplication([])
window = main_window.MainWindow(main_window.initial_vault_path(sys.argv[1]))
before = sorted(name for name in TOOLS if name in sys.modules)
menus = sorted(window.feature_actions)
window.show()
result = {}

def check():  # polled on the event loop until the worker has run, at most 120 s
    if warmup._worker is not None and not warmup._worker.is_alive():
        result["after"] = sorted(name for name in TOOLS if name in sys.modules)
        app.quit()

poll = QTimer()
poll.timeout.connect(check)
poll.start(20)
QTimer.singleShot(120_000, app.quit)
app.exec()
print(json.dumps({"before": before, "menus": menus, "after": result.get("after"),
                  "page": window.stack.currentWidget() is window.unlock_page}))
"""


def test_lock_screen_shows_before_the_tool_windows_load(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    Vault.create(data / "clientbook.db", PASSWORD).close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLIENTBOOK_")}
    env.update({"CLIENTBOOK_DATA_DIR": str(data), "CLIENTBOOK_LANG": "en", "QT_QPA_PLATFORM": "offscreen",
                "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")})
    done = subprocess.run([sys.executable, "-c", PROBE, str(data)], env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["page"], "the lock screen is what a person sees first"
    assert seen["before"] == [], f"imported before the lock screen: {seen['before']}"
    # every tool is in the menus all the same, and loaded once the lock screen was on screen
    assert {"HistoryWindow", "ImportWizard", "ExportDialog", "BackupsPage", "Dashboard"} <= set(seen["menus"])
    assert {"clientbook.ui.card", "clientbook.ui.history_window", "clientbook.ui.import_wizard"} <= set(seen["after"])
