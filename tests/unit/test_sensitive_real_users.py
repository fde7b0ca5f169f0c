"""#15.4 with the real users of #15.1 (keyslots, roles, the sensitive key wrapped for those allowed):
a manager without `see_sensitive` opens the vault with their own password and cannot read, find,
segment or export a sensitive value; one with it reads it; the decrypted pages hold only ciphertext."""

from __future__ import annotations

from pathlib import Path

import pytest

from clientbook.core import clients as svc
from clientbook.core import customfields, segments, sensitive
from clientbook.core.clients import ClientInput
from clientbook.core.errors import KnownError
from clientbook.core.exporting import ExportSpec, export_clients
from clientbook.core.vault import Vault
from privacy_support import decrypted_pages, forms

users = pytest.importorskip("clientbook.core.users")
opening = pytest.importorskip("clientbook.core.opening")

SECRET = "Шизофренияпалтус"
INN = "7707083893"
IVAN, ANNA = ("Ivan", "Иван-пароль 12345"), ("Anna", "Анна-пароль 67890")


def _setup(vault: Vault, password: str) -> tuple[Path, int]:
    with vault.transaction() as s:
        customfields.define_field(s, "Диагноз", sensitive=True)
        cid = svc.create_client(s, ClientInput(last_name="Петров", inn=INN, custom={"диагноз": SECRET})).id
        sensitive.set_marked_builtins(s, ["inn"])
    users.add_user(vault, IVAN[0], IVAN[1], "manager", owner_password=password)
    users.add_user(vault, ANNA[0], ANNA[1], "manager", {"edit", "export", "see_sensitive"}, owner_password=password)
    path = vault.path
    vault.close()
    return path, cid


def test_only_users_allowed_read_a_sensitive_value(vault: Vault, password: str, tmp_path: Path) -> None:
    path, cid = _setup(vault, password)
    ivan = opening.open_vault(path, IVAN[1], user=IVAN[0], remembered=False)
    try:
        assert ivan.sensitive_key is None
        with ivan.session() as s:
            card = svc.to_input(svc.get_client(s, cid))
            assert "диагноз" not in card.custom and card.inn is None and "custom.диагноз" in card.hidden
            with pytest.raises(KnownError):
                segments.count_segment(s, {"group": "and", "items": [
                    {"kind": "custom", "field": "диагноз", "op": "contains", "value": "шизо"}]})
        export_clients(ivan, tmp_path / "ivan.csv", ExportSpec(format="csv", preset="full", include_sensitive=True))
        written = (tmp_path / "ivan.csv").read_bytes()
        assert "Петров".encode() in written
        assert not any(f in written for f in forms(SECRET) + forms(INN))
        key = ivan.raw_key
    finally:
        ivan.close()
    pages = decrypted_pages(path, key)
    assert any("Петров".encode() in p for p in pages), "decryption works"
    assert not any(f in p for p in pages for f in forms(SECRET))

    anna = opening.open_vault(path, ANNA[1], user=ANNA[0], remembered=False)
    try:
        with anna.session() as s:
            assert svc.to_input(svc.get_client(s, cid)).custom["диагноз"] == SECRET
            assert segments.count_segment(s, {"group": "and", "items": [
                {"kind": "custom", "field": "диагноз", "op": "contains", "value": "шизо"}]}) == 1
        export_clients(anna, tmp_path / "anna.csv", ExportSpec(format="csv", preset="full", include_sensitive=True))
        assert SECRET.encode() in (tmp_path / "anna.csv").read_bytes()
    finally:
        anna.close()
