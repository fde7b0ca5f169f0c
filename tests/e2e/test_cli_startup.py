"""What `clientbook --help` and argument errors load: none of the heavy libraries (SPEC §15 start-up).

A behaviour test, not a timed one: the modules a command imports are observed in a real
subprocess. The heavy libraries (Qt, openpyxl, rapidfuzz, phonenumbers, calamine, SQLAlchemy,
SQLCipher, Alembic, keyring) belong to the commands that use them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clientbook.cli import dedup_cmds, export_cmds, import_cmds, privacy_cmds

HEAVY = ("PySide6", "openpyxl", "rapidfuzz", "phonenumbers", "python_calamine", "xlsxwriter", "sqlalchemy",
         "sqlcipher3", "alembic", "keyring")
PROBE = """
import json, sys
from clientbook.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
print(json.dumps(sorted(set(sys.modules) | {name.split('.')[0] for name in sys.modules})), file=sys.stderr)
sys.exit(code)
"""


def loaded_after(*args: str, tmp_path: Path, password: str | None = None) -> tuple[int, set[str], str]:
    """(exit code, every module loaded by full name and by top-level package, stdout)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLIENTBOOK_")}
    env.update({"CLIENTBOOK_DATA_DIR": str(tmp_path), "CLIENTBOOK_LANG": "en"})
    if password:
        env["CLIENTBOOK_PASSWORD"] = password
    result = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=120)
    modules = set(json.loads(result.stderr.strip().splitlines()[-1]))
    return result.returncode, modules, result.stdout


@pytest.mark.parametrize("args", [("--help",), ("stats", "--help"), ("export", "--help"), ("import", "--help"),
                                  ("dedup", "--help"), ("backup", "--help"), ("privacy", "erase", "--help"),
                                  ("--version",)])
def test_help_loads_no_heavy_library(tmp_path: Path, args: tuple[str, ...]) -> None:
    code, modules, out = loaded_after(*args, tmp_path=tmp_path)
    assert code == 0
    assert "clientbook" in out
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


def test_usage_error_loads_no_heavy_library(tmp_path: Path) -> None:
    code, modules, _ = loaded_after("export", "--format", "pdf", "-o", "x.pdf", tmp_path=tmp_path)
    assert code == 2
    assert not modules & set(HEAVY)


def test_stats_loads_the_database_but_not_qt_or_spreadsheets(tmp_path: Path) -> None:
    from clientbook.core.vault import Vault

    Vault.create(tmp_path / "clientbook.db", "пароль-для-теста").close()
    code, modules, out = loaded_after("stats", "--json", tmp_path=tmp_path, password="пароль-для-теста")
    assert code == 0 and json.loads(out)["clients"] == 0
    assert "sqlcipher3" in modules
    # an up-to-date vault is opened without Alembic (migrate.py reads the head from the scripts), and
    # with a password given, without the keyring
    assert not modules & {"PySide6", "openpyxl", "rapidfuzz", "phonenumbers", "python_calamine", "xlsxwriter", "alembic",
                          "keyring"}
    # nor backups: a restore point is made only before a migration, which a read-only open never runs
    assert not modules & {"clientbook.core.backup", "clientbook.core.restore_points"}


def test_head_read_from_the_scripts_is_alembics_head() -> None:
    from clientbook.core import migrate

    assert migrate._head_from_files() == migrate.head_revision()


def test_cli_choices_equal_the_core_constants() -> None:
    """The CLI declares its choices without importing the core services; they must not drift."""
    from clientbook.core import dedup, exporting, importing

    assert export_cmds.FORMATS == exporting.FORMATS
    assert import_cmds.DUPLICATE_MODES == importing.DUPLICATE_MODES
    from clientbook.core.importing.encodings import OFFERED_ENCODINGS

    assert tuple(key for key, _ in OFFERED_ENCODINGS) == import_cmds.ENCODINGS
    assert dedup_cmds.DEFAULT_MIN_SCORE == dedup.DEFAULT_MIN_SCORE
    from clientbook.core.privacy import erase, report

    assert privacy_cmds.REPORT_FORMATS == report.FORMATS
    assert privacy_cmds.GROUNDS == erase.GROUNDS
