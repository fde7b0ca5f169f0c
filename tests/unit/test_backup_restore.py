"""Restoring: the whole vault round trip, a backup with an older password, one client copied back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from clientbook.core import backup, restore
from clientbook.core import models as m
from clientbook.core.audit import verify_audit_chain
from clientbook.core.audit_history import history
from clientbook.core.clients import (
    ClientInput,
    ContactInput,
    create_client,
    delete_clients,
    get_client,
    to_input,
    update_client,
)
from clientbook.core.consents import record_consent
from clientbook.core.customfields import define_field
from clientbook.core.errors import KnownError
from clientbook.core.history import add_interaction, add_purchase, add_reminder
from clientbook.core.vault import Vault

PASSWORD = "Тест-пароль 1"


def snapshot(vault: Vault) -> dict[str, list[tuple[object, ...]]]:
    """What a user would see: every client's card fields and attached rows."""
    with vault.session() as s:
        return {
            "clients": [(c.id, c.display_name, c.city, c.notes) for c in s.scalars(select(m.Client).order_by(m.Client.id))],
            "phones": [(p.client_id, p.e164) for p in s.scalars(select(m.Phone).order_by(m.Phone.id))],
            "purchases": [(p.client_id, p.amount_minor) for p in s.scalars(select(m.Purchase).order_by(m.Purchase.id))],
        }


def rich_client(vault: Vault, last_name: str = "Соколова") -> int:
    with vault.transaction() as s:
        define_field(s, "Размер обуви", "number", key="shoe")
        client = create_client(s, ClientInput(
            last_name=last_name, first_name="Анна", city="Казань", phones=["+79031112233"],
            emails=["anna@example.ru"], tags=["VIP", "опт"], custom={"shoe": 38},
            contacts=[ContactInput(last_name="Бухгалтерова", role="accountant", phones=["+79035556677"],
                                   emails=["buh@example.ru"])]))
        contact_id = client.contacts[0].id
        add_interaction(s, client.id, "call", text="Обсудили заказ", contact_id=contact_id)
        add_purchase(s, client.id, dt.date(2024, 3, 1), "1500,50", item="Чайник")
        record_consent(s, client.id, "email", True, source="форма")
        add_reminder(s, "Перезвонить", dt.date(2030, 1, 1), client_id=client.id, contact_id=contact_id)
        return client.id


def test_restore_round_trip(vault: Vault) -> None:
    with vault.transaction() as s:
        for i in range(5):
            create_client(s, ClientInput(last_name=f"Клиент{i}", city="Тверь", phones=[f"+7916000000{i}"]))
    rich_client(vault)
    made = backup.make_backup(vault)
    at_backup = snapshot(vault)
    # Life goes on: an edit and a deletion after the backup.
    with vault.transaction() as s:
        c = get_client(s, 1)
        data = to_input(c)
        data.city = "Сочи"
        update_client(s, 1, data, c.version)
    delete_clients(vault, [2, 3])
    assert snapshot(vault) != at_backup
    path = vault.path
    result = restore.restore_vault(vault, made.path)
    assert vault.closed
    assert not path.with_name(path.name + "-wal").exists() or path.with_name(path.name + "-wal").stat().st_size == 0
    reopened = restore.reopen_and_record(path, result.raw_key, made.path.name)
    try:
        assert snapshot(reopened) == at_backup
        assert reopened.check_file().ok
        with reopened.session() as s:
            assert history(s, entity="vault")[0].action == "restore"
            assert verify_audit_chain(s).ok
        # The state just before the restore was saved and is listed.
        labels = [r.label for r in backup.list_backups(reopened)]
        assert "restore" in labels and result.restore_point is not None and result.restore_point.exists()
        conn = backup.open_readonly(result.restore_point, result.raw_key)
        try:
            assert conn.execute("SELECT city FROM clients WHERE id = 1").fetchone()[0] == "Сочи"
        finally:
            conn.close()
    finally:
        reopened.close()


