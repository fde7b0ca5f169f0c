"""Contact history, the global History window and the Today list (SPEC §4)."""

from __future__ import annotations

import datetime as dt

import pytest

from clientbook.core import clients as svc
from clientbook.core import history
from clientbook.core.clients import ClientInput, ContactInput
from clientbook.core.errors import NotFound, ValidationError
from clientbook.core.vault import Vault

TODAY = dt.date(2025, 6, 10)


def _at(day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2025, 6, day, hour)


@pytest.fixture
def two_clients(vault: Vault) -> tuple[int, int]:
    with vault.transaction() as s:
        a = svc.create_client(s, ClientInput(last_name="Андреев", first_name="Антон", birthday="12.06.1980"))
        b = svc.create_client(s, ClientInput(kind="company", company_name="ООО «Берёза»", birthday=None,
                                             contacts=[ContactInput(first_name="Вера", last_name="Белова",
                                                                    birthday="15.06")]))
        return a.id, b.id


def test_timeline_newest_first_and_kind_filter(vault: Vault, two_clients: tuple[int, int]) -> None:
    a, b = two_clients
    with vault.transaction() as s:
        history.add_interaction(s, a, "call", text="первый звонок", occurred_at=_at(1))
        history.add_interaction(s, a, "meeting", text="встреча", occurred_at=_at(5))
        history.add_interaction(s, a, "call", text="второй звонок", occurred_at=_at(3))
        history.add_interaction(s, b, "email", text="письмо", occurred_at=_at(4))
    with vault.session() as s:
        assert [i.text for i in history.timeline(s, a)] == ["встреча", "второй звонок", "первый звонок"]
        assert [i.text for i in history.timeline(s, a, kinds=["call"])] == ["второй звонок", "первый звонок"]
        assert [i.text for i in history.timeline(s, b)] == ["письмо"]


def test_private_note_only_for_its_author(vault: Vault, two_clients: tuple[int, int]) -> None:
    a, _ = two_clients
    with vault.transaction(actor="anna") as s:
        history.add_interaction(s, a, "note", text="личное", private=True)
        history.add_interaction(s, a, "note", text="общее")
    with vault.session(actor="boris") as s:  # others see that it exists, not its text (#15)
        listed = history.timeline(s, a, viewer="boris")
        assert sorted((i.private, i.author, i.text or "") for i in listed) == [(False, "anna", "общее"),
                                                                             (True, "anna", "")]
        assert [history.private_note(s, i) for i in listed if i.private] == [None]
    with vault.session(actor="anna") as s:
        notes = [history.private_note(s, i) for i in history.timeline(s, a, viewer="anna") if i.private]
        assert [n.text for n in notes if n is not None] == ["личное"]


def test_bad_interactions_are_refused(vault: Vault, two_clients: tuple[int, int]) -> None:
    a, _ = two_clients
    with vault.transaction() as s:
        with pytest.raises(ValidationError) as info:
            history.add_interaction(s, a, "telegram", rating=11, direction="sideways")
        assert set(info.value.errors) == {"kind", "rating", "direction"}
        assert info.value.errors["rating"].text("ru") == "Оценка должна быть от 1 до 10."
        with pytest.raises(NotFound):
            history.add_interaction(s, 999_999, "call")
        assert history.add_interaction(s, a, "feedback", rating=10).rating == 10


def test_global_history_filters(vault: Vault, two_clients: tuple[int, int]) -> None:
    a, b = two_clients
    with vault.transaction(actor="anna") as s:
        history.add_interaction(s, a, "call", subject="Счёт", text="Обсудили Счёт на оплату", occurred_at=_at(1))
        history.add_interaction(s, b, "complaint", text="жалоба на доставку", occurred_at=_at(6))
    with vault.transaction(actor="boris") as s:
        history.add_interaction(s, b, "call", text="перезвонил", occurred_at=_at(8))
    with vault.session() as s:
        def names(flt: history.HistoryFilter) -> list[str]:
            return [i.text or "" for i, _ in history.global_history(s, flt)]

        assert names(history.HistoryFilter()) == ["перезвонил", "жалоба на доставку", "Обсудили Счёт на оплату"]
        assert names(history.HistoryFilter(kinds=["call"])) == ["перезвонил", "Обсудили Счёт на оплату"]
        assert names(history.HistoryFilter(author="anna")) == ["жалоба на доставку", "Обсудили Счёт на оплату"]
        assert names(history.HistoryFilter(since=_at(2), until=_at(7))) == ["жалоба на доставку"]
        assert names(history.HistoryFilter(text="доставку")) == ["жалоба на доставку"]
        assert names(history.HistoryFilter(text="СЧЕТ")) == ["Обсудили Счёт на оплату"]
        assert names(history.HistoryFilter(text="сч%т")) == []  # LIKE wildcards are taken literally
        rows = history.global_history(s, history.HistoryFilter(text="берёза"))
        assert [name for _, name in rows] == ["ООО «Берёза»", "ООО «Берёза»"]
        assert history.authors(s) == ["anna", "boris"]


