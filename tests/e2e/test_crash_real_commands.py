"""SPEC §17 check 8 against the real commands: `kill -9` of `clientbook import`, `clientbook merge` and
`clientbook backup` at random moments of their run, then the vault must pass every check, hold each
batch entirely or not at all, and its audit log must match its data.

Rounds per command: CLIENTBOOK_CRASH_ROUNDS (default 3, bounded for CI; e.g. 20 for a long run). Each
command is first run once to the end: that is the control, and its wall time is the span the kill
moments are drawn from (30–100 % of it, past most of the interpreter's start-up).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from clientbook.core import backup
from clientbook.core.clients import ClientInput, create_client
from clientbook.core.vault import Vault

PASSWORD = "Падение процесса 1"
ROUNDS = int(os.environ.get("CLIENTBOOK_CRASH_ROUNDS", "3"))
IMPORT_ROWS = 300
BASE_PAIRS = ROUNDS + 2  # duplicate pairs in the base, one merged per run

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]


def env_for(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLIENTBOOK_")}
    env.update({"CLIENTBOOK_DATA_DIR": str(data), "CLIENTBOOK_LANG": "en", "CLIENTBOOK_USER": "tester",
                "CLIENTBOOK_PASSWORD": PASSWORD})
    return env


def start(data: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "clientbook", *args], env=env_for(data), text=True,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def run_to_end(data: Path, *args: str) -> float:
    began = time.monotonic()
    proc = start(data, *args)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    return time.monotonic() - began


def kill_at(proc: subprocess.Popen[str], delay: float) -> bool:
    """SIGKILL after `delay` seconds; True if the process was still running then."""
    try:
        proc.wait(timeout=delay)
        finished = True
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        finished = False
    proc.communicate(timeout=60)
    return not finished


def import_file(folder: Path, n: int) -> Path:
    """A fresh file of IMPORT_ROWS new clients (own names and phones), so each import is one batch."""
    path = folder / f"import-{n}.csv"
    lines = ["Фамилия;Имя;Телефон;Город"]
    lines += [f"Импортова{n}x{i};Ольга;+7 917 {n:03d}-{i // 100:02d}-{i % 100:02d};Тверь" for i in range(IMPORT_ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def check_vault(path: Path, key: bytes) -> dict[str, int]:
    """Everything a crash must not break; returns counts for the caller's own expectations."""
    with Vault.open(path, raw_key=key) as vault:
        result = vault.check_file()  # cipher_integrity_check, integrity_check, audit hash chain
        assert result.ok, result.problems
        conn = vault.raw_connection()
        try:
            one = lambda sql, *p: conn.execute(sql, p).fetchone()[0]  # noqa: E731
            assert one("SELECT count(*) FROM batches WHERE status NOT IN ('done', 'undone')") == 0
            # all or nothing per import batch: every import that is there is there in full
            for batch, count in conn.execute("SELECT b.id, count(c.id) FROM batches b LEFT JOIN clients c "
                                             "ON c.import_batch_id = b.id WHERE b.kind = 'import' GROUP BY b.id"):
                assert count == IMPORT_ROWS, (batch, count)
                created = one("SELECT count(*) FROM audit WHERE batch_id = ? AND entity = 'client' "
                              "AND action = 'create'", batch)
                assert created == IMPORT_ROWS, (batch, created)
                phones = one("SELECT count(*) FROM phones p JOIN clients c ON c.id = p.client_id "
                             "WHERE c.import_batch_id = ?", batch)
                assert phones == IMPORT_ROWS, (batch, phones)  # an import audits a card with its phones
            # audit = data: the clients there are exactly those created and not deleted since
            live = {r[0] for r in conn.execute("SELECT id FROM clients")}
            created_ids = {r[0] for r in conn.execute(
                "SELECT entity_id FROM audit WHERE entity = 'client' AND action = 'create'")}
            deleted_ids = {r[0] for r in conn.execute(
                "SELECT entity_id FROM audit WHERE entity = 'client' AND action = 'delete'")}
            assert live == created_ids - deleted_ids
            # every merge that is there is whole: the cards it removed are gone, the one it kept is there
            merges = conn.execute("SELECT b.id, a.entity_id, a.client_id FROM batches b JOIN audit a ON "
                                  "a.batch_id = b.id AND a.action = 'merge' WHERE b.kind = 'merge'").fetchall()
            assert {b for b, _, _ in merges} == {r[0] for r in conn.execute(
                "SELECT id FROM batches WHERE kind = 'merge' AND status = 'done'")}
            for _batch, removed, kept in merges:
                assert removed not in live and kept in live
            assert one("SELECT count(*) FROM client_fts") == len(live)  # the search index follows
            return {"clients": len(live), "imports": one("SELECT count(*) FROM batches WHERE kind = 'import'"),
                    "merges": one("SELECT count(*) FROM batches WHERE kind = 'merge' AND status = 'done'")}
        finally:
            conn.close()


