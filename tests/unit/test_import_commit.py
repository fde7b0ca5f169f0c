"""Duplicates, cancel, undo, the report and remembered mappings, on a real encrypted vault."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from clientbook.core import audit, audit_history, search
from clientbook.core import models as m
from clientbook.core.clients import ClientInput, create_client, get_client, to_input
from clientbook.core.errors import KnownError
from clientbook.core.importing import (
    ImportCancelledError,
    ImportOptions,
    analyze,
    result_from_batch,
    run_import,
    undo_import,
    write_report,
)
from import_support import counts, write_csv, write_xlsx

CSV = ("ФИО;Телефон;Email;Город;Примечание;Метки\n"
       "Иванов Иван;8 916 123-45-67;ivan@new.ru;Казань;купил диван;vip\n"
       "Сидорова Анна;+7 903 000-11-22;;Тверь;;\n")


def _base(vault) -> int:  # type: ignore[no-untyped-def]
    with vault.transaction() as s:
        client = create_client(s, ClientInput(last_name="Иванов", first_name="Иван", city=None,
                                              phones=["+79161234567"], emails=["ivan@old.ru"], notes="старый"))
        return client.id


def _state(vault):  # type: ignore[no-untyped-def]
    """Everything a user could see: every card as the editor loads it, plus table counts."""
    with vault.session() as s:
        ids = list(s.scalars(select(m.Client.id).order_by(m.Client.id)))
        cards = {i: to_input(get_client(s, i)) for i in ids}
        tags = sorted(s.scalars(select(m.Tag.name)))
    return cards, tags, {k: v for k, v in counts(vault).items() if k != "batches"}


@pytest.mark.parametrize(("mode", "created", "updated", "skipped"), [
    ("create", 2, 0, 0), ("fill", 1, 1, 0), ("overwrite", 1, 1, 0), ("skip", 1, 0, 1)])
def test_duplicate_modes(vault, tmp_path: Path, mode: str, created: int, updated: int,  # type: ignore[no-untyped-def]
                         skipped: int) -> None:
    existing = _base(vault)
    path = write_csv(tmp_path / "dups.csv", CSV)
    result = run_import(vault, path, ImportOptions(on_duplicate=mode))
    assert (result.created, result.updated, result.skipped) == (created, updated, skipped)
    with vault.session() as s:
        card = get_client(s, existing)
        phones = [p.e164 for p in card.phones]
        emails = sorted(e.address for e in card.emails)
        city, notes = card.city, card.notes
    first = result.outcomes[0]
    assert first.row_no == 2 and first.reasons[0].code == "match_phone"  # says what matched and why
    if mode in ("fill", "overwrite"):
        assert city == "Казань" and emails == ["ivan@new.ru", "ivan@old.ru"] and phones == ["+79161234567"]
        assert notes == "старый\nкупил диван"  # notes are added to, never replaced
    else:
        assert city is None and emails == ["ivan@old.ru"]


def test_overwrite_replaces_and_fill_keeps(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with vault.transaction() as s:
        cid = create_client(s, ClientInput(last_name="Иванов", first_name="Иван", city="Москва",
                                           phones=["+79161234567"])).id
    path = write_csv(tmp_path / "dups.csv", CSV)
    run_import(vault, path, ImportOptions(on_duplicate="fill"))
    with vault.session() as s:
        assert get_client(s, cid).city == "Москва"
    run_import(vault, path, ImportOptions(on_duplicate="overwrite"))
    with vault.session() as s:
        assert get_client(s, cid).city == "Казань"


def test_undo_restores_the_exact_previous_state(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _base(vault)
    before = _state(vault)
    result = run_import(vault, write_csv(tmp_path / "dups.csv", CSV), ImportOptions(on_duplicate="overwrite"))
    assert _state(vault) != before
    with vault.session() as s:
        assert search.search_ids(s, "Сидорова")
    assert undo_import(vault, result.batch_id) == {"deleted": 1, "restored": 1}
    assert _state(vault) == before
    with vault.session() as s:
        assert search.search_ids(s, "Сидорова") == [] and search.search_ids(s, "Казань") == []
        assert s.get(m.Batch, result.batch_id).status == "undone"
        assert audit.verify_audit_chain(s).ok
        actions = {e.action for e in audit_history.history(s, batch_id=result.batch_id)}
    assert {"create", "update", "revert", "delete"} <= actions
    with pytest.raises(KnownError) as info:
        undo_import(vault, result.batch_id)
    assert info.value.message.code == "import_already_undone"


def test_cancel_midway_leaves_the_vault_unchanged(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _base(vault)
    before = _state(vault)
    rows = [["Фамилия", "Имя", "Телефон"]] + [[f"Фамилия{i}", "Имя", f"+7916{i:07d}"] for i in range(4500)]
    path = write_xlsx(tmp_path / "big.xlsx", rows)
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)

    with pytest.raises(ImportCancelledError):
        run_import(vault, path, progress=progress, should_cancel=lambda: len(seen) >= 2)
    assert seen[:2] == [2000, 4000]  # two chunks were written inside the transaction, then rolled back
    assert _state(vault) == before
    with vault.session() as s:
        assert s.scalar(select(m.Batch)) is None


def test_every_card_is_audited_and_searchable(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_import(vault, write_csv(tmp_path / "a.csv", CSV))
    with vault.session() as s:
        entries = audit_history.history(s, batch_id=result.batch_id)
        assert sum(1 for e in entries if e.action == "create" and e.entity == "client") == 2
        assert audit.verify_audit_chain(s).ok
        assert len(search.search_ids(s, "916 123")) == 1 and len(search.search_ids(s, "vip")) == 1


def test_progress_says_once_when_every_row_is_read(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The window turns to "saving" (no cancel) on done == total: only the last report says so, also
    when the file has more rows than its estimate."""
    rows = [["Фамилия", "Имя", "Телефон"]] + [[f"Фамилия{i}", "Имя", f"+7916{i:07d}"] for i in range(4500)]
    reports: list[tuple[int, int]] = []
    run_import(vault, write_xlsx(tmp_path / "big.xlsx", rows), progress=lambda d, t: reports.append((d, t)))
    assert reports[-1] == (4500, 4500)
    assert [r for r in reports if r[0] >= r[1]] == [(4500, 4500)]
    assert [d for d, _ in reports[:-1]] == [2000, 4000, 4500]


