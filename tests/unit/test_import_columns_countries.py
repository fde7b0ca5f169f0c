"""International lists: a country written in any language is recognised, the row's country sets the
region its phones are read in, the default region can be chosen, and problems are summed per column
instead of flagging every row."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from clientbook.core import models as m
from clientbook.core.importing import ImportOptions, run_import
from clientbook.core.importing.countries import country_code
from import_support import write_table


@pytest.mark.parametrize(("text", "code"), [
    ("Norway", "NO"), ("Mexico", "MX"), ("Мексика", "MX"), ("Deutschland", "DE"), ("Allemagne", "DE"),
    ("Alemania", "DE"), ("Німеччина", "DE"), ("España", "ES"), ("Espana", "ES"), ("Россия", "RU"), ("РФ", "RU"),
    ("USA", "US"), ("United States", "US"), ("Соединённые Штаты", "US"), ("UK", "GB"), ("Royaume-Uni", "GB"),
    ("Brasil", "BR"), ("Schweiz", "CH"), ("Côte d’Ivoire", "CI"), ("FRA", "FR"), ("de", "DE"), ("  norway ", "NO"),
])
def test_country_names_in_many_languages(text: str, code: str) -> None:
    assert country_code(text) == code


@pytest.mark.parametrize("text", ["Narnia", "", "Москва", "12"])
def test_what_is_not_a_country_is_not_guessed(text: str) -> None:
    assert country_code(text) is None


ROWS = [["Name", "Phone", "Country"],
        ["Ola Nordmann", "22 12 34 56", "Norway"], ["Juan Pérez", "55 1234 5678", "México"],
        ["Hans Müller", "030 1234567", "Deutschland"], ["Jane Roe", "(212) 555-0123", "USA"],
        ["Иван Петров", "8 916 123-45-67", "Россия"], ["Ana Lima", "11 91234-5678", "Brasil"]]
E164 = ["+4722123456", "+525512345678", "+49301234567", "+12125550123", "+79161234567", "+5511912345678"]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_the_rows_country_sets_the_phone_region(vault, tmp_path: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    result = run_import(vault, write_table(tmp_path / f"world{suffix}", ROWS))
    assert (result.created, result.rejected, result.problems) == (6, 0, 0)
    with vault.session() as s:
        got = s.execute(select(m.Client.country, m.Phone.e164).join(m.Phone, m.Phone.client_id == m.Client.id)
                        .order_by(m.Client.id)).all()
    assert [tuple(g) for g in got] == list(zip(["NO", "MX", "DE", "US", "RU", "BR"], E164, strict=True))


def test_default_region_and_problems_summed_per_column(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [["Name", "Phone", "Birthday"]] + [[f"Person {chr(65 + i)}", f"(212) 555-01{i:02d}", "31.02.1990"]
                                             for i in range(10)]
    path = write_table(tmp_path / "us.csv", rows)
    as_ru = run_import(vault, path, ImportOptions(default_region="RU"), dry_run=True)
    assert as_ru.column_problems == {"Phone": 10, "Birthday": 10}
    as_us = run_import(vault, path, ImportOptions(default_region="US"), dry_run=True)
    assert as_us.column_problems == {"Birthday": 10}  # the real problem is no longer hidden among phones


def test_the_report_has_problems_by_column(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from clientbook.core.importing import write_report

    rows = [["Name", "Phone", "Birthday"]] + [[f"Person {chr(65 + i)}", "12-34", "31.02.1990" if i % 2 else ""]
                                             for i in range(6)]
    result = run_import(vault, write_table(tmp_path / "bad.csv", rows), dry_run=True)
    report = write_report(result, tmp_path / "report.xlsx", lang="en")
    sheet = load_workbook(report, read_only=True)["By column"]
    assert list(sheet.iter_rows(values_only=True)) == [("Column", "Cells with problems"), ("Phone", 6),
                                                       ("Birthday", 3)]
