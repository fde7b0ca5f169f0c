"""The import's inserts on a second thread (clientbook.core.importing.write_behind) store exactly
what the driver's executemany stored — every value and its SQLite type — and a failure on that
thread rolls the whole import back like any other, on a real encrypted vault."""

from __future__ import annotations

import datetime as dt
import traceback
from pathlib import Path

import pytest
from sqlalchemy import text

from clientbook.core import audit
from clientbook.core.importing import ImportOptions, commit, run_import, write_behind
from clientbook.core.vault import Vault
from import_support import counts, write_csv

CLIENTS = ("ФИО;Телефон;Email;Город;Дата рождения;Код клиента;Согласие на рассылку;Метки;Сумма покупок;Любимый цвет\n"
           "Иванов Иван Иванович;8 916 123-45-67;ivan@mail.ru;Казань;12.03.1980;A-001;да;vip, опт;1500,50;синий\n"
           "Сидорова Анна;+7 903 000-11-22;;Тверь;;A-002;нет;;;\n"
           "ООО «Ромашка»;8 (495) 111-22-33 доб. 12;info@romashka.ru;Москва;;A-003;;опт;0;\n"
           "Котова Ёлка;123;not-an-email;;31.12.1999;;;;;зелёный\n")
SALES = ("Клиент;Телефон;Дата;Сумма;Товар\n"
         "Иванов Иван Иванович;8 916 123-45-67;01.02.2025;1500;Диван\n"
         "Сидорова Анна;+7 903 000-11-22;03.02.2025;99,90;Стул\n")
# columns that hold the moment of the run or what follows from it
TIMES = {"at", "created_at", "updated_at", "finished_at", "started_at"}
MOMENTS = TIMES | {"prev_hash", "hash", "salt", "content_hash", "new"}
TABLES = ("clients", "phones", "emails", "custom_values", "custom_fields", "consents", "client_tags", "tags",
          "purchases", "audit")


def _import_both(vault: Vault, tmp_path: Path) -> None:
    run_import(vault, write_csv(tmp_path / "clients.csv", CLIENTS))
    run_import(vault, write_csv(tmp_path / "sales.csv", SALES), ImportOptions(kind="purchases"))


