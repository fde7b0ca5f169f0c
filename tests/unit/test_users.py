"""Users, roles and keyslots (#15): who opens a vault with which password, what each role may change,
private notes nobody else reads, log-ins audited and throttled, a removed user's password opening
nothing. Every test works on a real encrypted vault in tmp_path."""

from __future__ import annotations

import ast
import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import func, select

from clientbook.core import (
    backup,
    consents,
    customfields,
    dedup,
    demo,
    history,
    keyslots,
    merge,
    opening,
    quality,
    restore,
    rights,
    segments,
    sensitive,
    settings,
    team,
    temperature,
    users,
)
from clientbook.core import clients as svc
from clientbook.core import models as m
from clientbook.core.errors import KnownError, WrongPassword
from clientbook.core.exporting import ExportSpec, export_clients
from clientbook.core.importing import undo as import_undo
from clientbook.core.importing.commit import run_import
from clientbook.core.privacy import deadlines, erase
from clientbook.core.privacy import report as privacy_report
from clientbook.core.vault import Vault

OWNER_PASSWORD = "Тест-пароль 1"  # tests/conftest.py PASSWORD: the `vault` fixture's
MANAGER_PASSWORD = "Менеджер-пароль 2"
READER_PASSWORD = "Читатель-пароль 3"
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "vault-0001.db"
FIXTURE_PASSWORD = "Фикстура-0001 пароль"
SECRET_WORD = "Щеглоградская-тайна"


def _client(vault: Vault, last: str = "Орлов", first: str = "Пётр") -> int:
    with vault.transaction() as s:
        return svc.create_client(s, svc.ClientInput(last_name=last, first_name=first, phones=["+79161234567"])).id


def _reopen(path: Path, password: str, user: str | None = None) -> Vault:
    return opening.open_vault(path, password, user=user)


def _audit_count(vault: Vault) -> int:
    with vault.session() as s:
        return int(s.scalar(select(func.count()).select_from(m.AuditEntry)) or 0)


def _sqlcipher_opens(path: Path, password: str) -> bool:
    """The README's promise: the password opens the file in a plain SQLCipher 4 tool (PRAGMA key)."""
    conn = sqlcipher.connect(str(path))
    try:
        conn.execute("PRAGMA key = ?".replace("?", "'" + password.replace("'", "''") + "'"))
        conn.execute("SELECT count(*) FROM clients").fetchone()
        return True
    except sqlcipher.DatabaseError:
        return False
    finally:
        conn.close()


@pytest.fixture
def office(vault: Vault) -> Path:
    """The owner "tester" (the `vault` fixture), a manager "ivan" and a read-only "olga"; closed."""
    users.add_user(vault, "ivan", MANAGER_PASSWORD, "manager", owner_password=OWNER_PASSWORD)
    users.add_user(vault, "olga", READER_PASSWORD, "read_only")
    path = vault.path
    vault.close()
    return path


# ---- users and keyslots --------------------------------------------------------------------------------
def test_a_single_user_vault_is_its_owner_as_before(vault: Vault) -> None:
    assert vault.user == rights.CurrentUser("tester", "owner", frozenset(rights.PERMISSIONS))
    assert vault.actor == vault.user.name
    assert users.names_before_unlock(vault.path) == []
    assert not keyslots.keys_path(vault.path).exists()
    with vault.session() as s:
        assert s.info["user"] is vault.user


def test_the_first_user_needs_the_owners_password(vault: Vault) -> None:
    with pytest.raises(KnownError) as missing:
        users.add_user(vault, "ivan", MANAGER_PASSWORD, "manager")
    assert missing.value.message.code == "owner_password_needed"
    with pytest.raises(WrongPassword):
        users.add_user(vault, "ivan", MANAGER_PASSWORD, "manager", owner_password="не тот пароль")
    assert users.names_before_unlock(vault.path) == []
    users.add_user(vault, "ivan", MANAGER_PASSWORD, "manager", owner_password=OWNER_PASSWORD)
    assert users.names_before_unlock(vault.path) == ["ivan", "tester"]
    mode = keyslots.keys_path(vault.path).stat().st_mode & 0o777
    assert mode == 0o600
    text = keyslots.keys_path(vault.path).read_text()
    assert MANAGER_PASSWORD not in text and vault.raw_key.hex() not in text
    with vault.session() as s:
        assert [(u.name, u.role) for u in users.list_users(s)] == [("ivan", "manager"), ("tester", "owner")]


