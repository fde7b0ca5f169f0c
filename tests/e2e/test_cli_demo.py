"""`clientbook demo` in a subprocess: a new, realistic, reproducible demo base; never over a file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from clientbook.core import models as m
from clientbook.core.audit import verify_audit_chain
from clientbook.core.vault import Vault

PASSWORD = "демо-пароль"


def run(*args: str, data_dir: Path, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLIENTBOOK_")}
    env.update({"CLIENTBOOK_DATA_DIR": str(data_dir), "CLIENTBOOK_LANG": lang, "CLIENTBOOK_PASSWORD": PASSWORD})
    return subprocess.run([sys.executable, "-m", "clientbook", *args], env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=300)


def test_demo_creates_a_filled_vault_that_stats_and_search_see(tmp_path: Path) -> None:
    made = run("demo", "--clients", "80", "--seed", "4", data_dir=tmp_path, lang="ru")
    assert made.returncode == 0, made.stderr
    assert "Демо-база создана" in made.stdout and "клиентов: 80" in made.stdout
    stats = json.loads(run("stats", "--json", data_dir=tmp_path).stdout)
    assert stats["clients"] == 80 and stats["interactions"] > 150 and stats["purchases"] > 80
    assert stats["contact_persons"] > 10 and stats["consents"] > 30 and stats["audit_entries"] == 80
    with Vault.open(tmp_path / "clientbook.db", PASSWORD) as vault, vault.session() as s:
        last_name = s.scalar(select(m.Client.last_name).where(m.Client.kind == "person", m.Client.archived.is_(False))
                             .order_by(m.Client.id))
        assert verify_audit_chain(s).ok
        assert s.scalar(select(func.count()).where(m.Client.debtor.is_(True)))
    found = json.loads(run("search", last_name.lower(), "--json", data_dir=tmp_path).stdout)
    assert any(r["name"].startswith(last_name) for r in found)
    assert run("check", data_dir=tmp_path).returncode == 0


def test_same_seed_same_people_via_the_cli(tmp_path: Path) -> None:
    outputs = []
    for folder in ("one", "two"):
        assert run("demo", "--clients", "50", "--seed", "9", data_dir=tmp_path / folder).returncode == 0
        with Vault.open(tmp_path / folder / "clientbook.db", PASSWORD) as vault, vault.session() as s:
            outputs.append(list(s.scalars(select(m.Client.display_name).order_by(m.Client.id))))
    assert outputs[0] == outputs[1] and len(outputs[0]) == 50


def test_demo_refuses_an_existing_file_and_leaves_it_alone(tmp_path: Path) -> None:
    assert run("init", data_dir=tmp_path).returncode == 0
    vault_file = tmp_path / "clientbook.db"
    before = vault_file.read_bytes()
    refused = run("demo", "--clients", "50", data_dir=tmp_path)
    assert refused.returncode != 0
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and "already exists" in lines[0] and "Traceback" not in refused.stderr
    assert vault_file.read_bytes() == before
    bad_size = run("demo", "--clients", "0", "--vault", str(tmp_path / "other.db"), data_dir=tmp_path)
    assert bad_size.returncode != 0 and len(bad_size.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "other.db").exists()
