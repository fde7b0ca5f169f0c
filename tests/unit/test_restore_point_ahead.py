"""A restore point made while the user reads the import's totals: used only while it shows the base as it is.

A restore point of a stale base would, restored, silently drop what was saved in between; one made
for an import that never happened would sit in the list of backups as if it had.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from clientbook.core import backup
from clientbook.core.clients import ClientInput, create_client
from clientbook.core.errors import KnownError
from clientbook.core.importing import ImportOptions, run_import
from clientbook.core.restore_points import AheadRestorePoint
from clientbook.core.vault import Vault
from import_support import counts, write_csv


def _restore_points(vault: Vault) -> list[backup.BackupRecord]:
    return [r for r in backup.list_backups(vault) if r.kind == backup.RESTORE_POINT]


def _file(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "clients.csv", "ФИО;Телефон\nКотова Анна;+7 916 123 45 67\n"
                                               "Лисин Борис;+7 903 123 45 67\n")


def _one_client(vault: Vault, name: str) -> None:
    with vault.transaction() as s:
        create_client(s, ClientInput(last_name=name))


def test_the_import_uses_the_restore_point_made_ahead_when_nothing_changed(vault: Vault, tmp_path: Path) -> None:
    _one_client(vault, "Раньше")
    ahead = AheadRestorePoint(vault, "import")
    result = run_import(vault, _file(tmp_path), ImportOptions(), restore_point=ahead)
    assert result.created == 2
    points = _restore_points(vault)
    assert len(points) == 1 and points[0].reason == "import"
    assert points[0].clients == 1  # the base before the import, and only one restore point for it


def test_a_change_after_it_was_made_makes_the_import_take_a_fresh_one(vault: Vault, tmp_path: Path) -> None:
    _one_client(vault, "Раньше")
    ahead = AheadRestorePoint(vault, "import")
    vault.wait_beside()  # the stale copy is finished before the change (the worst case)
    _one_client(vault, "Между")  # saved while the wizard's totals were on screen
    run_import(vault, _file(tmp_path), ImportOptions(), restore_point=ahead)
    points = _restore_points(vault)
    assert [p.clients for p in points] == [2]  # the stale one is gone; the fresh one holds "Между"
    assert counts(vault)["clients"] == 4


def test_one_never_taken_is_deleted(vault: Vault, tmp_path: Path) -> None:
    AheadRestorePoint(vault, "import").discard()  # the wizard closed at once: the copy stops
    made = AheadRestorePoint(vault, "import")
    vault.wait_beside()
    made.discard()  # closed after the copy was made
    vault.wait_beside()
    assert _restore_points(vault) == []


def test_a_file_with_nothing_to_import_keeps_no_restore_point(vault: Vault, tmp_path: Path) -> None:
    empty_rows = write_csv(tmp_path / "nothing.csv", "ФИО;Телефон\n;не телефон\n")
    ahead = AheadRestorePoint(vault, "import")
    with pytest.raises(KnownError):
        run_import(vault, empty_rows, ImportOptions(), restore_point=ahead)
    vault.wait_beside()
    assert _restore_points(vault) == [] and counts(vault)["clients"] == 0


def test_when_it_cannot_be_made_the_import_says_why_and_writes_nothing(vault: Vault, tmp_path: Path) -> None:
    settings = backup.load_settings(vault)
    backup.save_settings(vault, dataclasses.replace(settings, folder=str(tmp_path / "no such folder")))
    ahead = AheadRestorePoint(vault, "import")
    with pytest.raises(KnownError) as failed:
        run_import(vault, _file(tmp_path), ImportOptions(), restore_point=ahead)
    assert failed.value.message.code == "backup_folder_missing"
    assert counts(vault)["clients"] == 0