def test_each_user_opens_with_their_own_password_and_role(office: Path) -> None:
    with _reopen(office, MANAGER_PASSWORD, "ivan") as vault:
        assert (vault.user.name, vault.user.role) == ("ivan", "manager")
        assert vault.user.permissions == rights.DEFAULT_MANAGER
        client_id = _client(vault)
        with vault.session() as s:
            assert s.get(m.Client, client_id).created_by == "ivan"
            assert s.scalars(select(m.AuditEntry.actor).where(m.AuditEntry.action == "create")).all()[-1] == "ivan"
    with _reopen(office, READER_PASSWORD, "olga") as vault:
        assert vault.user.role == "read_only" and not vault.user.permissions
    with pytest.raises(WrongPassword):
        _reopen(office, READER_PASSWORD, "ivan")  # one user's password does not open another's slot
    with _reopen(office, OWNER_PASSWORD) as vault:  # no name: the owner
        assert vault.user.is_owner and vault.user.name == "tester"


def test_the_owners_password_opens_the_file_in_plain_sqlcipher_after_add_and_remove(office: Path) -> None:
    assert _sqlcipher_opens(office, OWNER_PASSWORD)
    assert not _sqlcipher_opens(office, MANAGER_PASSWORD)
    with _reopen(office, OWNER_PASSWORD) as vault:
        users.remove_user(vault, "ivan", owner_password=OWNER_PASSWORD)
    assert _sqlcipher_opens(office, OWNER_PASSWORD)


def test_a_removed_users_password_opens_nothing_made_after(office: Path, tmp_path: Path) -> None:
    kept_slots = tmp_path / "kept.keys"
    shutil.copyfile(keyslots.keys_path(office), kept_slots)  # what ivan could have copied aside
    old_slot = json.loads(kept_slots.read_text())["users"]["ivan"]
    ivan_secrets = keyslots.open_slot("ivan", old_slot, MANAGER_PASSWORD)
    old_key = keyslots.take(old_slot, "ivan", ivan_secrets).raw_key
    with _reopen(office, OWNER_PASSWORD) as vault:
        assert vault.raw_key == old_key
        users.remove_user(vault, "ivan", owner_password=OWNER_PASSWORD)
        assert vault.raw_key != old_key
        _client(vault, "Новый", "Клиент")
        with vault.session() as s:
            assert [u.name for u in users.list_users(s)] == ["olga", "tester"]
    with pytest.raises(WrongPassword):
        _reopen(office, MANAGER_PASSWORD, "ivan")
    assert users.names_before_unlock(office) == ["olga", "tester"]
    # the raw key from the slot ivan kept does not open the new file either
    with pytest.raises(WrongPassword):
        Vault.open(office, raw_key=old_key)
    shutil.copyfile(kept_slots, keyslots.keys_path(office))  # nor does putting his old slot file back
    with pytest.raises(WrongPassword):
        _reopen(office, MANAGER_PASSWORD, "ivan")
    # those who stay still open it
    shutil.copyfile(kept_slots, tmp_path / "unused")
    keyslots.keys_path(office).unlink()


def test_those_who_stay_open_the_re_keyed_vault(office: Path) -> None:
    with _reopen(office, OWNER_PASSWORD) as vault:
        users.remove_user(vault, "ivan", owner_password=OWNER_PASSWORD)
    with _reopen(office, READER_PASSWORD, "olga") as vault:
        assert vault.user.name == "olga"
    with _reopen(office, OWNER_PASSWORD, "tester") as vault:
        assert vault.user.is_owner
        with vault.session() as s:
            removed = s.scalar(select(m.User).where(m.User.name == "ivan"))
            assert removed is not None and removed.removed_at is not None


def test_removing_a_user_makes_a_restore_point_that_keeps_its_keyslots(office: Path) -> None:
    with _reopen(office, OWNER_PASSWORD) as vault:
        users.remove_user(vault, "ivan", owner_password=OWNER_PASSWORD)
        points = [r for r in backup.list_backups(vault) if r.label == "users"]
        assert points, "a restore point before the re-key"
        folder = backup.load_settings(vault).main_folder(vault.path)
    kept = folder / (points[0].file + keyslots.SUFFIX)
    assert "ivan" in json.loads(kept.read_text())["users"]


def test_roles_change_and_the_owner_stays(office: Path) -> None:
    with _reopen(office, OWNER_PASSWORD) as vault:
        users.set_role(vault, "olga", "manager", {"edit", "export"})
        with pytest.raises(KnownError) as stays:
            users.set_role(vault, "tester", "manager")
        assert stays.value.message.code == "owner_stays"
        with pytest.raises(KnownError) as bad:
            users.set_role(vault, "olga", "manager", {"users"})
        assert bad.value.message.code == "permission_invalid"
    with _reopen(office, READER_PASSWORD, "olga") as vault:
        assert vault.user.permissions == {"edit", "export"}
        with pytest.raises(KnownError) as refused:
            users.add_user(vault, "petr", "Пётр-пароль 4", "read_only")
        assert refused.value.message.code == "not_permitted"


