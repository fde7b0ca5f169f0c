"""Merging cards keeps everything attached, and undo puts back the exact previous state."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import text

from clientbook.core import audit, audit_history, clients, consents, customfields, dedup, history, search
from clientbook.core import merge as merging
from clientbook.core import models as m
from clientbook.core.clients import ClientInput, ContactInput
from clientbook.core.errors import KnownError

TABLES = ("clients", "client_tags", "not_duplicates") + merging.OWNED_TABLES


def dump(vault) -> dict[str, list[tuple[Any, ...]]]:  # type: ignore[no-untyped-def]
    """Every row a user could notice, as stored (the optimistic-lock counter left out)."""
    result = {}
    with vault.session() as s:
        for table in TABLES:
            rows = s.execute(text(f"SELECT * FROM {table}")).mappings().all()
            result[table] = sorted((tuple(sorted((k, v) for k, v in r.items() if k != "version")) for r in rows), key=repr)
    return result


@pytest.fixture
def two_cards(vault):  # type: ignore[no-untyped-def]
    """Two cards of one client, each with its own attached records, and a stranger."""
    with vault.transaction() as s:
        field = customfields.define_field(s, "Размер обуви", "text")
        customfields.define_field(s, "Любимый цвет", "text")
        a = clients.create_client(s, ClientInput(
            last_name="Смирнов", first_name="Олег", city="Москва", notes="Звонить после 18",
            phones=["+7 916 123-45-67", "+7 495 111-22-33"], emails=["oleg@example.ru"], tags=["VIP"],
            custom={field.key: "42"},
            contacts=[ContactInput(last_name="Смирнова", first_name="Анна", role="жена", phones=["+79160000001"])]))
        b = clients.create_client(s, ClientInput(
            last_name="Смирнов", first_name="Олег", middle_name="Петрович", birthday="01.04.1985",
            notes="Предпочитает e-mail", phones=["8 916 1234567", "+7 903 555-66-77"],
            emails=["o.smirnov@example.com"], tags=["vip", "Опт"], custom={field.key: "43", "любимый_цвет": "синий"},
            contacts=[ContactInput(last_name="Кротов", first_name="Иван", role="бухгалтер", emails=["buh@example.com"])]))
        stranger = clients.create_client(s, ClientInput(last_name="Орлов", first_name="Денис"))
        ids = a.id, b.id, stranger.id
        when = dt.datetime(2024, 3, 1, 10, 0)
        for cid in (a.id, b.id):  # the same call imported into both cards
            history.add_interaction(s, cid, "call", text="Обсудили заказ", occurred_at=when)
            history.add_purchase(s, cid, dt.date(2024, 3, 2), "1500,00", item="Куртка")
        history.add_interaction(s, b.id, "meeting", text="Встреча в офисе")
        history.add_purchase(s, b.id, dt.date(2024, 5, 1), "300", item="Шарф", paid=False,
                             due_date=dt.date(2024, 6, 1))
        history.add_reminder(s, "Перезвонить", dt.date(2030, 1, 1), client_id=b.id)
        consents.record_consent(s, b.id, "email", True, source="сайт")
        consents.record_consent(s, a.id, "sms", False)
        dedup.mark_not_duplicates(s, [b.id, stranger.id])
    return ids


def test_merge_keeps_every_attached_record(vault, two_cards) -> None:  # type: ignore[no-untyped-def]
    a, b, stranger = two_cards
    result = merging.merge_clients(vault, [b, a], keep=a, choices={"middle_name": b})
    assert result.survivor_id == a and result.removed_ids == [b]
    with vault.session() as s:
        card = clients.get_client(s, a)
        assert s.get(m.Client, b) is None
        assert card.middle_name == "Петрович" and card.birth_year == 1985  # filled from the other card
        assert card.city == "Москва"
        assert card.notes == "Звонить после 18\n\nПредпочитает e-mail"  # both notes kept
        assert sorted(p.e164 for p in card.phones) == ["+74951112233", "+79035556677", "+79161234567"]
        assert sorted(e.address for e in card.emails) == ["o.smirnov@example.com", "oleg@example.ru"]
        assert sorted(t.name for t in card.tags) == ["VIP", "Опт"]
        assert sorted(c.last_name for c in card.contacts) == ["Кротов", "Смирнова"]
        assert [e.address for c in card.contacts for e in c.emails] == ["buh@example.com"]
        assert len(history.timeline(s, a)) == 2  # the identical call once, the meeting
        assert sorted(p.item for p in history.purchases(s, a)) == ["Куртка", "Шарф"]
        assert s.scalar(text(f"SELECT count(*) FROM reminders WHERE client_id = {a}")) == 1
        assert set(consents.current(s, a)) == {"email", "sms"}
        assert clients.to_input(card).custom == {"размер_обуви": "42", "любимый_цвет": "синий"}
        assert s.get(m.NotDuplicate, (min(a, stranger), max(a, stranger))) is not None
        assert search.search_ids(s, "Петрович") == [a]
        batch = s.get(m.Batch, result.batch_id)
        assert batch.kind == "merge" and batch.status == "done"
        entries = audit_history.history(s, batch_id=result.batch_id)
        assert any(e.action == "merge" and e.entity_id == b for e in entries)
        assert audit.verify_audit_chain(s).ok


def test_undo_restores_the_exact_previous_state(vault, two_cards) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = two_cards
    before = dump(vault)
    result = merging.merge_clients(vault, [a, b], keep=b, choices={"first_name": a, "notes": a})
    assert dump(vault) != before
    restored = merging.undo_merge(vault, result.batch_id)
    assert sorted(restored) == sorted([a, b])
    after = dump(vault)
    for table in TABLES:
        assert after[table] == before[table], table
    with vault.session() as s:
        assert s.get(m.Batch, result.batch_id).status == "undone"
        assert sorted(search.search_ids(s, "Смирнов")) == sorted([a, b])
        assert audit.verify_audit_chain(s).ok
    with pytest.raises(KnownError) as err:
        merging.undo_merge(vault, result.batch_id)
    assert err.value.message.code == "merge_undo_not_possible"


def test_undo_keeps_later_additions_to_the_survivor(vault, two_cards) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = two_cards
    result = merging.merge_clients(vault, [a, b])
    with vault.transaction() as s:
        later = history.add_interaction(s, a, "note", text="После объединения").id
    merging.undo_merge(vault, result.batch_id)
    with vault.session() as s:
        assert s.get(m.Interaction, later).client_id == a
        assert s.get(m.Client, b) is not None


def test_bad_merge_requests_write_nothing(vault, two_cards) -> None:  # type: ignore[no-untyped-def]
    a, b, stranger = two_cards
    before = dump(vault)
    for kwargs, code in (
        (dict(client_ids=[a]), "merge_need_two"),
        (dict(client_ids=[a, a]), "merge_need_two"),
        (dict(client_ids=[a, b], keep=stranger), "merge_keep_invalid"),
        (dict(client_ids=[a, b], choices={"city": stranger}), "merge_choice_invalid"),
    ):
        with pytest.raises(KnownError) as err:
            merging.merge_clients(vault, **kwargs)
        assert err.value.message.code == code
    with pytest.raises(KnownError):
        merging.merge_clients(vault, [a, 999_999])
    assert dump(vault) == before


def test_merge_options_show_each_cards_value(vault, two_cards) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = two_cards
    with vault.session() as s:
        options = {o.name: o for o in merging.merge_options(s, [a, b])}
    assert options["middle_name"].values == {a: None, b: "Петрович"}
    assert options["middle_name"].default == b
    assert options["last_name"].default == a and not options["last_name"].differs
    assert options["notes"].default == merging.ALL
    assert options["birthday"].values[b] == (1, 4, 1985)
    assert options["custom.размер_обуви"].values == {a: "42", b: "43"}
    assert options["custom.размер_обуви"].default == a


def test_every_table_owned_by_a_client_is_handled_by_merge() -> None:
    """A new table pointing at clients must be taught to merge, or its rows would be lost."""
    handled = set(merging.OWNED_TABLES) | set(merging.LINK_TABLES)
    for table in m.Base.metadata.sorted_tables:
        if table.name in ("clients",):
            continue
        if any(fk.column.table.name == "clients" for fk in table.foreign_keys):
            assert table.name in handled, table.name


def test_restore_point_is_made_before_merge(vault, two_cards, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    reasons: list[str] = []
    monkeypatch.setattr(merging, "restore_point_before", lambda v, reason: reasons.append(reason))
    a, b, _ = two_cards
    result = merging.merge_clients(vault, [a, b])
    merging.undo_merge(vault, result.batch_id)
    assert reasons == ["merge", "merge"]


def test_merge_makes_a_real_restore_point_first(vault, two_cards) -> None:  # type: ignore[no-untyped-def]
    backup = pytest.importorskip("clientbook.core.backup")
    a, b, _ = two_cards
    merging.merge_clients(vault, [a, b])
    records = backup.list_backups(vault)
    assert [r.reason for r in records if r.kind == "restore_point"] == ["merge"]
    assert records[0].clients == 3  # taken before the merge removed a card
