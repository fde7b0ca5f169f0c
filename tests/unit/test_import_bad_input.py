"""SPEC §16 bad input that used to run for minutes, crash or write an empty batch: one clear message,
bounded memory, nothing written (no restore point, no batch). Files are generated here."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from sqlalchemy import select

from clientbook.core import backup
from clientbook.core import models as m
from clientbook.core.errors import KnownError
from clientbook.core.importing import ImportOptions, run_import
from import_support import counts, write_csv

TEN_MB = 10 * 1024 * 1024


def _nothing_written(vault, before: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    assert counts(vault) == before
    assert backup.list_backups(vault) == []  # no restore point either


@pytest.mark.parametrize("unit", [b"Ivan Petrov,+79161234567,", "Иванов Иван;+79161234567;".encode(),
                                  b"x" * 64, b'"a",'])
def test_a_10_mb_single_line_is_refused_in_bounded_memory(vault, tmp_path: Path, unit: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "one-line.csv"
    path.write_bytes(b"Name,Phone," + unit * (TEN_MB // len(unit)))
    before = counts(vault)
    tracemalloc.start()
    try:
        with pytest.raises(KnownError) as caught:
            run_import(vault, path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.message.code in ("import_line_too_long", "import_too_wide")
    assert "one-line.csv" in caught.value.message.text("en") and "Nothing was imported" in caught.value.message.text("en")
    assert peak < 64 * 1024 * 1024  # a few times the 1 MiB line limit, not the file
    _nothing_written(vault, before)


def test_many_columns_on_short_lines_are_refused_before_mapping(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "wide.csv", ";".join(f"c{i}" for i in range(5000)) + "\n" + "x;" * 5000 + "\n")
    with pytest.raises(KnownError) as caught:
        run_import(vault, path)
    assert caught.value.message.code == "import_too_wide" and caught.value.message.params["columns"] == 5000


def test_classic_mac_line_breaks_are_lines(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = "".join(f"Клиент {i} Иванов;+7916{i:07d}\r" for i in range(3000))
    path = write_csv(tmp_path / "cr.csv", "ФИО;Телефон\r" + rows)
    assert run_import(vault, path).created == 3000  # 3,000 short lines ending in CR, not one long line


@pytest.mark.parametrize("body", [
    'Иванов Иван;"' + "x" * 200_000 + '"\nПетров Пётр;ok\n',  # a huge quoted cell
    'Иванов Иван;"unclosed\n' + "Петров Пётр;ok\n" * 20_000,  # an unclosed quote swallows the rest
    "Иванов Иван;" + "y" * 200_000 + "\n",  # a huge plain cell
])
def test_a_cell_over_128_kib_gets_one_message_not_a_traceback(vault, tmp_path: Path, body: str) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "big-cell.csv", "ФИО;Заметка\n" + body)
    before = counts(vault)
    with pytest.raises(KnownError) as caught:
        run_import(vault, path)
    assert caught.value.message.code == "import_cell_too_big"
    assert "128" in caught.value.message.text("ru") and "line 2" in caught.value.message.text("en")
    _nothing_written(vault, before)


@pytest.mark.parametrize("rows,bad_row", [
    (["Котова Анна;Москва".encode(), "Лисин Борис;Тверь".encode(), "Мухина ".encode() + b"\xff" + "Вера;Казань".encode()], 4),
    (["Ærø Jensen;Ålborg".encode(), "Zoë Müller;Köln".encode(), b"Bad\xfeByte Name;Paris"], 4),
    (["Бад".encode() + b"\xc3 " + "Имя;Уфа".encode(), "Котова Анна;Москва".encode(), "Лисин Борис;Тверь".encode()], 2),
])
def test_one_invalid_byte_keeps_a_utf8_file_utf8(vault, tmp_path: Path, rows: list[bytes], bad_row: int) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "almost-utf8.csv"
    path.write_bytes("ФИО;Город\n".encode() + b"\n".join(rows) + b"\n")
    result = run_import(vault, path)
    assert (result.created, result.rejected) == (3, 0)
    good = [r.decode() for i, r in enumerate(rows, start=2) if i != bad_row]
    with vault.session() as s:
        cities = set(s.scalars(select(m.Client.city)))
    assert {r.split(";")[1] for r in good} <= cities  # the other rows are read as written, not as cp1251
    flagged = [o for o in result.outcomes if any(r.code == "import_undecodable" for r in o.reasons)]
    assert [o.row_no for o in flagged] == [bad_row]


def test_a_cp1251_file_is_still_cp1251(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "win.csv", "ФИО;Город\nКотова Анна;Москва\nЛисин Борис;Тверь\n", encoding="cp1251")
    result = run_import(vault, path)
    assert result.created == 2 and not [o for o in result.outcomes if o.reasons]


@pytest.mark.parametrize("kind,text,reason", [
    ("clients", "ФИО;Город\n;Москва\n;Тверь\n", "import_no_name"),
    ("clients", "Name,City\n,Oslo\n,Bergen\n", "import_no_name"),
    ("purchases", "Покупатель;Дата;Сумма\nКотова Анна;;100\nЛисин Борис;вчера;200\n", "import_no_date"),
])
def test_nothing_importable_writes_nothing(vault, tmp_path: Path, kind: str, text: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "hopeless.csv", text)
    before = counts(vault)
    with pytest.raises(KnownError) as caught:
        run_import(vault, path, ImportOptions(kind=kind))
    assert caught.value.message.code == "import_nothing" and caught.value.message.params["rows"] == 2
    assert "Nothing was written" in caught.value.message.text("en")
    _nothing_written(vault, before)
    dry = run_import(vault, path, ImportOptions(kind=kind), dry_run=True)  # the dry run still lists the rows
    assert dry.rejected == 2 and dry.outcomes[0].reasons[0].code == reason


def test_linked_rows_of_unknown_clients_write_no_empty_batch(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "orders.csv", "Покупатель;Дата;Сумма\nКотова Анна;01.03.2024;100\n")
    with pytest.raises(KnownError) as caught:
        run_import(vault, path, ImportOptions(kind="purchases", create_clients=False))
    assert caught.value.message.code == "import_nothing"
    assert counts(vault)["batches"] == 0


@pytest.mark.parametrize("kind,text,could", [
    ("purchases", "Дата;Сумма;Кто купил\n01.03.2024;100;Котова Анна\n02.03.2024;50;Лисин Борис\n"
                  "03.03.2024;70;Мухина Вера\n04.03.2024;10;Котова Анна\n", "«Кто купил»"),
    ("history", "Date,Type,Who\n2024-03-01,call,Anna Kotova\n2024-03-02,visit,Boris Lisin\n"
                "2024-03-03,call,Vera Mukhina\n2024-03-04,letter,Anna Kotova\n", "«Who»"),
    ("purchases", "Дата;Сумма\n01.03.2024;100\n", "could: —"),
])
def test_no_column_naming_the_client_is_said_once_before_any_row(vault, tmp_path: Path, kind: str, text: str,  # type: ignore[no-untyped-def]
                                                                 could: str) -> None:
    path = write_csv(tmp_path / "linked.csv", text)
    before = counts(vault)
    with pytest.raises(KnownError) as caught:
        run_import(vault, path, ImportOptions(kind=kind))
    assert caught.value.message.code == "import_no_client_column"
    message = caught.value.message.text("en")
    assert could in message and "No column identifies the client" in message
    _nothing_written(vault, before)
