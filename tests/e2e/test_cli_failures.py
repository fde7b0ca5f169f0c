"""What a user sees when the vault cannot be used as usual: one line for a damaged vault, and a
read-only data folder that still answers the commands that only read."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from clientbook.core.cipher import PAGE_SIZE
from clientbook.core.clients import ClientInput, create_client
from clientbook.core.vault import Vault

PASSWORD = "Пароль для сбоев 1"


def run(*args: str, data_dir: Path, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLIENTBOOK_")}
    env.update({"CLIENTBOOK_DATA_DIR": str(data_dir), "CLIENTBOOK_LANG": lang, "CLIENTBOOK_USER": "tester",
                "CLIENTBOOK_PASSWORD": PASSWORD})
    return subprocess.run([sys.executable, "-m", "clientbook", *args], env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=180)


def one_line_failure(result: subprocess.CompletedProcess[str], *expected: str) -> str:
    assert result.returncode != 0, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and " clientbook." not in lines[0]  # no log record
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    with Vault.create(folder / "clientbook.db", PASSWORD) as vault, vault.transaction() as s:
        for i in range(30):
            create_client(s, ClientInput(last_name=f"Читаемова{i}", first_name="Вера", city="Тверь",
                                         phones=[f"+7 916 000-00-{i:02d}"]))
        create_client(s, ClientInput(last_name="Читаемова0", first_name="Вера", city="Тверь",
                                     phones=["+7 916 000-00-00"]))
    return folder


@pytest.mark.parametrize("command", [["stats"], ["search", "вера"], ["export", "-o", "OUT"], ["backup"], ["dedup"]])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_damaged_vault_says_so_in_one_line(data: Path, tmp_path: Path, command: list[str], lang: str) -> None:
    path = data / "clientbook.db"
    pages = path.stat().st_size // PAGE_SIZE
    with open(path, "r+b") as fh:
        fh.seek((pages // 2) * PAGE_SIZE + 200)
        fh.write(b"\x00JUNK" * 40)
    args = [str(tmp_path / "out.xlsx") if a == "OUT" else a for a in command]
    line = one_line_failure(run(*args, data_dir=data, lang=lang))
    assert ("damaged" in line and "backup" in line) if lang == "en" else ("повреждён" in line)
    assert not (tmp_path / "out.xlsx").exists()


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """The folder as read-only media: a read-only bind mount as root (who ignores modes), else 0555."""
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o700)
        return
    if not shutil.which("mount"):
        pytest.skip("root without mount(8): cannot make a read-only folder")
    bind = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
    if bind.returncode != 0:
        pytest.skip("root without the right to mount: cannot make a read-only folder")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True, capture_output=True)
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_read_only_data_folder_still_answers_read_only_commands(data: Path, tmp_path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        (data / "clientbook.db.lock").unlink()  # as on a copy burnt to a disc: no lock file beside it
    before = snapshot(data)
    with read_only(data):
        stats = run("stats", "--json", data_dir=data)
        assert stats.returncode == 0, stats.stderr
        assert json.loads(stats.stdout)["clients"] == 31 and not stats.stderr
        found = run("search", "читаемова1", "--json", data_dir=data)
        assert found.returncode == 0 and len(json.loads(found.stdout)) >= 1, found.stderr
        assert run("check", data_dir=data).returncode == 0
        dedup = run("dedup", "--json", data_dir=data)
        assert dedup.returncode == 0 and json.loads(dedup.stdout), dedup.stderr
        listing = run("backups", data_dir=data)
        assert listing.returncode == 0 and not listing.stderr
        # commands that write (export records itself in the change log) say plainly why not
        for command in (["export", "-o", str(tmp_path / "out.csv")], ["backup"], ["not-duplicates", "1", "31"]):
            one_line_failure(run(*command, data_dir=data), "cannot be written to", "stats, search")
        ru = run("backup", data_dir=data, lang="ru")
        one_line_failure(ru, "нельзя записывать")
    assert snapshot(data) == before
    assert not (tmp_path / "out.csv").exists()


def test_a_read_only_folder_with_unapplied_changes_says_why(data: Path) -> None:
    with Vault.open(data / "clientbook.db", PASSWORD) as vault:
        conn = vault.raw_connection()  # an open reader keeps the last change in the WAL…
        conn.execute("SELECT count(*) FROM clients").fetchone()
        with vault.transaction() as s:
            create_client(s, ClientInput(last_name="Последняя"))
        wal = data / "clientbook.db-wal"
        saved = wal.read_bytes()
        conn.close()
    wal.write_bytes(saved)  # …as a crash would have left it
    (data / "clientbook.db.lock").unlink()
    with read_only(data):
        one_line_failure(run("stats", data_dir=data), "not closed cleanly", "-wal")
    stats = run("stats", "--json", data_dir=data)  # once writable, the change is there
    assert stats.returncode == 0 and json.loads(stats.stdout)["clients"] == 32
