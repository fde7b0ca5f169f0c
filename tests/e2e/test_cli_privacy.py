"""`clientbook privacy report|erase|due` in a real subprocess: the report, the erasure with its act in
Russian and English, backups rewritten without the person and re-verified, clear errors."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from clientbook.core import backup, clients, consents, history
from clientbook.core.clients import ClientInput
from clientbook.core.vault import Vault

SURNAME = "Канареечкина"


def run(vault_path: Path, password: str, *args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLIENTBOOK_PASSWORD": password, "CLIENTBOOK_LANG": lang}
    return subprocess.run([sys.executable, "-m", "clientbook", *args, "--vault", str(vault_path)],
                          capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture
def base(tmp_path: Path, password: str) -> tuple[Path, int]:
    path = tmp_path / "cli.db"
    with Vault.create(path, password) as vault:
        with vault.transaction() as s:
            person = clients.create_client(s, ClientInput(last_name=SURNAME, first_name="Ольга",
                                                          phones=["+7 916 444-55-66"], emails=["olga.k@example.org"]))
            clients.create_client(s, ClientInput(last_name="Остающийся", first_name="Иван"))
            history.add_purchase(s, person.id, dt.date(2026, 5, 5), "250")
            consents.record_consent(s, person.id, "processing", False, evidence="заявление Канареечкиной")
            person_id = person.id
        backup.make_backup(vault, "manual")  # a regular backup that holds the person
    return path, person_id


def test_report_then_erase_with_act_and_rewritten_backups(base: tuple[Path, int], password: str,
                                                          tmp_path: Path) -> None:
    path, person = base
    due = run(path, password, "privacy", "due", "--json")
    assert due.returncode == 0, due.stderr
    assert [t["client_id"] for t in json.loads(due.stdout)] == [person]

    report_file = tmp_path / "report.json"
    out = run(path, password, "privacy", "report", str(person), "--format", "json", "-o", str(report_file))
    assert out.returncode == 0, out.stderr
    assert "report was saved" in out.stdout
    data = json.loads(report_file.read_text(encoding="utf-8"))
    assert data["sections"]["card"][0]["last_name"] == SURNAME
    assert [b["kind"] for b in data["sections"]["backups"]] == ["manual"]
    xlsx = tmp_path / "report.xlsx"
    out = run(path, password, "privacy", "report", str(person), "-o", str(xlsx), lang="ru")
    assert out.returncode == 0 and "Отчёт о персональных данных сохранён" in out.stdout
    assert "Карточка" in openpyxl.load_workbook(xlsx).sheetnames

    out = run(path, password, "privacy", "erase", str(person), "--ground", "withdrawal", "--act",
              str(tmp_path / "act"), "--rewrite-backups", "--json", lang="ru")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["anonymised_purchases"] == 1 and result["problems"] == []
    assert len(result["rewritten"]) == 2  # the manual backup and the restore point made before erasing
    assert result["backups_holding"] == []
    act_xlsx, act_html = (Path(p) for p in result["act"])
    sheet = openpyxl.load_workbook(act_xlsx)["Акт"]
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Акт об уничтожении персональных данных" in values
    assert any("Отзыв субъектом согласия" in v for v in values) and any(SURNAME in v for v in values)
    page = act_html.read_text(encoding="utf-8")
    assert "Выгрузка из журнала регистрации событий" in page and "erase" in page and "подпись" in page

    with Vault.open(path, password) as vault:
        recs = backup.list_backups(vault)
        folder = backup.load_settings(vault).main_folder(vault.path)
        for rec in recs:
            assert backup.verify_backup(folder / rec.file, vault.raw_key).ok, rec.file
            conn = backup.open_readonly(folder / rec.file, vault.raw_key)
            try:
                names = [r[0] for r in conn.execute("SELECT last_name FROM clients")]
                logged = conn.execute("SELECT count(*) FROM audit WHERE instr(coalesce(new, ''), ?) > 0",
                                      (SURNAME,)).fetchone()[0]
            finally:
                conn.close()
            assert SURNAME not in names and "Остающийся" in names and logged == 0, rec.file


def test_english_act_and_clear_errors(base: tuple[Path, int], password: str, tmp_path: Path) -> None:
    path, person = base
    bad = run(path, password, "privacy", "erase", str(person), "--ground", "whim")
    assert bad.returncode == 2 and "invalid choice" in bad.stderr
    missing = run(path, password, "privacy", "erase", "9999")
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1 and "Traceback" not in missing.stderr
    wrong = run(path, password, "privacy", "report", str(person), "--format", "pdf", "-o", str(tmp_path / "r.pdf"))
    assert wrong.returncode == 2
    out = run(path, password, "privacy", "erase", str(person), "--act", str(tmp_path / "act.xlsx"))
    assert out.returncode == 0, out.stderr
    assert "Personal data erased" in out.stdout and "Backups still holding the data" in out.stdout
    assert "manual" in out.stdout or "backup" in out.stdout
    page = (tmp_path / "act.html").read_text(encoding="utf-8")
    assert "Act of destruction of personal data" in page and "Request of the data subject" in page
