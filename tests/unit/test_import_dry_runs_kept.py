"""The wizard's second check of a file is the first one's answer when nothing changed since: same
options, the file as it was, no commit to the vault; anything else runs the check again."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from clientbook.core.clients import ClientInput, create_client
from clientbook.core.importing import ImportOptions, dry_runs
from clientbook.core.importing.dry_runs import DryRuns
from import_support import counts, write_csv

ROWS = "ФИО;Телефон\nИванов Иван;+7 916 123-45-67\nПетрова Анна;+7 903 555-11-22\n"


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The dry runs really run (their `on_duplicate`)."""
    done: list[str] = []
    real = dry_runs.run_import

    def counted(*args: Any, **kwargs: Any) -> Any:
        done.append(args[2].on_duplicate)
        return real(*args, **kwargs)

    monkeypatch.setattr(dry_runs, "run_import", counted)
    return done


def test_same_check_again_is_the_kept_answer(vault, tmp_path: Path, runs: list[str]) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "clients.csv", ROWS)
    checks = DryRuns(vault)
    try:
        first = checks.run(path, ImportOptions())
        assert first.created == 2 and counts(vault)["clients"] == 0
        assert checks.answer(path, ImportOptions()) is first  # its own rolled-back transaction is no change
        assert checks.run(path, ImportOptions()) is first and runs == ["fill"]
        assert checks.answer(path, ImportOptions(on_duplicate="skip")) is None
        assert checks.answer(path, ImportOptions(match_names=True)) is None
        assert checks.answer(tmp_path / "other.csv", ImportOptions()) is None
    finally:
        checks.close()


def test_a_commit_or_a_changed_file_runs_the_check_again(vault, tmp_path: Path, runs: list[str]) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "clients.csv", ROWS)
    checks = DryRuns(vault)
    try:
        assert checks.run(path, ImportOptions(on_duplicate="skip")).created == 2
        with vault.transaction() as s:  # another window adds Иванов meanwhile
            create_client(s, ClientInput(last_name="Иванов", first_name="Иван", phones=["+79161234567"]))
        assert checks.answer(path, ImportOptions(on_duplicate="skip")) is None
        again = checks.run(path, ImportOptions(on_duplicate="skip"))
        assert (again.created, again.skipped) == (1, 1) and runs == ["skip", "skip"]
        assert checks.run(path, ImportOptions(on_duplicate="skip")) is again
        write_csv(path, ROWS + "Сидоров Пётр;+7 999 000-00-01\n")  # the user saved the file again
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        assert checks.run(path, ImportOptions(on_duplicate="skip")).created == 2 and len(runs) == 3
    finally:
        checks.close()
