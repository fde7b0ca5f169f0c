"""The change history (SPEC §5): an entry per change, hash-chained, tampering found by "Check file"."""

from __future__ import annotations

from sqlalchemy import select, text

from clientbook.core import audit, audit_history
from clientbook.core import clients as svc
from clientbook.core import models as m
from clientbook.core.clients import ClientInput
from clientbook.core.vault import Vault


def _entries(vault: Vault, **filters: object) -> list[m.AuditEntry]:
    with vault.session() as s:
        return list(reversed(audit_history.history(s, **filters)))  # type: ignore[arg-type]


def _make_client(vault: Vault) -> tuple[int, int]:
    with vault.transaction() as s:
        client = svc.create_client(s, ClientInput(last_name="Смирнова", first_name="Елена",
                                                  phones=["+7 916 100-20-30"], emails=["elena@mail.ru"]))
        return client.id, client.version


def test_create_update_tag_delete_are_each_recorded_with_actor(vault: Vault) -> None:
    client_id, version = _make_client(vault)
    created = _entries(vault, client_id=client_id)
    assert {(e.action, e.entity) for e in created} == {("create", "client"), ("create", "phone"),
                                                        ("create", "email")}
    assert {e.actor for e in created} == {"tester"}
    client_entry = next(e for e in created if e.entity == "client")
    assert "Смирнова" in (client_entry.new or "") and client_entry.entity_id == client_id

    with vault.transaction(actor="manager") as s:
        svc.update_client(s, client_id, ClientInput(last_name="Смирнова", first_name="Елена", city="Тула",
                                                    status="active", phones=["+7 916 100-20-30"],
                                                    emails=["elena@mail.ru"]), version)
    updates = [e for e in _entries(vault, client_id=client_id) if e.action == "update"]
    assert {(e.field, e.old, e.new) for e in updates} == {("city", None, "Тула"), ("status", "lead", "active")}
    assert {e.actor for e in updates} == {"manager"}

    with vault.transaction() as s:
        svc.tag_clients(s, [client_id], ["VIP"])
    with vault.transaction() as s:
        svc.untag_clients(s, [client_id], ["vip"])
    tags = [(e.action, e.old, e.new) for e in _entries(vault, client_id=client_id) if e.field == "tags"]
    assert tags == [("tag", None, "VIP"), ("untag", "VIP", None)]

    svc.delete_clients(vault, [client_id])
    deleted = [e for e in _entries(vault, client_id=client_id) if e.action == "delete"]
    assert {e.entity for e in deleted} >= {"client", "phone", "email"}
    with vault.session() as s:
        assert audit.verify_audit_chain(s).ok


def test_batch_id_groups_a_bulk_change(vault: Vault) -> None:
    ids = []
    with vault.transaction() as s:
        for i in range(3):
            ids.append(svc.create_client(s, ClientInput(last_name=f"Клиент{i}")).id)
    with vault.transaction() as s:
        batch = svc.start_batch(s, "bulk_edit", "горячие")
        svc.set_field(s, ids, "temperature", "hot")
        svc.finish_batch(s, batch, {"changed": 3})
        batch_id = batch.id
    entries = _entries(vault, batch_id=batch_id)
    assert sorted((e.client_id, e.field, e.new) for e in entries) == [(i, "temperature", "hot") for i in ids]
    with vault.session() as s:
        stored = s.get(m.Batch, batch_id)
        assert stored is not None and stored.status == "done" and stored.totals == {"changed": 3}


def test_bulk_record_joins_the_chain(vault: Vault) -> None:
    _make_client(vault)
    with vault.transaction() as s:
        audit.record(s, [{"action": "export", "entity": "client", "new": "mailing.xlsx: 1 row"}], actor="tester")
    with vault.session() as s:
        check = audit.verify_audit_chain(s)
        assert check.ok and check.count == 4
    assert _entries(vault, entity="client")[-1].action == "export"


def _tamper(vault: Vault, sql: str) -> None:
    conn = vault.raw_connection()
    try:
        conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


