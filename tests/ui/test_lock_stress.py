"""Lock, unlock and quit over and over on a big vault while its page check runs (issue 11's crash).

The crash ("Fatal Python error: none_dealloc" at lock/unlock and at exit) came from a binding that
lost a reference to None on every void Qt call; it showed only after enough rounds of real work.
So this drives the real window through 20 rounds: unlock with the page check on a worker (read page
by page, so it is still running when Today fills and when the lock comes), lock now at once, now
after the list and Today are on screen; every fifth round the window is closed as on quitting and a
new one made; and a separate process unlocks and quits three times, which must exit cleanly.

CI size: a 2,000-client demo vault. By hand on a big one:
    CLIENTBOOK_STRESS_VAULT=/path/copy.db CLIENTBOOK_STRESS_PASSWORD=... pytest -m slow tests/ui/test_lock_stress.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from clientbook.core import demo
from clientbook.core.vault import Vault
from clientbook.ui.main_window import MainWindow
from clientbook.ui.startup_checks import refcount_broken
from conftest import PASSWORD

pytestmark = [pytest.mark.slow, pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")]

ROUNDS = 20
CI_CLIENTS = 2000
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def big_vault(tmp_path: Path) -> tuple[Path, str]:
    given = os.environ.get("CLIENTBOOK_STRESS_VAULT")
    if given:
        return Path(given), os.environ.get("CLIENTBOOK_STRESS_PASSWORD", PASSWORD)
    path = tmp_path / "big" / "clientbook.db"
    with Vault.create(path, PASSWORD) as vault:
        demo.fill_vault(vault, CI_CLIENTS, seed=5)
    return path, PASSWORD


@pytest.fixture
def page_check_gate(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Every file counts as big (checked after unlocking) and is read one page per step, with a
    progress signal each; the check starts reading only once the gate opens, so the test decides
    whether the lock comes while it waits (cancelled) or while it reads (cancelled or finished).
    The backup made on quit checks its copy with the same function, ungated (it cannot be cancelled)."""
    import clientbook.core.cipher as cipher_module
    import clientbook.core.vault as vault_module

    monkeypatch.setattr(vault_module, "VERIFY_ON_OPEN_BYTES", 0)
    monkeypatch.setattr(cipher_module, "_VERIFY_CHUNK_PAGES", 1)  # the page check lives in core.cipher now
    gate = threading.Event()
    real = cipher_module.damaged_pages

    def gated(path, raw_key, progress=None, should_cancel=None):  # type: ignore[no-untyped-def]
        if should_cancel is None:  # a backup's own verification (on close), not the vault's check
            return real(path, raw_key, progress, should_cancel)
        while not gate.wait(0.005):
            if should_cancel is not None and should_cancel():
                return None
        return real(path, raw_key, progress, should_cancel)

    monkeypatch.setattr(vault_module, "damaged_pages", gated)
    return gate


def _today_loaded(win: MainWindow) -> bool:
    panel = win.today_dock.widget() if win.today_dock is not None else None
    return bool(panel is not None and getattr(panel, "is_loaded", False))


def test_twenty_lock_unlock_and_quit_rounds_while_the_page_check_runs(qtbot, big_vault, page_check_gate):
    path, password = big_vault
    # The root cause: a binding draining None/True per call. Counting None's references across the
    # rounds cannot show it (the rows read hold None too), so the probe that can comes first.
    assert not refcount_broken()
    win = MainWindow(path)
    qtbot.addWidget(win)
    win.show()
    checks_started = checks_cancelled = 0
    for round_no in range(ROUNDS):
        page_check_gate.clear()
        vault = Vault.open(path, password)
        assert vault.pages_unverified
        win.adopt_vault(vault)
        qtbot.waitUntil(lambda w=win: w.backups.page_check is not None, timeout=60_000)  # starts after the first paint
        checks_started += 1
        qtbot.waitUntil(lambda w=win: w.model.rowCount() > 0, timeout=60_000)
        if round_no % 2:  # the slower half: the list and Today on screen, then lock
            qtbot.waitUntil(lambda w=win: _today_loaded(w), timeout=120_000)
            panel = win.today_dock.widget()  # type: ignore[union-attr]
            assert panel.model.rowCount() > 0  # the demo base has overdue, due and birthdays
            page_check_gate.set()  # the check reads now, signalling progress, as the lock comes
        check = win.backups.page_check
        if round_no % 5 == 4:
            win.close()  # quitting: lock(backup=True), idle watcher stopped
            assert vault.closed and win.model.rowCount() == 0
            win = MainWindow(path)
            qtbot.addWidget(win)
            win.show()
        else:
            win.lock()
            assert vault.closed and win.model.rowCount() == 0 and win.today_dock is None
        if check is not None:
            assert check.done.is_set()  # lock waited for the worker; it no longer reads the file
            checks_cancelled += int(check.should_cancel())
        assert win.stack.currentWidget() is win.unlock_page
    assert checks_started == ROUNDS and checks_cancelled >= ROUNDS // 2  # the locks came while it ran


def test_unlock_and_quit_in_a_fresh_process_exits_cleanly(big_vault, tmp_path):
    path, password = big_vault
    script = textwrap.dedent(f"""
        import sys
        from PySide6.QtWidgets import QApplication
        import clientbook.core.vault as vault_module
        from clientbook.core.vault import Vault
        from clientbook.ui.main_window import MainWindow
        import clientbook.core.cipher as cipher_module
        vault_module.VERIFY_ON_OPEN_BYTES = 0
        cipher_module._VERIFY_CHUNK_PAGES = 1
        app = QApplication(sys.argv)
        win = MainWindow(vault_module.Path({str(path)!r}))
        win.show()
        win.adopt_vault(Vault.open({str(path)!r}, {password!r}))
        for _ in range(200):
            app.processEvents()
        win.close()
        print("closed", flush=True)
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT / "src"),
           "CLIENTBOOK_DATA_DIR": str(tmp_path / "data"), "PYTHONFAULTHANDLER": "1"}
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                              timeout=600, check=False)
        assert "Fatal Python error" not in done.stderr
        assert done.returncode == 0 and "closed" in done.stdout, done.stderr[-2000:]
