"""A write on an impatient thread (the desktop's GUI thread) does not wait for another thread's long
write: it raises VaultBusy, in the user's language, and writes nothing; every other thread waits
as before. On a real encrypted vault, with a real import holding the write lock."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from clientbook.core import write_waits
from clientbook.core.errors import VaultBusy
from clientbook.core.importing import run_import
from clientbook.core.vault import Vault
from import_support import write_csv


@pytest.fixture
def impatient() -> Iterator[None]:
    write_waits.be_impatient(threading.current_thread(), 0.05)
    try:
        yield
    finally:
        write_waits.be_impatient(threading.current_thread(), None)


def _notes(vault: Vault, note: str) -> None:
    with vault.transaction() as session:
        session.execute(text("UPDATE clients SET notes = :n"), {"n": note})


def _stored_notes(vault: Vault) -> set[str | None]:
    with vault.session() as session:
        return set(session.scalars(text("SELECT notes FROM clients")))


def _held(vault: Vault) -> tuple[threading.Thread, threading.Event, threading.Event]:
    """A worker inside a write transaction until `release` is set."""
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        with vault.transaction() as session:
            session.execute(text("UPDATE clients SET city = 'Тверь'"))
            inside.set()
            release.wait(30)

    worker = threading.Thread(target=hold)
    worker.start()
    assert inside.wait(30)
    return worker, inside, release


def test_an_impatient_write_refuses_while_another_thread_writes(vault: Vault, tmp_path: Path, impatient: None) -> None:
    run_import(vault, write_csv(tmp_path / "c.csv", "ФИО;Телефон\nИванов Иван;+7 916 123-45-67\n"))
    worker, _inside, release = _held(vault)
    try:
        with pytest.raises(VaultBusy) as info:
            _notes(vault, "во время импорта")
        assert vault.path.name in info.value.text("ru") and "занята" in info.value.text("ru")
        assert "busy" in info.value.text("en")
        with pytest.raises(VaultBusy):
            vault.change_password("другой-пароль-123")
    finally:
        release.set()
        worker.join()
    assert _stored_notes(vault) == {None}  # nothing of the refused write
    _notes(vault, "после импорта")  # the lock is free: the same write goes through
    assert _stored_notes(vault) == {"после импорта"}
    with vault.transaction(), vault.transaction() as session:  # its own lock again: no wait, no refusal
        session.execute(text("UPDATE clients SET notes = 'вложенная'"))
    assert _stored_notes(vault) == {"вложенная"}


def test_a_restore_point_on_an_impatient_thread_refuses_too(vault: Vault, tmp_path: Path, impatient: None) -> None:
    """A destructive operation begun there (a bulk edit) would first make one: it copies under the
    same lock, so it says busy instead of freezing the window, and leaves no half-made copy."""
    from clientbook.core.backup import list_backups
    from clientbook.core.paths import default_backup_dir
    from clientbook.core.restore_points import restore_point_before

    run_import(vault, write_csv(tmp_path / "c.csv", "ФИО;Телефон\nИванов Иван;+7 916 123-45-67\n"))
    before = [b.file for b in list_backups(vault)]
    folders = (vault.path.parent, default_backup_dir(vault.path))
    files = {f for folder in folders if folder.is_dir() for f in folder.rglob("*")}
    worker, _inside, release = _held(vault)
    try:
        with pytest.raises(VaultBusy):
            restore_point_before(vault, "bulk_edit")
    finally:
        release.set()
        worker.join()
    assert [b.file for b in list_backups(vault)] == before
    assert {f for folder in folders if folder.is_dir() for f in folder.rglob("*")} == files
    assert restore_point_before(vault, "bulk_edit").exists()  # free again: made as before


def test_other_threads_still_wait_for_the_writer(vault: Vault, tmp_path: Path, impatient: None) -> None:
    run_import(vault, write_csv(tmp_path / "c.csv", "ФИО;Телефон\nИванов Иван;+7 916 123-45-67\n"))
    worker, _inside, release = _held(vault)
    done: list[str] = []
    patient = threading.Thread(target=lambda: (_notes(vault, "дождался"), done.append("yes")))
    patient.start()
    patient.join(0.3)  # it waits for the writer; it neither fails nor goes ahead of it
    assert patient.is_alive() and done == []
    release.set()
    worker.join()
    patient.join(30)
    assert done == ["yes"] and _stored_notes(vault) == {"дождался"}


def test_a_real_import_on_a_worker_refuses_the_impatient_write(vault: Vault, tmp_path: Path, impatient: None) -> None:
    """The case that froze the window: the wizard's import holds the vault for its whole file."""
    rows = "".join(f"Клиент{i} Тестовый;+7916{i:07d}\n" for i in range(3000))
    path = write_csv(tmp_path / "big.csv", "ФИО;Телефон\n" + rows)
    reading, go_on = threading.Event(), threading.Event()

    def progress(done: int, total: int) -> None:
        reading.set()
        go_on.wait(30)

    importer = threading.Thread(target=lambda: run_import(vault, path, progress=progress))
    importer.start()
    assert reading.wait(60)
    try:
        with pytest.raises(VaultBusy):
            _notes(vault, "во время импорта")
    finally:
        go_on.set()
        importer.join(120)
    assert len(_stored_notes(vault)) == 1 and _stored_notes(vault) == {None}


def test_patience_is_per_thread_and_can_be_withdrawn(impatient: None) -> None:
    assert write_waits.patience() == 0.05
    seen: list[float | None] = []
    other = threading.Thread(target=lambda: seen.append(write_waits.patience()))
    other.start()
    other.join()
    assert seen == [None]
    write_waits.be_impatient(threading.current_thread(), None)
    assert write_waits.patience() is None
