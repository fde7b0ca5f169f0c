"""Values decide too: dates are dates, codes are codes, yes/no is a tag, two-word "Имя" is a full name,
whatever the header says; no card is ever named "1.0" or "CT01"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from clientbook.core import models as m
from clientbook.core.importing import ImportOptions, analyze, run_import
from import_support import write_table

FORMATS = [".xlsx", ".ods", ".csv"]


def _names(vault) -> list[str]:  # type: ignore[no-untyped-def]
    with vault.session() as s:
        return list(s.scalars(select(m.Client.display_name).order_by(m.Client.id)))


def _tags(vault) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    with vault.session() as s:
        return {c.display_name: [t.name for t in c.tags] for c in s.scalars(select(m.Client)) if c.tags}


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize(("flag", "yes", "no"), [("ВИП клиент:", 1, 0), ("VIP", "yes", "no"), ("Активен", "да", "нет"),
                                                 ("Cliente", "sí", "no")])
def test_yes_no_column_is_a_tag_never_the_name(vault, tmp_path: Path, suffix: str, flag: str, yes: object,
                                               no: object) -> None:  # type: ignore[no-untyped-def]
    rows = [["Наименование", flag, "Телефон"], ["ООО Ромашка", yes, "+7 916 111-22-33"],
            ["ООО Лютик", no, "+7 916 111-22-34"], ["ИП Котов", yes, "+7 916 111-22-35"]]
    path = write_table(tmp_path / f"vip{suffix}", rows)
    analysis = analyze(path)
    try:
        assert analysis.mapping.targets[1] == "flag" and not analysis.doubts()
    finally:
        analysis.close()
    result = run_import(vault, path)
    assert (result.created, result.rejected) == (3, 0)
    names = _names(vault)
    assert names == ["ООО Ромашка", "ООО Лютик", "ИП Котов"]
    tag = flag.strip(" :")
    assert _tags(vault) == {"ООО Ромашка": [tag], "ИП Котов": [tag]}


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("codes", [["CT01", "CT02", "CT03"], [29.0, 30.0, 31.0], ["1001", "1002", "1003"]])
def test_codes_under_a_name_header_are_codes_and_said_so(vault, tmp_path: Path, suffix: str,
                                                         codes: list[object]) -> None:  # type: ignore[no-untyped-def]
    rows = [["Название", "Контрагент", "Телефон"]] + [
        [code, name, f"+7 916 111-22-3{i}"] for i, (code, name) in enumerate(zip(codes, ["ООО Альфа", "ООО Бета",
                                                                                          "ООО Гамма"], strict=True))]
    path = write_table(tmp_path / f"codes{suffix}", rows)
    analysis = analyze(path)
    try:
        assert analysis.mapping.targets[0] == "client_code" and analysis.mapping.targets[1] == "company_name"
    finally:
        analysis.close()
    run_import(vault, path)
    assert _names(vault) == ["ООО Альфа", "ООО Бета", "ООО Гамма"]
    with vault.session() as s:
        stored = sorted(s.scalars(select(m.CustomValue.value_text)))
    # a workbook's 29.0 is the number 29; a text file keeps the code as it is written
    assert stored == sorted(str(c) if suffix == ".csv" else str(c).removesuffix(".0") for c in codes)


@pytest.mark.parametrize("suffix", FORMATS)
def test_imya_holding_two_or_three_words_is_the_full_name(vault, tmp_path: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    rows = [["Имя", "Телефон"], ["Иванов Иван Иванович", "+7 916 111-22-31"], ["Петрова Анна", "+7 916 111-22-32"],
            ["Сидоров Пётр", "+7 916 111-22-33"]]
    run_import(vault, write_table(tmp_path / f"imya{suffix}", rows))
    with vault.session() as s:
        people = s.execute(select(m.Client.last_name, m.Client.first_name, m.Client.middle_name)
                           .order_by(m.Client.id)).all()
    assert [tuple(p) for p in people] == [("Иванов", "Иван", "Иванович"), ("Петрова", "Анна", None),
                                          ("Сидоров", "Пётр", None)]


def test_imya_beside_familiya_stays_the_first_name(tmp_path: Path) -> None:
    rows = [["Фамилия", "Имя"], ["Иванов", "Иван Ильич"], ["Петрова", "Анна Юрьевна"], ["Котов", "Борис Львович"]]
    analysis = analyze(write_table(tmp_path / "fio.xlsx", rows))
    try:
        assert analysis.mapping.to_json(analysis.headers) == {"Фамилия": "last_name", "Имя": "first_name"}
    finally:
        analysis.close()


@pytest.mark.parametrize("suffix", FORMATS)
def test_the_only_date_column_of_a_history_file_is_its_date(vault, tmp_path: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    rows = [["Клиент", "Начало оказания услуги", "Услуга"],
            ["Котова Анна", "15.03.2024 14:30", "Стрижка"], ["Лисин Борис", "16.03.2024 10:00", "Маникюр"],
            ["Котова Анна", "20.03.2024 09:15", "Укладка"]]
    result = run_import(vault, write_table(tmp_path / f"visits{suffix}", rows), ImportOptions(kind="history"))
    assert (result.interactions, result.rejected) == (3, 0)
    with vault.session() as s:
        subjects = list(s.scalars(select(m.Interaction.subject).order_by(m.Interaction.id)))
    assert subjects == ["Стрижка", "Маникюр", "Укладка"]


def test_ship_date_is_the_purchase_date_when_it_is_the_only_date(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [["Customer Name", "Ship Date", "Sales"], ["Ann Lee", dt.datetime(2024, 1, 5), 12.5],
            ["Bob Ray", dt.datetime(2024, 1, 6), 7.0], ["Ann Lee", dt.datetime(2024, 2, 1), 3.25]]
    result = run_import(vault, write_table(tmp_path / "orders.xlsx", rows), ImportOptions(kind="purchases"))
    assert (result.purchases, result.rejected, result.created) == (3, 0, 2)
    with vault.session() as s:
        assert sorted(str(d) for d in s.scalars(select(m.Purchase.date))) == ["2024-01-05", "2024-01-06", "2024-02-01"]


def test_a_date_column_under_an_unknown_header_never_becomes_the_name(tmp_path: Path) -> None:
    rows = [["Клиент", "Начало оказания услуги"], ["Котова Анна", "2024-03-01"], ["Лисин Борис", "2024-03-02"],
            ["Орлов Олег", "2024-03-03"]]
    analysis = analyze(write_table(tmp_path / "clients.csv", rows))
    try:
        assert analysis.mapping.targets == {0: "full_name", 1: "extra"}  # kept in the notes, not lost
    finally:
        analysis.close()


def test_a_column_of_codes_already_in_the_base_is_the_client_code(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clients_file = write_table(tmp_path / "clients.xlsx", [["Код", "ФИО"], ["K-101", "Котова Анна"],
                                                           ["K-102", "Лисин Борис"], ["K-103", "Орлов Олег"]])
    run_import(vault, clients_file)
    orders = write_table(tmp_path / "orders.xlsx", [
        ["Ref", "Дата", "Сумма"], ["K-101", dt.datetime(2024, 1, 5), 100], ["K-102", dt.datetime(2024, 1, 6), 200],
        ["K-103", dt.datetime(2024, 1, 7), 300], ["K-101", dt.datetime(2024, 2, 1), 50]])
    with vault.session() as s:
        analysis = analyze(orders, session=s, kind="purchases")
    try:
        assert analysis.mapping.targets[0] == "client_code" and analysis.columns()[0]["level"] == "high"
    finally:
        analysis.close()
    result = run_import(vault, orders, ImportOptions(kind="purchases"))
    assert (result.purchases, result.created, result.rejected) == (4, 0, 0)
