"""Shared test set-up: headless Qt, an in-memory keyring, and real encrypted vaults in tmp_path."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CLIENTBOOK_LANG", "en")
os.environ["CLIENTBOOK_USER"] = "tester"

import keyring  # noqa: E402
import keyring.backend  # noqa: E402
import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "tests"))

PASSWORD = "Тест-пароль 1"


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A real keyring backend that keeps secrets in memory, so no test touches the OS wallet."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("CLIENTBOOK_DATA_DIR", str(data))
    return data


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def vault(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A fresh, empty, real encrypted vault."""
    from clientbook.core.vault import Vault

    v = Vault.create(tmp_path / "vault" / "clientbook.db", PASSWORD)
    yield v
    v.close()


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.exists():
        pytest.skip("../shared/data is not beside the repository")
    return SHARED_DATA
