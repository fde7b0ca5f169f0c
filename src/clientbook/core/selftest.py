"""The core half of `clientbook --self-test`: what a user's first minutes do, on a throwaway vault.

The bundle build runs it in the freshly built executable, so it goes through the real files the
bundle must carry: SQLCipher, the Alembic migrations, the search index, the backup engine. Each
step raises `SelfTestFailed` with what went wrong; nothing outside `folder` is touched.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path

from clientbook.core import backup, clients, migrate, search
from clientbook.core.clients import ClientInput
from clientbook.core.messages import Message, register
from clientbook.core.paths import VAULT_FILE_NAME
from clientbook.core.vault import Vault

register({
    "selftest_vault": {"ru": "Временная зашифрованная база создана, схема {revision}",
                       "en": "Temporary encrypted vault created, schema {revision}"},
    "selftest_client": {"ru": "Клиент создан и найден поиском по фамилии и части телефона",
                        "en": "Client created and found by surname and by part of the phone"},
    "selftest_backup": {"ru": "Резервная копия создана и проверена ({name})",
                        "en": "Backup made and verified ({name})"},
    "selftest_failed": {"ru": "Самопроверка не пройдена: {step}: {detail}",
                        "en": "Self-test failed: {step}: {detail}"},
})

Say = Callable[[Message], None]
SAMPLE = ClientInput(last_name="Проверкина", first_name="Алёна", city="Тверь",
                     phones=["+7 916 765-43-21"], emails=["alena@example.org"])


class SelfTestFailed(Exception):  # noqa: N818  (read as "the self-test failed")
    def __init__(self, step: str, detail: str) -> None:
        self.step = step
        self.detail = detail
        super().__init__(f"{step}: {detail}")

    @property
    def message(self) -> Message:
        return Message("selftest_failed", {"step": self.step, "detail": self.detail})


def _check(condition: bool, step: str, detail: str) -> None:
    if not condition:
        raise SelfTestFailed(step, detail)


def run_core(folder: Path, say: Say) -> Vault:
    """Create a vault in `folder`, add a client, find it, back up and verify; returns the open vault."""
    vault = Vault.create(folder / VAULT_FILE_NAME, secrets.token_urlsafe(18), actor="self-test")
    try:
        revision = migrate.current_revision(vault)
        _check(revision == migrate.head_revision(), "migrations", f"schema {revision}, expected the head")
        say(Message("selftest_vault", {"revision": revision}))

        with vault.transaction() as session:
            client_id = clients.create_client(session, SAMPLE).id
        with vault.session() as session:
            by_name = search.search_ids(session, "проверкина")
            by_phone = search.search_ids(session, "765-43")
        _check(by_name == [client_id], "search", f"by surname found {by_name}")
        _check(by_phone == [client_id], "search", f"by phone found {by_phone}")
        say(Message("selftest_client"))

        made = backup.make_backup(vault, "manual", prune=False)
        checked = backup.verify_backup(made.path, vault.raw_key)
        _check(checked.ok, "backup", "; ".join(checked.problems) or "not verified")
        _check(checked.counts.get("clients") == 1, "backup", f"clients in the backup: {checked.counts.get('clients')}")
        say(Message("selftest_backup", {"name": made.path.name}))
    except BaseException:
        vault.close()
        raise
    return vault