def test_a_user_changes_their_own_password_and_the_owners_change_rekeys(office: Path) -> None:
    with _reopen(office, MANAGER_PASSWORD, "ivan") as vault:
        with pytest.raises(WrongPassword):
            users.set_password(vault, "ivan", "Новый-пароль 5", current="не тот")
        users.set_password(vault, "ivan", "Новый-пароль 5", current=MANAGER_PASSWORD)
    with pytest.raises(WrongPassword):
        _reopen(office, MANAGER_PASSWORD, "ivan")
    _reopen(office, "Новый-пароль 5", "ivan").close()
    with _reopen(office, OWNER_PASSWORD) as vault:
        opening.change_password(vault, "Владелец-пароль 6", current=OWNER_PASSWORD)
    assert _sqlcipher_opens(office, "Владелец-пароль 6") and not _sqlcipher_opens(office, OWNER_PASSWORD)
    _reopen(office, "Новый-пароль 5", "ivan").close()  # the others were handed the new key
    _reopen(office, READER_PASSWORD, "olga").close()
    _reopen(office, "Владелец-пароль 6").close()


# ---- rights ---------------------------------------------------------------------------------------------
def _ids(vault: Vault) -> dict[str, Any]:
    """Something of every kind for the write services to aim at, made by the owner."""
    a = _client(vault, "Орлов", "Пётр")
    b = _client(vault, "Орлов", "Пётр")
    with vault.transaction() as s:
        field = customfields.define_field(s, "Размер")
        segment = segments.save_segment(s, "Москва", [{"kind": "field", "field": "city", "op": "equals", "value": "Москва"}])
        reminder = history.add_reminder(s, "Позвонить", dt.date.today(), client_id=a)
        ids = {"a": a, "b": b, "field": field.id, "segment": segment.id, "reminder": reminder.id}
    ids["backup"] = backup.make_backup(vault, "manual").path
    return ids


def _call(session_call: Callable[[Any], Any]) -> Callable[[Vault, dict[str, Any], Path], Any]:
    def run(vault: Vault, _ids: dict[str, Any], _tmp: Path) -> Any:
        with vault.transaction() as s:
            return session_call(s)
    return run