def test_next_step_moves_the_next_contact_date(vault: Vault, two_clients: tuple[int, int]) -> None:
    a, _ = two_clients
    later = dt.date.today() + dt.timedelta(days=10)
    sooner = dt.date.today() + dt.timedelta(days=3)
    with vault.transaction() as s:
        history.add_interaction(s, a, "call", next_step="перезвонить", next_step_date=later)
        history.add_interaction(s, a, "call", next_step="напомнить", next_step_date=sooner)
        history.add_interaction(s, a, "call", next_step="потом", next_step_date=later)
        assert svc.get_client(s, a).next_contact_date == sooner


def test_purchases_exact_money(vault: Vault, two_clients: tuple[int, int]) -> None:
    a, _ = two_clients
    with vault.transaction() as s:
        history.add_purchase(s, a, dt.date(2025, 1, 5), "1 234,56 ₽", item="Диван")
        history.add_purchase(s, a, dt.date(2025, 3, 1), 0.1, item="Наклейка")
        history.add_purchase(s, a, dt.date(2025, 2, 1), "0,2", item="Ещё наклейка", paid=False,
                             due_date=dt.date(2025, 2, 15))
    with vault.session() as s:
        assert [p.item for p in history.purchases(s, a)] == ["Наклейка", "Ещё наклейка", "Диван"]
        count, total = history.purchase_totals(s, a)
        assert count == 3 and str(total) == "1234.86"


def test_today_due_and_overdue_reminders_and_next_contacts(vault: Vault, two_clients: tuple[int, int]) -> None:
    a, b = two_clients
    with vault.transaction() as s:
        overdue = history.add_reminder(s, "Выслать счёт", TODAY - dt.timedelta(days=2), client_id=a).id
        history.add_reminder(s, "Позвонить сегодня", TODAY, client_id=b)
        history.add_reminder(s, "Через неделю", TODAY + dt.timedelta(days=7), client_id=b)
        done = history.add_reminder(s, "Уже сделано", TODAY - dt.timedelta(days=1)).id
        history.complete_reminder(s, done)
        svc.get_client(s, b).next_contact_date = TODAY - dt.timedelta(days=1)
    with vault.session() as s:
        items = history.today(s, on=TODAY)
    reminders = [(i.title, i.overdue) for i in items if i.kind == "reminder"]
    assert reminders == [("Выслать счёт", True), ("Позвонить сегодня", False)]
    assert [(i.client_id, i.overdue) for i in items if i.kind == "next_contact"] == [(b, True)]
    with vault.transaction() as s:
        history.snooze_reminder(s, overdue, days=3)
    with vault.session() as s:
        titles = [i.title for i in history.today(s, on=TODAY) if i.kind == "reminder"]
    assert titles == ["Позвонить сегодня"]


def test_birthdays_in_the_next_seven_days_including_contact_persons(vault: Vault,
                                                                   two_clients: tuple[int, int]) -> None:
    a, b = two_clients
    with vault.transaction() as s:
        svc.create_client(s, ClientInput(last_name="Далёкий", birthday="20.06.1990"))  # 10 days away
        svc.create_client(s, ClientInput(last_name="Вчерашний", birthday="09.06"))
        archived = svc.create_client(s, ClientInput(last_name="Архивный", birthday="11.06")).id
        svc.set_archived(s, [archived])
    with vault.session() as s:
        items = [i for i in history.today(s, on=TODAY) if "birthday" in i.kind]
    assert [(i.kind, i.client_id, i.date) for i in items] == [
        ("birthday", a, dt.date(2025, 6, 12)), ("contact_birthday", b, dt.date(2025, 6, 15))]
    assert items[1].title == "Белова Вера" and items[1].client_name == "ООО «Берёза»"


def test_29_february_birthday_is_celebrated_on_1_march_in_a_common_year(vault: Vault) -> None:
    with vault.transaction() as s:
        leap = svc.create_client(s, ClientInput(last_name="Високосный", birthday="29.02")).id
    with vault.session() as s:
        common = [i.date for i in history.today(s, on=dt.date(2025, 2, 26)) if i.client_id == leap]
        leap_year = [i.date for i in history.today(s, on=dt.date(2024, 2, 26)) if i.client_id == leap]
    assert common == [dt.date(2025, 3, 1)]
    assert leap_year == [dt.date(2024, 2, 29)]
