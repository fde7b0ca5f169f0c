"""A list with no header row (its first line is already a client) is detected, and its columns are
mapped from their values; `header_row=None` (CLI `--header-row none`) gives the same result."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from clientbook.core import models as m
from clientbook.core.importing import ImportOptions, analyze, run_import
from import_support import write_table

LISTS = {
    "ru": [["Иванов Иван", "+7 916 123-45-67", "Москва"], ["Петрова Анна", "+7 916 765-43-21", "Тверь"],
           ["Сидоров Пётр Ильич", "8 903 111-22-33", "Омск"], ["Котова Мария", "89161112233", "Казань"]],
    "en": [["John Smith", "john@example.com", "+1 212 555 0123"], ["Mary Jones", "mary@example.org", "+1 212 555 0124"],
           ["Bob Lee", "bob@example.net", "+1 212 555 0125"], ["Ann Ray", "ann@example.com", "+1 212 555 0126"]],
    "names-over-words": [["Иванов Иван", "Москва", "Опт"], ["Петрова Анна", "Тверь", "Розница"],
                         ["Сидоров Пётр", "Омск", "Опт"], ["Котова Юлия", "Омск", "Опт"]],
}


@pytest.mark.parametrize("header_row", ["auto", None])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".ods"])
@pytest.mark.parametrize("name", list(LISTS))
def test_first_line_is_a_client(vault, tmp_path: Path, name: str, suffix: str,
                                header_row: str | None) -> None:  # type: ignore[no-untyped-def]
    rows = LISTS[name]
    path = write_table(tmp_path / f"{name}{suffix}", rows)
    analysis = analyze(path, header_row=header_row)
    try:
        assert analysis.layout.header_row is None and len(analysis.sample) == 4
        assert analysis.mapping.targets[0] == "full_name"
        assert [d.message.code for d in analysis.doubts()] == ["import_doubt_name_weak"]  # said before writing
    finally:
        analysis.close()
    result = run_import(vault, path, ImportOptions(header_row=header_row))
    assert (result.created, result.rejected) == (4, 0)
    with vault.session() as s:
        first = s.scalars(select(m.Client).order_by(m.Client.id)).first()
        assert first is not None and first.display_name.split()[0] in ("Иванов", "Smith", "John")
        if name != "names-over-words":
            assert s.scalar(select(m.Phone.e164).where(m.Phone.client_id == first.id))


def test_a_real_header_over_the_same_values_is_still_a_header(tmp_path: Path) -> None:
    rows = [["ФИО", "Телефон", "Город"], *LISTS["ru"]]
    analysis = analyze(write_table(tmp_path / "with-header.csv", rows))
    try:
        assert analysis.layout.header_row == 0 and analysis.headers == ["ФИО", "Телефон", "Город"]
        assert analysis.mapping.targets == {0: "full_name", 1: "phone", 2: "city"} and not analysis.doubts()
    finally:
        analysis.close()
