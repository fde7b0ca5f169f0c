"""client_stats (migration 0002): the per-client summary stays equal to what grouping every purchase and
interaction gives, whoever writes — services, edits, deletes, merge and its undo, import, the demo — and
the migration fills it for an existing vault."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from sqlalchemy import text

from clientbook.core import clients, demo, history, merge, opening, segments
from clientbook.core import models as m
from clientbook.core.clients import ClientInput
from clientbook.core.importing import ImportOptions, run_import
from clientbook.core.vault import Vault
from import_support import write_csv

TODAY = dt.date(2025, 7, 1)
FIXTURE_0001 = Path(__file__).resolve().parents[1] / "fixtures" / "vault-0001.db"
FIXTURE_PASSWORD = "Фикстура-0001 пароль"

TRUTH = """
SELECT c.id, coalesce(p.n, 0), coalesce(p.total, 0), p.first, p.last, p.unpaid_due, coalesce(i.n, 0), i.last
FROM clients c
LEFT JOIN (SELECT client_id, count(*) n, sum(amount_minor) total, min(date) first, max(date) last,
                  min(CASE WHEN paid = 0 THEN due_date END) unpaid_due FROM purchases GROUP BY client_id) p
       ON p.client_id = c.id
LEFT JOIN (SELECT client_id, count(*) n, date(max(occurred_at)) last FROM interactions GROUP BY client_id) i
       ON i.client_id = c.id
ORDER BY c.id"""
SUMMARY = """
SELECT c.id, coalesce(s.purchase_count, 0), coalesce(s.purchase_total, 0), s.first_purchase, s.last_purchase,
       s.first_unpaid_due, coalesce(s.interaction_count, 0), s.last_interaction
FROM clients c LEFT JOIN client_stats s ON s.client_id = c.id ORDER BY c.id"""


def summary_and_truth(vault: Vault) -> tuple[list[Any], list[Any]]:
    with vault.session() as s:
        orphans = s.execute(text("SELECT count(*) FROM client_stats WHERE client_id NOT IN (SELECT id FROM clients)"))
        assert orphans.scalar() == 0
        return ([tuple(r) for r in s.execute(text(SUMMARY))], [tuple(r) for r in s.execute(text(TRUTH))])


def assert_in_step(vault: Vault) -> None:
    summary, truth = summary_and_truth(vault)
    assert summary == truth


def two_clients(vault: Vault) -> tuple[int, int]:
    with vault.transaction() as s:
        a = clients.create_client(s, ClientInput(last_name="Андреев", phones=["+7 916 100-00-01"])).id
        b = clients.create_client(s, ClientInput(last_name="Борисов", phones=["+7 916 100-00-02"])).id
        history.add_purchase(s, a, dt.date(2025, 1, 10), "1000")
        history.add_purchase(s, a, dt.date(2025, 3, 5), "250,50", paid=False, due_date=dt.date(2025, 4, 1))
        history.add_purchase(s, b, dt.date(2024, 12, 31), "99")
        history.add_interaction(s, a, "call")
        history.add_interaction(s, b, "meeting")
    return a, b


def test_service_writes_edits_and_deletes_keep_it_in_step(vault) -> None:
    a, b = two_clients(vault)
    assert_in_step(vault)
    with vault.session() as s:
        row = s.get(m.ClientStats, a)
        assert row is not None
        assert (row.purchase_count, row.purchase_total, row.first_purchase, row.last_purchase, row.first_unpaid_due) == (
            2, 125_050, dt.date(2025, 1, 10), dt.date(2025, 3, 5), dt.date(2025, 4, 1))
    with vault.transaction() as s:  # the debt is paid, an amount corrected, one purchase removed
        unpaid = s.query(m.Purchase).filter_by(client_id=a, paid=False).one()
        unpaid.paid = True
        s.query(m.Purchase).filter_by(client_id=b).one().amount_minor = 12_345
        s.delete(s.query(m.Purchase).filter_by(client_id=a, amount_minor=100_000).one())
        s.delete(s.query(m.Interaction).filter_by(client_id=b).one())
    assert_in_step(vault)
    with vault.session() as s:
        assert s.get(m.ClientStats, a).first_unpaid_due is None  # type: ignore[union-attr]
    clients.delete_clients(vault, [a])
    assert_in_step(vault)


def test_merge_and_its_undo_move_the_figures(vault) -> None:
    a, b = two_clients(vault)
    result = merge.merge_clients(vault, [a, b], keep=a)
    assert_in_step(vault)
    with vault.session() as s:
        assert s.get(m.ClientStats, a).purchase_count == 3  # type: ignore[union-attr]
    merge.undo_merge(vault, result.batch_id)
    assert_in_step(vault)


def test_bulk_import_and_demo_keep_it_in_step(vault, tmp_path: Path) -> None:
    demo.fill_vault(vault, 40)
    assert_in_step(vault)
    sales = write_csv(tmp_path / "sales.csv", "Клиент;Дата;Сумма\nАндреев Андрей;01.02.2025;1500\n"
                      "Андреев Андрей;03.02.2025;500\nПетров Пётр;04.02.2025;70\n")
    run_import(vault, sales, ImportOptions(kind="purchases"))
    assert_in_step(vault)
    with vault.session() as s:
        assert s.scalar(text("SELECT count(*) FROM client_stats WHERE purchase_count > 0")) > 0


def test_the_migration_fills_the_summary_of_an_existing_vault(tmp_path: Path) -> None:
    copy = tmp_path / "vault-0001.db"
    shutil.copyfile(FIXTURE_0001, copy)
    with opening.open_vault(copy, FIXTURE_PASSWORD) as vault:
        summary, truth = summary_and_truth(vault)
        assert summary == truth
        assert any(row[1] for row in truth) and any(row[6] for row in truth)  # the fixture has both kinds


def test_overdue_conditions_from_the_summary_and_by_counting_agree(vault) -> None:
    with vault.transaction() as s:
        none, one, two = (clients.create_client(s, ClientInput(last_name=n)).id for n in ("Ноль", "Один", "Два"))
        history.add_purchase(s, none, dt.date(2025, 1, 1), "10", paid=False, due_date=dt.date(2025, 9, 1))
        history.add_purchase(s, one, dt.date(2025, 1, 1), "10", paid=False, due_date=dt.date(2025, 2, 1))
        for day in (1, 2):
            history.add_purchase(s, two, dt.date(2025, 1, day), "10", paid=False, due_date=dt.date(2025, 2, day))

    def overdue(op: str, value: Any) -> set[int]:
        with vault.session() as s:
            cond = {"kind": "purchases", "measure": "overdue_count", "op": op, "value": value}
            return set(segments.segment_client_ids(s, cond, today=TODAY))

    assert overdue("gte", 1) == overdue("gt", 0) == overdue("not_equals", 0) == {one, two}
    assert overdue("equals", 0) == overdue("lt", 1) == {none}
    assert overdue("gte", 2) == {two}  # a real count: falls back to counting the purchases
    assert overdue("equals", 1) == {one}
    assert overdue("between", [1, 5]) == {one, two}
