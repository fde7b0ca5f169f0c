"""A bulk load's page cache grows with the load, within the machine's memory, and is given back."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import event

from clientbook.core import bulk_cache
from clientbook.core.importing import ImportOptions, bulk_indexes, run_import
from import_support import write_xlsx

GIB = 1024 ** 3


def test_small_loads_and_unknown_machines_keep_the_old_256_mb() -> None:
    assert bulk_cache.cache_kib(100_000, 16 * GIB) == 256 * 1024
    assert bulk_cache.cache_kib(1_000_000, None) == 256 * 1024
    assert bulk_cache.cache_kib(10, 1 * GIB) == 256 * 1024  # a tiny machine: never below what worked before


def test_a_big_load_grows_up_to_an_eighth_of_memory_and_1_gib() -> None:
    assert bulk_cache.cache_kib(1_000_000, 32 * GIB) == 1_000_000  # 1 KiB a row
    assert bulk_cache.cache_kib(5_000_000, 32 * GIB) == 1024 * 1024
    assert bulk_cache.cache_kib(1_000_000, 4 * GIB) == 512 * 1024
    assert bulk_cache.cache_kib(600_000, 16 * GIB) == 600_000


@pytest.mark.skipif(not Path("/proc/meminfo").exists(), reason="Linux: /proc/meminfo to compare with")
def test_this_machines_memory_is_read() -> None:
    line = next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal:"))
    total = int(line.split()[1]) * 1024
    memory = bulk_cache.physical_memory()
    assert memory is not None and 0.9 * total <= memory <= 1.1 * total


@pytest.mark.skipif(sys.platform == "win32", reason="the POSIX path")
def test_a_system_that_does_not_say_gives_none(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(name: str) -> int:
        raise ValueError(name)

    monkeypatch.setattr(bulk_cache.os, "sysconf", refuse)
    assert bulk_cache.physical_memory() is None


def test_an_import_loads_with_the_sized_cache_and_gives_it_back(vault, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk_indexes, "DEFER_FROM", 0)
    monkeypatch.setattr(bulk_cache, "physical_memory", lambda: 4 * GIB)
    monkeypatch.setattr(bulk_cache, "KIB_PER_ROW", 100_000)  # 300 rows "need" the 512 MB a 4 GB machine allows
    with vault.session() as s:
        normal = s.connection().exec_driver_sql("PRAGMA cache_size").scalar()
    pragmas: list[str] = []
    event.listen(vault.engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_a: pragmas.append(statement) if "cache_size =" in statement else None)
    rows = [["Фамилия", "Имя", "Телефон"]] + [[f"Фамилия{i}", "Имя", f"+7916{i:07d}"] for i in range(300)]
    assert run_import(vault, write_xlsx(tmp_path / "a.xlsx", rows), ImportOptions()).created == 300
    assert pragmas == [f"PRAGMA cache_size = -{512 * 1024}", f"PRAGMA cache_size = {normal}"]
    with vault.session() as s:  # the pooled connection is back to the vault's own cache
        assert s.connection().exec_driver_sql("PRAGMA cache_size").scalar() == normal


def test_a_cancelled_demo_fill_gives_the_cache_back(vault, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from clientbook.core import demo
    from clientbook.core.errors import KnownError

    monkeypatch.setattr(bulk_cache, "physical_memory", lambda: 4 * GIB)
    with vault.session() as s:
        normal = s.connection().exec_driver_sql("PRAGMA cache_size").scalar()
    pragmas: list[str] = []
    event.listen(vault.engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_a: pragmas.append(statement) if "cache_size =" in statement else None)
    seen: list[int] = []
    with pytest.raises(KnownError):
        demo.fill_vault(vault, 3 * demo.CHUNK, progress=lambda done, total: seen.append(done),
                        should_cancel=lambda: bool(seen))
    assert seen == [demo.CHUNK]
    assert pragmas == [f"PRAGMA cache_size = -{256 * 1024}", f"PRAGMA cache_size = {normal}"]
    with vault.session() as s:
        assert s.connection().exec_driver_sql("PRAGMA cache_size").scalar() == normal
