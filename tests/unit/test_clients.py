"""Client cards through the services the editor, importer and CLI share, on a real vault."""

from __future__ import annotations

import datetime as dt
import importlib.util

import pytest
from sqlalchemy import func, select

from clientbook.core import clients as svc
from clientbook.core import customfields
from clientbook.core import models as m
from clientbook.core.clients import ClientInput, ContactInput, PhoneInput
from clientbook.core.errors import StaleVersion, ValidationError
from clientbook.core.vault import Vault


def _company() -> ClientInput:
    return ClientInput(
        kind="company", company_name="ООО «Ромашка»", inn="7707083893", city="Казань",
        phones=[PhoneInput("8 (843) 200-00-00", "work", True)], emails=["office@romashka.ru"],
        contacts=[
            ContactInput(last_name="Сидорова", first_name="Ольга", role="accountant",
                         phones=["+7 917 111-22-33", "8 843 200-00-01"], emails=["buh@romashka.ru", "olga@mail.ru"]),
            ContactInput(last_name="Кузнецов", first_name="Игорь", role="director", decision_maker=True,
                         birthday="12.05", phones=["+7 917 444-55-66"], emails=["boss@romashka.ru"]),
        ],
    )


def _count(vault: Vault, model: type[m.Base]) -> int:
    with vault.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_create_company_with_two_contact_persons(vault: Vault) -> None:
    with vault.transaction() as s:
        client_id = svc.create_client(s, _company()).id
    with vault.session() as s:
        card = svc.get_client(s, client_id)
        assert card.display_name == "ООО «Ромашка»"
        assert [p.e164 for p in card.phones] == ["+78432000000"]  # contact phones are not the company's
        assert [e.address for e in card.emails] == ["office@romashka.ru"]
        assert [c.last_name for c in card.contacts] == ["Сидорова", "Кузнецов"]
        olga, igor = card.contacts
        assert [p.e164 for p in olga.phones] == ["+79171112233", "+78432000001"]
        assert [e.address for e in olga.emails] == ["buh@romashka.ru", "olga@mail.ru"]
        assert igor.decision_maker and (igor.birth_day, igor.birth_month) == (12, 5)
        assert all(p.client_id == client_id for c in card.contacts for p in c.phones)
    assert _count(vault, m.Phone) == 4
    assert _count(vault, m.Email) == 4


def test_round_trip_through_the_editor_form_changes_nothing(vault: Vault) -> None:
    with vault.transaction() as s:
        client = svc.create_client(s, _company())
        client_id, version = client.id, client.version
    with vault.session() as s:
        form = svc.to_input(svc.get_client(s, client_id))
    audit_before = _count(vault, m.AuditEntry)
    with vault.transaction() as s:
        client = svc.update_client(s, client_id, form, version)
        assert client.version == version  # nothing changed, so no new version
    assert _count(vault, m.AuditEntry) == audit_before


def test_update_edits_removes_contacts_and_phones(vault: Vault) -> None:
    with vault.transaction() as s:
        client = svc.create_client(s, _company())
        client_id, version = client.id, client.version
    with vault.session() as s:
        form = svc.to_input(svc.get_client(s, client_id))
    form.city = "Москва"
    form.contacts = form.contacts[1:]  # Ольга leaves
    form.contacts[0].phones.append("+7 917 777-88-99")
    with vault.transaction() as s:
        updated = svc.update_client(s, client_id, form, version)
        assert updated.version == version + 1
    with vault.session() as s:
        card = svc.get_client(s, client_id)
        assert card.city == "Москва"
        assert [c.first_name for c in card.contacts] == ["Игорь"]
        assert [p.e164 for p in card.contacts[0].phones] == ["+79174445566", "+79177778899"]
    assert _count(vault, m.ContactPerson) == 1
    assert _count(vault, m.Phone) == 3  # company + Игорь's two; Ольга's phones went with her


def test_two_sessions_editing_the_same_card_second_is_stale(vault: Vault) -> None:
    with vault.transaction() as s:
        client = svc.create_client(s, ClientInput(last_name="Иванов", first_name="Иван"))
        client_id, version = client.id, client.version
    first = ClientInput(last_name="Иванов", first_name="Иван", city="Тверь")
    second = ClientInput(last_name="Иванов", first_name="Иван", city="Псков")
    with vault.transaction() as s:
        svc.update_client(s, client_id, first, version)
    with vault.transaction() as s, pytest.raises(StaleVersion) as info:
        svc.update_client(s, client_id, second, version)
    assert "Иванов Иван" in info.value.text("ru") and "изменили в другом окне" in info.value.text("ru")
    assert "changed elsewhere" in info.value.text("en")
    with vault.session() as s:
        assert svc.get_client(s, client_id).city == "Тверь"  # nothing silently overwritten


