"""#15.4: a custom field marked sensitive is stored sealed and shown only to users who may see it;
ИНН and birthdays the owner marks are hidden from the others everywhere the program shows them."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from clientbook.core import clients as svc
from clientbook.core import customfields, search, sensitive
from clientbook.core.clients import ClientInput, ContactInput
from clientbook.core.errors import KnownError, ValidationError
from clientbook.core.vault import Vault
from privacy_support import decrypted_pages, forms
from sensitive_support import Users

DIAGNOSIS = "Гипертониязмея"  # distinctive: found wherever a copy of it survived
INN = "7707083893"


@pytest.fixture
def users(monkeypatch: pytest.MonkeyPatch) -> Users:
    return Users(monkeypatch)


def _card(vault: Vault, **custom: object) -> int:
    with vault.transaction() as s:
        customfields.define_field(s, "Диагноз", sensitive=True)
        customfields.define_field(s, "Любимый цвет")
        client = svc.create_client(s, ClientInput(last_name="Петров", first_name="Пётр", inn=INN,
                                                  birthday="12.05.1980",
                                                  custom={"диагноз": DIAGNOSIS, "любимый_цвет": "синий", **custom}))
        return client.id


def _read(vault: Vault, client_id: int) -> ClientInput:
    with vault.session() as s:
        return svc.to_input(svc.get_client(s, client_id))


def test_sensitive_value_is_sealed_at_rest_and_read_back_by_the_owner(vault: Vault, users: Users) -> None:
    cid = _card(vault)
    with vault.session() as s:
        row = s.execute(text("SELECT v.value_text, v.value_number, v.value_date, v.sealed FROM custom_values v "
                             "JOIN custom_fields f ON f.id = v.field_id WHERE f.key = 'диагноз'")).one()
    assert row[:3] == (None, None, None) and row.sealed and DIAGNOSIS.encode() not in row.sealed
    card = _read(vault, cid)
    assert card.custom["диагноз"] == DIAGNOSIS and card.custom["любимый_цвет"] == "синий"
    assert card.hidden == []


def test_owner_edits_it_and_an_unchanged_save_is_not_a_change(vault: Vault, users: Users) -> None:
    cid = _card(vault)
    with vault.session() as s:
        before = s.scalar(text("SELECT sealed FROM custom_values WHERE sealed IS NOT NULL"))
        audits = s.scalar(text("SELECT count(*) FROM audit WHERE entity = 'custom_value'"))
    with vault.transaction() as s:
        client = svc.get_client(s, cid)
        svc.update_client(s, cid, svc.to_input(client), client.version)
    with vault.session() as s:
        assert s.scalar(text("SELECT sealed FROM custom_values WHERE sealed IS NOT NULL")) == before
        assert s.scalar(text("SELECT count(*) FROM audit WHERE entity = 'custom_value'")) == audits
    with vault.transaction() as s:
        client = svc.get_client(s, cid)
        data = svc.to_input(client)
        data.custom["диагноз"] = "другое"
        svc.update_client(s, cid, data, client.version)
    assert _read(vault, cid).custom["диагноз"] == "другое"


def test_a_user_without_the_right_sees_it_hidden_and_saving_keeps_it(vault: Vault, users: Users) -> None:
    cid = _card(vault)
    with vault.transaction() as s:
        sensitive.set_marked_builtins(s, ["inn", "birthday"])
    users.be("manager")
    card = _read(vault, cid)
    assert "диагноз" not in card.custom and card.custom["любимый_цвет"] == "синий"
    assert card.inn is None and card.birthday is None
    assert set(card.hidden) == {"inn", "birthday", "custom.диагноз"}
    card.custom["любимый_цвет"] = "зелёный"
    with vault.transaction() as s:
        svc.update_client(s, cid, card, svc.get_client(s, cid).version)
    users.be("owner")
    after = _read(vault, cid)
    assert after.custom == {"диагноз": DIAGNOSIS, "любимый_цвет": "зелёный"}
    assert after.inn == INN and after.birthday is not None and after.birthday.year == 1980


def test_a_user_without_the_right_cannot_write_a_hidden_field(vault: Vault, users: Users) -> None:
    cid = _card(vault)
    with vault.transaction() as s:
        sensitive.set_marked_builtins(s, ["inn"])
    users.be("manager")
    card = _read(vault, cid)
    card.custom["диагноз"] = "подменённый"
    card.inn = "500100732259"
    with pytest.raises(ValidationError) as caught, vault.transaction() as s:
        svc.update_client(s, cid, card, svc.get_client(s, cid).version)
    assert set(caught.value.errors) == {"custom.диагноз", "inn"}
    assert "may not see sensitive data" in caught.value.errors["inn"].text("en")
    users.be("owner")
    assert _read(vault, cid).custom["диагноз"] == DIAGNOSIS and _read(vault, cid).inn == INN


def test_marking_a_field_seals_its_stored_values_and_unmarking_opens_them(vault: Vault, users: Users) -> None:
    with vault.transaction() as s:
        definition = customfields.define_field(s, "Паспорт")
        cid = svc.create_client(s, ClientInput(last_name="Сидоров", custom={"паспорт": "4510 123456"})).id
    with vault.transaction() as s:
        customfields.update_field(s, definition.id, sensitive=True)
    with vault.session() as s:
        assert s.scalar(text("SELECT count(*) FROM custom_values WHERE value_text LIKE '%123456%'")) == 0
    assert _read(vault, cid).custom["паспорт"] == "4510 123456"
    users.be("manager")
    with pytest.raises(KnownError) as caught, vault.transaction() as s:
        customfields.update_field(s, definition.id, sensitive=False)
    assert caught.value.message.code == "sensitive_owner_only"
    users.be("owner")
    with vault.transaction() as s:
        customfields.update_field(s, definition.id, sensitive=False)
    with vault.session() as s:
        assert s.scalar(text("SELECT value_text FROM custom_values WHERE sealed IS NULL")) == "4510 123456"


def test_value_is_absent_from_the_decrypted_pages_and_the_index(vault: Vault, users: Users) -> None:
    _card(vault, любимый_цвет="Лазурноморской")
    with vault.transaction() as s:
        sensitive.set_marked_builtins(s, ["inn"])
        search.rebuild_all(s.connection())
    with vault.session() as s:
        index = b"".join(r[0] or b"" for r in s.execute(text("SELECT block FROM client_fts_data")))
        assert not search.search_ids(s, INN) and not search.search_ids(s, DIAGNOSIS)
    assert not any(form in index for form in forms(DIAGNOSIS) + forms(INN))
    key, path = vault.raw_key, vault.path
    vault.close()
    pages = decrypted_pages(path, key)
    assert any(form in page for page in pages for form in forms("Лазурноморской")), "decryption works"
    assert [n for n, page in enumerate(pages, 1) if any(form in page for form in forms(DIAGNOSIS))] == []


def test_contact_birthday_is_hidden_and_kept(vault: Vault, users: Users, tmp_path: Path) -> None:
    with vault.transaction() as s:
        cid = svc.create_client(s, ClientInput(kind="company", company_name="ООО Ромашка", contacts=[
            ContactInput(last_name="Иванова", birthday="01.02.1990")])).id
        sensitive.set_marked_builtins(s, ["birthday"])
    users.be("manager")
    card = _read(vault, cid)
    assert card.contacts[0].birthday is None
    with vault.transaction() as s:
        svc.update_client(s, cid, card, svc.get_client(s, cid).version)
    users.be("owner")
    assert _read(vault, cid).contacts[0].birthday is not None


# ---- exports ------------------------------------------------------------------------------------
def _export(vault: Vault, path: Path, fmt: str = "csv", **spec: object) -> tuple[bytes, list[str]]:
    from clientbook.core.exporting import ExportSpec, export_clients

    result = export_clients(vault, path, ExportSpec(format=fmt, lang="en", preset="full", **spec))  # type: ignore[arg-type]
    return path.read_bytes(), result.withheld


def test_export_by_a_user_without_the_right_leaves_sensitive_values_out(vault: Vault, users: Users,
                                                                         tmp_path: Path) -> None:
    _card(vault)
    with vault.transaction() as s:
        sensitive.set_marked_builtins(s, ["inn", "birthday"])
    data, withheld = _export(vault, tmp_path / "owner.csv", include_sensitive=True)
    assert DIAGNOSIS.encode() in data and INN.encode() in data and b"12.05.1980" in data and withheld == []

    users.be("manager")
    for fmt, name in (("csv", "m.csv"), ("vcf", "m.vcf")):
        data, withheld = _export(vault, tmp_path / name, fmt, include_sensitive=True)
        assert b"Petrov" in data or "Петров".encode() in data
        assert not any(form in data for form in forms(DIAGNOSIS) + forms(INN) + forms("1980"))
        assert "День рождения / Birthday" in withheld
    _data, withheld = _export(vault, tmp_path / "m2.csv", include_sensitive=True)
    assert withheld == ["ИНН / INN", "День рождения / Birthday", "Диагноз"]


def test_xlsx_export_opens_the_sealed_value_for_the_owner(vault: Vault, users: Users, tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    _card(vault)
    _export(vault, tmp_path / "o.xlsx", "xlsx", include_sensitive=True)
    rows = CalamineWorkbook.from_path(str(tmp_path / "o.xlsx")).get_sheet_by_index(0).to_python()
    assert rows[0][-2:] == ["Диагноз", "Любимый цвет"] and rows[1][-2:] == [DIAGNOSIS, "синий"]
    _export(vault, tmp_path / "n.xlsx", "xlsx")
    rows = CalamineWorkbook.from_path(str(tmp_path / "n.xlsx")).get_sheet_by_index(0).to_python()
    assert rows[0][-1] == "Любимый цвет" and DIAGNOSIS not in rows[1]


# ---- segments and search ------------------------------------------------------------------------
def _ids(vault: Vault, condition: dict[str, object]) -> set[int]:
    from clientbook.core import segments

    definition = {"group": "and", "items": [condition]}
    with vault.session() as s:
        found = set(segments.segment_client_ids(s, definition))
        assert segments.count_segment(s, definition) == len(found)
        return found


def test_segment_on_a_sensitive_field_works_for_the_owner_and_is_refused_to_others(vault: Vault,
                                                                                   users: Users) -> None:
    from clientbook.core import segments

    cid = _card(vault)
    with vault.transaction() as s:
        customfields.define_field(s, "Рост", "number", sensitive=True)
        other = svc.create_client(s, ClientInput(last_name="Орлова", custom={"диагноз": "здорова", "рост": "170"})).id
        client = svc.get_client(s, cid)
        data = svc.to_input(client)
        data.custom["рост"] = "182"
        svc.update_client(s, cid, data, client.version)
        segments.save_segment(s, "Гипертоники", {"group": "and", "items": [
            {"kind": "custom", "field": "диагноз", "op": "contains", "value": "гипертония"}]})
        sensitive.set_marked_builtins(s, ["inn", "birthday"])
    assert _ids(vault, {"kind": "custom", "field": "диагноз", "op": "contains", "value": "гипертония"}) == {cid}
    assert _ids(vault, {"kind": "custom", "field": "диагноз", "op": "not_contains", "value": "гипертония"}) == {other}
    assert _ids(vault, {"kind": "custom", "field": "рост", "op": "gte", "value": 180}) == {cid}
    assert _ids(vault, {"kind": "custom", "field": "диагноз", "op": "not_empty"}) == {cid, other}
    assert _ids(vault, {"kind": "field", "field": "inn", "op": "equals", "value": INN}) == {cid}

    users.be("manager")
    for condition in ({"kind": "custom", "field": "диагноз", "op": "contains", "value": "гипертония"},
                      {"kind": "custom", "field": "рост", "op": "empty"},
                      {"kind": "field", "field": "inn", "op": "equals", "value": INN},
                      {"kind": "field", "field": "birth_year", "op": "lt", "value": 1990},
                      {"kind": "birthday", "op": "within_days", "value": 7}):
        with pytest.raises(KnownError) as caught:
            _ids(vault, condition)
        assert caught.value.message.code == "segment_sensitive_field"
    with vault.session() as s:
        lines = {line.name: line for line in segments.list_segments_with_counts(s)}
    assert "may not see sensitive data" in (lines["Гипертоники"].error or "")


def test_search_does_not_find_a_client_by_a_sensitive_value(vault: Vault, users: Users) -> None:
    from clientbook.core import listing

    cid = _card(vault)
    by_inn = text("SELECT rowid FROM client_fts WHERE client_fts MATCH :m")
    with vault.session() as s:
        assert list(s.scalars(by_inn, {"m": f'other : "{INN}"'})) == [cid]  # indexed until marked
    with vault.transaction() as s:
        sensitive.set_marked_builtins(s, ["inn"])
    users.be("manager")
    with vault.session() as s:
        assert list(s.scalars(by_inn, {"m": f'other : "{INN}"'})) == []
        for text_ in (INN, INN[:6], DIAGNOSIS, DIAGNOSIS[:6], DIAGNOSIS.lower()):
            assert list(listing.list_ids(s, listing.Filter(text=text_)).ids) == []
        assert list(listing.list_ids(s, listing.Filter(text="Петров")).ids) == [cid]


# ---- audit, quality, dedup, merge ---------------------------------------------------------------
def test_audit_shown_to_a_user_without_the_right_hides_the_values(vault: Vault, users: Users) -> None:
    from clientbook.core import audit, audit_history

    with vault.transaction() as s:
        definition = customfields.define_field(s, "Паспорт")
        cid = svc.create_client(s, ClientInput(last_name="Сидоров", inn=INN, custom={"паспорт": "4510 123456"})).id
    with vault.transaction() as s:  # the plain value before the field was marked is in the log
        customfields.update_field(s, definition.id, sensitive=True)
        sensitive.set_marked_builtins(s, ["inn"])
    with vault.session() as s:
        owner_text = " ".join(f"{e.old} {e.new}" for e in audit_history.history(s, client_id=cid))
    assert "123456" in owner_text and INN in owner_text
    users.be("manager")
    with vault.session() as s:
        entries = audit_history.history(s, client_id=cid)
        shown = " ".join(f"{e.old} {e.new}" for e in entries)
    assert "123456" not in shown and INN not in shown and "Сидоров" in shown
    assert any(e.entity == "custom_value" for e in entries)  # that it changed is still told
    with vault.session() as s:  # nothing was written back
        assert audit.verify_audit_chain(s).ok
        assert s.scalar(text("SELECT count(*) FROM audit WHERE new LIKE :p"), {"p": f"%{INN}%"}) >= 1


def test_quality_dedup_and_merge_keep_hidden_values_from_a_user_without_the_right(vault: Vault,
                                                                                   users: Users) -> None:
    from clientbook.core import dedup, merge, quality

    first = _card(vault)
    with vault.transaction() as s:
        second = svc.create_client(s, ClientInput(last_name="Петров", first_name="Пётр", inn=INN,
                                                  custom={"диагноз": "другой диагноз"})).id
        sensitive.set_marked_builtins(s, ["inn", "birthday"])
    with vault.session() as s:
        assert any(INN in t for c in dedup.scan(s) for t in c.reason_texts("en"))
        fields = {c.field for c in quality.report(s).completeness}
        assert {"inn", "birthday"} <= fields
    users.be("manager", "edit", "merge")
    with vault.session() as s:
        found = dedup.scan(s)
        assert found and not any(INN in t for c in found for t in c.reason_texts("en"))
        assert any("same INN" in t for c in found for t in c.reason_texts("en"))  # the match still counts
        assert not {c.field for c in quality.report(s).completeness} & {"inn", "birthday"}
        options = {o.name: o.values for o in merge.merge_options(s, [first, second])}
    assert set(options["inn"].values()) == {sensitive.HIDDEN}
    assert set(options["custom.диагноз"].values()) == {sensitive.HIDDEN}

    result = merge.merge_clients(vault, [first, second], keep=first)
    users.be("owner")
    assert _read(vault, first).custom["диагноз"] == DIAGNOSIS  # moved rows still open
    merge.undo_merge(vault, result.batch_id)
    assert _read(vault, second).custom["диагноз"] == "другой диагноз"


def test_subject_report_opens_sealed_values_for_the_owner_only(vault: Vault, users: Users, tmp_path: Path) -> None:
    from clientbook.core.privacy import report

    cid = _card(vault)
    with vault.transaction() as s:
        sensitive.set_marked_builtins(s, ["inn"])
    report.export_report(vault, cid, tmp_path / "owner.json", "json", lang="en")
    assert DIAGNOSIS in (tmp_path / "owner.json").read_text("utf-8")
    users.be("manager")
    report.export_report(vault, cid, tmp_path / "manager.json", "json", lang="en")
    written = (tmp_path / "manager.json").read_bytes()
    assert "Петров".encode() in written or b"\\u041f" in written
    assert not any(form in written for form in forms(DIAGNOSIS) + forms(INN))
    assert INN.encode() not in written


def test_today_lists_no_birthday_a_user_may_not_see(vault: Vault, users: Users) -> None:
    import datetime as dt

    from clientbook.core import today

    on = dt.date(2025, 5, 10)
    with vault.transaction() as s:
        svc.create_client(s, ClientInput(last_name="Именинников", birthday="12.05.1980"))
    with vault.session() as s:
        assert today.today_group(s, "birthdays", on).count == 1
    with vault.transaction() as s:
        sensitive.set_marked_builtins(s, ["birthday"])
    users.be("manager")
    with vault.session() as s:
        group = today.today_group(s, "birthdays", on)
        assert (group.count, group.items) == (0, [])
    users.be("owner")
    with vault.session() as s:
        assert today.today_group(s, "birthdays", on).count == 1
