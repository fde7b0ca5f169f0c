"""`clientbook backups/restore` in a subprocess: one client copied back, damaged backups kept and listed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from clientbook.core import backup
from clientbook.core import models as m
from clientbook.core.clients import ClientInput, create_client, delete_clients
from clientbook.core.vault import Vault

PASSWORD = "Резервный пароль 1"


def run(*args: str, data_dir: Path, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLIENTBOOK_")}
    env.update({"CLIENTBOOK_DATA_DIR": str(data_dir), "CLIENTBOOK_LANG": lang, "CLIENTBOOK_USER": "tester",
                "CLIENTBOOK_PASSWORD": PASSWORD})
    return subprocess.run([sys.executable, "-m", "clientbook", *args], env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=120)


def one_line_failure(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for text in expected:
        assert text in lines[0], lines[0]


def names(path: Path) -> list[str]:
    with Vault.open(path, PASSWORD) as vault, vault.session() as s:
        return list(s.scalars(select(m.Client.display_name).order_by(m.Client.display_name)))


@pytest.fixture
def base(tmp_path: Path) -> tuple[Path, Path, int]:
    """A vault with three clients, a backup of it, then one client deleted: (vault, backup, deleted id)."""
    path = tmp_path / "clientbook.db"
    with Vault.create(path, PASSWORD) as vault:
        with vault.transaction() as s:
            gone = create_client(s, ClientInput(last_name="Соколова", first_name="Анна", city="Казань",
                                                phones=["+7 903 111-22-33"], tags=["VIP"])).id
            create_client(s, ClientInput(last_name="Петрова", first_name="Анна"))
            create_client(s, ClientInput(last_name="Петрова", first_name="Мария"))
        made = backup.make_backup(vault).path
        delete_clients(vault, [gone])
    return path, made, gone


def test_restore_one_client_by_search_after_a_restore_point(base: tuple[Path, Path, int], tmp_path: Path) -> None:
    path, made, gone = base
    with Vault.open(path, PASSWORD) as vault:
        before = len(backup.list_backups(vault))
    result = run("restore", str(made), "--search", "соколова", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"#{gone}" in result.stdout and "previous state was saved" in result.stdout
    assert names(path) == ["Петрова Анна", "Петрова Мария", "Соколова Анна"]
    with Vault.open(path, PASSWORD) as vault:
        recs = backup.list_backups(vault)
        assert len(recs) == before + 1 and recs[0].label == "restore"  # made before the copy
        assert recs[0].clients == 2  # the state before: without the copied client
        with vault.session() as s:
            batch = s.scalars(select(m.Batch).order_by(m.Batch.id.desc())).first()
            assert batch is not None and batch.kind == "restore" and made.name in (batch.label or "")
            created = s.scalar(select(func.count()).select_from(m.AuditEntry).where(
                m.AuditEntry.batch_id == batch.id, m.AuditEntry.entity == "client",
                m.AuditEntry.action == "create"))
            assert created == 1
    # by id, in Russian: the card exists now, so the copy is a second card
    again = run("restore", str(made), "--client", str(gone), data_dir=tmp_path, lang="ru")
    assert again.returncode == 0, again.stderr
    assert "скопирован" in again.stdout
    assert names(path).count("Соколова Анна") == 2


@pytest.mark.parametrize(("option", "value", "expected"), [
    ("--search", "Петрова", "Several clients in the backup match (2)"),
    ("--search", "Нетакова", "No client in the backup"),
    ("--client", "999", "not in the backup"),
])
def test_restore_one_client_refuses_unclear_choices_and_changes_nothing(
        base: tuple[Path, Path, int], tmp_path: Path, option: str, value: str, expected: str) -> None:
    path, made, _gone = base
    with Vault.open(path, PASSWORD) as vault:
        before = [r.file for r in backup.list_backups(vault)]
    result = run("restore", str(made), option, value, data_dir=tmp_path)
    one_line_failure(result, expected)
    if value == "Петрова":
        assert len(result.stdout.strip().splitlines()) == 2  # both listed with their ids to choose from
    assert names(path) == ["Петрова Анна", "Петрова Мария"]
    with Vault.open(path, PASSWORD) as vault:
        assert [r.file for r in backup.list_backups(vault)] == before  # no restore point for nothing


def test_a_damaged_backup_is_listed_until_removed(base: tuple[Path, Path, int], tmp_path: Path) -> None:
    path, made, _gone = base
    raw = bytearray(made.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    made.write_bytes(bytes(raw))
    one_line_failure(run("verify", str(made), data_dir=tmp_path), "damaged")
    for _ in range(2):  # later backups prune by the policy; the damaged one stays
        assert run("backup", data_dir=tmp_path).returncode == 0
    listing = run("backups", data_dir=tmp_path)
    assert listing.returncode == 0
    damaged = [line for line in listing.stdout.splitlines() if line.endswith(made.name)]
    assert len(damaged) == 1 and "\tDAMAGED\t" in damaged[0]
    assert "Damaged backups: 1" in listing.stderr and "never deleted automatically" in listing.stderr
    data = json.loads(run("backups", "--json", data_dir=tmp_path).stdout)
    assert [r["problem"] for r in data if r["file"].endswith(made.name)][0]
    removed = run("backups", "--remove", made.name, data_dir=tmp_path)
    assert removed.returncode == 0 and made.name not in removed.stdout and not removed.stderr
    assert not made.exists()
    one_line_failure(run("backups", "--remove", "clientbook.db", data_dir=tmp_path), "not listed")
    assert path.exists()
