"""The wizard's readings of one workbook share its parsed sheet; a file saved again is read anew."""

from __future__ import annotations

import os
from pathlib import Path

from clientbook.core.importing import ImportOptions, analyze, run_import
from clientbook.core.importing.readers import KeptSheet
from import_support import write_xlsx

HEADER = ["ФИО", "Телефон", "Город"]


def _rows(n: int) -> list[list[object]]:
    return [HEADER] + [[f"Клиентов{i} Иван", f"+7 916 000-{i // 100:02d}-{i % 100:02d}", "Тверь"] for i in range(n)]


def _parsed(kept: KeptSheet, path: Path) -> object:
    analysis = analyze(path, kept=kept)
    try:
        return analysis.source._sheets[analysis.sheet]  # type: ignore[union-attr]  # noqa: SLF001
    finally:
        analysis.close()


def test_one_parse_for_every_reading_until_the_file_changes(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(tmp_path / "clients.xlsx", _rows(30))
    kept = KeptSheet()
    first = _parsed(kept, path)
    assert _parsed(kept, path) is first  # closed and opened again: the same parsed sheet
    dry = run_import(vault, path, ImportOptions(), dry_run=True, kept=kept)
    assert dry.created == 30 and _parsed(kept, path) is first
    write_xlsx(path, _rows(31))  # saved again (the size or the time differs)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    real = run_import(vault, path, ImportOptions(), kept=kept)
    assert real.created == 31  # what the file holds now, not the kept sheet
    again = _parsed(kept, path)
    assert again is not first
    kept.clear()
    assert _parsed(kept, path) is not again


def test_readings_with_and_without_a_kept_sheet_agree(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(tmp_path / "clients.xlsx", _rows(40) + [["", "не телефон", ""]])
    kept = KeptSheet()
    _parsed(kept, path)
    with_kept = run_import(vault, path, ImportOptions(), dry_run=True, kept=kept)
    without = run_import(vault, path, ImportOptions(), dry_run=True)
    assert with_kept.totals() == without.totals() and with_kept.created == 40
    assert [(o.row_no, o.status) for o in with_kept.outcomes] == [(o.row_no, o.status) for o in without.outcomes]
