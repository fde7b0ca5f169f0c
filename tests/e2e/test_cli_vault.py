"""`clientbook init/stats/search/passwd/check` in a subprocess, as a script or a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from clientbook.core import models as m
from clientbook.core.clients import ClientInput, create_client
from clientbook.core.vault import Vault

PASSWORD = "Пароль с \"кавычками\" и 😀"


def run(*args: str, data_dir: Path, password: str | None = PASSWORD, lang: str = "en",
        extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLIENTBOOK_")}
    env.update({"CLIENTBOOK_DATA_DIR": str(data_dir), "CLIENTBOOK_LANG": lang, "CLIENTBOOK_USER": "tester"})
    if password is not None:
        env["CLIENTBOOK_PASSWORD"] = password
    env.update(extra or {})
    return subprocess.run([sys.executable, "-m", "clientbook", *args], env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=120)


def assert_one_line_failure(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for text in expected:
        assert text in lines[0], lines[0]


def test_init_then_second_init_refused(tmp_path: Path) -> None:
    first = run("init", data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    vault_file = tmp_path / "clientbook.db"
    assert vault_file.exists() and vault_file.read_bytes()[:16] != b"SQLite format 3\x00"
    assert (vault_file.stat().st_mode & 0o777) == 0o600
    before = vault_file.read_bytes()
    second = run("init", data_dir=tmp_path, password="другой")
    assert_one_line_failure(second, "already exists")
    assert vault_file.read_bytes() == before


def test_init_and_passwd_refuse_a_short_password_as_the_desktop_does(tmp_path: Path) -> None:
    """One policy (clientbook.core.passwords): the CLI used to take any non-empty password."""
    short = run("init", data_dir=tmp_path, password="1234567")
    assert_one_line_failure(short, "too short", "8")
    assert not (tmp_path / "clientbook.db").exists()
    assert_one_line_failure(run("init", data_dir=tmp_path, password="1234567", lang="ru"), "слишком короткий")
    assert run("init", data_dir=tmp_path, password="12345678").returncode == 0
    vault_file = tmp_path / "clientbook.db"
    before = vault_file.read_bytes()
    refused = run("passwd", data_dir=tmp_path, password="12345678", extra={"CLIENTBOOK_NEW_PASSWORD": "short"})
    assert_one_line_failure(refused, "too short")
    assert vault_file.read_bytes() == before
    assert run("stats", data_dir=tmp_path, password="12345678").returncode == 0


def test_stats_json_and_text_in_russian(tmp_path: Path) -> None:
    assert run("init", data_dir=tmp_path).returncode == 0
    with Vault.open(tmp_path / "clientbook.db", PASSWORD) as vault, vault.transaction() as s:
        create_client(s, ClientInput(last_name="Фёдорова", first_name="Анна", phones=["8 916 123-45-67"]))
    data = json.loads(run("stats", "--json", data_dir=tmp_path).stdout)
    assert data["clients"] == 1 and data["phones"] == 1 and data["schema_version"]
    assert data["file_size"] > 0 and data["audit_entries"] >= 2
    text = run("stats", data_dir=tmp_path, lang="ru").stdout
    assert "Клиенты: 1" in text and "Версия схемы" in text


def test_search_finds_by_folded_name_and_phone_fragment(tmp_path: Path) -> None:
    assert run("init", data_dir=tmp_path).returncode == 0
    with Vault.open(tmp_path / "clientbook.db", PASSWORD) as vault, vault.transaction() as s:
        create_client(s, ClientInput(last_name="Фёдорова", first_name="Анна", city="Тверь",
                                     phones=["+7 916 123-45-67"]))
    for query in ("федор", "ФЁДОР", "8 916 123", "123-45"):
        found = json.loads(run("search", query, "--json", data_dir=tmp_path).stdout)
        assert [r["name"] for r in found] == ["Фёдорова Анна"], query
    nothing = run("search", "Петров", data_dir=tmp_path)
    assert nothing.returncode == 0 and "Nothing found" in nothing.stdout


def test_wrong_password_one_line_no_traceback_file_untouched(tmp_path: Path) -> None:
    assert run("init", data_dir=tmp_path).returncode == 0
    vault_file = tmp_path / "clientbook.db"
    before, mtime = vault_file.read_bytes(), vault_file.stat().st_mtime_ns
    for command in (["stats"], ["search", "x"], ["check"], ["passwd"]):
        result = run(*command, data_dir=tmp_path, password="неверный", extra={"CLIENTBOOK_NEW_PASSWORD": "n"})
        assert_one_line_failure(result, "Wrong password")
    ru = run("stats", data_dir=tmp_path, password="неверный", lang="ru")
    assert_one_line_failure(ru, "Неверный пароль")
    assert vault_file.read_bytes() == before and vault_file.stat().st_mtime_ns == mtime


def test_missing_vault_not_a_vault_and_no_password(tmp_path: Path) -> None:
    assert_one_line_failure(run("stats", data_dir=tmp_path), "does not exist")
    junk = tmp_path / "junk.db"
    junk.write_bytes(os.urandom(8192))
    assert_one_line_failure(run("stats", "--vault", str(junk), data_dir=tmp_path), "not a Clientbook vault")
    assert run("init", data_dir=tmp_path).returncode == 0
    assert_one_line_failure(run("stats", data_dir=tmp_path, password=None), "password is needed")


def test_locked_vault_refused(tmp_path: Path) -> None:
    assert run("init", data_dir=tmp_path).returncode == 0
    with Vault.open(tmp_path / "clientbook.db", PASSWORD):
        assert_one_line_failure(run("stats", data_dir=tmp_path), "already open")
    assert run("stats", data_dir=tmp_path).returncode == 0


def test_passwd_changes_the_password(tmp_path: Path) -> None:
    assert run("init", data_dir=tmp_path).returncode == 0
    new_file = tmp_path / "new.txt"
    new_file.write_text("новый пароль; 'x'\n", encoding="utf-8")
    changed = run("passwd", "--new-password-file", str(new_file), data_dir=tmp_path)
    assert changed.returncode == 0, changed.stderr
    assert "password was changed" in changed.stdout
    assert "новый пароль" not in changed.stdout + changed.stderr  # the confirmation, never the password
    assert_one_line_failure(run("stats", data_dir=tmp_path), "Wrong password")
    assert run("stats", data_dir=tmp_path, password="новый пароль; 'x'").returncode == 0
    same = run("passwd", data_dir=tmp_path, password="новый пароль; 'x'",
               extra={"CLIENTBOOK_NEW_PASSWORD": "новый пароль; 'x'"})
    assert_one_line_failure(same, "same")


def test_check_ok_then_tampered_audit_is_reported(tmp_path: Path) -> None:
    assert run("init", data_dir=tmp_path).returncode == 0
    path = tmp_path / "clientbook.db"
    with Vault.open(path, PASSWORD) as vault, vault.transaction() as s:
        create_client(s, ClientInput(last_name="Канареечкин", phones=["+79991112233"]))
    ok = run("check", data_dir=tmp_path)
    assert ok.returncode == 0 and "fine" in ok.stdout
    with Vault.open(path, PASSWORD) as vault, vault.transaction() as s:
        entry = s.query(m.AuditEntry).order_by(m.AuditEntry.id).first()
        assert entry is not None
        s.execute(m.AuditEntry.__table__.update().where(m.AuditEntry.id == entry.id).values(actor="mallory"))
    damaged = run("check", data_dir=tmp_path)
    assert_one_line_failure(damaged, "damaged", "audit")
    report = run("check", "--json", data_dir=tmp_path)
    assert report.returncode == 1
    assert json.loads(report.stdout)["audit_ok"] is False