# Every core write service (the name, then how a user would call it). `test_every_write_service_is_walked`
# finds the ones this list misses.
WRITE_SERVICES: list[tuple[str, Callable[[Vault, dict[str, Any], Path], Any]]] = [
    ("clients.create_client", lambda v, i, t: _call(lambda s: svc.create_client(
        s, svc.ClientInput(last_name="Новиков")))(v, i, t)),
    ("clients.update_client", lambda v, i, t: _call(lambda s: svc.update_client(
        s, i["a"], svc.ClientInput(last_name="Другой"), 1))(v, i, t)),
    ("clients.set_archived", lambda v, i, t: _call(lambda s: svc.set_archived(s, [i["a"]]))(v, i, t)),
    ("clients.delete_clients", lambda v, i, t: svc.delete_clients(v, [i["a"]])),
    ("clients.tag_clients", lambda v, i, t: _call(lambda s: svc.tag_clients(s, [i["a"]], ["VIP"]))(v, i, t)),
    ("clients.untag_clients", lambda v, i, t: _call(lambda s: svc.untag_clients(s, [i["a"]], ["VIP"]))(v, i, t)),
    ("clients.set_field", lambda v, i, t: _call(lambda s: svc.set_field(s, [i["a"]], "temperature", "hot"))(v, i, t)),
    ("consents.record_consent", lambda v, i, t: _call(lambda s: consents.record_consent(s, i["a"], "email", True))(v, i, t)),
    ("customfields.define_field", lambda v, i, t: _call(lambda s: customfields.define_field(s, "Цвет"))(v, i, t)),
    ("customfields.update_field", lambda v, i, t: _call(lambda s: customfields.update_field(
        s, i["field"], label="Рост"))(v, i, t)),
    ("customfields.move_field", lambda v, i, t: _call(lambda s: customfields.move_field(s, i["field"], 1))(v, i, t)),
    ("dedup.mark_not_duplicates", lambda v, i, t: _call(lambda s: dedup.mark_not_duplicates(s, [i["a"], i["b"]]))(v, i, t)),
    ("dedup.unmark_not_duplicates", lambda v, i, t: _call(lambda s: dedup.unmark_not_duplicates(s, i["a"], i["b"]))(v, i, t)),
    ("history.add_interaction", lambda v, i, t: _call(lambda s: history.add_interaction(s, i["a"], text="x"))(v, i, t)),
    ("history.add_purchase", lambda v, i, t: _call(lambda s: history.add_purchase(s, i["a"], dt.date.today(), 100))(v, i, t)),
    ("history.add_reminder", lambda v, i, t: _call(lambda s: history.add_reminder(s, "Встреча", dt.date.today()))(v, i, t)),
    ("history.complete_reminder", lambda v, i, t: _call(lambda s: history.complete_reminder(s, i["reminder"]))(v, i, t)),
    ("history.snooze_reminder", lambda v, i, t: _call(lambda s: history.snooze_reminder(s, i["reminder"]))(v, i, t)),
    ("history.clear_next_contact", lambda v, i, t: _call(lambda s: history.clear_next_contact(s, i["a"]))(v, i, t)),
    ("history.snooze_next_contact", lambda v, i, t: _call(lambda s: history.snooze_next_contact(s, i["a"]))(v, i, t)),
    ("segments.save_segment", lambda v, i, t: _call(lambda s: segments.save_segment(
        s, "Тверь", [{"kind": "field", "field": "city", "op": "equals", "value": "Тверь"}]))(v, i, t)),
    ("segments.update_segment", lambda v, i, t: _call(lambda s: segments.update_segment(
        s, i["segment"], [{"kind": "field", "field": "city", "op": "equals", "value": "Тула"}]))(v, i, t)),
    ("segments.rename_segment", lambda v, i, t: _call(lambda s: segments.rename_segment(s, i["segment"], "Тула"))(v, i, t)),
    ("segments.duplicate_segment", lambda v, i, t: _call(lambda s: segments.duplicate_segment(s, i["segment"]))(v, i, t)),
    ("segments.delete_segment", lambda v, i, t: _call(lambda s: segments.delete_segment(s, i["segment"]))(v, i, t)),
    ("settings.put", lambda v, i, t: _call(lambda s: settings.put(s, "auto_lock_minutes", 5))(v, i, t)),
    ("temperature.set_rules", lambda v, i, t: _call(lambda s: temperature.set_rules(s, 10, 20))(v, i, t)),
    ("temperature.apply_suggestions", lambda v, i, t: temperature.apply_suggestions(v)),
    ("quality.normalize_contacts", lambda v, i, t: quality.normalize_contacts(v)),
    ("quality.undo_normalize", lambda v, i, t: quality.undo_normalize(v, 1)),
    ("deadlines.add_erase_task", lambda v, i, t: _call(lambda s: deadlines.add_erase_task(
        s, i["a"], dt.datetime.now(dt.UTC)))(v, i, t)),
    ("erase.erase", lambda v, i, t: erase.erase(v, i["a"])),
    ("privacy_report.export_report", lambda v, i, t: privacy_report.export_report(
        v, i["a"], t / "report.json", "json", lang="en")),
    ("commit.run_import", lambda v, i, t: run_import(v, _csv(t))),
    ("import_undo.undo_import", lambda v, i, t: import_undo.undo_import(v, 1)),
    ("merge.merge_clients", lambda v, i, t: merge.merge_clients(v, [i["a"], i["b"]])),
    ("merge.undo_merge", lambda v, i, t: merge.undo_merge(v, 1)),
    ("restore.restore_vault", lambda v, i, t: restore.restore_vault(v, i["backup"])),
    ("restore.copy_client_back", lambda v, i, t: restore.copy_client_back(v, i["backup"], i["a"])),
    ("backup.save_settings", lambda v, i, t: backup.save_settings(v, backup.BackupSettings(keep_last=3))),
    ("export_clients", lambda v, i, t: export_clients(v, t / "out.csv", ExportSpec(format="csv", lang="en"))),
    ("demo.fill_vault", lambda v, i, t: demo.fill_vault(v, 1)),
    ("team.set_responsible", lambda v, i, t: _call(lambda s: team.set_responsible(s, [i["a"]], "ivan"))(v, i, t)),
    ("team.assign_reminder", lambda v, i, t: _call(lambda s: team.assign_reminder(s, i["reminder"], "ivan"))(v, i, t)),
    ("sensitive.set_field_sensitive", lambda v, i, t: _call(lambda s: sensitive.set_field_sensitive(
        s, s.get(m.CustomField, i["field"]), True))(v, i, t)),
    ("users.add_user", lambda v, i, t: users.add_user(v, "petr", "Пётр-пароль 4", "read_only")),
    ("users.remove_user", lambda v, i, t: users.remove_user(v, "ivan", owner_password=OWNER_PASSWORD)),
    ("users.set_role", lambda v, i, t: users.set_role(v, "ivan", "read_only")),
    ("users.set_password", lambda v, i, t: users.set_password(v, "ivan", "Чужой-пароль 7")),
]


def _csv(tmp: Path) -> Path:
    path = tmp / "clients.csv"
    path.write_text("Фамилия;Имя;Телефон\nСидоров;Иван;+79160000000\n", encoding="utf-8")
    return path


@pytest.fixture
def reader_vault(office: Path):  # type: ignore[no-untyped-def]
    with _reopen(office, OWNER_PASSWORD) as owner_vault:
        ids = _ids(owner_vault)
    vault = _reopen(office, READER_PASSWORD, "olga")
    yield vault, ids
    vault.close()


