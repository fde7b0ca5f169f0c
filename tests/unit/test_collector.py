"""An import runs with the collector's short-pause thresholds and gives the caller's back, on a real vault."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from clientbook.core import collector
from clientbook.core.importing import run_import
from import_support import write_csv


@pytest.mark.parametrize("before", [(700, 10, 10), (50_000, 50, 1000), (0, 10, 10)])
def test_an_import_collects_in_short_pauses_and_restores_the_thresholds(vault, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                        before: tuple[int, int, int]) -> None:
    path = write_csv(tmp_path / "clients.csv", "ФИО;Телефон\n" + "".join(
        f"Клиент{i} Тестовый;+7 916 000-{i // 100:02d}-{i % 100:02d}\n" for i in range(50)))
    seen: list[tuple[int, int, int]] = []
    saved = gc.get_threshold()
    gc.set_threshold(*before)
    try:
        result = run_import(vault, path, progress=lambda done, total: seen.append(gc.get_threshold()))
        after = gc.get_threshold()
    finally:
        gc.set_threshold(*saved)
    assert result.created == 50 and seen
    if before[0]:  # the middle generation is walked after 3 young collections, not 10 or 50
        assert set(seen) == {(max(before[0], 25_000), 3, max(before[2], 10_000))}
        assert before[0] > 25_000 or set(seen) == {collector.THRESHOLDS}  # a caller's larger youngest kept
    else:  # a caller that turned automatic collection off keeps it off
        assert set(seen) == {before}
    assert after == before


def test_let_go_empties_lists_dicts_and_sets_of_any_size() -> None:
    n = 2 * collector.FREE_SLICE + 7  # more than one slice, and a partial one
    items, keys, seen = list(range(n)), {f"+7916{i:07d}": [i] for i in range(n)}, set(range(n))
    small: dict[str, int] = {"a": 1}
    collector.let_go(items, keys, seen, small, [], {}, set())
    assert items == [] and keys == {} and seen == set() and small == {}
