"""`clientbook import` says which columns are doubtful before writing, needs --mapping or --yes then,
and its dry run reports every column with the field chosen, its confidence and its problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli_import import _stats, run

from clientbook.core.vault import Vault
from import_support import write_csv, write_xlsx

HEADERLESS = ("Иванов Иван;+7 916 123-45-67;Москва\nПетрова Анна;+7 916 765-43-21;Тверь\n"
              "Сидоров Пётр;8 903 111-22-33;Омск\nКотова Мария;89161112233;Казань\n")


@pytest.fixture
def vault_path(tmp_path: Path, password: str) -> Path:
    path = tmp_path / "cli.db"
    Vault.create(path, password).close()
    return path


@pytest.mark.parametrize(("lang", "doubt", "confirm"), [
    ("en", "was taken as “Full name” on a weak guess", "then give --mapping FILE or confirm with --yes"),
    ("ru", "взят как «ФИО» лишь по догадке", "укажите --mapping ФАЙЛ или подтвердите --yes"),
])
def test_a_weak_name_guess_stops_the_import_until_confirmed(vault_path: Path, password: str, tmp_path: Path,
                                                            lang: str, doubt: str, confirm: str) -> None:
    source = write_csv(tmp_path / "list.csv", HEADERLESS)
    refused = run(vault_path, password, "import", str(source), lang=lang)
    assert refused.returncode == 2
    lines = [line for line in refused.stderr.splitlines() if line.strip()]
    assert sum(doubt in line for line in lines) == 1 and confirm in lines[-1]
    assert _stats(vault_path, password)["clients"] == 0  # nothing written, no restore point needed

    confirmed = run(vault_path, password, "import", str(source), "--yes", "--json", lang=lang)
    assert confirmed.returncode == 0, confirmed.stderr
    assert json.loads(confirmed.stdout)["created"] == 4


def test_a_mapping_file_is_a_confirmation(vault_path: Path, password: str, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "list.csv", HEADERLESS)
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"A": "full_name", "B": "phone", "C": "city"}), encoding="utf-8")
    out = run(vault_path, password, "import", str(source), "--mapping", str(mapping), "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["created"] == 4 and report["doubts"] == []
    assert {c["field"] for c in report["columns"]} == {"full_name", "phone", "city"}
    assert all(c["confidence"] == 1.0 and c["why"] == "user" for c in report["columns"])


def test_dry_run_json_reports_columns_confidence_problems_and_doubts(vault_path: Path, password: str,
                                                                    tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "clients.xlsx", [
        ["Клиент", "Телефон", "ВИП клиент:", "Страна"],
        ["1", "+7 916 123-45-67", 1, "Россия"], ["2", "12-34", 0, "Мексика"],
        ["Котова Анна", "+7 916 765-43-21", 1, "Narnia"], ["3", "+7 903 111-22-33", 0, "Deutschland"],
    ])
    out = run(vault_path, password, "import", str(source), "--dry-run", "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["dry_run"] is True and report["batch"] is None
    columns = {c["header"]: c for c in report["columns"]}
    assert columns["Клиент"]["field"] == "full_name" and columns["Телефон"]["field"] == "phone"
    assert columns["ВИП клиент:"]["field"] == "flag"
    assert columns["Страна"]["field"] == "country"
    assert all(0 <= c["confidence"] <= 1 and c["level"] in ("high", "medium", "low") for c in columns.values())
    assert (columns["Телефон"]["problems"], columns["Страна"]["problems"], columns["Клиент"]["problems"]) == (1, 1, 0)
    assert len(report["doubts"]) == 1 and "“Клиент”" in report["doubts"][0] and "(e.g. “1”)" in report["doubts"][0]
    assert _stats(vault_path, password)["clients"] == 0

    text = run(vault_path, password, "import", str(source), "--dry-run")
    assert text.returncode == 0 and "holds digits or codes" in text.stderr
    assert "Problems by column:" in text.stderr and "  Телефон: 1" in text.stderr