def _data_state(vault: Vault) -> dict[str, int]:
    conn = vault.raw_connection()
    try:
        counts = backup.table_counts(conn)
        counts["max_client_version"] = conn.execute("SELECT coalesce(max(version), 0) FROM clients").fetchone()[0]
        return counts
    finally:
        conn.close()


@pytest.mark.parametrize("name,call", WRITE_SERVICES, ids=[n for n, _ in WRITE_SERVICES])
def test_read_only_changes_nothing_through_any_write_service(reader_vault: tuple[Vault, dict[str, Any]],
                                                            tmp_path: Path, name: str, call: Any) -> None:
    vault, ids = reader_vault
    before = _data_state(vault)
    slots_before = keyslots.keys_path(vault.path).read_text()
    with pytest.raises(KnownError) as refused:
        call(vault, ids, tmp_path)
    assert refused.value.message.code == "not_permitted", name
    assert "olga" in refused.value.text("en") and "read-only" in refused.value.text("en")
    assert "только чтение" in refused.value.text("ru")
    assert _data_state(vault) == before
    assert keyslots.keys_path(vault.path).read_text() == slots_before
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "report.json").exists()


def test_a_flush_by_a_read_only_user_is_refused_even_without_a_service(reader_vault: tuple[Vault, dict[str, Any]]) -> None:
    vault, ids = reader_vault
    with pytest.raises(KnownError) as refused, vault.transaction() as s:
        s.get(m.Client, ids["a"]).city = "Тверь"
    assert refused.value.message.code == "not_permitted"


# Helpers that write only as part of a service that asked already, or write no vault data.
NOT_SERVICES = {
    "backup.write_atomic", "backup.copy_to_second", "clients.start_batch", "clients.finish_batch",
    "dedup.load_profiles", "dedup.candidate_pairs", "dedup.likely_duplicates", "importing/mapping.suggest",
    "exporting/csvfile.write_csv", "exporting/vcard.write_vcards", "importing/report.write_report",
    "search.phone_tokens", "segment_compile.birthday_keys", "segments.changes_since", "selftest.run_core",
    "restore.reopen_and_record", "vault.create", "vault.transaction", "users.repair_grants",
    "late_checkpoint.defer",  # a set's add: it marks the connection of an import, which asks `require`
    "importing/key_lookups.fetch",  # sets' adds: it only reads the base, for an import that asks `require`
}


def test_every_write_service_is_walked() -> None:
    """A public core function that adds, deletes, flushes or opens a transaction must ask `require` and be
    in WRITE_SERVICES above (or be a helper named in NOT_SERVICES)."""
    root = Path(svc.__file__).resolve().parent
    walked = {name.split(".")[-1] for name, _ in WRITE_SERVICES}
    missing, unasked = [], []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = path.relative_to(root).with_suffix("").as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
        functions += [f for c in tree.body if isinstance(c, ast.ClassDef) for f in c.body if isinstance(f, ast.FunctionDef)]
        for fn in functions:
            if fn.name.startswith("_") or f"{module}.{fn.name}" in NOT_SERVICES:
                continue
            calls = [c.func for c in ast.walk(fn) if isinstance(c, ast.Call)]
            attrs = {c.attr for c in calls if isinstance(c, ast.Attribute)}
            if not attrs & {"add", "add_all", "delete", "flush", "commit", "transaction"}:
                continue
            asks = any(getattr(c, "attr", getattr(c, "id", None)) == "require" for c in calls)
            if not asks:
                unasked.append(f"{module}.{fn.name}")
            if fn.name not in walked:
                missing.append(f"{module}.{fn.name}")
    assert not unasked, f"write services that never call rights.require: {unasked}"
    assert not missing, f"write services missing from WRITE_SERVICES: {missing}"


def test_export_is_refused_without_the_permission(office: Path, tmp_path: Path) -> None:
    with _reopen(office, OWNER_PASSWORD) as vault:
        _client(vault)
        users.set_role(vault, "ivan", "manager", {"edit"})
    target = tmp_path / "clients.csv"
    with _reopen(office, MANAGER_PASSWORD, "ivan") as vault:
        with pytest.raises(KnownError) as refused:
            export_clients(vault, target, ExportSpec(format="csv", lang="en"))
        assert refused.value.message.code == "not_permitted"
        assert "export data" in refused.value.text("en")
        _client(vault, "Можно", "Править")  # "edit" he still has
    assert not target.exists()
    with _reopen(office, OWNER_PASSWORD) as vault:
        users.set_role(vault, "ivan", "manager", {"edit", "export"})
    with _reopen(office, MANAGER_PASSWORD, "ivan") as vault:
        export_clients(vault, target, ExportSpec(format="csv", lang="en"))
    assert target.exists()


