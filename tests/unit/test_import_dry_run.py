"""A dry run (the wizard's check of a file, `clientbook import --dry-run`) says exactly what the
import will do, and leaves the base as it was.

It writes only the rows its later rows read back (cards, contacts, codes) and skips the search
index and the audit entries, so each case checks its whole report against the real run that follows
it on the same base: totals, every row's outcome and reasons, column problems and doubts; with the
cards made earlier in the file forgotten after two (as after 5,000 in a big file), so later rows of
the same client are read back from the base; and with the small tables' indexes dropped meanwhile.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clientbook.core import audit, search
from clientbook.core.importing import ImportOptions, bulk_indexes, commit, run_import
from clientbook.core.vault import Vault
from import_cases import HISTORY, PURCHASES, UPDATE, base_vault, seen
from import_support import write_csv

CITIES = ("Пермь", "Омск", "Тула")
REPEATS = "\n".join(["Код;ФИО;Телефон;E-mail;Город;Скидка;Примечание"] + [
    f"N{i % 4};Повторов{i % 4} Ян;+7 999 200-00-0{i % 4};n{i}@example.ru;{CITIES[i // 4]};{5 * (i // 4)};заказ {i}"
    for i in range(12)
]) + "\n"  # four new clients on three rows each, far apart, another city and discount each time


def _report(result: Any) -> dict[str, Any]:
    return {"totals": {k: v for k, v in result.totals().items() if k not in ("batch", "dry_run")},
            "outcomes": [(o.row_no, o.status, o.name, o.client_id,
                          [(r.code, sorted((k, str(v)) for k, v in r.params.items())) for r in o.reasons])
                         for o in result.outcomes],
            "columns": result.column_problems, "doubts": [d.code for d in result.doubts]}


def _base_state(vault: Vault) -> dict[str, Any]:
    conn = vault.raw_connection()
    try:
        extra = {name: conn.execute(sql).fetchall() for name, sql in {
            "audit": "SELECT count(*), max(id) FROM audit", "search": "SELECT count(*) FROM client_fts",
            "batches": "SELECT count(*) FROM batches", "undo": "SELECT count(*) FROM batches WHERE undo_data IS NOT NULL",
        }.items()}
    finally:
        conn.close()
    return extra


def _audited(vault: Vault, batch_id: int | None) -> tuple[set[int], set[int]]:
    """The cards the batch's audit entries name, and those it made or added purchases or history to."""
    conn = vault.raw_connection()
    try:
        audited = {r[0] for r in conn.execute("SELECT client_id FROM audit WHERE batch_id = ?", (batch_id,))}
        made = {r[0] for table in ("clients", "purchases", "interactions") for r in conn.execute(
            f"SELECT {'id' if table == 'clients' else 'client_id'} FROM {table} WHERE import_batch_id = ?",
            (batch_id,))}
        return audited, made
    finally:
        conn.close()


def _index_rows(vault: Vault, ids: set[int]) -> dict[int, list[list[str]]]:
    conn = vault.raw_connection()
    try:
        return {cid: [sorted(str(v).split()) for v in conn.execute(
            "SELECT names, company, contacts, emails, phones, city, tags, other FROM client_fts WHERE rowid = ?",
            (cid,)).fetchone()] for cid in sorted(ids)}
    finally:
        conn.close()


@pytest.mark.parametrize(("name", "options"), [
    ("update", ImportOptions(on_duplicate="fill")),
    ("update", ImportOptions(on_duplicate="fill", match_names=True)),
    ("update", ImportOptions(on_duplicate="overwrite")),
    ("update", ImportOptions(on_duplicate="skip")),
    ("update", ImportOptions(on_duplicate="create")),
    ("repeats", ImportOptions(on_duplicate="fill")),
    ("repeats", ImportOptions(on_duplicate="overwrite")),
    ("purchases", ImportOptions(kind="purchases")),
    ("history", ImportOptions(kind="history")),
])
@pytest.mark.parametrize(("made_limit", "defer_from"), [(commit.MADE_LIMIT, bulk_indexes.DEFER_FROM), (2, 5)])
def test_dry_run_reports_what_the_import_then_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str,
                                                   options: ImportOptions, made_limit: int, defer_from: int) -> None:
    monkeypatch.setattr(commit, "MADE_LIMIT", made_limit)
    monkeypatch.setattr(bulk_indexes, "DEFER_FROM", defer_from)
    texts = {"update": UPDATE, "repeats": REPEATS, "purchases": PURCHASES, "history": HISTORY}
    source = write_csv(tmp_path / f"{name}.csv", texts[name])
    vault = base_vault(tmp_path / "vault.db", tmp_path)
    try:
        before = seen(vault, run_import(vault, source, options, dry_run=True)), _base_state(vault)
        dry = run_import(vault, source, options, dry_run=True)
        assert (seen(vault, dry), _base_state(vault)) == before  # nothing written, the report aside
        real = run_import(vault, source, options)
        assert _report(dry) == _report(real)
        assert real.created + real.updated + real.skipped + real.purchases + real.interactions > 0
        audited, made = _audited(vault, real.batch_id)
        assert made <= audited  # the real run still audits every card, purchase and entry it makes
        touched = made | {o.client_id for o in real.outcomes if o.status in ("updated", "merged")}
        built = _index_rows(vault, touched)
        with vault.transaction() as s:
            search.reindex(s.connection(), touched)
        assert _index_rows(vault, touched) == built  # and indexes it as a reindex would
        with vault.session() as s:
            assert audit.verify_audit_chain(s).ok
    finally:
        vault.close()


@pytest.mark.parametrize(("name", "options"), [
    ("ru-clients-cp1251.csv", ImportOptions()),
    ("northwind-customers.xlsx", ImportOptions()),
    ("customers-100.csv", ImportOptions(on_duplicate="overwrite")),
    ("superstore-orders.xls", ImportOptions(kind="purchases", currency="USD")),
])
def test_dry_run_of_real_files_twice(vault, shared_data: Path, name: str,  # type: ignore[no-untyped-def]
                                     options: ImportOptions) -> None:
    """Other people's files into an empty base, then again into the base they filled."""
    for _ in range(2):
        dry = run_import(vault, shared_data / name, options, dry_run=True)
        real = run_import(vault, shared_data / name, options)
        assert _report(dry) == _report(real)