def _stored(vault: Vault) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the filled tables with each value's SQLite type; the run's moments left out."""
    out: dict[str, list[tuple[object, ...]]] = {}
    with vault.engine.connect() as conn:
        for table in TABLES:
            every = [r[1] for r in conn.execute(text(f"PRAGMA table_info({table})"))]
            columns = [c for c in every if c not in MOMENTS]
            # a moment: only its type, and a time its shape (the space the driver puts before the time)
            shapes = [f'typeof("{c}")' + (f', substr("{c}", 11, 1)' if c in TIMES else "")
                      for c in every if c in MOMENTS]
            picked = ", ".join([*(f'"{c}", typeof("{c}")' for c in columns), *shapes])
            out[table] = [tuple(r) for r in conn.execute(text(f"SELECT {picked} FROM {table} ORDER BY rowid"))]
        out["client_fts"] = [tuple(r) for r in conn.execute(text(
            "SELECT rowid, names, company, contacts, emails, phones, city, tags, other FROM client_fts ORDER BY rowid"))]
    return out


def test_rows_written_on_the_second_thread_equal_the_drivers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    behind = Vault.create(tmp_path / "a" / "v.db", "pw-123456789")
    _import_both(behind, tmp_path)
    monkeypatch.setattr(commit, "statement", lambda *args: None)  # every chunk through the driver
    driver = Vault.create(tmp_path / "b" / "v.db", "pw-123456789")
    _import_both(driver, tmp_path)
    try:
        stored = _stored(behind)
        assert stored == _stored(driver)
        assert len(stored["clients"]) == 4 and len(stored["purchases"]) == 2 and stored["custom_values"]
        with behind.session() as s:
            assert audit.verify_audit_chain(s).ok
    finally:
        behind.close()
        driver.close()


def test_a_failure_on_the_writers_thread_writes_nothing(vault: Vault, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    before = counts(vault)
    real = write_behind.insert_sql

    def broken(table: str, columns: tuple[str, ...] | list[str], constant: list[bool] | None = None) -> str:
        sql = real(table, columns, constant)
        return sql.replace("audit (", "audit_missing (") if table == "audit" else sql

    monkeypatch.setattr(write_behind, "insert_sql", broken)
    rows = "".join(f"Клиент {i};+7916{i:07d}\n" for i in range(5000))
    with pytest.raises(Exception, match="audit_missing"):
        run_import(vault, write_csv(tmp_path / "many.csv", "ФИО;Телефон\n" + rows))
    assert {k: v for k, v in counts(vault).items() if k != "batches"} == \
        {k: v for k, v in before.items() if k != "batches"}
    with vault.session() as s:
        assert audit.verify_audit_chain(s).ok


def test_a_full_disk_while_the_writer_inserts_is_told_and_writes_nothing(vault: Vault, tmp_path: Path) -> None:
    """SPEC §16: the file runs out of room mid-import (SQLite's SQLITE_FULL, raised on the writer's
    thread): one "disk full" message, and the vault is as it was."""
    from sqlalchemy import event

    from clientbook.core import failures

    before = counts(vault)
    with vault.engine.connect() as conn:
        room = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0) + 40

    def cramped(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.execute(f"PRAGMA max_page_count = {room}")

    event.listen(vault.engine, "connect", cramped)
    vault.engine.dispose()
    rows = "".join(f"Клиент {i};+7916{i:07d};Город {i % 50}\n" for i in range(6000))
    with pytest.raises(Exception) as info:
        run_import(vault, write_csv(tmp_path / "many.csv", "ФИО;Телефон;Город\n" + rows))
    assert failures.cause(info.value) == failures.DISK_FULL
    assert "_run" in {f.name for f in traceback.extract_tb(info.value.__traceback__)}  # on the writer's thread
    event.remove(vault.engine, "connect", cramped)
    vault.engine.dispose()
    assert {k: v for k, v in counts(vault).items() if k != "batches"} == \
        {k: v for k, v in before.items() if k != "batches"}


@pytest.mark.parametrize("rows", [
    [(1, "a", None, True, 1.5)],  # one row: nothing is taken as constant
    [(1, "a", None, True, 1.5), (2, "a", None, True, 1.5)],  # four constant columns, one varying
    [(1, True, 1, 1.0, None), (2, 1, True, 1, "x")],  # equal values of other types are not one value
    [(1, 0.1, 1e-7, 123456789.123456, -0.0), (2, 1 / 3, 1e300, 5e-324, 2 ** 63 - 1)],  # reals exactly, big ints
    [(1, "ё\u00a0\"\\\n\t\x00", "😀", "", "'"), (2, "a", "b", "c", "d")],  # quotes, controls, NUL, emoji
    [(3, "я", dt.datetime(2026, 12, 4, 5, 6, 7, 891), dt.date(2026, 1, 2), False)] * 1 +
    [(4, "я", dt.datetime(2026, 12, 4, 5, 6, 7, 891), dt.date(2026, 1, 2), False)],  # dates bound as the driver does
])
def test_one_statement_stores_what_executemany_stores(vault: Vault, rows: list[tuple[object, ...]]) -> None:
    columns = ["a", "b", "c", "d", "e"]
    found = write_behind.statement("t_json", columns, rows)
    assert found is not None
    conn = vault.raw_connection()
    try:
        for table in ("t_json", "t_driver"):
            conn.execute(f"CREATE TABLE {table} (a, b, c, d, e)")
        conn.execute(*found)
        conn.executemany("INSERT INTO t_driver VALUES (?, ?, ?, ?, ?)", rows)
        picked = ", ".join(f"{c}, typeof({c})" for c in columns)
        assert conn.execute(f"SELECT {picked} FROM t_json").fetchall() == \
            conn.execute(f"SELECT {picked} FROM t_driver").fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("odd", [b"\x00sealed", float("inf"), float("-inf"), float("nan"), dt.time(12, 30),
                                 2 ** 64, -(2 ** 63) - 1])
def test_a_value_without_an_exact_json_form_goes_through_the_driver(odd: object) -> None:
    """Bytes, a time of day, an integer past 64 bits; and NaN or an infinity, which JSON would turn into null."""
    assert write_behind.statement("t", ["a", "b"], [(1, odd), (2, 1.5)]) is None
    assert write_behind.statement("t", ["a", "b"], [(1, odd)]) is None  # alone, not taken as a constant
    assert write_behind.statement("t", ["a", "b"], [(1, 0.5), (2, 1.5)]) is not None


@pytest.mark.parametrize("before", [0.005, 0.0002])
def test_an_import_hands_the_gil_over_quickly_and_restores_the_interval(vault: Vault, tmp_path: Path,
                                                                        before: float) -> None:
    """The writer's statements end waiting for the GIL: the import shortens Python's switch
    interval while it runs (a caller's shorter one is kept) and gives the caller's back, also on failure."""
    import sys

    seen: list[float] = []
    saved = sys.getswitchinterval()
    sys.setswitchinterval(before)
    try:
        result = run_import(vault, write_csv(tmp_path / "clients.csv", CLIENTS),
                            progress=lambda done, total: seen.append(sys.getswitchinterval()))
        after_import = sys.getswitchinterval()
        cancelled: list[float] = []
        with pytest.raises(commit.ImportCancelledError):  # cancelled once its rows are read
            run_import(vault, write_csv(tmp_path / "again.csv", CLIENTS), ImportOptions(on_duplicate="create"),
                       progress=lambda done, total: cancelled.append(sys.getswitchinterval()),
                       should_cancel=lambda: bool(cancelled))
        after_failure = sys.getswitchinterval()
    finally:
        sys.setswitchinterval(saved)
    assert result.created == 4 and seen
    assert seen + cancelled == pytest.approx([min(before, write_behind.HANDOFF_S)] * len(seen + cancelled), rel=0.05)
    assert after_import == pytest.approx(before, rel=0.05) and after_failure == pytest.approx(before, rel=0.05)
