"""Rows → cards: a client code is one card inside the file, nobody is merged on a shared contact
alone, and a kept-apart pair lands in the duplicates review. Fixtures are generated here."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from clientbook.core import dedup
from clientbook.core import models as m
from clientbook.core.importing import ColumnMapping, ImportOptions, analyze, run_import, undo_import
from clientbook.core.importing.orders import looks_like_orders
from import_support import counts, write_xlsx

# one orders export in three languages: (headers, mapping or None = let the importer suggest it)
ORDER_HEADERS = {
    "en": ["Customer ID", "Customer Name", "Phone", "Email", "City", "Order Date", "Sales", "Product Name"],
    "ru": ["Код клиента", "Клиент", "Телефон", "E-mail", "Город", "Дата заказа", "Сумма", "Товар"],
    "es": ["CODIGOCLIENTE", "NOMBRECLIENTE", "TELEFONO", "EMAIL", "CIUDAD", "FECHAPEDIDO", "TOTAL", "PRODUCTO"],
}
TARGETS = ["client_code", "full_name", "phone", "email", "city", "date", "amount", "item"]
ORDER_ROWS: list[list[Any]] = [
    ["C-001", "Claire Gute", "+1 212 555 0101", "claire@example.com", "Henderson", "2024-01-05", 261.96, "Bookcase"],
    ["C-002", "Darrin Van Huff", "+1 212 555 0102", "darrin@example.com", "Los Angeles", "2024-01-06", 14.62, "Labels"],
    ["C-001", "Claire Gute", "+1 212 555 0101", "claire@example.com", "Henderson", "2024-01-05", 731.94, "Chairs"],
    ["C-003", "Sean O'Donnell", "+1 212 555 0103", "sean@example.com", "Fort Lauderdale", "2024-02-01", 957.58, "Table"],
    ["C-002", "Darrin Van Huff", "+1 212 555 0199", "darrin@work.example.com", "Los Angeles", "2024-03-02", 22.37, "Pens"],
    ["C-001", "Claire Gute", "+1 212 555 0101", "claire@example.com", "Boston", "2024-04-10", 48.86, "Phone"],
    ["C-003", "Sean O'Donnell", "+1 212 555 0103", "sean@example.com", "Fort Lauderdale", "2024-05-11", 7.28, "Art"],
]


def _orders(tmp_path: Path, lang: str, fmt: str) -> tuple[Path, ColumnMapping | None]:
    headers = ORDER_HEADERS[lang]
    if fmt == "xlsx":
        path = write_xlsx(tmp_path / f"orders-{lang}.xlsx", [headers, *ORDER_ROWS], title="Orders")
    else:
        path = tmp_path / f"orders-{lang}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, delimiter=";").writerows([headers, *ORDER_ROWS])
    # the glued Spanish headers are the column helper's part; here the mapping is given
    mapping = ColumnMapping(dict(enumerate(TARGETS))) if lang == "es" else None
    return path, mapping


def _client_values(vault, code: str) -> tuple[m.Client, list[str], list[str]]:  # type: ignore[no-untyped-def]
    with vault.session() as s:
        cid = s.scalar(select(m.CustomValue.client_id).where(m.CustomValue.value_text == code))
        client = s.get(m.Client, cid)
        assert client is not None
        phones = [p.e164 for p in s.scalars(select(m.Phone).where(m.Phone.client_id == cid).order_by(m.Phone.position))]
        emails = [e.address for e in s.scalars(select(m.Email).where(m.Email.client_id == cid).order_by(m.Email.position))]
        s.expunge_all()
        return client, phones, emails


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("lang", ["en", "ru", "es"])
def test_a_client_code_is_one_card_and_nothing_is_dropped(vault, tmp_path: Path, lang: str, fmt: str) -> None:  # type: ignore[no-untyped-def]
    path, mapping = _orders(tmp_path, lang, fmt)
    if mapping is not None:  # purchase columns in a client mapping: the rows are purchases too
        mapping = ColumnMapping({i: t for i, t in mapping.targets.items() if i < 5})
    result = run_import(vault, path, ImportOptions(mapping=mapping, default_region="US"))
    assert (result.created, result.skipped, result.rejected) == (3, 4, 0)
    assert counts(vault)["clients"] == 3
    darrin, phones, emails = _client_values(vault, "C-002")
    assert darrin.display_name == "Van Huff Darrin" or "Darrin" in darrin.display_name
    assert phones == ["+12125550102", "+12125550199"]  # the other row's phone and e-mail are extra ones
    assert emails == ["darrin@example.com", "darrin@work.example.com"]
    claire, phones, _ = _client_values(vault, "C-001")
    assert claire.city == "Henderson" and phones == ["+12125550101"]
    assert "Boston" in (claire.notes or "")  # a conflicting city is kept in the notes, and reported
    conflict = [o for o in result.outcomes if o.row_no == 7]
    assert conflict and any(r.code == "import_value_conflict" and r.params["value"] == "Boston"
                            for r in conflict[0].reasons)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("lang", ["en", "ru", "es"])
def test_orders_sheet_rows_become_purchases_of_the_card(vault, tmp_path: Path, lang: str, fmt: str) -> None:  # type: ignore[no-untyped-def]
    path, mapping = _orders(tmp_path, lang, fmt)
    with vault.session() as s:
        analysis = analyze(path, session=s, mapping=mapping)
    try:
        hint = looks_like_orders(analysis.headers, [r for _, r in analysis.sample], analysis.mapping)
    finally:
        analysis.close()
    if mapping is None:  # the importer itself sees an orders sheet and offers the purchases
        assert hint is not None and (hint.rows, hint.clients) == (7, 3)
        assert sorted(hint.purchase_columns.values()) == ["amount", "date", "item"]
    result = run_import(vault, path, ImportOptions(mapping=mapping, rows_as_purchases=True, currency="USD",
                                                   default_region="US"))
    assert (result.created, result.purchases, result.rejected) == (3, 7, 0)
    claire, _, _ = _client_values(vault, "C-001")
    with vault.session() as s:
        items = s.scalars(select(m.Purchase.item).where(m.Purchase.client_id == claire.id).order_by(m.Purchase.id)).all()
        assert items == ["Bookcase", "Chairs", "Phone"]
        assert s.scalar(select(func.sum(m.Purchase.amount_minor))) == 204461
    assert "Sales" not in (claire.notes or "") and "Сумма" not in (claire.notes or "")
    again = run_import(vault, path, ImportOptions(mapping=mapping, rows_as_purchases=True, currency="USD",
                                                  default_region="US"))
    assert (again.created, again.purchases) == (0, 0) and counts(vault)["purchases"] == 7


def test_a_client_list_is_not_an_orders_sheet(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(tmp_path / "list.xlsx", [["Код клиента", "ФИО", "Дата рождения"],
                                               ["1", "Котова Анна", "01.02.1990"], ["2", "Лисин Борис", "03.04.1985"],
                                               ["3", "Мухина Вера", "05.06.1970"]])
    with vault.session() as s:
        analysis = analyze(path, session=s)
    try:
        assert looks_like_orders(analysis.headers, [r for _, r in analysis.sample], analysis.mapping) is None
    finally:
        analysis.close()


def _scan_pairs(vault) -> dict[frozenset[int], list[str]]:  # type: ignore[no-untyped-def]
    with vault.session() as s:
        return {frozenset((c.a, c.b)): [r.code for r in c.reasons] for c in dedup.scan(s)}


def _ids_with(vault, model: Any, column: Any, value: str) -> list[int]:  # type: ignore[no-untyped-def]
    with vault.session() as s:
        return sorted(s.scalars(select(model.client_id).where(column == value)).all())


SHARED = [  # (header, first row value, second row value, stored value, model, column, review code)
    ("Телефон", "+7 916 123-45-67", "8 (916) 1234567", "+79161234567", m.Phone, m.Phone.e164, "review_match_phone"),
    ("E-mail", "office@firma.ru", "OFFICE@firma.ru", "office@firma.ru", m.Email, m.Email.address, "review_match_email"),
]


@pytest.mark.parametrize("header,first,second,stored,model,column,code", SHARED)
@pytest.mark.parametrize("names", [("Котова Анна", "Котов Борис"), ("Anna Smith", "John Smith"),
                                   ("ООО «Ромашка»", "ИП Лисин Борис")])
def test_different_names_on_a_shared_contact_are_two_cards_in_review(  # type: ignore[no-untyped-def]
        vault, tmp_path: Path, header: str, first: str, second: str, stored: str, model: Any, column: Any,
        code: str, names: tuple[str, str]) -> None:
    path = write_xlsx(tmp_path / "family.xlsx", [["ФИО", header], [names[0], first], [names[1], second]])
    result = run_import(vault, path)
    assert (result.created, result.skipped) == (2, 0)
    owners = _ids_with(vault, model, column, stored)
    assert len(owners) == 2  # the shared value is kept on both cards
    line = next(o for o in result.outcomes if o.row_no == 3)
    assert line.status == "created" and line.reasons[0].code == code
    assert line.reasons[0].params["card"] == owners[0]
    assert "duplicates review" in line.reasons[0].text("en") and "проверку дубликатов" in line.reasons[0].text("ru")
    reasons = _scan_pairs(vault)[frozenset(owners)]
    assert reasons[0].startswith("dedup_reason_import_")


@pytest.mark.parametrize("header,first,second,stored,model,column,code", SHARED)
def test_a_shared_contact_against_the_base_creates_a_card_too(  # type: ignore[no-untyped-def]
        vault, tmp_path: Path, header: str, first: str, second: str, stored: str, model: Any, column: Any,
        code: str) -> None:
    run_import(vault, write_xlsx(tmp_path / "a.xlsx", [["ФИО", header], ["Котова Анна", first]]))
    result = run_import(vault, write_xlsx(tmp_path / "b.xlsx", [["ФИО", header], ["Мухина Вера", second]]))
    assert (result.created, result.updated) == (1, 0)
    owners = _ids_with(vault, model, column, stored)
    assert len(owners) == 2 and frozenset(owners) in _scan_pairs(vault)
    # the same person again (name with patronymic, contact typed otherwise) fills her card
    again = run_import(vault, write_xlsx(tmp_path / "c.xlsx", [["ФИО", header, "Город"],
                                                               ["Котова Анна Петровна", second, "Тверь"]]))
    assert (again.created, again.updated) == (0, 1)
    with vault.session() as s:
        anna = s.get(m.Client, owners[0])
        assert anna is not None and (anna.middle_name, anna.city) == ("Петровна", "Тверь")


def test_undoing_the_import_takes_its_pairs_out_of_the_review(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_import(vault, write_xlsx(tmp_path / "f.xlsx", [["ФИО", "E-mail"], ["Котова Анна", "a@b.ru"],
                                                                ["Лисин Борис", "a@b.ru"]]))
    assert len(_scan_pairs(vault)) == 1
    assert result.batch_id is not None
    undo_import(vault, result.batch_id)
    assert _scan_pairs(vault) == {}


def test_different_codes_are_different_clients_even_with_one_phone(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(tmp_path / "codes.xlsx", [["Код клиента", "ФИО", "Телефон"],
                                                ["17", "Иванов Иван", "+7 916 000-11-22"],
                                                ["18", "Иванов Иван", "+7 916 000-11-22"],
                                                ["17", "Иванов Иван Ильич", ""]])
    result = run_import(vault, path)
    assert (result.created, result.skipped) == (2, 1)  # two namesakes (the file says so), row 4 fills card 17
    assert len(_ids_with(vault, m.Phone, m.Phone.e164, "+79160001122")) == 2


def test_a_code_in_the_base_with_another_name_is_not_merged(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run_import(vault, write_xlsx(tmp_path / "a.xlsx", [["Код клиента", "ФИО"], ["1", "Котова Анна"], ["2", "Лисин Борис"]]))
    other = run_import(vault, write_xlsx(tmp_path / "b.xlsx", [["Код клиента", "ФИО"], ["1", "Мухина Вера"],
                                                               ["2", "Лисин Борис"]]))
    assert (other.created, other.updated) == (1, 1)  # another list numbers its clients 1, 2 as well
    line = next(o for o in other.outcomes if o.row_no == 2)
    assert line.reasons[0].code == "review_same_code"
    assert counts(vault)["clients"] == 3


def test_an_inn_is_one_client_in_the_file_and_in_the_base(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [["Компания", "ИНН", "Телефон"], ["ООО «Ромашка»", "7707083893", "+7 495 100-00-01"],
            ["Ромашка ООО (склад)", "7707083893", "+7 495 100-00-02"]]
    result = run_import(vault, write_xlsx(tmp_path / "inn.xlsx", rows))
    assert (result.created, result.skipped) == (1, 1)
    again = run_import(vault, write_xlsx(tmp_path / "inn2.xlsx", rows[:2]))
    assert (again.created, again.updated) == (0, 1) and counts(vault)["clients"] == 1


def test_superstore_orders_as_clients_with_purchases(vault, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    """The real orders export: 9,994 order lines of 793 customers are 793 cards and 9,994 purchases."""
    result = run_import(vault, shared_data / "superstore-orders.xls",
                        ImportOptions(rows_as_purchases=True, currency="USD", default_region="US"))
    assert (result.created, result.skipped, result.purchases, result.rejected) == (793, 9201, 9994, 0)
    assert counts(vault)["clients"] == 793
    with vault.session() as s:
        assert s.scalar(select(func.sum(m.Purchase.amount_minor))) == 229720076
        assert s.scalar(select(func.count(func.distinct(m.Purchase.client_id)))) == 793


@pytest.mark.parametrize("mode,cards", [("fill", 3), ("overwrite", 3), ("skip", 3), ("create", 7)])
def test_every_duplicate_mode_keeps_every_order_line(vault, tmp_path: Path, mode: str, cards: int) -> None:  # type: ignore[no-untyped-def]
    path, _ = _orders(tmp_path, "en", "xlsx")
    result = run_import(vault, path, ImportOptions(rows_as_purchases=True, on_duplicate=mode, default_region="US"))
    assert (counts(vault)["clients"], result.purchases) == (cards, 7)


def test_many_rows_of_one_client_keep_the_audit_linear(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """400 order lines of one customer, each with its own order number kept in the notes: the audit
    holds what each row added, not the whole growing notes 400 times (that was 5 MB here)."""
    rows = [["Код клиента", "Клиент", "Номер строки"]] + [["7", "Котова Анна", f"L-{i:05d}"] for i in range(400)]
    result = run_import(vault, write_xlsx(tmp_path / "lines.xlsx", rows))
    assert (result.created, result.skipped) == (1, 399)
    with vault.session() as s:
        notes = s.scalar(select(m.Client.notes))
        audited = s.scalar(select(func.sum(func.length(func.coalesce(m.AuditEntry.old, "")) +
                                           func.length(func.coalesce(m.AuditEntry.new, "")))))
    assert notes is not None and "L-00000" in notes and "L-00399" in notes  # nothing dropped
    assert audited < 100 * 400  # about one short entry per row


def test_erasing_one_of_a_kept_apart_pair_leaves_no_pair_behind(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    from clientbook.core.privacy import erase as erasing

    run_import(vault, write_xlsx(tmp_path / "f.xlsx", [["ФИО", "E-mail"], ["Котова Анна", "home@kotov.ru"],
                                                       ["Котов Борис", "home@kotov.ru"]]))
    owners = _ids_with(vault, m.Email, m.Email.address, "home@kotov.ru")
    erasing.erase(vault, owners[1], "request", restore_point=False)
    with vault.session() as s:
        stored = s.execute(text("SELECT json_extract(undo_data, '$.review') FROM batches WHERE kind = 'import'")).scalar()
    assert stored == "[]" and _scan_pairs(vault) == {}
