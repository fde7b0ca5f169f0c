"""`clientbook remind / today / responsible / search --responsible` (#15.6) in a subprocess."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

from sqlalchemy import select
from test_cli_vault import PASSWORD, assert_one_line_failure, run

from clientbook.core import models as m
from clientbook.core import opening
from clientbook.core.clients import ClientInput, create_client

IVAN = "Иван-пароль 22"


def _office(tmp_path: Path) -> tuple[int, int]:
    """The owner "tester" and the manager "Иван" (added as a script would), and two clients."""
    assert run("init", data_dir=tmp_path).returncode == 0
    added = run("users", "add", "Иван", "--role", "manager", data_dir=tmp_path,
                extra={"CLIENTBOOK_NEW_PASSWORD": IVAN})
    assert added.returncode == 0, added.stderr
    with opening.open_vault(tmp_path / "clientbook.db", PASSWORD, user="tester") as vault, vault.transaction() as s:
        first = create_client(s, ClientInput(last_name="Первый")).id
        second = create_client(s, ClientInput(last_name="Второй", city="Тула")).id
    return first, second


def _as_ivan(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return run(*args, data_dir=data_dir, password=IVAN, extra={"CLIENTBOOK_USER": "Иван"})


def test_tasks_given_to_a_user_show_in_their_today(tmp_path: Path) -> None:
    first, second = _office(tmp_path)
    today = dt.date.today().strftime("%d.%m.%Y")
    added = run("remind", "Перезвонить во вторник", "--due", today, "--client", str(first), "--assignee", "иван",
                data_dir=tmp_path, lang="ru")
    assert added.returncode == 0, added.stderr
    assert "исполнитель Иван" in added.stdout
    assert run("remind", "Свой счёт", "--due", today, data_dir=tmp_path, extra={}).returncode == 0
    assert run("responsible", str(second), "--to", "Иван", data_dir=tmp_path).returncode == 0

    ivan = json.loads(_as_ivan("today", "--json", data_dir=tmp_path).stdout)
    assert ivan["user"] == "Иван"
    assert [(i["title"], i["assignee"]) for g in ivan["groups"] for i in g["items"]] == [
        ("Перезвонить во вторник", "Иван"), ("Свой счёт", None)]
    run("remind", "Только мне", "--due", today, "--assignee", "tester", data_dir=tmp_path)
    ivan_again = json.loads(_as_ivan("today", "--json", data_dir=tmp_path).stdout)
    assert json.loads(_as_ivan("today", "--json", "--everyone", data_dir=tmp_path).stdout)["user"] == "Иван"
    assert "Только мне" not in {i["title"] for g in ivan_again["groups"] for i in g["items"]}
    everyone = json.loads(run("today", "--json", "--everyone", data_dir=tmp_path).stdout)
    assert everyone["user"] is None
    assert "Только мне" in {i["title"] for g in everyone["groups"] for i in g["items"]}

    mine = run("search", "--responsible", "Иван", "--json", data_dir=tmp_path)
    assert [c["id"] for c in json.loads(mine.stdout)] == [second]


def test_a_task_for_an_unknown_user_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    _office(tmp_path)
    refused = run("remind", "Позвонить", "--due", "01.02.2030", "--assignee", "Незнакомец", data_dir=tmp_path)
    assert_one_line_failure(refused, "no user “Незнакомец”")
    assert_one_line_failure(run("remind", "Позвонить", "--due", "31.02.2030", data_dir=tmp_path, lang="ru"),
                            "31.02.2030")
    assert_one_line_failure(run("responsible", "1", "--to", "Незнакомец", data_dir=tmp_path, lang="ru"),
                            "нет пользователя «Незнакомец»")
    with opening.open_vault(tmp_path / "clientbook.db", PASSWORD) as vault, vault.session() as s:
        assert s.scalars(select(m.Reminder)).all() == []
        assert s.scalars(select(m.Client.responsible)).all() == [None, None]