# ---- private notes ---------------------------------------------------------------------------------------
def _forms(word: str) -> list[bytes]:
    from privacy_support import forms

    return forms(word)


def test_a_private_note_is_readable_by_its_author_only(office: Path, tmp_path: Path) -> None:
    from privacy_support import decrypted_pages

    with _reopen(office, OWNER_PASSWORD) as vault:
        client_id = _client(vault)
    with _reopen(office, MANAGER_PASSWORD, "ivan") as vault:
        with vault.transaction() as s:
            note = history.add_interaction(s, client_id, "note", text=f"Клиент просил: {SECRET_WORD}",
                                           private=True)
            note_id = note.id
        with vault.session() as s:
            item = s.get(m.Interaction, note_id)
            assert item.text is None and item.outcome is None and item.sealed is not None
            seen = history.private_note(s, item)
            assert seen is not None and SECRET_WORD in (seen.text or "")
    with _reopen(office, OWNER_PASSWORD) as vault:
        with vault.session() as s:
            listed = history.timeline(s, client_id, viewer="tester")
            assert [(i.id, i.author, i.private) for i in listed] == [(note_id, "ivan", True)]
            assert history.private_note(s, listed[0]) is None  # the owner sees that it exists, not its text
            hits = s.execute(select(func.count()).select_from(m.Client).where(
                m.Client.id.in_(select(m.Client.id)))).scalar()
            assert hits == 1
            fts = vault.raw_connection()
            try:
                indexed = " ".join(str(v) for row in fts.execute("SELECT * FROM client_fts") for v in row)
            finally:
                fts.close()
            assert SECRET_WORD.lower() not in indexed.lower()
            audit_text = " ".join(str(v) for row in s.execute(select(m.AuditEntry.old, m.AuditEntry.new)) for v in row)
            assert SECRET_WORD not in audit_text
        export_clients(vault, tmp_path / "all.csv", ExportSpec(format="csv", lang="en"))
        export_clients(vault, tmp_path / "all.xlsx", ExportSpec(format="xlsx", lang="en"))
        privacy_report.export_report(vault, client_id, tmp_path / "subject.json", "json", lang="en")
        raw_key = vault.raw_key
    for exported in ("all.csv", "all.xlsx", "subject.json"):
        data = (tmp_path / exported).read_bytes()
        assert not any(form in data for form in _forms(SECRET_WORD)), exported
    pages = b"".join(decrypted_pages(office, raw_key))
    assert not any(form in pages for form in _forms(SECRET_WORD))  # only as ciphertext in `sealed`


def test_a_private_note_in_a_single_user_vault_is_sealed_too(vault: Vault) -> None:
    from privacy_support import decrypted_pages

    client_id = _client(vault)
    with vault.transaction() as s:
        note_id = history.add_interaction(s, client_id, text=SECRET_WORD, private=True).id
    with vault.session() as s:
        note = history.private_note(s, s.get(m.Interaction, note_id))
        assert note is not None and note.text == SECRET_WORD
    vault.engine.dispose()
    with vault.raw_connection() as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = b"".join(decrypted_pages(vault.path, vault.raw_key))
    assert not any(form in pages for form in _forms(SECRET_WORD))


def test_the_owners_private_notes_stay_theirs_when_users_are_added(vault: Vault) -> None:
    client_id = _client(vault)
    with vault.transaction() as s:
        note_id = history.add_interaction(s, client_id, text=SECRET_WORD, private=True).id
    users.add_user(vault, "ivan", MANAGER_PASSWORD, "manager", owner_password=OWNER_PASSWORD)
    path = vault.path
    vault.close()
    with _reopen(path, OWNER_PASSWORD) as owner_vault, owner_vault.session() as s:
        note = history.private_note(s, s.get(m.Interaction, note_id))
        assert note is not None and note.text == SECRET_WORD
    with _reopen(path, MANAGER_PASSWORD, "ivan") as manager, manager.session() as s:
        assert history.private_note(s, s.get(m.Interaction, note_id)) is None
        conn = manager.raw_connection()
        try:  # the single-user vault's key is no longer in the file the manager can read
            assert conn.execute("SELECT count(*) FROM settings WHERE key = ?", (users.SINGLE_USER_KEYS,)).fetchone()[0] == 0
        finally:
            conn.close()


# ---- log-ins ----------------------------------------------------------------------------------------
def test_failed_log_ins_are_audited_at_the_next_unlock(office: Path) -> None:
    for _ in range(2):
        with pytest.raises(WrongPassword):
            _reopen(office, "не тот пароль", "olga")
    with _reopen(office, READER_PASSWORD, "olga") as vault, vault.session() as s:
        rows = s.execute(select(m.AuditEntry.action, m.AuditEntry.new, m.AuditEntry.actor)
                         .where(m.AuditEntry.entity == "user").order_by(m.AuditEntry.id)).all()
    actions = [(a, n) for a, n, _ in rows]
    assert actions[-3:] == [("login_failed", "olga"), ("login_failed", "olga"), ("login", "olga")]
    assert ("lock", "olga") not in actions[-3:]
    with _reopen(office, OWNER_PASSWORD) as vault, vault.session() as s:
        latest = s.execute(select(m.AuditEntry.action, m.AuditEntry.actor).order_by(m.AuditEntry.id.desc()).limit(2)).all()
    assert latest == [("login", "tester"), ("lock", "olga")]


