"""The Today groups (SPEC §4): bounded, counted, in date order, on a real vault."""

from __future__ import annotations

import datetime as dt

from clientbook.core import clients, history, today
from clientbook.core import models as m
from clientbook.core.clients import ClientInput, ContactInput

ON = dt.date(2025, 2, 26)  # a non-leap year: 29 February birthdays fall on 1 March


def _client(session, last, **kw):
    return clients.create_client(session, ClientInput(last_name=last, first_name="Тест", **kw)).id


def test_groups_are_counted_bounded_and_in_date_order(vault):
    with vault.transaction() as s:
        ids = [_client(s, f"Просрочкин{i:02d}", next_contact_date=ON - dt.timedelta(days=1 + i)) for i in range(30)]
        history.add_reminder(s, "Позвонить", ON - dt.timedelta(days=40), client_id=ids[0])
        history.add_reminder(s, "Счёт", ON, client_id=ids[1])
        done = history.add_reminder(s, "Сделано", ON - dt.timedelta(days=3), client_id=ids[2])
        history.complete_reminder(s, done.id)
        _client(s, "Сегодняшний", next_contact_date=ON)
        _client(s, "Недельный", next_contact_date=ON + dt.timedelta(days=7))
        _client(s, "Дальний", next_contact_date=ON + dt.timedelta(days=8))
        gone = _client(s, "Архивный", next_contact_date=ON - dt.timedelta(days=1))
        s.get(m.Client, gone).archived = True
    with vault.session() as s:
        groups = {g.key: g for g in today.today_groups(s, ON, limit=10)}
        assert [g.key for g in today.today_groups(s, ON, limit=10)] == list(today.GROUPS)
        overdue = groups["overdue"]
        assert overdue.count == 31 and len(overdue.items) == 10 and overdue.truncated  # archived, done: not counted
        assert overdue.items[0].kind == "reminder" and overdue.items[0].title == "Позвонить"
        dates = [i.date for i in overdue.items]
        assert dates == sorted(dates) and all(i.overdue for i in overdue.items)
        assert {i.kind for i in groups["today"].items} == {"reminder", "next_contact"}
        assert groups["today"].count == 2 and not groups["today"].truncated
        assert [i.client_name for i in groups["week"].items] == ["Недельный Тест"]
        everything = today.today_group(s, "overdue", ON, limit=None)
        assert len(everything.items) == 31 and not everything.truncated


def test_birthdays_of_clients_and_contacts_nearest_first(vault):
    with vault.transaction() as s:
        _client(s, "Високосная", birthday="29.02.1988")  # celebrated on 1 March this year
        _client(s, "Сегодня", birthday="26.02")
        _client(s, "Послезавтра", birthday="28.02",
                contacts=[ContactInput(last_name="Контактов", first_name="Олег", birthday="28.02")])
        _client(s, "Через восемь дней", birthday="06.03")
        gone = _client(s, "Архивная", birthday="27.02",  # neither she nor her contact person counts
                       contacts=[ContactInput(last_name="Архивный", first_name="Контакт", birthday="27.02")])
        s.get(m.Client, gone).archived = True
    with vault.session() as s:
        group = today.today_group(s, "birthdays", ON)
        assert group.count == 4
        assert [(i.kind, i.date, i.client_name) for i in group.items] == [
            ("birthday", ON, "Сегодня Тест"),
            ("birthday", dt.date(2025, 2, 28), "Послезавтра Тест"),
            ("contact_birthday", dt.date(2025, 2, 28), "Послезавтра Тест"),
            ("birthday", dt.date(2025, 3, 1), "Високосная Тест"),
        ]
        assert group.items[2].title == "Контактов Олег"
        first_two = today.today_group(s, "birthdays", ON, limit=2)
        assert first_two.count == 4 and [i.client_name for i in first_two.items] == ["Сегодня Тест", "Послезавтра Тест"]


def test_counts_read_only_their_indexes(vault):
    """Each group's count reads a covering index, never a client or reminder row (migration 0011):
    with a look-up per line, 120,000 overdue cards at 1 M clients took seconds to count. The lines
    shown are the first ids of that index, then only their rows."""
    from sqlalchemy import event

    with vault.transaction() as s:
        _client(s, "Просрочкин", next_contact_date=ON - dt.timedelta(days=2))
    statements: list[tuple[str, object]] = []

    def seen(_conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith("SELECT COUNT(*)"):
            statements.append((statement, parameters))

    with vault.session() as s:
        engine = s.get_bind()
        event.listen(engine, "before_cursor_execute", seen)
        try:
            for key in ("overdue", "today", "week"):
                today.today_group(s, key, ON)
        finally:
            event.remove(engine, "before_cursor_execute", seen)
        raw = s.connection().connection.driver_connection
        plans = [" ".join(str(row[-1]) for row in raw.execute("EXPLAIN QUERY PLAN " + sql, params))
                 for sql, params in statements]
    assert len(plans) == 6  # reminders and next contacts for each of the three groups
    assert all("COVERING INDEX" in plan for plan in plans), plans
