"""The data quality report and bulk normalization of phones and e-mails (audited, undoable)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text, update

from clientbook.core import audit_history, clients, consents, quality, search
from clientbook.core import models as m
from clientbook.core.clients import ClientInput
from clientbook.core.errors import KnownError


@pytest.fixture
def messy(vault):  # type: ignore[no-untyped-def]
    """Cards as an old import left them: phones not parsed, e-mails stored as typed."""
    with vault.transaction() as s:
        good = clients.create_client(s, ClientInput(last_name="Смирнов", first_name="Олег", city="Москва",
                                                    phones=["+79161234567"], emails=["oleg@example.ru"]))
        bad = clients.create_client(s, ClientInput(last_name="Орлова", first_name="Дарья", birthday="02.03.1990"))
        company = clients.create_client(s, ClientInput(kind="company", company_name="ООО «Вектор»"))
        s.add_all([
            m.Phone(client_id=bad.id, e164=None, raw="8 (903) 555-66-77"),   # parses now
            m.Phone(client_id=bad.id, e164=None, raw="12-34"),               # hopeless
            m.Email(client_id=bad.id, address=" Darya.Orlova@Example.RU ", raw=" Darya.Orlova@Example.RU ",
                    valid=False),
            m.Email(client_id=company.id, address="info@", raw="info@", valid=False),
        ])
        s.flush()
        consents.record_consent(s, good.id, "email", True)
        consents.record_consent(s, bad.id, "email", True, at=dt.datetime(2020, 1, 1))
        consents.record_consent(s, bad.id, "email", False, at=dt.datetime(2021, 1, 1))  # withdrawn later
        s.execute(update(m.Client).where(m.Client.id == company.id).values(updated_at=dt.datetime(2015, 1, 1)))
    return good.id, bad.id, company.id


def test_report_counts_what_is_missing_and_broken(vault, messy) -> None:  # type: ignore[no-untyped-def]
    good, bad, company = messy
    with vault.session() as s:
        rep = quality.report(s)
    assert rep.total == 3
    by_field = {c.field: c for c in rep.completeness}
    assert (by_field["phone"].filled, by_field["phone"].total) == (2, 3)
    assert by_field["city"].filled == 1
    assert by_field["birthday"].filled == 1 and by_field["birthday"].total == 2  # people only
    assert by_field["consent"].filled == 1  # a withdrawn consent does not count
    assert rep.invalid_phones == 2 and rep.invalid_emails == 2
    assert {r.value for r in rep.invalid_phone_rows} == {"8 (903) 555-66-77", "12-34"}
    assert rep.stale_months == 12 and rep.stale_cards == 1 and rep.stale_rows[0].client_id == company
    assert rep.without_consent == 2
    assert rep.as_dict("ru")["completeness"][4]["label"] == "Телефон"


def test_stale_months_is_a_setting(vault, messy) -> None:  # type: ignore[no-untyped-def]
    from clientbook.core import settings

    with vault.transaction() as s:
        settings.put(s, "stale_card_months", 240)
    with vault.session() as s:
        rep = quality.report(s)
    assert rep.stale_months == 240 and rep.stale_cards == 0


def test_normalization_fixes_what_parses_and_can_be_undone(vault, messy) -> None:  # type: ignore[no-untyped-def]
    good, bad, _ = messy

    def state() -> list[tuple]:  # type: ignore[type-arg]
        with vault.session() as s:
            return [tuple(r) for r in s.execute(text(
                "SELECT id, e164, extension, raw FROM phones UNION ALL "
                "SELECT id, address, valid, raw FROM emails ORDER BY 1, 2"))]

    before = state()
    result = quality.normalize_contacts(vault)
    assert (result.phones_fixed, result.emails_fixed) == (1, 1)
    assert (result.phones_invalid, result.emails_invalid) == (1, 1)
    with vault.session() as s:
        card = clients.get_client(s, bad)
        assert sorted(p.e164 or "" for p in card.phones) == ["", "+79035556677"]
        assert [(e.address, e.valid) for e in card.emails] == [("darya.orlova@example.ru", True)]
        assert search.search_ids(s, "8 903 555") == [bad]
        rep = quality.report(s)
        assert (rep.invalid_phones, rep.invalid_emails) == (1, 1)
        entries = audit_history.history(s, batch_id=result.batch_id)
        assert {e.entity for e in entries} == {"phone", "email"}
    assert quality.undo_normalize(vault, result.batch_id) == 2
    assert state() == before
    with pytest.raises(KnownError):
        quality.undo_normalize(vault, result.batch_id)
    again = quality.normalize_contacts(vault)
    assert again.phones_fixed == 1
    nothing = quality.normalize_contacts(vault)
    assert nothing.batch_id is None and nothing.phones_fixed == 0


def test_normalization_can_be_cancelled_and_writes_nothing(vault, messy) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(quality.NormalizeCancelledError):
        quality.normalize_contacts(vault, should_cancel=lambda: True)
    with vault.session() as s:
        assert quality.report(s).invalid_phones == 2
        assert s.scalar(text("SELECT count(*) FROM batches WHERE kind = 'normalize'")) == 0


def test_archived_cards_count_nowhere_and_a_contact_persons_phone_is_not_the_clients(vault, messy) -> None:  # type: ignore[no-untyped-def]
    """The report's counts read indexes with the few archived cards left out (1 M clients: 20 -> 6 s
    of CPU); an archived card with a phone, a broken e-mail, a granted consent and an old update
    changes none of them, and a phone of a contact person does not make its client "with a phone"."""
    with vault.session() as s:
        before = quality.report(s)
    with vault.transaction() as s:
        gone = clients.create_client(s, ClientInput(last_name="Архивов", first_name="Пётр", phones=["+79035551122"],
                                                    emails=["petr@example.ru"]))
        s.add(m.Email(client_id=gone.id, address="broken@", raw="broken@", valid=False))
        consents.record_consent(s, gone.id, "email", True)
        s.flush()
        s.execute(update(m.Client).where(m.Client.id == gone.id).values(archived=True, updated_at=dt.datetime(2014, 1, 1)))
        firm = clients.create_client(s, ClientInput(kind="company", company_name="ООО «Контакт»",
                                                    contacts=[clients.ContactInput(last_name="Лицов",
                                                                                   phones=["+79165550000"])]))
    with vault.session() as s:
        after = quality.report(s)
    by_field = {c.field: (c.filled, c.total) for c in after.completeness}
    was = {c.field: (c.filled, c.total) for c in before.completeness}
    assert after.total == before.total + 1  # the company, not the archived card
    assert by_field["phone"] == (was["phone"][0], was["phone"][1] + 1)  # the contact's phone is not the firm's
    assert by_field["consent"] == (was["consent"][0], was["consent"][1] + 1)
    assert (after.invalid_emails, after.stale_cards) == (before.invalid_emails, before.stale_cards)
    assert firm.id not in {r.client_id for r in after.stale_rows}