def test_failed_unlocks_of_a_single_user_vault_are_audited(vault: Vault) -> None:
    path = vault.path
    vault.close()
    with pytest.raises(WrongPassword):
        opening.open_vault(path, "не тот пароль")
    with opening.open_vault(path, OWNER_PASSWORD) as again, again.session() as s:
        assert s.scalars(select(m.AuditEntry.action).where(m.AuditEntry.entity == "user")).all() == ["login_failed"]
    assert not keyslots.keys_path(path).exists()  # nothing left to remember


def test_five_wrong_passwords_in_a_row_slow_further_attempts(office: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    start = dt.datetime.now(dt.UTC)
    clock = {"now": start}
    monkeypatch.setattr(keyslots, "now", lambda: clock["now"])
    for _ in range(keyslots.THROTTLE_AFTER):
        with pytest.raises(WrongPassword):
            _reopen(office, "не тот пароль", "olga")
    with pytest.raises(KnownError) as throttled:
        _reopen(office, READER_PASSWORD, "olga")  # even the right one waits
    assert throttled.value.message.code == "login_throttled"
    assert throttled.value.message.params["seconds"] == keyslots.THROTTLE_BASE_S
    _reopen(office, MANAGER_PASSWORD, "ivan").close()  # another user is not slowed
    clock["now"] = start + dt.timedelta(seconds=keyslots.THROTTLE_BASE_S + 1)
    with pytest.raises(WrongPassword):
        _reopen(office, "снова не тот", "olga")
    with pytest.raises(KnownError) as longer:
        _reopen(office, READER_PASSWORD, "olga")
    assert longer.value.message.params["seconds"] == 2 * keyslots.THROTTLE_BASE_S  # it grows
    clock["now"] += dt.timedelta(seconds=2 * keyslots.THROTTLE_BASE_S + 1)
    _reopen(office, READER_PASSWORD, "olga").close()  # success resets the count
    with pytest.raises(WrongPassword):
        _reopen(office, "не тот пароль", "olga")
    _reopen(office, READER_PASSWORD, "olga").close()


def test_user_changes_are_audited_with_the_real_user(office: Path) -> None:
    with _reopen(office, OWNER_PASSWORD) as vault:
        users.set_role(vault, "olga", "manager")
        users.set_password(vault, "olga", "Сброшенный-пароль 8")
        users.remove_user(vault, "ivan", owner_password=OWNER_PASSWORD)
        with vault.session() as s:
            rows = s.execute(select(m.AuditEntry.actor, m.AuditEntry.action, m.AuditEntry.field, m.AuditEntry.new)
                             .where(m.AuditEntry.entity == "user")).all()
    assert ("tester", "create", None, json.dumps({"name": "ivan", "role": "manager"}, ensure_ascii=False)) in [
        (a, act, f, n) for a, act, f, n in rows] or any(act == "create" and "ivan" in (n or "") for _, act, _, n in rows)
    assert any(a == "tester" and act == "update" and f == "role" and n == "manager" for a, act, f, n in rows)
    assert any(a == "tester" and act == "password" and f == "olga" for a, act, f, n in rows)
    assert any(a == "tester" and act == "update" and f == "removed_at" for a, act, f, n in rows)
    assert not any("пароль" in (n or "") for *_, n in rows)


# ---- upgrade of an old vault ------------------------------------------------------------------------------
def test_the_wave_1_fixture_vault_upgrades_and_the_owners_password_keeps_working(tmp_path: Path) -> None:
    path = tmp_path / "vault-0001.db"
    shutil.copyfile(FIXTURE, path)
    with opening.open_vault(path, FIXTURE_PASSWORD) as vault:
        assert vault.user.is_owner
        users.add_user(vault, "ivan", MANAGER_PASSWORD, "manager", owner_password=FIXTURE_PASSWORD)
    with opening.open_vault(path, FIXTURE_PASSWORD) as vault, vault.session() as s:
        assert vault.user.is_owner
        assert s.scalar(select(func.count()).select_from(m.Client)) == 3
    with opening.open_vault(path, MANAGER_PASSWORD, user="ivan") as vault:
        assert vault.user.role == "manager"
    assert _sqlcipher_opens(path, FIXTURE_PASSWORD)


# ---- backups keep the keyslots they were made with --------------------------------------------------------
def test_a_backup_restores_with_the_keyslots_it_was_made_with(office: Path) -> None:
    with _reopen(office, OWNER_PASSWORD) as vault:
        made = backup.make_backup(vault, "manual").path
        assert json.loads(Path(str(made) + keyslots.SUFFIX).read_text())["users"].keys() == {"tester", "ivan", "olga"}
        users.remove_user(vault, "ivan", owner_password=OWNER_PASSWORD)
        result = restore.restore_vault(vault, made, password=OWNER_PASSWORD)
    assert users.names_before_unlock(office) == ["ivan", "olga", "tester"]
    restore.reopen_and_record(office, result.raw_key, made.name).close()
    _reopen(office, MANAGER_PASSWORD, "ivan").close()  # the vault as it was then, with its users then


def test_a_card_copied_back_from_a_backup_keeps_its_private_note_readable(vault: Vault) -> None:
    client_id = _client(vault)
    with vault.transaction() as s:
        history.add_interaction(s, client_id, text=SECRET_WORD, private=True)
    made = backup.make_backup(vault, "manual").path
    svc.delete_clients(vault, [client_id])
    with vault.transaction() as s:
        _client_id = svc.create_client(s, svc.ClientInput(last_name="Занял", first_name="Номер")).id
    new_id = restore.copy_client_back(vault, made, client_id)
    with vault.session() as s:
        notes = [history.private_note(s, i) for i in history.timeline(s, new_id)]
    assert [n.text for n in notes if n is not None] == [SECRET_WORD]


def test_a_log_in_alone_makes_no_closing_backup(office: Path) -> None:
    with _reopen(office, OWNER_PASSWORD) as vault:
        backup.make_backup(vault, "manual")
    with _reopen(office, MANAGER_PASSWORD, "ivan") as vault:
        assert not backup.changed_since_last_backup(vault)  # the log-in is audited, no data changed
        assert backup.backup_on_close(vault) is None
        _client(vault)
        assert backup.changed_since_last_backup(vault)


def test_private_notes_of_an_older_version_are_sealed_on_upgrade(vault: Vault) -> None:
    from privacy_support import decrypted_pages

    client_id = _client(vault)
    with vault.transaction() as s:  # as an older version stored it: plain text, only flagged private
        s.add(m.Interaction(client_id=client_id, kind="note", text=SECRET_WORD, private=True, author="tester",
                            occurred_at=m.utcnow()))
    with vault.session() as s:
        assert SECRET_WORD in " ".join(str(n) for n in s.scalars(select(m.AuditEntry.new)))
    path = vault.path
    vault.close()
    with opening.open_vault(path, OWNER_PASSWORD) as again:
        with again.session() as s:
            item = s.scalars(select(m.Interaction).where(m.Interaction.private.is_(True))).one()
            assert item.text is None and item.sealed is not None
            note = history.private_note(s, item)
            assert note is not None and note.text == SECRET_WORD
            assert SECRET_WORD not in " ".join(str(n) for n in s.scalars(select(m.AuditEntry.new)))
        assert again.check_file().ok
        raw_key = again.raw_key
    pages = b"".join(decrypted_pages(path, raw_key))
    assert not any(form in pages for form in _forms(SECRET_WORD))


def test_the_look_for_plain_private_notes_at_each_unlock_reads_an_index_not_every_interaction(vault: Vault) -> None:
    """It runs at every unlock: a scan of all interactions was 0.57 s of the unlock at 100,000 clients."""
    conn = vault.raw_connection()
    try:
        plan = " ".join(str(row[-1]) for row in conn.execute("EXPLAIN QUERY PLAN " + users.LEGACY_PRIVATE_NOTES))
    finally:
        conn.close()
    assert "USING INDEX ix_interactions_private_plain" in plan  # the partial index holds only those rows


def test_a_removal_stopped_before_the_re_key_leaves_everybody_able_to_finish_it(
        office: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(self: Vault, password: str, *, salt: bytes | None = None) -> str:
        raise OSError("power cut")

    with _reopen(office, OWNER_PASSWORD) as vault, monkeypatch.context() as patch:
        patch.setattr(Vault, "rekey_with_new_salt", crash)
        with pytest.raises(OSError):
            users.remove_user(vault, "ivan", owner_password=OWNER_PASSWORD)
    with _reopen(office, READER_PASSWORD, "olga") as vault:  # the file still has its old key
        assert vault.user.name == "olga"
    with _reopen(office, OWNER_PASSWORD) as vault:
        users.remove_user(vault, "ivan", owner_password=OWNER_PASSWORD)  # done again, to the end
    with pytest.raises(WrongPassword):
        _reopen(office, MANAGER_PASSWORD, "ivan")
    _reopen(office, READER_PASSWORD, "olga").close()
    assert _sqlcipher_opens(office, OWNER_PASSWORD)