def test_concurrent_sessions_race_is_caught_at_flush(vault: Vault) -> None:
    """Both read version 1; the one that saves second is refused even though its check passed."""
    with vault.transaction() as s:
        client_id = svc.create_client(s, ClientInput(last_name="Петров")).id
    slow = vault.session()
    try:
        card = svc.get_client(slow, client_id)
        version = card.version
        with vault.transaction() as fast:
            svc.update_client(fast, client_id, ClientInput(last_name="Петров", city="Омск"), version)
        with pytest.raises(StaleVersion):
            svc.update_client(slow, client_id, ClientInput(last_name="Петров", city="Томск"), version)
        slow.rollback()
    finally:
        slow.close()
    with vault.session() as s:
        assert svc.get_client(s, client_id).city == "Омск"


def test_invalid_update_writes_nothing(vault: Vault) -> None:
    with vault.transaction() as s:
        client = svc.create_client(s, ClientInput(last_name="Петров", phones=["+7 916 000-00-01"]))
        client_id, version = client.id, client.version
    audit_before = _count(vault, m.AuditEntry)
    with vault.transaction() as s, pytest.raises(ValidationError):
        svc.update_client(s, client_id, ClientInput(last_name="Петров", phones=["мусор"], city="Сочи"), version)
    with vault.session() as s:
        card = svc.get_client(s, client_id)
        assert card.city is None and [p.e164 for p in card.phones] == ["+79160000001"]
        assert card.version == version
    assert _count(vault, m.AuditEntry) == audit_before


def test_archive_and_unarchive(vault: Vault) -> None:
    with vault.transaction() as s:
        ids = [svc.create_client(s, ClientInput(last_name=f"Клиент{i}")).id for i in range(3)]
    with vault.transaction() as s:
        assert svc.set_archived(s, ids[:2]) == 2
        assert svc.set_archived(s, ids[:2]) == 0  # already archived
    with vault.session() as s:
        assert sorted(s.scalars(select(m.Client.id).where(m.Client.archived.is_(False)))) == ids[2:]
    with vault.transaction() as s:
        assert svc.set_archived(s, [ids[0]], archived=False) == 1


def test_bulk_tag_untag_and_counts(vault: Vault) -> None:
    with vault.transaction() as s:
        ids = [svc.create_client(s, ClientInput(last_name=f"Клиент{i}", tags=["старый"] if i == 0 else []))
               for i in range(4)]
        ids = [c.id for c in ids]
    with vault.transaction() as s:
        assert svc.tag_clients(s, ids[:3], ["VIP", "Ёлка"]) == 6
        assert svc.tag_clients(s, ids[:3], ["vip", "елка"]) == 0  # the same tags, folded
    with vault.session() as s:
        assert svc.tag_counts(s) == [("VIP", 3), ("Ёлка", 3), ("старый", 1)]
    with vault.transaction() as s:
        assert svc.untag_clients(s, ids, ["ЁЛКА"]) == 3
        svc.set_archived(s, [ids[0]])
    with vault.session() as s:
        assert svc.tag_counts(s) == [("VIP", 2)]
        assert svc.tag_counts(s, include_archived=True) == [("VIP", 3), ("старый", 1)]


def test_bulk_set_field(vault: Vault) -> None:
    with vault.transaction() as s:
        ids = [svc.create_client(s, ClientInput(last_name=f"К{i}")).id for i in range(3)]
    with vault.transaction() as s:
        assert svc.set_field(s, ids, "temperature", "hot") == 3
        with pytest.raises(ValidationError):
            svc.set_field(s, ids, "temperature", "boiling")
    with vault.session() as s:
        assert set(s.scalars(select(m.Client.temperature))) == {"hot"}


def test_custom_fields_of_every_type(vault: Vault) -> None:
    with vault.transaction() as s:
        customfields.define_field(s, "Размер одежды", "choice", choices=["S", "M", "L"])
        customfields.define_field(s, "Хобби", "multi", choices=["рыбалка", "йога", "шахматы"])
        customfields.define_field(s, "Скидка, %", "number", key="discount")
        customfields.define_field(s, "Дата договора", "date", key="contract_date")
        customfields.define_field(s, "Есть карта", "bool", key="has_card")
        customfields.define_field(s, "Пожелания", "text", key="wishes", required=True)
        assert [f.type for f in customfields.fields(s)] == ["choice", "multi", "number", "date", "bool", "text"]
    custom = {"размер_одежды": "M", "хобби": "йога; шахматы", "discount": "7,5",
              "contract_date": "01.02.2024", "has_card": "да", "wishes": "звонить после 18"}
    with vault.transaction() as s:
        client_id = svc.create_client(s, ClientInput(last_name="Орлова", custom=custom)).id
    with vault.session() as s:
        stored = svc.to_input(svc.get_client(s, client_id)).custom
    assert stored == {"размер_одежды": "M", "хобби": ["йога", "шахматы"], "discount": 7.5,
                      "contract_date": dt.date(2024, 2, 1), "has_card": True, "wishes": "звонить после 18"}


