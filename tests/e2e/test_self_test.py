"""`clientbook --self-test` from source, as the bundle build runs it in the built executable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from clientbook.cli.selftest import run_self_test
from clientbook.core import migrate

STEPS = 5  # vault + migrations, client found, backup verified, main window, dashboard


def run_self_test_process(tmp_path: Path, lang: str) -> subprocess.CompletedProcess[str]:
    temp = tmp_path / "tmp"
    temp.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLIENTBOOK_", "QT_QPA"))}
    env.update({"CLIENTBOOK_DATA_DIR": str(tmp_path / "user-data"), "CLIENTBOOK_LANG": lang, "TMPDIR": str(temp)})
    return subprocess.run([sys.executable, "-m", "clientbook", "--self-test"], env=env, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=180)


@pytest.mark.parametrize(("lang", "passed", "window"), [
    ("en", "Self-test passed.", "Main window shown (offscreen), 1 client in the list"),
    ("ru", "Самопроверка пройдена.", "Главное окно показано (offscreen), в списке 1 клиент"),
])
def test_self_test_passes_without_a_display_and_leaves_nothing(tmp_path: Path, lang: str, passed: str,
                                                               window: str) -> None:
    result = run_self_test_process(tmp_path, lang)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len([line for line in lines if line.startswith("ok  ")]) == STEPS
    assert any(window in line for line in lines)
    assert lines[-1] == passed
    assert "propagateSizeHints" not in result.stderr
    assert not (tmp_path / "user-data").exists()  # the user's vault, backups and preferences untouched
    assert list((tmp_path / "tmp").iterdir()) == []  # the temporary vault and its backup are gone


def test_self_test_fails_with_exit_1_when_the_migrations_are_missing(tmp_path: Path, monkeypatch, capsys) -> None:
    """What a bundle without the Alembic files would do: say FAIL and exit 1, not pass."""
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", tmp_path / "no-migrations")
    assert run_self_test() == 1
    captured = capsys.readouterr()
    assert "FAIL" in captured.err
    assert "Self-test passed." not in captured.out