def test_an_import_logs_each_card_compactly_and_the_batch_in_numbers(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """One short entry per card made (no values, no salt: the values are in the card, the file in the
    batch), one entry for the batch with its counts; the chain verifies, no value of the file is in
    the log, and a later edit is still logged old -> new."""
    result = run_import(vault, write_csv(tmp_path / "a.csv", CSV))
    with vault.session() as s:
        entries = audit_history.history(s, batch_id=result.batch_id)
        made = [e for e in entries if e.action == "create" and e.entity == "client"]
        assert len(made) == 2 and all(e.new is None and e.old is None and e.salt is None for e in made)
        summary = [e for e in entries if e.action == "import"]
        assert len(summary) == 1 and summary[0].entity == "batch" and summary[0].entity_id == result.batch_id
        assert json.loads(summary[0].new)["created"] == 2
        logged = " ".join(f"{e.old} {e.new}" for e in s.scalars(select(m.AuditEntry)))
        assert "Иванов" not in logged and "79161234567" not in logged and "a.csv" not in logged
        assert audit.verify_audit_chain(s).ok
        card_id = made[0].client_id
    with vault.transaction() as s:
        s.get(m.Client, card_id).city = "Пермь"
    with vault.session() as s:
        change = audit_history.history(s, client_id=card_id)[0]
        assert (change.field, change.new) == ("city", "Пермь") and change.old in ("Казань", "Тверь")
        assert audit.verify_audit_chain(s).ok


def test_the_changes_tab_names_the_file_that_made_a_card(vault, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    from clientbook.ui.card.changes_tab import ChangesTab

    result = run_import(vault, write_csv(tmp_path / "клиенты 2024.csv", CSV))
    with vault.session() as s:
        card_id = next(e.client_id for e in audit_history.history(s, batch_id=result.batch_id)
                       if e.action == "create" and e.entity == "client")
    tab = ChangesTab(vault)
    tab.client_id = card_id
    tab.reload()
    lines = [tab.tree.topLevelItem(i).text(2) for i in range(tab.tree.topLevelItemCount())]
    assert lines == ["Card added by the import of “клиенты 2024.csv”"]


def test_report_xlsx_is_private_and_lists_reasons(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "r.csv", "ФИО;Телефон\nАнна Котова;123\n;+79161234567\n=HYPERLINK(1);456\n")
    result = run_import(vault, path)
    assert (result.created, result.rejected) == (2, 1)
    report = write_report(result, tmp_path / "report.xlsx", lang="ru")
    if os.name == "posix":
        assert stat.S_IMODE(report.stat().st_mode) == 0o600
    wb = load_workbook(report, read_only=True)
    rows = list(wb["Строки"].iter_rows(values_only=True))
    assert rows[0] == ("Строка", "Итог", "Клиент", "№ карточки", "Причины")
    by_row = {r[0]: r for r in rows[1:]}
    assert by_row[2][1] == "создан" and "не распознан" in by_row[2][4]
    assert by_row[3][1] == "отклонён" and "имени" in by_row[3][4]
    assert str(by_row[4][2]).startswith("'=")  # a formula-shaped name is neutralized
    summary = dict(wb["Итоги"].iter_rows(values_only=True))
    assert summary["Создано"] == 2 and summary["Отклонено"] == 1
    with vault.session() as s:  # the same report later, from the batch record
        again = result_from_batch(s, result.batch_id)
    assert (again.created, again.rejected, len(again.outcomes)) == (2, 1, len(result.outcomes))


def test_mapping_is_remembered_for_the_same_headers(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "m.csv", "Клиент;Доп;Телефон\nАнна Котова;x1;+79161234567\nБорис Лисин;x2;+79031234567\n")
    with vault.session() as s:
        analysis = analyze(path, session=s)
    analysis.mapping.targets[1] = "custom:Карта лояльности"
    run_import(vault, path, analysis=analysis)
    analysis.close()
    with vault.session() as s:
        again = analyze(path, session=s)
        assert again.mapping_remembered and again.mapping.targets[1] == "custom:Карта лояльности"
        again.close()
        values = sorted(s.scalars(select(m.CustomValue.value_text)))
        assert values == ["x1", "x2"]


def test_json_mapping_by_header_letter_and_number(tmp_path: Path) -> None:
    from clientbook.core.importing import ColumnMapping

    headers = ["Клиент", "Доп", "Телефон"]
    mapping = ColumnMapping.from_json({"Клиент": "full_name", "B": "skip", "3": "phone"}, headers)
    assert mapping.targets == {0: "full_name", 1: "skip", 2: "phone"}
    with pytest.raises(ValueError):
        ColumnMapping.from_json({"Клиент": "favourite_colour"}, headers)
    assert json.dumps(mapping.to_json(headers), ensure_ascii=False)


def test_a_restore_point_precedes_the_import_and_its_undo(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from clientbook.core import backup

    path = write_csv(tmp_path / "rp.csv", CSV)
    run_import(vault, path, dry_run=True)
    assert backup.list_backups(vault) == []  # a dry run changes nothing, so needs no restore point
    result = run_import(vault, path)
    points = backup.list_backups(vault)
    assert [(p.kind, p.reason, p.clients) for p in points] == [("restore_point", "import", 0)]
    undo_import(vault, result.batch_id)
    assert sorted((p.reason, p.clients) for p in backup.list_backups(vault)) == [("import", 0), ("import", 2)]


def test_index_rows_equal_a_reindex(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """New cards' search rows are built from the imported values; they must equal what reindex builds."""
    path = write_csv(tmp_path / "ix.csv", (
        "ФИО;Компания;Телефон;Email;Город;Регион;ИНН;Адрес;Метки\n"
        "ЁЛКИНА Алёна Петровна;ООО «Ёлка»;8 916 123-45-67, +44 20 7946 0958;Alena@Mail.RU;Москва;МО;"
        "7707083893;ул. Ленина, 1;VIP; Опт\n"
        "Сидоров Пётр;;123;bad@;Тверь;;;;опт\n"))
    result = run_import(vault, path)
    assert result.created == 2

    def index_rows() -> dict[int, list[list[str]]]:
        with vault.session() as s:
            rows = s.execute(select(m.Client.id)).scalars().all()
            found = {}
            for cid in rows:
                row = s.connection().exec_driver_sql(
                    "SELECT names, company, contacts, emails, phones, city, tags, other FROM client_fts "
                    "WHERE rowid = ?", (cid,)).one()
                found[cid] = [sorted(str(v).split()) for v in row]
            return found

    built = index_rows()
    assert all(any(col) for col in built.values())
    with vault.transaction() as s:
        search.reindex(s.connection(), built)
    assert index_rows() == built
    with vault.session() as s:
        assert len(search.search_ids(s, "елкина")) == 1 and len(search.search_ids(s, "7946")) == 1


def test_index_fold_shortcut_is_fold() -> None:
    from clientbook.core.importing.index_rows import _fold
    from clientbook.core.textnorm import fold

    for text in ["  Ab\tC\x1c d\x0b ", "User1@Example.COM", "ЁЛКИНА  Алёна", "ﬁ ① Straße", "a\u00a0b", "\x1f", ""]:
        assert _fold(text) == fold(text), text


def test_phone_token_shortcut_is_phone_tokens() -> None:
    from clientbook.core.importing.index_rows import sorted_phone_tokens
    from clientbook.core.search import phone_tokens

    for e164, raw in [("+79161234567", "8 916 123-45-67"), ("+74951234567", "x"), ("+77011234567", "7011234567"),
                      ("+442079460958", "020 7946 0958"), ("+7916123456", "short"), ("+7٩١٦١٢٣٤٥٦٧", "arabic"),
                      (None, "12-34"), (None, "")]:
        assert sorted_phone_tokens(e164, raw) == sorted(phone_tokens(e164, raw)), e164


def test_repeated_cells_get_the_same_values_and_problems(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Cells equal to an earlier one in the column are not normalized again; every row still gets them."""
    lines = ["Фамилия;Имя;Пол;Город;Дата рождения"] + [f"ИВАНОВ{i % 2};ПЁТР;кто-то;Москва;01.02.1985"
                                                       for i in range(6)]
    result = run_import(vault, write_csv(tmp_path / "rep.csv", "\n".join(lines) + "\n"),
                        ImportOptions(on_duplicate="create"))
    assert result.created == 6 and result.problems == 6
    assert all(any(r.code == "import_value_unknown" for r in o.reasons) for o in result.outcomes)
    with vault.session() as s:
        cards = s.scalars(select(m.Client).order_by(m.Client.id)).all()
        assert [c.last_name for c in cards] == ["Иванов0", "Иванов1"] * 3
        assert {(c.first_name, c.city, c.birth_day, c.birth_month, c.birth_year) for c in cards} == {
            ("Пётр", "Москва", 1, 2, 1985)}
        assert all(c.notes == "Пол: кто-то" for c in cards)
