"""`clientbook users …`, `history add/list` and `--user` in a subprocess, as a script runs them (#15)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

OWNER = "Владелец-пароль 1"
IVAN = "Иван-пароль 2"
OLGA = "Ольга-пароль 3"


def run(*args: str, data_dir: Path, password: str | None = OWNER, new_password: str | None = None,
        user: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLIENTBOOK_")}
    env.update({"CLIENTBOOK_DATA_DIR": str(data_dir), "CLIENTBOOK_LANG": "en", "CLIENTBOOK_USER": "boss"})
    if password is not None:
        env["CLIENTBOOK_PASSWORD"] = password
    if new_password is not None:
        env["CLIENTBOOK_NEW_PASSWORD"] = new_password
    if user is not None:
        env["CLIENTBOOK_USER"] = user
    return subprocess.run([sys.executable, "-m", "clientbook", *args], env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=120)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def failed(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for text in expected:
        assert text in lines[0], lines[0]


def test_users_from_the_command_line(tmp_path: Path) -> None:
    ok(run("init", data_dir=tmp_path))
    assert "one user (the owner): boss" in ok(run("users", "list", data_dir=tmp_path))
    ok(run("users", "add", "ivan", "--role", "manager", data_dir=tmp_path, new_password=IVAN))
    ok(run("users", "add", "olga", "--role", "read_only", data_dir=tmp_path, new_password=OLGA))
    listed = json.loads(ok(run("users", "list", "--json", data_dir=tmp_path)))
    assert [(u["name"], u["role"]) for u in listed] == [("boss", "owner"), ("ivan", "manager"), ("olga", "read_only")]

    client = json.loads(ok(run("import", str(_csv(tmp_path)), "--json", "--user", "ivan", data_dir=tmp_path,
                               password=IVAN)))
    assert client["created"] == 1
    found = json.loads(ok(run("search", "Сидоров", "--json", data_dir=tmp_path)))
    client_id = str(found[0]["id"])

    # a private note by ivan: he reads it, the owner sees only that it exists
    ok(run("--user", "ivan", "history", "add", client_id, "--text", "Тайна Ивана", "--private",
           data_dir=tmp_path, password=IVAN))
    ok(run("history", "add", client_id, "--text", "Общая заметка", data_dir=tmp_path))
    mine = json.loads(ok(run("history", "list", client_id, "--json", "--user", "ivan", data_dir=tmp_path,
                             password=IVAN)))
    assert sorted(r["text"] for r in mine) == ["Общая заметка", "Тайна Ивана"]
    theirs = json.loads(ok(run("history", "list", client_id, "--json", data_dir=tmp_path)))
    assert sorted((r["private"], r["author"], r["text"]) for r in theirs) == [
        (False, "boss", "Общая заметка"), (True, "ivan", None)]
    assert "Тайна" not in ok(run("history", "list", client_id, data_dir=tmp_path))

    # read-only: refused, one line naming the user and the action
    failed(run("history", "add", client_id, "--text", "x", "--user", "olga", data_dir=tmp_path, password=OLGA),
           "olga", "may not change data")
    failed(run("export", "-o", str(tmp_path / "out.csv"), "--format", "csv", "--user", "olga", data_dir=tmp_path,
               password=OLGA), "may not export data")
    assert not (tmp_path / "out.csv").exists()
    failed(run("users", "add", "petr", "--role", "read_only", "--user", "ivan", data_dir=tmp_path, password=IVAN,
               new_password="Пётр-пароль 4"), "may not manage users")

    ok(run("users", "role", "olga", "manager", "--permissions", "edit", data_dir=tmp_path))
    ok(run("history", "add", client_id, "--text", "Теперь можно", "--user", "olga", data_dir=tmp_path,
           password=OLGA))
    said = ok(run("users", "passwd", "olga", "--user", "olga", data_dir=tmp_path, password=OLGA,
                  new_password="Ольга-новый 5"))
    assert "olga" in said and "Ольга-новый" not in said and OLGA not in said  # who, never the password
    failed(run("stats", "--user", "olga", data_dir=tmp_path, password=OLGA), "Wrong password")
    ok(run("stats", "--user", "olga", data_dir=tmp_path, password="Ольга-новый 5"))

    ok(run("users", "remove", "ivan", data_dir=tmp_path))
    failed(run("stats", "--user", "ivan", data_dir=tmp_path, password=IVAN), "Wrong password")
    names = [u["name"] for u in json.loads(ok(run("users", "list", "--json", data_dir=tmp_path)))]
    assert names == ["boss", "olga"]


def _csv(folder: Path) -> Path:
    path = folder / "clients.csv"
    path.write_text("Фамилия;Имя;Телефон\nСидоров;Иван;+79160000000\n", encoding="utf-8")
    return path


def test_a_wrong_password_given_to_a_command_is_counted_and_audited(tmp_path: Path) -> None:
    from sqlalchemy import select

    from clientbook.core import models as m
    from clientbook.core import opening

    ok(run("init", data_dir=tmp_path))
    failed(run("stats", data_dir=tmp_path, password="не тот пароль 9"), "Wrong password")
    ok(run("stats", data_dir=tmp_path))
    with opening.open_vault(tmp_path / "clientbook.db", OWNER) as vault, vault.session() as s:
        assert s.scalars(select(m.AuditEntry.action).where(m.AuditEntry.entity == "user")).all() == ["login_failed"]