def check_backups(path: Path, key: bytes) -> int:
    with Vault.open(path, raw_key=key) as vault:
        folder = backup.load_settings(vault).main_folder(vault.path)
        json.loads((folder / "manifest.json").read_text(encoding="utf-8"))  # never half-written
        recs = backup.list_backups(vault)
        for rec in recs:
            assert backup.verify_backup(folder / rec.file, key, update_manifest=False).ok, rec.file
        return len(recs)


@pytest.fixture
def base(tmp_path: Path) -> tuple[Path, bytes, list[tuple[int, int]]]:
    data = tmp_path / "data"
    vault = Vault.create(data / "clientbook.db", PASSWORD)
    pairs = []
    with vault.transaction() as s:
        for i in range(150):
            create_client(s, ClientInput(last_name=f"Основа{i}", first_name="Пётр", phones=[f"+7916{i:07d}"]))
        for i in range(BASE_PAIRS):
            a = create_client(s, ClientInput(last_name=f"Двойнов{i}", first_name="Иван", city="Омск",
                                             phones=[f"+7903{i:07d}"], emails=[f"d{i}@example.org"]))
            b = create_client(s, ClientInput(last_name=f"Двойнов{i}", first_name="Иван",
                                             phones=[f"8 903 {i:07d}"], notes="вторая карточка"))
            pairs.append((a.id, b.id))
    key = vault.raw_key
    vault.close()
    return data, key, pairs


def rounds(label: str, once: Callable[[], subprocess.Popen[str]], span: float, rng: random.Random,
           after: Callable[[], None]) -> int:
    killed = 0
    for _ in range(ROUNDS):
        killed += kill_at(once(), rng.uniform(0.3, 1.0) * span)
        after()
    print(f"\n{label}: {ROUNDS} rounds, {killed} killed mid-run, {ROUNDS - killed} finished first")
    return killed


def test_kill_9_of_real_import_merge_and_backup(base: tuple[Path, bytes, list[tuple[int, int]]],
                                                tmp_path: Path) -> None:
    data, key, pairs = base
    path = data / "clientbook.db"
    rng = random.Random(20261202)
    files = iter(range(1, 1000))

    # import: one batch per run, all of it or none of it
    span = run_to_end(data, "import", str(import_file(tmp_path, next(files))))
    counts = check_vault(path, key)
    assert counts["imports"] == 1 and counts["clients"] == 150 + 2 * BASE_PAIRS + IMPORT_ROWS
    before = counts["imports"]
    killed_imports = rounds("import", lambda: start(data, "import", str(import_file(tmp_path, next(files)))),
                            span, rng, lambda: check_vault(path, key))
    counts = check_vault(path, key)
    assert before <= counts["imports"] <= before + ROUNDS
    print(f"import: {counts['imports'] - before} of the killed runs had committed their batch")

    # merge: a restore point, then one transaction
    queue = iter(pairs)
    a, b = next(queue)
    span = run_to_end(data, "merge", str(a), str(b))
    merged_before = check_vault(path, key)["merges"]
    assert merged_before == 1

    def merge_next() -> subprocess.Popen[str]:
        a, b = next(queue)
        return start(data, "merge", str(a), str(b))

    killed_merges = rounds("merge", merge_next, span, rng, lambda: check_vault(path, key))
    merged = check_vault(path, key)["merges"]
    assert merged <= 1 + ROUNDS
    print(f"merge: {merged - 1} of the killed runs had committed their merge")

    # backup: every listed backup verifies, the manifest is whole, leftovers are cleaned up next time
    span = run_to_end(data, "backup")
    killed_backups = rounds("backup", lambda: start(data, "backup"), span, rng,
                            lambda: (check_vault(path, key), check_backups(path, key)))
    run_to_end(data, "backup")
    with Vault.open(path, raw_key=key) as vault:
        folder = backup.load_settings(vault).main_folder(vault.path)
    assert not [p for p in folder.iterdir() if backup.TEMP_MARK in p.name]
    check_backups(path, key)
    # a bounded CI run may see every process finish first by chance; a real kill must happen overall
    assert killed_imports + killed_merges + killed_backups > 0
