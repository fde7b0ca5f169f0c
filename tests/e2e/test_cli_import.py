"""`clientbook import` and `clientbook import-undo` in a real subprocess on a real vault."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import text

from clientbook.core.vault import Vault
from import_support import write_csv, write_xlsx


def run(vault_path: Path, password: str, *args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLIENTBOOK_PASSWORD": password, "CLIENTBOOK_LANG": lang}
    return subprocess.run([sys.executable, "-m", "clientbook", *args, "--vault", str(vault_path)],
                          capture_output=True, text=True, env=env, timeout=300)


def _stats(path: Path, password: str) -> dict[str, int]:
    out = run(path, password, "stats", "--json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_import_dry_run_real_run_report_and_undo(tmp_path: Path, password: str) -> None:
    vault_path = tmp_path / "cli.db"
    Vault.create(vault_path, password).close()
    source = write_xlsx(tmp_path / "clients.xlsx", [
        ["Отчёт о клиентах"], [],
        ["Фамилия", "Имя", "Телефон", "Согласие на рассылку"],
        ["Котова", "Анна", 79161234567, "да"], ["Лисин", "Борис", "8 903 123-45-67", "нет"],
        ["", "", "", ""], ["Котова", "Анна", "+7 916 123 45 67", "да"],
    ])
    dry = run(vault_path, password, "import", str(source), "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    totals = json.loads(dry.stdout)
    assert {k: totals[k] for k in ("created", "updated", "skipped", "rejected", "batch")} == {
        "created": 2, "updated": 0, "skipped": 1, "rejected": 0, "batch": None}
    assert _stats(vault_path, password)["clients"] == 0

    report = tmp_path / "report.xlsx"
    real = run(vault_path, password, "import", str(source), "--header-row", "3", "--json", "--report", str(report))
    assert real.returncode == 0, real.stderr
    totals = json.loads(real.stdout)
    assert (totals["created"], totals["skipped"], totals["rejected"]) == (2, 1, 0) and totals["batch"]
    stats = _stats(vault_path, password)
    assert (stats["clients"], stats["phones"], stats["consents"]) == (2, 2, 2)
    rows = list(load_workbook(report, read_only=True)["Rows"].iter_rows(values_only=True))
    assert rows[1][:2] == (7, "merged with a row above")

    undo = run(vault_path, password, "import-undo", str(totals["batch"]), "--json")
    assert undo.returncode == 0, undo.stderr
    assert json.loads(undo.stdout) == {"deleted": 2, "restored": 0}
    assert _stats(vault_path, password)["clients"] == 0


def test_mapping_file_and_purchases(tmp_path: Path, password: str) -> None:
    vault_path = tmp_path / "cli.db"
    Vault.create(vault_path, password).close()
    orders = write_csv(tmp_path / "orders.csv", "Покупатель;Дата;Сумма;Что\n"
                                                "Анна Котова;01.03.2024;1 234,50 ₽;Диван\n"
                                                "Анна Котова;15.03.2024;99;Подушка\n")
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"Покупатель": "full_name", "Дата": "date", "Сумма": "amount", "Что": "item"}),
                       encoding="utf-8")
    out = run(vault_path, password, "import", str(orders), "--kind", "purchases", "--mapping", str(mapping), "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["purchases"] == 2 and json.loads(out.stdout)["created"] == 1
    stats = _stats(vault_path, password)
    assert (stats["clients"], stats["purchases"]) == (1, 2)


def test_bad_files_get_one_line_in_the_users_language(tmp_path: Path, password: str) -> None:
    vault_path = tmp_path / "cli.db"
    Vault.create(vault_path, password).close()
    fake = tmp_path / "photo.xlsx"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    out = run(vault_path, password, "import", str(fake), lang="ru")
    assert out.returncode == 1
    assert out.stderr.strip() == ("clientbook: Файл «photo.xlsx» не является таблицей "
                                  "(возможно, это файл другого типа с изменённым расширением).")
    bad_map = tmp_path / "bad.json"
    bad_map.write_text('{"Имя": "colour"}', encoding="utf-8")
    good = write_csv(tmp_path / "ok.csv", "Имя;Телефон\nАнна;+79161234567\nБорис;+79031234567\n")
    out = run(vault_path, password, "import", str(good), "--mapping", str(bad_map))
    assert out.returncode == 1 and "mapping" in out.stderr and out.stderr.count("\n") == 1
    assert _stats(vault_path, password)["clients"] == 0
    out = run(vault_path, password, "import-undo", "42")
    assert out.returncode == 1 and "#42" in out.stderr


def test_history_kind_links_visits_reimports_nothing_and_undoes(tmp_path: Path, password: str) -> None:
    vault_path = tmp_path / "cli.db"
    Vault.create(vault_path, password).close()
    clients_file = write_csv(tmp_path / "clients.csv", "ФИО;Телефон;E-mail\n"
                                                       "Котова Анна;+7 916 123-45-67;anna@example.com\n")
    assert run(vault_path, password, "import", str(clients_file)).returncode == 0
    visits = write_csv(tmp_path / "visits.csv", "Дата;Телефон;E-mail;Тип;Тема\n"
                                                "01.03.2024 10:00;8 916 1234567;;визит;Стрижка\n"
                                                "02.03.2024 18:30;;ANNA@example.com;Звонок;Напомнить о записи\n"
                                                "03.03.2024;+7 999 000 00 00;;Жалоба;Кто это?\n", encoding="cp1251")
    first = run(vault_path, password, "import", str(visits), "--kind", "history", "--no-create-clients", "--json")
    assert first.returncode == 0, first.stderr
    totals = json.loads(first.stdout)
    assert (totals["interactions"], totals["rejected"], totals["created"]) == (2, 1, 0) and totals["batch"]
    again = run(vault_path, password, "import", str(visits), "--kind", "history", "--no-create-clients")
    assert again.returncode == 0, again.stderr
    assert "History entries: 0" in again.stdout and "Skipped: 2" in again.stdout
    with Vault.open(vault_path, password) as vault, vault.session() as s:
        kinds = s.execute(text("SELECT kind, subject FROM interactions ORDER BY occurred_at")).all()
    assert [tuple(k) for k in kinds] == [("meeting", "Стрижка"), ("call", "Напомнить о записи")]
    undo = run(vault_path, password, "import-undo", str(totals["batch"]), "--json")
    assert undo.returncode == 0, undo.stderr
    with Vault.open(vault_path, password) as vault, vault.session() as s:
        assert s.execute(text("SELECT count(*) FROM interactions")).scalar() == 0
        assert s.execute(text("SELECT count(*) FROM clients")).scalar() == 1


def _on_terminal(vault_path: Path, password: str, *args: str, lang: str) -> str:
    """What a user sees on a terminal: the command's stderr is a pseudo-terminal, so the bar is drawn."""
    import pty

    controller, terminal = pty.openpty()
    env = {**os.environ, "CLIENTBOOK_PASSWORD": password, "CLIENTBOOK_LANG": lang}
    with subprocess.Popen([sys.executable, "-m", "clientbook", *args, "--vault", str(vault_path)],
                          stdout=subprocess.DEVNULL, stderr=terminal, env=env) as process:
        os.close(terminal)
        seen = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the command ended and closed its side of the terminal
                break
            if not chunk:
                break
            seen += chunk
        assert process.wait(timeout=300) == 0, seen
    os.close(controller)
    return seen.decode()


def test_terminal_bar_says_the_rows_are_being_saved_once_every_row_is_read(tmp_path: Path, password: str) -> None:
    """At 1,000,000 rows saving takes 45 s after the bar reaches 100 %: the line says so (ru and en)."""
    vault_path = tmp_path / "cli.db"
    Vault.create(vault_path, password).close()
    source = write_csv(tmp_path / "clients.csv",
                       "ФИО;Телефон\nКотова Анна;+7 916 123 45 67\nЛисин Борис;+7 903 123 45 67\n")
    english = _on_terminal(vault_path, password, "import", str(source), lang="en")
    assert "import: 100% (2/2) — every row is read; saving them in the vault…" in english
    russian = _on_terminal(vault_path, password, "import", str(source), "--on-duplicate", "skip", lang="ru")
    assert "import: 100% (2/2) — все строки прочитаны, сохраняю их в базу…" in russian
