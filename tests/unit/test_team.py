"""Tasks for employees (#15.6): responsible users, assignees, "my tasks" in Today, "my clients",
the segment condition "responsible is …" — on a real vault with several users."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from clientbook.core import audit, clients, history, listing, segments, team, today
from clientbook.core import models as m
from clientbook.core.clients import ClientInput
from clientbook.core.errors import ValidationError

ON = dt.date(2025, 3, 4)


def _team(vault, *names: str) -> None:
    with vault.transaction() as s:
        for i, name in enumerate(names):
            s.add(m.User(name=name, role="owner" if i == 0 else "manager"))


def _client(s, last, **kw) -> int:
    return clients.create_client(s, ClientInput(last_name=last, first_name="Тест", **kw)).id


def test_a_vault_without_users_offers_its_one_person(vault):
    with vault.session() as s:
        assert team.assignable_names(s) == [vault.actor]
        assert not team.has_team(s)


def test_my_tasks_first_and_everybodys_on_the_owners_switch(vault):
    _team(vault, "Анна", "Иван", "Пётр")
    with vault.transaction(actor="Анна") as s:
        mine = _client(s, "Моя", responsible="Иван", next_contact_date=ON)
        theirs = _client(s, "Чужая", responsible="Пётр", next_contact_date=ON)
        nobodys = _client(s, "Ничья", next_contact_date=ON)
        history.add_reminder(s, "Перезвонить во вторник", ON, client_id=theirs, assignee="Иван")
        history.add_reminder(s, "Отправить счёт", ON, client_id=mine, assignee="Пётр")
        history.add_reminder(s, "Общая задача", ON)
    with vault.session(actor="Иван") as s:
        view = today.today_view(s, ON)
        lines = {(i.kind, i.title, i.client_name) for g in view.groups for i in g.items}
        assert view.user == "Иван"
        assert lines == {("next_contact", "", "Моя Тест"), ("next_contact", "", "Ничья Тест"),
                         ("reminder", "Перезвонить во вторник", "Чужая Тест"), ("reminder", "Общая задача", "")}
        assert {g.key: g.count for g in view.groups}["today"] == 4
        everybody = today.today_view(s, ON, everyone=True)  # no users service yet: the actor is the owner
        assert everybody.user is None and everybody.can_switch
        assert {g.key: g.count for g in everybody.groups}["today"] == 6
        assert {i.assignee for g in everybody.groups for i in g.items} == {"Иван", "Пётр", None}
    assert nobodys


def test_a_task_is_given_to_a_user_of_the_vault_only(vault):
    _team(vault, "Анна", "Иван")
    with vault.transaction(actor="Анна") as s:
        cid = _client(s, "Клиентов")
        with pytest.raises(ValidationError) as caught:
            history.add_reminder(s, "Позвонить", ON, client_id=cid, assignee="Незнакомец")
        assert "Незнакомец" in caught.value.text("ru") and "Незнакомец" in caught.value.text("en")
        task = history.add_reminder(s, "Позвонить", ON, client_id=cid, assignee="иван")  # typed in lower case
        assert task.assignee == "Иван"
        team.assign_reminder(s, task.id, None)
    with vault.session() as s:
        assert s.scalars(select(m.Reminder.assignee)).all() == [None]


def test_my_clients_filter_with_and_without_search(vault):
    _team(vault, "Анна", "Иван")
    with vault.transaction() as s:
        a = _client(s, "Альфа", responsible="Иван")
        b = _client(s, "Бета", responsible="Иван", city="Тула")
        _client(s, "Гамма", responsible="Анна", city="Тула")
        _client(s, "Дельта")
        gone = _client(s, "Архивов", responsible="Иван")
        clients.set_archived(s, [gone])
    with vault.session() as s:
        assert list(listing.list_ids(s, listing.Filter(responsible="Иван")).ids) == [a, b]
        assert list(listing.list_ids(s, listing.Filter(responsible="Иван", text="Тула")).ids) == [b]
        assert list(listing.list_ids(s, listing.Filter(kind="archived", responsible="Иван")).ids) == [gone]
        assert len(listing.list_ids(s, listing.Filter()).ids) == 4
        assert team.responsible_count(s, "Иван") == 2


def test_segment_responsible_is_counts_that_users_clients(vault):
    _team(vault, "Анна", "Иван")
    with vault.transaction() as s:
        for i in range(3):
            _client(s, f"Иванов{i}", responsible="Иван")
        _client(s, "Аннин", responsible="Анна")
        _client(s, "Ничей")
    with vault.session() as s:
        def count(condition):
            return segments.count_segment(s, {"group": "and", "items": [condition]})

        assert count({"kind": "field", "field": "responsible", "op": "equals", "value": "Иван"}) == 3
        assert count({"kind": "field", "field": "responsible", "op": "not_equals", "value": "Иван"}) == 2
        assert count({"kind": "field", "field": "responsible", "op": "empty"}) == 1
        assert count({"kind": "field", "field": "responsible", "op": "in", "value": ["Иван", "Анна"]}) == 4


def test_responsible_saved_on_the_card_and_audited(vault):
    _team(vault, "Анна", "Иван")
    with vault.transaction(actor="Анна") as s:
        cid = _client(s, "Карточкин")
        client = clients.get_client(s, cid)
        data = clients.to_input(client)
        data.responsible = "Иван"
        clients.update_client(s, cid, data, client.version)
    with vault.session() as s:
        assert clients.to_input(clients.get_client(s, cid)).responsible == "Иван"
        entry = s.scalars(select(m.AuditEntry).where(m.AuditEntry.field == "responsible")).one()
        assert (entry.actor, entry.old, entry.new, entry.client_id) == ("Анна", None, "Иван", cid)
        assert audit.verify_audit_chain(s).ok


def test_a_removed_users_client_saves_unchanged_but_cannot_be_given_to_them(vault):
    _team(vault, "Анна", "Иван")
    with vault.transaction() as s:
        cid = _client(s, "Наследство", responsible="Иван")
        other = _client(s, "Другой")
        s.scalars(select(m.User).where(m.User.name == "Иван")).one().removed_at = m.utcnow()
    with vault.transaction() as s:
        client = clients.get_client(s, cid)
        data = clients.to_input(client)
        data.city = "Омск"
        clients.update_client(s, cid, data, client.version)  # the stored name may stay
        fresh = clients.get_client(s, other)
        handed = clients.to_input(fresh)
        handed.responsible = "Иван"
        with pytest.raises(ValidationError) as caught:
            clients.update_client(s, other, handed, fresh.version)
        assert set(caught.value.errors) == {"responsible"}
        assert team.set_responsible(s, [cid, other], "Анна") == 2
    with vault.session() as s:
        assert team.responsible_count(s, "Анна") == 2


def test_a_manager_sees_their_own_tasks_even_when_asking_for_everybodys(vault):
    from clientbook.core import opening, users
    from conftest import PASSWORD

    users.add_user(vault, "Иван", "Иван-пароль 22", "manager", owner_password=PASSWORD)
    with vault.transaction() as s:
        history.add_reminder(s, "Владельцу", ON, assignee="tester")
        history.add_reminder(s, "Ивану", ON, assignee="Иван")
        assert team.assignable_names(s) == ["tester", "Иван"]
    path = vault.path
    vault.close()
    with opening.open_vault(path, "Иван-пароль 22", user="Иван") as ivan, ivan.session() as s:
        view = today.today_view(s, ON, everyone=True)
        assert (view.user, view.can_switch) == ("Иван", False)
        assert [i.title for g in view.groups for i in g.items] == ["Ивану"]
    with opening.open_vault(path, PASSWORD) as owner, owner.session() as s:
        view = today.today_view(s, ON, everyone=True)
        assert (view.user, view.can_switch) == (None, True)
        assert sorted(i.title for g in view.groups for i in g.items) == ["Владельцу", "Ивану"]
