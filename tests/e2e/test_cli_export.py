"""`clientbook segments` and `clientbook export` in a real subprocess."""

from __future__ import annotations

import csv
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from clientbook.core import clients, consents, segments
from clientbook.core.clients import ClientInput
from clientbook.core.vault import Vault


def run(vault_path: Path, password: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLIENTBOOK_PASSWORD": password, "CLIENTBOOK_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "clientbook", *args, "--vault", str(vault_path)],
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def base(tmp_path: Path, password: str) -> Path:
    path = tmp_path / "cli.db"
    with Vault.create(path, password) as vault, vault.transaction() as s:
        ok = clients.create_client(s, ClientInput(last_name="Согласная", first_name="Анна", city="Москва",
                                                  emails=["anna@example.ru"], phones=["+79160000001"]))
        gone = clients.create_client(s, ClientInput(last_name="Отозвавший", first_name="Олег", city="Москва",
                                                    emails=["oleg@example.ru"], phones=["+79160000002"]))
        clients.create_client(s, ClientInput(last_name="Тверской", city="Тверь", emails=["tver@example.ru"]))
        consents.record_consent(s, ok.id, "email", True)
        consents.record_consent(s, gone.id, "email", True)
        consents.record_consent(s, gone.id, "email", False)
        segments.save_segment(s, "Москвичи", {"kind": "field", "field": "city", "op": "equals", "value": "москва"})
    return path


def test_segments_lists_saved_and_builtin_with_counts(base: Path, password: str) -> None:
    out = run(base, password, "segments", "--json")
    assert out.returncode == 0, out.stderr
    lines = {item["name"]: item for item in json.loads(out.stdout)}
    assert lines["Москвичи"]["count"] == 2 and lines["Москвичи"]["builtin"] is None
    assert lines["No mailing consent"]["count"] == 2
    text = run(base, password, "segments")
    assert "Москвичи" in text.stdout and "no_mailing_consent" in text.stdout


def test_export_segment_as_mailing_list(base: Path, password: str, tmp_path: Path) -> None:
    target = tmp_path / "mail.csv"
    out = run(base, password, "export", "--segment", "москвичи", "--preset", "email", "--mailing", "email",
              "-o", str(target), "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["rows"] == 1 and result["excluded"]["withdrawn"] == 1
    with open(target, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    assert [r["E-mail"] for r in rows] == ["anna@example.ru"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    human = run(base, password, "export", "--mailing", "email", "-o", str(tmp_path / "all.xlsx"))
    assert human.returncode == 0 and "consent withdrawn): 1" in human.stdout and "no consent): 1" in human.stdout
    ws = openpyxl.load_workbook(tmp_path / "all.xlsx").active
    assert [c.value for c in ws["J"]][1:] == ["anna@example.ru"]


def test_export_errors_are_one_line_and_write_nothing(base: Path, password: str, tmp_path: Path) -> None:
    target = tmp_path / "x.csv"
    out = run(base, password, "export", "--segment", "нет такого", "-o", str(target))
    assert out.returncode == 1 and out.stderr.count("\n") == 1 and "нет такого" in out.stderr
    bad = run(base, password, "export", "--delimiter", "::", "-o", str(target))
    assert bad.returncode == 1 and "delimiter" in bad.stderr
    assert not target.exists()
    vcf = run(base, password, "export", "-o", str(tmp_path / "c.vcf"))
    assert vcf.returncode == 0 and (tmp_path / "c.vcf").read_text(encoding="utf-8").count("BEGIN:VCARD") == 3
