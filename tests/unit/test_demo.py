"""The demo generator: reproducible, realistic, audited and searchable like typed-in data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import phonenumbers
import pytest
from sqlalchemy import func, select, text

from clientbook.core import demo, search
from clientbook.core import models as m
from clientbook.core.audit import verify_audit_chain
from clientbook.core.consents import latest_consent_subquery
from clientbook.core.errors import KnownError
from clientbook.core.validation import normalize_email, normalize_inn
from clientbook.core.vault import Vault

TODAY = dt.date(2025, 3, 14)


@pytest.fixture
def filled(vault: Vault) -> Vault:
    demo.fill_vault(vault, 200, seed=3, today=TODAY)
    return vault


def test_same_seed_gives_same_names_and_another_seed_does_not(tmp_path: Path, password: str) -> None:
    names = []
    for folder, seed in (("a", 11), ("b", 11), ("c", 12)):
        with Vault.create(tmp_path / folder / "v.db", password) as v:
            demo.fill_vault(v, 60, seed=seed, today=TODAY)
            names.append(demo.sample_names(v, 60))
    assert names[0] == names[1]
    assert names[0] != names[2]
    assert len(set(names[0])) > 50


def test_phones_are_valid_and_emails_unique_and_valid(filled: Vault) -> None:
    with filled.session() as s:
        phones = list(s.scalars(select(m.Phone.e164)))
        emails = list(s.scalars(select(m.Email.address)))
    assert len(phones) > 250
    for e164 in phones:
        assert phonenumbers.is_valid_number(phonenumbers.parse(e164, None)), e164
    assert len(emails) == len(set(emails)) > 150
    for address in emails:
        assert normalize_email(address) == address


def test_inn_checksums_are_valid_for_companies_and_ip(filled: Vault) -> None:
    with filled.session() as s:
        rows = s.execute(select(m.Client.kind, m.Client.inn).where(m.Client.inn.is_not(None))).all()
    assert {kind for kind, _ in rows} == {"company", "ip"}
    for kind, inn in rows:
        assert normalize_inn(inn) == inn
        assert len(inn) == (10 if kind == "company" else 12)


def test_patronymics_and_surnames_agree_with_gender(filled: Vault) -> None:
    with filled.session() as s:
        people = s.execute(select(m.Client.gender, m.Client.last_name, m.Client.middle_name)
                           .where(m.Client.kind == "person")).all()
    assert people
    for gender, last, middle in people:
        if gender == "f":
            assert middle.endswith("на"), middle
            assert not last.endswith(("ов", "ев", "ин", "ский")), last
        else:
            assert middle.endswith("ич"), middle
            assert not last.endswith(("ова", "ева", "ская")), last


def test_debtors_are_exactly_the_clients_with_unpaid_past_due_purchases(filled: Vault) -> None:
    with filled.session() as s:
        debtors = set(s.scalars(select(m.Client.id).where(m.Client.debtor.is_(True))))
        overdue = set(s.scalars(select(m.Purchase.client_id).where(
            m.Purchase.paid.is_(False), m.Purchase.due_date < TODAY)))
    assert debtors and debtors == overdue
    assert len(debtors) < 60  # some, not most


def test_consents_some_withdrawn_reminders_due_today_and_overdue(filled: Vault) -> None:
    with filled.session() as s:
        latest = latest_consent_subquery("email")
        statuses = dict(s.execute(select(latest.c.status, func.count()).group_by(latest.c.status)).all())
        sms = s.scalar(select(func.count()).where(m.Consent.channel == "sms"))
        due_today = s.scalar(select(func.count()).where(m.Reminder.due_date == TODAY, m.Reminder.done_at.is_(None)))
        overdue = s.scalar(select(func.count()).where(m.Reminder.due_date < TODAY, m.Reminder.done_at.is_(None)))
        kinds = set(s.scalars(select(m.Interaction.kind).distinct()))
        feedback = s.scalar(select(func.count()).where(m.Interaction.kind == "feedback",
                                                       m.Interaction.rating.between(1, 10)))
        contact_roles = set(s.scalars(select(m.ContactPerson.role).distinct()))
        no_year = s.scalar(select(func.count()).where(m.Client.birth_day.is_not(None), m.Client.birth_year.is_(None)))
        span = s.execute(select(func.min(m.Purchase.date), func.max(m.Purchase.date))).one()
    assert statuses.get("granted", 0) > 50 and statuses.get("withdrawn", 0) >= 1
    assert sms and sms > 20
    assert due_today and overdue
    assert kinds == set(m.INTERACTION_KINDS)
    assert feedback
    assert {"director", "accountant", "manager"} <= contact_roles
    assert no_year
    first, last = (dt.date.fromisoformat(str(d)) for d in span)
    assert (TODAY - first).days > 700 and last <= TODAY


def test_audit_has_one_create_per_client_in_a_demo_batch_and_the_chain_holds(filled: Vault) -> None:
    with filled.session() as s:
        batch = s.scalars(select(m.Batch)).one()
        creates = s.scalar(select(func.count()).where(m.AuditEntry.action == "create", m.AuditEntry.entity == "client",
                                                      m.AuditEntry.batch_id == batch.id))
        assert verify_audit_chain(s).ok
    assert batch.kind == "demo" and batch.status == "done"
    assert creates == 200


def test_demo_clients_are_searchable_like_typed_in_ones(filled: Vault) -> None:
    with filled.session() as s:
        client_id, last, e164 = s.execute(
            select(m.Client.id, m.Client.last_name, m.Phone.e164).join(m.Phone, m.Phone.client_id == m.Client.id)
            .where(m.Client.kind == "person", m.Client.archived.is_(False), m.Phone.contact_id.is_(None))
            .order_by(m.Client.id)).first()
        national = e164[2:]
        assert client_id in search.search_ids(s, last.upper(), limit=500)
        assert client_id in search.search_ids(s, f"8 {national[:3]} {national[3:6]}", limit=500)
        assert client_id in search.search_ids(s, f"{national[-7:-4]}-{national[-4:-2]}", limit=500)
        # the stored dates read back through the ORM as dates
        card = s.get(m.Client, client_id)
        assert isinstance(card.created_at, dt.datetime)


def test_big_load_rebuilds_the_same_indexes(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    def index_sql() -> set[str]:
        with vault.session() as s:
            return set(s.scalars(text("SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")))

    before = index_sql()
    monkeypatch.setattr(demo, "DEFER_INDEXES_FROM", 1)
    demo.fill_vault(vault, 30, seed=1, today=TODAY)
    assert index_sql() == before
    assert vault.check_file().ok


def test_cancel_and_bad_size_write_nothing(vault: Vault) -> None:
    calls = iter([False, True])
    with pytest.raises(KnownError) as cancelled:
        demo.fill_vault(vault, 5000, seed=1, should_cancel=lambda: next(calls))
    assert cancelled.value.message.code == "demo_cancelled"
    with pytest.raises(KnownError):
        demo.fill_vault(vault, 0)
    with vault.session() as s:
        assert s.scalar(select(func.count()).select_from(m.Client)) == 0
        assert s.scalar(select(func.count()).select_from(m.Batch)) == 0
        assert s.scalar(select(func.count()).select_from(m.AuditEntry)) == 0


def test_female_surnames() -> None:
    assert [demo.female_surname(s) for s in ("Соловьёв", "Покровский", "Толстой", "Ильин", "Шевченко")] == [
        "Соловьёва", "Покровская", "Толстая", "Ильина", "Шевченко"]


def test_mobile_numbers_avoid_unallocated_blocks(vault: Vault) -> None:
    """+7 930 000… and a few other blocks are not allocated; a card with one could not be saved."""
    with vault.transaction() as s:
        gen = demo._Generator(s.connection(), 5, demo.DemoMix(), TODAY, "tester", 1)
        numbers = [gen._mobile()[0] for _ in range(20000)]
        numbers += [gen._landline(city)[0] for city in demo.CITIES for _ in range(50)]
        s.rollback()
    assert all(phonenumbers.is_valid_number(phonenumbers.parse(n, None)) for n in numbers)


@pytest.mark.parametrize(("size", "seed"), [(120, 7), (200, 3)])
def test_a_demo_base_has_realistic_duplicates_for_the_duplicates_window(vault: Vault, size: int, seed: int) -> None:
    from clientbook.core import dedup

    result = demo.fill_vault(vault, size, seed=seed, today=TODAY)
    with vault.session() as s:
        groups = dedup.scan_groups(s)
        assert s.scalar(select(func.count(m.Client.id))) == size  # duplicates replace, they do not add
    assert result.counts["duplicates"] >= 1 and len(groups) >= result.counts["duplicates"] * 0.5
    pair = groups[0].pairs[0]
    assert pair.name_a != pair.name_b or pair.a != pair.b
    assert any("телефон" in text for text in pair.reason_texts("ru"))
    with vault.engine.connect() as conn:
        known = demo.demo_duplicate_pairs(conn)
    assert known is not None and len(known) == result.counts["duplicates"]
    found = {(p.a, p.b) for g in groups for p in g.pairs}
    assert known <= found  # the batch's record names the very cards the scan finds


def test_no_two_cards_share_an_inn(vault: Vault) -> None:
    """An ИНН names one taxpayer: two demo firms with one would be a duplicate nobody planted."""
    with vault.transaction() as s:
        gen = demo._Generator(s.connection(), 5, demo.DemoMix(), TODAY, "tester", 1)
        inns = [gen._inn("77", person=False) for _ in range(20000)]
        s.rollback()
    assert len(set(inns)) == len(inns)


def test_no_history_is_dated_after_today(filled: Vault) -> None:
    """Contacts, purchases and consent changes all happened before the day the demo was made for:
    an entry "today at 17:40" seen in the morning would be in the future."""
    start_of_today = dt.datetime.combine(TODAY, dt.time())
    with filled.session() as s:
        latest_contact = s.scalar(select(func.max(m.Interaction.occurred_at)))
        latest_consent = s.scalar(select(func.max(m.Consent.at)))
        latest_purchase = s.scalar(select(func.max(m.Purchase.date)))
        contacts = s.scalar(select(func.count()).select_from(m.Interaction))
    assert contacts and latest_contact is not None and latest_contact < start_of_today
    assert latest_consent is not None and latest_consent < start_of_today
    assert latest_purchase is not None and latest_purchase <= TODAY
