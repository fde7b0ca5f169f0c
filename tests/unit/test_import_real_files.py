"""The four real spreadsheets in ../shared/data import with the right counts and clean values."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from clientbook.core import dedup
from clientbook.core import models as m
from clientbook.core.importing import ImportOptions, analyze, run_import
from import_support import counts


def _client(vault, **where) -> m.Client:  # type: ignore[no-untyped-def]
    with vault.session() as s:
        query = select(m.Client)
        for key, value in where.items():
            query = query.where(getattr(m.Client, key) == value)
        client = s.scalars(query).one()
        s.expunge_all()
        return client


def _phones(vault, client_id: int) -> list[tuple[str | None, str]]:  # type: ignore[no-untyped-def]
    with vault.session() as s:
        return [(p.e164, p.raw) for p in s.scalars(select(m.Phone).where(m.Phone.client_id == client_id)
                                                   .order_by(m.Phone.position))]


def test_russian_cp1251_semicolon_csv(vault, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_import(vault, shared_data / "ru-clients-cp1251.csv")
    # 50 rows; Трофимова (code 18) and Горшкова (code 39) share the e-mail gbacon@mac.com: two people,
    # two cards, the e-mail kept on both and the pair put into the duplicates review
    assert (result.created, result.skipped, result.rejected) == (50, 0, 0)
    apart = [o for o in result.outcomes if any(r.code == "review_match_email" for r in o.reasons)]
    assert [o.row_no for o in apart] == [40]
    with vault.session() as s:
        owners = s.scalars(select(m.Email.client_id).where(m.Email.address == "gbacon@mac.com")).all()
        assert len(owners) == 2
        pairs = [c for c in dedup.scan(s) if {c.a, c.b} == set(owners)]
        assert pairs and pairs[0].reasons[0].code == "dedup_reason_import_email"
    client = _client(vault, last_name="Крюкова")
    assert (client.first_name, client.middle_name, client.gender) == ("Авигея", "Святославовна", "f")
    assert (client.birth_day, client.birth_month, client.birth_year) == (10, 8, 2000)
    assert _phones(vault, client.id) == [("+74993188853", "7(499)318-88-53")]  # trailing NBSP gone
    assert "Паспорт: Паспорта\\passport10.png" in (client.notes or "")  # an unmapped column is kept
    morozov = _client(vault, last_name="Морозов")
    assert (morozov.gender, morozov.birth_day, morozov.birth_month, morozov.birth_year) == ("m", 4, 7, 1985)
    # a number that is not a valid phone is kept as written, and listed as a problem
    assert _phones(vault, morozov.id) == [(None, "7(636)050-96-13")]
    assert any(o.row_no == 6 and o.reasons[0].code == "phone_invalid" for o in result.outcomes)
    assert _client(vault, last_name="Горбачёва").first_name == "Никки"


def test_customers_100_csv(vault, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_import(vault, shared_data / "customers-100.csv")
    assert (result.created, result.updated, result.rejected) == (100, 0, 0)
    roy = _client(vault, last_name="Berry", first_name="Roy")
    assert roy.company_name == "Murillo-Perry" and roy.city == "Isabelborough"
    phones = _phones(vault, roy.id)
    assert phones[0] == ("+15394020259", "+1-539-402-0259")
    assert phones[1][1] == "(496)978-3969x58947"  # second column, extension kept in the text
    linda = _client(vault, last_name="Olsen")
    assert linda.company_name == "Dominguez, Mcmillan and Donovan"  # quoted comma
    with vault.session() as s:
        assert s.scalar(select(m.Email.address).where(m.Email.client_id == linda.id)) == "stanleyblackwell@benson.org"
    assert "Subscription Date: 2020-06-02" in (linda.notes or "")


def test_northwind_xlsx_blank_rows_and_stray_cell(vault, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_import(vault, shared_data / "northwind-customers.xlsx")
    assert (result.created, result.rejected) == (29, 0)  # the stray '""1""' after the blank rows is not a client
    anna = _client(vault, last_name="Bedecs")
    assert (anna.first_name, anna.company_name, anna.position) == ("Anna", "Company A", "Owner")
    assert anna.address == "123 1st Street, 99999"  # ZIP stored by Excel as 99999.0
    assert (anna.city, anna.region, anna.country) == ("Seattle", "WA", "US")
    assert _client(vault, first_name="Martin").last_name == "O’Donnell"  # mojibake repaired
    with vault.session() as s:
        codes = set(s.scalars(select(m.CustomValue.value_text)))
    assert {"1", "3", "30"} <= codes  # the quoted ids "1" are kept as codes without the quotes


def test_superstore_orders_become_purchases(vault, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    with vault.session() as s:
        analysis = analyze(shared_data / "superstore-orders.xls", session=s, kind="purchases")
    try:
        assert analysis.sheet == "Orders" and analysis.sheets == ["Orders", "Returns", "People"]
        by_header = analysis.mapping.to_json(analysis.headers)
        assert by_header["Customer ID"] == "client_code" and by_header["Sales"] == "amount"
        assert by_header["Product Name"] == "item" and by_header["Order Date"] == "date"
    finally:
        analysis.close()
    result = run_import(vault, shared_data / "superstore-orders.xls",
                        ImportOptions(kind="purchases", currency="USD"))
    assert (result.created, result.purchases, result.rejected) == (793, 9994, 0)
    assert counts(vault)["clients"] == 793
    claire = _client(vault, last_name="Gute", first_name="Claire")
    with vault.session() as s:
        rows = s.scalars(select(m.Purchase).where(m.Purchase.client_id == claire.id).order_by(m.Purchase.id)).all()
        total = s.scalar(select(func.sum(m.Purchase.amount_minor)))
        assert [p.item for p in rows][:1] == ["Bush Somerset Collection Bookcase"]
        first = rows[0]
        assert (str(first.date), first.amount_minor, first.quantity, first.external_id, first.currency) == (
            "2013-11-09", 26196, "2", "CA-2013-152156", "USD")
        assert len(rows) == 5
    assert total == 229720076  # $2,297,200.76: every line, to the cent
    # importing the same orders again adds nothing twice
    again = run_import(vault, shared_data / "superstore-orders.xls", ImportOptions(kind="purchases", currency="USD"))
    assert (again.created, again.purchases, again.skipped) == (0, 0, 9994)


@pytest.mark.parametrize("name", ["ru-clients-cp1251.csv", "northwind-customers.xlsx"])
def test_dry_run_counts_without_writing(vault, shared_data: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    before = counts(vault)
    dry = run_import(vault, shared_data / name, dry_run=True)
    assert counts(vault) == before and dry.batch_id is None
    real = run_import(vault, shared_data / name)
    assert (dry.created, dry.skipped, dry.rejected) == (real.created, real.skipped, real.rejected)
