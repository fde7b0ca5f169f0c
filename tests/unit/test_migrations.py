"""Schema migrations: the frozen fixture vault of revision 0001 opens and is brought to head; a vault
from a newer version is refused untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from clientbook.core import audit, opening, search
from clientbook.core import clients as svc
from clientbook.core import models as m
from clientbook.core.errors import VaultTooNew
from clientbook.core.migrate import current_revision, head_revision
from clientbook.core.vault import Vault

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FIXTURE_0001 = FIXTURES / "vault-0001.db"
FIXTURE_PASSWORD = "Фикстура-0001 пароль"


@pytest.fixture
def fixture_copy(tmp_path: Path) -> Path:
    target = tmp_path / "vault-0001.db"
    shutil.copyfile(FIXTURE_0001, target)
    return target


def test_fixture_vault_opens_at_head_with_its_data(fixture_copy: Path) -> None:
    with opening.open_vault(fixture_copy, FIXTURE_PASSWORD) as vault:
        assert current_revision(vault) == head_revision()
        assert vault.check_file().ok, vault.check_file().problems
        with vault.session() as s:
            names = list(s.scalars(select(m.Client.display_name).order_by(m.Client.id)))
            assert names == ["Орлов Пётр Семёнович", "ООО «Ромашка»", "Smith John"]
            orlov_id, romashka_id, smith_id = s.scalars(select(m.Client.id).order_by(m.Client.id))
            orlov = svc.get_client(s, orlov_id)
            assert [(p.e164, p.extension) for p in orlov.phones] == [("+79161234567", None), ("+74852304050", "12")]
            assert [t.name for t in orlov.tags] == ["VIP", "Опт"]
            assert svc.to_input(orlov).custom == {"size": "M"}
            assert (orlov.birth_day, orlov.birth_month, orlov.birth_year) == (1, 4, 1985)
            romashka = svc.get_client(s, romashka_id)
            assert romashka.inn == "7707083893"
            assert [(c.last_name, c.birth_day, c.birth_month) for c in romashka.contacts] == [
                ("Ёлкина", 29, 2), ("Кузнецов", None, None)]
            assert s.scalar(select(func.count(m.Interaction.id))) == 3
            assert s.scalar(select(func.sum(m.Purchase.amount_minor))) == 1_250_000 + 123_456
            assert s.scalar(select(func.count(m.Consent.id))) == 2
            assert svc.get_client(s, smith_id).archived
            assert search.search_ids(s, "елкина") == [romashka_id]
            assert search.search_ids(s, "916 123") == [orlov_id]
            assert audit.verify_audit_chain(s).ok
            assert set(s.scalars(select(m.AuditEntry.actor))) == {"fixture"}


def test_fixture_vault_takes_new_changes(fixture_copy: Path) -> None:
    with opening.open_vault(fixture_copy, FIXTURE_PASSWORD) as vault, vault.transaction() as s:
        svc.create_client(s, svc.ClientInput(last_name="Новиков", phones=["+7 916 000-00-09"]))
    with opening.open_vault(fixture_copy, FIXTURE_PASSWORD) as vault, vault.session() as s:
        assert s.scalar(select(func.count(m.Client.id))) == 4
        assert audit.verify_audit_chain(s).ok


def test_fixture_file_itself_is_untouched_by_the_tests() -> None:
    """The frozen file must not be opened in place (that would change it)."""
    assert FIXTURE_0001.stat().st_size > 0
    assert not Path(str(FIXTURE_0001) + "-wal").exists()
    assert FIXTURE_0001.read_bytes()[:16] != b"SQLite format 3\x00"


def test_vault_from_a_newer_version_is_refused_untouched(tmp_path: Path, password: str) -> None:
    path = tmp_path / "v.db"
    with Vault.create(path, password) as vault:
        conn = vault.raw_connection()
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
        conn.close()
    before = path.read_bytes(), path.stat().st_mtime_ns
    with pytest.raises(VaultTooNew) as info:
        opening.open_vault(path, password)
    assert "более новой версией" in info.value.text("ru") and "не изменён" in info.value.text("ru")
    assert "newer version" in info.value.text("en") and "not changed" in info.value.text("en")
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert not list(tmp_path.rglob("*backup*")), "no restore point is made for a vault we refuse"
    with pytest.raises(VaultTooNew):  # the lock was released
        opening.open_vault(path, password)


def test_0003_keeps_a_chain_that_was_already_broken_broken(fixture_copy: Path) -> None:
    """Converting the chain to salted content hashes must not launder an entry edited before."""
    with Vault.open(fixture_copy, FIXTURE_PASSWORD) as vault:  # as it is: Vault.open never migrates
        conn = vault.raw_connection()
        third = conn.execute("SELECT id FROM audit ORDER BY id LIMIT 1 OFFSET 2").fetchone()[0]
        conn.execute("UPDATE audit SET new = 'подделка' WHERE id = ?", (third,))
        conn.commit()
        conn.close()
    with opening.open_vault(fixture_copy, FIXTURE_PASSWORD) as vault, vault.session() as s:
        assert current_revision(vault) == head_revision()
        check = audit.verify_audit_chain(s)
        assert not check.ok and check.first_bad_id == third
        assert s.scalar(select(func.count()).where(m.AuditEntry.salt.is_(None))) == 0
