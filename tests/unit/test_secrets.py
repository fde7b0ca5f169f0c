"""Secrets in memory and on disk (SPEC §16): owner-only folders and locks, the key dropped on lock,
no core dumps, and a password given in the environment taken out of it."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from clientbook.core import backup
from clientbook.core.clients import ClientInput, create_client
from clientbook.core.errors import VaultLocked
from clientbook.core.vault import Vault

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and rlimits")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
def test_data_folder_backup_folder_and_lock_files_are_owner_only(isolated_data_dir: Path, password: str) -> None:
    old_umask = os.umask(0o022)  # a usual umask: folders would be 0755, files 0644
    try:
        vault = Vault.create(isolated_data_dir / "clientbook.db", password)
        with vault.transaction() as s:
            create_client(s, ClientInput(last_name="Секретова"))
        made = backup.make_backup(vault)
        vault.close()
        # an existing data folder from an older version is tightened too
        isolated_data_dir.chmod(0o755)
        Vault.open(isolated_data_dir / "clientbook.db", password).close()
        Vault.create(isolated_data_dir / "second.db", password).close()
    finally:
        os.umask(old_umask)
    folder = made.path.parent
    assert mode(isolated_data_dir) == 0o700
    assert mode(folder) == 0o700
    locks = [isolated_data_dir / "clientbook.db.lock", folder / ".manifest.lock"]
    assert all(p.exists() for p in locks)
    files = [p for p in (*isolated_data_dir.iterdir(), *folder.iterdir()) if p.is_file()]
    assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}


@posix_only
def test_a_new_vault_folder_elsewhere_is_created_owner_only(tmp_path: Path, password: str) -> None:
    old_umask = os.umask(0o022)
    try:
        Vault.create(tmp_path / "new" / "folder" / "v.db", password).close()
    finally:
        os.umask(old_umask)
    assert mode(tmp_path / "new" / "folder") == 0o700


def test_closing_drops_the_raw_key(tmp_path: Path, password: str) -> None:
    for how in ("close", "__exit__"):
        vault = Vault.create(tmp_path / f"{how}.db", password)
        key = vault.raw_key
        held = vault._raw_key
        assert held is not None and bytes(held) == key
        getattr(vault, how)() if how == "close" else vault.__exit__(None, None, None)
        assert bytes(held) == bytes(len(key))  # the bytes the vault held are overwritten…
        assert not [v for v in vars(vault).values() if isinstance(v, bytes | bytearray) and key in bytes(v)]
        with pytest.raises(VaultLocked):  # …and the key is no longer handed out
            _ = vault.raw_key
        with pytest.raises(VaultLocked):
            vault.session()
        Vault.open(vault.path, raw_key=key).close()  # the caller's own copy still opens it


def test_change_password_replaces_the_held_key(tmp_path: Path, password: str) -> None:
    vault = Vault.create(tmp_path / "v.db", password)
    old = vault._raw_key
    old_key = vault.raw_key
    vault.change_password("новый пароль 2")
    assert old is not None and bytes(old) == bytes(len(old_key)) and vault.raw_key != old_key
    vault.close()


PROBE = r"""
import json, os, resource, subprocess, sys
soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))  # as a shell with `ulimit -c unlimited` would
before = resource.getrlimit(resource.RLIMIT_CORE)
if sys.argv[1] == "cli":
    from clientbook.cli import main
    code = main(sys.argv[2:])
else:
    import clientbook.ui.main_window as window
    window.run = lambda app, data_dir=None: 0  # everything main() does before the window opens
    from clientbook.ui.app import main
    code = main()
child = subprocess.run([sys.executable, "-c", "import os; print(os.environ.get('CLIENTBOOK_PASSWORD'))"],
                       capture_output=True, text=True).stdout.strip()
print(json.dumps({"code": code, "before": before, "after": resource.getrlimit(resource.RLIMIT_CORE),
                  "env": {k: k in os.environ for k in ("CLIENTBOOK_PASSWORD", "CLIENTBOOK_BACKUP_PASSWORD")},
                  "child": child}))
"""


def probe(tmp_path: Path, *args: str) -> dict[str, object]:
    env = {**os.environ, "CLIENTBOOK_DATA_DIR": str(tmp_path / "data"), "CLIENTBOOK_PASSWORD": "Пароль-из-env 1",
           "CLIENTBOOK_BACKUP_PASSWORD": "другой 2", "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


@posix_only
@pytest.mark.parametrize("front", ["cli", "gui"])
def test_core_dumps_are_off_and_the_password_leaves_the_environment(tmp_path: Path, front: str) -> None:
    args = ("cli", "init") if front == "cli" else ("gui",)
    result = probe(tmp_path, *args)
    assert result["code"] == 0
    before = result["before"]
    assert isinstance(before, list)
    if before[0] == 0:
        pytest.skip("the hard limit here is already 0: nothing to observe")
    assert result["after"] == [0, 0]
    assert result["env"] == {"CLIENTBOOK_PASSWORD": False, "CLIENTBOOK_BACKUP_PASSWORD": False}
    assert result["child"] == "None"  # a program the app starts does not inherit it
    if front == "cli":  # the password was still used: the vault opens with it
        Vault.open(tmp_path / "data" / "clientbook.db", "Пароль-из-env 1").close()


@posix_only
def test_a_command_that_needs_the_password_twice_reads_it_from_the_environment_once(tmp_path: Path) -> None:
    assert probe(tmp_path, "cli", "init")["code"] == 0
    result = probe(tmp_path, "cli", "backup")  # opens the vault, then backs up
    assert result["code"] == 0 and result["env"]["CLIENTBOOK_PASSWORD"] is False  # type: ignore[index]
    assert probe(tmp_path, "cli", "stats")["code"] == 0
