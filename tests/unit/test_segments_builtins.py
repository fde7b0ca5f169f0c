"""Built-in segments and the temperature suggestion on the hand-built vault."""

from __future__ import annotations

import datetime as dt

import pytest
from segments_known_vault import TODAY, Known, at, build
from sqlalchemy import select

from clientbook.core import clients, history, segments, temperature
from clientbook.core import models as m
from clientbook.core.clients import ClientInput
from clientbook.core.errors import KnownError
from clientbook.core.segment_builtins import BUILTINS


@pytest.fixture
def known(vault) -> Known:  # type: ignore[no-untyped-def]
    return build(vault)


def builtin(vault, key: str, today: dt.date = TODAY) -> set[int]:  # type: ignore[no-untyped-def]
    with vault.session() as s:
        return set(segments.segment_client_ids(s, BUILTINS[key].definition, today=today))


def test_builtins_give_the_known_answers(vault, known: Known) -> None:
    assert builtin(vault, "hot") == {known.ivanov}
    assert builtin(vault, "warm") == {known.sidorova}
    assert builtin(vault, "cold") == {known.romashka}
    assert builtin(vault, "birthdays_month") == {known.ivanov}
    assert builtin(vault, "birthdays_month", dt.date(2025, 2, 1)) == {known.sidorova}
    assert builtin(vault, "no_contact_90") == {known.sidorova, known.romashka, known.elkina}
    assert builtin(vault, "debtors") == {known.sidorova, known.romashka}
    # Ёлкина: no phone, no e-mail, no first name; Сидорова has an e-mail and both names
    assert builtin(vault, "incomplete") == {known.elkina}
    assert builtin(vault, "no_mailing_consent") == {known.sidorova, known.elkina}
    # the archived client's 99,999 purchase counts nowhere: Сидорова (10,000) is the top buyer of two
    assert builtin(vault, "top_revenue") == {known.sidorova}


def test_every_builtin_compiles_and_has_titles(vault) -> None:
    with vault.session() as s:
        for key, item in BUILTINS.items():
            assert segments.count_segment(s, item.definition) >= 0, key
            assert item.title("ru") and item.title("en")


def test_temperature_suggestion_rules(vault) -> None:
    today = dt.date.today()
    with vault.transaction() as s:
        recent = clients.create_client(s, ClientInput(last_name="Недавний")).id
        middle = clients.create_client(s, ClientInput(last_name="Средний")).id
        old = clients.create_client(s, ClientInput(last_name="Давний")).id
        never = clients.create_client(s, ClientInput(last_name="Никогда")).id
        history.add_interaction(s, recent, "call", occurred_at=at(today - dt.timedelta(days=3)))
        history.add_purchase(s, middle, today - dt.timedelta(days=100), "10")
        history.add_interaction(s, middle, "call", occurred_at=at(today - dt.timedelta(days=400)))
        history.add_purchase(s, old, today - dt.timedelta(days=400), "10")
    with vault.session() as s:
        assert [temperature.suggest(s, c) for c in (recent, middle, old, never)] == ["hot", "warm", "cold", "cold"]
    with vault.transaction() as s:
        temperature.set_rules(s, hot_days=2, warm_days=500)
        with pytest.raises(KnownError):
            temperature.set_rules(s, hot_days=30, warm_days=10)
    with vault.session() as s:
        assert [temperature.suggest(s, c) for c in (recent, middle, old, never)] == ["warm", "warm", "warm", "cold"]


def test_applying_the_suggestion_keeps_hand_set_values_unless_asked(vault) -> None:
    today = dt.date.today()
    with vault.transaction() as s:
        by_hand = clients.create_client(s, ClientInput(last_name="Руками", temperature="cold")).id
        empty = clients.create_client(s, ClientInput(last_name="Пустой")).id
        for cid in (by_hand, empty):
            history.add_interaction(s, cid, "call", occurred_at=at(today - dt.timedelta(days=1)))
    result = temperature.apply_suggestions(vault, restore_point=False)
    assert result.changed == {"hot": 1} and result.kept_manual == 1

    def temps() -> tuple[str | None, str | None]:
        with vault.session() as s:
            return s.get(m.Client, by_hand).temperature, s.get(m.Client, empty).temperature  # type: ignore[union-attr]

    assert temps() == ("cold", "hot")
    # the automatic value follows activity later; the hand-set one still stays
    with vault.transaction() as s:
        s.execute(m.Interaction.__table__.delete())
    temperature.apply_suggestions(vault, restore_point=False)
    assert temps() == ("cold", "cold")
    # a value set by hand after a suggestion is hand-set again
    with vault.transaction() as s:
        clients.set_field(s, [empty], "temperature", "warm")
    assert temperature.apply_suggestions(vault, restore_point=False).kept_manual == 1
    assert temps() == ("cold", "warm")
    temperature.apply_suggestions(vault, overwrite_manual=True, restore_point=False)
    assert temps() == ("cold", "cold")
    with vault.session() as s:
        labels = list(s.scalars(select(m.Batch.label).where(m.Batch.kind == "bulk_edit")))
    assert labels.count(temperature.BATCH_LABEL) == 4


def test_dashboard_figures_and_their_click_targets(vault, known: Known) -> None:
    from clientbook.core import dashboard

    with vault.session() as s:
        temps = {b.label: b for b in dashboard.by_temperature(s)}
        statuses = {b.label: b.value for b in dashboard.by_status(s)}
        revenue = {b.label: b for b in dashboard.revenue_by_month(s, 14, today=TODAY)}
        new = dashboard.new_clients_by_month(s, 3)
        assert set(segments.segment_client_ids(s, temps["hot"].target)) == {known.ivanov}
        assert set(segments.segment_client_ids(s, temps[""].target)) == {known.elkina}
        assert set(segments.segment_client_ids(s, revenue["2025-06"].target, today=TODAY)) == {known.ivanov}
        assert set(segments.segment_client_ids(s, new[-1].target)) == known.active
    assert {k: b.value for k, b in temps.items()} == {"hot": 1, "warm": 1, "cold": 1, "": 1}
    assert statuses == {"lead": 2, "active": 1, "former": 1, "problem": 0}
    assert revenue["2025-06"].value == 1000 and revenue["2025-05"].value == 500 and len(revenue) == 14
    assert [b.value for b in new] == [0, 0, 4] and dashboard.months_back(dt.date(2025, 1, 31), 3) == [
        dt.date(2024, 11, 1), dt.date(2024, 12, 1), dt.date(2025, 1, 1)]
