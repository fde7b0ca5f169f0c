"""A big import builds its scattered secondary indexes after its rows: the schema and the results stay the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event, select

from clientbook.core import audit, search
from clientbook.core import models as m
from clientbook.core.clients import ClientInput, create_client, get_client
from clientbook.core.importing import (
    ImportCancelledError,
    ImportOptions,
    bulk_indexes,
    run_import,
    undo_import,
)
from import_support import write_csv, write_xlsx

CSV = ("ФИО;Телефон;Email;Город;Примечание;Метки\n"
       "Иванов Иван;8 916 123-45-67;ivan@new.ru;Казань;купил диван;vip\n"
       "Сидорова Анна;+7 903 000-11-22;;Тверь;;\n")


def _indexes(vault) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with vault.session() as s:
        return [tuple(r) for r in s.connection().exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")]


@pytest.fixture
def always_deferred(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk_indexes, "DEFER_FROM", 0)


def test_deferred_indexes_come_back_and_the_import_is_the_same(vault, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                always_deferred: None) -> None:
    with vault.transaction() as s:
        cid = create_client(s, ClientInput(last_name="Иванов", first_name="Иван", phones=["+79161234567"])).id
    before = _indexes(vault)
    with vault.session() as s:
        assert bulk_indexes.deferrable(s.connection(), 10)  # the base is smaller than the file: deferred
    result = run_import(vault, write_csv(tmp_path / "a.csv", CSV), ImportOptions(on_duplicate="fill"))
    assert (result.created, result.updated) == (1, 1)
    assert _indexes(vault) == before
    with vault.session() as s:
        assert get_client(s, cid).city == "Казань"
        assert s.connection().exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        assert audit.verify_audit_chain(s).ok
        assert len(search.search_ids(s, "Сидорова")) == 1
    undo_import(vault, result.batch_id)
    assert _indexes(vault) == before


def test_client_id_indexes_stay_and_a_big_base_keeps_all(vault, always_deferred: None) -> None:  # type: ignore[no-untyped-def]
    with vault.session() as s:
        names = {n for n, _ in bulk_indexes.deferrable(s.connection(), 10)}
    assert "ix_clients_sort_key" in names and "ix_phones_e164" in names
    assert "ix_phones_client_id" not in names and "ix_emails_client_id" not in names
    with vault.transaction() as t:
        create_client(t, ClientInput(last_name="Иванов", first_name="Иван"))
    with vault.session() as s:
        names = {n for n, _ in bulk_indexes.deferrable(s.connection(), 0)}
        assert "ix_clients_sort_key" not in names  # the table holds more rows than the file brings


def test_only_indexes_that_take_rows_all_over_are_deferred(vault, always_deferred: None) -> None:  # type: ignore[no-untyped-def]
    """Names, sort keys, INN, numbers, addresses, file dates and custom values land all over their
    b-trees; the import's own batch and moment, flags, tags and the card written land at the end."""
    with vault.session() as s:
        names = {n for n, _ in bulk_indexes.deferrable(s.connection(), 10)}
    assert {"ix_clients_display_name", "ix_clients_sort_key", "ix_clients_names", "ix_clients_inn",
            "ix_phones_e164", "ix_emails_address", "ix_custom_values_field_text", "ix_purchases_date_amount",
            "ix_interactions_occurred_at"} <= names
    assert not names & {"ix_clients_created_at", "ix_clients_import_batch_id", "ix_clients_status_archived",
                        "ix_clients_archived_created", "ix_audit_at", "ix_audit_batch_id", "ix_consents_latest",
                        "ix_client_tags_tag", "ix_emails_valid_client", "ix_interactions_private_plain"}


def test_a_dry_run_drops_every_index_it_may_and_the_import_only_the_scattered(  # type: ignore[no-untyped-def]
        vault, tmp_path: Path, always_deferred: None) -> None:
    """A dry run is rolled back: keeping even the clustered indexes live would be work for nothing."""
    dropped: list[str] = []
    event.listen(vault.engine, "before_cursor_execute",
                 lambda _c, _cur, sql, *_a: dropped.append(sql.split('"')[1]) if sql.startswith("DROP INDEX") else None)
    path = write_csv(tmp_path / "a.csv", CSV)
    run_import(vault, path, dry_run=True)
    assert {"ix_audit_at", "ix_clients_created_at", "ix_clients_sort_key"} <= set(dropped)
    dropped.clear()
    run_import(vault, path)
    assert "ix_clients_sort_key" in dropped and "ix_audit_at" not in dropped and "ix_clients_created_at" not in dropped


def test_cancel_and_dry_run_keep_the_indexes(vault, tmp_path: Path, always_deferred: None) -> None:  # type: ignore[no-untyped-def]
    before = _indexes(vault)
    rows = [["Фамилия", "Имя", "Телефон"]] + [[f"Фамилия{i}", "Имя", f"+7916{i:07d}"] for i in range(2500)]
    path = write_xlsx(tmp_path / "big.xlsx", rows)
    seen: list[int] = []
    with pytest.raises(ImportCancelledError):  # after a chunk was written with the indexes dropped
        run_import(vault, path, progress=lambda done, total: seen.append(done), should_cancel=lambda: bool(seen))
    assert seen == [2000]
    assert _indexes(vault) == before
    assert run_import(vault, path, dry_run=True).created == 2500
    assert _indexes(vault) == before
    with vault.session() as s:
        assert s.scalar(select(m.Client)) is None


def _search_index_option(vault, key: str):  # type: ignore[no-untyped-def]
    with vault.session() as s:
        return s.connection().exec_driver_sql("SELECT v FROM client_fts_config WHERE k = ?", (key,)).scalar()


def test_a_bulk_load_of_cards_keeps_the_search_index_sound(vault, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                            always_deferred: None) -> None:
    """The index merges once at the end of a bulk load of cards (not during it); its own setting comes
    back (an owner's 8 stays 8), it checks out, and every card is found; a cancel leaves all as it was."""
    with vault.transaction() as s:
        s.connection().exec_driver_sql("INSERT INTO client_fts(client_fts, rank) VALUES ('automerge', 8)")
    rows = [["Фамилия", "Имя", "Телефон"]] + [[f"Фамилия{i}", "Имя", f"+7916{i:07d}"] for i in range(4500)]
    path = write_xlsx(tmp_path / "big.xlsx", rows)
    seen: list[int] = []
    with pytest.raises(ImportCancelledError):
        run_import(vault, path, progress=lambda done, total: seen.append(done), should_cancel=lambda: bool(seen))
    assert _search_index_option(vault, "automerge") == 8
    assert run_import(vault, path).created == 4500
    assert _search_index_option(vault, "automerge") == 8
    with vault.session() as s:
        s.connection().exec_driver_sql("INSERT INTO client_fts(client_fts) VALUES ('integrity-check')")
        assert len(search.search_ids(s, "Фамилия4499")) == 1 and search.count(s, "916 000 1") == 1000