def test_edited_entry_is_detected_at_that_entry(vault: Vault) -> None:
    client_id, version = _make_client(vault)
    with vault.transaction() as s:
        svc.update_client(s, client_id, ClientInput(last_name="Смирнова", first_name="Елена", city="Тула",
                                                    phones=["+7 916 100-20-30"], emails=["elena@mail.ru"]), version)
    with vault.transaction() as s:
        svc.tag_clients(s, [client_id], ["VIP"])
    with vault.session() as s:
        target = s.scalar(select(m.AuditEntry.id).where(m.AuditEntry.field == "city"))
        total = audit.verify_audit_chain(s).count
    assert target is not None and 1 < target < total
    assert vault.check_file().ok
    _tamper(vault, f"UPDATE audit SET new = 'Калуга' WHERE id = {target}")
    with vault.session() as s:
        check = audit.verify_audit_chain(s)
    assert not check.ok and check.first_bad_id == target
    result = vault.check_file()
    assert not result.ok and not result.audit_ok and result.cipher_ok and result.integrity_ok
    assert result.problems == [f"audit: chain broken at entry {target}"]


def test_rehashed_edit_is_still_detected_by_the_next_entry(vault: Vault) -> None:
    """A forger who recomputes the edited entry's own hash still breaks the link to the next one."""
    client_id, version = _make_client(vault)
    with vault.transaction() as s:
        svc.tag_clients(s, [client_id], ["VIP"])
        svc.tag_clients(s, [client_id], ["Опт"])
    with vault.session() as s:
        first = s.scalars(select(m.AuditEntry).order_by(m.AuditEntry.id)).first()
        assert first is not None
        row = {c: getattr(first, c) for c in ("at", "actor", "action", "entity", "entity_id", "client_id",
                                              "field", "old", "new", "batch_id", "salt")}
    row["new"] = "подделка"
    row["content_hash"] = audit.content_hash(row["salt"], row["old"], row["new"])
    forged = audit.entry_hash(audit.GENESIS, row)
    _tamper(vault, f"UPDATE audit SET new = 'подделка', content_hash = '{row['content_hash']}', "
                   f"hash = '{forged}' WHERE id = {first.id}")
    with vault.session() as s:
        check = audit.verify_audit_chain(s)
    assert not check.ok and check.first_bad_id == first.id + 1


def test_deleted_entry_in_the_middle_is_detected(vault: Vault) -> None:
    client_id, _ = _make_client(vault)
    with vault.transaction() as s:
        svc.tag_clients(s, [client_id], ["VIP"])
        svc.tag_clients(s, [client_id], ["Опт"])
    with vault.session() as s:
        ids = list(s.scalars(select(m.AuditEntry.id).order_by(m.AuditEntry.id)))
    middle = ids[len(ids) // 2]
    _tamper(vault, f"DELETE FROM audit WHERE id = {middle}")
    with vault.session() as s:
        check = audit.verify_audit_chain(s)
    assert not check.ok and check.first_bad_id == ids[ids.index(middle) + 1]
    assert not vault.check_file().audit_ok


def test_failed_transaction_leaves_no_audit_entry(vault: Vault) -> None:
    _make_client(vault)
    with vault.session() as s:
        before = audit.verify_audit_chain(s).count
    try:
        with vault.transaction() as s:
            svc.create_client(s, ClientInput(last_name="Временный"))
            raise RuntimeError("crash before commit")
    except RuntimeError:
        pass
    with vault.session() as s:
        check = audit.verify_audit_chain(s)
        assert check.ok and check.count == before
        assert s.execute(text("SELECT count(*) FROM audit WHERE new LIKE '%Временный%'")).scalar() == 0


def test_chain_text_is_the_json_list_the_migration_hashes() -> None:
    """`record` builds the hashed text by hand for speed; it must be exactly the JSON list (0003 and
    any outside checker hash that), for every kind of value an entry holds."""
    import hashlib
    import json

    encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    for actor, field, entity_id, batch in (("тестер \"q\" \\ \n", "city", 5, None), (None, None, None, 7),
                                           ("x" * 100, "notes", 0, 0)):
        entry = {"at": "2026-12-02T15:00:00.123456", "actor": actor, "action": "update", "entity": "client",
                 "entity_id": entity_id, "client_id": entity_id, "field": field, "content_hash": "c" * 64,
                 "batch_id": batch}
        text_ = encoder.encode(["p" * 64, entry["at"], actor, "update", "client", entity_id, entity_id, field,
                                "c" * 64, batch])
        assert audit.entry_hash("p" * 64, entry) == hashlib.sha256(text_.encode("utf-8")).hexdigest()