def test_custom_field_errors_and_required(vault: Vault) -> None:
    with vault.transaction() as s:
        customfields.define_field(s, "Размер", "choice", choices=["S", "M"], key="size")
        customfields.define_field(s, "Хобби", "multi", choices=["йога"], key="hobby")
        customfields.define_field(s, "Скидка", "number", key="discount")
        customfields.define_field(s, "Дата", "date", key="when")
        customfields.define_field(s, "Карта", "bool", key="card")
        customfields.define_field(s, "Пожелания", "text", key="wishes", required=True)
        with pytest.raises(ValidationError) as dup:
            customfields.define_field(s, "Размер", "text", key="size")
        assert "уже занято" in dup.value.text("ru")
    bad = {"size": "XXL", "hobby": ["йога", "бокс"], "discount": "много", "when": "вчера", "card": "может быть"}
    with vault.transaction() as s, pytest.raises(ValidationError) as info:
        svc.create_client(s, ClientInput(last_name="Орлова", custom=bad))
    errors = info.value.errors
    assert set(errors) == {"custom.size", "custom.hobby", "custom.discount", "custom.when", "custom.card",
                           "custom.wishes"}
    assert errors["custom.wishes"].text("ru") == "Обязательное поле."
    assert errors["custom.wishes"].text("en") == "This field is required."
    assert errors["custom.size"].text("ru") == "Значение «XXL» недопустимо."
    assert errors["custom.hobby"].text("en") == "The value “бокс” is not allowed."
    assert errors["custom.discount"].text("ru") == "«много» — не число."
    assert _count(vault, m.Client) == 0


def test_delete_makes_a_restore_point_and_removes_everything_attached(vault: Vault) -> None:
    if importlib.util.find_spec("clientbook.core.backup") is None:
        pytest.skip("clientbook.core.backup (restore points) is not written yet")
    from clientbook.core import history

    with vault.transaction() as s:
        doomed = svc.create_client(s, _company()).id
        kept = svc.create_client(s, ClientInput(last_name="Остаётся", phones=["+7 916 000-00-02"])).id
        history.add_interaction(s, doomed, "call", text="звонок")
        history.add_purchase(s, doomed, dt.date(2024, 1, 1), "100")
        history.add_reminder(s, "перезвонить", dt.date(2024, 1, 2), client_id=doomed)
    assert svc.delete_clients(vault, [doomed]) == 1
    backups = list(vault.path.parent.rglob("*.db"))
    assert any(p != vault.path for p in backups), "no restore point was made before deleting"
    with vault.session() as s:
        assert list(s.scalars(select(m.Client.id))) == [kept]
        for model in (m.ContactPerson, m.Interaction, m.Purchase, m.Reminder):
            assert s.scalar(select(func.count()).select_from(model)) == 0, model
        assert s.scalar(select(func.count(m.Phone.id))) == 1
        assert s.scalar(select(func.count(m.Email.id))) == 0


@pytest.mark.parametrize(("data", "field", "code"), [
    (ClientInput(kind="company", last_name="Иванов"), "company_name", "company_name_required"),
    (ClientInput(kind="company"), "company_name", "company_name_required"),
    (ClientInput(kind="person"), "last_name", "name_required"),
    (ClientInput(kind="ip"), "last_name", "name_required"),
])
def test_the_name_a_card_needs_follows_its_kind(vault, data, field, code) -> None:  # type: ignore[no-untyped-def]
    with vault.transaction() as s, pytest.raises(ValidationError) as caught:
        svc.create_client(s, data)
    assert caught.value.errors[field].code == code
    with vault.session() as s:
        assert s.scalar(select(func.count(m.Client.id))) == 0


@pytest.mark.parametrize("data", [ClientInput(kind="company", company_name="ООО «Ромашка»"),
                                  ClientInput(kind="ip", last_name="Петров"),
                                  ClientInput(kind="person", first_name="Анна")])
def test_each_kind_saves_with_its_own_name(vault, data) -> None:  # type: ignore[no-untyped-def]
    with vault.transaction() as s:
        assert svc.create_client(s, data).id
