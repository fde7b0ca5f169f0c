"""SPEC §17 check 20: after erasure no personal data of that person remains in any table, index
(the FTS segments included), the audit text, batch labels, or any page of the decrypted file, free
pages included — while the audit chain still verifies and the other clients are untouched. The
subject report made before contains every item created for them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from clientbook.core import audit, audit_history, backup, search
from clientbook.core import clients as svc
from clientbook.core import models as m
from clientbook.core.clients import ClientInput, ContactInput
from clientbook.core.consents import record_consent
from clientbook.core.customfields import define_field
from clientbook.core.errors import KnownError
from clientbook.core.history import add_interaction, add_purchase, add_reminder
from clientbook.core.importing import ImportOptions, run_import
from clientbook.core.merge import merge_clients
from clientbook.core.privacy import erase as erasing
from clientbook.core.privacy import report
from clientbook.core.quality import normalize_contacts
from clientbook.core.vault import Vault
from import_support import write_csv
from privacy_support import decrypted_pages, forms

# Distinctive values: each would be found wherever a copy of it survived.
SURNAME = "Щеглоканарейкина"
GIVEN = "Евлампия"
MAIL = "zqcanary.evl@example.org"
PHONE_DIGITS = "9165554321"
SECOND_MAIL = "kanareika.work@example.net"
SECOND_PHONE = "9031112299"
NOTE = "аллергия на перья канарейки"
CONTACT = "Синицына-Канареечная"
INN = "500100732259"
OLD_CITY = "Щеглоград"
UNNORMALIZED_MAIL = "Kanareika.UPPER@Example.NET"
NEEDLES = [SURNAME, GIVEN + " Ивановна", MAIL, PHONE_DIGITS, SECOND_MAIL, SECOND_PHONE, NOTE, CONTACT, INN,
           "Канарейкин заказ", "согласие Щегл", OLD_CITY, UNNORMALIZED_MAIL]


def _build_canary(vault: Vault, tmp_path: Path) -> dict[str, Any]:
    """A person with an import, a merge, history, purchases, consents, a contact person, a custom
    field, a reminder and edits in their past, beside two neighbours who must stay."""
    with vault.transaction() as s:
        size = define_field(s, "Размер")
        neighbour = svc.create_client(s, ClientInput(last_name="Соседова", first_name="Анна", city="Тула",
                                                     phones=["+7 916 000-11-22"], emails=["anna@example.ru"])).id
    csv = write_csv(tmp_path / "clients.csv",
                    "Фамилия;Имя;Телефон;E-mail;Примечание;Город\n"
                    f"{SURNAME};{GIVEN};+7 {PHONE_DIGITS};{MAIL};{NOTE};{OLD_CITY}\n"
                    "Воробьёв;Пётр;+7 916 777-88-99;petr@example.ru;;Тула\n")
    imported = run_import(vault, csv, ImportOptions())
    # a second import overwrites the city: its undo data keeps the old one
    again = write_csv(tmp_path / "update.csv", f"Фамилия;Имя;Телефон;Город\n{SURNAME};{GIVEN};+7 {PHONE_DIGITS};Тверь\n")
    updated = run_import(vault, again, ImportOptions(on_duplicate="overwrite"))
    assert updated.updated == 1, [(o.status, [r.code for r in o.reasons]) for o in updated.outcomes]
    with vault.session() as s:
        first = s.scalar(select(m.Client.id).where(m.Client.last_name == SURNAME))
        other_import = s.scalar(select(m.Client.id).where(m.Client.last_name == "Воробьёв"))
    with vault.transaction() as s:
        second = svc.create_client(s, ClientInput(
            last_name=SURNAME, first_name=GIVEN, middle_name="Ивановна", inn=INN, city="Канареевск",
            phones=[f"+7 {SECOND_PHONE}"], emails=[SECOND_MAIL], custom={size.key: "XL-" + SURNAME},
            contacts=[ContactInput(last_name=CONTACT, first_name="Ольга", phones=["+7 916 333-22-11"])])).id
    merged = merge_clients(vault, [first, second], keep=first)
    # an address typed before normalization: "normalize" keeps the old form in its undo data
    with vault.transaction() as s:
        s.execute(text("INSERT INTO emails (client_id, address, raw, valid, is_primary, position) "
                       "VALUES (:c, :a, :a, 1, 0, 9)"), {"c": first, "a": UNNORMALIZED_MAIL})
    assert normalize_contacts(vault).emails_fixed == 1
    with vault.transaction() as s:
        card = svc.get_client(s, first)
        data = svc.to_input(card)
        data.notes = NOTE + "; звонить вечером"
        svc.update_client(s, first, data, card.version)
        add_interaction(s, first, "call", subject="Канарейкин заказ", text=f"Говорили с {SURNAME}")
        add_interaction(s, first, "email", subject="Письмо", text=f"Ответ на {MAIL}")
        add_purchase(s, first, dt.date(2026, 3, 1), "1500.50", item="Канарейкин заказ")
        add_purchase(s, first, dt.date(2026, 4, 2), "99", item="Корм")
        record_consent(s, first, "email", True, source="форма", evidence="согласие Щеглоканарейкиной")
        record_consent(s, first, "sms", False, evidence="согласие Щегл. отозвано")
        add_reminder(s, f"Позвонить {SURNAME}", dt.date(2026, 12, 10), client_id=first)
        svc.tag_clients(s, [first, neighbour], ["VIP"])
    return {"id": first, "second": second, "neighbour": neighbour, "other_import": other_import,
            "import_batch": imported.batch_id, "merge_batch": merged.batch_id}


def _rows_mentioning(vault: Vault, needles: list[str]) -> list[str]:
    """Every table, FTS shadow tables and their blobs included, searched in UTF-8 and UTF-16."""
    found = []
    conn = vault.raw_connection()
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    blob = value if isinstance(value, bytes) else str(value).encode("utf-8")
                    for needle in needles:
                        if any(form in blob for form in forms(needle)):
                            found.append(f"{table}: {needle}")
    finally:
        conn.close()
    return found


def test_subject_report_holds_every_item_created_for_the_person(vault: Vault, tmp_path: Path) -> None:
    made = _build_canary(vault, tmp_path)
    target = tmp_path / "report.json"
    items = report.export_report(vault, made["id"], target, "json", lang="ru")
    data = json.loads(target.read_text(encoding="utf-8"))
    sections = data["sections"]
    assert items == sum(len(v) for v in sections.values())
    assert sections["card"][0]["last_name"] == SURNAME and sections["card"][0]["inn"] == INN
    assert {p["e164"] for p in sections["phones"]} == {"+7" + PHONE_DIGITS, "+7" + SECOND_PHONE}
    assert {e["address"] for e in sections["emails"]} == {MAIL, SECOND_MAIL, UNNORMALIZED_MAIL.lower()}
    assert [c["last_name"] for c in sections["contacts"]] == [CONTACT]
    assert sections["contacts"][0]["phones"]
    assert [h["subject"] for h in sections["history"]] == ["Канарейкин заказ", "Письмо"]
    assert sorted(p["amount_minor"] for p in sections["purchases"]) == [9900, 150050]
    assert {(c["channel"], c["status"], c["evidence"]) for c in sections["consents"]} == {
        ("email", "granted", "согласие Щеглоканарейкиной"), ("sms", "withdrawn", "согласие Щегл. отозвано")}
    assert [r["title"] for r in sections["reminders"]] == [f"Позвонить {SURNAME}"]
    assert [c["value_text"] for c in sections["custom_fields"]] == ["XL-" + SURNAME]
    assert [t["name"] for t in sections["tags"]] == ["VIP"]
    assert [b["id"] for b in sections["imports"]][0] == made["import_batch"]
    assert len(sections["imports"]) == 2  # the file that made the card and the one that overwrote its city
    assert [b["id"] for b in sections["merges"]] == [made["merge_batch"]]
    assert data["merged_ids"] == [made["second"]]
    logged = {(e["action"], e["entity"]) for e in sections["audit"]}
    assert {("create", "client"), ("update", "client"), ("create", "interaction"), ("create", "purchase"),
            ("create", "consent"), ("merge", "client"), ("delete", "client")} <= logged
    assert {b["kind"] for b in sections["backups"]} >= {"merge"}  # the restore point before the merge
    # the xlsx form has the same sections, one sheet each, in the chosen language
    from openpyxl import load_workbook

    xlsx = tmp_path / "report.xlsx"
    report.export_report(vault, made["id"], xlsx, "xlsx", lang="en")
    book = load_workbook(xlsx, read_only=True)
    assert book.sheetnames[:3] == ["Card", "Phones", "E-mails"] and "Change log" in book.sheetnames
    with vault.session() as s:
        exported = s.scalars(select(m.AuditEntry).where(m.AuditEntry.entity == "privacy_report")).all()
        assert [e.field for e in exported] == ["json", "xlsx"]


def test_erase_leaves_no_trace_in_tables_index_audit_labels_or_pages(vault: Vault, tmp_path: Path) -> None:
    made = _build_canary(vault, tmp_path)
    assert _rows_mentioning(vault, NEEDLES), "the canary must be there before"
    result = erasing.erase(vault, made["id"], "withdrawal")

    assert _rows_mentioning(vault, NEEDLES) == []
    with vault.session() as s:
        assert audit.verify_audit_chain(s).ok
        assert s.get(m.Client, made["id"]) is None
        assert search.search_ids(s, SURNAME) == [] and search.search_ids(s, PHONE_DIGITS[-7:]) == []
        assert search.search_ids(s, "Соседова") == [made["neighbour"]]  # the neighbours are untouched
        assert search.search_ids(s, "Воробьёв") == [made["other_import"]]
        assert [t.name for t in svc.get_client(s, made["neighbour"]).tags] == ["VIP"]
        kept = s.execute(select(m.AnonymousPurchase.date, m.AnonymousPurchase.amount_minor)
                         .order_by(m.AnonymousPurchase.date)).all()
        assert [tuple(r) for r in kept] == [(dt.date(2026, 3, 1), 150050), (dt.date(2026, 4, 2), 9900)]
        assert s.scalar(select(func.count()).select_from(m.Purchase)) == 0
        merge = s.get(m.Batch, made["merge_batch"])
        assert merge is not None and merge.label == "Merge of 2 cards (data erased)" and merge.undo_data is None
        erase_entry = s.scalars(select(m.AuditEntry).where(m.AuditEntry.action == "erase")).one()
        assert erase_entry.field == "withdrawal" and erase_entry.redacted_at is None
        assert json.loads(erase_entry.new or "{}")["deleted"]["clients"] == 1
        redacted = s.scalar(select(func.count()).where(m.AuditEntry.redacted_at.is_not(None)))
        assert redacted == result.redacted_entries > 10
        # the import that also brought a neighbour keeps its file name and totals
        imported = s.get(m.Batch, made["import_batch"])
        assert imported is not None and imported.label == "clients.csv" and imported.totals["created"] == 2
    assert result.counts["phones"] >= 2 and result.counts["interactions"] == 2
    assert result.subject.startswith(SURNAME)  # for the act only; it is not in the vault
    assert any(h["kind"] == "erase" for h in result.holding)  # the restore point made first holds them

    # Every page of the file, decrypted, free pages included, after the vault is closed (WAL folded in).
    key, path = vault.raw_key, vault.path
    vault.close()
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    pages = decrypted_pages(path, key)
    assert any("Соседова".encode() in p for p in pages), "decryption works"
    leaks = [(n, needle) for n, page in enumerate(pages, 1) for needle in NEEDLES
             if any(form in page for form in forms(needle))]
    assert leaks == []


def test_fts_segments_keep_no_deleted_token(vault: Vault, tmp_path: Path) -> None:
    """A plain FTS5 delete leaves the tokens in `client_fts_data` until a merge; erase optimizes."""
    made = _build_canary(vault, tmp_path)
    with vault.session() as s:
        blobs = b"".join(r[0] or b"" for r in s.execute(text("SELECT block FROM client_fts_data")))
    assert any(form in blobs for form in forms(SURNAME))
    erasing.erase(vault, made["id"], "request")
    with vault.session() as s:
        blobs = b"".join(r[0] or b"" for r in s.execute(text("SELECT block FROM client_fts_data")))
        assert [n for n in NEEDLES if any(form in blobs for form in forms(n))] == []
        assert any(form in blobs for form in forms("Соседова"))


def test_bad_ground_or_unknown_client_writes_nothing(vault: Vault, tmp_path: Path) -> None:
    made = _build_canary(vault, tmp_path)
    before = len(backup.list_backups(vault))
    with pytest.raises(KnownError) as info:
        erasing.erase(vault, made["id"], "because")
    assert "withdrawal" in info.value.text("en") and "отзыв согласия" in info.value.text("ru")
    with pytest.raises(KnownError):
        erasing.erase(vault, 99999, "request")
    assert len(backup.list_backups(vault)) == before
    with vault.session() as s:
        assert s.get(m.Client, made["id"]) is not None


def test_erase_keeps_other_peoples_entries_that_share_generic_text(vault: Vault) -> None:
    """Same city, company, history phrases, tag and namesake first name as a neighbour: the neighbour's
    change log, labels and search stay whole; only the erased person's entries are redacted."""
    shared = {"city": "Тверь", "company_name": "ООО «Общая фирма»", "first_name": "Мария"}
    with vault.transaction() as s:
        gone = svc.create_client(s, ClientInput(last_name="Уходящая", phones=["+7 916 100-00-01"], **shared)).id
        stays = svc.create_client(s, ClientInput(last_name="Остающаяся", phones=["+7 916 100-00-02"], **shared)).id
        for cid in (gone, stays):
            add_interaction(s, cid, "call", subject="Обсудили заказ", text="Перезвонить после праздников")
            add_purchase(s, cid, dt.date(2026, 1, 10), "500", item="Доставка")
        svc.tag_clients(s, [gone, stays], ["Опт"])
    with vault.session() as s:
        before = [(e.id, e.old, e.new) for e in audit_history.history(s, client_id=stays, limit=1000)]
    assert len(before) >= 4
    erasing.erase(vault, gone, "request")
    with vault.session() as s:
        after = [(e.id, e.old, e.new) for e in audit_history.history(s, client_id=stays, limit=1000)]
        assert after == before
        assert search.search_ids(s, "Тверь") == [stays] and search.search_ids(s, "Общая") == [stays]
        assert audit.verify_audit_chain(s).ok
