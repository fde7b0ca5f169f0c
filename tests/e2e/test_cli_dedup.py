"""`clientbook dedup / merge / merge-undo / not-duplicates / quality / normalize` in a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clientbook.core import clients
from clientbook.core.clients import ClientInput
from clientbook.core.vault import Vault


def run(vault_path: Path, password: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLIENTBOOK_PASSWORD": password, "CLIENTBOOK_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "clientbook", *args, "--vault", str(vault_path)],
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def base(tmp_path: Path, password: str) -> tuple[Path, list[int]]:
    path = tmp_path / "cli.db"
    with Vault.create(path, password) as vault, vault.transaction() as s:
        ids = [clients.create_client(s, data).id for data in (
            ClientInput(last_name="Смирнов", first_name="Олег", phones=["+7 916 123-45-67"], city="Москва"),
            ClientInput(last_name="Smirnov", first_name="Oleg", phones=["8 916 1234567"], emails=["o@example.ru"]),
            ClientInput(last_name="Иванов", first_name="Иван", city="Казань", phones=["+79031112233"]),
            ClientInput(last_name="Иванов", first_name="Иван", city="Тверь", phones=["+79031112244"]),
        )]
    return path, ids


def test_dedup_merge_and_undo_from_the_command_line(base, password: str) -> None:  # type: ignore[no-untyped-def]
    path, (a, b, c, d) = base
    out = run(path, password, "dedup", "--json")
    assert out.returncode == 0, out.stderr
    pairs = json.loads(out.stdout)
    assert [(p["a"], p["b"]) for p in pairs] == [(a, b)]  # the namesakes in two cities are not paired
    assert pairs[0]["name_b"] == "Smirnov Oleg" and pairs[0]["score"] >= 80
    assert "same phone +7 916 123-45-67" in pairs[0]["reasons"]
    text_out = run(path, password, "dedup", "--min-score", "90")
    assert f"{a}\t{b}\t" in text_out.stdout and "same phone" in text_out.stdout

    merged = run(path, password, "merge", str(a), str(b), "--json")
    assert merged.returncode == 0, merged.stderr
    result = json.loads(merged.stdout)
    assert result["survivor"] == a and result["removed"] == [b]
    assert json.loads(run(path, password, "dedup", "--json").stdout) == []

    undone = run(path, password, "merge-undo", str(result["batch"]))
    assert undone.returncode == 0, undone.stderr
    assert [(p["a"], p["b"]) for p in json.loads(run(path, password, "dedup", "--json").stdout)] == [(a, b)]

    again = run(path, password, "merge-undo", str(result["batch"]))
    assert again.returncode == 1 and again.stderr.count("\n") == 1 and "cannot be undone" in again.stderr

    assert run(path, password, "not-duplicates", str(b), str(a)).returncode == 0
    assert json.loads(run(path, password, "dedup", "--json").stdout) == []


def test_merge_refuses_bad_input_with_one_line(base, password: str) -> None:  # type: ignore[no-untyped-def]
    path, (a, *_rest) = base
    out = run(path, password, "merge", str(a))
    assert out.returncode == 1 and out.stderr.strip() == "clientbook: Choose at least two different cards to merge."


def test_quality_report_as_json(base, password: str) -> None:  # type: ignore[no-untyped-def]
    path, _ = base
    out = run(path, password, "quality", "--json")
    assert out.returncode == 0, out.stderr
    rep = json.loads(out.stdout)
    assert rep["total"] == 4 and rep["invalid_phones"] == 0 and rep["without_consent"] == 4
    city = next(c for c in rep["completeness"] if c["field"] == "city")
    assert (city["filled"], city["total"], city["percent"]) == (3, 4, 75.0)
    plain = run(path, password, "quality")
    assert "Without mailing consent: 4" in plain.stdout
    norm = run(path, password, "normalize", "--json")
    assert norm.returncode == 0 and json.loads(norm.stdout)["phones_fixed"] == 0
