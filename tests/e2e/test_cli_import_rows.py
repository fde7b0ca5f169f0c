"""`clientbook import` in a subprocess: orders sheets, people kept apart, hopeless files, report paths."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest
from test_cli_import import _stats, run

from clientbook import cli
from clientbook.cli import import_cmds
from clientbook.core.vault import Vault
from import_support import write_csv, write_xlsx

ORDERS = ("Код клиента;Клиент;Телефон;Дата заказа;Сумма;Товар\n"
          "17;Котова Анна;+7 916 123-45-67;01.03.2024;1 200,00;Диван\n"
          "18;Лисин Борис;+7 903 000-00-01;02.03.2024;350;Лампа\n"
          "17;Котова Анна;+7 916 123-45-67;05.03.2024;99;Подушка\n"
          "17;Котова Анна;8 916 123 45 67;09.04.2024;10;Доставка\n")


def _vault(tmp_path: Path, password: str) -> Path:
    path = tmp_path / "cli.db"
    Vault.create(path, password).close()
    return path


@pytest.mark.parametrize("lang,words", [("ru", "лист заказов"), ("en", "orders sheet")])
def test_orders_sheet_hint_one_card_per_code_and_rows_as_purchases(tmp_path: Path, password: str, lang: str,
                                                                   words: str) -> None:
    vault = _vault(tmp_path, password)
    orders = write_csv(tmp_path / "orders.csv", ORDERS)
    out = run(vault, password, "import", str(orders), "--json", lang=lang)
    assert out.returncode == 0, out.stderr
    assert words in out.stderr and "--rows-as-purchases" in out.stderr  # offered once, before the import
    assert json.loads(out.stdout)["created"] == 2 and _stats(vault, password)["clients"] == 2
    again = run(vault, password, "import", str(orders), "--rows-as-purchases", "--json", lang=lang)
    assert again.returncode == 0, again.stderr
    totals = json.loads(again.stdout)
    assert (totals["created"], totals["purchases"]) == (0, 4) and "--rows-as-purchases" not in again.stderr
    stats = _stats(vault, password)
    assert (stats["clients"], stats["purchases"]) == (2, 4)


def test_people_sharing_an_email_are_two_cards_in_the_review(tmp_path: Path, password: str) -> None:
    vault = _vault(tmp_path, password)
    family = write_xlsx(tmp_path / "family.xlsx", [["ФИО", "E-mail"], ["Котова Анна", "home@kotov.ru"],
                                                   ["Котов Борис", "home@kotov.ru"]])
    out = run(vault, password, "import", str(family), "--report", str(tmp_path / "r.xlsx"))
    assert out.returncode == 0, out.stderr
    assert "Created: 2" in out.stdout and _stats(vault, password)["emails"] == 2
    pairs = run(vault, password, "dedup", "--json")
    assert pairs.returncode == 0, pairs.stderr
    found = json.loads(pairs.stdout)
    assert len(found) == 1 and "kept apart by an import" in json.dumps(found, ensure_ascii=False)


@pytest.mark.parametrize("content,words", [
    ("Name,Phone," + "Ivan Petrov,+79161234567," * 420_000, "line 1 is longer"),  # ~10 MB, no line break
    ("ФИО;Город\n;Москва\n;Тверь\n", "Nothing can be imported"),
])
def test_hopeless_files_exit_non_zero_with_one_line_and_write_nothing(tmp_path: Path, password: str, content: str,
                                                                      words: str) -> None:
    vault = _vault(tmp_path, password)
    path = write_csv(tmp_path / "bad.csv", content)
    out = run(vault, password, "import", str(path))
    assert out.returncode == 1
    assert words in out.stderr and out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    stats = _stats(vault, password)
    assert stats["clients"] == 0
    dry = run(vault, password, "import", str(path), "--dry-run")  # the dry run says the same
    assert dry.returncode == 1 and words in dry.stderr
    backups = run(vault, password, "backups", "--json")
    assert backups.returncode == 0, backups.stderr
    assert json.loads(backups.stdout) == []  # no restore point was made for nothing


def test_purchases_without_a_client_column_say_so_once(tmp_path: Path, password: str) -> None:
    vault = _vault(tmp_path, password)
    path = write_csv(tmp_path / "sales.csv", "Дата;Сумма;Кто купил\n" + "01.03.2024;100;Котова Анна\n" * 700)
    for extra in ((), ("--yes",), ("--dry-run",)):  # --yes cannot link rows to nobody either
        out = run(vault, password, "import", str(path), "--kind", "purchases", *extra, lang="ru")
        assert out.returncode == 1 and out.stderr.count("\n") == 1, out.stderr
        assert "Ни один столбец не указывает клиента" in out.stderr and "«Кто купил»" in out.stderr
        assert "не найден" not in out.stderr  # not "The client “” was not found" × 700
    assert _stats(vault, password)["clients"] == 0


@pytest.mark.parametrize("where", ["missing/folder/r.xlsx", "."])
def test_report_path_is_checked_before_anything_is_written(tmp_path: Path, password: str, where: str) -> None:
    vault = _vault(tmp_path, password)
    source = write_csv(tmp_path / "ok.csv", "ФИО;Телефон\nКотова Анна;+79161234567\n")
    out = run(vault, password, "import", str(source), "--report", str(tmp_path / where))
    assert out.returncode == 1 and "Nothing was imported" in out.stderr
    assert _stats(vault, password)["clients"] == 0
    # the same command with a good path imports once, and a second run finds the card (no doubling)
    good = run(vault, password, "import", str(source), "--report", str(tmp_path / "r.xlsx"))
    assert good.returncode == 0 and (tmp_path / "r.xlsx").is_file()
    assert _stats(vault, password)["clients"] == 1


def test_a_report_failing_after_the_import_says_the_import_succeeded(tmp_path: Path, password: str,
                                                                      monkeypatch: pytest.MonkeyPatch,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """The disk fills between the import's commit and the report: exit 3, the import stays."""
    vault = _vault(tmp_path, password)
    source = write_csv(tmp_path / "ok.csv", "ФИО;Телефон\nКотова Анна;+79161234567\n")

    def disk_full(*_args: object, **_kwargs: object) -> Path:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setenv("CLIENTBOOK_PASSWORD", password)
    monkeypatch.setenv("CLIENTBOOK_LANG", "en")
    monkeypatch.setattr("clientbook.core.importing.write_report", disk_full)
    code = cli.main(["import", str(source), "--report", str(tmp_path / "r.xlsx"), "--vault", str(vault)])
    err = capsys.readouterr().err
    assert code == import_cmds.EXIT_REPORT_FAILED == 3
    assert "The import succeeded (number 1)" in err and "No space left" in err
    assert _stats(vault, password)["clients"] == 1
    monkeypatch.undo()
    later = run(vault, password, "import-report", "1", str(tmp_path / "later.xlsx"))
    assert later.returncode == 0, later.stderr
    assert (tmp_path / "later.xlsx").is_file()