def test_restore_asks_for_the_backups_own_password(vault: Vault) -> None:
    made = backup.make_backup(vault)
    vault.change_password("новый пароль")
    with pytest.raises(KnownError) as info:
        restore.usable_key(made.path, vault.raw_key)
    assert info.value.message.code == "backup_password_needed"
    with pytest.raises(KnownError):
        restore.restore_vault(vault, made.path, "не тот пароль")
    assert not vault.closed  # nothing happened
    path = vault.path
    result = restore.restore_vault(vault, made.path, PASSWORD)
    assert result.password_differs
    Vault.open(path, PASSWORD).close()  # the vault opens with the backup's password now


def test_damaged_backup_is_never_restored(vault: Vault) -> None:
    with vault.transaction() as s:
        create_client(s, ClientInput(last_name="Оставить"))
    made = backup.make_backup(vault)
    raw = bytearray(made.path.read_bytes())
    raw[-100] ^= 0xFF
    made.path.write_bytes(bytes(raw))
    before = vault.path.read_bytes()
    with pytest.raises(KnownError) as info:
        restore.restore_vault(vault, made.path)
    assert info.value.message.code == "backup_corrupt"
    assert not vault.closed
    assert vault.path.read_bytes() == before


def test_replace_refuses_while_the_vault_is_open(vault: Vault) -> None:
    made = backup.make_backup(vault)
    with pytest.raises(KnownError) as info:
        restore.replace_vault_file(vault.path, made.path, vault.raw_key)
    assert info.value.message.code == "vault_locked"


def test_copy_one_client_back_after_deletion(vault: Vault) -> None:
    client_id = rich_client(vault)
    with vault.transaction() as s:
        create_client(s, ClientInput(last_name="Другой"))
    made = backup.make_backup(vault)
    delete_clients(vault, [client_id])
    assert restore.backup_clients(made.path, vault.raw_key, "соколова") == [(client_id, "Соколова Анна")]
    new_id = restore.copy_client_back(vault, made.path, client_id)
    assert new_id == client_id  # the id was free, so history still points at it
    with vault.session() as s:
        c = get_client(s, new_id)
        assert (c.last_name, c.city) == ("Соколова", "Казань")
        assert [p.e164 for p in c.phones] == ["+79031112233"]
        assert [e.address for e in c.emails] == ["anna@example.ru"]
        assert sorted(t.name for t in c.tags) == ["VIP", "опт"]
        assert to_input(c).custom == {"shoe": 38}
        contact = c.contacts[0]
        assert contact.last_name == "Бухгалтерова" and [p.e164 for p in contact.phones] == ["+79035556677"]
        assert [i.text for i in c.interactions] == ["Обсудили заказ"]
        assert c.interactions[0].contact_id == contact.id
        assert [(p.item, p.amount_minor) for p in c.purchases] == [("Чайник", 150050)]
        assert [(x.channel, x.status) for x in c.consents] == [("email", "granted")]
        assert [(r.title, r.contact_id) for r in c.reminders] == [("Перезвонить", contact.id)]
        entries = history(s, client_id=new_id)
        assert entries and entries[0].batch_id is not None
        assert verify_audit_chain(s).ok
    from clientbook.core.search import search_ids
    with vault.session() as s:
        assert search_ids(s, "Соколова", limit=10) == [new_id]


def test_copy_back_when_the_client_still_exists_makes_a_second_card(vault: Vault) -> None:
    client_id = rich_client(vault)
    made = backup.make_backup(vault)
    new_id = restore.copy_client_back(vault, made.path, client_id)
    assert new_id != client_id
    with vault.session() as s:
        assert get_client(s, new_id).display_name == get_client(s, client_id).display_name


def test_copy_back_of_an_unknown_client(vault: Vault, tmp_path: Path) -> None:
    made = backup.make_backup(vault)
    with pytest.raises(KnownError):
        restore.copy_client_back(vault, made.path, 999)
